"""A document's header facts: title, issuers, document number, dates, signature, kind, jurisdiction.

    某某省人民政府办公厅关于印发《某某行动方案》的通知     notice title: issuer and the plan it wraps
    某政办发〔2025〕18号                                   its own number (never one it cites)
    …
    某某省人民政府办公厅                                   a signature: issuer line(s) ...
    2026年4月16日                                          ... then a date line

Read from the analysis view with grammar/<lang>/header.toml; every fact keeps its offsets.
The sidecar (seeds/README.md) overrides what the text says.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter

import msgspec

from policyapi import gazetteer
from policyapi.build import grammar
from policyapi.build.normalise import analysis_text
from policyapi.build.read import SourceText
from policyapi.errors import DocumentError
from policyapi.models import DocumentKind

KINDS: tuple[DocumentKind, ...] = ("policy", "plan", "news", "analysis")
_HEAD_LINES = 6  # where a web copy carries its date and publisher line
_MAX_TITLE = 200
_TIME = re.compile(r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z]+")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}


class Found(msgspec.Struct, frozen=True):
    start: int
    end: int
    text: str  # as the analysis view has it


class Header(msgspec.Struct, frozen=True):
    title: str
    plan_title: str | None
    issuers: tuple[Found, ...]  # in the text (a sidecar issuer has none unless the text names it)
    issuer: str | None  # the display form: the sidecar's, or the issuers joined
    number: str | None
    published: dt.date | None
    date_written: str | None
    publisher: str | None
    language: str
    signatures: tuple[tuple[int, int], ...]  # issuer + date blocks: not part of any section
    troubles: tuple[tuple[int, str], ...]  # (offset, message): the build reports them as warnings


# ---- grammar ---------------------------------------------------------------------------------


class _Grammar(msgspec.Struct, frozen=True):
    notice: re.Pattern[str]
    plan: re.Pattern[str]
    plan_words: tuple[str, ...]
    policy_words: tuple[str, ...]
    issuer_name: re.Pattern[str]  # one issuing body, whole
    issuer_separators: re.Pattern[str]
    issuer_max_lines: int
    date: re.Pattern[str]
    cn_date: re.Pattern[str]
    date_line: re.Pattern[str]
    period: re.Pattern[str]
    period_lead_years: int
    number: re.Pattern[str]
    cited: re.Pattern[str]
    head_lines: int
    prefixes: dict[str, str]
    office: re.Pattern[str]
    page_labels: re.Pattern[str]
    page_field: re.Pattern[str]  # "发文机关：某某省人民政府办公厅"
    page_fields: dict[str, str]  # label -> field


@functools.cache
def _zh() -> _Grammar:
    g = grammar.load("zh", "header")
    endings = "|".join(re.escape(e) for e in sorted(g["issuer"]["endings"], key=len, reverse=True))
    max_chars = g["issuer"]["max_chars"]
    dates = g["dates"]
    line = dates["line"].replace("{date}", dates["date"].replace("(?P<", "(?P<a_")).replace(
        "{cn_date}", dates["cn_date"].replace("(?P<", "(?P<b_"))
    labels = "|".join(map(re.escape, g["page"]["metadata_labels"] + g["publisher"]["labels"]))
    fields = {label: field for field, names in g["page"]["fields"].items() for label in names}
    return _Grammar(
        notice=re.compile(g["notice"]["title"]), plan=re.compile(g["notice"]["plan"]),
        plan_words=tuple(g["notice"]["plan_words"]), policy_words=tuple(g["notice"]["policy_words"]),
        issuer_name=re.compile(rf"[^\s，。；：、,;:《》（）()]{{1,{max_chars}}}?(?:{endings})"),
        issuer_separators=re.compile(g["issuer"]["separators"]), issuer_max_lines=g["issuer"]["max_lines"],
        date=re.compile(dates["date"]), cn_date=re.compile(dates["cn_date"]), date_line=re.compile(line),
        period=re.compile(dates["period"]), period_lead_years=dates["period_lead_years"],
        number=re.compile(g["number"]["pattern"]),
        cited=re.compile("|".join(f"(?:{p})" for p in g["number"]["cited_after"])),
        head_lines=g["number"]["head_lines"], prefixes=dict(g["number"]["prefixes"]),
        office=re.compile(g["number"]["office"]["after_prefix"]),
        page_labels=re.compile(rf"^\s*(?:{labels})\s*[：:]"),
        page_field=re.compile(rf"^\s*(?P<label>{'|'.join(map(re.escape, fields))})\s*[：:]\s*(?P<value>\S.*?)\s*$"),
        page_fields=fields,
    )


class _English(msgspec.Struct, frozen=True):
    notice: re.Pattern[str]
    plan: re.Pattern[str]
    issuer: re.Pattern[str]
    dates: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    period: re.Pattern[str]
    number: re.Pattern[str]
    cited: re.Pattern[str]


@functools.cache
def _en() -> _English:
    g = grammar.load("en", "header")
    return _English(
        notice=re.compile(g["notice"]["title"]), plan=re.compile(g["notice"]["plan"]),
        issuer=re.compile(g["issuer"]["pattern"]), dates=tuple(re.compile(p) for p in g["dates"]["patterns"]),
        months={m: i for i, m in enumerate(g["dates"]["months"], start=1)}, period=re.compile(g["dates"]["period"]),
        number=re.compile(g["number"]["pattern"]),
        cited=re.compile("|".join(f"(?:{p})" for p in g["number"]["cited_after"])),
    )


# ---- lines -----------------------------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, line))
        start += len(line) + 1
    return out


def _stripped(start: int, line: str) -> tuple[int, int]:
    """(start, end) of the line without its surrounding spaces."""
    left = len(line) - len(line.lstrip())
    return start + left, start + len(line.rstrip())


# ---- the header --------------------------------------------------------------------------------


def read_header(source: SourceText, view: str) -> Header:
    meta = source.metadata
    lines = _lines(view)
    troubles: list[tuple[int, str]] = []
    page = _page_fields(view, lines)
    title_found = page.get("title") or _title(source, view, lines)
    title = meta.title or source.text[title_found.start:title_found.end]
    notice = _zh().notice.match(title_found.text) or _en().notice.match(title_found.text)
    plan_title = _plan_title(source.text, title_found, notice)
    signatures = _signatures(view, lines)
    page_issuers = _issuer_line(view, page["issuer"].start, page["issuer"].text) if "issuer" in page else None
    issuers = tuple(page_issuers or ()) or _issuers(view, title_found, notice, signatures)
    issuer = meta.issuer or ("; ".join(source.text[i.start:i.end] for i in issuers) or None)
    number = meta.number or (source.text[page["number"].start:page["number"].end] if "number" in page else None) \
        or _number(view, lines, source.text)
    published, written = _published(source, lines, signatures, page, troubles)
    _check_period(published, title_found.text + " " + (plan_title or ""), title_found.start, troubles)
    return Header(
        title=title, plan_title=plan_title, issuers=issuers, issuer=issuer, number=number, published=published,
        date_written=written, publisher=_publisher(source, lines), language=_language(source),
        signatures=tuple((s.start, s.end) for s, _, _ in signatures), troubles=tuple(troubles),
    )


def _page_fields(view: str, lines: list[tuple[int, str]]) -> dict[str, Found]:
    """Fields of a portal's metadata block at the top of the page ("发文字号：某政办发〔2026〕9号")."""
    g = _zh()
    fields: dict[str, Found] = {}
    for start, line in [(s, t) for s, t in lines if t.strip()][:30]:
        if m := g.page_field.match(line):
            field = g.page_fields[m.group("label")]
            fields.setdefault(field, Found(start + m.start("value"), start + m.end("value"), m.group("value")))
    return fields


