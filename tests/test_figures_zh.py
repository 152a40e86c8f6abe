"""Tests for policyapi.build.extract.figures.zh: figures in Chinese text.

Every sentence here is invented (places such as 云岭省 and 青川市 do not exist); the rules must
hold for new documents of the same kinds. Most tests go through the dispatcher
(``policyapi.build.extract.figures.extract_figures``), which is what the compiler calls.
"""

from __future__ import annotations

import copy
import math
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyapi.build import grammar
from policyapi.build.extract.figures import FigureHit, extract_figures, zh
from policyapi.build.normalise import analysis_text

GRAMMAR = grammar.load("zh", "figures")


def hit(text: str, quote: str, **kwargs) -> FigureHit:
    """The single hit whose quote is `quote`."""
    hits = [h for h in extract_figures(text, **kwargs) if h.quote == quote]
    assert len(hits) == 1, (quote, extract_figures(text, **kwargs))
    return hits[0]


def rows(text: str, **kwargs) -> list[tuple]:
    """(quote, value, unit, comparator, year, kind, metric, value_max) of every hit."""
    return [(h.quote, h.value, h.unit, h.comparator, h.year, h.kind, h.metric, h.value_max)
            for h in extract_figures(text, **kwargs)]


def check(h: FigureHit, value: float, unit: str, comparator: str, year: int | None, kind: str,
          metric: str | None = None) -> None:
    assert (h.value, h.unit, h.comparator, h.year, h.kind) == (value, unit, comparator, year, kind), h
    if metric is not None:
        assert h.metric == metric, h


# --------------------------------------------------------------------------------------
# The seed fact
# --------------------------------------------------------------------------------------


def test_seed_headline_with_an_ascii_comma():
    (h,) = extract_figures("到2028年,人工智能产业规模超两千亿元")
    assert h.quote == "两千亿元"
    check(h, 200_000_000_000.0, "CNY", ">", 2028, "target", "人工智能产业规模")


# --------------------------------------------------------------------------------------
# Numbers, multipliers, ranges
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [
        ("青川市将打造百个人工智能应用场景。", "百个人工智能应用场景", 100.0, "scenarios"),
        ("云岭省建设5G基站超万个。", "万个", 10_000.0, "base stations"),
        ("设立规模两千亿元的产业母基金。", "两千亿元", 200_000_000_000.0, "CNY"),
        ("全省数字经济规模达到1.9万亿元。", "1.9万亿元", 1_900_000_000_000.0, "CNY"),
        ("全省新能源汽车产量达到350万辆。", "350万辆", 3_500_000.0, "vehicles"),
        ("培育专精特新企业三百五十家。", "三百五十家", 350.0, "enterprises"),
        ("青川市工业互联网标识解析量突破1.5万家企业。", "1.5万家企业", 15_000.0, "enterprises"),
        ("投资总额逾三百五十亿元。", "三百五十亿元", 35_000_000_000.0, "CNY"),
        ("全市软件业务收入达到1,200亿元。", "1,200亿元", 120_000_000_000.0, "CNY"),
        ("风电装机达到2000万千瓦。", "2000万千瓦", 20_000_000.0, "kW"),
        ("光伏装机达到两千万千瓦。", "两千万千瓦", 20_000_000.0, "kW"),
        ("引进海外人才三点五万人。", "三点五万人", 35_000.0, "people"),
        ("数据要素市场规模约5千万元。", "5千万元", 50_000_000.0, "CNY"),
        ("累计吸引外资12亿美元。", "12亿美元", 1_200_000_000.0, "USD"),
        ("研发投入强度达到百分之三。", "百分之三", 3.0, "%"),
        ("新增产业用地1200亩。", "1200亩", 1200.0, "mu"),
    ],
)  # fmt: skip
def test_numbers_and_multipliers(text, quote, value, unit):
    h = hit(text, quote)
    assert (h.value, h.unit, h.value_max) == (value, unit, None)


@pytest.mark.parametrize(
    ("text", "quote", "value", "value_max", "unit"),
    [
        ("每年遴选3-5个标杆项目。", "3-5个标杆项目", 3.0, 5.0, "projects"),
        ("引育链主企业3至5家。", "3至5家", 3.0, 5.0, "enterprises"),
        ("建设3～5个行业大模型。", "3～5个行业大模型", 3.0, 5.0, "models"),
        ("青川市建设2~4个算力中心。", "2~4个算力中心", 2.0, 4.0, "computing centres"),
        ("单个项目给予10-20亿元授信。", "10-20亿元", 1_000_000_000.0, 2_000_000_000.0, "CNY"),
        ("增速保持在8%-10%。", "8%-10%", 8.0, 10.0, "%"),
    ],
)  # fmt: skip
def test_ranges(text, quote, value, value_max, unit):
    h = hit(text, quote)
    assert (h.value, h.value_max, h.unit, h.comparator) == (value, value_max, unit, "=")


def test_a_year_range_is_not_a_figure_range():
    assert extract_figures("青川市行动计划（2026-2028年）印发。") == []


