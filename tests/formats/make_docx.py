"""Write a document given as the text of a .txt as a Word document, the way government offices write them.

`docx_document(text)` takes the text (one paragraph a line) and writes a .docx in which, with
`numbering=True`, the outline's markers ("第一章", "一、", "（一）", "1．", "（1）", "①") are not typed:
they come from Word's automatic list numbering, so they exist only in numbering.xml. The outline
is one multi-level list: a level per depth, its number format (chineseCounting,
chineseCountingThousand, decimal, decimalEnclosedCircle) and text ("%1、", "（%1）", "第%1章") taken from
the marker met at that depth; the top two levels are numbered through heading styles carrying
numPr (the second linked to its level by w:pStyle); a level whose numbers run on across its parents
gets lvlRestart 0; a number the counters would not reach (numbering restarted or skipped) gets a
new w:num over the same definition with a startOverride.

Like an office's file it also has: runs split mid-word, with fonts and proofing marks between them;
a tracked insertion and deletion and a hidden run; a comment and a footnote; a header and a footer
with a PAGE field; a signature's date after a line break in the issuer's paragraph; a page break
before the attached plan; leading spaces typed as a tab; joint issuers set side by side in a
borderless table; a ruled 任务分工表 (with its own numbered 序号 column) after the body; the core
properties' title when given. None of that extra content is part of the document's text.

Invented content only.
"""

from __future__ import annotations

import io
import random
import re
import zlib
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W_NS}"'
CN = "一二三四五六七八九十"

# Marker styles of the outline, tried in order: (name, pattern, number format). The pattern captures
# the text before the number (`open`), the number (`n`) and the text after it (`close`).
MARKERS = (
    ("chapter", re.compile(r"(?P<open>第)(?P<n>[一二三四五六七八九十]{1,3})(?P<close>章)(?P<space> ?)"),
     "chineseCounting"),
    ("cn_paren", re.compile(r"(?P<open>[（(])(?P<n>[一二三四五六七八九十]{1,3})(?P<close>[)）])"),
     "chineseCountingThousand"),
    ("cn", re.compile(r"(?P<open>)(?P<n>[一二三四五六七八九十]{1,3})(?P<close>[、．.])"), "chineseCounting"),
    ("arabic_paren", re.compile(r"(?P<open>[（(])(?P<n>[1-9]\d?)(?P<close>[)）])"), "decimal"),
    ("arabic_dot", re.compile(r"(?P<open>)(?P<n>[1-9]\d?)(?P<close>[.．])(?!\d)"), "decimal"),
    ("circled", re.compile(r"(?P<open>)(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])(?P<close>)"), "decimalEnclosedCircle"),
)
_DATE_LINE = re.compile(r"\s*(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*")
_ISSUER_END = re.compile(r".{2,30}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|厅|局|委|办)")


def cn_value(numeral: str) -> int | None:
    """一..九十九 as a number; None for what is not a Chinese numeral below 100."""
    if not numeral or any(c not in CN for c in numeral):
        return None
    if "十" not in numeral:
        return CN.index(numeral) + 1 if len(numeral) == 1 else None
    tens, _, ones = numeral.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones or tens == "十":
        return None
    value = (CN.index(tens) + 1 if tens else 1) * 10 + (CN.index(ones) + 1 if ones else 0)
    return value if value < 100 else None


@dataclass(frozen=True)
class Marker:
    style: str  # "cn", "cn_paren", ...
    fmt: str  # Word's numFmt
    template: str  # lvlText at the top level: "%1、", "（%1）", "第%1章" (at level k, %k+1)
    suffix: str  # w:suff: "tab", "space", "nothing"


def split_marker(line: str) -> tuple[Marker, int, str] | None:
    """(the marker, its number, the rest of the line) of a line that starts with an outline marker."""
    for style, pattern, fmt in MARKERS:
        m = pattern.match(line)
        if m is None:
            continue
        raw = m.group("n")
        if style in ("chapter", "cn", "cn_paren"):
            n = cn_value(raw)
        elif style == "circled":
            n = ord(raw) - 0x2460 + 1
        else:
            n = int(raw)
        if n is None:
            continue
        suffix = "tab"
        if style == "chapter":
            suffix = "space" if m.group("space") else "nothing"
        elif style == "cn_paren":
            suffix = "nothing"
        return Marker(style, fmt, f"{m.group('open')}%1{m.group('close')}", suffix), n, line[m.end():]
    return None