def _title(source: SourceText, view: str, lines: list[tuple[int, str]]) -> Found:
    """The first line that is not page metadata ("索引号：…"); a title wrapped over two lines is joined."""
    g = _zh()
    content = [(s, line) for s, line in lines if line.strip()]
    for k, (start, line) in enumerate(content):
        if g.page_labels.match(line) and k + 1 < len(content):
            continue
        begin, end = _stripped(start, line)
        if line.count("《") > line.count("》") and k + 1 < len(content):  # 关于印发《…\n…》的通知
            nxt_start, nxt = content[k + 1]
            end = _stripped(nxt_start, nxt)[1]
        text = view[begin:end]
        if len(text) > _MAX_TITLE:
            sentence = re.split(r"(?<=[.。!?])\s", text, maxsplit=1)[0]
            end = begin + min(len(sentence), _MAX_TITLE)
            text = view[begin:end]
        return Found(begin, end, text)
    return Found(0, 0, "")


def _plan_title(text: str, title: Found, notice: re.Match[str] | None) -> str | None:
    """The plan a notice wraps: 关于印发《X》的通知 -> X (as written); None for a title that wraps nothing."""
    if notice is None:
        return None
    for pattern in (_zh().plan, _en().plan):
        if m := pattern.search(title.text):
            return text[title.start + m.start("plan"):title.start + m.end("plan")]
    return None


