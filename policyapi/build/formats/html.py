"""A government portal's article page: the document's text and the facts its metadata table states.

    <meta charset="gbk">                        the declared charset goes to encoding.decode()
    索引号 … 发文机关 … 标题 … 发文字号 …        the metadata table or block: fields, never body text
    <h1>某某省人民政府办公厅关于印发…的通知</h1>   the displayed title: the text's first line
    <div id="zoom"><p>…</p><p>…</p></div>        the body (trafilatura): one paragraph or heading a line
    附件：1．某某方案.pdf                        linked attachments: "附件…：" lines after the body

The article body is extracted by trafilatura (a main-content extractor), configured for these pages
(`_config`, `_extract_body`). lxml does what trafilatura does not: it reads the metadata block (and
takes it out of the page), finds the displayed title and the attachment links, turns a <div> that is
a paragraph into a <p> (`_paragraph_divs`), and hands trafilatura the body container a Chinese
portal's CMS marks (`_PORTAL_BODY`); on a page with none, whose reading has page furniture in it,
readability (bundled with trafilatura) chooses the container (`_body_lines`). Each of these answers a
failure measured on portal pages; the tests (test_format_html.py) keep them.

Lost from a page: images (a scanned page has no text), tables' layout in the body (a row becomes one
line, its cells apart by spaces), the numbers an <ol> shows but its text lacks, bold and heading
levels (a heading is a line like any other), link targets, text a script writes, and what
trafilatura judges furniture (navigation, breadcrumbs, bylines, share buttons, related lists,
footers: on purpose). 成文日期, 有效性, 索引号 and 主题分类 are not kept: Metadata has no key for them,
and the body's own signature carries the written date.
"""

from __future__ import annotations

import configparser
import copy
import datetime as dt
import functools
import re
from pathlib import Path

from lxml import etree, html as lxml_html

from policyapi.build import furniture, grammar
from policyapi.build.formats import Extracted, quiet
from policyapi.build.formats.encoding import decode
from policyapi.errors import DocumentError

# ---- the page's bytes ----------------------------------------------------------------------------

# <meta charset="gbk">, <meta http-equiv="Content-Type" content="text/html; charset=gb2312">, <?xml encoding?>:
# read from the raw bytes, as a browser's prescan does (every encoding a Chinese page comes in is ASCII-compatible).
_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
                       rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Characters XML forbids (C0 controls, U+FFFE/U+FFFF), which pages copied from word processors carry: one in a
# paragraph made trafilatura (it builds XML elements) return nothing for the whole page. Vertical tab and form
# feed are spaces in HTML; the rest are invisible. (A NUL is left to lxml, which shows it as U+FFFD.)
_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_SPACES = str.maketrans({"\x0b": " ", "\x0c": " "})
_PRESCAN_BYTES = 8192


def _declared_charset(raw: bytes) -> str | None:
    m = _DECLARED.search(raw[:_PRESCAN_BYTES])
    if m is None:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii").lower()
    # A page that really is UTF-16 starts with a BOM (decode() reads it); a declared UTF-16 without one is
    # wrong, and a UTF-16 decode of single-byte text would "succeed" with garbage (HTML's rule too).
    return None if name.startswith(("utf-16", "utf16", "ucs-2")) else name


def _parse(path: Path, text: str) -> lxml_html.HtmlElement:
    # Bytes with an explicit encoding: lxml refuses a str that carries an <?xml encoding?> declaration.
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    text = _CONTROLS.sub("", text.translate(_CONTROL_SPACES))
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, etree.LxmlError, ValueError):
        root = None
    if root is None or not isinstance(root, lxml_html.HtmlElement):
        raise DocumentError(path, 1, "no article text found in the page")
    for el in root.iter():  # the same characters written as references ("&#1;")
        if el.text and _CONTROLS.search(el.text):
            el.text = _CONTROLS.sub("", el.text.translate(_CONTROL_SPACES))
        if el.tail and _CONTROLS.search(el.tail):
            el.tail = _CONTROLS.sub("", el.tail.translate(_CONTROL_SPACES))
    return root


# ---- text of an element ----------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "head", "title", "select", "option", "textarea"}