# ---- the numbering plan: levels, restarts, overrides ---------------------------------------------


@dataclass
class _Abstract:
    ident: int
    levels: dict[int, Marker] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)
    runs_on: dict[int, bool] = field(default_factory=dict)  # the level never restarts (lvlRestart 0)


@dataclass
class _Plan:
    """Which list, level and w:num each numbered line gets, and the numbering.xml for it."""

    abstracts: list[_Abstract] = field(default_factory=list)
    nums: list[tuple[int, int, dict[int, int]]] = field(default_factory=list)  # (numId, abstractId, startOverrides)
    lines: dict[int, tuple[int, int, bool]] = field(default_factory=dict)  # line -> (numId, ilvl, by style)
    base_num: int = 0  # the w:num the heading styles carry


def plan_numbering(items: list[tuple[int, Marker, int]], first_abstract: int = 10, first_num: int = 10) -> _Plan:
    """Numbering for the numbered lines `items` ((line index, marker, number), in order)."""
    plan = _Plan()
    main = _Abstract(first_abstract)
    plan.abstracts.append(main)
    depths: list[tuple[int, Marker, int]] = []
    stack: list[Marker] = []
    for index, marker, n in items:
        if marker in stack:
            del stack[stack.index(marker) + 1:]
        elif len(stack) < 9:
            stack.append(marker)
        else:
            stack[-1] = marker
        depths.append((index, marker, n))
        depth = len(stack) - 1
        abstract = next((a for a in plan.abstracts if a.levels.get(depth) in (None, marker)), None)
        if abstract is None:  # the same depth numbered another way: a definition of its own
            abstract = _Abstract(first_abstract + len(plan.abstracts), dict(main.levels), dict(main.starts))
            abstract.levels[depth], abstract.starts[depth] = marker, n
            plan.abstracts.append(abstract)
        if depth not in abstract.levels:
            abstract.levels[depth] = marker
            abstract.starts[depth] = n
        plan.lines[index] = (abstract.ident, depth, False)  # numId filled in below
    # A level runs on (lvlRestart 0) when its numbers never go back. Odd levels run on as well and are
    # restarted by hand, as many offices do ("restart at 1"): a new num with a startOverride at each restart.
    for abstract in plan.abstracts:
        for depth in abstract.levels:
            numbers = [n for (index, _, n) in depths if plan.lines[index][:2] == (abstract.ident, depth)]
            running = len(numbers) > 1 and all(b == a + 1 for a, b in zip(numbers, numbers[1:]))
            parent_changes = _has_parent_change(plan, depths, abstract.ident, depth)
            abstract.runs_on[depth] = depth % 2 == 1 or running and parent_changes
    # Simulate Word's counters; a number they would not reach gets a new num with a startOverride.
    base = {a.ident: first_num + k for k, a in enumerate(plan.abstracts)}
    plan.nums = [(base[a.ident], a.ident, {}) for a in plan.abstracts]
    plan.base_num = base[main.ident]
    counters: dict[int, list[int | None]] = {a.ident: [None] * 9 for a in plan.abstracts}
    by_id = {a.ident: a for a in plan.abstracts}
    for index, _, n in depths:
        ident, depth, _ = plan.lines[index]
        abstract, counter = by_id[ident], counters[ident]
        expected = abstract.starts[depth] if counter[depth] is None else counter[depth] + 1
        if expected != n:  # restarted or skipped: a num of its own, used for this line only
            num_id = first_num + len(plan.nums)
            plan.nums.append((num_id, ident, {depth: n}))
            plan.lines[index] = (num_id, depth, False)
        else:  # the top two levels of the outline are numbered by their heading styles
            plan.lines[index] = (base[ident], depth, ident == main.ident and depth <= 1)
        counter[depth] = n
        for deeper in range(depth + 1, 9):
            if not abstract.runs_on.get(deeper, False):
                counter[deeper] = None
    return plan


