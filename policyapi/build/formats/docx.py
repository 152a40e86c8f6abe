"""Word documents (.docx): the body's paragraphs in document order, automatic numbering rendered as text.

Government offices number their outlines with Word's automatic list numbering: the "一、", "（一）",
"1." and "①" a reader sees are not in the paragraphs' text but in numbering.xml, as a level's
number format (chineseCounting, decimal, decimalEnclosedCircle …) and text template ("%1、",
"（%1）", "%1.%2"). This module renders them as Word does, so a heading's marker starts its line as
in a .txt:

- counters run per abstract numbering definition (every w:num over one w:abstractNum shares them);
  a w:num's lvlOverride/startOverride restarts a level where that num is first used at it; a level
  restarts when a higher level advances (or as its lvlRestart says; 0 is never); a level may start
  at any value (w:start); lvlText may name several levels ("%1.%2"); isLgl shows them as decimals;
- numbering comes from the paragraph (w:numPr) or its style (a heading style carrying numPr,
  through basedOn; a level linked to the style by w:pStyle); numId 0 switches it off; abstract
  definitions linked through numbering styles (numStyleLink) are followed;
- bullets are left out (a bullet is no number); after a marker ending in a letter, digit or ideograph
  ("第一章", "A") a space stands for Word's tab, none after punctuation ("一、", "（一）", "①").

What a line is: one paragraph (a line break or page break inside it starts a new line; a tab stays a
tab). Tracked changes are read as accepted (insertions kept, deletions and moved-away text left out, a
deleted paragraph mark joins the paragraph to the next one). Hidden text, field instructions, a table
of contents, headers, footers, footnotes, endnotes, comments, text boxes, shapes, images and embedded
objects are not part of the text; a field's displayed result is (a date field, a cross-reference).

Tables: a table with ruled borders is data (a 任务分工表: 序号 | 任务 | 牵头单位 | 配合单位) and is left out.
Its rows are not sentences: read as lines, a row's 序号 cell ("1.") would start a heading, its unit
columns would become a list of units of whichever measure came before, and its figures would be
credited to that measure; the stages have no way to tell a row from a paragraph. A table without
visible borders is page layout (a red-header block, a joint signature set side by side), and a table of
one column is a frame around text: their cells' paragraphs are read as lines, row by row.

Fields: the core properties' title, only when it looks like a document's title (not a template's
"Document1" or a file name) and the document's opening lines hold it as a line of their own.

A file that is not a Word package (an old binary .doc or a WPS file renamed .docx, a password-protected
document, an RTF or a web page, a damaged zip, a zip without word/document.xml) is a DocumentError
naming the file.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from policyapi.build.formats import Extracted
from policyapi.errors import DocumentError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_R_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_R_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",  # .docx
    "application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",  # .dotx
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",  # .dotm
}
# A package bigger than this unpacked is refused before anything is parsed (a zip bomb).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
_LEVELS = 9  # w:ilvl 0..8


@functools.cache
def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element: etree._Element | None, name: str = "val") -> str | None:
    return None if element is None else element.get(_w(name))


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _on(element: etree._Element | None) -> bool:
    """An on/off property (w:vanish, w:isLgl): present and not switched off."""
    return element is not None and (_val(element) or "true").lower() not in ("0", "false", "off")


# ---- numbers in Word's formats -------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TW_LEGAL = "零壹貳參肆伍陸柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _cn_thousand(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1..9999 in Chinese counting: 十, 十一, 二十, 一百〇一, 一百一十, 一千〇二十."""
    if n < 10:
        return digits[n]
    if n < 20 and units[0] == "十":
        return "十" + (digits[n % 10] if n % 10 else "")
    out, zero = [], False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit:
            if zero and out:
                out.append(digits[0])
            out.append(digits[digit] + unit)
            zero = False
        elif out:
            zero = True
    return "".join(out)


def _circled(n: int, first: int, count: int = 20) -> str | None:
    return chr(first + n - 1) if 1 <= n <= count else None


