"""Synthetic corpora N times the seeds' size, for benchmarks and scale tests (`policyapi synth`).

Why: five real documents cannot show how the build, the store and the service behave at 100x
or 1000x, and thousands of real ones are not ours to ship. These documents are of the seeds'
kinds (provincial implementation opinions, city action plans, city news, analyses), about
other provinces and cities of the gazetteer, with other departments and numbers, and they go
through the real compiler unchanged. Half of the policies and plans are Chinese, in the layouts
Chinese governments publish (see `chinese_document`). Same scale and seed, same bytes: document i
draws from its own ``random.Random`` seeded by (seed, i), so a smaller corpus is a prefix of a
larger one. `generate` returns what it wrote (outline, measures, unit lists and their leads,
issuers, figures, places), which tests hold the compiler's output against.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
import re
from decimal import Decimal
from pathlib import Path

import msgspec

from policyapi import gazetteer
from policyapi.errors import PolicyAPIError
from policyapi.models import City, Province

__all__ = ["SEED_BYTES", "SynthDocument", "SynthFigure", "SynthList", "SynthMeasure", "SynthSection", "SynthUnit",
           "chinese_document", "document", "generate"]

SEED_BYTES = 33_490  # the five seeds' *.txt bytes: scale 1 writes about this much text
_CYCLE = ("policy", "news", "analysis", "plan", "headline")  # one of each per ~5 documents, like the seeds


class SynthFigure(msgspec.Struct, frozen=True):
    quote: str  # as written (in a Traditional document, in Traditional script)
    value: float
    unit: str
    comparator: str
    year: int | None
    kind: str
    measure: int | None  # ordinal (position in the document, from 1) of the measure it is written in


class SynthUnit(msgspec.Struct, frozen=True):
    name: str  # as written in the unit list (or the header, for an issuer), lead marks left out
    # The unit it names, "<jurisdiction code>:<identity>": every spelling of one body shares it
    # ("省科技厅", "科技厅", "湖南省科技厅" and "省科技廳" are "430000:科技厅").
    key: str
    is_lead: bool = False  # by its list's lead rule


class SynthList(msgspec.Struct, frozen=True):
    """One responsible-unit list of a measure."""

    lead_rule: str  # "first", "labelled", "marked", "before_first_comma" (ResponsibilityList.lead_rule)
    units: tuple[SynthUnit, ...]


class SynthSection(msgspec.Struct, frozen=True):
    """One section of a document's outline, in text order (Section)."""

    depth: int
    marker: str  # as written: "一、", "（三）", "第二章", "1.", "(4)"; "" for a labelled item
    title: str  # as written
    role: str  # "chapter", "group", "measure", "other"


class SynthMeasure(msgspec.Struct, frozen=True):
    number: int  # as printed; it may restart in every chapter
    chapter: int | None  # printed number of its top-level section (None when it is one itself)
    chapter_marker: str | None
    chapter_title: str | None
    group: str | None  # title of the section between its chapter and itself, if any
    title: str
    lists: tuple[SynthList, ...]
    scenarios: tuple[str, ...]
    places: tuple[str, ...]  # codes, in order of first mention (not those inside organisations' names)

    @property
    def units(self) -> tuple[SynthUnit, ...]:
        return tuple(u for lst in self.lists for u in lst.units)


class SynthDocument(msgspec.Struct, frozen=True):
    """One written document and what a correct compiler reads from it."""

    id: str
    kind: str
    language: str  # "en" or "zh"
    layout: tuple[str, ...]  # the layout choices it was written with ("notice", "chapters-cn", "traditional" ...)
    sidecar: bool
    title: str
    plan_title: str | None
    jurisdiction: str
    published: dt.date | None
    date_written: str | None
    publisher: str | None
    issuer: str | None
    issuers: tuple[SynthUnit, ...]  # the issuing bodies the text names (table issuers)
    number: str | None
    outline: tuple[SynthSection, ...]
    measures: tuple[SynthMeasure, ...]
    figures: tuple[SynthFigure, ...]  # in text order
    places: tuple[str, ...]  # every code named in the cleaned text, sorted
    bytes: int

    @property
    def chapters(self) -> tuple[str, ...]:
        """Titles of the top-level sections."""
        return tuple(s.title for s in self.outline if s.depth == 1)


# ---------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------

# Province code -> document-number prefix ("E" in "Ezhengbanfa"); also the provinces used.
_ABBR = dict(zip(
    "130000 140000 150000 210000 220000 230000 320000 330000 340000 350000 360000 370000 410000 420000 "
    "430000 440000 450000 460000 510000 520000 530000 540000 610000 620000 630000 640000 650000".split(),
    "Ji Jin Nei Liao Ji Hei Su Zhe Wan Min Gan Lu Yu E Xiang Yue Gui Qiong Chuan Qian Yun Zang Shaan Gan "
    "Qing Ning Xin".split()))
_REGIONS = {"150000": "Inner Mongolia Autonomous Region", "450000": "Guangxi Zhuang Autonomous Region",
            "540000": "Tibet Autonomous Region", "640000": "Ningxia Hui Autonomous Region",
            "650000": "Xinjiang Uygur Autonomous Region"}
_HUBS = ("110000", "310000", "440300", "440100", "330100", "510100", "420100")  # named in news as peers
_MONTHS = "January February March April May June July August September October November December".split()

_FIELDS = (
    "large models", "intelligent chips", "embodied intelligence", "humanoid robots", "autonomous driving",
    "intelligent terminals", "industrial software", "machine vision", "speech recognition",
    "brain-computer interfaces", "low-altitude flight", "intelligent connected vehicles", "smart sensors",
    "data annotation", "vector databases", "multimodal interaction", "edge computing", "optical chips",
    "AI agents", "advanced storage", "computing power scheduling", "digital twins", "smart wearables",
    "industrial robots",
)
_GENERIC = (
    "Focus on {0}, {1} and {2}, and promote the iterative upgrading of products and services.",
    "Encourage leading enterprises to open up their supply chains and build industrial ecosystems around {0} and {1}.",
    "Support universities and research institutes to carry out joint research on {0} and {1}, forming a batch of "
    "original achievements.",
    "Establish files and cards for key enterprises in {0}, and provide full-cycle services from incubation to listing.",
    "Strengthen the coordination of resources such as data, computing power, electricity and networks for {0}.",
    "Promote the application of {0} in government services, industrial manufacturing and urban governance.",
    "Improve the standard system for {0}, and encourage enterprises to take part in formulating industry standards.",
    "Build public service platforms for the testing, verification and certification of {0}.",
    "Guide social capital to invest early, small and long term in {0} and {1}.",
    "Explore inclusive and prudent supervision of {0}, and prevent risks such as algorithm discrimination and "
    "data leakage.",
    "Deepen cooperation between industry, universities and research institutes in {0}, and accelerate the "
    "transformation of scientific and technological achievements.",
    "Create a batch of demonstration projects for {0}, and summarize and promote replicable experience.",
    "Carry out special actions for {0}, and solve bottlenecks in key links of the industrial chain.",
    "Optimize the layout of industrial parks for {0}, and avoid homogeneous competition between regions.",
    "Encourage enterprises to release open scenarios in {0}, and match supply and demand on a regular basis.",
    "Strengthen the protection of intellectual property in {0}, and improve the mechanism for sharing benefits.",
    "Promote the integrated development of {0} and {1}, and cultivate new formats and new models.",
    "Accelerate the construction of pilot and verification bases for {0}, and shorten the cycle from laboratory "
    "to market.",
)
_PLACE_SENTENCES = (
    "Support {0} to build a national artificial intelligence innovation and application pilot zone.",
    "Encourage {0}, {1} and other places to accelerate the construction of intelligent connected vehicle testing "
    "demonstration zones.",
    "Support {0} and {1} to build distinctive industrial parks according to local conditions.",
)
# (chapter titles to choose from, (measure title, lead unit keys) ...); None marks the scenario chapter.
_CHAPTERS = (
    (("Breakthrough key core technologies", "Strengthen original innovation", "Tackle key core technologies"), (
        ("Promote the clustering and tackling of advantageous fields", ("sci", "drc")),
        ("Break through key common technologies", ("sci",)),
        ("Promote the deep integration of technological innovation and industrial innovation", ("iit", "sci")),
        ("Build high-level innovation platforms", ("sci", "drc")),
        ("Strengthen the open source ecosystem", ("iit", "data")))),
    (("Cultivate and strengthen the industrial level", "Grow the artificial intelligence industry",
      "Build a modern industrial system"), (
        ("Cultivate and strengthen leading enterprises", ("iit", "drc")),
        ("Develop key enterprises through hierarchical cultivation", ("iit", "com")),
        ("Promote the development of industrial agglomeration", ("iit", "drc")),
        ("Attract major projects and investment", ("com", "drc")),
        ("Support the growth of specialized small and medium enterprises", ("iit", "fin")))),
    (("Consolidate the support of fundamental elements", "Strengthen data and computing foundations"), (
        ("Enhance data supply capability", ("data", "iit")),
        ("Consolidate the collaborative foundation of the computing network", ("comms", "drc", "data")),
        ("Improve green power supply for computing", ("energy", "drc")),
        ("Build a smart application and security supervision service platform", ("iit", "cac")))),
    (("Creating inclusive application scenarios", "Expand application scenarios",
      'Deepen the "Artificial Intelligence+" action'), None),
    (("Create a first-class innovation ecosystem", "Optimize the development environment",
      "Strengthen safeguard measures"), (
        ("Establish a mechanism for promoting emerging industries", ("iit", "rel")),
        ("Expand channels for talent cultivation", ("org", "edu", "hrss")),
        ("Deepen the reform of science and technology finance", ("lfb", "fin", "pboc")),
        ("Create an atmosphere of innovative development", ("iit", "fao")),
        ("Strengthen safety governance", ("cac", "police")))),
)
# Scenario measures: (title, lead unit keys, (scenario, body) ...).
_SCENARIOS = (
    ("Empowering economic development and boosting momentum", ("iit", "drc"), (
        ("scientific research", "Accelerate the exploration of new research paradigms driven by artificial "
                                "intelligence and promote the coordinated development of research and engineering."),
        ("manufacturing", "Accelerate the application of AI in design, pilot testing, production and operation, and "
                          "build a batch of unmanned factories and digital twin factories."),
        ("agriculture", "Promote the application of artificial intelligence in planting, pest monitoring and "
                        "livestock breeding, and develop smart agricultural machinery and agricultural drones."),
        ("modern service industry", "Accelerate the evolution of the service industry towards intelligent driven "
                                    "new service modes."),
        ("logistics", "Promote intelligent warehousing, unmanned delivery and smart port scheduling."),
        ("energy", "Promote intelligent dispatching of power grids and the forecasting of new energy output."))),
    ("Empowering social governance to enhance efficiency", ("data", "police"), (
        ("government affairs", 'Deepen the optimization of the integrated government service platform around '
                               '"efficiently accomplishing one thing".'),
        ("security governance", "Strengthen the application of artificial intelligence in safety production "
                                "supervision, disaster prevention and public safety warning."),
        ("ecological governance", "Enhance AI driven monitoring, prediction and simulation around the atmosphere, "
                                  "water and soil."),
        ("urban management", "Build an urban operation brain that perceives, analyses and disposes in real time."),
        ("emergency management", "Improve intelligent early warning and rescue command for floods and fires."))),
    ("Empowering people with new life experiences", ("edu", "health"), (
        ("education", "Integrate artificial intelligence into all elements and processes of education and teaching."),
        ("healthcare", "Encourage key hospitals to collaborate with enterprises on auxiliary diagnosis and health "
                       "management."),
        ("transportation", "Carry out pilot applications of vehicle road cloud integration and expand the scenarios "
                           "of autonomous vehicles."),
        ("consumption", "Expand new scenarios of service consumption such as experiential and personalized "
                        "consumption."),
        ("culture and tourism", "Develop cloud tourism and immersive tourism projects."),
        ("elderly care", "Promote companion robots and intelligent monitoring in elderly care institutions."))),
)
# Units. Per key: alternatives one of which a place uses throughout; "a|b" are spellings of one
# unit that the compiler must resolve together. {P} Provincial, {Pn} Province, {p} provincial,
# {N} the province, {C} the capital (or, in city documents, the city).
_PROVINCIAL = {
    "drc": ("{P} Development and Reform Commission",),
    "sci": ("{P} Department of Science and Technology|Department of Science and Technology of the {Pn}",),
    "iit": ("{P} Department of Industry and Information Technology",
            "{P} Department of Economy and Information Technology"),
    "fin": ("{P} Department of Finance|{P} Finance Department",),
    "com": ("{P} Department of Commerce|{P} Commerce Department",),
    "edu": ("{P} Department of Education|{P} Education Department",),
    "hrss": ("{P} Department of Human Resources and Social Security",),
    "nr": ("{P} Department of Natural Resources",),
    "eco": ("{P} Department of Ecology and Environment",),
    "hud": ("{P} Department of Housing and Urban-Rural Development",),
    "trans": ("{P} Department of Transport|{P} Transport Department",),
    "agri": ("{P} Department of Agriculture and Rural Affairs",),
    "cult": ("{P} Department of Culture and Tourism",),
    "health": ("{P} Health Commission",),
    "civil": ("{P} Department of Civil Affairs",),
    "police": ("{P} Public Security Department|{P} Department of Public Security",),
    "market": ("{P} Market Supervision Administration", "{P} Administration for Market Regulation"),
    "data": ("{P} Data Bureau", "{P} Big Data Administration", "{P} Big Data Development Administration"),
    "energy": ("{P} Energy Bureau",),
    "comms": ("{P} Communications Administration",),
    "cac": ("{P} Party Committee Cyberspace Administration",),
    "org": ("Organization Department of the {P} Party Committee",),
    "lfb": ("{P} Local Financial Supervision Bureau", "{P} Local Financial Management Bureau"),
    "sasac": ("{P} State-owned Assets Supervision and Administration Commission",),
    "ipo": ("{P} Intellectual Property Office",),
    "fao": ("{P} Foreign Affairs Office",),
    "emerg": ("{P} Department of Emergency Management",),
    "pboc": ("People's Bank of China {N} Branch",),
    "group": ("{N} Big Data Group", "{N} Digital Industry Group", "{N} Investment Group"),
    "grid": ("State Grid {N} Electric Power Company",),
    "bank": ("Bank of {C}",),
    "capgov": ("{C} Municipal People's Government",),
    "rel": ("relevant {p} departments",),
    "coll": ("People's Governments of various cities and prefectures|"
             "people's governments of various cities and prefectures",),
}
_NAMED_UNITS = frozenset({"group", "grid", "bank", "rel", "coll"})  # not standard bodies: a unit per name
_MUNICIPAL = {
    "drc": ("Municipal Development and Reform Commission",),
    "sci": ("Municipal Science and Technology Bureau|Municipal Bureau of Science and Technology",),
    "iit": ("Municipal Bureau of Industry and Information Technology",
            "Municipal Economy and Information Technology Bureau"),
    "fin": ("Municipal Finance Bureau|Municipal Bureau of Finance",),
    "com": ("Municipal Commerce Bureau|Municipal Bureau of Commerce",),
    "edu": ("Municipal Education Bureau",),
    "hrss": ("Municipal Human Resources and Social Security Bureau",),
    "health": ("Municipal Health Commission",),
    "trans": ("Municipal Transport Bureau",),
    "market": ("Municipal Market Supervision Administration",),
    "data": ("Municipal Data Bureau", "Municipal Big Data Bureau"),
    "cac": ("Cyberspace Administration of the Municipal Party Committee",),
    "org": ("Organization Department of the Municipal Party Committee",),
    "police": ("Municipal Public Security Bureau",),
    "lfb": ("Municipal Local Financial Supervision Bureau",),
    "fao": ("Municipal Foreign Affairs Office",),
    "pboc": ("People's Bank of China {C} Branch",),
    "group": ("{C} Urban Construction Investment Group", "{C} Industrial Investment Group"),
    "bank": ("{C} Rural Commercial Bank",),
    "rel": ("relevant municipal departments",),
    "coll": ("people's governments of all districts and counties|"
             "People's Governments of all districts and counties",),
}
_TOPICS = (
    ("Implementation Opinions on Accelerating the Development of Artificial Intelligence Industry",
     "Implementation Opinions", "ai-industry-implementation-opinions"),
    ('Implementation Opinions on Deepening the "Artificial Intelligence+" Action', "Implementation Opinions",
     "ai-plus-implementation-opinions"),
    ("Several Measures to Promote the High-Quality Development of the Computing Power Industry", "Measures",
     "computing-power-measures"),
    ("Implementation Opinions on Promoting the Innovative Development of Embodied Intelligence",
     "Implementation Opinions", "embodied-intelligence-opinions"),
    ("Several Measures to Accelerate the Development of the Intelligent Economy", "Measures",
     "intelligent-economy-measures"),
)
_PLANS = ("Smart Economy Development Action Plan", "Action Plan for Artificial Intelligence Innovation",
          "Computing Power Infrastructure Action Plan", "Action Plan for Building an AI Pilot City")
