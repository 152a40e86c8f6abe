"""Tests for policyapi.metrics: the metric vocabulary that gives every figure a comparable key."""

from __future__ import annotations

import collections
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyapi import metrics
from policyapi.metrics import classify, lookup, metric, normalise

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "policyapi" / "data" / "metrics.toml"


# Labels and units as the compiler extracts them today (seeds, synthetic corpus, test texts).
@pytest.mark.parametrize(("label", "unit", "key"), [
    # industry scale, in both languages, with place names in front
    ("scale of the artificial intelligence industry", "CNY", "ai_industry_scale"),
    ("industrial scale", "CNY", "ai_industry_scale"),
    ("artificial intelligence industry", "CNY", "ai_industry_scale"),
    ("AI industry", "CNY", "ai_industry_scale"),
    ("output value of the AI industry", "CNY", "ai_industry_scale"),
    ("人工智能产业规模", "CNY", "ai_industry_scale"),
    ("邯郸市人工智能产业规模", "CNY", "ai_industry_scale"),
    ("果洛藏族自治州人工智能产业规模", "CNY", "ai_industry_scale"),
    ("产业规模", "CNY", "ai_industry_scale"),
    ("青川市产业规模", "CNY", "ai_industry_scale"),
    ("AI industry", "USD", "ai_industry_scale"),  # kept, not converted
    ("人工智能相关产业营业收入", "CNY", "ai_related_industry_scale"),
    ("相关产业规模", "CNY", "ai_related_industry_scale"),
    ("AI-related industries", "CNY", "ai_related_industry_scale"),
    ("人工智能核心产业规模", "CNY", "ai_core_industry_scale"),
    ("core AI industry", "CNY", "ai_core_industry_scale"),
    ("output value of the computing power industry", "CNY", "computing_power_industry_scale"),
    # a % of an industry scale is a rate, not a level
    ("人工智能核心产业规模年均增长", "%", "ai_industry_growth"),
    ("青川市人工智能核心产业规模增长", "%", "ai_industry_growth"),
    ("人工智能产业规模", "%", "other"),
    ("产业规模", "times", "other"),
    # other industries are not the AI industry
    ("集成电路产业规模", "CNY", "other"),
    ("云岭省低空经济产值", "CNY", "other"),
    ("output of pillar industries", "CNY", "other"),
    ("software industry scale", "CNY", "other"),
    ("人工智能产业园营收", "CNY", "other"),
    # computing power
    ("reaching a total computing capacity", "EFLOPS", "computing_power"),
    ("智能算力规模", "EFLOPS", "computing_power"),
    ("智能算力规模", "PFLOPS", "computing_power"),
    ("青川市算力总规模", "PFLOPS", "computing_power"),
    ("智算集群算力规模", "EFLOPS", "computing_power"),
    ("算力规模", "times", "other"),
    ("训练算力", "card-hours", "other"),
    ("intelligent computing centres", "centres", "computing_centres"),
    ("算力中心", "computing centres", "computing_centres"),
    ("智算中心", "centres", "computing_centres"),
    ("data centres", "centres", "other"),
    ("企业技术中心", "centres", "other"),
    # enterprises
    ("AI-related enterprises", "enterprises", "ai_enterprises"),
    ("人工智能企业", "enterprises", "ai_enterprises"),
    ("青川市人工智能企业数量", "enterprises", "ai_enterprises"),
    ("artificial intelligence enterprises", "enterprises", "ai_enterprises"),
    ("high-tech enterprises", "enterprises", "other"),
    ("高新技术企业", "enterprises", "other"),
    ("人工智能上市企业", "enterprises", "other"),
    ("企业", "enterprises", "other"),
    ("leading companies", "companies", "leading_enterprises"),
    ("leading AI enterprises", "enterprises", "leading_enterprises"),
    ("人工智能龙头企业", "enterprises", "leading_enterprises"),
    ("产业链领军企业", "enterprises", "leading_enterprises"),
    ("独角兽企业", "enterprises", "leading_enterprises"),
    # applications, models, data
    ("typical application scenarios", "scenarios", "application_scenarios"),
    ("典型应用场景", "scenarios", "application_scenarios"),
    ("行业大模型", "models", "industry_models"),
    ("industry large models", "models", "industry_models"),
    ("high-quality industry datasets", "datasets", "datasets"),
    ("公共数据集", "datasets", "datasets"),
    ("public data entries", "entries", "other"),
    # people, funds, places
    ("artificial intelligence professionals", "professionals", "talent"),
    ("人工智能领域高层次人才", "people", "talent"),
    ("对顶尖人才团队", "CNY", "other"),
    ("residents", "residents", "other"),
    ("人工智能产业引导基金", "CNY", "funds"),
    ("AI industry fund", "CNY", "funds"),
    ("government funds", "CNY", "other"),  # a budget, not a fund
    ("单个项目", "CNY", "other"),  # a per-project subsidy cap
    ("10 billion level industrial parks", "parks", "parks_and_bases"),
    ("百亿级产业园区", "parks", "parks_and_bases"),
    ("provincial-level pilot bases", "bases", "parks_and_bases"),
    ("城市公园", "parks", "other"),
    ("laboratories", "laboratories", "innovation_platforms"),
    ("national key laboratories", "laboratories", "innovation_platforms"),
    ("人工智能实验室", "laboratories", "innovation_platforms"),
    # industry, economy-wide targets
    ("智能工厂", "factories", "intelligent_factories"),
    ("数字化车间", "workshops", "other"),
    ("工业机器人", "robots", "robots"),
    ("工业机器人密度", "times", "other"),
    ("数字经济核心产业增加值", "CNY", "digital_economy_core_value_added"),
    ("数字经济核心产业增加值占GDP比重", "%", "digital_economy_share_of_gdp"),
    ("digital economy share of GDP", "%", "digital_economy_share_of_gdp"),
    ("数字经济核心产业增加值年均增长", "%", "other"),
    ("数字经济规模", "CNY", "digital_economy_scale"),
    ("digital economy", "CNY", "digital_economy_scale"),
    ("研发投入强度", "%", "rd_intensity"),
    ("研发投入年均增长", "%", "other"),
    # everything else
    ("installed power capacity", "GW", "other"),
    ("growth", "%", "other"),
    ("technology contract transactions", "CNY", "other"),
    ("", "CNY", "other"),
    ("人工智能产业规模", "", "other"),
])
def test_classify(label, unit, key):
    assert classify(label, unit) == key


