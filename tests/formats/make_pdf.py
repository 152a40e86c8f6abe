"""PDF fixtures laid out the way Chinese government PDFs are, from the plain text of a .txt twin.

`pdf_document(text)` takes a document as a .txt holds it (one paragraph or heading a line, blank
lines between blocks) and typesets it on A4 pages (GB/T 9704 in spirit):

* the title (the first line that is not a portal field "索引号：…") centred in a larger size,
  wrapped over as many centred lines as it needs; a plan title standing alone between blank lines
  and chapter headings "第一章 …" centred in the body size; the document number line centred;
* every other line a paragraph: a first-line indent of two full-width spaces (real "　　"
  characters), wrapped at `wrap` characters of the body size per line, justified (the last line
  of a paragraph is not), never breaking inside a run of Latin letters or digits, closing
  punctuation kept on the line it ends (compressed into it), opening punctuation carried over;
  a line of the .txt that starts with spaces keeps them as its indent instead;
* a signature block (short lines straight above a date line "2026年4月16日") right-aligned:
  the date four characters from the right margin, the names centred over it;
* a blank line of the .txt as one empty line of space; text runs on from page to page,
  breaking mid-paragraph;
* page furniture: "- 1 -" page numbers at the foot (odd pages right, even pages left), a running
  header in a smaller size, ruled off, on every page but the first.

The font is ReportLab's built-in CID font STSong-Light: it needs no font file, and PDF readers
extract its text as Unicode. `scanned=True` draws each page as an image, with no text layer.
"""

from __future__ import annotations

import io
import random
import re

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_WIDTH, PAGE_HEIGHT = A4
MM = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, 26 * MM, 37 * MM, 35 * MM  # GB/T 9704 margins
MEASURE = PAGE_WIDTH - LEFT - RIGHT  # 156 mm
LEADING = 1.5  # line height, in body sizes
TITLE_SCALE = 1.45

_CLOSING = set("，。、；：？！）》」』】〕〉”’…—%％,.;:?!)]")
_OPENING = set("（《「『【〔〈“‘([")
_LATIN = re.compile(r"[A-Za-z0-9_\-+.,:;%/'\"()&@#]")
_FIELD = re.compile(r"^\s*\S{2,6}[：:]")  # a portal's "索引号：…" line
_NUMBER = re.compile(r"[〔\[(（]\d{4}[〕\])）]\s*\d+\s*[号號]\s*$")
_DATE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d〇○零一二三四五六七八九十]{1,3}月"
                   r"[\d〇○零一二三四五六七八九十]{1,3}日\s*$")
_CHAPTER = re.compile(r"^\s*第[一二三四五六七八九十百零〇]+[章篇部分]")
_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[①-⑳])")
_SENTENCE_END = tuple("。；！？：.;!?:")


def pdf_document(text: str, *, title: str | None = None, wrap: int = 38,
                 running_header: str | None = "某某省人民政府办公厅文件", page_numbers: bool = True,
                 scanned: bool = False) -> bytes:
    """The PDF of `text` (a .txt's lines), `wrap` body characters to a line; Title metadata `title`."""
    size = MEASURE / wrap
    pages = _Typesetter(size).set(text)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=True)
    if title is not None:
        pdf.setTitle(title)
    for number, placed in enumerate(pages, start=1):
        if scanned:
            _draw_scan(pdf, placed, number)
        else:
            _draw_page(pdf, placed, number, size, running_header, page_numbers)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


class _Placed:
    """One line on a page: its text, where it starts, its size, and the spacing that justifies it."""

    __slots__ = ("text", "x", "baseline", "size", "char_space")

    def __init__(self, text: str, x: float, baseline: float, size: float, char_space: float = 0.0) -> None:
        self.text, self.x, self.baseline, self.size, self.char_space = text, x, baseline, size, char_space


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


class _Typesetter:
    def __init__(self, size: float) -> None:
        self.size = size
        self.pages: list[list[_Placed]] = [[]]
        self.y = PAGE_HEIGHT - TOP  # top of the next line

    def set(self, text: str) -> list[list[_Placed]]:
        lines = text.replace("\r\n", "\n").split("\n")
        kinds = _kinds(lines)
        for line, kind in zip(lines, kinds):
            if not line.strip():
                if self.pages[-1] and self.y < PAGE_HEIGHT - TOP:
                    self.y -= self.size * LEADING
                continue
            if kind == "title":
                self.block(line.strip(), self.size * TITLE_SCALE, align="center")
            elif kind in ("centre", "chapter"):
                self.block(line.strip(), self.size, align="center")
            elif kind == "date":
                self.right(line.strip(), right_indent=4 * self.size)
            elif kind == "signature":
                self.signature(line.strip(), lines, kinds)
            else:
                self.paragraph(line)
        return [page for page in self.pages if page] or [[]]

    # -- placing lines ------------------------------------------------------------------------

    def place(self, text: str, x: float, size: float, char_space: float = 0.0) -> None:
        height = size * LEADING
        if self.y - height < BOTTOM:
            self.pages.append([])
            self.y = PAGE_HEIGHT - TOP
        baseline = self.y - size * (1 + (LEADING - 1) / 2) + size * 0.12
        self.pages[-1].append(_Placed(text, x, baseline, size, char_space))
        self.y -= height

    def paragraph(self, line: str) -> None:
        body = line.lstrip()
        lead = line[:len(line) - len(body)]
        indent = "　　" if not lead else ""
        offset = _width(lead, self.size) if lead else 0.0
        rows = _wrap(indent + body.rstrip(), self.size, MEASURE - offset)
        for k, row in enumerate(rows):
            natural = _width(row, self.size)
            last = k == len(rows) - 1
            space = 0.0 if last or len(row) < 2 else (MEASURE - offset - natural) / (len(row) - 1)
            self.place(row, LEFT + offset, self.size, space)

    def block(self, text: str, size: float, align: str) -> None:
        for row in _wrap(text, size, MEASURE):
            x = LEFT + (MEASURE - _width(row, size)) / 2 if align == "center" else LEFT
            self.place(row, x, size)

    def right(self, text: str, right_indent: float) -> None:
        self.place(text, LEFT + MEASURE - right_indent - _width(text, self.size), self.size)

    def signature(self, text: str, lines: list[str], kinds: list[str]) -> None:
        # centred over the date line below it (the date is 4 characters from the right margin)
        date = next(line.strip() for line, kind in zip(lines, kinds) if kind == "date")
        centre = LEFT + MEASURE - 4 * self.size - _width(date, self.size) / 2
        width = _width(text, self.size)
        x = min(centre - width / 2, LEFT + MEASURE - 2 * self.size - width)
        self.place(text, max(LEFT, x), self.size)