_PAPERS = ("Chang Jiang Ri Bao", "Xinhua", "China Daily", "Economic Daily", "21st Century Business Herald",
           "Yicai", "The Paper", "South China Morning Post", "Caixin Global", "Securities Times")
_SITES = ("TAIBO", "Reportify", "China Tech Wire", "Asia Digital", "Policy Watch")
_INSTITUTES = (("Center for Security and Emerging Technology", "CSET", "Georgetown University"),
               ("MERICS", "MERICS", "Berlin"), ("DigiChina", "DigiChina", "Stanford University"),
               ("Rhodium Group", "Rhodium", "New York"))
_PUBLISHERS = ("BABL AI", "AI Policy Monitor", "China Tech Brief", "Asia Policy Review")
_NEWS_GENERIC = (
    "Officials said the move was not a symbolic reshuffle, but a sign that the city intends to make AI a central "
    "plank of its growth strategy.",
    "Local companies have been encouraged to open their production lines to AI developers, and the city has "
    "promised faster approval for pilot projects.",
    "Analysts say smaller cities are now scrambling to carve out a role in AI as the central government leans on "
    "local governments to fuel national competitiveness.",
    'The new body will oversee AI planning and policies, coordinate computing power and data resources, and push '
    '"AI+" projects across industries.',
    "Industry insiders caution that subsidies alone will not be enough, and that talent and data access remain the "
    "biggest bottlenecks.",
    "The city government said it would publish a list of open application scenarios every quarter and match them "
    "with local suppliers.",
    "Universities in the city have expanded their artificial intelligence programmes, and several have set up "
    "joint laboratories with local firms.",
    "Residents can already book medical appointments and renew permits through AI assistants on the government "
    "service platform.",
    "The plan emphasizes the cultivation of intelligent native enterprises and smart terminal products, and a "
    "tiered system for growing companies.",
    "It also calls for a diverse computing power supply system, better base station coverage and high-quality "
    "data sets.",
    "The conference drew executives from chip makers, cloud providers and robotics start-ups, several of whom "
    "signed cooperation agreements on the spot.",
    "Local officials said the bureau would also handle data security reviews and coordinate the public computing "
    "platform.",
    "Critics warn that too many cities are chasing the same large-model projects, which risks duplicated "
    "investment and idle data centres.",
    "The city plans to offer computing vouchers to small firms, lowering the cost of training and running models.",
    "Several district governments have already set up AI industrial parks, offering rent subsidies and fast-track "
    "registration.",
    "Observers note that the local manufacturing base gives the city a natural testing ground for industrial AI "
    "applications.",
)
_ANALYSIS_GENERIC = (
    "Drawing on policy documents, local government plans and corporate activities, the report details the "
    "city's rapid investment in artificial intelligence and its integration with national priorities.",
    "A key component of the push has been government-supported innovation platforms and funding programs to "
    "accelerate AI commercialization and research.",
    "The report notes that provincial authorities have established AI pilot zones and demonstration areas "
    "designed to showcase applications and scale up successful projects.",
    "Researchers argue that tracking such cities offers valuable insights into how China's AI capabilities are "
    "evolving beyond headline-making metropolises.",
    "The approach ensures resiliency and speed in the national rollout of new capabilities, with a mix of local "
    "experimentation and alignment with central directives.",
    "The report also highlights subsidies for AI startups, incentives to attract high-level talent, and major "
    "investments in data infrastructure.",
    "Local universities and research institutes contribute to cutting-edge research, and several host national "
    "engineering centres.",
    "Its geographic location, access to talent and growing industrial base position the city as a rising regional "
    "centre capable of supporting both civilian and commercial innovation.",
    "The authors caution that local ambitions often outpace the availability of advanced chips and experienced "
    "engineers.",
)


# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------


class _Pools(msgspec.Struct, frozen=True):
    provinces: tuple[Province, ...]
    cities: dict[str, tuple[City, ...]]  # province code -> cities whose English name finds them there
    unique: tuple[City, ...]  # those whose name finds them with no province to settle it (for documents
    # without a sidecar, whose jurisdiction is read from the title)


@functools.cache
def _pools() -> _Pools:
    """Places whose names the compiler can find again (namesakes and skipped names left out)."""
    g = gazetteer.load()
    cities: dict[str, list[City]] = {}
    for c in g.cities:
        if c.province_code in _ABBR and [h.code for h in g.scan(c.name, within=c.province_code)] == [c.code]:
            cities.setdefault(c.province_code, []).append(c)
    provinces = tuple(p for p in g.provinces if p.code in _ABBR and p.capital_code in
                      {c.code for c in cities.get(p.code, ())})
    unique = tuple(c for p in provinces for c in cities[p.code] if [h.code for h in g.scan(c.name)] == [c.code])
    return _Pools(provinces=provinces, cities={p.code: tuple(cities[p.code]) for p in provinces}, unique=unique)


# ---------------------------------------------------------------------------------------------
# One document being written
# ---------------------------------------------------------------------------------------------


class _Section:
    __slots__ = ("depth", "marker", "number", "title", "parent", "is_measure")

    def __init__(self, depth: int, marker: str, number: int, title: str, parent: int | None) -> None:
        self.depth, self.marker, self.number, self.title, self.parent = depth, marker, number, title, parent
        self.is_measure = False