def test_classify_ignores_case_spacing_and_width():
    assert classify("  Scale of the  ARTIFICIAL-intelligence industry ", "CNY") == "ai_industry_scale"
    assert classify("ＡＩ产业规模", "CNY") == "ai_industry_scale"  # full-width letters
    assert classify("智能算力规模", "pflops") == "computing_power"


@pytest.mark.parametrize(("key", "value", "unit", "expected"), [
    ("computing_power", 20, "PFLOPS", (0.02, "EFLOPS")),
    ("computing_power", 5000, "P", (5.0, "EFLOPS")),
    ("computing_power", 5, "EFLOPS", (5.0, "EFLOPS")),
    ("computing_power", 2_000_000, "TFLOPS", (2.0, "EFLOPS")),
    ("computing_power", 1, "ZFLOPS", (1000.0, "EFLOPS")),
    ("ai_industry_scale", 1e11, "CNY", (1e11, "CNY")),
    ("ai_industry_scale", 5e9, "USD", None),  # no exchange rates
    ("ai_industry_scale", 20, "%", None),
    ("ai_enterprises", 1500, "enterprises", (1500.0, "enterprises")),
    ("leading_enterprises", 10, "companies", (10.0, "enterprises")),
    ("parks_and_bases", 5, "bases", (5.0, "parks")),
    ("talent", 500, "professionals", (500.0, "people")),
    ("digital_economy_share_of_gdp", 12.5, "%", (12.5, "%")),
    ("digital_economy_share_of_gdp", 2, "percentage points", None),
    ("other", 3, "GW", None),
])
def test_normalise(key, value, unit, expected):
    got = normalise(key, value, unit)
    if expected is None:
        assert got is None
    else:
        assert got[1] == expected[1] and math.isclose(got[0], expected[0], rel_tol=1e-12)


def test_unknown_key_lists_the_valid_ones():
    with pytest.raises(ValueError, match="ai_industry_scale"):
        metric("ai_industry")
    with pytest.raises(ValueError, match="unknown metric"):
        normalise("nope", 1, "CNY")


@pytest.mark.parametrize(("text", "key"), [
    ("ai_industry_scale", "ai_industry_scale"),
    ("AI industry scale", "ai_industry_scale"),
    ("ai  INDUSTRY-scale", "ai_industry_scale"),
    ("人工智能产业规模", "ai_industry_scale"),
    ("人工智能 核心产业规模", "ai_core_industry_scale"),
    ("Computing power", "computing_power"),
    ("智能算力", "computing_power"),
    ("AI-related enterprises", "ai_enterprises"),
    ("other", "other"),
    ("其他", "other"),
    ("no such metric", None),
    ("", None),
])
def test_lookup(text, key):
    assert lookup(text) == key


