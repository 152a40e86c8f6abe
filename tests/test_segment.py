"""The structure parser and the unit-list splitter, on examples and on generated input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyapi.build.segment import StructureError, segment, split_unit_list


@pytest.mark.parametrize(("listing", "names"), [
    ("A, B, and C", ["A", "B", "C"]),
    ("Provincial Department of Science and Technology, Provincial Development and Reform Commission",
     ["Provincial Department of Science and Technology", "Provincial Development and Reform Commission"]),
    ("Provincial Department of Commerce and Provincial Department of Finance",
     ["Provincial Department of Commerce", "Provincial Department of Finance"]),
    ("Provincial Department of Agriculture and Rural Affairs", ["Provincial Department of Agriculture and Rural Affairs"]),
    ("Provincial Data Bureau, and people's governments of various cities and prefectures",
     ["Provincial Data Bureau", "people's governments of various cities and prefectures"]),
    ("省科技厅、省发改委、省经信厅", ["省科技厅", "省发改委", "省经信厅"]),
    ("省科技厅，省发改委及各市州人民政府", ["省科技厅", "省发改委及各市州人民政府"]),
])
def test_split_unit_list(listing, names):
    assert [u.name for u in split_unit_list(listing, 0)] == names


_NAME = st.text(alphabet=st.sampled_from("abcdefghij XYZ'-()"), min_size=1, max_size=30)


@given(st.lists(_NAME, min_size=1, max_size=8), st.integers(0, 500))
def test_split_unit_list_spans_slice_back(parts, offset):
    listing = ", ".join(parts)
    text = "x" * offset + listing
    for unit in split_unit_list(listing, offset):
        assert text[unit.start:unit.end] == unit.name
        assert unit.name == unit.name.strip() and "," not in unit.name


def test_chinese_layout():
    text = ("一、加强基础\n\n（一）建设算力中心。支持成都建设智算中心。（责任单位：省发展改革委、省经济和信息化厅）\n\n"
            "（二）赋能千行百业\n\n人工智能+交通。推进智能网联汽车。（责任单位：省交通运输厅）\n")
    structure = segment(text)
    assert [(c.number, c.title) for c in structure.chapters] == [(1, "加强基础")]
    first, second = structure.measures
    assert (first.number, first.title) == (1, "建设算力中心")
    assert [u.name for u in first.units] == ["省发展改革委", "省经济和信息化厅"]
    assert second.title == "赋能千行百业" and [s.name for s in second.scenarios] == ["交通"]
    assert [u.name for u in second.units] == ["省交通运输厅"]


def test_numbering_must_be_in_sequence():
    with pytest.raises(StructureError, match=r"measure \(3\) follows \(1\)") as error:
        segment("(1) A. b. (Responsible units: X)\n(3) C. d. (Responsible units: Y)\n")
    assert error.value.offset == len("(1) A. b. (Responsible units: X)\n")


_LINES = st.one_of(
    st.text(max_size=80),
    st.builds(lambda n, t: f"({n}) {t}", st.integers(0, 30), st.text(max_size=60)),
    st.builds(lambda n, t: f"{n}、 {t}", st.integers(0, 12), st.text(max_size=40)),
    st.builds(lambda t, u: f"{t} (Responsible units: {u})", st.text(max_size=40), st.text(max_size=60)),
    st.builds(lambda x, t: f"Artificial intelligence+{x}. {t}", st.text(max_size=20), st.text(max_size=40)),
)


@given(st.lists(_LINES, max_size=20))
def test_segment_never_crashes_and_spans_slice_back(lines):
    text = "\n".join(lines)
    try:
        structure = segment(text)
    except StructureError as error:
        assert 0 <= error.offset <= len(text)
        return
    for piece in [*structure.chapters, *structure.measures]:
        assert 0 <= piece.start <= piece.end <= len(text)
    for measure in structure.measures:
        for unit in measure.units:
            assert text[unit.start:unit.end] == unit.name
        for scenario in measure.scenarios:
            assert measure.start <= scenario.start <= scenario.end <= measure.end
