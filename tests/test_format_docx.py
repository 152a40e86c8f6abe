"""Word documents (formats/docx.py): automatic numbering rendered as text, and twins that compile alike.

Each test document is written as an office writes it in Word (tests/formats/make_docx.py): the
outline's markers come from automatic list numbering (numbering.xml), runs are split mid-word,
there are tracked changes, a comment, a footnote, a header and footer, a page break, a borderless
signature table and a ruled 任务分工表 after the body. It must compile to the facts of its .txt:
any marker rendered wrong, or furniture leaking into the text, would change them.

The numbering renderer is tested alone: each number format, start values, restarts (by a higher
level, lvlRestart, a num's startOverride), counters shared by the nums of one definition, level
overrides, templates naming several levels, isLgl, styles that carry numbering. A property test
writes random nested outlines as Word numbering and reads them back to the same text.
"""

from __future__ import annotations

import io
import random
import statistics
import time
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import TEST_DOCUMENTS
from formats.make_docx import NS, docx_document, split_marker
from formats.twins import assert_same_facts, facts
from policyapi.build.compile import compile_seeds
from policyapi.build.formats import docx
from policyapi.build.formats import extract as extract_any
from policyapi.errors import BuildFailed, DocumentError

ZH = TEST_DOCUMENTS / "zh"
TWINS = sorted(p.stem for p in ZH.glob("*.txt"))
W = docx.W


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def read(raw: bytes, name: str = "doc.docx") -> docx.Extracted:
    return docx.extract(Path(name), raw)


# ---- twins ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", TWINS)
def test_a_word_twin_with_automatic_numbering_compiles_to_the_same_facts(tmp_path, stem):
    twin = ZH / f"{stem}.txt"
    text = twin.read_text("utf-8")
    raw = docx_document(text)
    # The markers are not typed: no paragraph of the document starts with one.
    typed = [p.text for p in python_docx.Document(io.BytesIO(raw)).paragraphs if split_marker(p.text)]
    assert typed == []
    numbered = [line for line in text.split("\n") if split_marker(line)]
    assert numbered, "every test document has an outline"
    target = tmp_path / f"{stem}.docx"
    target.write_bytes(raw)
    got = assert_same_facts(twin, target)
    assert got["measures"]
    extracted = read(raw)
    assert extracted.format == "docx" and extracted.fields == {}
    # Every line of the .txt is a line of the document, in order; nothing else is, but the joint
    # signature that Word sets side by side in a borderless table (one line per cell).
    expected = [part for line in lines(text) for part in line.split("\u3000") if part] \
        if stem.startswith("zhuzhou") else lines(text)
    assert lines(extracted.text) == [line.strip() for line in expected]


@pytest.mark.parametrize("stem", ["hunan-ai-industry-measures-notice", "zhuzhou-ai-action-plan"])
def test_a_word_twin_with_typed_markers_compiles_to_the_same_facts(tmp_path, stem):
    twin = ZH / f"{stem}.txt"
    target = tmp_path / f"{stem}.docx"
    target.write_bytes(docx_document(twin.read_text("utf-8"), numbering=False))
    assert_same_facts(twin, target)


def test_the_core_title_is_the_title_when_it_is_the_documents_own(tmp_path):
    twin = ZH / "hunan-ai-industry-measures-notice.txt"
    title = twin.read_text("utf-8").split("\n")[0]
    target = tmp_path / "hunan.docx"
    target.write_bytes(docx_document(twin.read_text("utf-8"), core_title=f"  {title} "))
    assert read(target.read_bytes()).fields == {"title": title}
    assert_same_facts(twin, target)


def test_a_document_opening_with_a_red_header_takes_its_title_from_the_core_properties(tmp_path):
    text = ("某某市人民政府办公室文件\n某政办发〔2026〕3号\n\n某某市人民政府办公室关于印发某某市算力发展若干措施的通知\n"
            "各区县人民政府：\n现将措施印发给你们。\n\n一、建设算力平台。布局智算中心。（责任单位：市数据局）\n"
            "二、培育数据企业。引进标注企业。（责任单位：市工信局）\n\n某某市人民政府办公室\n2026年3月2日\n")
    title = "某某市人民政府办公室关于印发某某市算力发展若干措施的通知"
    target = tmp_path / "red.docx"
    target.write_bytes(docx_document(text, core_title=title))
    assert read(target.read_bytes()).fields == {"title": title}
    assert facts(target)["header"][0] == title