class _Doc:
    """Paragraphs of one document, and every fact put into them, recorded as they are written."""

    def __init__(self, rng: random.Random, published: dt.date | None) -> None:
        self.rng, self.published = rng, published
        self.paragraphs: list[str] = []
        self.joiner = "\n\n"
        self.date_written: str | None = None
        self.places: set[str] = set()
        self.figures: list[SynthFigure] = []
        self.measures: list[SynthMeasure] = []
        self.sections: list[_Section] = []
        self._measure: int | None = None
        self._measure_places: list[str] = []

    def place(self, place: Province | City, written: str | None = None, *, organisation: bool = False) -> str:
        """`organisation`: the name is part of a body's name ("Bank of Nanchang"): a place of the
        document, not of the measure it is written in."""
        self.places.add(place.code)
        if self._measure is not None and not organisation:
            self._measure_places.append(place.code)
        return written or place.name

    def fig(self, written: str, number: str, unit: str, *, scale: int = 1, comparator: str = "=",
            year: int | None = None, kind: str = "target") -> str:
        value = float(Decimal(number.replace(",", "")) * scale)
        self.figures.append(SynthFigure(quote=written, value=value, unit=unit, comparator=comparator, year=year,
                                        kind=kind, measure=self._measure))
        return written

    def section(self, depth: int, marker: str, number: int, title: str) -> int:
        """Record an outline section (in text order); returns its index."""
        parent = next((i for i in range(len(self.sections) - 1, -1, -1) if self.sections[i].depth < depth), None)
        self.sections.append(_Section(depth, marker, number, title, parent))
        return len(self.sections) - 1

    def chapter(self, title: str) -> None:
        """An English chapter: "1、 Title"."""
        number = sum(1 for s in self.sections if s.depth == 1) + 1
        self.section(1, f"{number}、", number, title)
        self.paragraphs.append(f"{number}、 {title}")

    def begin_measure(self) -> int:
        """Start writing a measure; returns its ordinal (figures and places written now are its)."""
        self._measure, self._measure_places = len(self.measures) + 1, []
        return self._measure

    def end_measure(self, title: str, units: list[SynthUnit], scenarios: tuple[str, ...] = ()) -> None:
        """An English measure "(N) Title." with one list whose first unit leads."""
        number = self._measure
        section = self.section(2, f"({number})", number, title)
        listed = tuple(msgspec.structs.replace(u, is_lead=i == 0) for i, u in enumerate(units))
        self.add_measure(section, title, (SynthList(lead_rule="first", units=listed),), scenarios)

    def add_measure(self, section: int, title: str, lists: tuple[SynthList, ...], scenarios: tuple[str, ...] = ()
                    ) -> None:
        """The measure begun last is outline section `section`."""
        sec = self.sections[section]
        sec.is_measure = True
        ancestors = []
        parent = sec.parent
        while parent is not None:
            ancestors.insert(0, self.sections[parent])
            parent = self.sections[parent].parent
        top = ancestors[0] if ancestors else None
        self.measures.append(SynthMeasure(
            number=sec.number, chapter=top.number if top else None, chapter_marker=top.marker if top else None,
            chapter_title=top.title if top else None, group=ancestors[-1].title if len(ancestors) >= 2 else None,
            title=title, lists=lists, scenarios=scenarios, places=tuple(dict.fromkeys(self._measure_places))))
        self._measure = None

    def outline(self) -> tuple[SynthSection, ...]:
        below = [False] * len(self.sections)
        for i, s in enumerate(self.sections):
            if s.is_measure:
                parent = s.parent
                while parent is not None:
                    below[parent] = True
                    parent = self.sections[parent].parent
        return tuple(SynthSection(depth=s.depth, marker=s.marker, title=s.title, role=(
            "measure" if s.is_measure else ("chapter" if s.depth == 1 else "group") if below[i] else "other"))
            for i, s in enumerate(self.sections))

    def year(self, offset: int) -> int | None:
        return self.published.year + offset if self.published else None


def _money(rng: random.Random, low: int, high: int) -> tuple[str, str, int]:
    """An amount written "120 billion yuan" / "86.5 billion yuan" / "1.2 trillion yuan": (quote, number, scale)."""
    if high > 1000 and rng.random() < 0.3:
        number = f"{rng.randint(10, high // 100) / 10:g}"
        return f"{number} trillion yuan", number, 10**12
    high = min(high, 1000)
    number = str(rng.randrange(low, high, 10)) if rng.random() < 0.7 else f"{rng.randint(low, high - 1)}.5"
    return f"{number} billion yuan", number, 10**9


def _count(rng: random.Random, low: int, high: int, step: int = 1) -> str:
    return f"{rng.randrange(low, high, step):,}"


def _target(d: _Doc, year: int, scope: str) -> str:
    """One target sentence of a policy or plan ("By 2028, ... will reach 120 billion yuan.")."""
    r = d.rng
    level = "provincial-level" if scope == "province" else "municipal-level"
    which = r.randrange(9)
    if which == 0:
        quote, n, scale = _money(r, 80, 990 if scope == "province" else 400)
        verb, comparator = r.choice((("reach", "="), ("exceed", ">"), ("reach more than", ">")))
        return (f"By {year}, the scale of the artificial intelligence industry in the {scope} will {verb} "
                f"{d.fig(quote, n, 'CNY', scale=scale, comparator=comparator, year=year)}.")
    if which == 1:
        a, b = _count(r, 100, 900, 10), _count(r, 10, 60)
        return (f"By {year}, cultivate {d.fig(f'{a} artificial intelligence enterprises', a, 'enterprises', year=year)}"
                f" and attract more than {d.fig(f'{b} leading companies', b, 'companies', comparator='>', year=year)}.")
    if which == 2:
        a, b = _count(r, 3, 20), _count(r, 5, 60)
        return (f"Build {d.fig(f'{a} intelligent computing centres', a, 'centres', year=year)} by {year}, reaching a "
                f"total computing capacity of {d.fig(f'{b} EFLOPS', b, 'EFLOPS', year=year)}.")
    if which == 3:
        a, b = _count(r, 40, 95), _count(r, 2, 40)
        gw = f"{b}GW" if r.random() < 0.5 else f"{b} GW"
        return (f"Raise the share of green electricity in data centres to {d.fig(f'{a}%', a, '%', year=year)} by "
                f"{year}, with installed capacity reaching {d.fig(gw, b, 'GW', year=year)}.")
    if which == 4:
        a, b = _count(r, 50, 400, 10), _count(r, 20, 200, 5)
        return (f"By {year}, create {d.fig(f'{a} high-quality industry datasets', a, 'datasets', year=year)} and "
                f"{d.fig(f'{b} typical application scenarios', b, 'scenarios', year=year)}.")
    if which == 5:
        quote, n, scale = _money(r, 50, 2000 if scope == "province" else 500)
        return (f"By {year}, the output value of the computing power industry will exceed "
                f"{d.fig(quote, n, 'CNY', scale=scale, comparator='>', year=year)}.")
    if which == 6:
        a = _count(r, 3, 9)
        quote, n, scale = _money(r, 100, 900)
        return (f"By {year}, cultivate {d.fig(f'{a} 10 billion level industrial parks', a, 'parks', year=year)} with"
                f" an industrial scale of {d.fig(quote, n, 'CNY', scale=scale, year=year)}.")
    if which == 7:
        a = _count(r, 5000, 90000, 1000)
        people = d.fig(f"{a} artificial intelligence professionals", a, "professionals", comparator=">", year=year)
        return f"By {year}, train more than {people}."
    a = _count(r, 5, 40)
    return f"By {year}, form {d.fig(f'{a} {level} pilot bases', a, 'bases', year=year)} for artificial intelligence " \
           f"applications."


def _date_line(d: _Doc, who: str) -> str:
    p, r = d.published, d.rng
    time = f" {r.randint(7, 22):02d}:{r.choice((0, 15, 30, 45, 50)):02d}" if r.random() < 0.6 else ""
    style = r.randrange(3)
    if style == 0:
        d.date_written = f"{p.day} {_MONTHS[p.month - 1][:3]} {p.year}"
        return f"{who} {d.date_written}{time}"
    if style == 1:
        d.date_written = f"{_MONTHS[p.month - 1]} {p.day}, {p.year}"
        return f"{who} | {d.date_written}"
    d.date_written = p.isoformat()
    return f"{who}·{d.date_written}{time}"


# Names that "A and B" may end with, without a comma, and still read as two units.
_BARE_AND_OK = re.compile(r"(?:Provincial|Municipal|People's|people's|relevant|Organization|State)\b")


def _units_line(d: _Doc, units: list[SynthUnit]) -> str:
    """"(Responsible units: A, B, and C)", "A, B and C", "A, B" ..., as the seeds write them."""
    names = [u.name for u in units]
    label = "Responsible units" if d.rng.random() < 0.9 else "Responsible departments"
    if len(names) > 1:
        bare = _BARE_AND_OK.match(names[-1]) and d.rng.random() < 0.5
        if len(names) == 2:
            names = [f"{names[0]} and {names[1]}"] if bare else names
        else:
            names[-2:] = [f"{names[-2]}{'' if bare else ','} and {names[-1]}"]
    return f"({label}: {', '.join(names)})"


class _Units:
    """The units of one jurisdiction. Each place names a department the same way in all its documents
    (its own random choice among the alternatives), as real provinces do."""

    def __init__(self, table: dict, place: Province | City, capital: City, fill: dict[str, str], seed: int) -> None:
        pick = random.Random(f"{seed}:units:{place.code}")
        self.table, self.place, self.capital = table, place, capital
        self.spellings = {k: alts[pick.randrange(len(alts))].format(**fill).split("|") for k, alts in table.items()}

    def unit(self, d: _Doc, key: str) -> SynthUnit:
        spellings = self.spellings[key]
        written = spellings[0] if len(spellings) == 1 or d.rng.random() < 0.7 else spellings[1]
        # A bank's or a firm's name holds a place that is not a place of the measure.
        if key in ("pboc", "group", "grid"):  # named after the province (or, in city documents, the city)
            d.place(self.place, organisation=True)
        code = self.place.code
        if key in ("bank", "capgov"):
            d.place(self.capital, organisation=key == "bank")
            code = self.capital.code
        # A department is one unit however it is spelt, in English or Chinese ("Data Bureau", "Big Data
        # Administration", 数据局): keyed by body. Firms and collectives by their names.
        return SynthUnit(name=written, key=f"{code}:{key}" if key not in _NAMED_UNITS else f"{code}:{spellings[0]}")

    def pick(self, d: _Doc, leads: tuple[str, ...]) -> list[SynthUnit]:
        keys = [k for k in leads if k in self.table][:1] or ["drc"]
        others = [k for k in self.table if k not in ("coll", "rel") and k not in keys]
        keys += d.rng.sample(others, d.rng.randint(0, 5))
        if d.rng.random() < 0.6:
            keys.append("coll")
        return [self.unit(d, k) for k in keys]


def _paragraphs(r: random.Random, pool: tuple[str, ...], n: int) -> list[str]:
    """`n` different sentences of `pool`, two to a paragraph."""
    said = r.sample(pool, n)
    return [" ".join(said[k:k + 2]) for k in range(0, n, 2)]


def _body(d: _Doc, n: int) -> str:
    return " ".join(s.format(*d.rng.sample(_FIELDS, 3)) for s in d.rng.sample(_GENERIC, n))


def _measures(d: _Doc, units: _Units, cities: tuple[City, ...], scope: str, per_chapter: tuple[int, int]) -> None:
    """Chapters "1、 ..." of numbered measures, some of them "Artificial intelligence+X" scenarios."""
    r = d.rng
    chapters = [c for c in _CHAPTERS if c[1] is not None or r.random() < (0.85 if scope == "province" else 0.5)]
    for titles, specs in chapters:
        d.chapter(r.choice(titles))
        if specs is None:  # scenario measures
            for title, leads, pool in r.sample(_SCENARIOS, r.randint(1, 3)):
                number = d.begin_measure()
                lines, names = [f"({number}) {title}"], []
                for name, body in r.sample(pool, r.randint(2, 4)):
                    prefix = r.choice(("Artificial intelligence+", "Artificial Intelligence+", "AI+"))
                    name = name.capitalize() if r.random() < 0.3 else name
                    names.append(name)
                    lines.append(f"{prefix}{name}. {body}")
                chosen = units.pick(d, leads)
                if r.random() < 0.5:
                    lines.append(_body(d, 1) + " " + _units_line(d, chosen))
                else:
                    lines[-1] += " " + _units_line(d, chosen)
                d.paragraphs.extend(lines)
                d.end_measure(title, chosen, tuple(names))
            continue
        for title, leads in r.sample(specs, r.randint(*per_chapter)):
            number = d.begin_measure()
            parts = [f"({number}) {title}.", _body(d, r.randint(3, 5))]
            if r.random() < 0.35 and len(cities) >= 2:
                sentence = r.choice(_PLACE_SENTENCES)
                parts.append(sentence.format(*(d.place(c) for c in r.sample(cities, sentence.count("{")))))
            if r.random() < 0.4:
                parts.append(_target(d, d.year(r.randint(1, 5)), scope))
            parts.append(_body(d, 1))
            chosen = units.pick(d, leads)
            d.paragraphs.append(" ".join(parts) + " " + _units_line(d, chosen))
            d.end_measure(title, chosen)