# --------------------------------------------------------------------------------------
# Units: computing power, rates, relative changes
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit", "metric"),
    [
        ("到2027年，全省智能算力规模达到40EFLOPS。", "40EFLOPS", 40.0, "EFLOPS", "智能算力规模"),
        ("青川市算力总规模超过17000PFLOPS。", "17000PFLOPS", 17000.0, "PFLOPS", "青川市算力总规模"),
        ("全市智能算力达到5000P。", "5000P", 5000.0, "PFLOPS", "智能算力"),
        ("新建智算集群算力规模达到20E。", "20E", 20.0, "EFLOPS", "智算集群算力规模"),
        ("每年发放算力券2000卡时。", "2000卡时", 2000.0, "card-hours", "算力券"),
        ("训练算力供给超2000万卡时。", "2000万卡时", 20_000_000.0, "card-hours", "训练算力供给"),
        ("全市数据存储规模达到30PB。", "30PB", 30.0, "PB", "数据存储规模"),
    ],
)  # fmt: skip
def test_compute_units(text, quote, value, unit, metric):
    h = hit(text, quote)
    assert (h.value, h.unit, h.metric) == (value, unit, metric)


def test_p_and_e_are_units_only_on_their_own():
    # "5000PUE" and "5G" are no computing power; "P" glued to a number is.
    assert extract_figures("数据中心PUE值降至1.25以下，5G网络覆盖率超95%。")[0].quote == "95%"
    assert [h.quote for h in extract_figures("建成5G基站1.2万个。")] == ["1.2万个"]


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit", "metric"),
    [
        ("数字经济核心产业增加值年均增长20%。", "20%", 20.0, "%", "数字经济核心产业增加值年均增长"),
        ("规上工业企业数字化研发设计工具普及率超70%。", "70%", 70.0, "%", "规上工业企业数字化研发设计工具普及率"),
        ("关键工序数控化率提高5个百分点。", "5个百分点", 5.0, "percentage points", "关键工序数控化率提高"),
        ("智能制造装备产值翻一番。", "翻一番", 2.0, "times", "智能制造装备产值"),
        ("低空经济产值翻两番。", "翻两番", 4.0, "times", "低空经济产值"),
        ("工业机器人密度比2020年翻番。", "翻番", 2.0, "times", "工业机器人密度"),
        ("软件业务收入增长1倍。", "1倍", 2.0, "times", "软件业务收入"),
        ("算力规模增长到3倍。", "3倍", 3.0, "times", "算力规模"),
    ],
)  # fmt: skip
def test_rates_and_relative_changes(text, quote, value, unit, metric):
    h = hit(text, quote)
    assert (h.value, h.unit, h.metric) == (value, unit, metric)


def test_a_relative_change_is_never_a_count():
    hits = extract_figures("到2027年，青川市人工智能企业数量翻一番，产业规模增长1倍。")
    assert [(h.quote, h.value, h.unit) for h in hits] == [("翻一番", 2.0, "times"), ("1倍", 2.0, "times")]


# --------------------------------------------------------------------------------------
# Comparators
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "comparator"),
    [
        ("全省人工智能企业超1200家。", "1200家", ">"),
        ("核心产业营收超过800亿元。", "800亿元", ">"),
        ("产业规模突破3000亿元。", "3000亿元", ">"),
        ("产业规模突破了3000亿元。", "3000亿元", ">"),
        ("新增上市企业10家以上。", "10家", ">="),
        ("建设10个以上人工智能产业园。", "10个", ">="),
        ("研发人员不少于5000人。", "5000人", ">="),
        ("研发投入强度不低于3%。", "3%", ">="),
        ("智能算力规模达到20EFLOPS。", "20EFLOPS", "="),
        ("力争新增独角兽企业5家。", "5家", "="),
        ("全市人工智能企业约300家。", "300家", "~"),
        ("核心产业增加值近500万元。", "500万元", "~"),
        ("培育产业链领军企业20家左右。", "20家", "~"),
        ("单个项目补助不超过300万元。", "300万元", "<="),
        ("单个项目最高支持1000万元。", "1000万元", "<="),
        ("给予最高500万元奖励。", "500万元", "<="),
        ("贴息总额控制在2000万元以内。", "2000万元", "<="),
        ("新增企业300多家。", "300多家", ">"),
        ("全市共有规上工业企业3000余家。", "3000余家", ">"),
        ("数据交易额300多亿元。", "300多亿元", ">"),
        ("能耗强度低于0.3吨。", "0.3吨", "<"),
        ("预计全年装机容量约20吉瓦。", "20吉瓦", "~"),
        ("到2027年，全省数据中心装机规模达到1.5GW。", "1.5GW", "="),
    ],
)  # fmt: skip
def test_comparators(text, quote, comparator):
    assert hit(text, quote).comparator == comparator


def test_comparator_precedence():
    # a mark inside the quote wins over a word after it, which wins over a word before it
    assert hit("超过300多家以上", "300多家").comparator == ">"
    assert hit("约20家以上", "20家").comparator == ">="


# --------------------------------------------------------------------------------------
# Years
# --------------------------------------------------------------------------------------