@pytest.mark.parametrize("core", [
    "Word Document", "Document1", "文档1", "新建 Microsoft Word 文档", "Microsoft Word - 通知.doc", "措施定稿.docx",
    "标题", "  ", "某某县人民政府文件模板",  # a template's title, not in the text
    "湖南省加快人工智能产业集聚发展的若干措施",  # the plan the notice wraps, not the notice
])
def test_a_core_title_that_is_not_the_documents_is_left_out(core):
    text = (ZH / "hunan-ai-industry-measures-notice.txt").read_text("utf-8")
    assert read(docx_document(text, core_title=core)).fields == {}


# ---- number formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "cases"), [
    ("decimal", {1: "1", 9: "9", 10: "10", 123: "123", 0: "0"}),
    ("decimalZero", {1: "01", 9: "09", 10: "10", 100: "100"}),
    ("decimalFullWidth", {1: "１", 12: "１２"}),
    ("decimalFullWidth2", {3: "３"}),
    ("decimalHalfWidth", {3: "3"}),
    ("chineseCounting", {1: "一", 9: "九", 10: "十", 11: "十一", 19: "十九", 20: "二十", 21: "二十一", 99: "九十九",
                         100: "一〇〇", 105: "一〇五"}),
    ("chineseCountingThousand", {1: "一", 10: "十", 15: "十五", 20: "二十", 21: "二十一", 100: "一百", 101: "一百〇一",
                                 110: "一百一十", 999: "九百九十九", 1000: "一千", 1001: "一千〇一",
                                 2020: "二千〇二十", 10000: "10000"}),
    ("taiwaneseCountingThousand", {12: "十二"}),
    ("chineseLegalSimplified", {1: "壹", 10: "壹拾", 23: "贰拾叁", 105: "壹佰零伍"}),
    ("ideographLegalTraditional", {3: "參", 20: "貳拾"}),
    ("ideographDigital", {2026: "二〇二六", 7: "七"}),
    ("ideographTraditional", {1: "甲", 2: "乙", 10: "癸", 11: "11"}),
    ("ideographZodiac", {1: "子", 12: "亥", 13: "13"}),
    ("ideographZodiacTraditional", {1: "甲子", 2: "乙丑", 11: "甲戌", 60: "癸亥"}),
    ("ideographEnclosedCircle", {1: "㊀", 10: "㊉", 11: "11"}),
    ("decimalEnclosedCircle", {1: "①", 10: "⑩", 20: "⑳", 21: "21"}),
    ("decimalEnclosedCircleChinese", {1: "①", 5: "⑤"}),
    ("decimalEnclosedParen", {1: "⑴", 20: "⒇"}),
    ("decimalEnclosedFullstop", {1: "⒈", 20: "⒛"}),
    ("upperLetter", {1: "A", 26: "Z", 27: "AA", 28: "BB", 53: "AAA"}),
    ("lowerLetter", {1: "a", 27: "aa"}),
    ("upperRoman", {1: "I", 4: "IV", 9: "IX", 14: "XIV", 40: "XL", 1999: "MCMXCIX"}),
    ("lowerRoman", {3: "iii", 49: "xlix"}),
    ("ordinal", {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 112: "112th"}),
    ("hex", {255: "FF"}),
    ("chicago", {1: "*", 2: "†", 4: "§", 5: "**"}),
    ("none", {1: "", 5: ""}),
    ("cardinalText", {3: "3"}),  # formats without a rendering here show decimals
    ("upperRoman", {10 ** 30: str(10 ** 30)}),  # beyond Word's 32767: decimals, never a string of 10^27 Ms
    ("upperLetter", {10 ** 30: str(10 ** 30), -2: "-2"}),
    ("somethingNew", {3: "3"}),
])
def test_number_formats(fmt, cases):
    assert {n: docx.format_number(n, fmt) for n in cases} == cases


# ---- numbering definitions and counters ----------------------------------------------------------


def lvl(ilvl: int, fmt: str = "decimal", text: str | None = None, start: int = 1, extra: str = "") -> str:
    text = f"%{ilvl + 1}." if text is None else text
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def numbering(abstracts: dict[int, str], nums: dict[int, tuple[int, str]], styles: str = "") -> docx.Numbering:
    """A Numbering from abstractNum levels ({id: levels xml}) and nums ({numId: (abstractId, overrides xml)})."""
    xml = (f"<w:numbering {NS}>" +
           "".join(f'<w:abstractNum w:abstractNumId="{a}">{levels}</w:abstractNum>'
                   for a, levels in abstracts.items()) +
           "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>{over}</w:num>'
                   for n, (a, over) in nums.items()) + "</w:numbering>")
    styles_root = etree.fromstring(f"<w:styles {NS}>{styles}</w:styles>")
    return docx.Numbering.parse(etree.fromstring(xml), docx.Styles.parse(styles_root))


