"""Tests for policyapi.build.extract.figures: numbers+units found, normalised and labelled."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS  # the project's own copy of the seeds
from policyapi.build.extract.figures import FigureHit, extract_figures



def hit(text: str, quote: str, **kwargs) -> FigureHit:
    """The single hit whose quote is `quote`."""
    hits = [h for h in extract_figures(text, **kwargs) if h.quote == quote]
    assert len(hits) == 1, (quote, extract_figures(text, **kwargs))
    return hits[0]


def values(text: str, **kwargs) -> list[tuple[float, str]]:
    return [(h.value, h.unit) for h in extract_figures(text, **kwargs)]


def check(h: FigureHit, value: float, unit: str, comparator: str, year: int | None, kind: str) -> None:
    assert (h.value, h.unit, h.comparator, h.year, h.kind) == (value, unit, comparator, year, kind), h


# --------------------------------------------------------------------------------------
# The cases from the seed documents
# --------------------------------------------------------------------------------------


def test_industry_scale_target():
    text = (
        "which clearly states that by 2027, the scale of the artificial intelligence industry in "
        "the province will reach 350 billion yuan, and a high-level innovation area will be built."
    )
    h = hit(text, "350 billion yuan")
    check(h, 350_000_000_000.0, "CNY", "=", 2027, "target")
    assert h.metric == "scale of the artificial intelligence industry"
    assert len(extract_figures(text)) == 1


def test_count_with_size_class_is_one_figure():
    text = "By 2027, cultivate 5 10 billion level industrial parks with an industrial scale of 350 billion yuan."
    hits = extract_figures(text)
    assert [h.quote for h in hits] == ["5 10 billion level industrial parks", "350 billion yuan"]
    parks, scale = hits
    check(parks, 5.0, "parks", "=", 2027, "target")
    assert "10 billion level industrial parks" in parks.metric
    check(scale, 350_000_000_000.0, "CNY", "=", 2027, "target")
    assert scale.metric == "industrial scale"


def test_wuhan_plan_targets():
    text = (
        "- The plan aims for the artificial intelligence industry in Wuhan to exceed 200 billion yuan "
        "by 2028, with over 1,500 AI-related enterprises established, positioning Wuhan as a leader [1]"
    )
    industry = hit(text, "200 billion yuan")
    check(industry, 200_000_000_000.0, "CNY", ">", 2028, "target")
    assert industry.metric == "artificial intelligence industry"
    firms = hit(text, "1,500 AI-related enterprises")
    check(firms, 1500.0, "enterprises", ">", 2028, "target")
    assert firms.metric == "AI-related enterprises"
    assert len(extract_figures(text)) == 2


def test_chinese_headline():
    h = hit("到2028年,人工智能产业规模超两千亿元", "两千亿元")
    check(h, 200_000_000_000.0, "CNY", ">", 2028, "target")
    assert h.metric == "人工智能产业规模"


def test_observed_series_in_parentheses():
    text = (
        "The city's high-tech enterprises grew from 6,259 (2020) to 16,630 (2024), now ranking 2nd "
        "among sub-provincial cities."
    )
    first, second = extract_figures(text)
    check(first, 6259.0, "enterprises", "=", 2020, "observed")
    check(second, 16630.0, "enterprises", "=", 2024, "observed")
    assert first.metric == second.metric == "high-tech enterprises"


def test_technology_contracts():
    h = hit("Technology contract transactions reached 260.8 billion yuan in 2024.", "260.8 billion yuan")
    check(h, 260_800_000_000.0, "CNY", "=", 2024, "observed")
    assert h.metric == "technology contract transactions"


def test_plus_sign_means_at_least():
    # "20,000+" reads "20,000 or more": the value may equal the floor, hence ">=".
    h = hit("Commercialization of innovations like the NAO robot (20,000+ units sold)", "20,000+ units")
    check(h, 20000.0, "units", ">=", None, "observed")
    assert h.metric == "units sold"


def test_power_capacity_this_year_and_2030():
    text = (
        "It is also investing heavily in green energy, with installed power capacity expected to reach "
        "20 gigawatts by the end of this year and 30GW by 2030 – resources that officials said will help."
    )
    now = hit(text, "20 gigawatts", published_year=2025)
    check(now, 20.0, "GW", "=", 2025, "target")
    later = hit(text, "30GW", published_year=2025)
    check(later, 30.0, "GW", "=", 2030, "target")
    assert now.metric == later.metric == "installed power capacity"
    # without a publication date "this year" cannot be resolved
    assert hit(text, "20 gigawatts").year is None


def test_data_entries_and_laboratories():
    text = (
        "The city has been building out its digital infrastructure, hosting more than 900 billion "
        "public data entries and 16 laboratories that can feed AI-model training."
    )
    entries = hit(text, "900 billion public data entries")
    check(entries, 900_000_000_000.0, "entries", ">", None, "observed")
    assert entries.metric == "public data entries"
    labs = hit(text, "16 laboratories")
    check(labs, 16.0, "laboratories", "=", None, "observed")


def test_residents():
    text = "Wuhan, a provincial capital of more than 11 million residents, has long been known for industry."
    check(hit(text, "11 million residents"), 11_000_000.0, "residents", ">", None, "observed")


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit", "comparator", "year", "metric"),
    [
        (
            "The city's GDP consistently ranks among China's top 10 and leads central China, with 5.6% "
            "growth in Q1-Q3 2025.",
            "5.6%", 5.6, "%", "=", 2025, "growth",
        ),
        (
            "2. Auto Valley: NEV production surged 58.4% YoY, outperforming national growth by 13.2 "
            "percentage points 3. Cyber Valley",
            "58.4%", 58.4, "%", "=", None, "NEV production",
        ),
        (
            "2. Auto Valley: NEV production surged 58.4% YoY, outperforming national growth by 13.2 "
            "percentage points 3. Cyber Valley",
            "13.2 percentage points", 13.2, "percentage points", "=", None, "outperforming national growth",
        ),
        (
            "Recent milestones include: - Digital economy accounting for 50% of GDP (2024) - Commercialization",
            "50%", 50.0, "%", "=", 2024, "digital economy share of GDP",
        ),
        (
            "The city's metropolitan area, contributing over 60% of Hubei's GDP, strengthens coordination.",
            "60%", 60.0, "%", ">", None, "metropolitan area share of Hubei's GDP",
        ),
    ],
)  # fmt: skip
def test_percentages(text, quote, value, unit, comparator, year, metric):
    h = hit(text, quote)
    assert (h.value, h.unit, h.comparator, h.year, h.metric) == (value, unit, comparator, year, metric)


def test_highlight_bullets():
    text = (
        "Industrial transformation highlights include: - Two national advanced manufacturing clusters "
        "(optics-electronics and automotive) - Four specialized SME clusters recognized nationally - "
        "Six pillar industries exceeding 100 billion yuan output - Traditional industries undergoing 50% "
        "technical transformation - Emerging sectors maintaining double-digit growth"
    )
    got = [(h.value, h.unit, h.comparator, h.metric) for h in extract_figures(text)]
    assert got == [
        (2.0, "clusters", "=", "national advanced manufacturing clusters"),
        (4.0, "clusters", "=", "specialized SME clusters"),
        (6.0, "industries", "=", "pillar industries"),
        (100_000_000_000.0, "CNY", ">", "output of pillar industries"),
        (50.0, "%", "=", "technical transformation of traditional industries"),
    ]


def test_infrastructure_bullets():
    text = (
        "Key infrastructure includes: - 1 national laboratory - 21 national key laboratories - "
        "10 major scientific facilities (completed/under construction) - Multiple national innovation centers"
    )
    got = [(h.value, h.unit, h.metric) for h in extract_figures(text)]
    assert got == [
        (1.0, "laboratories", "national laboratory"),
        (21.0, "laboratories", "national key laboratories"),
        (10.0, "facilities", "major scientific facilities"),
    ]


def test_nearly_is_approximate():
    text = (
        "Wuhan Industrial Innovation Research Institute has facilitated nearly 1,000 technology transfers "
        "since 2021."
    )
    h = hit(text, "1,000 technology transfers")
    # "since 2021" is a baseline, not the year the count refers to
    check(h, 1000.0, "transfers", "~", None, "observed")
    assert h.metric == "technology transfers"


def test_word_number_with_quoted_name():
    text = 'we will support the construction of parks, form six "ten thousand person R&D bases", and more.'
    (h,) = extract_figures(text)
    check(h, 6.0, "bases", "=", None, "target")
    assert h.metric == "ten thousand person R&D bases"


@pytest.mark.parametrize(
    "text",
    [
        "Ezhengbanfa [2025] No. 34",
        'The "965" modern industrial cluster strategy focuses on emerging industries.',
        'Focus on the "51020" advanced manufacturing industry cluster.',
        'Form a "1+3+N" platform system for the whole province.',
        "Promote the construction of 6G experimental networks and 5G-A mobile networks.",
        "Build a batch of 5G factories and 3D NAND flash memory lines.",
        "Since the 14th Five-Year Plan, Wuhan has achieved steady growth.",
        "Wuhan rose to 9th in scientific research rankings, now ranking 2nd among sub-provincial cities.",
        "The city's GDP consistently ranks among China's top 10 and leads central China.",
        "Fixed-asset investment growth leads among 15 sub-provincial cities.",
        "Implement a gradient cultivation plan to attract a group of Fortune 500 companies.",
        "China's first humanoid robot 7S store opening in Optics Valley.",
        "outlining a systematic approach [1][2] - The plan emphasizes growth [1]",
        "Wuhan Smart Economy Development Action Plan (2026-2028) was released in 2026.",
        "Chang Jiang Ri Bao·2026-02-04 08:47",
        "Hubei Provincial People's Government website 27 Oct 2025 18:50",
        'The "Five Valleys" industrial layout: 1. Optics Valley 2. Auto Valley',
        'Deeply promote the "Ten Million, Ten Thousand" action plan.',
        "(1) Promote the clustering. 1、 Breakthrough key core technologies",
        "Group 1: Industry Development - The plan emphasizes strengthening the cultivation",
        "over the next three years, in Q1-Q3 2025, by 2027",
        "《2025年数字经济发展规划》第十四个五年规划，一批企业，前10名",
        "从三个方面推进，实施四个一批工程，鄂政办发〔2025〕34号，2026年2月4日",
    ],
)
def test_not_figures(text):
    assert extract_figures(text) == []


# --------------------------------------------------------------------------------------
# New documents of the same kinds (invented sentences)
# --------------------------------------------------------------------------------------


def test_invented_english_plan():
    text = "By 2026, Sichuan will build 12 computing centres and the digital economy will exceed 1.2 trillion yuan."
    centres, economy = extract_figures(text)
    check(centres, 12.0, "centres", "=", 2026, "target")
    assert centres.metric == "computing centres"
    check(economy, 1_200_000_000_000.0, "CNY", ">", 2026, "target")
    assert economy.metric == "digital economy"


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit", "comparator"),
    [
        ("预计全年装机容量约20吉瓦", "20吉瓦", 20.0, "GW", "~"),
        ("投资总额逾三百五十亿元", "三百五十亿元", 35_000_000_000.0, "CNY", ">"),
        ("新增企业不少于50家", "50家", 50.0, "enterprises", ">="),
        ("核心产业增加值近500万元", "500万元", 5_000_000.0, "CNY", "~"),
        ("研发投入占比超过3%", "3%", 3.0, "%", ">"),
        ("风电装机达到2000万千瓦", "2000万千瓦", 20_000_000.0, "kW", "="),
        ("The fund raised US$1.5 billion last year.", "US$1.5 billion", 1_500_000_000.0, "USD", "="),
        ("Solar output is up to 450 MW.", "450 MW", 450.0, "MW", "<="),
        ("The province plans to add 3 GW of solar capacity by 2030.", "3 GW", 3.0, "GW", "="),
    ],
)  # fmt: skip
def test_units_and_comparators(text, quote, value, unit, comparator):
    h = hit(text, quote)
    assert (h.value, h.unit, h.comparator) == (value, unit, comparator)


def test_observed_english_report():
    text = "In 2023, Chengdu hosted 1,200 AI enterprises and its digital economy reached 650 billion yuan."
    firms, economy = extract_figures(text)
    check(firms, 1200.0, "enterprises", "=", 2023, "observed")
    check(economy, 650_000_000_000.0, "CNY", "=", 2023, "observed")
    assert economy.metric == "digital economy"


def test_kind_from_published_year_and_default():
    text = "Anhui has 40 data centres (2030)."
    assert hit(text, "40 data centres", published_year=2025).kind == "target"
    assert hit(text, "40 data centres", published_year=2031).kind == "observed"
    neutral = "Anhui: 40 data centres."
    assert hit(neutral, "40 data centres", default_kind="target").kind == "target"
    assert hit(neutral, "40 data centres").kind == "observed"
    with pytest.raises(ValueError):
        extract_figures(neutral, default_kind="maybe")


def test_metric_never_empty_and_short():
    text = "Phase two will add 3,000 MW. Targets: 40%."
    for h in extract_figures(text):
        assert h.metric and len(h.metric.split()) <= 8


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------


def assert_well_formed(text: str, hits: list[FigureHit]) -> None:
    last_end = -1
    for h in hits:
        assert text[h.start : h.end] == h.quote
        assert h.start >= last_end and h.start < h.end
        last_end = h.end
        assert math.isfinite(h.value)
        assert h.kind in ("target", "observed", "funding")  # "funding": money put up (figures/zh.py)
        assert h.comparator in ("=", ">", ">=", "<", "<=", "~")
        assert h.metric


# Fragments that exercise the extractor's rules, mixed with arbitrary characters.
FRAGMENTS = st.sampled_from(
    list("0123456789,.+%-()[]\"“”年元家个亿万两千百十超约近以上多余 \n")
    + ["billion ", " yuan", " enterprises", "more than ", "by 2027", "(2020)", "到2028年", "GW",
       "this year", "10 billion level", "six ", "Two ", "percentage points", "EFLOPS", "No. ", "$"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(), published_year=st.none() | st.integers(1900, 2100))
def test_property_arbitrary_text(text, published_year):
    assert_well_formed(text, extract_figures(text, published_year=published_year))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(FRAGMENTS | st.text(max_size=3), max_size=40).map("".join))
def test_property_number_heavy_text(text):
    assert_well_formed(text, extract_figures(text))


ENGLISH_WORDS = st.sampled_from(
    "the city reached by in since enterprises parks more than over nearly growth will aims to of "
    "and plan Wuhan reported billion residents , ( ) - total was".split()
)


@settings(max_examples=300, deadline=None)
@given(
    before=st.lists(ENGLISH_WORDS, max_size=8),
    after=st.lists(ENGLISH_WORDS, max_size=8),
    year=st.integers(1900, 2100),
    parenthesised=st.booleans(),
)
def test_property_year_is_never_a_quantity(before, after, year, parenthesised):
    written = f"({year})" if parenthesised else str(year)
    head = " ".join(["Officials", *before]) + " "
    text = head + written + " " + " ".join(after) + "."
    start = len(head) + (1 if parenthesised else 0)
    hits = extract_figures(text)
    assert_well_formed(text, hits)
    assert not [h for h in hits if h.start < start + 4 and start < h.end], (text, hits)


# --------------------------------------------------------------------------------------
# figures/en.py reads English only: numbers standing in Chinese text are figures/zh.py's
# (the Chinese cases above go through the dispatcher; tests/test_figures_zh.py has the rest)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "到2028年,人工智能产业规模超两千亿元",
        "到2027年，算力规模达到15EFLOPS，培育人工智能企业300家",
        "到2027年，全省建设5个百亿级产业园区，数字经济规模达到1.5万亿元，新增企业300多家，建成5G基站12万个",
        "研发投入占比超过3%",
        "风电装机达到2000万千瓦",
        "全市共有规上工业企业3000余家",
        "规模300 companies",  # an English count glued to Chinese text
        "有500 enterprises的",
        "达到 ¥100元",
    ],
)
def test_english_extractor_leaves_chinese_text_alone(text):
    from policyapi.build.extract.figures import en

    assert en.extract_figures(text) == []


def test_english_figures_in_mixed_text():
    from policyapi.build.extract.figures import en

    text = "Wuhan's 200 billion yuan (两千亿元) target, and 30 GW by 2030 （规划）"
    assert [(h.quote, h.value, h.unit) for h in en.extract_figures(text)] == [
        ("200 billion yuan", 200_000_000_000.0, "CNY"),
        ("30 GW", 30.0, "GW"),
    ]
    assert [h.quote for h in extract_figures(text)] == ["200 billion yuan", "两千亿元", "30 GW"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(FRAGMENTS | st.text(max_size=3), max_size=40).map("".join))
def test_property_english_hits_never_touch_chinese(text):
    import re

    from policyapi.build.extract.figures import en

    hits = en.extract_figures(text)
    assert_well_formed(text, hits)
    for h in hits:
        assert not re.search(r"[\u3400-\u9fff]", text[max(0, h.start - 1) : h.end + 1]), (text, h)


# --------------------------------------------------------------------------------------
# The seed corpus
# --------------------------------------------------------------------------------------


def test_all_seeds(capsys):
    paths = sorted(SEEDS.glob("*.txt"))
    assert paths
    total = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for published_year in (None, 2025):
            for default_kind in ("observed", "target"):
                hits = extract_figures(text, published_year=published_year, default_kind=default_kind)
                assert_well_formed(text, hits)
                total += len(hits)
    assert total > 0
    assert capsys.readouterr() == ("", "")


# ======================================================================================
# The English grammar file (grammar/en/figures.toml) drives the English extractor.
# Self-contained block: its imports are local so that edits elsewhere in this file don't collide.
# ======================================================================================


def _english_grammar_variant(edit) -> dict:
    """A deep copy of the English figures grammar, changed in place by `edit`."""
    import copy

    from policyapi.build import grammar

    g = copy.deepcopy(grammar.load("en", "figures"))
    edit(g)
    return g


def _english_extractor_with(g: dict):
    """figures/en.py re-imported with `g` as its grammar (a context manager yielding the module);
    on exit it is re-imported with the real grammar."""
    import contextlib
    import importlib

    from policyapi.build import grammar
    from policyapi.build.extract.figures import en

    @contextlib.contextmanager
    def swapped():
        real = grammar.load
        grammar.load = lambda language, stage: g if (language, stage) == ("en", "figures") else real(language, stage)
        try:
            yield importlib.reload(en)
        finally:
            grammar.load = real
            importlib.reload(en)

    return swapped()


def _only_hit(module, text: str, **kwargs) -> FigureHit:
    hits = module.extract_figures(text, **kwargs)
    assert len(hits) == 1, hits
    return hits[0]


def _add_unit(g: dict) -> None:
    g["units"].insert(0, {"unit": "TWh", "symbols": ["TWh"], "words": ["terawatt-hour", "terawatt-hours"]})


@pytest.mark.parametrize(
    ("edit", "text", "field", "before", "after"),
    [
        # a comparator phrase
        (lambda g: g["comparators"]["before"]["~"].append("in the region of"),
         "Output reached in the region of 500 billion yuan.", "comparator", "=", "~"),
        # a unit: without it, "terawatt-hours" is read as a counted noun
        (_add_unit, "Generation will reach 3 terawatt-hours by 2027.", "unit", "terawatt-hours", "TWh"),
        (_add_unit, "Generation will reach 3TWh by 2027.", "unit", None, "TWh"),
        # a cue word for targets
        (lambda g: g["kind"]["target_cues"].append("envisions"),
         "The city envisions 500 new enterprises.", "kind", "observed", "target"),
        # a noun-phrase stop word: the counted phrase ends before it
        (lambda g: g["noun_phrase"]["stop"].append("concerning"),
         "It has 1,500 firms concerning robots.", "unit", "robots", "firms"),
    ],
)  # fmt: skip
def test_a_word_added_to_the_english_grammar_changes_what_is_read(edit, text, field, before, after):
    from policyapi.build.extract.figures import en

    hits = en.extract_figures(text)
    if before is None:
        assert hits == []
    else:
        assert getattr(_only_hit(en, text), field) == before
    with _english_extractor_with(_english_grammar_variant(edit)) as changed:
        assert getattr(_only_hit(changed, text), field) == after
    assert en.extract_figures(text) == hits  # the real grammar is back


def _english_tables(module) -> dict:
    """The module-level tables of figures/en.py, comparable across re-imports."""
    import re
    import types

    def plain(value):
        if isinstance(value, re.Pattern):
            return ("pattern", value.pattern, value.flags)
        if isinstance(value, (set, frozenset)):
            return ("set", tuple(sorted(map(repr, value))))
        if isinstance(value, dict):
            return ("dict", tuple((k, plain(v)) for k, v in value.items()))
        if isinstance(value, (tuple, list)):
            return ("seq", tuple(plain(v) for v in value))
        return value

    return {
        name: plain(value)
        for name, value in vars(module).items()
        if not name.startswith("__") and not isinstance(value, (types.ModuleType, types.FunctionType, type))
        and name != "_GRAMMAR"
    }


def _english_grammar_lists(g: dict, path: tuple = ()):
    """(path, add a sentinel word there) for every word list and word table of the grammar."""

    def append_to(*keys):
        def edit(variant):
            node = variant
            for key in keys:
                node = node[key]
            if isinstance(node, list):
                node.append("zqx")
            else:  # a table of words: numbers.words, years.relative, currency_prefixes ...
                node["zqx"] = next(iter(node.values()))

        return edit

    for key, value in g.items():
        here = (*path, key)
        if isinstance(value, list) and value and isinstance(value[0], dict):  # [[units]]
            for field in sorted({f for entry in value for f, v in entry.items() if isinstance(v, list)}):
                def edit(variant, key=key, field=field):
                    for entry in variant[key]:
                        if field in entry:
                            entry[field].append("zqx")

                yield (*here, "[]", field), edit
        elif isinstance(value, list):
            yield here, append_to(*here)
        elif isinstance(value, dict) and all(not isinstance(v, (dict, list)) for v in value.values()):
            yield here, append_to(*here)
        elif isinstance(value, dict):
            yield from _english_grammar_lists(value, here)


def test_every_list_of_the_english_grammar_is_used():
    """Adding a word to any list or table of grammar/en/figures.toml changes the extractor's tables."""
    from policyapi.build import grammar
    from policyapi.build.extract.figures import en

    real = grammar.load("en", "figures")
    assert real, "grammar/en/figures.toml is missing"
    baseline = _english_tables(en)
    lists = list(_english_grammar_lists(real))
    assert len(lists) > 40
    unused = []
    for path, edit in lists:
        with _english_extractor_with(_english_grammar_variant(edit)) as changed:
            if _english_tables(changed) == baseline:
                unused.append(".".join(path))
    assert not unused, f"lists in grammar/en/figures.toml that en.py does not use: {unused}"
    assert _english_tables(en) == baseline