def _has_parent_change(plan: _Plan, depths, ident: int, depth: int) -> bool:
    """Whether a shallower level of the list is used between two items of `depth` (so running on matters)."""
    seen = False
    between = False
    for index, _, _ in depths:
        a, d, _ = plan.lines[index]
        if a != ident:
            continue
        if d == depth:
            if seen and between:
                return True
            seen, between = True, False
        elif d < depth and seen:
            between = True
    return False


def numbering_xml(plan: _Plan) -> tuple[str, str]:
    """(abstractNum elements, num elements) of the plan."""
    abstracts = []
    for abstract in plan.abstracts:
        levels = []
        for depth in range(9):
            marker = abstract.levels.get(depth)
            if marker:
                fmt, text, suffix = marker.fmt, marker.template.replace("%1", f"%{depth + 1}"), marker.suffix
            else:
                fmt, text, suffix = "decimal", ".".join(f"%{k + 1}" for k in range(depth + 1)) + ".", "tab"
            restart = ""
            if abstract.runs_on.get(depth):
                restart = '<w:lvlRestart w:val="0"/>'
            elif depth >= 2:
                restart = f'<w:lvlRestart w:val="{depth}"/>'  # the default, written out as some templates do
            style = '<w:pStyle w:val="GongwenHeading2"/>' if abstract.ident == plan.abstracts[0].ident and \
                depth == 1 else ""
            suff = "" if suffix == "tab" else f'<w:suff w:val="{suffix}"/>'
            levels.append(
                f'<w:lvl w:ilvl="{depth}" w:tplc="0409000{depth}"><w:start w:val="{abstract.starts.get(depth, 1)}"/>'
                f'<w:numFmt w:val="{fmt}"/>{restart}{style}{suff}<w:lvlText w:val={quoteattr(text)}/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{420 * (depth + 1)}" w:hanging="420"/></w:pPr></w:lvl>')
        abstracts.append(f'<w:abstractNum {NS} w:abstractNumId="{abstract.ident}">'
                         f'<w:nsid w:val="1A2B3C{abstract.ident:02X}"/><w:multiLevelType w:val="multilevel"/>'
                         f'{"".join(levels)}</w:abstractNum>')
    nums = []
    for num_id, ident, overrides in plan.nums:
        over = "".join(f'<w:lvlOverride w:ilvl="{d}"><w:startOverride w:val="{n}"/></w:lvlOverride>'
                       for d, n in overrides.items())
        nums.append(f'<w:num {NS} w:numId="{num_id}"><w:abstractNumId w:val="{ident}"/>{over}</w:num>')
    return "".join(abstracts), "".join(nums)


# ---- paragraphs ----------------------------------------------------------------------------------

_FONTS = ('<w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman"/>'
          '<w:sz w:val="32"/><w:szCs w:val="32"/>')


def runs(text: str, rng: random.Random) -> str:
    """`text` as runs split at random places (mid-word, as Word splits them), with marks between them."""
    out, k = [], 0
    while k < len(text):
        size = rng.randint(1, 9)
        chunk = text[k:k + size]
        k += size
        props = _FONTS + ("<w:b/>" if rng.random() < 0.1 else "") + ('<w:lang w:eastAsia="zh-CN"/>'
                                                                      if rng.random() < 0.3 else "")
        pieces = re.split(r"(\t)", chunk)
        body = "".join("<w:tab/>" if p == "\t" else f'<w:t xml:space="preserve">{escape(p)}</w:t>'
                       for p in pieces if p)
        out.append(f'<w:r w:rsidR="00{rng.randint(100000, 999999)}"><w:rPr>{props}</w:rPr>{body}</w:r>')
        roll = rng.random()
        if roll < 0.08:
            out.append('<w:proofErr w:type="gramStart"/>')
        elif roll < 0.12:
            ident = rng.randint(1, 10 ** 6)
            out.append(f'<w:bookmarkStart w:id="{ident}" w:name="_Toc{ident}"/><w:bookmarkEnd w:id="{ident}"/>')
    return "".join(out)