def markers(numbers: docx.Numbering, sequence: list[tuple[int, int]]) -> list[str | None]:
    out = []
    for num_id, ilvl in sequence:
        shown = numbers.marker(str(num_id), ilvl)
        out.append(None if shown is None else shown[0])
    return out


GOVERNMENT = (lvl(0, "chineseCounting", "%1、") + lvl(1, "chineseCountingThousand", "（%2）") + lvl(2, "decimal", "%3.")
              + lvl(3, "decimal", "（%4）") + lvl(4, "decimalEnclosedCircle", "%5"))


def test_a_government_outline_restarts_each_level_when_a_higher_one_advances():
    numbers = numbering({1: GOVERNMENT}, {1: (1, "")})
    assert markers(numbers, [(1, 0), (1, 1), (1, 1), (1, 2), (1, 3), (1, 4), (1, 4), (1, 2), (1, 0), (1, 1), (1, 2),
                             (1, 4)]) == \
        ["一、", "（一）", "（二）", "1.", "（1）", "①", "②", "2.", "二、", "（一）", "1.", "①"]


def test_start_values_and_a_level_unused_so_far_shows_its_start():
    numbers = numbering({1: lvl(0, start=3) + lvl(1, text="%1.%2", start=5)}, {1: (1, "")})
    assert markers(numbers, [(1, 1), (1, 1), (1, 0), (1, 1)]) == ["3.5", "3.6", "3.", "3.5"]


def test_lvl_restart_zero_runs_on_across_higher_levels():
    numbers = numbering({1: lvl(0, "chineseCounting", "%1、") +
                         lvl(1, "chineseCountingThousand", "（%2）", extra='<w:lvlRestart w:val="0"/>')}, {1: (1, "")})
    assert markers(numbers, [(1, 0), (1, 1), (1, 1), (1, 0), (1, 1), (1, 0), (1, 1)]) == \
        ["一、", "（一）", "（二）", "二、", "（三）", "三、", "（四）"]


def test_lvl_restart_names_the_level_that_restarts_it():
    # Level 2 restarts only when level 0 (lvlRestart 1, one-based) is used, not at each level-1 item.
    levels = lvl(0) + lvl(1, text="%2)") + lvl(2, "lowerLetter", "%3)", extra='<w:lvlRestart w:val="1"/>')
    numbers = numbering({1: levels}, {1: (1, "")})
    assert markers(numbers, [(1, 0), (1, 1), (1, 2), (1, 1), (1, 2), (1, 0), (1, 1), (1, 2)]) == \
        ["1.", "1)", "a)", "2)", "b)", "2.", "1)", "a)"]
    # A lvlRestart naming the level itself or a deeper one is ignored: the default.
    numbers = numbering({1: lvl(0) + lvl(1, text="%2)", extra='<w:lvlRestart w:val="5"/>')}, {1: (1, "")})
    assert markers(numbers, [(1, 0), (1, 1), (1, 1), (1, 0), (1, 1)]) == ["1.", "1)", "2)", "2.", "1)"]


def test_nums_over_one_definition_share_its_counters_and_a_start_override_restarts_where_first_used():
    # Heading paragraphs numbered 1..5 through num 1; num 2 (same definition) starts at 8; num 1 goes on at 9.
    numbers = numbering({3: lvl(0)}, {1: (3, ""), 2: (3, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="8"/>'
                                                      '</w:lvlOverride>')})
    assert markers(numbers, [(1, 0)] * 5 + [(2, 0), (1, 0), (1, 0), (2, 0)]) == \
        ["1.", "2.", "3.", "4.", "5.", "8.", "9.", "10.", "11."]


def test_a_new_num_restarting_a_chapter_s_sub_list():
    # "Restart at 1" on a level that runs on: the office's way of restarting per chapter.
    levels = lvl(0, "chineseCounting", "第%1章") + lvl(1, "chineseCounting", "%2、", extra='<w:lvlRestart w:val="0"/>')
    restart = '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride>'
    numbers = numbering({1: levels}, {1: (1, ""), 2: (1, restart), 3: (1, restart)})
    assert markers(numbers, [(1, 0), (1, 1), (1, 1), (1, 0), (2, 1), (1, 1), (1, 0), (1, 1), (3, 1)]) == \
        ["第一章", "一、", "二、", "第二章", "一、", "二、", "第三章", "三、", "一、"]


def test_separate_definitions_count_separately():
    numbers = numbering({1: lvl(0), 2: lvl(0, "upperLetter", "%1.")}, {1: (1, ""), 2: (2, "")})
    assert markers(numbers, [(1, 0), (2, 0), (1, 0), (2, 0)]) == ["1.", "A.", "2.", "B."]