# ---------------------------------------------------------------------------------------------
# The kinds of documents
# ---------------------------------------------------------------------------------------------


def _published(r: random.Random) -> dt.date:
    return dt.date(2024, 1, 1) + dt.timedelta(days=r.randrange(900))


def _footer(r: random.Random) -> list[str]:
    """Web-page debris after the document (the compiler must drop it)."""
    return r.choice((
        [f"Most Popular From {r.choice(_SITES)}", "Shanghai unveils 100 billion yuan AI fund"],
        ["Read More", "", "Leave a Reply"],
        ["Comments"],
        [],
    ))


def _policy(d: _Doc, index: int, seed: int) -> dict:
    r, pools = d.rng, _pools()
    prov = r.choice(pools.provinces)
    cities = pools.cities[prov.code]
    capital = next(c for c in cities if c.code == prov.capital_code)
    region = _REGIONS.get(prov.code)
    full = region or f"{prov.name} Province"
    fill = dict(P="Autonomous Region" if region else "Provincial", Pn="Autonomous Region" if region else "Province",
                p="autonomous region" if region else "provincial", N=prov.name, C=capital.name)
    units = _Units(_PROVINCIAL, prov, capital, fill, seed)
    title, short, slug = r.choice(_TOPICS)
    issuer = f"General Office of the People's Government of {full}"
    number = f"{_ABBR[prov.code]}zhengbanfa [{d.published.year}] No. {r.randint(1, 120)}"
    publisher = f"{region or prov.name + ' Provincial'} People's Government {r.choice(('website', 'portal'))}"
    year = d.year(r.randint(1, 4))
    d.paragraphs += [
        f"{d.place(prov, full)} releases {title}",
        _date_line(d, d.place(prov, publisher)),
        f'Recently, {d.place(prov, full)} released the "{title}" (hereinafter referred to as the "{short}"). '
        + _target(d, year, "province") + " " + _body(d, 1),
        "Full text attached",
        d.place(prov, issuer),
        title,
        number,
        f"Municipal, state, and county governments, as well as various departments of the {fill['p']} government:",
        "In order to thoroughly implement the State Council's opinions on deepening the implementation of the "
        '"Artificial Intelligence+" action, and in accordance with the work requirements of the '
        f"{fill['p']} party committee and government, strive to basically build a nationally influential artificial "
        f"intelligence innovation and development highland by {year}. Support {d.place(capital)} to enter the "
        f"first tier of artificial intelligence city development in China. With the approval of the {fill['p']} "
        f"government, the following {short.lower()} are formulated.",
    ]
    _measures(d, units, cities, "province", (2, 4))
    d.paragraphs.append(
        "Strengthen coordination and encourage municipal governments to take the implementation of the "
        '"Artificial Intelligence+" initiative as a starting point to develop and strengthen the intelligent economy.')
    d.paragraphs += _footer(r)
    sidecar = r.random() < 0.7
    meta = dict(kind="policy", jurisdiction=prov.code, issuer=issuer, title=title) if sidecar else None
    return dict(stem=f"{index:06d}-{prov.slug}-{slug}", kind="policy", meta=meta, jurisdiction=prov.code,
                title=title if sidecar else f"{full} releases {title}", publisher=publisher, issuer=issuer,
                issuers=(SynthUnit(name=issuer, key=f"{prov.code}:{issuer}"),), number=number)


def _plan(d: _Doc, index: int, seed: int) -> dict:
    r, pools = d.rng, _pools()
    prov = r.choice(pools.provinces)
    cities = pools.cities[prov.code]
    city = r.choice(cities)
    units = _Units(_MUNICIPAL, city, city, dict(C=city.name), seed)
    first, last = d.published.year + 1, d.published.year + 3
    title = f"{city.name} {r.choice(_PLANS)} ({first}-{last})"
    issuer = f"General Office of {city.name} Municipal People's Government"
    publisher = f"{city.name} Municipal People's Government portal"
    d.paragraphs += [
        f"{d.place(city)} issues {title}",
        _date_line(d, d.place(city, publisher)),
        f'Recently, the General Office of {d.place(city)} Municipal People\'s Government issued the "{title}". '
        + _target(d, last, "city") + " " + _body(d, 1),
        d.place(city, issuer),
        title,
        "All district people's governments, and all departments of the municipal government:",
    ]
    _measures(d, units, (city,), "city", (2, 3))
    d.paragraphs += _footer(r)
    meta = dict(kind="plan", jurisdiction=city.code, issuer=issuer, title=title)
    # The issuer line names the issuer; the compiler does not read it (test_synth: an xfail test says so).
    return dict(stem=f"{index:06d}-{city.slug}-action-plan", kind="plan", meta=meta, jurisdiction=city.code,
                title=title, publisher=publisher, issuer=issuer,
                issuers=(SynthUnit(name=issuer, key=f"{city.code}:{issuer}"),), number=None)


def _city(pools: _Pools, r: random.Random, unique: bool) -> tuple[Province, City]:
    if unique:
        city = r.choice(pools.unique)
        return gazetteer.load().province_of(city.code), city
    prov = r.choice(pools.provinces)
    return prov, r.choice(pools.cities[prov.code])


def _hubs(d: _Doc, city: City) -> str:
    g = gazetteer.load()
    a, b = (g.get(code) for code in d.rng.sample([h for h in _HUBS if h != city.code], 2))
    return f"{d.place(a)} and {d.place(b)}"


def _news(d: _Doc, index: int, seed: int) -> dict:  # noqa: ARG001 - same signature as the others
    r, pools = d.rng, _pools()
    sidecar = r.random() < 0.7
    prov, city = _city(pools, r, unique=not sidecar)
    name = d.place(city)
    if r.random() < 0.5:
        quote, n, scale = _money(r, 100, 900)
        year = d.year(r.randint(2, 4)) if d.published else r.randint(2027, 2030)
        title = (f"{name} unveils plan to build an AI industry worth "
                 f"{d.fig(quote, n, 'CNY', scale=scale, year=year)} by {year}")
    else:
        title = f"{name} {r.choice(('sets up a dedicated AI bureau', 'bets on artificial intelligence for growth'))}"
    paper = r.choice(_PAPERS)
    d.paragraphs.append(title)
    if d.published:
        d.paragraphs.append(_date_line(d, paper))
    n = _count(r, 100, 990, 10)  # figures are recorded in the order they stand in the text
    entries = d.fig(f"{n} billion public data entries", n, "entries", scale=10**9, comparator=">", kind="observed")
    n = _count(r, 5, 40)
    labs = d.fig(f"{n} laboratories", n, "laboratories", kind="observed")
    n = _count(r, 5, 25)
    now = d.fig(f"{n} gigawatts", n, "GW", year=d.year(0))
    n = _count(r, 26, 60)
    later = d.fig(f"{n}GW", n, "GW", year=2030)
    observed = [
        f"The city has been building out its digital infrastructure, hosting more than {entries} and {labs} that "
        "can feed AI-model training.",
        "It is also investing heavily in green energy, with installed power capacity expected to reach "
        f"{now} by the end of this year and {later} by 2030.",
    ]
    if past := d.year(-1):
        q, n, scale = _money(r, 20, 300)
        observed.append(f"Technology contract transactions reached "
                        f"{d.fig(q, n, 'CNY', scale=scale, year=past, kind='observed')} in {past}.")
    prose = _paragraphs(r, _NEWS_GENERIC, r.randint(6, 9))
    half = len(prose) // 2
    paragraphs = [
        f"China's city governments are racing to stake out a role in artificial intelligence, with {name} this week "
        "announcing a new push to make AI a central plank of its growth strategy.",
        "Advertisement",
        f"Authorities in {name}, located in {d.place(prov, _REGIONS.get(prov.code, prov.name))}, announced the plan "
        "at a high-profile AI Innovation and Development Conference on Wednesday.",
        *prose[:half],
        " ".join(observed),
        "Comparable efforts are being seen across China, with similar moves made in bigger cities and tech-forward "
        f"hubs such as {_hubs(d, city)}.",
        *prose[half:],
    ]
    d.paragraphs += paragraphs + _footer(r)
    meta = dict(kind="news", jurisdiction=city.code) if sidecar else None
    return dict(stem=f"{index:06d}-{city.slug}-ai-news", kind="news", meta=meta, jurisdiction=city.code,
                title=title, publisher=paper if d.published else None, issuer=None, number=None)


