"""PDF: the text layer of a PDF, laid out again as a .txt holds it (one paragraph or heading a line).

The library is pdfplumber (on pdfminer.six): it gives every character with its box and size,
which is what telling page furniture and paragraph breaks apart needs, it reads CID fonts (the
fonts Chinese PDFs use) through their Unicode maps, and opens PDFs encrypted with an empty user
password (the usual "copy-protected" government PDF). pypdf extracts text faster but as strings
per text operator, without the width of what it draws, so where a line ends would be a guess.

Three steps, each a function testable alone:

1. `_page_lines`: characters to lines. Upright characters only (a diagonal watermark or a vertical
   margin note is dropped), a character drawn twice in the same place once (fake bold), grouped by
   their vertical middle, left to right; a space where the PDF draws one or leaves a word-wide gap;
   Kangxi radicals ("⼈⼯") folded to the ideographs they stand for, ligatures spelt out.
2. `strip_furniture`: page numbers ("- 1 -", "— 2 —", "第1页", "1/12", "1") at the top or foot of a
   page; running headers and footers, apart from the text (in another size, or further from it than
   its lines are from each other) and repeated at the same height (the same line on two pages and 40%
   of them, or alike but for its numbers on three and half of them); and lines at a page's edge set
   smaller than the body and outside the frame the body text fills (a running header on the second
   page of a two-page document).
3. `join_lines`: a line continues the paragraph of the line before it (on the same page, or the
   last one of the page before) only when that line was full (the first word of this one would not
   have fit after it), this one starts at the left margin (no first-line indent) in the same size
   and without a heading marker of the outline grammar (一、 （一） 1. 第一章 …), and no wider gap
   than the line spacing stands between them. Chinese joins with no space, Latin words with one.
   A gap of a blank line becomes an empty line. Lines of a title set larger than the body and
   centred are one title.

The margins come from the lines themselves: the right one where full lines end (justified lines
all end there), the left one where the lines after a full line start. A document in which no
paragraph wraps shows neither, and its longest line may be taken for a full one.

What is lost: tables (each row comes out as a line, its cells read across), columns (read across
both), footnotes (left where they stand, as paragraphs of their own), hanging indents (each wrapped
line of "附件：1．…" under its own indent is a paragraph of its own), text set sideways (a landscape
table on a portrait page: dropped with watermarks), a watermark set upright among the text, images
and their text.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import msgspec

from policyapi.build import grammar
from policyapi.build.formats import Extracted, quiet
from policyapi.errors import DocumentError

NO_TEXT = "no text layer: a scanned PDF needs OCR first"


class Line(msgspec.Struct):
    """One line of text on a page, in PDF points from the page's top-left corner."""

    text: str
    x0: float  # left edge of its first character (spaces aside)
    x1: float  # right edge of its last character
    top: float
    bottom: float
    size: float  # font size of most of its characters
    page: int = 0
    lead: float = 0.0  # width of its first unit: a Latin word, or one character, with punctuation stuck to it


# ---- reading --------------------------------------------------------------------------------------


def extract(path: Path, raw: bytes) -> Extracted:
    """The text of the PDF `raw` (the bytes of `path`), and its Title when that looks like one."""
    pages, info = _read(path, raw)
    lines = strip_furniture(pages)
    if not any(line.text.strip() for line in lines):
        raise DocumentError(path, 1, NO_TEXT)
    text = join_lines(lines)
    fields = {}
    if title := metadata_title(info.get("Title"), text):
        fields["title"] = title
    return Extracted(text=text, format="pdf", fields=fields)


