"""The unit-list stage alone: every list form and lead rule; property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyapi.build.normalise import analysis_text
from policyapi.build.unit_lists import find_unit_lists


def read(text: str) -> list[tuple[str, list[tuple[str, bool]]]]:
    view = analysis_text(text)
    lists, _ = find_unit_lists(view)
    for found in lists:
        for e in found.entries:
            assert view[e.start:e.end] == e.name
    return [(found.lead_rule, [(text[e.start:e.end], e.is_lead) for e in found.entries]) for found in lists]


@pytest.mark.parametrize(("text", "expected"), [
    ("（责任单位：省发展改革委、省科技厅、省经信厅）",
     [("first", [("省发展改革委", True), ("省科技厅", False), ("省经信厅", False)])]),
    ("（牵头单位：省数据局，责任单位：省财政厅、各市州人民政府）",
     [("labelled", [("省数据局", True), ("省财政厅", False), ("各市州人民政府", False)])]),
    ("（牵头单位：省数据局、省科技厅）", [("labelled", [("省数据局", True), ("省科技厅", True)])]),
    ("（牵头单位：省数据局；配合单位：省财政厅）", [("labelled", [("省数据局", True), ("省财政厅", False)])]),
    ("〔责任单位：各区〔县、市〕政府，市委组织部（人才办）〕",
     [("first", [("各区〔县、市〕政府", True), ("市委组织部（人才办）", False)])]),
    ("（责任单位：市发改委☆、市经信局、市科技局★）",
     [("marked", [("市发改委", True), ("市经信局", False), ("市科技局", True)])]),
    ("（责任单位：各市州人民政府〈含开发区管委会，下同〉、省商务厅；以下均需各市州政府落实，不再列出）",
     [("first", [("各市州人民政府", True), ("省商务厅", False)])]),
    ("（责任单位：省发改委及各市州人民政府，按职责分工负责）",
     [("first", [("省发改委", True), ("各市州人民政府", False)])]),
    ("（責任單位：省發展改革委、省科技廳）", [("first", [("省發展改革委", True), ("省科技廳", False)])]),
    ("(责任单位: 省发展改革委, 省科技厅; 省财政厅)",
     [("first", [("省发展改革委", True), ("省科技厅", False), ("省财政厅", False)])]),
    ("推进。责任单位：市发展改革委、市数据局。\n", [("first", [("市发展改革委", True), ("市数据局", False)])]),
    ("推进。\n【责任单位】市数据局、市科技局\n", [("first", [("市数据局", True), ("市科技局", False)])]),
    ("推进。（省工业和信息化厅牵头，省发展改革委、省科技厅等按职责分工负责）",
     [("labelled", [("省工业和信息化厅", True), ("省发展改革委", False), ("省科技厅", False)])]),
    ("推进（省数据局、省科技厅按职责分工负责）。", [("first", [("省数据局", True), ("省科技厅", False)])]),
    ("(Responsible units: Provincial Department of Science and Technology, Provincial Data Bureau, and people's "
     "governments of various cities and prefectures)",
     [("first", [("Provincial Department of Science and Technology", True), ("Provincial Data Bureau", False),
                 ("people's governments of various cities and prefectures", False)])]),
    # Not lists.
    ("加快发展（以下简称“方案”）。", []),
    ("加快发展（2026—2028年）。", []),
    ("责任单位应加强协作。", []),
])
def test_list_forms(text, expected):
    assert read(text) == expected


def test_a_stated_rule_applies_to_later_lists_and_a_closing_note_to_earlier_ones():
    assert read("（责任单位：A局、B局，C局，第一个逗号前为牵头单位，下同）\n（责任单位：D局，E局、F局）") == [
        ("before_first_comma", [("A局", True), ("B局", True), ("C局", False)]),
        ("before_first_comma", [("D局", True), ("E局", False), ("F局", False)])]
    # Stated only in a note at the end, the rule applies to the lists before it.
    assert read("（责任单位：A局、B局，C局）\n注：第一个逗号前为牵头单位。") == [
        ("before_first_comma", [("A局", True), ("B局", True), ("C局", False)])]
    # Marks need no rule, and a list without any falls back to the first unit.
    assert read("标☆的为牵头单位。\n（责任单位：A局、B局☆）\n（责任单位：C局、D局）") == [
        ("marked", [("A局", False), ("B局", True)]), ("first", [("C局", True), ("D局", False)])]


def test_what_cannot_be_read_is_said():
    view = analysis_text("推进。（责任单位：省科技厅、省发改委\n下一段。")
    lists, troubles = find_unit_lists(view)
    assert [[e.name for e in found.entries] for found in lists] == [["省科技厅", "省发改委"]]
    assert [t.message for t in troubles] == ["'（责任单位：' is not closed on its line: read to the end of the line"]


# ---- properties ----------------------------------------------------------------------------------

_UNIT = st.builds(lambda p, s: p + s, st.sampled_from(["省", "市", "区", ""]),
                  st.sampled_from(["科技厅", "数据局", "财政厅", "发展改革委", "工业和信息化厅", "商务局", "人民政府办公室"]))


@st.composite
def lists(draw):
    """A list in one of the forms, and the (unit, is lead) it must read as."""
    units = draw(st.lists(_UNIT, min_size=1, max_size=6, unique=True))
    form = draw(st.sampled_from(["first", "marked", "labelled", "comma"]))
    open_, close = draw(st.sampled_from([("（", "）"), ("(", ")"), ("〔", "〕")]))
    colon = draw(st.sampled_from(["：", ":", "： "]))
    if form == "first":
        sep = draw(st.sampled_from(["、", "，", "；", ","]))
        return f"{open_}责任单位{colon}{sep.join(units)}{close}", [(u, i == 0) for i, u in enumerate(units)]
    if form == "marked":
        marks = draw(st.lists(st.booleans(), min_size=len(units), max_size=len(units)).filter(any))
        body = "、".join(u + ("☆" if m else "") for u, m in zip(units, marks))
        return f"{open_}责任单位{colon}{body}{close}", list(zip(units, marks))
    k = draw(st.integers(1, len(units)))
    if form == "labelled":
        body = f"牵头单位{colon}{'、'.join(units[:k])}" + (f"；配合单位{colon}{'、'.join(units[k:])}" if units[k:] else "")
        return f"{open_}{body}{close}", [(u, i < k) for i, u in enumerate(units)]
    body = "、".join(units[:k]) + ("，" + "、".join(units[k:]) if units[k:] else "")
    return f"第一个逗号前为牵头单位。\n{open_}责任单位{colon}{body}{close}", [(u, i < k) for i, u in enumerate(units)]


@settings(max_examples=150, deadline=None)
@given(lists(), st.sampled_from(["", "加快推进。", "Build it. "]))
def test_generated_lists_read_back(case, before):
    text, expected = case
    (found,) = [entries for _, entries in read(before + text)]
    assert found == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("（）()〔〕〈〉【】、，,；;：:☆责任单位牵头配合省市局厅下同按职责分工负责等\n ")),
               max_size=80))
def test_any_text_reads_without_crashing_and_spans_slice_back(text):
    view = analysis_text(text)
    lists, troubles = find_unit_lists(view)
    for found in lists:
        assert 0 <= found.start < found.end <= len(view)
        for e in found.entries:
            assert view[e.start:e.end] == e.name and e.name.strip() == e.name
    for t in troubles:
        assert 0 <= t.offset <= len(view)