def test_a_level_override_replaces_the_level_for_that_num_only():
    override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
                '<w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Part %1"/></w:lvl></w:lvlOverride>')
    numbers = numbering({1: lvl(0, start=4)}, {1: (1, ""), 2: (1, override)})
    assert markers(numbers, [(1, 0), (2, 0), (2, 0), (1, 0)]) == ["4.", "Part I", "Part II", "3."]


def test_templates_naming_several_levels_and_legal_numbering():
    levels = (lvl(0, "chineseCounting", "%1、") + lvl(1, "decimal", "%1.%2") + lvl(2, "decimal", "%1.%2.%3") +
              lvl(3, "lowerLetter", "%1.%2.%3.%4", extra="<w:isLgl/>"))
    numbers = numbering({1: levels}, {1: (1, "")})
    assert markers(numbers, [(1, 0), (1, 1), (1, 2), (1, 2), (1, 3), (1, 1), (1, 0), (1, 1), (1, 2)]) == \
        ["一、", "一.1", "一.1.1", "一.1.2", "1.1.2.1", "一.2", "二、", "二.1", "二.1.1"]


def test_bullets_have_no_number_and_none_shows_only_the_text():
    numbers = numbering({1: lvl(0, "bullet", "●") + lvl(1, "none", "附：%2")}, {1: (1, "")})
    assert markers(numbers, [(1, 0), (1, 1)]) == [None, "附："]


def test_unknown_nums_and_levels_have_no_number():
    numbers = numbering({1: lvl(0)}, {1: (1, ""), 2: (99, "")})
    assert markers(numbers, [(7, 0), (2, 0), (1, 5), (1, 0)]) == [None, None, None, "1."]


def test_a_definition_linked_through_a_numbering_style():
    styles = ('<w:style w:type="numbering" w:styleId="GongwenList"><w:name w:val="公文列表"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    numbers = numbering({1: '<w:styleLink w:val="GongwenList"/>' + lvl(0, "chineseCounting", "%1、"),
                         2: '<w:numStyleLink w:val="GongwenList"/>'}, {1: (1, ""), 2: (2, "")}, styles)
    assert markers(numbers, [(2, 0), (1, 0), (2, 0)]) == ["一、", "二、", "三、"]


def test_word_2010_custom_formats_and_garbage_values():
    custom = ('<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
              'markup-compatibility/2006"><mc:Choice Requires="w14">'
              '<w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>'
              '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>'
              '<w:lvlText w:val="%1"/></w:lvl>')
    assert markers(numbering({1: custom}, {1: (1, "")}), [(1, 0), (1, 0)]) == ["001", "002"]
    garbage = ('<w:lvl w:ilvl="x"/><w:lvl w:ilvl="0"><w:start w:val="one"/><w:numFmt/><w:lvlText/></w:lvl>'
               '<w:lvl w:ilvl="1"><w:lvlRestart w:val="?"/><w:lvlText w:val="%1.%2"/></w:lvl><w:lvl w:ilvl="42"/>')
    assert markers(numbering({1: garbage}, {1: (1, "")}), [(1, 0), (1, 1), (1, 1)]) == ["", "1.1", "1.2"]


# ---- paragraphs, runs and tables in a document ---------------------------------------------------


def package(body: str, *, numbering_xml: str = "", styles: str = "", header: str | None = None) -> bytes:
    """A .docx whose body is `body` (w:p and w:tbl elements), with numbering definitions and styles added."""
    document = python_docx.Document()
    root = document.element.body
    sect = root.find(f"{{{W}}}sectPr")
    for child in list(root):
        if child is not sect:
            root.remove(child)
    for element in parse_xml(f"<w:body {NS}>{body}</w:body>"):
        sect.addprevious(element)
    if numbering_xml:
        target = document.part.numbering_part.element
        for child in list(target):
            target.remove(child)
        for element in parse_xml(f"<w:numbering {NS}>{numbering_xml}</w:numbering>"):
            target.append(element)
    if styles:
        for element in parse_xml(f"<w:styles {NS}>{styles}</w:styles>"):
            document.styles.element.append(element)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
        document.sections[0].footer.paragraphs[0].text = header
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def p(text: str = "", ppr: str = "", runs: str | None = None) -> str:
    content = runs if runs is not None else (f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else "")
    return f"<w:p><w:pPr>{ppr}</w:pPr>{content}</w:p>"


def numpr(num_id: int, ilvl: int | None = 0) -> str:
    level = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    return f'<w:numPr>{level}<w:numId w:val="{num_id}"/></w:numPr>'


def single(levels: str) -> str:
    """numbering.xml content: one definition (id 1) with `levels`, and num 1 over it."""
    return (f'<w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')


OUTLINE = single(GOVERNMENT)


def text_of(body: str, **kwargs) -> str:
    return read(package(body, **kwargs)).text


