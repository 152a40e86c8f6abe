"""The outline stage alone: numbering styles, levels, which sections are measures; property tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policyapi.build.normalise import analysis_text
from policyapi.build.outline import parse_outline
from policyapi.build.unit_lists import find_unit_lists


def outline(text: str, barriers=()):
    view = analysis_text(text)
    lists, _ = find_unit_lists(view)
    return parse_outline(view, unit_lists=lists, barriers=list(barriers)), view


def tree(text: str) -> list[tuple[int, str, str, str]]:
    found, view = outline(text)
    return [(s.depth, text[s.marker[0]:s.marker[1]], s.title, s.role) for s in found.sections]


def test_every_numbering_style_and_its_level():
    text = ("第一章 总则\n第二章 重点任务\n一、夯实基础\n（一）建设平台\n1．建设智算中心。布局算力。（责任单位：市数据局）\n"
            "（1）一期工程。建设机房。\n①完成选址。确定地块。\n②完成设计。出具图纸。\n2. 推进互联。打通节点。（责任单位：市通信办）\n")
    assert tree(text) == [
        (1, "第一章", "总则", "other"), (1, "第二章", "重点任务", "chapter"), (2, "一、", "夯实基础", "group"),
        (3, "（一）", "建设平台", "group"), (4, "1．", "建设智算中心", "measure"), (5, "（1）", "一期工程", "other"),
        (6, "①", "完成选址", "other"), (6, "②", "完成设计", "other"), (4, "2.", "推进互联", "measure")]


def test_a_style_first_met_inside_another_is_its_child_wherever_it_appears():
    # 1. is met under （一） first, so it is deeper than （一） everywhere in the document.
    text = ("一、甲\n（一）乙\n1.丙。正文正文正文正文正文正文。（责任单位：市甲局）\n二、丁\n（一）戊\n"
            "1.己。正文正文正文正文正文正文。（责任单位：市乙局）\n")
    assert [(d, m) for d, m, _, _ in tree(text)] == [(1, "一、"), (2, "（一）"), (3, "1."), (1, "二、"), (2, "（一）"),
                                                     (3, "1.")]


def test_not_headings():
    found, _ = outline("到2027年，规模突破1.5万亿元。\n2026年起实施。\n1.5亿元用于建设。\n一是加强领导。\n第一，统筹推进。\n")
    assert found.sections == ()


def test_a_jump_in_numbering_is_a_warning_not_an_error():
    found, view = outline("（一）甲。正文正文正文正文。（责任单位：市甲局）\n（三）丙。正文正文正文正文。（责任单位：市乙局）\n")
    assert [m.number for m in found.measures] == [1, 3]
    ((offset, message),) = found.troubles
    assert view[offset:].startswith("（三）") and "numbering jumps to （三）" in message


def test_a_signature_ends_the_notice_and_the_plan_starts_its_own_outline():
    text = "关于印发某方案的通知\n1.某某附件\n某某市人民政府\n2026年1月5日\n一、总体要求\n二、重点任务\n"
    start = text.index("某某市人民政府")
    found, view = outline(text, barriers=[(start, text.index("\n一、"))])
    assert [(s.depth, view[s.marker[0]:s.marker[1]]) for s in found.sections] == [(1, "1."), (1, "一、"), (1, "二、")]


def test_a_copy_that_lost_its_line_breaks():
    # The whole document pasted as one line: headings are found after sentences, brackets and spaces.
    text = ("某某市人工智能行动方案 一、总体要求。到2027年，规模突破100亿元。二、重点任务。（一）建设平台。"
            "布局算力设施，推进算力调度，降低用算成本。（责任单位：市数据局）（二）培育企业。引进标注企业，"
            "支持本地企业发展壮大。（责任单位：市工信局、市人社局）" + "正文段落。" * 200)
    assert [(d, m, t) for d, m, t, _ in tree(text)] == [(1, "一、", "总体要求"), (1, "二、", "重点任务"),
                                                     (2, "（一）", "建设平台"), (2, "（二）", "培育企业")]
    found, _ = outline(text)
    assert [(m.number, m.title, len(m.lists)) for m in found.measures] == [(1, "建设平台", 1), (2, "培育企业", 1)]


def test_labelled_items_belong_to_their_section():
    text = "（一）建设园区。\n智能装备园：集聚整机企业和零部件企业。\n数据服务园：发展数据标注。\n（二）下一项。正文正文正文。\n"
    assert tree(text)[:3] == [(1, "（一）", "建设园区", "measure"), (2, "", "智能装备园", "other"),
                              (2, "", "数据服务园", "other")]


def test_english_layout():
    text = ("1、 Build the base\n(1) Build centres. Support cities. (Responsible units: City Data Bureau)\n"
            "(2) Open scenarios\nArtificial intelligence+transport. Build routes. (Responsible units: City Transport Bureau)\n")
    found, view = outline(text)
    assert [(m.number, m.title) for m in found.measures] == [(1, "Build centres"), (2, "Open scenarios")]
    assert [s.name for s in found.measures[1].scenarios] == ["transport"]


# ---- properties ----------------------------------------------------------------------------------

_CN = "一二三四五六七八九"


def cn(n: int) -> str:
    """A Chinese numeral for 1-99: 三, 十二, 二十七."""
    tens, ones = divmod(n, 10)
    return (_CN[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (_CN[ones - 1] if ones else "")


_STYLES = {
    "cn": lambda n: f"{cn(n)}、", "cn_paren": lambda n: f"（{cn(n)}）", "arabic_dot": lambda n: f"{n}.",
    "arabic_paren": lambda n: f"（{n}）", "chapter": lambda n: f"第{cn(n)}章",
}


@st.composite
def documents(draw):
    """A document with 1-3 levels of numbered sections, the deepest carrying unit lists."""
    styles = draw(st.lists(st.sampled_from(sorted(_STYLES)), min_size=1, max_size=3, unique=True))
    restart = draw(st.booleans())
    counts = [draw(st.integers(1, 3)) for _ in styles]
    lines, expected, running = [], [], 0

    def write(level: int) -> None:
        nonlocal running
        for i in range(1, counts[level] + 1):
            last = level == len(styles) - 1
            number = i if (restart or not last) else running + i
            title = f"标题{level}{i}"
            if last:
                lines.append(f"{_STYLES[styles[level]](number)}{title}。支持开展相关工作。（责任单位：市{i}局、市{i}委）")
                expected.append((number, title))
            else:
                lines.append(f"{_STYLES[styles[level]](number)}{title}")
                write(level + 1)
        if last_level(level):
            running += counts[level]

    def last_level(level: int) -> bool:
        return level == len(styles) - 1

    write(0)
    return "\n".join(lines) + "\n", expected


@settings(max_examples=60, deadline=None)
@given(documents())
def test_generated_outlines_read_back(doc):
    text, expected = doc
    found, view = outline(text)
    assert [(m.number, m.title) for m in found.measures] == expected
    assert found.troubles == ()
    for s in found.sections:
        assert view[s.start:s.end].startswith(view[s.marker[0]:s.marker[1]])
        if s.parent is not None:
            parent = found.sections[s.parent]
            assert parent.depth == s.depth - 1 and parent.start < s.start and s.end <= parent.end


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.text(max_size=40),
    st.builds(lambda s, n, t: _STYLES[s](n) + t, st.sampled_from(sorted(_STYLES)), st.integers(1, 10), st.text(max_size=30)),
    st.builds(lambda t, u: f"{t}（责任单位：{u}）", st.text(max_size=20), st.text(max_size=30)),
    st.builds(lambda t: f"{t}：正文正文正文正文", st.text(min_size=2, max_size=8)),
), max_size=15))
def test_any_text_gives_a_well_formed_outline(lines):
    text = "\n".join(lines)
    found, view = outline(text)
    for s in found.sections:
        assert 0 <= s.start <= s.end <= len(text)
        assert s.parent is None or found.sections[s.parent].depth == s.depth - 1
    for m in found.measures:
        assert found.sections[m.section].role == "measure"
        assert 0 <= m.start <= m.end <= len(text)
    for offset, _ in found.troubles:
        assert 0 <= offset <= len(text)