def paragraph(content: str, *, style: str | None = None, num: tuple[int, int] | None = None,
              num_by_style: bool = False, align: str | None = None) -> str:
    ppr = []
    if style:
        ppr.append(f'<w:pStyle w:val="{style}"/>')
    if num and not num_by_style:
        ppr.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    ppr.append('<w:spacing w:line="560" w:lineRule="exact"/>')
    return f'<w:p {NS}><w:pPr>{"".join(ppr)}</w:pPr>{content}</w:p>'


def _tracked(content_runs: str) -> str:
    """A tracked deletion (text a reader of the accepted document never sees), an insertion and a hidden run."""
    return ('<w:del w:id="9001" w:author="审核" w:date="2026-01-05T09:00:00Z"><w:r><w:rPr>' + _FONTS +
            '</w:rPr><w:delText>（已删除：到2030年达到9999亿元）</w:delText></w:r></w:del>'
            '<w:ins w:id="9002" w:author="审核" w:date="2026-01-05T09:00:00Z">' + content_runs + '</w:ins>'
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>（隐藏批注：另设8888万元）</w:t></w:r>')


# ---- the document --------------------------------------------------------------------------------

_TABLE_ROWS = (("推进算力建设，到2029年新建智算中心7个", "市数据局", "市财政局、各区县人民政府"),
               ("培育数据企业，引进企业66家", "市工信局", "市人社局"),
               ("（责任单位：市科技局）开展联合攻关", "市科技局", "市教育局"))


def docx_document(text: str, *, numbering: bool = True, core_title: str | None = None) -> bytes:
    """The .docx of `text` (one paragraph a line); outline markers as automatic numbering when `numbering`."""
    rng = random.Random(zlib.crc32(text.encode()))
    document = docx.Document()
    lines = text.replace("\r\n", "\n").split("\n")
    split = {k: s for k, line in enumerate(lines) if numbering and (s := split_marker(line)) is not None}
    plan = plan_numbering([(k, marker, n) for k, (marker, n, _) in split.items()])
    _add_styles(document, plan)
    _add_numbering(document, plan)
    footnote_done = comment_done = tracked_done = False
    body = document.element.body
    blocks: list[str] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if k in split:
            marker, n, rest = split[k]
            num_id, ilvl, by_style = plan.lines[k]
            style = ("GongwenHeading1" if ilvl == 0 else "GongwenHeading2") if by_style else None
            content = runs(rest.lstrip(" ") if marker.style == "chapter" else rest, rng)
            if not tracked_done and len(rest) > 12:
                content, tracked_done = _tracked(content), True
            elif not footnote_done and len(rest) > 12:
                content += ('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                            '<w:footnoteReference w:id="1"/></w:r>')
                footnote_done = True
            blocks.append(paragraph(content, style=style, num=(num_id, ilvl), num_by_style=by_style))
        elif not line.strip():
            after_date = k > 0 and _DATE_LINE.fullmatch(lines[k - 1]) is not None
            blocks.append(paragraph('<w:r><w:br w:type="page"/></w:r>' if after_date else ""))
        elif nxt is not None and _DATE_LINE.fullmatch(nxt) and "\u3000" in line.strip() and \
                all(_ISSUER_END.fullmatch(part) for part in line.strip().split("\u3000")):
            # joint issuers side by side: a borderless table, then the date
            cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>'
                            f'{paragraph(runs(part, rng), align="center")}</w:tc>'
                            for part in line.strip().split("\u3000"))
            blocks.append(f'<w:tbl {NS}><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>'
                          '<w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>'
                          '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders></w:tblPr>'
                          '<w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>'
                          f'<w:tr>{cells}</w:tr></w:tbl>')
        elif nxt is not None and _DATE_LINE.fullmatch(nxt):
            # the issuer and, after a line break, the date: one paragraph
            blocks.append(paragraph(runs(line, rng) + "<w:r><w:br/></w:r>" + runs(nxt, rng), align="right"))
            k += 2
            continue
        else:
            leading = len(line) - len(line.lstrip(" "))
            content = ("<w:r><w:tab/></w:r>" if leading else "") + runs(line[leading:], rng)
            if not comment_done and len(line) > 20 and k > 2:
                content += "<w:r><w:t>COMMENT-ANCHOR</w:t></w:r>"
                comment_done = True
            blocks.append(paragraph(content))
        k += 1
    sect = body.find(f"{{{W_NS}}}sectPr")
    for block in blocks:
        element = parse_xml(block)
        if sect is not None:
            sect.addprevious(element)
        else:
            body.append(element)
    _add_comment(document)
    _add_table(document, numbering)
    _add_footnotes(document)
    _add_header_footer(document)
    document.core_properties.title = core_title or ""
    document.core_properties.author = "办公室"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_styles(document, plan: _Plan) -> None:
    """Heading styles numbered by the outline's list: level 0 by numPr with ilvl, level 1 by numId and w:pStyle."""
    for name, ilvl in (("GongwenHeading1", 0), ("GongwenHeading2", None)):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        ppr = style.element.get_or_add_pPr()
        level = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
        ppr.insert(0, parse_xml(f'<w:numPr {NS}>{level}<w:numId w:val="{plan.base_num}"/></w:numPr>'))
        ppr.append(parse_xml(f'<w:outlineLvl {NS} w:val="{0 if ilvl == 0 else 1}"/>'))


_TABLE_ABSTRACT, _TABLE_NUM = 9000, 9000  # far from the outline's ids


def _add_numbering(document, plan: _Plan) -> None:
    numbering = document.part.numbering_part.element
    abstracts, nums = numbering_xml(plan)
    abstracts += (f'<w:abstractNum {NS} w:abstractNumId="{_TABLE_ABSTRACT}"><w:multiLevelType w:val="singleLevel"/>'
                  '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
                  '</w:lvl></w:abstractNum>')
    nums += f'<w:num {NS} w:numId="{_TABLE_NUM}"><w:abstractNumId w:val="{_TABLE_ABSTRACT}"/></w:num>'
    first_num = numbering.find(f"{{{W_NS}}}num")
    for xml in re.findall(r"<w:abstractNum .*?</w:abstractNum>", abstracts):
        element = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    for xml in re.findall(r"<w:num .*?</w:num>", nums):
        numbering.append(parse_xml(xml))


def _add_comment(document) -> None:
    """A reviewer's comment on the run marked COMMENT-ANCHOR (the marker itself is removed)."""
    for para in document.paragraphs:
        for run in para.runs:
            if run.text == "COMMENT-ANCHOR":
                run.text = ""
                previous = [r for r in para.runs if r.text][-1:]
                target = previous or [run]
                document.add_comment(target, text="请核实：到2031年培育企业7777家", author="审核", initials="SH")
                return


def _add_table(document, numbering: bool) -> None:
    """A ruled 任务分工表 after the body: a numbered 序号 column, task, lead and partner units."""
    table = document.add_table(rows=1, cols=4)
    table.style = document.styles["Table Grid"]
    for cell, heading in zip(table.rows[0].cells, ("序号", "重点任务", "牵头单位", "配合单位")):
        cell.text = heading
    for k, row in enumerate(_TABLE_ROWS, start=1):
        cells = table.add_row().cells
        if numbering:
            cells[0].paragraphs[0]._p.insert(0, parse_xml(
                f'<w:pPr {NS}><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{_TABLE_NUM}"/></w:numPr></w:pPr>'))
        else:
            cells[0].text = f"{k}."
        for cell, value in zip(cells[1:], row):
            cell.text = value


def _add_footnotes(document) -> None:
    xml = (f'<w:footnotes {NS}>'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
           '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
           '<w:r><w:t xml:space="preserve"> 数据来源：2030年统计公报，规模6666亿元。</w:t></w:r></w:p></w:footnote>'
           '</w:footnotes>').encode()
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def _add_header_footer(document) -> None:
    section = document.sections[0]
    section.header.paragraphs[0].text = "某某市人民政府办公室文件（页眉）"
    footer = section.footer.paragraphs[0]._p
    for xml in ('<w:r><w:t xml:space="preserve">— </w:t></w:r>', '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', '<w:r><w:t>3</w:t></w:r>',
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>', '<w:r><w:t xml:space="preserve"> —</w:t></w:r>'):
        footer.append(parse_xml(xml.replace("<w:r>", f"<w:r {NS}>", 1)))