def test_numbered_paragraphs_start_their_lines_with_their_numbers():
    body = (p("总体要求", numpr(1, 0)) + p("指导思想。坚持创新驱动。", numpr(1, 1)) + p("正文一段。") +
            p("重点任务", numpr(1, 0)) + p("建设算力。", numpr(1, 1)) + p("建设智算中心。", numpr(1, 2)) +
            p("机器视觉。", numpr(1, 3)) + p("2026年完成诊断。", numpr(1, 4)))
    assert text_of(body, numbering_xml=OUTLINE).split("\n") == [
        "一、总体要求", "（一）指导思想。坚持创新驱动。", "正文一段。", "二、重点任务", "（一）建设算力。", "1.建设智算中心。",
        "（1）机器视觉。", "①2026年完成诊断。"]


def test_a_space_stands_for_the_tab_after_a_number_ending_in_a_letter_digit_or_ideograph():
    levels = (lvl(0, "chineseCounting", "第%1章") + lvl(1, "chineseCounting", "第%2节", extra='<w:suff w:val="nothing"/>')
              + lvl(2, "decimal", "%3.") + lvl(3, "upperLetter", "%4", extra='<w:suff w:val="space"/>'))
    xml = single(levels)
    body = (p("总体要求", numpr(1, 0)) + p("发展基础", numpr(1, 1)) + p("2026年，规模达到100亿元。", numpr(1, 2)) +
            p("建设平台", numpr(1, 2)) + p("Purpose", numpr(1, 3)) + p("  前有空格", numpr(1, 2)))
    assert text_of(body, numbering_xml=xml).split("\n") == [
        "第一章 总体要求", "第一节发展基础", "1. 2026年，规模达到100亿元。", "2.建设平台", "A Purpose", "3.前有空格"]


def test_numbering_from_paragraph_styles():
    styles = ('<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="公文一级"/>'
              '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="H1b"><w:name w:val="公文一级变体"/><w:basedOn w:val="H1"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="公文二级"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    xml = single(lvl(0, "chineseCounting", "%1、") +
                 lvl(1, "chineseCountingThousand", "（%2）", extra='<w:pStyle w:val="H2"/>'))
    body = (p("总体要求", '<w:pStyle w:val="H1"/>') + p("指导思想", '<w:pStyle w:val="H2"/>') +
            p("重点任务", '<w:pStyle w:val="H1b"/>') + p("建设平台", '<w:pStyle w:val="H2"/>') +
            p("不编号", f'<w:pStyle w:val="H1"/>{numpr(0)}') + p("培育企业", '<w:pStyle w:val="H2"/>') +
            p("保障措施", '<w:pStyle w:val="H2"/><w:numPr><w:ilvl w:val="0"/></w:numPr>'))
    assert text_of(body, numbering_xml=xml, styles=styles).split("\n") == [
        "一、总体要求", "（一）指导思想", "二、重点任务", "（一）建设平台", "不编号", "（二）培育企业", "三、保障措施"]


def test_runs_split_mid_word_tabs_breaks_and_symbols():
    runs = ('<w:r><w:t>推进算</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>力建设</w:t></w:r>'
            '<w:bookmarkStart w:id="1" w:name="a"/><w:r><w:t xml:space="preserve"> 到</w:t><w:t>2027</w:t></w:r>'
            '<w:bookmarkEnd w:id="1"/><w:r><w:t>年</w:t><w:tab/><w:t>完成</w:t><w:br/><w:t>第二行</w:t>'
            '<w:br w:type="page"/><w:t>新页</w:t><w:noBreakHyphen/><w:softHyphen/><w:t>续</w:t></w:r>'
            '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="SimSun" w:char="2605"/></w:r>'
            '<w:hyperlink r:id="rId99" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<w:r><w:t>链接</w:t></w:r></w:hyperlink>'
            '<w:smartTag w:uri="x" w:element="y"><w:r><w:t>标记</w:t></w:r></w:smartTag>'
            '<w:sdt><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt>')
    assert text_of(p(runs=runs)) == "推进算力建设 到2027年\t完成\n第二行\n新页-续★链接标记控件"


def test_tracked_changes_are_read_as_accepted():
    runs = ('<w:r><w:t>培育</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>300家</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="a"><w:r><w:t>500家</w:t></w:r></w:ins><w:r><w:t>企业</w:t></w:r>'
            '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走</w:t></w:r></w:moveFrom>'
            '<w:moveTo w:id="4" w:author="a"><w:r><w:t>。</w:t></w:r></w:moveTo>')
    joined = p(runs='<w:r><w:t>（责任单位：市数据局、</w:t></w:r>',
               ppr='<w:rPr><w:del w:id="5" w:author="a"/></w:rPr>') + p("市科技局）")
    assert text_of(p(runs=runs) + joined).split("\n") == ["培育500家企业。", "（责任单位：市数据局、市科技局）"]
    # A paragraph whose mark was deleted loses its number to the paragraph it joins.
    body = p("总体要求", numpr(1, 0) + '<w:rPr><w:del w:id="6" w:author="a"/></w:rPr>') + p("（续）", numpr(1, 0)) + \
        p("重点任务", numpr(1, 0))
    assert text_of(body, numbering_xml=OUTLINE).split("\n") == ["一、总体要求（续）", "二、重点任务"]