def _text(el: lxml_html.HtmlElement) -> str:
    """The element's visible text (scripts and styles left out), spaces collapsed."""
    parts: list[str] = []
    _collect(el, parts)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _collect(el, parts: list[str]) -> None:
    if isinstance(el.tag, str) and el.tag.lower() not in _SKIPPED_TAGS:
        if el.tag.lower() in ("br", "td", "th", "li", "p", "div", "dd", "dt", "tr"):
            parts.append(" ")
        parts.append(el.text or "")
        for child in el:
            _collect(child, parts)
            parts.append(child.tail or "")
        if el.tag.lower() in ("td", "th", "li", "p", "div", "dd", "dt", "tr"):
            parts.append(" ")


def _squeeze(text: str) -> str:
    """For comparing: no spaces at all."""
    return _SPACE.sub("", text)


def _unwrapped(text: str) -> str:
    """A heading broken over lines ("关于印发《…》<br>的通知") as one line: its pieces joined as written, but
    apart where a piece is an issuer's name ("中共某某市委<br>某某市人民政府<br>关于…"), as the header stage
    reads joint issuers."""
    pieces = [p for p in (_SPACE.sub(" ", piece).strip() for piece in text.split("\n")) if p]
    out = ""
    for piece in pieces:
        out += (" " if out and _labels().issuer.fullmatch(out.rsplit(" ", 1)[-1]) else "") + piece
    return out


def _heading_text(el) -> str:
    """A heading element's text, a <br> in it a wrap (see _unwrapped)."""
    parts: list[str] = []

    def collect(node) -> None:  # (trafilatura calls a heading "head": the element itself is never skipped)
        if not isinstance(node.tag, str) or (node is not el and node.tag.lower() in _SKIPPED_TAGS):
            return
        if node.tag.lower() in ("br", "lb"):
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            collect(child)
            parts.append(child.tail or "")

    collect(el)
    return _unwrapped("".join(parts))


# ---- the metadata block ----------------------------------------------------------------------------


class _Labels:
    """The metadata labels of grammar/zh/header.toml ([page], [publisher]): the same vocabulary the
    header stage reads a copied portal page's "发文机关：…" lines with."""

    def __init__(self) -> None:
        g = grammar.load("zh", "header")
        self.fields = {label: field for field, names in g["page"]["fields"].items() for label in names}
        self.all = set(g["page"]["metadata_labels"]) | set(g["publisher"]["labels"]) | set(self.fields)
        alternatives = "|".join(re.escape(label) for label in sorted(self.all, key=len, reverse=True))
        # One element holding "label：value" (several pairs may share it: "发文机关：X　发文字号：Y").
        self.inline = re.compile(rf"(?:^|\s)(?P<label>{alternatives})\s*[：:]\s*")
        endings = "|".join(re.escape(e) for e in sorted(g["issuer"]["endings"], key=len, reverse=True))
        self.issuer = re.compile(rf"\S{{1,{g['issuer']['max_chars']}}}?(?:{endings})")


@functools.cache
def _labels() -> _Labels:
    return _Labels()


_LABEL_DECORATION = re.compile(r"[\s\u3000\xa0【】\[\]［］:：]")
_MAX_LABEL_ELEMENT = 12  # characters: a label cell or span holds a label and little else
_MAX_VALUE = 300
_BLOCK_SHARE = 0.7  # a metadata block is an element whose text is at least this much label/value pairs
_PLACEHOLDERS = {"无", "暂无", "-", "--", "—", "/", "／", "空"}


class _Pair:
    __slots__ = ("anchor", "label", "size", "value")

    def __init__(self, label: str, value: str, anchor) -> None:
        self.label, self.value, self.anchor = label, value, anchor
        self.size = len(_squeeze(label)) + len(_squeeze(value)) + 1


def _as_label(text: str) -> str | None:
    """"发 文 机 关：", "【标题】", "标&emsp;&emsp;题：" -> the label; None when `text` is not one."""
    label = _LABEL_DECORATION.sub("", text)
    return label if label in _labels().all else None


