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
# A target set for the future, an indicator observed, or money put up (a fund, a subsidy, a cap per project).
FigureKind = Literal["target", "observed", "funding"]
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
# Which build stage could not understand something (BuildWarning.stage).
BuildStage = Literal["read", "outline", "units", "header", "figures", "places"]


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


class County(Model, kw_only=True):
    """A county-level division: a district, a county or a county-level city (GB/T 2260)."""

    code: str  # e.g. "330782" (Yiwu)
    name: str
    name_zh: str  # e.g. "义乌市"
    slug: str
    city_code: str | None = None  # the prefecture-level city above it (None when the province administers it)
    province_code: str


class Document(Model, kw_only=True):
    id: str  # stable slug
    title: str  # as written at the top; for a notice, the notice's own title
    plan_title: str | None = None  # the document a notice wraps: "关于印发《X》的通知" -> "X"
    issuer: str | None = None  # the issuing bodies as written, joined by "; " (each is also a unit: Issuer)
    number: str | None = None  # e.g. "Ezhengbanfa [2025] No. 34"
    published: dt.date | None = None
    date_written: str | None = None  # the date as the text writes it: "2026年4月16日", "二〇二六年四月十六日"
    kind: DocumentKind
    language: str  # BCP 47, "en" or "zh"
    publisher: str | None = None
    jurisdiction_code: str | None = None  # a Province, City or County code
    source_file: str  # the original file's name (a sidecar's `source`, else the file in the seeds folder)
    source_format: str = "txt"  # what it was read from: "txt", "html", "pdf", "docx"
    source_hash: str = ""  # sha256 of the original file's bytes
    content_hash: str  # sha256 of the cleaned text
    text: str


class Section(Model, kw_only=True):
    """A numbered part of a document's outline: 第一章, 一、, （一）, 1., （1）, ① or a labelled item ("建设算力平台：").

    The outline is a tree (parent_id); depth 1 is the top level. A chapter is a section of depth 1."""

    id: str  # "<document id>:s<ordinal>"
    document_id: str
    parent_id: str | None = None
    ordinal: int  # position in the document's outline, from 1
    depth: int
    style: str  # numbering style: "chapter", "cn", "cn_paren", "arabic_dot", "arabic_paren", "circled", "label", ...
    marker: str  # the numbering as written: "（三）", "3.", "第二章"; "" for a labelled item
    number: int  # the number the marker says (for a labelled item, its position among its siblings)
    title: str
    role: Literal["chapter", "group", "measure", "other"]  # what the compiler made of it
    end: int  # where the section's text ends in the document, sub-sections included
    span: SourceSpan  # its heading: numbering and title, "（三）建设智算中心"


class Measure(Model, kw_only=True):
    id: str
    document_id: str
    ordinal: int  # position in the document, from 1
    number: int  # the number printed in the text, "(N)"; numbering may restart in every chapter
    title: str
    section_id: str | None = None  # the outline section this measure is
    chapter_id: str | None = None  # the top-level section it lies in (a Section id)
    group_id: str | None = None  # the section between chapter and measure, if any
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
    """A responsible unit, scoped to one jurisdiction.

    A standard body of government or Party (policyapi/data/bodies.toml) has names in both languages,
    whichever language its documents were in; any other body keeps the name its documents give it."""

    id: str
    name: str  # English where known: as an English document writes it, else from the glossary
    name_zh: str | None = None  # Chinese: "湖北省发展和改革委员会"
    aliases: tuple[str, ...] = ()  # other spellings, both languages ("省发改委", "Provincial DRC"); lookups use them
    body_type: str = "other"  # a key of policyapi/data/bodies.toml ("development_reform", "data"), else "other"
    kind: UnitKind
    level: UnitLevel
    jurisdiction_code: str | None = None
    measure_count: int = 0
    lead_count: int = 0


class ResponsibilityList(Model, kw_only=True):
    """One "（责任单位：…）" list of a measure, and the text it covers (the sentences before it)."""

    id: str  # "<measure id>:l<position>"
    measure_id: str
    position: int  # 1-based order of the list in its measure
    # How its leads were told: the first listed, a 牵头单位 label, a ☆ mark, every unit before the first "，".
    lead_rule: Literal["first", "labelled", "marked", "before_first_comma"]
    covers: SourceSpan
    span: SourceSpan  # the list itself