def _read(path: Path, raw: bytes) -> tuple[list[list[Line]], dict]:
    """Each page's lines, and the document information dictionary."""
    if not raw.strip():
        raise DocumentError(path, 1, "not a PDF: the file is empty")
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise DocumentError(path, 1, f"cannot read PDFs: {exc}") from None
    try:
        with quiet("pdfminer", "pdfplumber"), pdfplumber.open(io.BytesIO(raw)) as pdf:
            info = {k: v for k, v in pdf.metadata.items() if isinstance(k, str)}
            pages = [_page_lines(page.chars, number) for number, page in enumerate(pdf.pages)]
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a broken file; none may escape as a crash
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise DocumentError(path, 1, "encrypted PDF: it needs a password to open (save a copy without "
                                         "one)") from None
        detail = str(cause).strip() or type(cause).__name__
        if "encrypt" in detail.lower() or "crypt" in type(cause).__name__.lower():
            raise DocumentError(path, 1, f"encrypted PDF that cannot be opened: {detail[:200]}") from None
        raise DocumentError(path, 1, f"not a readable PDF (corrupt or truncated): {detail[:200]}") from None
    if not pages:
        raise DocumentError(path, 1, "PDF without pages")
    glyphs = [line.text for page in pages for line in page]
    unmapped = sum(t.count("\ufffd") for t in glyphs)
    total = sum(len(t) - t.count(" ") for t in glyphs)
    if total and unmapped >= 0.3 * total:
        raise DocumentError(path, 1, "the PDF's fonts map no characters to Unicode, so its text cannot be read: "
                                     "export it again or OCR it")
    return pages, info


# Kangxi radicals and CJK radicals some PDF writers emit for ordinary ideographs ("⼈⼯智能").
# Latin ligatures ("ﬁ") are spelt out; control and format characters (soft hyphens, zero-width spaces) dropped.
_FOLDS = {c: unicodedata.normalize("NFKC", chr(c)) for c in (*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6),
                                                            *range(0xFB00, 0xFB07))}
_FOLDS = {c: s for c, s in _FOLDS.items() if s != chr(c) and (len(s) == 1 or c >= 0xFB00)}
_CID = re.compile(r"^\(cid:\d+\)$")


_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")


def _cjk(char: str) -> bool:
    o = ord(char[0])
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF


def _page_lines(chars: list[dict], page: int) -> list[Line]:
    """The lines of one page from pdfplumber's characters."""
    glyphs = []
    for c in chars:
        text = c.get("text") or ""
        if not text or not c.get("upright", True) or c["size"] <= 0:
            continue
        if _CID.match(text):
            text = "\ufffd"
        elif len(text) == 1 and 0xE000 <= ord(text) <= 0xF8FF:  # a symbol font's private glyph (a bullet)
            continue
        text = "".join(ch for ch in text.translate(_FOLDS) if unicodedata.category(ch) not in ("Cc", "Cf"))
        if not text:
            continue
        glyphs.append(((c["top"] + c["bottom"]) / 2, c["x0"], c["x1"], c["top"], c["bottom"], c["size"], text))
    glyphs.sort()
    rows: list[list[tuple]] = []
    middle = size = 0.0
    for g in glyphs:
        if rows and abs(g[0] - middle) <= 0.45 * max(size, g[5]):
            rows[-1].append(g)
            continue
        rows.append([g])
        middle, size = g[0], g[5]
    lines = [_line(sorted(row, key=lambda g: g[1]), page) for row in rows]
    return [line for line in lines if line is not None]


def _line(row: list[tuple], page: int) -> Line | None:
    parts: list[str] = []
    ink: list[tuple] = []  # the glyphs that are not spaces
    space = ""
    for g in row:
        _, x0, x1, _, _, size, text = g
        if text.isspace():
            space = space or ("\u3000" if text == "\u3000" else " ")
            continue
        if ink:
            before = ink[-1]
            if text == before[6] and abs(x0 - before[1]) < min(1.0, 0.3 * (before[2] - before[1])):  # fake bold
                continue
            gap = x0 - before[2]
            if not space:
                both_cjk = _cjk(before[6][-1]) and _cjk(text[0])
                if both_cjk and gap > 0.9 * size:
                    space = "\u3000"
                elif not both_cjk and gap > (0.15 if not (_cjk(before[6][-1]) or _cjk(text[0])) else 0.5) * size:
                    space = " "
            if space:
                parts.append(space)
        space = ""
        parts.append(text)
        ink.append(g)
    if not ink:
        return None
    sizes = Counter(round(g[5], 1) for g in ink)
    return Line(text="".join(parts), x0=ink[0][1], x1=ink[-1][2], top=min(g[3] for g in ink),
                bottom=max(g[4] for g in ink), size=sizes.most_common(1)[0][0], page=page, lead=_lead(ink))


