"""Place mentions: every province, city and county a document names, and which of them are only
part of an organisation's name ("武汉大学", "Hubei Big Data Group", "中国移动某市分公司").

The gazetteer finds the names; grammar/<lang>/places.toml says what makes one part of an
organisation's name. Those mentions are kept, flagged, and not counted as places a measure is about.
"""

from __future__ import annotations

import functools
import re

import msgspec

from policyapi import gazetteer
from policyapi.build import grammar


class PlaceFound(msgspec.Struct, frozen=True):
    code: str
    start: int
    end: int
    in_organisation: bool


class _Rules(msgspec.Struct, frozen=True):
    zh_after: re.Pattern[str]
    zh_before: re.Pattern[str]
    en_after: re.Pattern[str]
    en_before: re.Pattern[str]


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


@functools.cache
def _rules() -> _Rules:
    zh = grammar.load("zh", "places")["organisation"]
    en = grammar.load("en", "places")["organisation"]
    zh_after = re.compile(rf"(?:(?!{_words(zh['not_inside'])})[\u4e00-\u9fffA-Za-z0-9]){{0,{zh['max_chars']}}}?"
                          rf"(?:{_words(zh['endings'])})")
    en_after = re.compile(rf"(?:\s+[A-Z][\w&'’-]*){{0,{en['max_words']}}}?\s+(?:{_words(en['endings'])})\b")
    return _Rules(zh_after=zh_after, zh_before=re.compile(rf"(?:{_words(zh['before'])})$"),
                  en_after=en_after, en_before=re.compile(rf"(?:{_words(en['before'])})\s+$"))


def find_places(view: str, *, within: str | None, organisations: list[tuple[int, int]] = ()) -> list[PlaceFound]:
    """Places named in `view`; `organisations` are spans known to be names of bodies (state-owned
    firms, banks found in unit lists): a place inside one is part of its name."""
    rules = _rules()
    found = []
    for hit in gazetteer.load().scan(view, within=within):
        inside = any(a <= hit.start < b for a, b in organisations)
        if not inside:
            before = view[max(0, hit.start - 12):hit.start]
            if hit.matched[0] >= "\u3000":
                inside = bool(rules.zh_after.match(view, hit.end) or rules.zh_before.search(before))
            else:
                before = view[max(0, hit.start - 30):hit.start]
                inside = bool(rules.en_after.match(view, hit.end) or rules.en_before.search(before))
        found.append(PlaceFound(code=hit.code, start=hit.start, end=hit.end, in_organisation=inside))
    return found