def _metadata(root: lxml_html.HtmlElement) -> dict[str, str]:
    """The facts of the page's metadata table or block, under read.Metadata's names; the blocks are
    removed from the tree, so their text never reaches the body."""
    sizes = _text_sizes(root)
    pairs = _pairs(root, sizes)
    if not pairs:
        return {}
    # Climb from each pair to the largest ancestor whose text is (nearly) all label/value pairs.
    covered: dict = {}
    for pair in pairs:
        for ancestor in [pair.anchor, *pair.anchor.iterancestors()]:
            covered[ancestor] = covered.get(ancestor, 0) + pair.size
    blocks = []
    for pair in pairs:
        block = None
        for ancestor in [pair.anchor, *pair.anchor.iterancestors()]:
            if covered[ancestor] >= _BLOCK_SHARE * max(sizes.get(ancestor, 0), 1):
                block = ancestor
            else:
                break
        blocks.append(block)
    # A block holds at least two pairs: one "来源：…" line in the body is the body's.
    counts: dict = {}
    for block in blocks:
        counts[block] = counts.get(block, 0) + 1
    fields: dict[str, str] = {}
    for pair, block in zip(pairs, blocks):
        if block is None or counts[block] < 2:
            continue
        field = _labels().fields.get(pair.label)
        # 成文日期 ("written") has no Metadata key: the body's own date line says it. 有效性, 索引号,
        # 主题分类 … are facts about the portal's filing, not the document's.
        if field in ("title", "issuer", "number", "published") and field not in fields:
            if value := _field_value(field, pair.value):
                fields[field] = value
    for block in dict.fromkeys(b for b in blocks if b is not None and counts[b] >= 2):
        if block.getparent() is not None and not any(a in counts for a in block.iterancestors()):
            block.drop_tree()  # keeps the tail text, which is not the block's
    return fields


def _pairs(root: lxml_html.HtmlElement, sizes: dict) -> list[_Pair]:
    """Label/value pairs, in page order, in either layout:
        <td>发文机关：</td><td>某某省人民政府办公厅</td>        label cell, value cell (two pairs a row)
        <span>发文字号：</span><span>某政办发〔2026〕9号</span>  label element, next element
        <b>发布日期：</b>2026-04-21                           label element, its tail
        <li>发文机关：某某省人民政府办公厅</li>                 one element, "label：value"
    """
    pairs: list[_Pair] = []
    seen: set = set()
    for el in root.iter():
        # An element with more text than a pair holds is no pair (the size map spares reading its text).
        if not 0 < sizes.get(el, 0) <= _MAX_VALUE + 40 or el in seen:
            continue
        own = _text(el)
        if len(own) <= _MAX_LABEL_ELEMENT and (label := _as_label(own)) is not None:
            seen.update(el.iterdescendants())  # the outermost element that is the label
            value = _SPACE.sub(" ", el.tail or "").strip()
            anchor = el.getparent() if el.getparent() is not None else el
            if not value:
                sibling = el.getnext()
                while sibling is not None and not isinstance(sibling.tag, str):
                    sibling = sibling.getnext()
                if sibling is not None and sizes.get(sibling, 0) <= _MAX_VALUE and _as_label(_text(sibling)) is None:
                    value = _text(sibling)
            if value and len(value) <= _MAX_VALUE:
                pairs.append(_Pair(label, value, anchor))
            continue
        # "label：value" in one element without a label element inside it (the innermost such element).
        found = list(_labels().inline.finditer(own))
        if not found or found[0].start() != 0:
            continue
        if any(_labels().inline.match(_text(child)) or _as_label(_text(child)) for child in el if sizes.get(child)):
            continue
        seen.update(el.iterdescendants())
        for k, m in enumerate(found):
            end = found[k + 1].start() if k + 1 < len(found) else len(own)
            value = own[m.end():end].strip()
            if value and len(value) <= _MAX_VALUE:
                pairs.append(_Pair(m.group("label"), value, el))
    return pairs


def _text_sizes(root: lxml_html.HtmlElement) -> dict:
    """Every element's visible text length without spaces, in one pass."""
    sizes: dict = {}

    def size(el) -> int:
        if not isinstance(el.tag, str) or el.tag.lower() in _SKIPPED_TAGS:
            return 0
        total = len(_squeeze(el.text or ""))
        for child in el:
            total += size(child) + len(_squeeze(child.tail or ""))
        sizes[el] = total
        return total

    size(root)
    return sizes


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.．]\s*(\d{1,2})\s*[-月/.．]\s*(\d{1,2})")


def _field_value(field: str, value: str) -> str | None:
    value = value.strip()
    if not value or value in _PLACEHOLDERS:
        return None
    if field == "published":  # "2026-04-21", "2026年04月21日", "2026/4/21 09:30": ISO, or nothing
        m = _DATE.search(value)
        if m is None:
            return None
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    if field == "issuer":
        # Joint issuers "中共某某市委办公室　某某市人民政府办公室" in the header stage's display form.
        parts = [p for p in re.split(r"[\s\u3000、，,；;]+", value) if p]
        if len(parts) > 1 and all(_labels().issuer.fullmatch(p) for p in parts):
            return "; ".join(parts)
    return value