def _kinds(lines: list[str]) -> list[str]:
    """What each line is: title, centre (number, plan title), chapter, signature, date, paragraph, blank."""
    kinds = ["blank" if not line.strip() else "paragraph" for line in lines]
    filled = [k for k, line in enumerate(lines) if line.strip()]
    title = next((k for k in filled if not _FIELD.match(lines[k])), None)
    for k in filled:
        line = lines[k].strip()
        alone = (k == 0 or not lines[k - 1].strip()) and (k + 1 == len(lines) or not lines[k + 1].strip())
        if k == title:
            kinds[k] = "title"
        elif _NUMBER.search(line) and len(line) <= 24:
            kinds[k] = "centre"
        elif _DATE.match(line):
            kinds[k] = "date"
            j = k - 1
            while j >= 0 and lines[j].strip() and len(lines[j].strip()) <= 30 and k - j <= 3 \
                    and not lines[j].strip().endswith(_SENTENCE_END) and not _MARKER.match(lines[j]):
                kinds[j] = "signature"
                j -= 1
        elif _CHAPTER.match(line) and len(line) <= 20:
            kinds[k] = "chapter"
        elif alone and len(line) <= 40 and not _MARKER.match(line) and not line.endswith(_SENTENCE_END) \
                and "：" not in line:
            kinds[k] = "centre"
    return kinds


def _tokens(text: str) -> list[str]:
    """Units a line may not break inside: a run of Latin letters and digits, else one character."""
    out: list[str] = []
    for m in re.finditer(r"[A-Za-z0-9]+(?:[.,%][A-Za-z0-9%]+)*%?|.", text):
        out.append(m.group(0))
    return out


def _wrap(text: str, size: float, measure: float) -> list[str]:
    """Greedy line breaking: closing punctuation stays on its line, opening punctuation moves down, a
    Latin word is never split, a space at a break is dropped."""
    rows: list[str] = []
    row, width = "", 0.0
    for token in _tokens(text):
        w = _width(token, size)
        if row.strip("　 ") and width + w > measure + 0.01:  # a word wider than the line overflows it
            if token[0] in _CLOSING and len(token) == 1:  # compressed into the line it closes
                row += token
                rows.append(row)
                row, width = "", 0.0
                continue
            carry = ""
            while row and row[-1] in _OPENING:
                carry, row = row[-1] + carry, row[:-1]
            if row.endswith(" "):
                row = row.rstrip(" ")
            rows.append(row)
            row = carry
            width = _width(row, size)
            if token == " ":
                continue
        row += token
        width += w
    if row.strip():
        rows.append(row)
    return rows


def _draw_page(pdf: canvas.Canvas, placed: list[_Placed], number: int, size: float,
               running_header: str | None, page_numbers: bool) -> None:
    for line in placed:
        text = pdf.beginText(line.x, line.baseline)
        text.setFont(FONT, line.size)
        text.setCharSpace(line.char_space)
        text.textOut(line.text)
        pdf.drawText(text)
    if running_header and number > 1:
        small = max(7.0, size * 0.75)
        y = PAGE_HEIGHT - TOP + 10
        pdf.setFont(FONT, small)
        pdf.drawCentredString(PAGE_WIDTH / 2, y + 4, running_header)
        pdf.setLineWidth(0.5)
        pdf.line(LEFT, y, LEFT + MEASURE, y)
    if page_numbers:
        label = f"- {number} -"
        folio = 14.0
        pdf.setFont(FONT, folio)
        y = BOTTOM - 7 * MM - folio
        if number % 2:
            pdf.drawRightString(LEFT + MEASURE - size, y, label)
        else:
            pdf.drawString(LEFT + size, y, label)


def _draw_scan(pdf: canvas.Canvas, placed: list[_Placed], number: int) -> None:
    """The page as a grey-scale picture: dark bars where the lines of text would be, a little noise."""
    from PIL import Image, ImageDraw

    scale = 100 / 72  # 100 dpi
    image = Image.new("L", (int(PAGE_WIDTH * scale), int(PAGE_HEIGHT * scale)), 255)
    draw = ImageDraw.Draw(image)
    rng = random.Random(number)
    for line in placed:
        top = (PAGE_HEIGHT - line.baseline - line.size * 0.9) * scale
        x = line.x * scale
        for _ in line.text:
            w = line.size * scale * 0.8
            draw.rectangle((x, top, x + w, top + line.size * scale * 0.85), fill=rng.randint(20, 90))
            x += line.size * scale
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    pdf.drawImage(ImageReader(buffer), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