def test_year_carried_across_a_run_of_targets():
    text = (
        "到2027年，全省人工智能核心产业规模突破2000亿元，培育人工智能企业超过1000家，"
        "智能算力规模达到20EFLOPS。"
    )
    assert rows(text) == [
        ("2000亿元", 200_000_000_000.0, "CNY", ">", 2027, "target", "人工智能核心产业规模", None),
        ("1000家", 1000.0, "enterprises", ">", 2027, "target", "人工智能企业", None),
        ("20EFLOPS", 20.0, "EFLOPS", "=", 2027, "target", "智能算力规模", None),
    ]


def test_year_carry_crosses_semicolons_and_enumeration_commas_but_not_a_sentence_end():
    text = "2025年底前，建成智算中心2个；新增算力5000P、上云企业3000家。青川市新增数据集20个。"
    assert [(h.quote, h.year) for h in extract_figures(text)] == [
        ("2个", 2025), ("5000P", 2025), ("3000家", 2025), ("20个", None)]


def test_a_new_year_ends_the_carry():
    text = "到2026年，全市人工智能企业达到500家；到2028年，突破1000家，产业规模超过800亿元。"
    assert [(h.quote, h.year, h.metric) for h in extract_figures(text)] == [
        ("500家", 2026, "人工智能企业"), ("1000家", 2028, "人工智能企业"), ("800亿元", 2028, "产业规模")]


@pytest.mark.parametrize(
    ("text", "quote", "year"),
    [
        ("2027年前，建成5个行业数据空间。", "5个行业数据空间", 2027),
        ("2025年底，全市算力规模达到3000P。", "3000P", 2025),
        ("2026年底前，新建数据中心2个。", "2个", 2026),
        ("力争到2030年，算力规模达到1万P。", "1万P", 2030),
        # a plan period stands for its end year
        ("2026—2028年，每年新增人工智能企业100家以上。", "100家", 2028),
        ("2026-2028年，累计培育智能工厂60个。", "60个", 2028),
        ("2026年至2028年，打造标杆场景30个。", "30个", 2028),
        # a year after the figure in its own clause
        ("全市人工智能企业达到500家（截至2024年底）。", "500家", 2024),
    ],
)  # fmt: skip
def test_year_phrases(text, quote, year):
    assert hit(text, quote).year == year


@pytest.mark.parametrize(
    "text",
    [
        "青川市人工智能核心产业规模较2024年增长25%。",
        "全市算力规模比2020年翻一番。",
        "2024年以来，全市累计建成智算中心3个。",
        "与2020年相比，全市数据交易额增长3倍。",
    ],
)
def test_a_baseline_is_not_the_figures_year(text):
    (h,) = extract_figures(text)
    assert h.year is None, h


def test_a_number_in_a_figure_is_never_a_year():
    # "2000亿元" and "2030家" are amounts; only four digits followed by 年 are a year.
    (h,) = extract_figures("全省培育人工智能企业2030家")
    assert (h.value, h.year) == (2030.0, None)
    (a, b) = extract_figures("到2027年，产业规模达到2000亿元，带动相关产业2030亿元。")
    assert (a.year, b.year) == (2027, 2027)


def test_relative_years_need_a_publication_year():
    text = "去年，全市新增智能网联汽车3.5万辆；今年力争达到5万辆。"
    assert [(h.year, h.kind) for h in extract_figures(text, published_year=2026)] == [
        (2025, "observed"), (2026, "target")]
    assert [(h.year, h.kind) for h in extract_figures(text)] == [(None, "observed"), (None, "target")]
    # a duration is no year: 三年内
    assert hit("三年内建成10个算力中心", "10个算力中心", published_year=2026).year is None


# --------------------------------------------------------------------------------------
# Kind
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "kind"),
    [
        ("到2027年，全省人工智能企业超过1000家。", "1000家", "target"),
        ("力争人工智能企业超过1000家。", "1000家", "target"),
        ("目标是培育人工智能企业1000家。", "1000家", "target"),
        ("打造100个应用场景。", "100个应用场景", "target"),
        ("全省已有人工智能企业500家。", "500家", "observed"),
        ("截至2024年底，全省人工智能企业达到500家。", "500家", "observed"),
        ("全市数字经济规模同比增长10%。", "10%", "observed"),
        ("已引进高层次人才500名。", "500名", "observed"),
        ("2024年以来，全市累计建成智算中心3个。", "3个", "observed"),
        # money put up is funding, neither target nor observation
        ("单个项目最高支持1000万元。", "1000万元", "funding"),
        ("市财政首期安排2000万元。", "2000万元", "funding"),
        ("对认定的创新平台，给予最高500万元奖励。", "500万元", "funding"),
        ("到2027年，设立100亿元人工智能产业基金。", "100亿元", "funding"),
        ("每年统筹专项资金5亿元。", "5亿元", "funding"),
        ("按实际投资额给予不超过200万元的补贴。", "200万元", "funding"),
        ("企业购买算力给予贴息500万元。", "500万元", "funding"),
    ],
)  # fmt: skip
def test_kind(text, quote, kind):
    assert hit(text, quote, default_kind="observed").kind == kind
    assert hit(text, quote, default_kind="target").kind == kind