def _source(root: lxml_html.HtmlElement) -> str | None:
    """The page's own address: <link rel="canonical">, else og:url."""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        for url in root.xpath(xpath):
            url = str(url).strip()
            if re.match(r"https?://\S+$", url):
                return url
    return None


# ---- the displayed title ------------------------------------------------------------------------------

_FRAME_TAGS = {"header", "nav", "footer"}


def _displayed_title(root: lxml_html.HtmlElement, title: str | None, body_start) -> str | None:
    """The title the page shows above the body: the heading (or "title" element) nearest before the
    body that says what the metadata table, the ArticleTitle / og:title tag or the <title> says;
    else the table's 标题, else the ArticleTitle tag."""
    candidates = {_squeeze(t) for t in [title, *root.xpath('//meta[@name="ArticleTitle"]/@content'),
                                        *root.xpath('//meta[@property="og:title"]/@content')] if t}
    for t in root.xpath("//title"):
        full = _SPACE.sub(" ", t.text_content()).strip()
        candidates.add(_squeeze(full))
        candidates.add(_squeeze(re.split(r"\s*(?:[_|｜]|\s-\s|－)\s*", full)[0]))
    candidates.discard("")
    order = {el: k for k, el in enumerate(root.iter())}
    limit = order[body_start] if body_start is not root else len(order)  # not found: anywhere
    shown = None
    for el in root.xpath('//h1|//h2|//h3|//*[contains(@class,"title") or contains(@id,"title") '
                         'or contains(@class,"Title") or contains(@id,"Title")]'):
        if order.get(el, limit) >= limit:
            continue
        if not isinstance(el.tag, str) or el.tag.lower() in ("title", "meta") or any(
                isinstance(a.tag, str) and a.tag.lower() in _FRAME_TAGS for a in [el, *el.iterancestors()]):
            continue
        text = _heading_text(el)
        if text and _squeeze(text) in candidates:
            shown = text  # the last one before the body: a site's name in a heading comes first
    # No heading shows it: the table's 标题, else the CMS's own ArticleTitle tag (never the <title>, which
    # may be the site's name).
    stated = [t.strip() for t in root.xpath('//meta[@name="ArticleTitle"]/@content') if t.strip()]
    return shown or title or (stated[0] if stated else None)


# ---- the body ------------------------------------------------------------------------------------------

_INLINE = {"a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "img", "kbd", "label", "q", "s", "samp",
           "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "var", "br", "wbr", "ins", "del", "mark",
           "time", "o:p"}


_FRAMES = {"div", "center", "section", "article"}


def _paragraph_divs(root: lxml_html.HtmlElement) -> None:
    """A <div> (or <center>, <section>) that holds only a paragraph's text, no block inside, is a
    paragraph: make it a <p>.

    trafilatura reads <div> text only where a page has little <p> text: in a body of <p> paragraphs it
    dropped a signature "<div align="right">某某省人民政府办公厅</div><div align="right">2026年4月16日</div>",
    and with it the signature's issuer and date (measured; tests: test_format_html.py)."""
    for div in root.iter(*_FRAMES):
        if all(isinstance(c.tag, str) and c.tag.lower() in _INLINE for c in div) and _text(div):
            div.tag = "p"


def _is_furniture(line: str) -> bool:
    debris, footer = furniture.patterns()
    return bool(debris.match(line) or footer.match(line))


def _has_article(lines: list[str]) -> bool:
    """Some line is not page furniture: with no article in it, trafilatura's pick from a page is a
    breadcrumb or a footer line (which read.py would drop as furniture anyway)."""
    debris, footer = furniture.patterns()
    for line in lines:
        if footer.match(line):
            return False
        if not debris.match(line):
            return True
    return False


@functools.cache
def _config() -> configparser.ConfigParser:
    from trafilatura.settings import DEFAULT_CONFIG

    config = configparser.ConfigParser()
    config.read_dict({"DEFAULT": dict(DEFAULT_CONFIG["DEFAULT"])})
    # MIN_EXTRACTED_SIZE (250 characters by default) is an English-sized "too short" threshold: below it
    # trafilatura swaps its extraction for a "baseline" dump of the whole page's text in one paragraph,
    # navigation and footer included. 250 characters of Chinese are a whole short notice (measured: a
    # 200-character notice came out as one line starting "首页 政务公开"). 0 turns the dump off; a page
    # where trafilatura finds nothing is then "no article text", as it should be.
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "0"
    return config