def _letters(n: int) -> str:
    """Word's letters: A..Z, then AA, BB, …, ZZ, then AAA."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_DECIMALS = ("decimal", "decimalZero", "decimalFullWidth", "decimalFullWidth2", "decimalHalfWidth")
_MAX_NUMBER = 32767


def format_number(n: int, fmt: str) -> str:
    """`n` as Word shows it in the list number format `fmt` (ST_NumberFormat); decimal for what it has no form for."""
    if fmt == "none":
        return ""
    if not 1 <= n <= _MAX_NUMBER and fmt not in _DECIMALS:  # Word numbers lists up to 32767
        return str(n)
    shown: str | None = None
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        shown = str(n).translate(_FULL_WIDTH)
    elif fmt == "decimalZero":
        shown = f"{n:02d}" if n >= 0 else str(n)
    elif fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        shown = _circled(n, 0x2460)  # ①..⑳, then plain numbers as Word shows them
    elif fmt == "decimalEnclosedFullstop":
        shown = _circled(n, 0x2488)  # ⒈..⒛
    elif fmt == "decimalEnclosedParen":
        shown = _circled(n, 0x2474)  # ⑴..⒇
    elif fmt == "ideographEnclosedCircle":
        shown = _circled(n, 0x3280, 10)  # ㊀..㊉
    elif fmt == "chineseCounting":  # 一..九十九, then digit by digit: 一〇〇, 一〇一
        shown = _cn_thousand(n) if n < 100 else "".join(_CN_DIGITS[int(d)] for d in str(n))
    elif fmt in ("chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting",
                 "koreanCounting"):  # 一百〇一, 一千〇二十
        shown = _cn_thousand(n) if n < 10000 else None
    elif fmt == "chineseLegalSimplified":
        shown = _cn_thousand(n, _CN_LEGAL, "拾佰仟") if n < 10000 else None
    elif fmt in ("ideographLegalTraditional", "japaneseLegal"):
        shown = _cn_thousand(n, _TW_LEGAL, "拾佰仟") if n < 10000 else None
    elif fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand", "koreanDigital"):
        shown = "".join(_CN_DIGITS[int(d)] for d in str(n))
    elif fmt == "ideographTraditional":
        shown = _STEMS[n - 1] if n <= 10 else None  # 甲乙丙丁…
    elif fmt == "ideographZodiac":
        shown = _BRANCHES[n - 1] if n <= 12 else None  # 子丑寅卯…
    elif fmt == "ideographZodiacTraditional":
        shown = _STEMS[(n - 1) % 10] + _BRANCHES[(n - 1) % 12] if n <= 60 else None  # 甲子, 乙丑…
    elif fmt == "upperLetter":
        shown = _letters(n)
    elif fmt == "lowerLetter":
        shown = _letters(n).lower()
    elif fmt == "upperRoman":
        shown = _roman(n)
    elif fmt == "lowerRoman":
        shown = _roman(n).lower()
    elif fmt == "ordinal":
        shown = _ordinal(n)
    elif fmt == "hex":
        shown = f"{n:X}"
    elif fmt == "chicago":
        shown = "*†‡§"[(n - 1) % 4] * ((n - 1) // 4 + 1)
    elif fmt.startswith("custom:"):  # Word 2010's w:format="001, 002, 003, ...": zero-padded decimals
        shown = f"{n:0{int(fmt[7:])}d}"
    return str(n) if shown is None else shown


_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


# ---- numbering definitions and counters ----------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One w:lvl: how a level of a list counts and shows its number."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""  # w:lvlText: "%1、", "（%1）", "%1.%2"
    restart: int | None = None  # w:lvlRestart (1-based level that restarts it; 0 never; None: any higher one)
    legal: bool = False  # w:isLgl: every number in the text shown as a decimal
    suffix: str = "tab"  # w:suff: tab, space, nothing
    style: str | None = None  # w:pStyle: the paragraph style linked to this level


@dataclass
class _Num:
    abstract: str
    levels: dict[int, Level]  # the abstract definition's levels, with this num's w:lvlOverride/w:lvl over them
    starts: dict[int, int]  # w:lvlOverride/w:startOverride


def _level(lvl: etree._Element, base: Level | None = None) -> Level:
    level = base or Level()
    numfmt = lvl.find(_w("numFmt"))
    if numfmt is None:  # Word 2010 writes its custom formats in mc:AlternateContent, with a fallback
        choice = lvl.find(f"{{{_MC}}}AlternateContent/{{{_MC}}}Choice/{_w('numFmt')}")
        custom = _val(choice, "format") or ""
        if _val(choice) == "custom" and (m := re.fullmatch(r"(0*1),\s*0*2,.*", custom)):
            numfmt = choice
            level = replace(level, fmt=f"custom:{min(len(m.group(1)), 9)}")
        else:
            numfmt = lvl.find(f"{{{_MC}}}AlternateContent/{{{_MC}}}Fallback/{_w('numFmt')}")
    changes: dict = {}
    if (start := _int(_val(lvl.find(_w("start"))))) is not None:
        changes["start"] = start
    if numfmt is not None and _val(numfmt) and _val(numfmt) != "custom":
        changes["fmt"] = _val(numfmt)
    if (text := lvl.find(_w("lvlText"))) is not None:
        changes["text"] = _val(text) or ""
    if (restart := lvl.find(_w("lvlRestart"))) is not None:
        changes["restart"] = _int(_val(restart))
    if (legal := lvl.find(_w("isLgl"))) is not None:
        changes["legal"] = _on(legal)
    if (suffix := _val(lvl.find(_w("suff")))) is not None:
        changes["suffix"] = suffix
    if (style := _val(lvl.find(_w("pStyle")))) is not None:
        changes["style"] = style
    return replace(level, **changes)


@dataclass
class Numbering:
    """numbering.xml: its definitions, and the counters of a document read from its start."""

    nums: dict[str, _Num] = field(default_factory=dict)
    _counters: dict[str, list[int | None]] = field(default_factory=dict)
    _seen: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def parse(cls, root: etree._Element | None, styles: Styles | None = None) -> Numbering:
        """The definitions in a w:numbering element (None: a document without numbering)."""
        if root is None:
            return cls()
        abstracts: dict[str, etree._Element] = {}
        for abstract in root.iterchildren(_w("abstractNum")):
            if (key := abstract.get(_w("abstractNumId"))) is not None:
                abstracts.setdefault(key, abstract)
        raw_nums: dict[str, etree._Element] = {}
        for num in root.iterchildren(_w("num")):
            if (key := num.get(_w("numId"))) is not None:
                raw_nums.setdefault(key, num)

        def definition(abstract_id: str | None, hops: int = 0) -> str | None:
            """The abstract definition that holds the levels: a numStyleLink points, through a
            numbering style's w:numPr, to the num whose definition holds them (w:styleLink)."""
            abstract = abstracts.get(abstract_id or "")
            if abstract is None or hops > 4:
                return None
            link = _val(abstract.find(_w("numStyleLink")))
            if link is None or styles is None:
                return abstract_id
            num_id, _ = styles.numbering(link)
            target = raw_nums.get(num_id or "")
            linked = _val(target.find(_w("abstractNumId"))) if target is not None else None
            return definition(linked, hops + 1) if linked not in (None, abstract_id) else abstract_id

        levels_of: dict[str, dict[int, Level]] = {}
        for key in abstracts:
            levels: dict[int, Level] = {}
            for lvl in abstracts[key].iterchildren(_w("lvl")):
                ilvl = _int(lvl.get(_w("ilvl")))
                if ilvl is not None and 0 <= ilvl < _LEVELS and ilvl not in levels:
                    levels[ilvl] = _level(lvl)
            levels_of[key] = levels
        nums: dict[str, _Num] = {}
        for key, num in raw_nums.items():
            abstract_id = definition(_val(num.find(_w("abstractNumId"))))
            if abstract_id is None:
                continue
            levels, starts = dict(levels_of[abstract_id]), {}
            for override in num.iterchildren(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")))
                if ilvl is None or not 0 <= ilvl < _LEVELS:
                    continue
                if (lvl := override.find(_w("lvl"))) is not None:
                    levels[ilvl] = _level(lvl, levels.get(ilvl))
                if (start := _int(_val(override.find(_w("startOverride"))))) is not None:
                    starts[ilvl] = start
            nums[key] = _Num(abstract_id, levels, starts)
        return cls(nums)

    def level_of_style(self, num_id: str, style: str) -> int | None:
        """The level of list `num_id` linked to paragraph style `style` (w:lvl/w:pStyle)."""
        num = self.nums.get(num_id)
        if num is None:
            return None
        return next((ilvl for ilvl, level in sorted(num.levels.items()) if level.style == style), None)

    def marker(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """The next number of list `num_id` at level `ilvl` as (text, suffix), counters advanced;
        None when the list or level does not exist, or the level is a bullet."""
        num = self.nums.get(num_id)
        if num is None or not 0 <= ilvl < _LEVELS:
            return None
        level = num.levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(num.abstract, [None] * _LEVELS)
        if ilvl in num.starts and (num_id, ilvl) not in self._seen:
            counters[ilvl] = num.starts[ilvl]  # this num restarts the level where it is first used
        elif counters[ilvl] is None:
            counters[ilvl] = num.starts.get(ilvl, level.start)
        else:
            counters[ilvl] += 1
        self._seen.add((num_id, ilvl))
        for deeper in range(ilvl + 1, _LEVELS):
            restart = num.levels[deeper].restart if deeper in num.levels else None
            if restart is None or restart > deeper:  # a lvlRestart naming this level or a deeper one is ignored
                restart = deeper
            if ilvl < restart:
                counters[deeper] = None
        if level.fmt == "bullet":
            return None

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            shown = num.levels.get(k)
            if shown is None:
                return ""
            value = counters[k]
            if value is None:  # a level not used yet shows its start
                value = num.starts.get(k, shown.start)
            fmt = shown.fmt
            if level.legal and fmt != "none":
                fmt = "decimal"
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", number, level.text), level.suffix


# ---- styles --------------------------------------------------------------------------------------


@dataclass
class Styles:
    """styles.xml: what paragraph styles say about numbering, and table styles about borders."""

    styles: dict[str, etree._Element] = field(default_factory=dict)
    default_paragraph: str | None = None
    default_table: str | None = None

    @classmethod
    def parse(cls, root: etree._Element | None) -> Styles:
        out = cls()
        if root is None:
            return out
        for style in root.iterchildren(_w("style")):
            key = style.get(_w("styleId"))
            if key is None or key in out.styles:
                continue
            out.styles[key] = style
            if _on_attr(style.get(_w("default"))):
                if style.get(_w("type")) == "paragraph" and out.default_paragraph is None:
                    out.default_paragraph = key
                elif style.get(_w("type")) == "table" and out.default_table is None:
                    out.default_table = key
        return out

    def chain(self, style: str | None):
        """The style and those it is based on, nearest first."""
        seen: set[str] = set()
        while style is not None and style not in seen and style in self.styles:
            seen.add(style)
            yield style, self.styles[style]
            style = _val(self.styles[style].find(_w("basedOn")))

    def numbering(self, style: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives its paragraphs, through basedOn; ilvl None when it says none."""
        for _, element in self.chain(style):
            numpr = element.find(f"{_w('pPr')}/{_w('numPr')}")
            if numpr is not None:
                num_id = _val(numpr.find(_w("numId")))
                if num_id is not None:
                    return num_id, _int(_val(numpr.find(_w("ilvl"))))
        return None, None

    def ruled(self, style: str | None) -> bool:
        """Whether a table style draws borders."""
        return any(_ruled(element) for _, element in self.chain(style))


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in ("0", "false", "off")


_BORDERS = {_w(side) for side in ("top", "left", "bottom", "right", "start", "end", "insideH", "insideV")}


def _ruled(element: etree._Element) -> bool:
    """Whether `element` (a table's or a style's properties) holds a visible border."""
    for borders in element.iter(_w("tblBorders"), _w("tcBorders")):
        for side in borders:
            if side.tag in _BORDERS and (_val(side) or "none") not in ("nil", "none") and _val(side, "sz") != "0":
                return True
    return False


# ---- the body ------------------------------------------------------------------------------------

# Fields whose displayed result is not the document's text: a table of contents, an index.
_HIDDEN_FIELDS = {"TOC", "INDEX", "TOA", "XE", "TC", "RD"}


@dataclass
class _Field:
    instruction: list[str] = field(default_factory=list)
    showing: bool = False  # past its w:fldChar separate: the result

    def hidden(self) -> bool:
        words = "".join(self.instruction).split()
        return bool(words) and words[0].upper() in _HIDDEN_FIELDS


class _Reader:
    """Walks a document's body in order, producing its lines."""

    def __init__(self, numbering: Numbering, styles: Styles) -> None:
        self.numbering = numbering
        self.styles = styles
        self.lines: list[str] = []
        self.fields: list[_Field] = []
        self.show = True  # not inside a field's instruction or a hidden field's result
        self.joined: list[str] = []  # text of paragraphs whose mark was deleted, waiting for the next one

    # blocks

    def blocks(self, parent: etree._Element, keep: bool) -> None:
        for child in parent:
            tag = child.tag
            if tag == _w("p"):
                self.paragraph(child, keep)
            elif tag == _w("tbl"):
                self.table(child, keep)
            elif tag == _w("sdt"):
                gallery = child.find(f"{_w('sdtPr')}/{_w('docPartObj')}/{_w('docPartGallery')}")
                if (_val(gallery) or "").lower() == "table of contents":
                    continue
                if (content := child.find(_w("sdtContent"))) is not None:
                    self.blocks(content, keep)
            elif tag in (_w("customXml"), _w("ins"), _w("moveTo")):
                self.blocks(child, keep)

    def table(self, table: etree._Element, keep: bool) -> None:
        keep = keep and self.layout(table)
        for row in _wrapped(table, "tr"):
            for cell in _wrapped(row, "tc"):
                self.blocks(cell, keep)

    def layout(self, table: etree._Element) -> bool:
        """A table of one column, or one without visible borders: page layout, read as text."""
        rows = list(_wrapped(table, "tr"))
        if all(len(list(_wrapped(row, "tc"))) <= 1 for row in rows):
            return True
        properties = table.find(_w("tblPr"))
        style = _val(properties.find(_w("tblStyle"))) if properties is not None else None
        if properties is not None and _ruled(properties):
            return False
        if self.styles.ruled(style if style is not None else self.styles.default_table):
            return False
        cells = (cell.find(_w("tcPr")) for row in rows for cell in _wrapped(row, "tc"))
        return not any(_ruled(cell) for cell in cells if cell is not None)

    def paragraph(self, paragraph: etree._Element, keep: bool) -> None:
        properties = paragraph.find(_w("pPr"))
        mark = properties.find(_w("rPr")) if properties is not None else None
        deleted = mark is not None and (mark.find(_w("del")) is not None or mark.find(_w("moveFrom")) is not None)
        pieces: list[str] = []
        self.inline(paragraph, pieces)
        text = "".join(pieces)
        if deleted:  # accepted, the deletion of its mark joins it to the next paragraph, which keeps its number
            if keep:
                self.joined.append(text)
            return
        shown = self.number(properties)
        if not keep:
            return
        if self.joined:
            text, self.joined = "".join(self.joined) + text, []
        if shown is not None and shown[0]:
            marker, suffix = shown
            text = text.lstrip(" \t\u3000")
            last = marker[-1]
            if suffix != "nothing" and (last.isascii() and last.isalnum() or _ideograph(last)):
                marker += " "  # "第一章 总体要求", "A Purpose"; Word's tab after a number
            elif marker[-1] in ".．" and text[:1].isdigit():
                marker += " "  # "1. 2026年…", never "1.2026年" (a decimal number)
            text = marker + text
        self.lines.append(text)

    def number(self, properties: etree._Element | None) -> tuple[str, str] | None:
        """The paragraph's list number (its own w:numPr, else its style's), counters advanced."""
        style = _val(properties.find(_w("pStyle"))) if properties is not None else None
        style = style if style is not None else self.styles.default_paragraph
        numpr = properties.find(_w("numPr")) if properties is not None else None
        num_id = _val(numpr.find(_w("numId"))) if numpr is not None else None
        ilvl = _int(_val(numpr.find(_w("ilvl")))) if numpr is not None else None
        style_num, style_ilvl = self.styles.numbering(style)
        if num_id is None:
            num_id = style_num
            if ilvl is None:
                ilvl = style_ilvl
        elif ilvl is None and num_id == style_num:
            ilvl = style_ilvl
        if num_id is None or num_id == "0":
            return None
        if ilvl is None:
            ilvl = next((level for name, _ in self.styles.chain(style)
                         if (level := self.numbering.level_of_style(num_id, name)) is not None), 0)
        return self.numbering.marker(num_id, ilvl)

    # inline content

    def fields_changed(self) -> None:
        """Text shows unless inside a field's instruction or the result of a field that is not text (a TOC)."""
        self.show = all(f.showing and not f.hidden() for f in self.fields)

    def inline(self, parent: etree._Element, out: list[str]) -> None:
        for child in parent:
            tag = child.tag
            if tag == _R:
                self.run(child, out)
            elif tag in _INLINE_CONTAINERS:
                self.inline(child, out)
            elif tag == _SDT:
                if (content := child.find(_SDT_CONTENT)) is not None:
                    self.inline(content, out)
            elif tag == _FLD_SIMPLE:
                words = (child.get(_w("instr")) or "").split()
                if not (words and words[0].upper() in _HIDDEN_FIELDS):
                    self.inline(child, out)
            elif tag == _ALTERNATE:
                if (fallback := child.find(_FALLBACK)) is not None:
                    self.inline(fallback, out)
            elif tag in _MATH:
                if self.show:
                    out.extend(t.text or "" for t in child.iter(f"{{{_M}}}t"))
            # w:del, w:moveFrom (deleted), bookmarks, comment ranges, proofing marks: nothing to read

    def run(self, run: etree._Element, out: list[str]) -> None:
        hidden = False
        for child in run:
            tag = child.tag
            if tag == _T:
                if self.show and not hidden:
                    out.append((child.text or "").replace("\r", " ").replace("\n", " "))
            elif tag == _RPR:
                hidden = _on(child.find(_VANISH))
            elif tag == _FLD_CHAR:
                kind = child.get(_FLD_CHAR_TYPE)
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    self.fields[-1].showing = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
                self.fields_changed()
            elif tag == _INSTR_TEXT:
                if self.fields and not self.fields[-1].showing:
                    self.fields[-1].instruction.append(child.text or "")
            elif hidden or not self.show:
                continue
            elif tag in _TABS:
                out.append("\t")
            elif tag in _BREAKS:
                out.append("\n")
            elif tag == _w("noBreakHyphen"):
                out.append("-")
            elif tag == _w("sym"):
                try:
                    code = int(child.get(_w("char")) or "", 16)
                except ValueError:
                    code = None
                if code is not None and not 0xE000 <= code <= 0xF8FF and 0x20 <= code <= 0x10FFFF:
                    out.append(chr(code))  # a symbol font's private-use glyphs have no meaning as text
            elif tag == _w("ruby"):
                if (base := child.find(_w("rubyBase"))) is not None:
                    self.inline(base, out)
            elif tag == _ALTERNATE:
                if (fallback := child.find(_FALLBACK)) is not None:
                    self.run(fallback, out)
            # w:delText, drawings, pictures, objects, footnote and comment references: not text


_R, _T, _RPR, _VANISH, _SDT, _SDT_CONTENT, _FLD_SIMPLE, _FLD_CHAR, _FLD_CHAR_TYPE, _INSTR_TEXT = (
    _w(tag) for tag in ("r", "t", "rPr", "vanish", "sdt", "sdtContent", "fldSimple", "fldChar", "fldCharType",
                        "instrText"))
_TABS, _BREAKS = {_w("tab"), _w("ptab")}, {_w("br"), _w("cr")}
_ALTERNATE, _FALLBACK = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Fallback"
_MATH = {f"{{{_M}}}oMath", f"{{{_M}}}oMathPara"}
_INLINE_CONTAINERS = {_w(tag) for tag in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "dir", "bdo")}


def _wrapped(parent: etree._Element, tag: str):
    """Children `tag` of `parent`, also inside content controls and custom XML around them."""
    for child in parent:
        if child.tag == _w(tag):
            yield child
        elif child.tag == _w("sdt"):
            if (content := child.find(_w("sdtContent"))) is not None:
                yield from _wrapped(content, tag)
        elif child.tag == _w("customXml"):
            yield from _wrapped(child, tag)


def _ideograph(char: str) -> bool:
    return unicodedata.category(char) == "Lo" and "CJK" in unicodedata.name(char, "")


def body_text(body: etree._Element, numbering: Numbering, styles: Styles) -> str:
    """The lines of a w:body (or any element holding paragraphs and tables)."""
    reader = _Reader(numbering, styles)
    reader.blocks(body, keep=True)
    if reader.joined:
        reader.lines.append("".join(reader.joined))
    return "\n".join(reader.lines)


# ---- the core properties' title ------------------------------------------------------------------

_PLACEHOLDER_TITLES = re.compile(
    r"(?:microsoft\s+word\s*-.*|word\s+document|document\s*\d*|doc\d*|untitled.*|title|标题|题目|无标题.*|"
    r"文档\s*\d*|新建\s*(?:microsoft\s*)?(?:word|wps)?\s*文档.*|.*\.(?:docx?|dotx?|wps|wpt|rtf|pdf|txt))",
    re.I)
_TITLE_LINES = 20  # the core title must stand among the document's first lines


def _real_title(title: str | None, text: str) -> str | None:
    """The core properties' title when it looks like the document's: not a template's or a file's name,
    with words, and standing as a line (or a line wrapped onto the next) among the document's first lines.
    A title only named inside 《》 on an earlier line is the plan a notice wraps, not the document's."""
    if not title:
        return None
    title = " ".join(title.split())
    if not 4 <= len(title) <= 200 or _PLACEHOLDER_TITLES.fullmatch(title):
        return None
    ideographs = sum(_ideograph(c) for c in title)
    if ideographs < 4 and len(re.findall(r"[A-Za-z]{2,}", title)) < 3:
        return None
    compact = re.sub(r"\s+", "", title)
    lines = [line.strip() for line in text.split("\n") if line.strip()][:_TITLE_LINES]
    for k, line in enumerate(lines):
        here = re.sub(r"\s+", "", line)
        joined = here + (re.sub(r"\s+", "", lines[k + 1]) if k + 1 < len(lines) else "")
        if compact in (here, joined):
            earlier = "".join(lines[:k])
            if f"《{compact}》" in re.sub(r"\s+", "", earlier):
                return None
            return line if compact == here else f"{line}{lines[k + 1]}"
    return None


# ---- the package ---------------------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _not_a_package(path: Path, raw: bytes) -> DocumentError:
    """What a file that is not a zip package is, as far as its first bytes tell."""
    head = raw[:1024].lstrip()
    if not raw:
        what = "the file is empty"
    elif raw.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in raw or "EncryptionInfo".encode("utf-16-le") in raw:
            what = "a password-protected Word document: save it without a password"
        else:
            what = "an old binary Word document (.doc, or a WPS .wps) renamed .docx: open it in Word or WPS and " \
                   "save it as .docx"
    elif head.startswith(b"{\\rtf"):
        what = "an RTF document renamed .docx: save it as .docx"
    elif head.startswith(b"%PDF"):
        what = "a PDF renamed .docx: name it .pdf"
    elif re.match(rb"(?i)(?:<!doctype html|<html|<\?xml[^>]*>\s*<html|mime-version:)", head):
        what = "a web page (HTML or MHT, as Word saves one) renamed .docx: save it as .docx, or name it .html"
    else:
        what = "not a Word document (a .docx is a zip package; this file is not one)"
    return DocumentError(path, 1, what)


def _open(path: Path, raw: bytes):
    """The main document part's XML, the numbering and styles parts' XML (or None), the core title."""
    from docx.opc.exceptions import PackageNotFoundError
    from docx.package import Package

    if not raw.startswith(b"PK"):
        raise _not_a_package(path, raw)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise DocumentError(path, 1, f"a damaged zip archive, not a readable Word document ({exc})") from None
    names = {entry.filename for entry in entries}
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise DocumentError(path, 1, f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB: not a document to read")
    if "word/document.xml" not in names:
        hint = next((f" ({what})" for name, what in (("xl/workbook.xml", "an Excel workbook"),
                                                     ("ppt/presentation.xml", "a PowerPoint presentation"),
                                                     ("content.xml", "an OpenDocument file (.odt): save it as "
                                                                     ".docx")) if name in names), "")
        # Some generators name the main part otherwise; the package's relationships say where it is.
        if hint or "[Content_Types].xml" not in names:
            raise DocumentError(path, 1, f"a zip archive without word/document.xml: not a Word document{hint}")
    try:
        package = Package.open(io.BytesIO(raw))
        part = package.main_document_part
    except PackageNotFoundError:
        raise DocumentError(path, 1, "not a Word document (not a zip package)") from None
    except KeyError as exc:
        if "word/document.xml" not in names:
            raise DocumentError(path, 1, "a zip archive without word/document.xml: not a Word document") from None
        missing = "[Content_Types].xml" if "[Content_Types].xml" not in names else _short(exc)
        raise DocumentError(path, 1, f"a damaged Word document ({missing} is missing)") from None
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged package
        raise DocumentError(path, 1, f"a damaged Word document ({type(exc).__name__}: {_short(exc)})") from None
    if part.content_type not in _MAIN_TYPES:
        raise DocumentError(path, 1, f"not a Word document: its main part is {part.content_type}")
    try:
        document = _element(part)
        numbering = styles = None
        for rel in part.rels.values():
            if rel.is_external:
                continue
            if rel.reltype == _R_NUMBERING and numbering is None:
                numbering = _element(rel.target_part)
            elif rel.reltype == _R_STYLES and styles is None:
                styles = _element(rel.target_part)
        title = package.core_properties.title if "docProps/core.xml" in names else None
    except Exception as exc:
        raise DocumentError(path, 1, f"a damaged Word document ({type(exc).__name__}: {_short(exc)})") from None
    return document, numbering, styles, title


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _element(part) -> etree._Element:
    """A part's XML: python-docx's parsed element, else (a .docm's main part, say) its bytes parsed."""
    element = getattr(part, "element", None)
    return element if element is not None else etree.fromstring(part.blob, _PARSER)


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:200] + ("…" if len(text) > 200 else "")


def extract(path: Path, raw: bytes) -> Extracted:
    """The text of a Word document: paragraphs and numbered lists in order, numbers as Word shows them."""
    document, numbering_xml, styles_xml, core_title = _open(path, raw)
    body = document.find(_w("body"))
    if body is None:
        raise DocumentError(path, 1, "a Word document without a body (word/document.xml holds no w:body)")
    try:
        styles = Styles.parse(styles_xml)
        text = body_text(body, Numbering.parse(numbering_xml, styles), styles)
    except RecursionError:
        raise DocumentError(path, 1, "a Word document nested too deeply to read (tables or content controls)") \
            from None
    except (ValueError, TypeError, AttributeError, LookupError, etree.LxmlError) as exc:  # never a crash of the build
        raise DocumentError(path, 1, f"cannot read this Word document ({type(exc).__name__}: {_short(exc)})") from None
    title = _real_title(core_title, text)
    return Extracted(text=text, format="docx", fields={"title": title} if title else {})