def test_funding_only_for_money():
    # a count in a clause with 支持 stays a target
    assert hit("支持建设10个人工智能实验室。", "10个人工智能实验室", default_kind="target").kind == "target"


def test_kind_from_the_publication_year():
    text = "青川市人工智能企业达到800家（2028年）。"
    assert hit(text, "800家", published_year=2026).kind == "target"
    assert hit(text, "800家", published_year=2030).kind == "observed"
    neutral = "青川市人工智能企业800家。"
    assert hit(neutral, "800家", default_kind="target").kind == "target"
    assert hit(neutral, "800家").kind == "observed"
    with pytest.raises(ValueError):
        zh.extract_figures(neutral, default_kind="funding")


def test_a_cue_later_in_the_sentence_does_not_reach_back():
    text = "全市人工智能企业800家，力争到2028年突破1500家。"
    first, second = extract_figures(text, default_kind="observed")
    assert (first.kind, first.year) == ("observed", None)
    assert (second.kind, second.year) == ("target", 2028)


# --------------------------------------------------------------------------------------
# Metric
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "metric", "unit"),
    [
        ("到2027年，全省人工智能核心产业规模突破2000亿元。", "2000亿元", "人工智能核心产业规模", "CNY"),
        ("培育人工智能企业超过1000家。", "1000家", "人工智能企业", "enterprises"),
        ("打造100个应用场景。", "100个应用场景", "应用场景", "scenarios"),
        ("智能算力规模达到20EFLOPS。", "20EFLOPS", "智能算力规模", "EFLOPS"),
        ("设立100亿元人工智能产业基金。", "100亿元", "人工智能产业基金", "CNY"),
        ("建设10个以上人工智能产业园。", "10个", "人工智能产业园", "parks"),
        ("力争全市规上工业企业数字化转型比例达到80%。", "80%", "规上工业企业数字化转型比例", "%"),
        ("全省已有人工智能企业500家。", "500家", "人工智能企业", "enterprises"),
        ("推动云岭省低空经济产值突破500亿元。", "500亿元", "云岭省低空经济产值", "CNY"),
        ("青川市累计建成智算中心3个。", "3个", "智算中心", "centres"),
        ("云岭省产业园入驻企业（含初创团队）200家。", "200家", "企业", "enterprises"),
        ("全省建设5个百亿级产业园区。", "5个百亿级产业园区", "百亿级产业园区", "parks"),
        ("引进人才1000名以上。", "1000名", "人才", "people"),
        ("新建企业技术中心20家。", "20家", "企业技术中心", "centres"),
        ("给予最高500万元奖励。", "500万元", "奖励", "CNY"),
    ],
)  # fmt: skip
def test_metric(text, quote, metric, unit):
    h = hit(text, quote)
    assert (h.metric, h.unit) == (metric, unit)


def test_a_figure_without_a_subject_shares_the_previous_metric():
    text = "全市数字经济规模达到5000亿元，同比增长10%；新建数据中心2个，2030年达到10个。"
    assert [(h.quote, h.metric, h.unit) for h in extract_figures(text)] == [
        ("5000亿元", "数字经济规模", "CNY"),
        ("10%", "数字经济规模同比增长", "%"),
        ("2个", "数据中心", "data centres"),
        ("10个", "数据中心", "data centres"),
    ]


def test_metric_is_never_a_verb_and_never_empty():
    text = "首期安排2000万元，新增300家，年均增长15%，设立20亿元。"
    for h in extract_figures(text):
        assert h.metric and h.metric not in GRAMMAR["metric"]["not_metric"], h


# --------------------------------------------------------------------------------------
# Not figures
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "青川市人民政府办公室2026年4月16日印发。",
        "云政办发〔2025〕18号",
        "第一，强化组织领导。第3个平台上线。排名全国前10名。",
        "1. 总体要求 （1）强化算力 一、发展目标 二、重点任务",
        "培育一批企业，推进一体化发展，实施四个一批工程，从两个方面推进。",
        "构建1+N政策体系，编制十四五规划，建设5G网络和千兆光网。",
        "《青川市人工智能产业发展三年行动计划（2026—2028年）》印发",
        "实施“双千工程”和“5G+工业互联网”512工程。",
        "赋能千行百业，走进千家万户，推动万物互联。",
        "培育百亿级产业集群，建设万卡集群，打造千亿元级产业。",
        "实施亿元以上项目。单位：万元。每万人口。",
        "数百家企业参与，几十个项目签约，上千家企业受益。",
        "百度、三一重工等企业参与。",
        "“前10%企业”名单",
    ],
)
def test_not_figures(text):
    assert extract_figures(text) == [], extract_figures(text)


def test_a_numeral_starting_a_place_name_is_not_a_count():
    assert [h.quote for h in extract_figures("五家渠市建设3个数据中心，七台河市新增企业10家。")] == [
        "3个数据中心", "10家"]