# Where the content-management systems of Chinese government portals put an article's body: TRS WCM's editor
# output (TRS_Editor, TRS_UEDITOR), the font-size target (#zoom), Kaipu UCAP's #UCAP-CONTENT, "pages_content".
# trafilatura's own list of body containers is of English-language blogs and news sites ("article-body",
# "post-content", "entry"...); without a match it reads the whole page, and on a page laid out in tables (older
# county and city portals) it returned the menu, the breadcrumbs and the article's byline as body lines, before
# the body (measured; tests: test_format_html.py, frame="table").
_PORTAL_BODY = etree.XPath(
    '//*[@id="zoom" or @id="Zoom" or @id="UCAP-CONTENT" or contains(@class, "TRS_Editor") '
    'or contains(@class, "TRS_UEDITOR") or contains(@class, "pages_content")]')


def _portal_body(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The portal's body container (the outermost, with the most text) alone, in a frame trafilatura knows;
    None when the page has none."""
    found = [el for el in _PORTAL_BODY(root) if isinstance(el.tag, str) and el.text_content().strip()]
    inside = set(found)
    outermost = [el for el in found if not any(a in inside for a in el.iterancestors())]
    if not outermost:
        return None
    return _framed(copy.deepcopy(max(outermost, key=lambda el: len(el.text_content()))))


def _framed(body) -> lxml_html.HtmlElement:
    body.tag, body.tail = "div", None  # a table cell (<td id="zoom">) outside its table is a frame
    page = lxml_html.Element("html")
    frame = etree.SubElement(etree.SubElement(page, "body"), "div", {"class": "article-content"})
    frame.append(body)
    return page


def _readability_body(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The article as readability (trafilatura's copy of it) chooses it: the best-scored container and its
    siblings. It finds the body cell of a page laid out in tables, where trafilatura reads every cell."""
    from trafilatura.readability_lxml import Document

    try:
        chosen = lxml_html.document_fromstring(Document(copy.deepcopy(root), min_text_length=5).summary())
    except Exception:  # noqa: BLE001 - a fallback that fails is no fallback: the first reading stands
        return None
    body = next(chosen.iter("body"), None)
    return None if body is None else _framed(body)


def _body_lines(root: lxml_html.HtmlElement) -> list[str]:
    """The article's lines: from the portal's body container when the page has one; else from the page, and
    when that reading has page furniture in it (a breadcrumb, a copyright line: trafilatura read the page's
    frame), from the container readability chooses, if that reading has less furniture and some article."""
    if (body := _portal_body(root)) is not None:
        return _lines_of(body)
    lines = _lines_of(root)
    furniture = sum(map(_is_furniture, lines))
    if furniture and (narrowed := _readability_body(root)) is not None:
        retry = _lines_of(narrowed)
        if _has_article(retry) and sum(map(_is_furniture, retry)) < furniture:
            return retry
    return lines


def _lines_of(page: lxml_html.HtmlElement) -> list[str]:
    body = _extract_body(page)
    return _lines(body) if body is not None else []


def _extract_body(page: lxml_html.HtmlElement):
    import trafilatura

    with quiet("trafilatura"):
        document = trafilatura.bare_extraction(
            page,
            # favor_recall: read text in <div>s and <br>-separated runs too, and keep short paragraphs
            # (a document number, a date line, "二、重点任务"); precision mode drops such lines.
            favor_recall=True,
            # fast: no readability / jusText comparison; those run on the raw page and chose, on these pages,
            # extractions with the navigation in them or without line structure; they also cost time.
            fast=True,
            include_tables=True,  # a table in the body (a task list) is the document's: kept, a row a line
            include_comments=False, include_images=False, include_links=False, include_formatting=False,
            deduplicate=False,  # a repeated line ("（责任单位：市数据局）") is the document's, not a duplicate
            with_metadata=False,  # the metadata block is read here, not guessed (and htmldate costs time)
            config=_config(),
        )
    return None if document is None else document.body


_BLOCK_TAGS = {"p", "head", "item", "list", "quote", "code", "table", "row", "cell", "div", "main", "body", "doc",
               "note", "fw", "ab"}


def _lines(body) -> list[str]:
    """trafilatura's body (p, head, list/item, table/row/cell, lb) as lines: a block or a <br> ends a line."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = "".join(current).replace("\xa0", " ").strip()
        current.clear()
        if line:
            lines.append(line)

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "lb":
            flush()
            return
        if tag == "graphic":
            return
        if tag == "head":  # a heading wrapped with <br> is one line
            flush()
            current.append(_heading_text(el))
            flush()
            return
        if tag == "row" and not any(c.tag in _BLOCK_TAGS for cell in el for c in cell.iter() if c is not cell):
            flush()  # a table row of plain cells: one line, cells apart
            current.append(" ".join(t for cell in el if (t := _SPACE.sub(" ", "".join(cell.itertext())).strip())))
            flush()
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        current.append(el.text or "")
        for child in el:
            walk(child)
            current.append(child.tail or "")
        if block:
            flush()

    walk(body)
    flush()
    return lines


# ---- attachments ---------------------------------------------------------------------------------------

_FILE = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et|ofd|ceb|zip|rar|7z|pptx?|txt|csv)$", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*(?:附件\s*\d*\s*[：:]?)?\s*(?:\d{1,2}\s*[．.、]\s*)?")


def _deepest(root: lxml_html.HtmlElement, line: str):
    """The smallest element of the page's <body> whose text holds `line` (its first 40 characters)."""
    needle = _squeeze(line)[:40]
    el = next(root.iter("body"), root)  # not the <title>, which may say the same
    while True:
        inner = next((c for c in el if isinstance(c.tag, str) and needle in _squeeze(c.text_content())), None)
        if inner is None:
            return el
        el = inner


def _region(root: lxml_html.HtmlElement, first, last):
    """The element around the article: the parent of the smallest element holding the body's first and
    last lines (a page puts its attachment list next to the body, inside the article's frame)."""
    ancestors = {first, *first.iterancestors()}
    common = next((x for x in [last, *last.iterancestors()] if x in ancestors), root)
    region = common.getparent() if common.getparent() is not None else common
    while region.tag in ("tr", "tbody", "thead", "tfoot") and region.getparent() is not None:
        region = region.getparent()  # a body cell's row: the table holds the attachment row
    return region


def _attachments(region, body: str) -> list[str]:
    """Names of the files the article links (附件), in page order, those the body does not name already."""
    names: list[str] = []
    squeezed = _squeeze(body)
    for a in region.iter("a"):
        href = (a.get("href") or "").split("?")[0].split("#")[0].strip()
        name = _text(a) or (a.get("title") or "").strip()
        if not (_FILE.search(href) or _FILE.search(name)):
            continue
        name = _NUMBERING.sub("", name).strip()
        if name and _squeeze(name) not in squeezed and name not in names:
            names.append(name)
    return names


# ---- the page ------------------------------------------------------------------------------------------


def extract(path: Path, raw: bytes) -> Extracted:
    text = decode(path, raw, _declared_charset(raw))
    root = _parse(path, text)
    try:
        fields = _metadata(root)
        if source := _source(root):
            fields["source"] = source
        _paragraph_divs(root)
        lines = _body_lines(root)
        if not _has_article(lines):
            raise DocumentError(path, 1, "no article text found in the page")
        first, last = _deepest(root, lines[0]), _deepest(root, lines[-1])
        title = _displayed_title(root, fields.get("title"), first)
        names = _attachments(_region(root, first, last), "\n".join(lines))
    except RecursionError:  # markup nested thousands deep
        raise DocumentError(path, 1, "the page's markup is nested too deeply to read") from None
    # The displayed title is the document's first line; trafilatura takes a heading above the body
    # for the page's title and leaves it out of the body.
    if title and _squeeze(title) not in _squeeze("".join(lines[:4])):  # also a heading the body wraps over lines
        lines.insert(0, title)
    # One "附件…：" line each: the outline stage skips an attachment line however long its name is.
    if len(names) == 1:
        lines.append(f"附件：{names[0]}")
    else:
        lines += [f"附件{k}：{name}" for k, name in enumerate(names, start=1)]
    # A title cell may hold line breaks and spaces of its own.
    lines = [line for line in (piece.strip() for piece in "\n".join(lines).split("\n")) if line]
    return Extracted(text="\n".join(lines), format="html", fields=fields)