def test_hidden_text_field_instructions_notes_comments_and_drawings_are_not_text():
    runs = ('<w:r><w:t>到2027年</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>（隐藏：9999亿元）</w:t></w:r>'
            '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>规模</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DOCPROPERTY 目标 </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>突破</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:fldSimple w:instr=" MERGEFIELD 金额 "><w:r><w:t>500亿元</w:t></w:r></w:fldSimple>'
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
            '<w:r><w:endnoteReference w:id="1"/></w:r><w:commentRangeStart w:id="1"/><w:commentRangeEnd w:id="1"/>'
            '<w:r><w:commentReference w:id="1"/></w:r>'
            '<w:r><w:drawing>'
            '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            '<w:txbxContent><w:p><w:r><w:t>文本框8888家</w:t></w:r></w:p></w:txbxContent></wp:inline></w:drawing></w:r>'
            '<w:r><w:pict><w:p><w:r><w:t>VML文本框</w:t></w:r></w:p></w:pict></w:r>'
            '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            '<mc:Choice Requires="wps"><w:r><w:t>形状</w:t></w:r></mc:Choice><mc:Fallback/></mc:AlternateContent>'
            '<w:r><w:t>。</w:t></w:r>')
    assert text_of(p(runs=runs), header="页眉：某某市人民政府文件 2030年") == "到2027年规模突破500亿元。"


def test_a_table_of_contents_is_not_text():
    toc = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
           '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>一、总体要求\t1</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>二、重点任务\t2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    gallery = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
               '<w:sdtContent><w:p><w:r><w:t>目录</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    control = '<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>控件中的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    # The table of contents' two paragraphs are left as empty lines (the compiler drops runs of them).
    assert text_of(gallery + toc + p("正文。") + control).split("\n") == ["", "", "正文。", "控件中的段落"]


RULED = ('<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/>'
         '</w:tblBorders></w:tblPr>')


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(f"<w:tc>{cell}</w:tc>" for cell in cells) + "</w:tr>"


def test_ruled_tables_are_left_out_but_their_numbers_still_count():
    table = (f"<w:tbl>{RULED}<w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
             + row(p("序号"), p("牵头单位"))
             + row(p("建设算力。（责任单位：市数据局）", numpr(1, 0)), p("市数据局"))
             + "</w:tbl>")
    body = p("总体要求", numpr(1, 0)) + table + p("保障措施", numpr(1, 0))
    assert text_of(body, numbering_xml=OUTLINE).split("\n") == ["一、总体要求", "三、保障措施"]


@pytest.mark.parametrize("borders", [
    "",  # no borders at all: the default table style draws none
    '<w:tblPr><w:tblBorders><w:top w:val="nil"/><w:insideV w:val="none"/></w:tblBorders></w:tblPr>',
])
def test_borderless_tables_are_layout_and_read_cell_by_cell(borders):
    table = (f"<w:tbl>{borders}<w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
             + row(p("中共某某市委办公室"), p("某某市人民政府办公室")) + row(p(), p("2026年5月20日")) + "</w:tbl>")
    assert text_of(table).split("\n") == ["中共某某市委办公室", "某某市人民政府办公室", "", "2026年5月20日"]


def test_a_table_ruled_by_its_style_or_cells_is_data_and_a_one_column_table_is_a_frame():
    by_style = ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>'
                + row(p("序号"), p("任务")) + "</w:tbl>")
    by_cells = ('<w:tbl><w:tr><w:tc><w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="8"/></w:tcBorders>'
                '</w:tcPr>' + p("序号") + "</w:tc><w:tc>" + p("任务") + "</w:tc></w:tr></w:tbl>")
    frame = f"<w:tbl>{RULED}" + row(p("（此件公开发布）")) + row(p("第二段")) + "</w:tbl>"
    nested = "<w:tbl>" + row(p("外层") + by_style, p("右栏")) + "</w:tbl>"
    assert text_of(by_style + by_cells + frame + nested).split("\n") == ["（此件公开发布）", "第二段", "外层", "右栏"]


