"""Describe one responsible-unit name: its kind, its level and the place it belongs to.

Classification reads the words of the name itself (a department is a department in any
province), with the rules of grammar/<lang>/units.toml; the place comes from the gazetteer,
else from the document's jurisdiction ("科技厅" in a provincial document is that province's).
"""

from __future__ import annotations

import functools
import re

import msgspec

from policyapi import gazetteer
from policyapi.build import grammar
from policyapi.models import UnitKind, UnitLevel

_CJK = re.compile(r"[\u3400-\u9fff]")
_KINDS: tuple[UnitKind, ...] = ("collective", "party_organ", "financial_institution", "state_owned_enterprise",
                                "municipal_government")
_LEVELS: tuple[UnitLevel, ...] = ("provincial", "municipal", "county", "national")


class UnitProfile(msgspec.Struct, frozen=True):
    kind: UnitKind
    level: UnitLevel
    jurisdiction_code: str | None


class _Rules(msgspec.Struct, frozen=True):
    kinds: tuple[tuple[UnitKind, re.Pattern[str]], ...]  # first match wins
    levels: tuple[tuple[UnitLevel, re.Pattern[str]], ...]
    collective_levels: tuple[tuple[UnitLevel, re.Pattern[str]], ...]


def _alternatives(patterns: list[str], flags: int) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags) if patterns else None


@functools.cache
def _rules(language: str) -> _Rules:
    g = grammar.load(language, "units")
    flags = re.IGNORECASE if language == "en" else 0
    kinds = tuple((k, p) for k in _KINDS if (p := _alternatives(g["kinds"].get(k, []), flags)))
    levels = tuple((lv, p) for lv in g["levels"] if lv in _LEVELS and (p := _alternatives(g["levels"][lv], flags)))
    collective = tuple((lv, p) for key, lv in (("collective_municipal", "municipal"), ("collective_county", "county"))
                       if (p := _alternatives(g["levels"].get(key, []), flags)))
    return _Rules(kinds=kinds, levels=levels, collective_levels=collective)


def language_of(name: str) -> str:
    return "zh" if _CJK.search(name) else "en"


def classify(name: str) -> UnitKind:
    for kind, pattern in _rules(language_of(name)).kinds:
        if pattern.search(name):
            return kind
    return "government_department"


def profile(name: str, document_jurisdiction: str | None) -> UnitProfile:
    """Kind, level and jurisdiction of a unit named `name` (analysis view) in a document about
    `document_jurisdiction`."""
    places = gazetteer.load()
    rules = _rules(language_of(name))
    home = _home(document_jurisdiction)
    hits = places.scan(name, within=document_jurisdiction or (home.code if home else None))
    kind = classify(name)
    if hits and kind != "collective":  # "Hubei Big Data Group", "武汉市人民政府", "某市分公司"
        code = hits[0].code
        return UnitProfile(kind=kind, level=_level_of_code(code), jurisdiction_code=code)
    level = None
    if kind == "collective":
        level = next((lv for lv, p in rules.collective_levels if p.search(name)), None)
    level = level or next((lv for lv, p in rules.levels if p.search(name)), None)
    own = _level_of_code(document_jurisdiction) if document_jurisdiction else None
    if level is None:  # no cue in the name: the document's own level
        level = own or "provincial"
    if level == "provincial":  # a provincial body of a city's document is its province's
        jurisdiction = home.code if home else document_jurisdiction
    elif level == "municipal" and own == "county":
        county = places.get(document_jurisdiction)
        if county is not None and county.name_zh.endswith("市"):  # a county-level city calls itself 市
            level, jurisdiction = "county", document_jurisdiction
        else:  # a district's or county's document: "市…局" is the city's above it
            jurisdiction = places.parent_code(document_jurisdiction)
    else:
        jurisdiction = document_jurisdiction
    return UnitProfile(kind=kind, level=level, jurisdiction_code=jurisdiction)


def _home(code: str | None):
    return gazetteer.load().province_of(code) if code else None


def _level_of_code(code: str) -> UnitLevel:
    if code.endswith("0000"):
        return "provincial"
    return "municipal" if code.endswith("00") else "county"
