"""Every record policyapi produces, as msgspec Structs on one base.

The same types are written by the compiler, loaded by the store, returned by the
library, encoded by REST and wrapped by GraphQL: there is no second copy of the model.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec


class Model(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """Base of every record: immutable (the data is fixed per build). Subclasses are keyword-only.

    `gc=False`: records hold only strings, numbers and other records, never cycles, so the
    garbage collector need not track them; a store of hundreds of thousands of records would
    otherwise make every full collection scan them all (~230 ms at scale 1000)."""


DocumentKind = Literal["policy", "plan", "news", "analysis"]
FigureKind = Literal["target", "observed"]
Comparator = Literal["=", ">", ">=", "<", "<=", "~"]
UnitKind = Literal[
    "government_department",
    "party_organ",
    "municipal_government",
    "state_owned_enterprise",
    "financial_institution",
    "collective",
]
UnitLevel = Literal["national", "provincial", "municipal", "county"]


class SourceSpan(Model, kw_only=True):
    """Where a fact comes from: ``document.text[start:end] == quote``."""

    document_id: str
    start: int
    end: int
    quote: str


class Province(Model, kw_only=True):
    code: str  # GB/T 2260, e.g. "420000"
    name: str  # English, e.g. "Hubei"
    name_zh: str  # e.g. "湖北省"
    slug: str
    capital_code: str | None = None


class City(Model, kw_only=True):
    code: str  # GB/T 2260, e.g. "420100"
    name: str
    name_zh: str
    slug: str
    province_code: str
    is_capital: bool = False


class Document(Model, kw_only=True):
    id: str  # stable slug
    title: str
    issuer: str | None = None
    number: str | None = None  # e.g. "Ezhengbanfa [2025] No. 34"
    published: dt.date | None = None
    kind: DocumentKind
    language: str  # BCP 47, "en" or "zh"
    publisher: str | None = None
    jurisdiction_code: str | None = None  # a Province or City code
    source_file: str
    content_hash: str  # sha256 of the cleaned text
    text: str


class Chapter(Model, kw_only=True):
    id: str
    document_id: str
    number: int
    title: str
    span: SourceSpan


class Measure(Model, kw_only=True):
    id: str
    document_id: str
    ordinal: int  # position in the document, from 1
    number: int  # the number printed in the text, "(N)"
    title: str
    chapter_id: str | None = None
    text: str
    jurisdiction_code: str | None = None
    place_codes: tuple[str, ...] = ()
    span: SourceSpan


class Scenario(Model, kw_only=True):
    """An "Artificial intelligence+X" application scenario inside a measure."""

    id: str
    measure_id: str
    position: int
    name: str  # the X, e.g. "transportation"
    text: str
    span: SourceSpan


class Unit(Model, kw_only=True):
    """A responsible unit, scoped to one jurisdiction."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: UnitKind
    level: UnitLevel
    jurisdiction_code: str | None = None
    measure_count: int = 0
    lead_count: int = 0


class Responsibility(Model, kw_only=True):
    measure_id: str
    unit_id: str
    position: int  # 1-based order in the "(Responsible units: ...)" list
    is_lead: bool
    span: SourceSpan


class Figure(Model, kw_only=True):
    id: str
    document_id: str
    measure_id: str | None = None
    kind: FigureKind
    metric: str
    value: float
    unit: str  # unit of measure: "CNY", "GW", "%", "enterprises", ...
    comparator: Comparator = "="
    year: int | None = None
    jurisdiction_code: str | None = None
    span: SourceSpan


class PlaceMention(Model, kw_only=True):
    document_id: str
    measure_id: str | None = None
    place_code: str
    span: SourceSpan


class Dataset(Model, kw_only=True):
    version: str  # hash of the inputs and the compiler version
    compiler_version: str
    built_at: dt.datetime
    documents: int
    measures: int
    units: int
    figures: int
    places: int