_OPENING = set("（《「『【〔〈“‘([{\"'")
_CLOSING = set("，。、；：？！）》」』】〕〉”’…%％,.;:?!)]}\"'")
_WORD = re.compile(r"[A-Za-z0-9]")


def _lead(ink: list[tuple]) -> float:
    """Width of the line's first unbreakable unit: opening marks, a word or one character, closing marks."""
    k = 0
    while k < len(ink) - 1 and ink[k][6] in _OPENING:
        k += 1
    if _WORD.match(ink[k][6]):
        while k + 1 < len(ink) and (_WORD.match(ink[k + 1][6]) or ink[k + 1][6] in ".,%-") \
                and ink[k + 1][1] - ink[k][2] < 0.15 * ink[k][5]:
            k += 1
    while k + 1 < len(ink) and ink[k + 1][6] in _CLOSING:
        k += 1
    return ink[k][2] - ink[0][1]


# ---- page furniture -------------------------------------------------------------------------------

_DASHES = r"[-—–－‒―~～_·•\s]"
_PAGE_NUMBER = re.compile(
    rf"^(?:{_DASHES}*\d{{1,4}}{_DASHES}*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，/]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?i:page|p\.)\s*\d{1,4}(?:\s*(?i:of|/)\s*\d{1,4})?)$")
_EDGE = 3  # lines at each edge of a page that may be furniture