def test_a_long_quotation_may_quote_a_target():
    text = "提出“到2027年全省人工智能核心产业规模突破1000亿元”的目标。"
    assert [h.quote for h in extract_figures(text)] == ["1000亿元"]


def test_a_condition_is_not_a_figure():
    text = "对年营业收入首次突破1亿元、5亿元、10亿元的企业，分别给予50万元、100万元、200万元奖励。"
    assert [(h.quote, h.kind, h.metric) for h in extract_figures(text)] == [
        ("50万元", "funding", "奖励"), ("100万元", "funding", "奖励"), ("200万元", "funding", "奖励")]


def test_thresholds_and_size_classes_name_kinds_of_things():
    text = "实施亿元以上项目100个，引进10亿元以上项目20个，培育百亿元级企业5家。"
    assert [(h.quote, h.unit) for h in extract_figures(text)] == [
        ("100个", "projects"), ("20个", "projects"), ("5家", "enterprises")]


def test_a_subset_shares_the_counted_noun():
    (total, national) = extract_figures("全市共有各类孵化器58家，其中国家级12家。")
    assert (total.metric, total.unit) == ("孵化器", "incubators")
    assert (national.metric, national.unit) == ("国家级孵化器", "incubators")
    # a classifier with a meaning of its own keeps it
    assert [h.unit for h in extract_figures("企业数500家；人数3000人。")] == ["enterprises", "people"]


# --------------------------------------------------------------------------------------
# Input forms: Traditional script, full-width digits, ASCII punctuation
# --------------------------------------------------------------------------------------


def test_traditional_and_full_width_input_via_the_analysis_view():
    written = "到２０２７年，雲嶺省數字經濟規模突破１．２萬億元，培育人工智慧企業超過３００家。"
    text = analysis_text(written)
    assert len(text) == len(written)
    hits = extract_figures(text)
    assert [(written[h.start : h.end], h.value, h.unit, h.year) for h in hits] == [
        ("１．２萬億元", 1_200_000_000_000.0, "CNY", 2027), ("３００家", 300.0, "enterprises", 2027)]
    assert hits[0].metric == "云岭省数字经济规模"


def test_ascii_punctuation_in_chinese_text():
    text = "到2030年,全市算力规模达到5000P,训练算力超2000万卡时;每年新增应用场景50个左右."
    assert [(h.quote, h.comparator, h.year, h.metric) for h in extract_figures(text)] == [
        ("5000P", "=", 2030, "算力规模"),
        ("2000万卡时", ">", 2030, "训练算力"),
        ("50个", "~", 2030, "应用场景"),
    ]


def test_english_numbers_stay_with_the_english_extractor():
    text = "By 2027, Yunling will host 1,500 AI enterprises; 到2027年，云岭省人工智能企业超过1500家。"
    hits = extract_figures(text)
    assert [(h.quote, h.unit) for h in hits] == [("1,500 AI enterprises", "enterprises"), ("1500家", "enterprises")]
    assert [h.quote for h in zh.extract_figures(text)] == ["1500家"]


# --------------------------------------------------------------------------------------
# Cases that used to be read by the English extractor (kept in tests/test_figures.py too)
# --------------------------------------------------------------------------------------


def test_invented_chinese_plan():
    text = "到2027年，算力规模达到15EFLOPS，培育人工智能企业300家"
    compute, firms = extract_figures(text)
    check(compute, 15.0, "EFLOPS", "=", 2027, "target", "算力规模")
    check(firms, 300.0, "enterprises", "=", 2027, "target", "人工智能企业")


def test_invented_chinese_multipliers_and_classifiers():
    text = ("到2027年，全省建设5个百亿级产业园区，数字经济规模达到1.5万亿元，新增企业300多家，"
            "建成5G基站12万个，引进人才1000名以上")
    got = [(h.quote, h.value, h.unit, h.comparator, h.year, h.kind) for h in extract_figures(text)]
    assert got == [
        ("5个百亿级产业园区", 5.0, "parks", "=", 2027, "target"),
        ("1.5万亿元", 1_500_000_000_000.0, "CNY", "=", 2027, "target"),
        ("300多家", 300.0, "enterprises", ">", 2027, "target"),
        ("12万个", 120_000.0, "base stations", "=", 2027, "target"),
        ("1000名", 1000.0, "people", ">=", 2027, "target"),
    ]


def test_chinese_scope_words_are_not_part_of_the_metric():
    (h,) = extract_figures("全市共有规上工业企业3000余家")
    check(h, 3000.0, "enterprises", ">", None, "observed", "规上工业企业")
    (h,) = extract_figures("到2026年，全省数字经济规模突破1.2万亿元")
    assert (h.metric, h.comparator, h.year, h.kind) == ("数字经济规模", ">", 2026, "target")


# --------------------------------------------------------------------------------------
# A plan paragraph mixing targets, observations and funding
# --------------------------------------------------------------------------------------

