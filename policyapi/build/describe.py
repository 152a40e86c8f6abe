"""Document-level facts: title, date, publisher, number, issuer, language, kind, jurisdiction.

Each is read from the text when it is there; the sidecar (seeds/README.md) overrides.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from policyapi import gazetteer
from policyapi.build.read import SourceText
from policyapi.errors import DocumentError
from policyapi.models import DocumentKind

KINDS: tuple[DocumentKind, ...] = ("policy", "plan", "news", "analysis")
_HEAD_LINES = 6  # where a web copy carries its date and publisher line

_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_DATE_PATTERNS = (
    # 27 Oct 2025 / 27 October 2025
    (re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2,8})\.? (\d{4})\b"), lambda m: (m[3], m[2], m[1])),
    # October 27, 2025
    (re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})\b"), lambda m: (m[3], m[1], m[2])),
    # 2026-02-04 / 2026/02/04
    (re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b"), lambda m: (m[1], m[2], m[3])),
    # 2025年10月27日
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"), lambda m: (m[1], m[2], m[3])),
)
_TIME = re.compile(r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*")
# "Ezhengbanfa [2025] No. 34" / "鄂政办发〔2025〕34号"
_NUMBER = re.compile(r"\b[A-Z][a-z]+(?:fa|zi|han)?\s*[\[〔【(]\d{4}[\]〕】)]\s*No\.\s*\d+\b|"
                     r"[\u4e00-\u9fff]{2,8}[〔\[【]\d{4}[〕\]】]\d+号")
_ISSUER = re.compile(r"\b(General Office of the People's Government of [A-Z][a-z]+(?: Province| City|"
                     r" Municipality|(?: [A-Z][a-z]+)? Autonomous Region)?|People's Government of [A-Z][a-z]+ "
                     r"(?:Province|City|Municipality))\b")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_MAX_TITLE = 200


def title(source: SourceText) -> str:
    if source.metadata.title:
        return source.metadata.title
    first = next(line.strip() for line in source.text.split("\n") if line.strip())
    if len(first) <= _MAX_TITLE:
        return first
    sentence = re.split(r"(?<=[.。!?])\s", first, maxsplit=1)[0]
    return sentence if len(sentence) <= _MAX_TITLE else sentence[: _MAX_TITLE - 1].rstrip() + "…"


def _head(source: SourceText) -> list[str]:
    return [line for line in source.text.split("\n")[: _HEAD_LINES * 2] if line.strip()][:_HEAD_LINES]


def _parse_date(text: str) -> tuple[dt.date, re.Match] | None:
    for pattern, parts in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            year, month, day = parts(match)
            month_number = int(month) if month.isdigit() else _MONTHS.get(month[:3].lower())
            try:
                return dt.date(int(year), month_number or 0, int(day)), match
            except (ValueError, TypeError):
                continue
    return None


def published(source: SourceText) -> dt.date | None:
    if source.metadata.published:
        try:
            return dt.date.fromisoformat(source.metadata.published)
        except ValueError:
            raise DocumentError(source.path.with_suffix(".meta.toml"), 1,
                                f"published {source.metadata.published!r} is not an ISO date") from None
    for line in _head(source):
        if found := _parse_date(line):
            return found[0]
    return None


def publisher(source: SourceText) -> str | None:
    """The short line that carries the date is the publisher's byline."""
    if source.metadata.publisher:
        return source.metadata.publisher
    for line in _head(source)[1:]:
        found = _parse_date(line)
        if found and len(line) < 120:
            name = _TIME.sub(" ", line.replace(found[1].group(), " "))
            name = re.sub(r"\s{2,}", " ", name).strip(" ·|-—,:")
            return name or None
    return None


def number(source: SourceText) -> str | None:
    if source.metadata.number:
        return source.metadata.number
    match = _NUMBER.search(source.text)
    return match.group() if match else None


def issuer(source: SourceText) -> str | None:
    if source.metadata.issuer:
        return source.metadata.issuer
    match = _ISSUER.search(source.text)
    return match.group(1) if match else None


def language(source: SourceText) -> str:
    if source.metadata.language:
        return source.metadata.language
    cjk, latin = len(_CJK.findall(source.text)), len(_LATIN.findall(source.text))
    # A Chinese character carries about as much as a short English word.
    return "zh" if cjk * 4 > latin else "en"


def kind(source: SourceText, has_measures: bool) -> DocumentKind:
    declared = source.metadata.kind
    if declared:
        if declared not in KINDS:
            raise DocumentError(source.path.with_suffix(".meta.toml"), 1,
                                f"kind {declared!r} is not one of {', '.join(KINDS)}")
        return declared  # type: ignore[return-value]
    return "policy" if has_measures else "news"


def jurisdiction(source: SourceText, doc_title: str) -> str | None:
    places = gazetteer.load()
    declared = source.metadata.jurisdiction
    if declared:
        place = places.get(declared) or places.lookup(declared)
        if place is None:
            raise DocumentError(source.path.with_suffix(".meta.toml"), 1,
                                f"jurisdiction {declared!r} is not a province or city in the gazetteer")
        return place.code
    in_title = places.scan(doc_title)
    if in_title:
        return in_title[0].code
    counts = Counter(hit.code for hit in places.scan(source.text))
    if not counts:
        return None
    # Most named place; on a tie the city (more specific), then the lower code (stable).
    return min(counts, key=lambda code: (-counts[code], code.endswith("0000"), code))