# --------------------------------------------------------------------------------------
# Funding in English: amounts and caps are a kind of their own
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "quote", "comparator", "metric"), [
    ("A single project can receive up to 10 million yuan in support.", "10 million yuan", "<=", "support"),
    ("It will set up a 10 billion yuan AI industry fund.", "10 billion yuan", "=", "AI industry fund"),
])
def test_funding_amounts(text, quote, comparator, metric):
    h = hit(text, quote, published_year=2025, default_kind="target")
    assert (h.kind, h.comparator, h.metric) == ("funding", comparator, metric)
    # A target in currency without a funding word stays a target.
    assert extract_figures("By 2027 the AI industry will exceed 200 billion yuan.")[0].kind == "target"


def test_a_full_stop_after_a_number_or_a_unit_in_capitals_ends_the_sentence():
    # Found on an English translation: "PFLOPS." did not end the sentence (it read as an abbreviation like
    # "U.S."), so the next sentence's "In 2025" became the year of the targets before it; and "exceed 400."
    # read as a list marker ("2. Auto Valley"), so the figure was lost.
    text = ("By 2028, the number of AI enterprises will exceed 400, and intelligent computing power will reach "
            "9,000 PFLOPS. In 2025, the AI core industry reached 38 billion yuan. By 2028, the number of "
            "robot makers will exceed 120.")
    hits = extract_figures(text, published_year=2026, default_kind="target")
    assert [(h.quote, h.unit, h.kind, h.year) for h in hits] == [
        ("400", "enterprises", "target", 2028), ("9,000 PFLOPS", "PFLOPS", "target", 2028),
        ("38 billion yuan", "CNY", "observed", 2025), ("120", "makers", "target", 2028)]
    # A number heading an item is still no figure, and "U.S." still no sentence end.
    assert [h.quote for h in extract_figures("The valleys:\n2. Auto Valley\n3. Optics Valley")] == []
    assert [h.year for h in extract_figures("The U.S. and China added 5 GW in 2024.")] == [2024]


def test_cues_are_found_once_per_text_not_once_per_figure(monkeypatch):
    # Found by an attacker (issue 14): 220 kB of repeated amounts took 15 s, because every figure searched
    # its 2,000-character window for target, observed and funding words again (8 s for 20,000 characters
    # of "9 yuan "). The words are found once per text; each figure looks its window up.
    from policyapi.build.extract.figures import en

    searches = []
    real = en._cues
    monkeypatch.setattr(en, "_cues", lambda *args: searches.append(args[1:3]) or real(*args))
    text = "9 yuan " * 300
    hits = extract_figures(text)
    assert len(hits) == 300 and searches == [(0, len(text))]
    funded = extract_figures("The province set up a 10 billion yuan AI industry fund. " * 3)
    assert [(h.kind, h.metric) for h in funded] == [("funding", "AI industry fund")] * 3