class _Signature(msgspec.Struct, frozen=True):
    start: int
    end: int


def _signatures(view: str, lines: list[tuple[int, str]]) -> list[tuple[_Signature, list[Found], Found]]:
    """Issuer lines followed by a date line; the date line alone when no issuer stands above it."""
    g = _zh()
    found = []
    for k, (start, line) in enumerate(lines):
        if not g.date_line.match(line):
            continue
        date_start, date_end = _stripped(start, line)
        issuers: list[Found] = []
        block_start = date_start
        j, taken = k - 1, 0
        while j >= 0 and taken < g.issuer_max_lines:
            s, text = lines[j]
            if not text.strip():
                j -= 1
                continue
            names = _issuer_line(view, s, text)
            if names is None:
                break
            issuers = names + issuers
            block_start = _stripped(s, text)[0]
            taken += 1
            j -= 1
        date = Found(date_start, date_end, view[date_start:date_end])
        found.append((_Signature(block_start, date_end), issuers, date))
    return found


def _issuer_line(view: str, start: int, line: str) -> list[Found] | None:
    """The bodies named on a signature line, or None when the line is anything else."""
    g = _zh()
    begin, end = _stripped(start, line)
    names, pos = [], begin
    for part in g.issuer_separators.split(view[begin:end]):
        at = view.index(part, pos)
        pos = at + len(part)
        if not g.issuer_name.fullmatch(part):
            return None
        names.append(Found(at, at + len(part), part))
    return names or None


def _issuers(view: str, title: Found, notice: re.Match[str] | None,
             signatures: list[tuple[_Signature, list[Found], Found]]) -> tuple[Found, ...]:
    """From the notice title, else the first signature with names, else an English issuer phrase."""
    if notice is not None:
        offset = title.start + notice.start("issuers")
        names = _issuer_line(view, offset, notice.group("issuers"))
        if names:
            return tuple(names)
        if notice.re is _en().notice:
            return (Found(offset, offset + len(notice.group("issuers")), notice.group("issuers")),)
    for _, names, _ in signatures:
        if names:
            return tuple(names)
    if m := _en().issuer.search(view):
        return (Found(m.start(1), m.end(1), m.group(1)),)
    return ()


def _number(view: str, lines: list[tuple[int, str]], text: str) -> str | None:
    """This document's own number: in its first lines, else on a line of its own; never a cited one.

    A number in running text further down cites another document ("…的通知（国发〔2017〕35号）")."""
    g = _zh()
    head_end = _head_end(lines, g.head_lines)
    candidates = []
    numbered = [(s, t) for s, t in lines if "号" in t or "No." in t]  # every number ends with one of these
    for pattern, cited in ((g.number, g.cited), (_en().number, _en().cited)):
        for m in (m for s, t in numbered for m in pattern.finditer(view, s, s + len(t))):
            if cited.search(view[max(0, m.start() - 40):m.start()]):
                continue
            line_start = view.rfind("\n", 0, m.start()) + 1
            line_end = view.find("\n", m.end())
            rest_of_line = view[m.end():line_end if line_end >= 0 else None]
            own_line = not view[line_start:m.start()].strip() and not rest_of_line.strip()
            if m.start() < head_end or own_line:
                candidates.append((not own_line, m.start(), m.end()))
    if not candidates:
        return None
    _, start, end = min(candidates)
    return text[start:end]