def test_math_and_ruby_text():
    runs = ('<w:r><w:t>增长</w:t></w:r><m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
            '<m:r><m:t>x+1</m:t></m:r></m:oMath><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhù</w:t></w:r></w:rt>'
            '<w:rubyBase><w:r><w:t>株</w:t></w:r></w:rubyBase></w:ruby></w:r>')
    assert text_of(p(runs=runs)) == "增长x+1株"


def test_whitespace_only_runs_survive():
    runs = '<w:r><w:t>一</w:t></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:t>二</w:t></w:r>'
    assert text_of(p(runs=runs) + p("　　首行缩进")) == "一 二\n　　首行缩进"


# ---- property: random outlines written as Word numbering read back to the same text --------------

_CN = "一二三四五六七八九"


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens - 1]) + "十" if tens else "") + (_CN[ones - 1] if ones else "")


STYLES = {  # name: (marker for n, highest number)
    "chapter": (lambda n: f"第{_cn(n)}章 ", 30),
    "cn": (lambda n: f"{_cn(n)}、", 99),
    "cn_paren": (lambda n: f"（{_cn(n)}）", 99),
    "cn_paren_ascii": (lambda n: f"({_cn(n)})", 99),
    "arabic_paren": (lambda n: f"（{n}）", 99),
    "arabic_dot": (lambda n: f"{n}.", 99),
    "arabic_dot_wide": (lambda n: f"{n}．", 99),
    "circled": (lambda n: chr(0x2460 + n - 1), 20),
}
WORDS = st.text(alphabet="建设推进算力数据平台产业智能创新应用人才资金保障组织", min_size=1, max_size=12)


@st.composite
def outlines(draw) -> str:
    depth_styles = draw(st.lists(st.sampled_from(sorted(STYLES)), min_size=1, max_size=5, unique=True))
    lines_out: list[str] = []
    counters: list[int] = [0] * len(depth_styles)
    depth = 0
    for _ in range(draw(st.integers(1, 25))):
        depth = draw(st.integers(0, min(depth + 1, len(depth_styles) - 1)))
        style = depth_styles[depth]
        make, top = STYLES[style]
        choice = draw(st.sampled_from(["next", "next", "next", "jump"]))
        n = counters[depth] + 1 if choice == "next" else draw(st.integers(1, top))
        n = min(max(n, 1), top)
        counters[depth] = n
        for deeper in range(depth + 1, len(counters)):
            if draw(st.booleans()):
                counters[deeper] = 0  # restart below, or run on: both occur
        lines_out.append(make(n) + draw(WORDS) + draw(st.sampled_from(["", "。正文内容。"])))
        if draw(st.integers(0, 4)) == 0:
            lines_out.append("正文段落" + draw(WORDS) + "。")
    return "\n".join(lines_out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outlines())
def test_random_outlines_written_as_word_numbering_read_back_to_the_same_text(text):
    raw = docx_document(text)
    assert all(not split_marker(par.text) for par in python_docx.Document(io.BytesIO(raw)).paragraphs)
    assert read(raw).text == text