def _zh_number(n: int) -> str:
    """100..9900 in hundreds as Chinese numerals: 2000 -> 两千, 1500 -> 一千五百."""
    digits = "零一二三四五六七八九"
    thousands, hundreds = divmod(n // 100, 10)
    out = ("两" if thousands == 2 else digits[thousands]) + "千" if thousands else ""
    return out + (digits[hundreds] + "百" if hundreds else "")


def _headline(d: _Doc, index: int, seed: int) -> dict:  # noqa: ARG001
    """A news summary under a Chinese headline, like the Chang Jiang Ri Bao seed."""
    r, pools = d.rng, _pools()
    prov, city = _city(pools, r, unique=False)
    year, start = d.year(2), d.year(0)
    billions = r.randrange(50, 500, 10)
    zh = f"{_zh_number(billions * 10)}亿元"
    where = d.place(city, city.name_zh)
    amount = d.fig(zh, str(billions), "CNY", scale=10**9, comparator=">", year=year)
    title = f"到{year}年,{where}人工智能产业规模超{amount}"
    paper = r.choice(_PAPERS)
    plan = f"{city.name} {r.choice(_PLANS)} ({start}-{year})"
    quote, n, scale = f"{billions} billion yuan", str(billions), 10**9
    firms = _count(r, 300, 3000, 50)
    said = r.sample(_NEWS_GENERIC, 7)
    body = (
        f"Core Insights - The {d.place(city)} Municipal Government has officially released the \"{plan}\", outlining "
        "a systematic approach to develop the smart economy over the next three years [1][2] - The plan aims for the "
        f"artificial intelligence industry in {d.place(city)} to exceed "
        f"{d.fig(quote, n, 'CNY', scale=scale, comparator='>', year=year)} by {year}, with over "
        f"{d.fig(f'{firms} AI-related enterprises', firms, 'enterprises', comparator='>', year=year)} established "
        "[1] Group 1: Industry Development - " + " - ".join(said[:3]) + " [1] Group 2: Smart Technology "
        "Empowerment - " + " - ".join(said[3:5]) + " [1] Group 3: Infrastructure and Ecosystem - "
        + " - ".join(said[5:]) + " [2]")
    d.paragraphs += [f"{title}\n{_date_line(d, paper)}", body, f"{title} - {r.choice(_SITES)}"]
    meta = dict(kind="news", language="en", jurisdiction=city.code)
    return dict(stem=f"{index:06d}-{city.slug}-smart-economy-plan-news", kind="news", meta=meta,
                jurisdiction=city.code, title=title, publisher=paper, issuer=None, number=None)


def _analysis(d: _Doc, index: int, seed: int) -> dict:  # noqa: ARG001
    r, pools = d.rng, _pools()
    prov, city = _city(pools, r, unique=False)
    institute, short, home = r.choice(_INSTITUTES)
    publisher = r.choice(_PUBLISHERS)
    name = d.place(city)
    people = _count(r, 2, 15)
    what = "a provincial capital" if city.is_capital else "a city"
    title = f"{short} report highlights {city.name}'s AI development"
    said = r.sample(_ANALYSIS_GENERIC, 8)
    d.paragraphs += [
        f"A new report from {institute} ({short}) at {home} highlights {name}'s strategic ambitions to become a major "
        f"AI hub within China. " + said[0],
        f"{d.place(city)}, {what} of more than "
        f"{d.fig(f'{people} million residents', people, 'residents', scale=10**6, comparator='>', kind='observed')}, "
        f"has long been known for its industrial base and academic institutions in "
        f"{d.place(prov, _REGIONS.get(prov.code, prov.name))}.",
        *(" ".join(said[k:k + 2]) for k in (1, 3, 5)),
        f"While {d.place(city)} is not yet considered a top-tier AI hub on the scale of {_hubs(d, city)}, "
        f"{short} researchers argue it represents a critical piece of China's AI ecosystem. " + said[7],
        "Need Help?",
        f"If you have questions about any global guidelines, regulations and laws, reach out to {publisher}.",
    ]
    meta = dict(title=title, kind="analysis", jurisdiction=city.code, publisher=publisher)
    return dict(stem=f"{index:06d}-{city.slug}-{short.lower()}-report-summary", kind="analysis", meta=meta,
                jurisdiction=city.code, title=title, publisher=publisher, issuer=None, number=None)


# ---------------------------------------------------------------------------------------------
# Chinese documents
# ---------------------------------------------------------------------------------------------
#
# A provincial policy or a city plan, in one of the layouts governments publish, chosen by the
# document's own rng (the choices are recorded in SynthDocument.layout):
#
#   frame     notice    "<省>人民政府办公厅关于印发《…》的通知", its number, a salutation, a notice
#                       citing another document "《…》（国发〔2025〕11号）", a signature; then the plan
#             signed    the plan alone (maybe its number under the title), signature at the end
#             bare      the plan alone, no signature: no issuer, no date
#   outline   cn        一、 chapters, （一） measures
#             chapter   第一章 chapters, 一、 groups, 1. measures
#             flat      一、 items that are the measures
#   numbering restart   the measure level restarts in every chapter (group) / run-on: it runs on
#   preamble  a first chapter 总体要求 (指导思想, 发展目标 with targets): no measures
#   safeguards a last chapter 保障措施 whose items are measures only when they name units
#   leads     first     "列第一位的为牵头单位" implied / first-stated: said once (in the first list or
#                       the preamble) / comma: "第一个逗号前为牵头单位" / marked: "标☆的为牵头单位";
#                       any document also has split lists "（牵头单位：A；配合单位：B）"
#   script    traditional (OpenCC s2t, piece by piece) / ascii punctuation "(责任单位:A、B)"
#
# Every piece of text is converted on its own (`_Zh.t`), so what the oracle records is exactly
# what the text holds. Units have one identity per body ("<code>:<core name>") whatever the
# spelling: "省科技厅", "科技厅", "湖南省科技厅" and "省科技廳" are one unit.

# Province code -> the one-character name its document numbers start with.
_ZH_ABBR = dict(zip(
    "130000 140000 150000 210000 220000 230000 320000 330000 340000 350000 360000 370000 410000 420000 "
    "430000 440000 450000 460000 510000 520000 530000 540000 610000 620000 630000 640000 650000".split(),
    "冀 晋 内 辽 吉 黑 苏 浙 皖 闽 赣 鲁 豫 鄂 湘 粤 桂 琼 川 黔 云 藏 陕 甘 青 宁 新".split()))
_ZH_REGION_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市")
_ZH_FIELDS = (
    "大模型", "智能芯片", "具身智能", "人形机器人", "自动驾驶", "智能终端", "工业软件", "机器视觉", "语音识别",
    "脑机接口", "低空飞行器", "智能网联汽车", "智能传感器", "数据标注", "向量数据库", "多模态交互", "边缘计算",
    "光芯片", "智能体", "先进存储", "算力调度", "数字孪生", "智能穿戴", "工业机器人",
)
_ZH_GENERIC = (
    "聚焦{0}、{1}和{2}等领域，推动产品和服务迭代升级。",
    "鼓励龙头企业开放供应链，围绕{0}和{1}构建产业生态。",
    "支持高校和科研机构围绕{0}和{1}开展联合攻关，形成一批原创成果。",
    "建立{0}重点企业培育库，提供从孵化到上市的全周期服务。",
    "统筹数据、算力、电力和网络等要素资源，满足{0}发展需求。",
    "推动{0}在政务服务、工业制造和城市治理中的应用。",
    "完善{0}标准体系，鼓励企业参与制定行业标准。",
    "建设{0}检验检测和认证公共服务平台。",
    "引导社会资本投早、投小、投长期，重点投向{0}和{1}。",
    "探索{0}包容审慎监管，防范算法歧视和数据泄露等风险。",
    "深化{0}领域产学研合作，加快科技成果转化。",
    "打造一批{0}示范项目，总结推广可复制的经验。",
    "实施{0}专项行动，破解产业链关键环节瓶颈。",
    "优化{0}产业布局，避免区域间同质化竞争。",
    "鼓励企业开放{0}应用场景，定期开展供需对接。",
    "加强{0}领域知识产权保护，完善利益分享机制。",
    "推动{0}与{1}融合发展，培育新业态新模式。",
    "加快建设{0}中试验证基地，缩短从实验室到市场的周期。",
)
_ZH_PLACE_SENTENCES = (
    "支持{0}建设国家人工智能创新应用先导区。",
    "鼓励{0}、{1}等地加快建设智能网联汽车测试示范区。",
    "支持{0}和{1}因地制宜建设特色产业园区。",
)
# (chapter titles to choose from, (measure title, lead unit keys) ...); None marks the scenario chapter.
_ZH_CHAPTERS = (
    (("强化创新策源", "突破关键核心技术", "提升原始创新能力"), (
        ("建设高水平创新平台", ("sci", "drc")),
        ("突破关键共性技术", ("sci", "iit")),
        ("推动科技创新与产业创新深度融合", ("iit", "sci")),
        ("加强开源生态建设", ("iit", "data")),
        ("支持新型研发机构发展", ("sci", "fin")))),
    (("培育壮大产业集群", "做强人工智能产业", "构建现代化产业体系"), (
        ("培育壮大龙头企业", ("iit", "drc")),
        ("梯度培育专精特新企业", ("iit", "fin")),
        ("推动产业集聚发展", ("iit", "drc")),
        ("招引落地重大项目", ("com", "drc")),
        ("建设特色产业园区", ("iit", "nr")))),
    (("夯实算力数据底座", "强化数据和算力支撑"), (
        ("建设智能算力中心", ("drc", "data")),
        ("推动算力互联互通", ("comms", "data")),
        ("提升数据供给能力", ("data", "iit")),
        ("建设高质量数据集", ("data", "sci")),
        ("提升绿色电力供应水平", ("energy", "drc")))),
    (("拓展应用场景", "深化“人工智能+”行动", "赋能千行百业"), None),
    (("优化发展环境", "营造良好创新生态", "强化要素支撑"), (
        ("完善人才引育机制", ("org", "edu", "hrss")),
        ("加大金融支持力度", ("fco", "fin")),
        ("强化知识产权保护", ("ipo", "market")),
        ("加强安全治理", ("cac", "police")),
        ("营造创新发展氛围", ("iit", "cult")))),
)
# Scenario measures: (title, lead unit keys, (scenario, body) ...).
_ZH_SCENARIOS = (
    ("赋能经济发展", ("iit", "drc"), (
        ("制造", "推动人工智能在研发设计、中试验证、生产制造等环节应用，建设一批智能工厂。"),
        ("农业", "推广智能农机和农业无人机，发展智慧种植和智慧养殖。"),
        ("物流", "推动智能仓储、无人配送和智慧港口调度。"),
        ("能源", "推进电网智能调度和新能源功率预测。"),
        ("科研", "探索人工智能驱动的科研新范式，推动科研与工程协同发展。"))),
    ("赋能社会治理", ("data", "police"), (
        ("政务", "深化“高效办成一件事”，推动政务服务智能化。"),
        ("城市管理", "建设城市运行智能中枢，实现实时感知和快速处置。"),
        ("应急管理", "提升洪涝、火灾等灾害的智能预警和救援指挥能力。"),
        ("生态环境", "加强大气、水、土壤的智能监测和预测预警。"))),
    ("赋能美好生活", ("edu", "health"), (
        ("教育", "将人工智能融入教育教学全要素全过程。"),
        ("医疗", "鼓励医疗机构与企业合作开展辅助诊断和健康管理。"),
        ("交通", "开展车路云一体化试点，拓展自动驾驶应用场景。"),
        ("文旅", "发展沉浸式文旅体验项目。"),
        ("养老", "推广陪护机器人和智能监测设备。"))),
)
_ZH_SAFEGUARDS = (  # (title, body, unit keys if it names units); "{fund}" holds a funding figure
    ("加强组织领导", "建立统筹推进机制，定期调度重点任务进展，协调解决重大问题。", ("drc", "iit")),
    ("强化资金保障", "统筹用好各级专项资金，{fund}，引导社会资本投向人工智能领域。", ("fin",)),
    ("加强督促落实", "各地各部门要细化工作举措，加强跟踪评估，确保各项措施落地见效。", ("iit",)),
    ("营造良好氛围", "加强政策宣传解读，及时总结推广典型经验和做法。", ("iit", "data")),
)
_ZH_SAFEGUARD_CHAPTERS = ("保障措施", "组织实施", "强化组织保障")
_ZH_FLAT_SAFEGUARDS = ("加强组织实施", "强化组织保障", "完善保障机制")
_ZH_POLICY_TOPICS = (  # provincial: (title after the province's name, slug)
    ("加快人工智能产业发展的若干措施", "zh-ai-industry-measures"),
    ("深入实施“人工智能+”行动的实施意见", "zh-ai-plus-opinions"),
    ("推动算力产业高质量发展的若干政策措施", "zh-computing-power-measures"),
    ("促进具身智能创新发展的若干措施", "zh-embodied-intelligence-measures"),
    ("加快发展智能经济的实施意见", "zh-intelligent-economy-opinions"),
)
_ZH_PLAN_TOPICS = (  # city: (title after the city's name, slug); the period follows
    ("人工智能产业发展行动方案", "zh-ai-action-plan"),
    ("智能经济发展行动计划", "zh-intelligent-economy-plan"),
    ("算力基础设施建设行动方案", "zh-computing-power-plan"),
    ("建设人工智能创新应用先导区实施方案", "zh-ai-pilot-zone-plan"),
)
_ZH_CITED = (("《国务院关于深入实施“人工智能+”行动的意见》", "国发〔2025〕11号"),
             ("《新一代人工智能发展规划》", "国发〔2017〕35号"),
             ("《国务院办公厅关于加快场景培育和开放推动新场景大规模应用的实施意见》", "国办发〔2025〕37号"))
# Units. Departments are "<省|自治区|市><core>"; `bare` ones are also written without the prefix,
# and with the place's full name in front. Party bodies are "<省委|自治区党委|市委><core>".
_ZH_PROVINCIAL = {
    "drc": ("发展改革委",), "sci": ("科技厅",), "iit": ("工业和信息化厅", "经济和信息化厅"), "fin": ("财政厅",),
    "com": ("商务厅",), "edu": ("教育厅",), "hrss": ("人力资源社会保障厅",), "nr": ("自然资源厅",),
    "trans": ("交通运输厅",), "agri": ("农业农村厅",), "cult": ("文化和旅游厅",), "health": ("卫生健康委",),
    "police": ("公安厅",), "market": ("市场监管局",), "data": ("数据局", "大数据局", "大数据发展管理局"),
    "energy": ("能源局",), "comms": ("通信管理局",), "ipo": ("知识产权局",), "sasac": ("国资委",),
    "emerg": ("应急管理厅",),
}
_ZH_MUNICIPAL = {
    "drc": ("发展改革委",), "sci": ("科技局",), "iit": ("工业和信息化局", "工信局"), "fin": ("财政局",),
    "com": ("商务局",), "edu": ("教育局",), "hrss": ("人力资源社会保障局",), "nr": ("自然资源和规划局",),
    "trans": ("交通运输局",), "cult": ("文化旅游广电局",), "health": ("卫生健康委",), "police": ("公安局",),
    "market": ("市场监管局",), "data": ("数据局", "大数据局"), "urban": ("城市管理局",), "emerg": ("应急管理局",),
}
_ZH_NOT_BARE = frozenset({"market"})  # "市场监管局" without its prefix would read as a municipal body
_ZH_PARTY = {"cac": "网信办", "org": "组织部", "fco": "金融办"}  # fco: the Party's financial commission office
_ZH_COLLECTIVES = {  # per level: (the governments below, the departments as a whole)
    "province": (("各市州人民政府", "各设区市人民政府", "各市（州）人民政府"), "{P}直有关单位"),
    "city": (("各区县（市）人民政府", "各区县人民政府", "各县市区人民政府"), "市直有关单位"),
}
_ZH_FIRMS = {  # {s} the place's short name; {cs} the capital's
    "province": {"group": ("{s}大数据集团", "{s}数字产业集团", "{s}交通投资集团"),
                 "telecom": ("中国移动{s}公司", "中国电信{s}分公司"), "grid": ("国网{s}电力公司",),
                 "bank": ("{cs}农商银行",)},
    "city": {"group": ("{s}城发集团", "{s}产业投资集团"), "telecom": ("中国移动{s}分公司",),
             "bank": ("{s}农商银行",)},
}
_ZH_ASCII = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "。": ".", "〔": "[", "〕": "]"})
_ZH_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """1..99 in Chinese numerals: 1 一, 10 十, 12 十二, 20 二十, 21 二十一."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _ZH_DIGITS[tens]) + "十" if tens else "") + (_ZH_DIGITS[ones] if ones else "")


def _cn_date(day: dt.date) -> str:
    """二〇二六年四月十六日."""
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(day.year)) + f"年{_cn(day.month)}月{_cn(day.day)}日"


@functools.cache
def _s2t():
    import opencc  # only Traditional documents need it

    return opencc.OpenCC("s2t")


class _ZhPools(msgspec.Struct, frozen=True):
    provinces: tuple[Province, ...]
    cities: dict[str, tuple[City, ...]]  # province code -> its cities whose Chinese names find them alone
    short: dict[str, str]  # code -> a short name that finds the place alone (or its full name)


@functools.cache
def _zh_pools() -> _ZhPools:
    g = gazetteer.load()
    cities: dict[str, list[City]] = {}
    for c in g.cities:
        if c.province_code in _ZH_ABBR and c.name_zh.endswith("市") and len(c.name_zh) >= 3 \
                and [h.code for h in g.scan(c.name_zh)] == [c.code]:
            cities.setdefault(c.province_code, []).append(c)
    provinces = tuple(p for p in g.provinces if p.code in _ZH_ABBR and len(cities.get(p.code, ())) >= 2
                      and p.capital_code in {c.code for c in cities[p.code]})
    short = {}
    for place in (*provinces, *(c for p in provinces for c in cities[p.code])):
        name = place.name_zh
        stem = next((name[:-len(s)] for s in _ZH_REGION_SUFFIXES if name.endswith(s)), name)
        short[place.code] = stem if len(stem) >= 2 and [h.code for h in g.scan(stem)] == [place.code] else name
    return _ZhPools(provinces=provinces, cities={p.code: tuple(cities[p.code]) for p in provinces}, short=short)


class _ZhUnit(msgspec.Struct, frozen=True):
    written: str  # Simplified, before the document's script and punctuation
    key: str
    place: Province | City | None = None  # named in it: a place of the measure ...
    organisation: bool = False  # ... unless the unit is a firm or a bank


class _ZhUnits:
    """The units of one jurisdiction; each place names a body one way in all its documents (its own
    choice among the alternatives), but writes it with or without its prefix as it likes."""

    def __init__(self, level: str, place: Province | City, capital: City, seed: int) -> None:
        pick = random.Random(f"{seed}:zh-units:{place.code}")
        pools = _zh_pools()
        self.level, self.place = level, place
        region = place.name_zh.endswith("自治区")
        self.prefix = "市" if level == "city" else "自治区" if region else "省"
        party = "市委" if level == "city" else "自治区党委" if region else "省委"
        table = _ZH_PROVINCIAL if level == "province" else _ZH_MUNICIPAL
        self.cores = {k: alts[pick.randrange(len(alts))] for k, alts in table.items()}
        self.party = {k: party + core for k, core in _ZH_PARTY.items()}
        governments, departments = _ZH_COLLECTIVES[level]
        self.collective = governments[pick.randrange(len(governments))]
        self.relevant = departments.format(P=self.prefix)
        fill = dict(s=pools.short[place.code], cs=pools.short[capital.code])
        self.firms = {k: (alts[pick.randrange(len(alts))].format(**fill), capital if k == "bank" else place)
                      for k, alts in _ZH_FIRMS[level].items()}
        self.departments = tuple(self.cores) + tuple(self.party)

    def unit(self, r: random.Random, key: str) -> _ZhUnit:
        code = self.place.code
        if key in self.cores:
            core = self.cores[key]
            form = r.random()
            # A department is one unit however a place spells it (数据局, 大数据局: one data bureau): keyed by body.
            if form < 0.15 and key not in _ZH_NOT_BARE:
                return _ZhUnit(core, f"{code}:{key}")
            if form < 0.3 and key not in _ZH_NOT_BARE:
                return _ZhUnit(self.place.name_zh + core, f"{code}:{key}", self.place)
            return _ZhUnit(self.prefix + core, f"{code}:{key}")
        if key in self.party:
            return _ZhUnit(self.party[key], f"{code}:{key}")
        if key == "coll":
            return _ZhUnit(self.collective, f"{code}:{self.collective}")
        if key == "rel":
            return _ZhUnit(self.relevant, f"{code}:{self.relevant}")
        name, place = self.firms[key]
        return _ZhUnit(name, f"{place.code}:{name}", place, organisation=True)

    def pick(self, r: random.Random, leads: tuple[str, ...]) -> list[str]:
        """Unit keys of a measure's list: its leads first."""
        keys = [k for k in leads if k in self.cores or k in self.party] or ["drc"]
        keys = keys[:r.randint(1, len(keys))]
        keys += r.sample([k for k in self.departments if k not in keys], r.randint(0, 3))
        if r.random() < 0.15:
            keys.insert(r.randint(1, len(keys)), r.choice(sorted(self.firms)))
        if r.random() < 0.45:
            keys.append("coll")
        elif r.random() < 0.2:
            keys.append("rel")
        return keys