def _head_end(lines: list[tuple[int, str]], count: int) -> int:
    seen = 0
    for start, line in lines:
        if line.strip():
            seen += 1
            if seen > count:
                return start
    return lines[-1][0] + len(lines[-1][1]) if lines else 0


# ---- dates -------------------------------------------------------------------------------------


def _parse_date(text: str) -> tuple[dt.date | None, re.Match[str]] | None:
    """The first date in `text`: (date, match); the date is None when it cannot exist (2月30日)."""
    g, en = _zh(), _en()
    for pattern in (g.date, g.cn_date, *en.dates):
        for m in pattern.finditer(text):
            parts = m.groupdict()
            if not parts.get("d"):
                continue
            year, month, day = (_date_number(parts[k], en.months) for k in ("y", "m", "d"))
            if year is None or month is None or day is None:
                continue
            try:
                return dt.date(year, month, day), m
            except ValueError:
                return None, m
    return None


def _date_number(token: str, months: dict[str, int]) -> int | None:
    if token.isdigit():
        return int(token)
    if token[:3].lower() in months:
        return months[token[:3].lower()]
    if all(c in _CN_DIGITS for c in token):  # 二〇二六: digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in token))
    from chinese2digits import chineseToDigits  # 十六, 二十: the numeral converter
    try:
        return int(chineseToDigits(token))
    except Exception:  # not a numeral after all
        return None


def _published(source: SourceText, lines: list[tuple[int, str]], signatures: list[tuple[_Signature, list[Found], Found]],
               page: dict[str, Found], troubles: list[tuple[int, str]]) -> tuple[dt.date | None, str | None]:
    """(published date, the document's date as written).

    Published: the sidecar's (or a format's), a portal's 发布日期, a date in the first lines, else the
    document's own date. As written: the signature's date line, else a portal's 成文日期, else a date in
    the first lines. A date that cannot exist is reported and not used."""
    head = None
    for start, line in [(s, t) for s, t in lines if t.strip()][:_HEAD_LINES]:
        if found := _parse_date(line):
            head = (found[0], start + found[1].start(), start + found[1].end())
            break
    signed = None
    for _, _, date in ([s for s in signatures if s[1]] or signatures)[:1]:
        if found := _parse_date(date.text):
            signed = (found[0], date.start + found[1].start(), date.start + found[1].end())
    on_page = {key: (found[0], page[key].start + found[1].start(), page[key].start + found[1].end())
               for key in ("published", "written") if key in page and (found := _parse_date(page[key].text))}
    for date, start, end in dict.fromkeys(d for d in (head, signed, *on_page.values()) if d):
        if date is None:
            troubles.append((start, f"impossible date {source.text[start:end]!r}: not recorded as the published date"))
    own = signed or on_page.get("written") or head
    written = source.text[own[1]:own[2]] if own else None
    if source.metadata.published:
        try:
            return dt.date.fromisoformat(source.metadata.published), written
        except ValueError:
            raise DocumentError(source.path.with_suffix(".meta.toml"), 1,
                                f"published {source.metadata.published!r} is not an ISO date") from None
    for candidate in (on_page.get("published"), head, signed, on_page.get("written")):
        if candidate and candidate[0] is not None:
            return candidate[0], written
    return None, written


def _check_period(published: dt.date | None, titles: str, offset: int, troubles: list[tuple[int, str]]) -> None:
    """A plan for 2026-2028 dated 2019, or 2030, contradicts itself: say so."""
    if published is None:
        return
    for pattern in (_zh().period, _en().period):
        if m := pattern.search(titles):
            first, last = int(m.group("from")), int(m.group("to"))
            if published.year < first - _zh().period_lead_years or published.year > last:
                troubles.append((offset, f"dated {published.isoformat()}, outside its own period {first}-{last}"))
            return