PLAN = (
    "青川市人工智能产业发展三年行动计划（2026—2028年）提出，到2028年，全市人工智能核心产业规模突破"
    "1500亿元，年均增长20%以上；培育人工智能企业超过800家，其中独角兽企业3至5家；智能算力规模达到"
    "15EFLOPS，建成智算中心4个。2025年，全市人工智能核心产业规模已达620亿元，同比增长18.5%，集聚"
    "人工智能企业近400家，累计开放公共数据集120个。对新获批的国家级人工智能创新平台，给予最高1000万元"
    "一次性奖励；对企业购买算力服务的，按合同金额的30%给予补贴，单个企业每年最高补贴200万元。市财政首期"
    "安排5亿元设立人工智能产业引导基金，带动社会资本投入超50亿元。力争到2027年底，重点行业大模型应用"
    "普及率超过60%，工业企业关键工序数控化率较2024年提高8个百分点，全市智能网联汽车产量翻一番。"
    "截至2025年底，全市已建成5G基站1.2万个，上云企业3000余家，数字经济核心产业增加值占GDP比重达到12%。"
    "支持建设3-5个行业大模型训练基地，每个基地最高给予300万元建设补助，对揭榜挂帅项目按研发投入的20%予以资助，所需资金纳入年度预算统筹安排。"
    "青川市将每年举办人工智能创新大赛，编制《青川市人工智能赋能千行百业指南（2026年版）》，推动“1+N”"
    "政策体系落地，第一批“AI+”示范项目名单于2026年4月16日公布，以上措施自印发之日起施行，青政办发〔2026〕7号。"
)


def test_plan_paragraph():
    assert 600 <= len(PLAN) <= 700, len(PLAN)
    assert rows(PLAN, published_year=2026, default_kind="target") == [
        # the run of targets after 到2028年
        ("1500亿元", 150e9, "CNY", ">", 2028, "target", "人工智能核心产业规模", None),
        ("20%", 20.0, "%", ">=", 2028, "target", "人工智能核心产业规模年均增长", None),
        ("800家", 800.0, "enterprises", ">", 2028, "target", "人工智能企业", None),
        ("3至5家", 3.0, "enterprises", "=", 2028, "target", "独角兽企业", 5.0),
        ("15EFLOPS", 15.0, "EFLOPS", "=", 2028, "target", "智能算力规模", None),
        ("4个", 4.0, "centres", "=", 2028, "target", "智算中心", None),
        # observations of 2025 (before the publication year)
        ("620亿元", 62e9, "CNY", "=", 2025, "observed", "人工智能核心产业规模", None),
        ("18.5%", 18.5, "%", "=", 2025, "observed", "人工智能核心产业规模同比增长", None),
        ("400家", 400.0, "enterprises", "~", 2025, "observed", "人工智能企业", None),
        ("120个", 120.0, "datasets", "=", 2025, "observed", "公共数据集", None),
        # funding: awards, caps, a fund; a subsidy rate and the private money it leverages are not
        ("1000万元", 10e6, "CNY", "<=", None, "funding", "一次性奖励", None),
        ("30%", 30.0, "%", "=", None, "target", "合同金额", None),
        ("200万元", 2e6, "CNY", "<=", None, "funding", "单个企业", None),
        ("5亿元", 5e8, "CNY", "=", None, "funding", "市财政首期", None),
        ("50亿元", 5e9, "CNY", ">", None, "target", "社会资本投入", None),
        # targets for 2027; 较2024年 is a baseline
        ("60%", 60.0, "%", ">", 2027, "target", "重点行业大模型应用普及率", None),
        ("8个百分点", 8.0, "percentage points", "=", 2027, "target", "工业企业关键工序数控化率提高", None),
        ("翻一番", 2.0, "times", "=", 2027, "target", "智能网联汽车产量", None),
        # observations as of the end of 2025
        ("1.2万个", 12000.0, "base stations", "=", 2025, "observed", "5G基站", None),
        ("3000余家", 3000.0, "enterprises", ">", 2025, "observed", "上云企业", None),
        ("12%", 12.0, "%", "=", 2025, "observed", "数字经济核心产业增加值占GDP比重", None),
        # a range counted with its noun, a cap, a funding rate
        ("3-5个行业大模型训练基地", 3.0, "bases", "=", None, "target", "行业大模型训练基地", 5.0),
        ("300万元", 3e6, "CNY", "<=", None, "funding", "每个基地", None),
        ("20%", 20.0, "%", "=", None, "target", "研发投入", None),
    ]  # fmt: skip


# --------------------------------------------------------------------------------------
# The grammar is data
# --------------------------------------------------------------------------------------

# Tables of words (word -> meaning), as opposed to sections holding lists and settings.
WORD_TABLES = {("units",), ("classifiers",), ("count_nouns",), ("numbers", "multipliers"), ("numbers", "fixed"),
               ("comparators", "before"), ("comparators", "after"), ("comparators", "marks"), ("years", "relative")}


def _entries(node: dict, path: tuple = ()):
    for key, value in node.items():
        here = (*path, key)
        if isinstance(value, dict) and here not in WORD_TABLES:
            yield from _entries(value, here)
        else:
            yield here