class _Zh:
    """A Chinese document being written: lines, the layout's choices, the text conversion."""

    def __init__(self, d: _Doc, units: _ZhUnits, level: str) -> None:
        r = self.r = d.rng
        self.d, self.units, self.level = d, units, level
        self.lines: list[str] = []
        self.frame = r.choice(("notice", "notice", "signed", "signed", "bare"))
        self.shape = r.choice(("cn", "cn", "chapter", "flat"))
        self.run_on = r.random() < 0.5
        self.leads = r.choice(("first", "first-stated", "comma", "marked"))
        self.rule_in_list = r.random() < 0.6  # else the rule is stated in the preamble
        self.rule_pending = self.leads in ("first-stated", "comma") and self.rule_in_list
        self.traditional = r.random() < 0.2
        self.ascii = r.random() < 0.2
        self.dot = "．" if r.random() < 0.2 else "."  # "1．" or "1."
        self.scope = "全市" if level == "city" else "全区" if units.prefix == "自治区" else "全省"
        self.year = d.published.year  # the year it is written in: targets are for the years after
        self.what = "本措施"  # what the document calls itself
        self.counter: dict[object, int] = {}  # numbering of each level

    @property
    def layout(self) -> tuple[str, ...]:
        return (self.frame, self.shape, "run-on" if self.run_on else "restart", self.leads,
                *(("rule-in-list",) if self.leads in ("first-stated", "comma") and self.rule_in_list else ()),
                *(("traditional",) if self.traditional else ()), *(("ascii",) if self.ascii else ()))

    def t(self, text: str) -> str:
        """A piece of text as this document writes it (its script, its punctuation)."""
        if self.traditional:
            converted = _s2t().convert(text)
            if len(converted) != len(text):  # one character for one: offsets must not move
                raise AssertionError(f"OpenCC s2t changed the length of {text!r}: {converted!r}")
            text = converted
        return text.translate(_ZH_ASCII) if self.ascii else text

    def body(self, n: int) -> str:
        r = self.r
        return "".join(s.format(*r.sample(_ZH_FIELDS, 3)) for s in r.sample(_ZH_GENERIC, n))

    # -- figures -------------------------------------------------------------------------------

    def fig(self, quote: str, value: float, unit: str, comparator: str, year: int | None, kind: str) -> str:
        written = self.t(quote)
        self.d.figures.append(SynthFigure(quote=written, value=float(value), unit=unit, comparator=comparator,
                                          year=year, kind=kind, measure=self.d._measure))
        return written

    def targets(self, year: int, n: int) -> str:
        """"到2028年，全省人工智能核心产业规模突破2000亿元，培育人工智能企业超过500家，…。" with `n` clauses."""
        r, t = self.r, self.t
        clauses = []
        for which in r.sample(range(6), n):
            if which == 0:
                verb, comparator = r.choice((("突破", ">"), ("超过", ">"), ("达到", "=")))
                amount = r.randrange(100, 3000, 50) if self.level == "province" else r.randrange(50, 800, 10)
                part = t(f"{self.scope}人工智能核心产业规模{verb}") + self.fig(f"{amount}亿元", amount * 10**8, "CNY",
                                                                         comparator, year, "target")
                if r.random() < 0.4:
                    pct = r.randrange(10, 30)
                    part += t("，年均增长") + self.fig(f"{pct}%", pct, "%", ">=", year, "target") + t("以上")
            elif which == 1:
                firms = r.randrange(50, 900, 10)
                more = r.random() < 0.6
                part = t("培育人工智能企业" + ("超过" if more else "")) + self.fig(
                    f"{firms}家", firms, "enterprises", ">" if more else "=", year, "target")
            elif which == 2:
                flops = r.randint(5, 60)
                part = t("智能算力规模达到") + self.fig(f"{flops}EFLOPS", flops, "EFLOPS", "=", year, "target")
            elif which == 3:
                scenes = r.randrange(20, 300, 10)
                part = t("打造") + self.fig(f"{scenes}个典型应用场景", scenes, "scenarios", "=", year, "target")
            elif which == 4:
                factories = r.randint(10, 120)
                part = t("建成智能工厂") + self.fig(f"{factories}个", factories, "factories", ">=", year, "target") \
                    + t("以上")
            else:
                revenue = r.randrange(100, 2000, 50)
                part = t("人工智能相关产业营业收入突破") + self.fig(f"{revenue}亿元", revenue * 10**8, "CNY", ">",
                                                                  year, "target")
            clauses.append(part)
        return t(f"到{year}年，") + t("，").join(clauses) + t("。")

    def funding(self) -> str:
        r, t = self.r, self.t
        if r.random() < 0.5:
            cap = r.choice((100, 200, 300, 500, 800, 1000))
            return t("对符合条件的项目，单个项目最高支持") + self.fig(f"{cap}万元", cap * 10**4, "CNY", "<=", None,
                                                                   "funding") + t("。")
        fund = r.randint(2, 50)
        return t("设立") + self.fig(f"{fund}亿元", fund * 10**8, "CNY", "=", None, "funding") + t("人工智能产业引导基金。")

    # -- unit lists ----------------------------------------------------------------------------

    def unit_list(self, keys: list[str], *, labelled: bool = False) -> tuple[str, SynthList]:
        """One list as the document's lead rule writes it, and what it says."""
        r, t, d = self.r, self.t, self.d
        units = []
        for k in keys:  # one body once per list
            u = self.units.unit(r, k)
            if u.key not in {x.key for x in units}:
                units.append(u)
        n = len(units)
        leads = 1 if n == 1 or r.random() < 0.7 else min(n, r.randint(2, 3))

        def name(u: _ZhUnit, lead: bool) -> tuple[str, SynthUnit]:
            if u.place is not None:
                d.place(u.place, organisation=u.organisation)
            written = t(u.written)
            return written, SynthUnit(name=written, key=u.key, is_lead=lead)

        def names(part: list[_ZhUnit], lead: bool) -> tuple[str, list[SynthUnit]]:
            written, out = [], []
            for u in part:
                w, s = name(u, lead)
                written.append(w)
                out.append(s)
            return t("、").join(written), out

        if labelled:  # "（牵头单位：A；配合单位：B、C）": the rule is in the labels
            head, facts = names(units[:leads], True)
            text = t("（牵头单位：") + head
            if n > leads:
                label = r.choice(("；配合单位：", "，责任单位：", "；责任单位："))
                rest, more = names(units[leads:], False)
                text += t(label) + rest
                facts += more
            return text + t("）"), SynthList(lead_rule="labelled", units=tuple(facts))
        label = "（责任单位：" if r.random() < 0.9 else "（责任部门："
        note = ""
        if self.rule_pending:
            note = "，列第一位的为牵头单位，下同" if self.leads == "first-stated" else "，第一个逗号前为牵头单位，下同"
            self.rule_pending = False
        if self.leads == "comma":
            head, facts = names(units[:leads], True)
            text = t(label) + head
            if n > leads:
                rest, more = names(units[leads:], False)
                text += t("，") + rest
                facts += more
            return text + t(note + "）"), SynthList(lead_rule="before_first_comma", units=tuple(facts))
        if self.leads == "marked":
            marked = set(r.sample(range(n), leads)) if r.random() < 0.3 else set(range(leads))
            parts, facts = [], []
            for i, u in enumerate(units):
                w, s = name(u, i in marked)
                parts.append(w + ("☆" if i in marked else ""))
                facts.append(s)
            return t(label) + t("、").join(parts) + t("）"), SynthList(lead_rule="marked", units=tuple(facts))
        # The first listed leads; a comma may set the last units apart; "配合单位" help.
        facts_written = [name(u, i == 0) for i, u in enumerate(units)]
        if n >= 3 and r.random() < 0.15:
            helpers = r.randint(1, n - 2)
            main, extra = facts_written[:-helpers], facts_written[-helpers:]
            text = t(label) + t("、").join(w for w, _ in main) + t("；配合单位：") + t("、").join(w for w, _ in extra)
        else:
            seps = [t("、")] * (n - 1)
            if n >= 3 and r.random() < 0.3:
                seps[-1] = t("，")
            text = t(label) + "".join(w + sep for (w, _), sep in zip(facts_written, [*seps, ""]))
        return text + t(note + "）"), SynthList(lead_rule="first", units=tuple(s for _, s in facts_written))

    # -- outline -------------------------------------------------------------------------------

    def number(self, level: object, scope: object) -> int:
        """Next number at `level`; restarting in every `scope` unless the numbering runs on."""
        key = (level, None if self.run_on and level == "measure" else scope)
        self.counter[key] = self.counter.get(key, 0) + 1
        return self.counter[key]

    def heading(self, depth: int, marker: str, number: int, title: str, *, alone: bool,
                sep: str = "") -> tuple[int, str]:
        """A numbered heading: (its section's index, the start of its line). `alone`: the title is the line."""
        t = self.t
        section = self.d.section(depth, t(marker), number, t(title))
        return section, t(marker) + sep + t(title) + ("" if alone else t("。"))

    def sentence(self, spec) -> str:
        """Write one sentence of a measure's body (its places and figures are recorded now)."""
        r, t, d = self.r, self.t, self.d
        if isinstance(spec, str):
            return t(spec)
        if spec[0] == "place":
            picked = r.sample(_zh_pools().cities[self.units.place.code], spec[1].count("{"))
            return "".join(d.place(picked[int(p[1])], t(picked[int(p[1])].name_zh)) if p.startswith("{") else t(p)
                           for p in re.split(r"(\{\d\})", spec[1]) if p)
        if spec[0] == "targets":
            return self.targets(self.year + r.randint(1, 4), r.randint(1, 2))
        return self.funding()

    def measure(self, depth: int, marker: str, number: int, title: str, leads: tuple[str, ...], *,
                with_units: bool = True, scenario: tuple | None = None) -> None:
        """A measure: heading, body, its unit lists (or none), in the layout's style."""
        r, t, d = self.r, self.t, self.d
        d.begin_measure()
        alone = r.random() < 0.25  # the heading on a line of its own, the body below it
        section, head = self.heading(depth, marker, number, title, alone=alone)
        if scenario is not None:
            first = t(self.body(1))
            lines = [head, first] if alone else [head + first]
            names: tuple[str, ...] = ()
            for name, body in r.sample(scenario[2], r.randint(3, len(scenario[2]))):
                prefix = r.choice(("人工智能+", "人工智能＋", "AI+"))
                # In ASCII punctuation only "：" is written: "人工智能+制造." is not read (see test_synth).
                colon = self.ascii or r.random() < 0.5
                lines.append(t(prefix) + t(name) + t("：" if colon else "。") + t(body))
                names += (t(name),)
                if colon:  # "人工智能+制造：…" is also a labelled item of the measure
                    d.section(depth + 1, "", 0, t(prefix) + t(name))
            text, facts = self.unit_list(self.units.pick(r, scenario[1]),
                                         labelled=r.random() < 0.15 and not self.rule_pending)
            if r.random() < 0.5:
                lines[-1] += text
            else:
                lines.append(t(self.body(1)) + text)
            self.lines += lines
            d.add_measure(section, t(title), (facts,), names)
            return
        specs: list = [sentence.format(*r.sample(_ZH_FIELDS, 3)) for sentence in r.sample(_ZH_GENERIC, r.randint(5, 8))]
        if self.level == "province" and r.random() < 0.3:
            specs.insert(r.randint(0, len(specs)), ("place", r.choice(_ZH_PLACE_SENTENCES)))
        figure = r.random()
        if figure < 0.2:
            specs.append(("targets",))
        elif figure < 0.35:
            specs.append(("funding",))
        count = 0 if not with_units else 2 if r.random() < 0.15 else 1
        order = [*specs[:-1], ("list", 0), specs[-1], ("list", 1)] if count == 2 else \
            [*specs, ("list", 0)] if count else specs
        text, lists = "", []
        for spec in order:
            if isinstance(spec, tuple) and spec[0] == "list":
                keys = self.units.pick(r, leads)
                if spec[1]:
                    keys = keys[:r.randint(1, 2)]
                written, facts = self.unit_list(keys, labelled=r.random() < 0.15 and not self.rule_pending)
                text += written
                lists.append(facts)
            else:
                text += self.sentence(spec)
        self.lines += [head, text] if alone else [head + text]
        d.add_measure(section, t(title), tuple(lists))

    def other(self, depth: int, marker: str, number: int, title: str, body: str) -> None:
        """A numbered section that is no measure (preamble, safeguards without units)."""
        section, line = self.heading(depth, marker, number, title, alone=False)
        self.lines.append(line + body)

    def safeguard(self, depth: int, marker: str, number: int, title: str, body: str, keys: tuple[str, ...]) -> None:
        """An item of the safeguards: a measure when it names its units (outline.py), else not."""
        r, t, d = self.r, self.t, self.d
        named = r.random() < 0.4
        if named:
            d.begin_measure()
        section, head = self.heading(depth, marker, number, title, alone=False)
        pieces = body.split("{fund}")
        text = t(pieces[0])
        if len(pieces) > 1:
            fund = r.randint(2, 50)
            text += t("设立") + self.fig(f"{fund}亿元", fund * 10**8, "CNY", "=", None, "funding") \
                + t("人工智能产业引导基金") + t(pieces[1])
        if named:
            written, facts = self.unit_list(list(keys) + (["coll"] if r.random() < 0.3 else []))
            self.lines.append(head + text + written)
            d.add_measure(section, t(title), (facts,))
        else:
            self.lines.append(head + text)

    def preamble_items(self) -> list[tuple[str, str]]:
        """(title, body) of the 总体要求 items; the targets are written (and recorded) here."""
        items = [("指导思想", self.t("坚持创新驱动、应用牵引，推动人工智能与实体经济深度融合，加快培育新质生产力。"))]
        if self.r.random() < 0.4:
            items.append(("基本原则", self.t("坚持市场主导、政府引导，坚持开放合作、安全可控。")))
        items.append(("发展目标", self.targets(self.year + self.r.randint(2, 4), self.r.randint(2, 4))))
        return items