# ---- the rest ----------------------------------------------------------------------------------


def _publisher(source: SourceText, lines: list[tuple[int, str]]) -> str | None:
    """The short line that carries the date is the publisher's byline."""
    if source.metadata.publisher:
        return source.metadata.publisher
    head = [source.text[s:s + len(t)] for s, t in lines if t.strip()][:_HEAD_LINES]
    for line in head[1:]:
        found = _parse_date(line)
        if found and found[0] and len(line) < 120:
            name = _TIME.sub(" ", line.replace(found[1].group(), " "))
            name = re.sub(r"\s{2,}", " ", name).strip(" ·|-—,:：")
            return name or None
    return None


def _language(source: SourceText) -> str:
    if source.metadata.language:
        return source.metadata.language
    sample = source.text[:20000]  # enough to tell, and a long text costs no more
    cjk, latin = (sum(map(len, pattern.findall(sample))) for pattern in (_CJK, _LATIN))  # characters, by runs
    # A Chinese character carries about as much as a short English word.
    return "zh" if cjk * 4 > latin else "en"


def kind(source: SourceText, header: Header, *, has_units: bool, has_measures: bool) -> DocumentKind:
    """The sidecar's kind; else a plan or policy when the text has the outline and header of one, else news."""
    declared = source.metadata.kind
    if declared:
        if declared not in KINDS:
            raise DocumentError(source.path.with_suffix(".meta.toml"), 1,
                                f"kind {declared!r} is not one of {', '.join(KINDS)}")
        return declared  # type: ignore[return-value]
    g = _zh()
    name = re.sub(r"[（(][^（）()]*[)）]\s*$", "", analysis_text(header.plan_title or header.title).strip())
    titled = any(name.endswith(w) for w in (*g.plan_words, *g.policy_words))  # "…实施方案", "…若干措施"
    official = header.number is not None or bool(header.issuers) or header.plan_title is not None or titled
    if not (has_units or (official and has_measures)):
        return "news"
    return "plan" if any(name.endswith(w) for w in g.plan_words) else "policy"


def jurisdiction(source: SourceText, header: Header, view: str) -> str | None:
    """The sidecar's; else the place of the issuer, the title, the document number, or the most named."""
    places = gazetteer.load()
    declared = source.metadata.jurisdiction
    if declared:
        place = places.get(declared) or places.lookup(declared)
        if place is None:
            raise DocumentError(source.path.with_suffix(".meta.toml"), 1,
                                f"jurisdiction {declared!r} is not a province or city in the gazetteer")
        return place.code
    counts = Counter(hit.code for hit in places.scan(view))
    for issuer in header.issuers:
        if code := _most_specific(places.scan(issuer.text)):
            return code
    if code := _most_specific(places.scan(header.title) + places.scan(header.plan_title or "")):
        return code
    if code := _number_place(header.number, counts):
        return code
    if not counts:
        return None
    # Most named place; on a tie the more specific, then the lower code (stable).
    return min(counts, key=lambda code: (-counts[code], _level(code), code))


def _level(code: str) -> int:
    """0 for a county, 1 for a city, 2 for a province: lower is more specific."""
    return 2 if code.endswith("0000") else 1 if code.endswith("00") else 0


def _most_specific(hits: list[gazetteer.PlaceHit]) -> str | None:
    if not hits:
        return None
    return min(hits, key=lambda h: (_level(h.code), h.start)).code


def _number_place(number: str | None, counts: Counter) -> str | None:
    """"鄂政办发〔2025〕18号" -> Hubei; a city's prefix only when the text names that city."""
    if not number:
        return None
    g = _zh()
    for prefix in sorted(g.prefixes, key=len, reverse=True):
        if number.startswith(prefix) and g.office.match(number[len(prefix):]):
            code = g.prefixes[prefix]
            if code.endswith("0000") or counts.get(code):
                return code
    return None