class Responsibility(Model, kw_only=True):
    measure_id: str
    unit_id: str
    list_position: int = 1  # which of the measure's lists (ResponsibilityList.position)
    position: int  # 1-based order in its list
    is_lead: bool  # by the list's lead rule: first listed, 牵头单位, a ☆ mark, before the first "，"
    span: SourceSpan


class Issuer(Model, kw_only=True):
    """A body that issued a document (joint issuers are several), as a unit."""

    document_id: str
    unit_id: str
    position: int
    span: SourceSpan


class Figure(Model, kw_only=True):
    """One fact: a quantity, its value and year. Stated several times in a document, it is still one
    figure, with a span for each statement."""

    id: str
    document_id: str
    measure_id: str | None = None  # where it is first stated
    kind: FigureKind
    metric: str  # a key of policyapi/data/metrics.toml ("ai_industry_scale", "computing_power"), else "other"
    label: str  # the quantity in the document's own words: "人工智能产业规模", "industrial scale"
    value: float  # as the document states it, multiples written out: "350亿元" is 35000000000.0 CNY
    unit: str  # unit of measure: "CNY", "GW", "%", "enterprises", ...
    value_max: float | None = None  # the upper end of a range ("3-5个": value 3, value_max 5)
    # The value in the metric's normal unit (20 PFLOPS -> 0.02 EFLOPS), what comparisons use; None when
    # the metric is "other" or the unit does not convert (a USD amount for a yuan metric).
    normal_value: float | None = None
    normal_value_max: float | None = None
    normal_unit: str | None = None
    comparator: Comparator = "="
    year: int | None = None
    jurisdiction_code: str | None = None
    span: SourceSpan  # the first statement
    spans: tuple[SourceSpan, ...] = ()  # every statement of it, the first included, in document order


class PlaceMention(Model, kw_only=True):
    document_id: str
    measure_id: str | None = None
    place_code: str
    # Part of an organisation's name (a university, a group company, a telecom branch): not a place
    # the text is about, so measures do not list it among their places.
    in_organisation: bool = False
    span: SourceSpan


class Bucket(Model, kw_only=True):
    """How many of a filtered set have one value of a facet."""

    key: str  # a place code, a kind, a body type, a metric key or a year ("none" when it has none)
    count: int


class Facets(Model, kw_only=True):
    """Counts over a whole filtered set, by the values dashboards group by; most frequent first.

    Each facet counts what its records have: a measure by its places (jurisdiction and places named)
    and the body types of its lead units, a unit by its jurisdiction, kind and body type, a figure
    by its place, kind, metric and year. A facet that does not apply is empty."""

    total: int
    places: tuple[Bucket, ...] = ()
    kinds: tuple[Bucket, ...] = ()
    body_types: tuple[Bucket, ...] = ()
    metrics: tuple[Bucket, ...] = ()
    years: tuple[Bucket, ...] = ()


class ComparisonCell(Model, kw_only=True):
    """The figures of one metric for one place and year, targets and observed values apart."""

    place_code: str
    year: int | None  # None: stated without a year
    targets: tuple[Figure, ...] = ()
    observed: tuple[Figure, ...] = ()
    funding: tuple[Figure, ...] = ()


class Comparison(Model, kw_only=True):
    """One metric across places and years: a cell for each place and year that has a figure."""

    metric: str  # the metric's key
    unit: str  # the metric's normal unit: every figure's `normal_value` is in it
    place_codes: tuple[str, ...]  # the rows, as asked
    years: tuple[int, ...]  # the columns: as asked, or every year a figure has
    cells: tuple[ComparisonCell, ...] = ()  # place by place (in the order asked), year by year; undated last


class TargetsVsObserved(Model, kw_only=True):
    """One place's targets for a metric next to the values observed, each by year."""

    metric: str
    unit: str
    place_code: str
    targets: tuple[Figure, ...] = ()
    observed: tuple[Figure, ...] = ()


class BuildWarning(Model, kw_only=True):
    """Something the compiler could not understand in a document; the document still built."""

    document_id: str | None = None
    file: str
    line: int
    stage: BuildStage
    message: str


class Dataset(Model, kw_only=True):
    version: str  # hash of the inputs and the compiler version
    compiler_version: str
    built_at: dt.datetime
    documents: int
    measures: int
    units: int
    figures: int
    places: int
    warnings: int = 0
