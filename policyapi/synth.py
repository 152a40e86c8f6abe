"""Synthetic corpora N times the seeds' size, for benchmarks and scale tests (`policyapi synth`).

Why: five real documents cannot show how the build, the store and the service behave at 100x
or 1000x, and thousands of real ones are not ours to ship. These documents are of the seeds'
kinds (provincial implementation opinions, city action plans, city news, analyses), about
other provinces and cities of the gazetteer, with other departments and numbers, and they go
through the real compiler unchanged. Same scale and seed, same bytes: document i draws from
its own ``random.Random`` seeded by (seed, i), so a smaller corpus is a prefix of a larger one.
`generate` returns what it wrote (measures, units, figures, places), which tests hold the
compiler's output against.
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

__all__ = ["SEED_BYTES", "SynthDocument", "SynthFigure", "SynthMeasure", "SynthUnit", "generate"]

SEED_BYTES = 33_490  # the five seeds' *.txt bytes: scale 1 writes about this much text
_CYCLE = ("policy", "news", "analysis", "plan", "headline")  # one of each per ~5 documents, like the seeds


class SynthFigure(msgspec.Struct, frozen=True):
    quote: str
    value: float
    unit: str
    comparator: str
    year: int | None
    kind: str
    measure: int | None  # number of the measure it is written in


class SynthUnit(msgspec.Struct, frozen=True):
    name: str  # as written in the unit list
    key: str  # the unit it names: "<jurisdiction code>:<first spelling>"


class SynthMeasure(msgspec.Struct, frozen=True):
    number: int
    chapter: int
    title: str
    units: tuple[SynthUnit, ...]
    scenarios: tuple[str, ...]
    places: tuple[str, ...]  # codes, in order of first mention


class SynthDocument(msgspec.Struct, frozen=True):
    """One written document and what a correct compiler reads from it."""

    id: str
    kind: str
    sidecar: bool
    title: str
    jurisdiction: str
    published: dt.date | None
    publisher: str | None
    issuer: str | None
    number: str | None
    chapters: tuple[str, ...]
    measures: tuple[SynthMeasure, ...]
    figures: tuple[SynthFigure, ...]  # in text order
    places: tuple[str, ...]  # every code named in the cleaned text, sorted
    bytes: int


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


class _Doc:
    """Paragraphs of one document, and every fact put into them, recorded as they are written."""

    def __init__(self, rng: random.Random, published: dt.date | None) -> None:
        self.rng, self.published = rng, published
        self.paragraphs: list[str] = []
        self.places: set[str] = set()
        self.figures: list[SynthFigure] = []
        self.measures: list[SynthMeasure] = []
        self.chapters: list[str] = []
        self._measure: int | None = None
        self._measure_places: list[str] = []

    def place(self, place: Province | City, written: str | None = None) -> str:
        self.places.add(place.code)
        if self._measure is not None:
            self._measure_places.append(place.code)
        return written or place.name

    def fig(self, written: str, number: str, unit: str, *, scale: int = 1, comparator: str = "=",
            year: int | None = None, kind: str = "target") -> str:
        value = float(Decimal(number.replace(",", "")) * scale)
        self.figures.append(SynthFigure(quote=written, value=value, unit=unit, comparator=comparator, year=year,
                                        kind=kind, measure=self._measure))
        return written

    def chapter(self, title: str) -> None:
        self.chapters.append(title)
        self.paragraphs.append(f"{len(self.chapters)}、 {title}")

    def begin_measure(self) -> int:
        self._measure, self._measure_places = len(self.measures) + 1, []
        return self._measure

    def end_measure(self, title: str, units: list[SynthUnit], scenarios: tuple[str, ...] = ()) -> None:
        self.measures.append(SynthMeasure(number=self._measure, chapter=len(self.chapters), title=title,
                                          units=tuple(units), scenarios=scenarios,
                                          places=tuple(dict.fromkeys(self._measure_places))))
        self._measure = None

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
        return f"{who} {p.day} {_MONTHS[p.month - 1][:3]} {p.year}{time}"
    if style == 1:
        return f"{who} | {_MONTHS[p.month - 1]} {p.day}, {p.year}"
    return f"{who}·{p.isoformat()}{time}"


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
        if key in ("pboc", "group", "grid"):  # named after the province (or, in city documents, the city)
            d.place(self.place)
        code = self.place.code
        if key in ("bank", "capgov"):
            d.place(self.capital)
            code = self.capital.code
        return SynthUnit(name=written, key=f"{code}:{spellings[0]}")

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
                number=number)


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
    return dict(stem=f"{index:06d}-{city.slug}-action-plan", kind="plan", meta=meta, jurisdiction=city.code,
                title=title, publisher=publisher, issuer=issuer, number=None)


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


_WRITERS = {"policy": _policy, "plan": _plan, "news": _news, "headline": _headline, "analysis": _analysis}


def _document(index: int, seed: int) -> tuple[SynthDocument, bytes, bytes | None]:
    r = random.Random(f"policyapi-synth:{seed}:{index}")
    kind = _CYCLE[index % len(_CYCLE)]
    dated = kind in ("policy", "plan", "headline") or (kind == "news" and r.random() < 0.8)
    d = _Doc(r, _published(r) if dated else None)
    facts = _WRITERS[kind](d, index, seed)
    text = "\n\n".join(d.paragraphs) + "\n"
    meta = facts["meta"]
    sidecar = None
    if meta is not None:
        meta = {"source": f"{index:03d}_{r.getrandbits(64):016x}.txt", **meta}
        lines = ["# Metadata the text does not carry (see seeds/README.md). Facts come from the text."]
        sidecar = "\n".join(lines + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()]) + "\n"
    data = text.encode()
    doc = SynthDocument(
        id=facts["stem"], kind=facts["kind"], sidecar=meta is not None, title=facts["title"],
        jurisdiction=facts["jurisdiction"], published=d.published, publisher=facts["publisher"],
        issuer=facts["issuer"], number=facts["number"], chapters=tuple(d.chapters), measures=tuple(d.measures),
        figures=tuple(d.figures), places=tuple(sorted(d.places)), bytes=len(data))
    return doc, data, sidecar.encode() if sidecar else None


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
        doc, text, sidecar = _document(len(written), seed)
        if written and total + doc.bytes / 2 > target:  # stop where the total comes closest to the target
            return written
        (out / f"{doc.id}.txt").write_bytes(text)
        if sidecar is not None:
            (out / f"{doc.id}.meta.toml").write_bytes(sidecar)
        total += doc.bytes
        written.append(doc)