def test_vocabulary_shape():
    found = metrics.metrics()
    keys = [m.key for m in found]
    assert keys[-1] == "other" and len(keys) == len(set(keys)) >= 20
    for m in found:
        assert metric(m.key) is m and lookup(m.key) == m.key
        assert m.key == "other" or m.accepts(m.unit)


@pytest.mark.parametrize("m", [m for m in metrics.metrics() if m.key != "other"], ids=lambda m: m.key)
def test_every_label_classifies_to_its_own_metric(m):
    assert classify(m.label_zh, m.unit) == m.key
    assert classify(m.label_en, m.unit) == m.key
    assert lookup(m.label_en) == lookup(m.label_zh) == m.key
    assert normalise(m.key, 7, m.unit) == (7.0, m.unit)


UNITS = sorted({u for m in metrics.metrics() for u in m.units} | {"GW", "times", "", "entries"})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=st.text(max_size=40) | st.sampled_from([m.label_zh for m in metrics.metrics()]),
       unit=st.sampled_from(UNITS) | st.text(max_size=8), value=st.floats(allow_nan=False))
def test_random_input_never_raises_and_the_key_accepts_the_unit(label, unit, value):
    key = classify(label, unit)
    assert metric(key).accepts(unit)
    got = normalise(key, value, unit)
    assert got is None or got[1] == metric(key).unit
    lookup(label)


# --- a malformed vocabulary is refused with the entry named ----------------------------------

GOOD = VOCABULARY.read_text(encoding="utf-8")


def _load(tmp_path: Path, text: str):
    path = tmp_path / "metrics.toml"
    path.write_text(text, encoding="utf-8")
    return metrics.load(path)


def test_the_loader_reads_another_file(tmp_path):
    vocabulary = _load(tmp_path, GOOD)
    assert vocabulary.classify("人工智能企业", "enterprises") == "ai_enterprises"


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace('key = "funds"', 'key = "datasets"'), "'datasets': duplicate key"),
    (lambda t: t.replace('dimension = "percent"', 'dimension = "share"', 1), "unknown dimension 'share'"),
    (lambda t: t.replace('label_zh = "智能工厂"\n', ''), "'intelligent_factories': missing 'label_zh'"),
    (lambda t: t.replace("zh = ['机器人']", "zh = ['机器人(']"), "'robots': bad pattern"),
    (lambda t: t.replace('unit = "EFLOPS"', 'unit = "PFLOPS"'), "'computing_power': unit 'PFLOPS'"),
    (lambda t: t.replace("zh = ['数据集']", "zh = ['数据集']\nexclude = ['x']"), "'datasets': unknown field"),
    (lambda t: t[:t.index('[[metric]]\nkey = "other"')], "last metric must be 'other'"),
    (lambda t: t.replace('aliases = ["datasets"', 'aliases = ["AI enterprises"'), "already a name of"),
    (lambda t: t + "\n[[metric\n", "metrics.toml"),
])
def test_malformed_vocabulary(tmp_path, edit, message):
    text = edit(GOOD)
    assert text != GOOD
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[")):
        _load(tmp_path, text)


# --- coverage on compiled corpora ------------------------------------------------------------

def test_coverage_of_compiled_figures(tmp_path):
    """Most figures of real and synthetic documents get a key; the share is printed (-s)."""
    opencc = pytest.importorskip("opencc")
    from policyapi.build.compile import compile_seeds
    from policyapi.synth import generate

    generate(tmp_path / "synth", 3)
    t2s = opencc.OpenCC("t2s").convert
    figures = [f for folder in (tmp_path / "synth", ROOT / "seeds", ROOT / "tests" / "documents" / "zh")
               for f in compile_seeds(folder).figures]
    # Once the compiler classifies, `metric` is the key and `label` keeps the document's words.
    labels = [t2s(getattr(f, "label", f.metric) or "") for f in figures]
    keys = [classify(label, f.unit or "") for label, f in zip(labels, figures)]
    targets = [k for k, f in zip(keys, figures) if f.kind == "target"]
    share = sum(k != "other" for k in keys) / len(keys)
    target_share = sum(k != "other" for k in targets) / len(targets)
    left = collections.Counter((label, f.unit) for k, label, f in zip(keys, labels, figures) if k == "other")
    print(f"\n{len(keys)} figures, {share:.0%} keyed; {len(targets)} targets, {target_share:.0%} keyed;"
          f" most frequent other: {left.most_common(8)}")
    assert share > 0.6 and target_share > 0.8