def _with_sentinel(path: tuple) -> dict:
    """A copy of the grammar with one more word in the list or table at `path`."""
    variant = copy.deepcopy(GRAMMAR)
    node = variant
    for key in path[:-1]:
        node = node[key]
    value = node[path[-1]]
    if isinstance(value, dict):
        value["zqx"] = next(iter(value.values()))
    elif isinstance(value, list):
        value.append(["〈", "〉"] if isinstance(value[0], list) else "zqx")  # titles, quotes: pairs
    elif isinstance(value, str):
        node[path[-1]] = value + "卍"
    else:
        node[path[-1]] = value + 1
    return variant


def test_every_entry_of_the_grammar_is_used():
    baseline = zh._compile(GRAMMAR)
    entries = list(_entries(GRAMMAR))
    assert len(entries) > 45
    unused = [".".join(p) for p in entries if zh._compile(_with_sentinel(p)) == baseline]
    assert not unused, f"entries of grammar/zh/figures.toml that zh.py does not use: {unused}"


@pytest.mark.parametrize(
    ("edit", "text", "field", "before", "after"),
    [
        # a new unit
        (lambda g: g["units"].update({"瓦时": "Wh"}), "储能规模达到500瓦时", "unit", None, "Wh"),
        # a new classifier and the noun it counts
        (lambda g: (g["classifiers"].update({"片": ""}), g["count_nouns"].update({"晶圆": "wafers"})),
         "月产晶圆5万片", "unit", None, "wafers"),
        # a new comparator
        (lambda g: g["comparators"]["before"].update({"起码": ">="}), "企业起码100家", "comparator", "=", ">="),
        # a new funding word
        (lambda g: g["kind"]["funding"].append("兜底"), "兜底500万元", "kind", "target", "funding"),
        # a new cue word for observations
        (lambda g: g["kind"]["observed"].append("迄今"), "迄今企业100家", "kind", "target", "observed"),
    ],
)  # fmt: skip
def test_a_word_added_to_the_grammar_is_read(edit, text, field, before, after):
    def read(g):
        hits = zh._extract(g, text, None, "target")
        assert len(hits) <= 1, hits
        return getattr(hits[0], field) if hits else None

    assert read(zh._compile(GRAMMAR)) == before
    variant = copy.deepcopy(GRAMMAR)
    edit(variant)
    assert read(zh._compile(variant)) == after


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
        assert h.value_max is None or h.value_max >= h.value
        assert h.kind in ("target", "observed", "funding")
        assert h.comparator in ("=", ">", ">=", "<", "<=", "~")
        assert h.metric and h.unit


def _words(node) -> list[str]:
    """Every word of the grammar, for fuzzing."""
    if isinstance(node, dict):
        return [w for k, v in node.items() for w in (k, *_words(v))]
    if isinstance(node, list):
        return [w for v in node for w in _words(v)]
    return [node] if isinstance(node, str) else []