# ---- files that are not Word documents -----------------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _replace(raw: bytes, name: str, data: bytes | None) -> bytes:
    """`raw` (a .docx) with its part `name` replaced by `data` (None: removed)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        files = {item: archive.read(item) for item in archive.namelist()}
    if data is None:
        files.pop(name)
    else:
        files[name] = data
    return _zip(files)


GOOD = docx_document("某某市算力发展若干措施\n一、建设算力平台。布局智算中心。\n二、培育数据企业。")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "the file is empty"),
    (b"just some text, not a zip", "not a Word document (a .docx is a zip package"),
    (OLE2 + "WordDocument".encode("utf-16-le") + b"\x00" * 100, "an old binary Word document (.doc"),
    (OLE2 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100, "a password-protected Word document"),
    ("{\\rtf1\\ansi 通知}".encode(), "an RTF document renamed .docx"),
    (b"%PDF-1.7\n...", "a PDF renamed .docx"),
    ("<html><body>通知</body></html>".encode(), "a web page (HTML or MHT"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "a web page (HTML or MHT"),
    (b"PK\x03\x04" + b"\x00" * 40, "a damaged zip archive"),
    (GOOD[: len(GOOD) // 2], "a damaged zip archive"),
    (_zip({"readme.txt": b"hello"}), "a zip archive without word/document.xml"),
    (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "(an Excel workbook)"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "OpenDocument"),
    (_replace(GOOD, "word/document.xml", None), "a zip archive without word/document.xml"),
    (_replace(GOOD, "word/document.xml", b"<w:document xmlns:w='x'><w:body>"), "a damaged Word document"),
    (_replace(GOOD, "word/document.xml", f"<w:document {NS}/>".encode()), "without a body"),
    (_replace(GOOD, "word/numbering.xml", b"not xml at all"), "a damaged Word document"),
    (_replace(GOOD, "[Content_Types].xml", None), "a damaged Word document ([Content_Types].xml is missing)"),
])
def test_a_file_that_is_not_a_readable_word_document_is_an_error_naming_it(raw, message):
    with pytest.raises(DocumentError) as caught:
        extract_any(Path("seeds/某市/措施.docx"), raw)
    assert caught.value.line == 1 and caught.value.path == Path("seeds/某市/措施.docx")
    assert message in caught.value.message
    assert str(caught.value).startswith("seeds/某市/措施.docx:1: ")


def test_a_spreadsheet_renamed_docx_is_named_for_what_it_is():
    raw = _replace(GOOD, "[Content_Types].xml", zipfile.ZipFile(io.BytesIO(GOOD)).read("[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"))
    with pytest.raises(DocumentError, match="its main part is application/vnd.openxmlformats-officedocument"
                                            ".spreadsheetml"):
        read(raw)


def test_a_macro_enabled_document_is_read():
    raw = _replace(GOOD, "[Content_Types].xml", zipfile.ZipFile(io.BytesIO(GOOD)).read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml"))
    assert lines(read(raw).text) == ["某某市算力发展若干措施", "一、建设算力平台。布局智算中心。", "二、培育数据企业。"]


def test_garbage_numbering_values_are_no_crash():
    garbage = (f'<w:numbering {NS}><w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="x"/>'
               '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、%9"/></w:lvl></w:abstractNum>'
               '<w:abstractNum/><w:num w:numId="10"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="z"/></w:num>'
               '<w:num w:numId="11"><w:abstractNumId w:val="nope"/></w:num><w:num/></w:numbering>').encode()
    text = read(_replace(GOOD, "word/numbering.xml", garbage)).text
    assert lines(text)[1:] == ["一、建设算力平台。布局智算中心。", "二、培育数据企业。"]


def test_a_broken_docx_in_a_seeds_folder_fails_the_build_naming_it(tmp_path):
    (tmp_path / "good.docx").write_bytes(GOOD)
    (tmp_path / "old.docx").write_bytes(OLE2)
    with pytest.raises(BuildFailed) as caught:
        compile_seeds(tmp_path)
    assert [(e.path.name, e.line) for e in caught.value.errors] == [("old.docx", 1)]
    assert "old binary Word document" in str(caught.value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_packages_are_errors_or_text_never_crashes(data):
    """Bytes flipped in the package, or in the XML inside it: a DocumentError or a text, nothing else."""
    where = data.draw(st.sampled_from(["zip", "word/document.xml", "word/numbering.xml", "word/styles.xml"]))
    if where == "zip":
        raw = bytearray(GOOD)
    else:
        raw = bytearray(zipfile.ZipFile(io.BytesIO(GOOD)).read(where))
    for _ in range(data.draw(st.integers(1, 8))):
        k = data.draw(st.integers(0, len(raw) - 1))
        raw[k] = data.draw(st.integers(0, 255))
    if where != "zip":
        raw = bytearray(_replace(GOOD, where, bytes(raw)))
    try:
        extracted = read(bytes(raw))
    except DocumentError as exc:
        assert exc.line == 1 and exc.path == Path("doc.docx")
    else:
        assert isinstance(extracted.text, str)


# ---- speed ---------------------------------------------------------------------------------------


def _long_document(chars: int = 7500) -> str:
    rng = random.Random(7)
    out = ["某某省人民政府办公厅关于印发某某省人工智能产业发展若干措施的通知", "某政办发〔2026〕21号", "",
           "各市州人民政府，省直各单位：", "现将若干措施印发给你们，请认真组织实施。", "", "某某省人民政府办公厅",
           "2026年6月1日", "", "某某省人工智能产业发展若干措施", ""]
    chapter = 0
    while sum(len(line) + 1 for line in out) < chars:
        chapter += 1
        out.append(f"{_cn(chapter)}、重点任务{chapter}")
        for k in range(1, 7):
            out.append(f"（{_cn(k)}）建设算力平台{k}。到2028年建成智算中心{rng.randint(2, 90)}个，支持企业"
                       f"{rng.randint(10, 500)}家，单个项目最高支持{rng.randint(1, 9) * 100}万元。"
                       "（责任单位：省数据局、省发展改革委、省科技厅）")
    return "\n".join(out)


def test_a_long_document_reads_quickly():
    text = _long_document()
    assert 7500 <= len(text) < 8200
    raw = docx_document(text)
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        extracted = read(raw)
        timings.append(time.perf_counter() - began)
    assert lines(extracted.text) == lines(text)
    assert statistics.median(timings) < 1.0  # milliseconds in practice; a generous bound for slow machines