def _zh_outline(z: _Zh) -> None:
    """The body of the plan: chapters, groups and measures in the layout's shape."""
    r, t = z.r, z.t
    scenario_odds = 0.7 if z.level == "province" else 0.5
    topics = [c for c in _ZH_CHAPTERS if c[1] is not None or r.random() < scenario_odds]
    per_topic = (4, 5) if z.level == "province" else (3, 4)

    def topic_measures(spec) -> list[tuple]:
        """(title, leads, scenario or None) of one topic's measures."""
        titles, measures = spec
        if measures is None:
            return [(title, leads, (title, leads, pool)) for title, leads, pool in
                    r.sample(_ZH_SCENARIOS, r.randint(1, min(2, per_topic[1])))]
        return [(title, leads, None) for title, leads in r.sample(measures, r.randint(*per_topic))]

    def write_measures(depth: int, marker, scope: object, items: list[tuple]) -> None:
        for k, (title, leads, scenario) in enumerate(items):
            number = z.number("measure", scope)
            bare = k > 0 and scenario is None and r.random() < 0.06  # a measure without a unit list
            z.measure(depth, marker(number), number, title, leads, with_units=not bare, scenario=scenario)

    paren = lambda n: f"（{_cn(n)}）"  # noqa: E731
    dun = lambda n: f"{_cn(n)}、"  # noqa: E731
    dot = lambda n: f"{n}{z.dot}"  # noqa: E731
    preamble = r.random() < (0.75 if z.shape != "flat" else 0.3)
    safeguards = r.random() < (0.75 if z.shape != "flat" else 0.5)
    if z.shape == "cn":
        if preamble:
            number = z.number("chapter", None)
            z.lines.append(z.heading(1, dun(number), number, "总体要求", alone=True)[1])
            for title, body in z.preamble_items():
                n = z.number("measure", "preamble")
                z.other(2, paren(n), n, title, body)
        if r.random() < 0.3:  # one chapter of tasks ("重点任务"), the measures of every topic in it
            number = z.number("chapter", None)
            z.lines.append(z.heading(1, dun(number), number, r.choice(("重点任务", "主要任务")), alone=True)[1])
            write_measures(2, paren, number, [m for spec in topics for m in topic_measures(spec)])
        else:
            for spec in topics:
                number = z.number("chapter", None)
                z.lines.append(z.heading(1, dun(number), number, r.choice(spec[0]), alone=True)[1])
                write_measures(2, paren, number, topic_measures(spec))
        if safeguards:
            number = z.number("chapter", None)
            z.lines.append(z.heading(1, dun(number), number, r.choice(_ZH_SAFEGUARD_CHAPTERS), alone=True)[1])
            for title, body, keys in r.sample(_ZH_SAFEGUARDS, r.randint(2, 4)):
                n = z.number("measure", "safeguards")
                z.safeguard(2, paren(n), n, title, body, keys)
    elif z.shape == "chapter":
        space = r.choice((" ", "\u3000"))

        def chapter(title: str) -> int:
            number = z.number("chapter", None)
            z.lines.append(z.heading(1, f"第{_cn(number)}章", number, title, alone=True, sep=space)[1])
            return number

        if preamble:
            ch = chapter("总体要求")
            for title, body in z.preamble_items():
                n = z.number("group", ch)
                z.lines.append(z.heading(2, dun(n), n, title, alone=True)[1])
                z.lines.append(body)
        halves = [topics] if len(topics) < 2 or r.random() < 0.5 else [topics[:len(topics) // 2],
                                                                       topics[len(topics) // 2:]]
        names = (("重点任务",), ("推动创新突破", "深化融合应用"))[len(halves) - 1]
        for title, group_specs in zip(names, halves):
            ch = chapter(title)
            for spec in group_specs:
                g = z.number("group", ch)
                z.lines.append(z.heading(2, dun(g), g, r.choice(spec[0]), alone=True)[1])
                write_measures(3, dot, (ch, g), topic_measures(spec))
        if safeguards:
            ch = chapter(r.choice(_ZH_SAFEGUARD_CHAPTERS))
            for title, body, keys in r.sample(_ZH_SAFEGUARDS, r.randint(2, 4)):
                n = z.number("group", ch)
                z.safeguard(2, dun(n), n, title, body, keys)
    else:  # flat: the items are the measures
        if preamble:
            n = z.number("measure", None)
            z.other(1, dun(n), n, "发展目标", z.targets(z.year + r.randint(2, 4), r.randint(2, 3)))
        items = [m for spec in topics for m in topic_measures(spec)]
        write_measures(1, dun, None, items[:20])
        if safeguards:
            title, body, keys = r.choice(_ZH_SAFEGUARDS)
            n = z.number("measure", None)
            z.safeguard(1, dun(n), n, r.choice(_ZH_FLAT_SAFEGUARDS), body, keys)
        if r.random() < 0.4:
            z.lines += ["", t(f"{z.what}自印发之日起施行，由{z.units.prefix}发展改革委负责解释。")]


def _zh_document(d: _Doc, index: int, seed: int, level: str) -> dict:
    r, pools = d.rng, _zh_pools()
    prov = r.choice(pools.provinces)
    cities = pools.cities[prov.code]
    capital = next(c for c in cities if c.code == prov.capital_code)
    place = prov if level == "province" else r.choice(cities)
    units = _ZhUnits(level, place, capital if level == "province" else place, seed)
    z = _Zh(d, units, level)
    t = z.t
    date = d.published
    region = place.name_zh.endswith("自治区")
    if level == "province":
        topic, slug = r.choice(_ZH_POLICY_TOPICS)
        plan = place.name_zh + topic
        office, party = place.name_zh + "人民政府办公厅", ("" if region else "中共") + place.name_zh + (
            "党委办公厅" if region else "委办公厅")
        abbr = _ZH_ABBR[prov.code]
    else:
        topic, slug = r.choice(_ZH_PLAN_TOPICS)
        first = date.year + r.randint(0, 1)
        plan = f"{place.name_zh}{topic}（{first}—{first + 2}年）"
        office, party = place.name_zh + "人民政府办公室", "中共" + place.name_zh + "委办公室"
        abbr = place.name_zh[0]
    if r.random() < 0.2:
        issuers, word = [party, office], "办发"
    elif r.random() < 0.2:
        issuers, word = [place.name_zh + "人民政府"], "政发"
    else:
        issuers, word = [office], "政办发"
    number = f"{abbr}{word}〔{date.year}〕{r.randint(1, 60)}号"
    written_date = _cn_date(date) if r.random() < 0.15 else f"{date.year}年{date.month}月{date.day}日"

    def signature() -> list[str]:
        d.place(place)
        names = [t(n) for n in issuers]
        lines = [t("\u3000").join(names)] if len(names) > 1 and r.random() < 0.5 else names
        return ["", *lines, t(written_date)]

    lines = z.lines
    d.place(place)
    title = t(plan)
    plan_title = None
    has_number = z.frame == "notice" or (z.frame == "signed" and r.random() < 0.5)
    if z.frame == "notice":
        title = " ".join(t(n) for n in issuers) + t("关于印发《") + t(plan) + t("》的通知")
        plan_title = t(plan)
        cited, cited_number = r.choice(_ZH_CITED)
        salutation = ("各市州人民政府，省政府各厅委、各直属机构：" if not region else
                      "各设区市人民政府，自治区人民政府各组成部门、各直属机构：") if level == "province" else \
            "各区县（市）人民政府，市政府各局委、各直属机构："
        lines += [title, t(number), "", t(salutation),
                  t(f"为深入贯彻落实{cited}（{cited_number}）精神，经{z.units.prefix}人民政府同意，现将《") + t(plan)
                  + t("》印发给你们，请认真组织实施。"),
                  *signature(), "", t(plan)]
    else:
        lines.append(title)
        if has_number:
            lines.append(t(number))
    ours = "我市" if level == "city" else "我区" if region else "我省"
    z.what = "本方案" if level == "city" else "本措施" if topic.endswith("措施") else "本意见"
    preamble = f"为深入贯彻落实国家关于人工智能发展的决策部署，加快推动人工智能产业高质量发展，结合{ours}实际，制定{z.what}"
    if z.leads == "marked":
        preamble += "（标☆的为牵头单位）"
    preamble += "。"
    if z.leads == "first-stated" and not z.rule_in_list:
        preamble += "各项任务中列第一位的单位为牵头单位。"
    if z.leads == "comma" and not z.rule_in_list:
        preamble += "各项任务责任单位中，第一个逗号前的单位为牵头单位。"
    lines += ["", t(preamble)]
    _zh_outline(z)
    if z.frame == "signed":
        lines += signature()
    d.paragraphs = lines
    d.joiner = "\n"
    signed = z.frame != "bare"
    sidecar = r.random() < 0.3
    kind = "policy" if level == "province" else "plan"
    meta = dict(kind=kind, jurisdiction=place.code) if sidecar else None
    issuer_units = tuple(SynthUnit(name=t(n), key=f"{place.code}:{n}") for n in issuers) if signed else ()
    return dict(stem=f"{index:06d}-{place.slug}-{slug}", kind=kind, meta=meta, jurisdiction=place.code,
                title=title, plan_title=plan_title, publisher=None,
                issuer="; ".join(u.name for u in issuer_units) or None, issuers=issuer_units,
                number=t(number) if has_number else None, published=date if signed else None,
                date_written=t(written_date) if signed else None, language="zh", layout=z.layout)


def _zh_policy(d: _Doc, index: int, seed: int) -> dict:
    return _zh_document(d, index, seed, "province")


def _zh_plan(d: _Doc, index: int, seed: int) -> dict:
    return _zh_document(d, index, seed, "city")


def _chinese(index: int, seed: int) -> bool:
    """Half of the policies and plans are Chinese: in every five documents, the policy or the plan."""
    kind = _CYCLE[index % len(_CYCLE)]
    return kind in ("policy", "plan") and (index // len(_CYCLE) + (kind == "plan") + seed) % 2 == 1


_WRITERS = {"policy": _policy, "plan": _plan, "news": _news, "headline": _headline, "analysis": _analysis}


def document(index: int, seed: int = 0, *, chinese: bool | None = None) -> tuple[SynthDocument, bytes, bytes | None]:
    """Document `index` of the corpus of `seed`: (what a compiler must read, the text's bytes, the
    sidecar's bytes or None). `chinese` forces the language of a policy or plan (None: the corpus's choice)."""
    r = random.Random(f"policyapi-synth:{seed}:{index}")
    kind = _CYCLE[index % len(_CYCLE)]
    dated = kind in ("policy", "plan", "headline") or (kind == "news" and r.random() < 0.8)
    d = _Doc(r, _published(r) if dated else None)
    zh = _chinese(index, seed) if chinese is None else chinese and kind in ("policy", "plan")
    facts = (_zh_policy if kind == "policy" else _zh_plan)(d, index, seed) if zh else _WRITERS[kind](d, index, seed)
    text = d.joiner.join(d.paragraphs) + "\n"
    meta = facts["meta"]
    sidecar = None
    if meta is not None:
        meta = {"source": f"{index:03d}_{r.getrandbits(64):016x}.txt", **meta}
        lines = ["# Metadata the text does not carry (see seeds/README.md). Facts come from the text."]
        sidecar = "\n".join(lines + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()]) + "\n"
    data = text.encode()
    doc = SynthDocument(
        id=facts["stem"], kind=facts["kind"], language=facts.get("language", "en"), layout=facts.get("layout", ()),
        sidecar=meta is not None, title=facts["title"], plan_title=facts.get("plan_title"),
        jurisdiction=facts["jurisdiction"], published=facts.get("published", d.published),
        date_written=facts.get("date_written", d.date_written), publisher=facts["publisher"], issuer=facts["issuer"],
        issuers=facts.get("issuers", ()), number=facts["number"], outline=d.outline(), measures=tuple(d.measures),
        figures=tuple(d.figures), places=tuple(sorted(d.places)), bytes=len(data))
    return doc, data, sidecar.encode() if sidecar else None


def chinese_document(seed: int, *, kind: str = "policy") -> tuple[SynthDocument, bytes, bytes | None]:
    """One Chinese policy (a province's) or plan (a city's), its layout chosen by `seed` (for property tests)."""
    if kind not in ("policy", "plan"):
        raise ValueError(f"kind must be 'policy' or 'plan', not {kind!r}")
    return document(_CYCLE.index(kind), seed, chinese=True)


def generate(out: Path | str, scale: float = 1.0, *, seed: int = 0) -> list[SynthDocument]:
    """Write about `scale` x SEED_BYTES of documents (and sidecars) into the empty folder `out`."""
    if not scale > 0:
        raise PolicyAPIError(f"scale must be a positive number, not {scale}")
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise PolicyAPIError(f"{out} is not an empty folder; synth writes a fresh corpus")
    out.mkdir(parents=True, exist_ok=True)
    target, total, written = scale * SEED_BYTES, 0, []
    while True:
        doc, text, sidecar = document(len(written), seed)
        if written and total + doc.bytes / 2 > target:  # stop where the total comes closest to the target
            return written
        (out / f"{doc.id}.txt").write_bytes(text)
        if sidecar is not None:
            (out / f"{doc.id}.meta.toml").write_bytes(sidecar)
        total += doc.bytes
        written.append(doc)