FRAGMENTS = st.sampled_from(
    sorted(set(_words(GRAMMAR)))
    + list("0123456789,.%-~()（）“”《》，。；、：,;: \n")
    + ["2027年", "到2028年", "较2024年", "2026—2028年", "1.5", "300", "两千", "人工智能", "企业", "规模"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(FRAGMENTS | st.text(max_size=3), max_size=40).map("".join),
       published_year=st.none() | st.integers(1900, 2100))
def test_property_grammar_heavy_text(text, published_year):
    assert_well_formed(text, zh.extract_figures(text, published_year=published_year))
    assert_well_formed(text, extract_figures(text, published_year=published_year))


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_property_arbitrary_text(text):
    assert_well_formed(text, zh.extract_figures(text))


# Sentences built from the grammar: [year phrase] subject comparator number [mark] [multiplier]
# unit [comparator after], clauses joined by ，；,; and closed by 。.
SUBJECTS = ["云岭省人工智能核心产业规模", "青川市智能算力规模", "数字经济核心产业增加值", "低空经济产值",
            "工业互联网标识解析量", "软件业务收入", "数据交易额", "智能网联汽车产量"]
COUNT_PREFIXES = ["青川市", "云岭省", "骨干", "省级"]
ZH_DIGITS = "零一二三四五六七八九"
UNITS = sorted(GRAMMAR["units"])
MULTIPLIERS = sorted(GRAMMAR["numbers"]["multipliers"])
BEFORE = sorted(GRAMMAR["comparators"]["before"])
AFTER = sorted(GRAMMAR["comparators"]["after"])
MARKS = sorted(GRAMMAR["comparators"]["marks"])
COUNTED = sorted((c, n) for c in GRAMMAR["classifiers"] for n in GRAMMAR["count_nouns"])


def zh_numeral(n: int) -> str:
    """2..9999 in Chinese numerals: 2000 -> 两千, 305 -> 三百零五, 15 -> 十五."""
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero and out:
                out += "零"
            word = "两" if digit == 2 and value >= 1000 else ZH_DIGITS[digit]
            out += ("" if (value == 10 and digit == 1 and not out) else word) + name
            zero = False
        elif out:
            zero = True
    return out


@st.composite
def clause(draw):
    """(text, value, unit, comparator, metric) of one figure clause."""
    if draw(st.booleans()):  # an amount
        subject, written_unit = draw(st.sampled_from(SUBJECTS)), draw(st.sampled_from(UNITS))
        unit = GRAMMAR["units"][written_unit]
    else:  # a count: the subject names what the classifier counts
        classifier, noun = draw(st.sampled_from(COUNTED))
        subject, written_unit = draw(st.sampled_from(COUNT_PREFIXES)) + noun, classifier
        unit = GRAMMAR["count_nouns"][noun]
    if draw(st.booleans()):  # Chinese numerals, with 万 or 亿 glued on
        n = draw(st.integers(2, 9999))
        number, amount = zh_numeral(n), Decimal(n)
        multiplier = draw(st.sampled_from(["", "万", "亿"]))
    else:  # ASCII digits, an integer or a decimal, with any multiplier
        cents = draw(st.integers(1, 9_999_999))
        number = f"{cents // 100}.{cents % 100:02d}" if draw(st.booleans()) and cents % 100 else str(cents // 100 or 1)
        amount = Decimal(number)
        multiplier = draw(st.sampled_from(["", *MULTIPLIERS]))
    value = float(amount * GRAMMAR["numbers"]["multipliers"].get(multiplier, 1))
    mark = before = after = ""
    comparator = "="
    how = draw(st.sampled_from(["none", "before", "after", "mark"]))
    if how == "before":
        before = draw(st.sampled_from(BEFORE))
        comparator = GRAMMAR["comparators"]["before"][before]
    elif how == "after":
        after = draw(st.sampled_from(AFTER))
        comparator = GRAMMAR["comparators"]["after"][after]
    elif how == "mark" and "." not in number:
        mark = draw(st.sampled_from(MARKS))
        comparator = GRAMMAR["comparators"]["marks"][mark]
    text = f"{subject}{before}{number}{mark}{multiplier}{written_unit}{after}"
    return text, value, unit, comparator, subject


@settings(max_examples=400, deadline=None)
@given(
    year=st.none() | st.integers(2020, 2035),
    year_form=st.sampled_from(["到{}年，", "到{}年", "{}年底前，", "{}年，", "力争到{}年，"]),
    clauses=st.lists(clause(), min_size=1, max_size=4),
    joiners=st.lists(st.sampled_from(["，", "；", ",", ";"]), min_size=4, max_size=4),
)
def test_property_generated_sentences(year, year_form, clauses, joiners):
    lead = year_form.format(year) if year is not None else ""
    body = "".join(c[0] + (joiners[i] if i + 1 < len(clauses) else "。") for i, c in enumerate(clauses))
    text = lead + body
    hits = zh.extract_figures(text)
    assert_well_formed(text, hits)
    got = [(h.value, h.unit, h.comparator, h.year, h.metric) for h in hits]
    want = [(value, unit, comparator, year, subject) for _, value, unit, comparator, subject in clauses]
    assert got == want, text


# --------------------------------------------------------------------------------------
# Target runs as plans write them (invented sentences), value by value
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("到2025年，全市人工智能核心产业规模达到300亿元，带动相关产业规模超过1500亿元；培育国家级专精特新“小巨人”"
     "企业10家以上；建成5G基站2万个。",
     [("300亿元", 3e10, "CNY", "=", 2025, "target", "人工智能核心产业规模"),
      ("1500亿元", 1.5e11, "CNY", ">", 2025, "target", "相关产业规模"),
      ("10家", 10.0, "enterprises", ">=", 2025, "target", "企业"),
      ("2万个", 2e4, "base stations", "=", 2025, "target", "5G基站")]),
    ("到2027年底，全区人工智能企业数量超过200家，营收超亿元企业达到20家。",  # 超亿元 qualifies the enterprises
     [("200家", 200.0, "enterprises", ">", 2027, "target", "人工智能企业数量"),
      ("20家", 20.0, "enterprises", "=", 2027, "target", "营收超亿元企业")]),
    ("至2028年，全省数字经济核心产业增加值占GDP比重达到12%，培育千亿级产业集群2个，新增人工智能上市企业5家。",
     [("12%", 12.0, "%", "=", 2028, "target", "数字经济核心产业增加值占GDP比重"),
      ("2个", 2.0, "clusters", "=", 2028, "target", "千亿级产业集群"),
      ("5家", 5.0, "enterprises", "=", 2028, "target", "人工智能上市企业")]),
    ("2024年，全省人工智能核心产业规模达到800亿元，同比增长25%。",
     [("800亿元", 8e10, "CNY", "=", 2024, "observed", "人工智能核心产业规模"),
      ("25%", 25.0, "%", "=", 2024, "observed", "人工智能核心产业规模同比增长")]),
    ("对新建训练基地按投资额的30%给予补助，最高不超过2000万元。",
     [("30%", 30.0, "%", "=", None, "target", "投资额"), ("2000万元", 2e7, "CNY", "<=", None, "funding", "补助")]),
])
def test_target_runs(text, expected):
    got = [(h.quote, h.value, h.unit, h.comparator, h.year, h.kind, h.metric)
           for h in extract_figures(text, published_year=2025, default_kind="target")]
    assert got == expected
