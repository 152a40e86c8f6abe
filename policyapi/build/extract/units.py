"""Describe one responsible-unit name: its kind, its level and the place it belongs to.

Classification reads the words of the name itself (a department is a department in any
province); the place comes from the gazetteer, else from the document's jurisdiction.
"""

from __future__ import annotations

import re

import msgspec

from policyapi import gazetteer
from policyapi.models import UnitKind, UnitLevel

# Checked in order: the first rule whose pattern matches the name decides the kind.
_KIND_RULES: tuple[tuple[UnitKind, re.Pattern[str]], ...] = (
    # "People's Governments of various cities and prefectures", "relevant provincial departments"
    ("collective", re.compile(r"\b(various|relevant|all)\b|\bgovernments\b|\bdepartments\b|各[市州县区]|相关部门|有关部门", re.I)),
    ("party_organ", re.compile(r"\bParty Committee\b|\bCPC\b|党委|省委|市委", re.I)),
    ("financial_institution", re.compile(r"\b(Bank|Securities|Insurance|Trust|Fund Management)\b|银行|证券|保险", re.I)),
    ("state_owned_enterprise", re.compile(r"\b(Group|Corporation|Company|Co\.|Holdings)\b|集团|公司", re.I)),
    ("municipal_government", re.compile(r"\b(Municipal|City|County|Prefecture)\b.*\bPeople's Government\b|"
                                        r"\bPeople's Government of .*\b(City|Municipality|County)\b|[市县区]人民政府", re.I)),
)
_LEVEL_RULES: tuple[tuple[UnitLevel, re.Pattern[str]], ...] = (
    ("municipal", re.compile(r"\b(cities|prefectures|municipal|city)\b|[市州]", re.I)),
    ("county", re.compile(r"\b(county|counties|district)\b|县", re.I)),
    ("provincial", re.compile(r"\bprovinc(e|ial)\b|省", re.I)),
    ("national", re.compile(r"\b(national|of China|State Council)\b|国家|国务院", re.I)),
)


class UnitProfile(msgspec.Struct, frozen=True):
    kind: UnitKind
    level: UnitLevel
    jurisdiction_code: str | None


def classify(name: str) -> UnitKind:
    for kind, pattern in _KIND_RULES:
        if pattern.search(name):
            return kind
    return "government_department"


def profile(name: str, document_jurisdiction: str | None) -> UnitProfile:
    """Kind, level and jurisdiction of a unit named in a document about `document_jurisdiction`."""
    places = gazetteer.load()
    home_province = places.province_of(document_jurisdiction) if document_jurisdiction else None
    hits = places.scan(name, within=home_province.code if home_province else None)
    named = places.get(hits[0].code) if hits else None
    kind = classify(name)
    if named is not None and kind != "collective":  # "Hubei Big Data Group", "Wuhan Municipal ..."
        return UnitProfile(kind=kind, level="provincial" if named.code.endswith("0000") else "municipal",
                           jurisdiction_code=named.code)
    level = next((level for level, pattern in _LEVEL_RULES if pattern.search(name)), None)
    if level is None:  # no cue in the name: the document's own level
        level = "provincial" if not document_jurisdiction or document_jurisdiction.endswith("0000") else "municipal"
    if level == "provincial":  # a collective below it ("all districts") is the document's own
        jurisdiction = home_province.code if home_province else document_jurisdiction
    else:
        jurisdiction = document_jurisdiction
    return UnitProfile(kind=kind, level=level, jurisdiction_code=jurisdiction)