def _key(line: Line) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _body_size(lines: list[Line]) -> float:
    """The body text's font size: the smallest that sets a quarter of the characters (a short notice's
    title over two lines may hold more characters than its body)."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    total = sum(weights.values())
    return min((size for size, n in weights.items() if n >= 0.25 * total), default=0.0)


def strip_furniture(pages: list[list[Line]]) -> list[Line]:
    """The lines of every page, in reading order, without page numbers, running headers and footers."""
    pages = [sorted(page, key=lambda line: (line.top, line.x0)) for page in pages]
    everything = [line for page in pages for line in page]
    if not everything:
        return []
    body = _body_size(everything)
    printed = sum(1 for page in pages if page)
    # Running headers and footers: the same line at the same height on 2 pages and 40% of them, or a line
    # alike but for its numbers ("某某公报 第3页") on 3 pages and half of them ("附件1", "附件2" opening two
    # pages of attachments are not furniture).
    seen: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
    for number, page in enumerate(pages):
        for line in {id(x): x for x in page[:_EDGE] + page[-_EDGE:]}.values():
            seen[_key(line)].append((number, line.top, re.sub(r"\s+", "", line.text)))
    repeated = set()
    for key, places in seen.items():
        tops = sorted(top for _, top, _ in places)
        middle = tops[len(tops) // 2]
        here = [(number, text) for number, top, text in places if abs(top - middle) <= 4]
        alike = len({number for number, _ in here})
        same = max(Counter(text for _, text in dict(here).items()).values(), default=0)
        if len(key) <= 60 and ((same >= 2 and same >= 0.4 * printed) or (alike >= 3 and alike >= 0.5 * printed)):
            repeated.add(key)

    # Furniture stands apart from the text: in another size, or further from it than its lines are apart.
    gaps = [b.top - a.bottom for page in pages for a, b in zip(page, page[1:])
            if _same_size(a, b) and abs(a.size - body) <= 0.1 * body and 0 <= b.top - a.bottom < 2 * body]
    usual = _usual(gaps, 0.5 * body)

    def apart(line: Line, inward: Line | None) -> bool:
        if abs(line.size - body) > 0.1 * body or inward is None:
            return True
        return max(inward.top - line.bottom, line.top - inward.bottom) > usual + 0.5 * body

    def numbered(line: Line) -> bool:
        return bool(_PAGE_NUMBER.match(line.text.strip()))

    framed = [x for x in everything if abs(x.size - body) <= 0.1 * body and not numbered(x)
              and _key(x) not in repeated]
    top = min((x.top for x in framed), default=0.0)
    bottom = max((x.bottom for x in framed), default=0.0)

    def furniture(line: Line, inward: Line | None, edge: str) -> bool:
        if numbered(line):
            return not line.text.strip().isdigit() or apart(line, inward)  # a bare "3" only away from the text
        if _key(line) in repeated:
            return apart(line, inward)
        outside = line.bottom <= top + 0.5 if edge == "top" else line.top >= bottom - 0.5
        return line.size < 0.9 * body and outside

    kept: list[Line] = []
    for page in pages:
        start, end = 0, len(page)
        while start < end and start < _EDGE and \
                furniture(page[start], page[start + 1] if start + 1 < end else None, "top"):
            start += 1
        while end > start and len(page) - end < _EDGE and \
                furniture(page[end - 1], page[end - 2] if end - 2 >= start else None, "bottom"):
            end -= 1
        kept.extend(page[start:end])
    return kept


# ---- paragraphs -----------------------------------------------------------------------------------


@functools.cache
def _markers() -> re.Pattern[str]:
    """A heading marker of the outline grammar (every language) at the start of a line."""
    patterns = [re.sub(r"\(\?P<\w+>", "(?:", m["pattern"]) for language in grammar.LANGUAGES
                for m in grammar.load(language, "outline").get("marker", [])]
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in patterns) + ")")


# The analysis view's folding of the characters a marker may be written in (normalise.py).
_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "\u3000": " "})


def starts_heading(text: str) -> bool:
    """Whether `text` starts with a numbering marker of the outline (一、 （一） 1. 第一章 Chapter 1 …)."""
    return bool(_markers().match(text[:16].translate(_FOLD)))


class _Frame(msgspec.Struct, frozen=True):
    size: float  # the body text's font size
    left: float  # where the body's lines start
    right: float  # where a full line of the body ends
    gap: float  # the usual space between a line's bottom and the next line's top


def _frame(lines: list[Line]) -> _Frame:
    size = _body_size(lines) or 12.0
    body = [x for x in lines if abs(x.size - size) <= 0.1 * size] or lines
    # The right margin: where most long lines end (justified lines all end there: a few rows of a table
    # wider than the text do not move it); else (ragged lines) the furthest end another line shares among
    # the furthest quarter; else the furthest. Lines whose closing punctuation hangs into the margin, and
    # short lines (headings of one length), have no say.
    ends = sorted((x.x1 for x in body), reverse=True)
    plain = sorted((x.x1 for x in body if x.text[-1] not in _CLOSING), reverse=True) or ends
    reach = plain[0] - 0.2 * (plain[0] - min(x.x0 for x in body))
    points = Counter(round(e) for e in plain if e >= reach)
    near = {p: points[p] + points.get(p - 1, 0) + points.get(p + 1, 0) for p in points}
    common = max(near, key=lambda p: (near[p], p), default=None)
    if common is not None and near[common] >= 3:
        right = max(e for e in plain if abs(round(e) - common) <= 1)
    else:
        far = plain[: max(2, len(plain) // 4)]
        right = next((e for e, f in zip(far, far[1:]) if e - f <= 1.0), plain[0])
    # The left margin: where most lines after a full line start (the wrapped lines of paragraphs), so that
    # neither a table wider than the text nor a document of indented paragraphs misplaces it.
    sized = {id(x) for x in body}
    starts = Counter(round(b.x0) for a, b in zip(lines, lines[1:])
                     if id(a) in sized and id(b) in sized and _full(a, b, right))
    left = min(starts, key=lambda x: (-starts[x], x)) if starts else min(x.x0 for x in body)
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])
            if a.page == b.page and _same_size(a, b) and abs(a.size - size) <= 0.1 * size
            and 0 <= b.top - a.bottom < 2 * size]
    gap = _usual(gaps, 0.5 * size)
    return _Frame(size=size, left=left, right=right, gap=gap)


def _usual(gaps: list[float], default: float) -> float:
    """The space between two lines of a paragraph: a low quantile of the gaps between lines, as in a
    document of short paragraphs most gaps are wider ones between paragraphs."""
    return sorted(gaps)[len(gaps) // 10] if gaps else default


def _full(prev: Line, line: Line, right: float) -> bool:
    """Whether `prev` was broken because the first word of `line` would not have fit after it."""
    return right - prev.x1 < line.lead + 0.5 * prev.size


def _same_size(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) <= 0.1 * max(a.size, b.size)


def _continues(prev: Line, line: Line, frame: _Frame) -> bool:
    """Whether `line` goes on with the paragraph `prev` ends with."""
    if not _same_size(prev, line) or starts_heading(line.text):
        return False
    if prev.page == line.page and line.top - prev.bottom > frame.gap + 0.5 * max(frame.size, line.size):
        return False
    size = prev.size
    if line.size > 1.15 * frame.size and prev.page == line.page \
            and abs((prev.x0 + prev.x1) / 2 - (line.x0 + line.x1) / 2) < size:  # a title over centred lines
        return not prev.text.rstrip().endswith(("。", ".", "；", ";"))
    return _full(prev, line, frame.right) and abs(line.x0 - frame.left) < 0.5 * size


def joint(before: str, after: str) -> str:
    """What goes between two wrapped lines of one paragraph (`before` ends one, `after` starts the other,
    and may run on): a space between Latin words, else nothing."""
    if before.endswith("-") and len(before) > 1 and before[-2].isascii() and before[-2].isalpha():
        return ""  # a hyphen at a line's end stays, and joins: "well-" + "known"
    # Punctuation between two words is looked through in Latin text ("platforms," + "open"); in a Chinese
    # paragraph it is written without spaces ("300万元." + "(责任单位"; "2." + "“AI”").
    latin = not _CJK.search(before) and not _CJK.search(after)
    a = before.rstrip(",.;:!?)]}\"'%’”") if latin else before
    b = after.lstrip("([{\"'‘“") if latin else after
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return " "
    return ""


def join_lines(lines: list[Line]) -> str:
    """The text of `lines` (in reading order): one paragraph or heading a line, blank lines kept."""
    if not lines:
        return ""
    frame = _frame(lines)
    texts = [line.text.strip() for line in lines]
    out: list[str] = [texts[0]]
    for k, (prev, line) in enumerate(zip(lines, lines[1:]), start=1):
        text = texts[k]
        if _continues(prev, line, frame):
            out[-1] += joint(out[-1], "".join(texts[k:k + 3])) + text  # what follows tells Chinese from Latin
            continue
        if prev.page == line.page and line.top - prev.bottom > frame.gap + 0.9 * frame.size:
            out.append("")
        out.append(text)
    return "\n".join(out)


# ---- metadata -------------------------------------------------------------------------------------

_NOT_A_TITLE = re.compile(
    r"^(?:microsoft\s+(?:word|powerpoint|excel)\b|untitled\b|无标题|document\s*\d*$|文档\s*\d*$|新建|"
    r"title$|标题$|pdf$|wps\b|slide\s*\d*$|\(?anonymous\)?$)", re.I)
_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:]")  # a portal's "索引号：…", not a title
_FILE_NAME = re.compile(r"\.(?:docx?|wps|pdf|txt|rtf|xlsx?|pptx?|ofd|html?|tmp|odt|tif+|jpe?g|png)\s*$", re.I)


def metadata_title(value: object, text: str) -> str | None:
    """The PDF's Title when it looks like a title of this document: not a file name, not a word
    processor's placeholder ("Microsoft Word - 附件1.docx", "untitled"), not mis-decoded, and found in
    the text (a template's stale title is not)."""
    if not isinstance(value, str):
        return None
    title = " ".join(value.split())
    if not 4 <= len(title) <= 200 or _NOT_A_TITLE.match(title) or _FILE_NAME.search(title) \
            or _FIELD.match(title):
        return None
    if "\ufffd" in title or any(unicodedata.category(c).startswith("C") for c in title):
        return None
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 2 or sum(0x80 <= ord(c) <= 0x24F for c in letters) > 0.3 * len(letters):  # mojibake
        return None
    if not any(_cjk(c) for c in title) and " " not in title:  # "final_v2", "2026-04-16"
        return None
    if re.sub(r"\s+", "", title) not in re.sub(r"\s+", "", text):
        return None
    return title
