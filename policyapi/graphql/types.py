"""GraphQL object types over the msgspec models.

Resolvers receive the msgspec Struct itself as `self` (Strawberry's default resolver reads
attributes), so there is no second copy of the model: these classes only say which fields
are exposed and how relations are loaded. Relations go through the request's DataLoaders.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from policyapi import bodies, metrics, models
from policyapi.graphql.loaders import Context
from policyapi.graphql.pagination import Connection, paginate

Info_ = Info[Context, None]


@strawberry.enum(description="What a document is.")
class DocumentKind(str, Enum):
    POLICY = "policy"
    PLAN = "plan"
    NEWS = "news"
    ANALYSIS = "analysis"


@strawberry.enum(description="A target set for the future, an indicator observed, or money put up (a fund, a "
                             "subsidy, a cap per project).")
class FigureKind(str, Enum):
    TARGET = "target"
    OBSERVED = "observed"
    FUNDING = "funding"


@strawberry.enum(description="How a list of responsible units tells its leads.")
class LeadRule(str, Enum):
    FIRST = "first"  # the first unit listed
    LABELLED = "labelled"  # the units after 牵头单位 / "Lead units"
    MARKED = "marked"  # the units marked ☆ or ★
    BEFORE_FIRST_COMMA = "before_first_comma"  # every unit before the list's first "，"


@strawberry.enum(description="Which build stage could not understand something.")
class BuildStage(str, Enum):
    READ = "read"
    OUTLINE = "outline"
    UNITS = "units"
    HEADER = "header"
    FIGURES = "figures"
    PLACES = "places"


@strawberry.enum(description="How the value relates to the quantity: exactly, more than, about...")
class Comparator(str, Enum):
    EQ = "="
    GT = ">"
    GTE = ">="
    LT = "<"
    LTE = "<="
    APPROX = "~"


@strawberry.enum
class UnitKind(str, Enum):
    GOVERNMENT_DEPARTMENT = "government_department"
    PARTY_ORGAN = "party_organ"
    MUNICIPAL_GOVERNMENT = "municipal_government"
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise"
    FINANCIAL_INSTITUTION = "financial_institution"
    COLLECTIVE = "collective"


# The glossaries' keys, declared once in their data files (policyapi/data/bodies.toml, metrics.toml).
BodyType = strawberry.enum(Enum("BodyType", {key.upper(): key for key in bodies.body_types()}, type=str),
                           description="What standard body of government or Party a unit is (the unit glossary, "
                                       "policyapi/data/bodies.toml); OTHER for any other body.")
MetricKey = strawberry.enum(Enum("MetricKey", {m.key.upper(): m.key for m in metrics.metrics()}, type=str),
                            description="The quantity a figure measures (the metric vocabulary, "
                                        "policyapi/data/metrics.toml); OTHER when it is none of them.")


@strawberry.type(name="Metric", description="A quantity of the metric vocabulary, with its normal unit.")
class Metric:
    key: MetricKey
    label_en: str
    label_zh: str
    unit: str = strawberry.field(description="Its normal unit: figures' normalValue is in it.")


@strawberry.enum
class UnitLevel(str, Enum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    COUNTY = "county"


def _struct_type(model: type[models.Model]):
    """Make a Strawberry type recognise the msgspec Struct it is resolved from."""

    def is_type_of(cls, obj: Any, info: Any) -> bool:
        return isinstance(obj, model)

    return classmethod(is_type_of)


def _node(model: type[models.Model], relation: str, id_attr: str = "id"):
    """resolve_id / resolve_nodes for a Relay node backed by `Store.many(relation)`."""

    def resolve_id(cls, root: Any, *, info: Any) -> str:
        return getattr(root, id_attr)

    def resolve_nodes(cls, *, info: Info_, node_ids, required: bool = False):
        return info.context.store.many(relation, list(node_ids))

    return classmethod(resolve_id), classmethod(resolve_nodes), _struct_type(model)


@strawberry.type(name="SourceSpan", description="Where a fact comes from: document.text[start:end] == quote.")
class SourceSpan:
    is_type_of = _struct_type(models.SourceSpan)
    document_id: strawberry.ID
    start: int
    end: int
    quote: str

    @strawberry.field
    async def document(self, info: Info_) -> Document:
        return await info.context.load("document", self.document_id)


@strawberry.type(name="Province")
class Province(relay.Node):
    resolve_id, resolve_nodes, is_type_of = _node(models.Province, "place", "code")
    code: str = strawberry.field(description="GB/T 2260 code, e.g. 420000")
    name: str
    name_zh: str
    slug: str

    @strawberry.field
    async def capital(self, info: Info_) -> City | None:
        return await info.context.load("place", self.capital_code) if self.capital_code else None

    @strawberry.field
    async def cities(self, info: Info_) -> list[City]:
        return await info.context.load("cities_of_province", self.code)

    @strawberry.field
    def documents(self, info: Info_, first: int | None = None, after: str | None = None) -> Connection[Document]:
        return paginate(info.context.store.documents(place=self.code), first, after)

    @strawberry.field(description="Measures of this province's jurisdiction or naming one of its places.")
    def measures(self, info: Info_, first: int | None = None, after: str | None = None) -> Connection[Measure]:
        return paginate(info.context.store.measures(province=self.code), first, after)

    @strawberry.field
    def units(self, info: Info_, first: int | None = None, after: str | None = None) -> Connection[Unit]:
        return paginate(info.context.store.units(place=self.code), first, after)

    @strawberry.field
    def figures(self, info: Info_, first: int | None = None, after: str | None = None) -> Connection[Figure]:
        return paginate(info.context.store.figures(place=self.code), first, after)


@strawberry.type(name="City")
class City(relay.Node):
    resolve_id, resolve_nodes, is_type_of = _node(models.City, "place", "code")
    code: str = strawberry.field(description="GB/T 2260 code, e.g. 420100")
    name: str
    name_zh: str
    slug: str
    is_capital: bool

    @strawberry.field
    async def province(self, info: Info_) -> Province:
        return await info.context.load("place", self.province_code)

    @strawberry.field(description="Measures of this city's jurisdiction or naming it.")
    def measures(self, info: Info_, first: int | None = None, after: str | None = None) -> Connection[Measure]:
        return paginate(info.context.store.measures(city=self.code), first, after)

    @strawberry.field(description="Its districts, counties and county-level cities.")
    async def counties(self, info: Info_) -> list[County]:
        return await info.context.load("counties_of_city", self.code)

    @strawberry.field
    def figures(self, info: Info_, first: int | None = None, after: str | None = None) -> Connection[Figure]:
        return paginate(info.context.store.figures(place=self.code), first, after)


@strawberry.type(name="County", description="A county-level place: a district, a county or a county-level city.")
class County(relay.Node):
    resolve_id, resolve_nodes, is_type_of = _node(models.County, "place", "code")
    code: str = strawberry.field(description="GB/T 2260 code, e.g. 330782")
    name: str
    name_zh: str
    slug: str

    @strawberry.field(description="The prefecture-level city above it (none when the province administers it).")
    async def city(self, info: Info_) -> City | None:
        return await info.context.load("place", self.city_code) if self.city_code else None

    @strawberry.field
    async def province(self, info: Info_) -> Province:
        return await info.context.load("place", self.province_code)

    @strawberry.field(description="Measures of this place's jurisdiction or naming it.")
    def measures(self, info: Info_, first: int | None = None, after: str | None = None) -> Connection[Measure]:
        return paginate(info.context.store.measures(place=self.code), first, after)


Place = Annotated[Province | City | County, strawberry.union("Place", description="A province, a city or a county.")]


@strawberry.type(name="Document")
class Document(relay.Node):
    resolve_id, resolve_nodes, is_type_of = _node(models.Document, "document")
    slug: str = strawberry.field(resolver=lambda root: root.id, description="Stable id of the document.")
    title: str = strawberry.field(description="As written at the top; for a notice, the notice's own title.")
    plan_title: str | None = strawberry.field(description="The document a notice wraps: 关于印发《X》的通知 -> X.")
    issuer: str | None = strawberry.field(description="The issuing bodies as written (each is also in `issuers`).")
    number: str | None = strawberry.field(description='Document number, e.g. "Ezhengbanfa [2025] No. 34".')
    published: dt.date | None
    date_written: str | None = strawberry.field(description='The date as the text writes it, e.g. "2026年4月16日".')
    kind: DocumentKind
    language: str
    publisher: str | None
    source_file: str
    content_hash: str
    text: str

    @strawberry.field
    async def jurisdiction(self, info: Info_) -> Place | None:
        return await info.context.load("place", self.jurisdiction_code) if self.jurisdiction_code else None

    @strawberry.field(description="The bodies that issued it (joint issuers are several), as units.")
    async def issuers(self, info: Info_) -> list[Unit]:
        rows = await info.context.load("issuers_of_document", self.id)
        return [await info.context.load("unit", r.unit_id) for r in rows]

    @strawberry.field(description="The top level of the outline.")
    async def chapters(self, info: Info_) -> list[Section]:
        return await info.context.load("chapters_of_document", self.id)

    @strawberry.field(description="The whole outline in document order; each section knows its parent.")
    async def outline(self, info: Info_) -> list[Section]:
        return await info.context.load("sections_of_document", self.id)

    @strawberry.field
    def measures(self, info: Info_, first: int | None = None, after: str | None = None) -> Connection[Measure]:
        return paginate(info.context.store.measures(document=self.id), first, after)

    @strawberry.field
    def figures(self, info: Info_, first: int | None = None, after: str | None = None) -> Connection[Figure]:
        return paginate(info.context.store.figures(document=self.id), first, after)


@strawberry.enum(description="What the compiler made of an outline section.")
class SectionRole(str, Enum):
    CHAPTER = "chapter"
    GROUP = "group"
    MEASURE = "measure"
    OTHER = "other"


@strawberry.type(name="Section", description="A numbered part of a document's outline (第一章, 一、, （一）, 1., （1）, ①, "
                                             "or a labelled item); the outline is a tree.")
class Section:
    is_type_of = _struct_type(models.Section)
    id: strawberry.ID
    ordinal: int = strawberry.field(description="Position in the document's outline, from 1.")
    depth: int = strawberry.field(description="1 for the top level (chapters), 2 below it, ...")
    style: str = strawberry.field(description='Numbering style: "chapter" (第一章), "cn" (一、), "cn_paren" (（一）), '
                                              '"arabic_dot" (1.), "arabic_paren" ((1)), "circled" (①), "label", ...')
    marker: str = strawberry.field(description='The numbering as written, e.g. "（三）"; empty for a labelled item.')
    number: int
    title: str
    role: SectionRole
    end: int = strawberry.field(description="Where the section's text ends in the document, sub-sections included "
                                            "(it starts at source.start).")
    source: SourceSpan = strawberry.field(resolver=lambda root: root.span, description="Its heading: numbering "
                                                                                          "and title.")

    @strawberry.field
    async def document(self, info: Info_) -> Document:
        return await info.context.load("document", self.document_id)

    @strawberry.field
    async def parent(self, info: Info_) -> Section | None:
        return await info.context.load("section", self.parent_id) if self.parent_id else None

    @strawberry.field
    async def children(self, info: Info_) -> list[Section]:
        return await info.context.load("children_of_section", self.id)

    @strawberry.field(description="The measures inside this section (itself, if it is one).")
    async def measures(self, info: Info_) -> list[Measure]:
        return await info.context.load("measures_of_section", self.id)


@strawberry.type(name="Measure")
class Measure(relay.Node):
    resolve_id, resolve_nodes, is_type_of = _node(models.Measure, "measure")
    slug: str = strawberry.field(resolver=lambda root: root.id, description="Stable id: document id and number.")
    ordinal: int
    number: int
    title: str
    text: str
    source: SourceSpan = strawberry.field(resolver=lambda root: root.span)

    @strawberry.field
    async def document(self, info: Info_) -> Document:
        return await info.context.load("document", self.document_id)

    @strawberry.field(description="The outline section this measure is.")
    async def section(self, info: Info_) -> Section | None:
        return await info.context.load("section", self.section_id) if self.section_id else None

    @strawberry.field(description="The top-level section the measure lies in.")
    async def chapter(self, info: Info_) -> Section | None:
        return await info.context.load("section", self.chapter_id) if self.chapter_id else None

    @strawberry.field(description="The section between its chapter and the measure, when there is one.")
    async def group(self, info: Info_) -> Section | None:
        return await info.context.load("section", self.group_id) if self.group_id else None

    @strawberry.field
    async def jurisdiction(self, info: Info_) -> Place | None:
        return await info.context.load("place", self.jurisdiction_code) if self.jurisdiction_code else None

    @strawberry.field(description="Responsible units, list by list, in the order listed; `isLead` marks the leads.")
    async def responsibilities(self, info: Info_) -> list[Responsibility]:
        return await info.context.load("responsibilities_of_measure", self.id)

    @strawberry.field(description="Its lists of responsible units, each with the text it covers.")
    async def responsibility_lists(self, info: Info_) -> list[ResponsibilityList]:
        return await info.context.load("lists_of_measure", self.id)

    @strawberry.field(description="The first lead unit (see `leadUnits` for all of them).")
    async def lead_unit(self, info: Info_) -> Unit | None:
        rows = await info.context.load("responsibilities_of_measure", self.id)
        lead = next((r for r in rows if r.is_lead), None)
        return await info.context.load("unit", lead.unit_id) if lead else None

    @strawberry.field(description="Every lead unit, once each, in the order listed.")
    async def lead_units(self, info: Info_) -> list[Unit]:
        rows = await info.context.load("responsibilities_of_measure", self.id)
        ids = dict.fromkeys(r.unit_id for r in rows if r.is_lead)
        return [await info.context.load("unit", unit_id) for unit_id in ids]

    @strawberry.field
    async def scenarios(self, info: Info_) -> list[Scenario]:
        return await info.context.load("scenarios_of_measure", self.id)

    @strawberry.field
    async def figures(self, info: Info_) -> list[Figure]:
        return await info.context.load("figures_of_measure", self.id)

    @strawberry.field(description="Provinces and cities the measure names.")
    async def places(self, info: Info_) -> list[Place]:
        return [await info.context.load("place", code) for code in self.place_codes]


@strawberry.type(name="Unit")
class Unit(relay.Node):
    resolve_id, resolve_nodes, is_type_of = _node(models.Unit, "unit")
    slug: str = strawberry.field(resolver=lambda root: root.id, description="Stable id: jurisdiction and name.")
    name: str = strawberry.field(description="In English where known (as an English document writes it, else from "
                                             "the unit glossary); otherwise as its documents write it.")
    name_zh: str | None = strawberry.field(description='In Chinese: "湖北省发展和改革委员会".')
    aliases: list[str] = strawberry.field(description='Other spellings in both languages ("省发改委", "Provincial '
                                                      'DRC"); a lookup by any of them finds the unit.')
    body_type: BodyType
    kind: UnitKind
    level: UnitLevel
    measure_count: int
    lead_count: int

    @strawberry.field
    async def jurisdiction(self, info: Info_) -> Place | None:
        return await info.context.load("place", self.jurisdiction_code) if self.jurisdiction_code else None

    @strawberry.field
    def measures(self, info: Info_, first: int | None = None, after: str | None = None,
                 lead_only: bool = False) -> Connection[Measure]:
        store = info.context.store
        found = store.measures(lead_unit=self.id) if lead_only else store.measures(unit=self.id)
        return paginate(found, first, after)

    @strawberry.field
    async def responsibilities(self, info: Info_) -> list[Responsibility]:
        return await info.context.load("responsibilities_of_unit", self.id)

    @strawberry.field(description="Documents this unit issued (alone or jointly).")
    async def issued(self, info: Info_) -> list[Document]:
        rows = await info.context.load("issued_by_unit", self.id)
        return [await info.context.load("document", r.document_id) for r in rows]


@strawberry.type(name="ResponsibilityList", description="One list of responsible units in a measure, and the text "
                                                         "it covers (the sentences before it).")
class ResponsibilityList:
    is_type_of = _struct_type(models.ResponsibilityList)
    id: strawberry.ID
    position: int = strawberry.field(description="Order of the list in its measure, from 1.")
    lead_rule: LeadRule
    covers: SourceSpan
    source: SourceSpan = strawberry.field(resolver=lambda root: root.span)

    @strawberry.field
    async def responsibilities(self, info: Info_) -> list[Responsibility]:
        return await info.context.load("responsibilities_of_list", self.id)

    @strawberry.field
    async def measure(self, info: Info_) -> Measure:
        return await info.context.load("measure", self.measure_id)


@strawberry.type(name="Responsibility", description="A unit's place in one of a measure's lists of responsible units.")
class Responsibility:
    is_type_of = _struct_type(models.Responsibility)
    list_position: int = strawberry.field(description="Which of the measure's lists it is in.")
    position: int = strawberry.field(description="Order in its list, from 1.")
    is_lead: bool = strawberry.field(description="Leads the measure, by its list's lead rule.")
    source: SourceSpan = strawberry.field(resolver=lambda root: root.span)

    @strawberry.field(name="list")
    async def responsibility_list(self, info: Info_) -> ResponsibilityList:
        return await info.context.load("responsibility_list", f"{self.measure_id}:l{self.list_position}")

    @strawberry.field
    async def unit(self, info: Info_) -> Unit:
        return await info.context.load("unit", self.unit_id)

    @strawberry.field
    async def measure(self, info: Info_) -> Measure:
        return await info.context.load("measure", self.measure_id)


@strawberry.type(name="Scenario", description='An "Artificial intelligence+X" scenario inside a measure.')
class Scenario:
    is_type_of = _struct_type(models.Scenario)
    id: strawberry.ID
    position: int
    name: str
    text: str
    source: SourceSpan = strawberry.field(resolver=lambda root: root.span)

    @strawberry.field
    async def measure(self, info: Info_) -> Measure:
        return await info.context.load("measure", self.measure_id)


@strawberry.type(name="Figure", description="A target or an observed indicator, normalised.")
class Figure(relay.Node):
    resolve_id, resolve_nodes, is_type_of = _node(models.Figure, "figure")
    slug: str = strawberry.field(resolver=lambda root: root.id)
    kind: FigureKind
    metric: MetricKey = strawberry.field(description="The quantity, from the metric vocabulary: what comparisons "
                                                     "line up by.")
    label: str = strawberry.field(description='The quantity in the document\'s own words: "人工智能产业规模".')
    value: float = strawberry.field(description="As stated, multiples written out: yuan as a number (Float: beyond "
                                                "32 bits); the lower end of a range.")
    value_max: float | None = strawberry.field(description='The upper end of a range ("3-5个": value 3, valueMax 5).')
    unit: str = strawberry.field(description='Unit of measure as stated: "CNY", "PFLOPS", "%", "enterprises", ...')
    normal_value: float | None = strawberry.field(description="The value in the metric's normal unit (20 PFLOPS: "
                                                              "0.02 EFLOPS); null when it does not convert.")
    normal_value_max: float | None
    normal_unit: str | None
    comparator: Comparator
    year: int | None
    source: SourceSpan = strawberry.field(resolver=lambda root: root.span, description="Its first statement.")
    sources: list[SourceSpan] = strawberry.field(resolver=lambda root: list(root.spans),
                                                 description="Every statement of this fact in its document.")

    @strawberry.field
    async def place(self, info: Info_) -> Place | None:
        return await info.context.load("place", self.jurisdiction_code) if self.jurisdiction_code else None

    @strawberry.field
    async def measure(self, info: Info_) -> Measure | None:
        return await info.context.load("measure", self.measure_id) if self.measure_id else None

    @strawberry.field
    async def document(self, info: Info_) -> Document:
        return await info.context.load("document", self.document_id)


@strawberry.type(name="Bucket", description="How many of the set have one value of a facet.")
class Bucket:
    key: str = strawberry.field(description='A place code, kind, body type, metric key or year; "none" when unset.')
    count: int


@strawberry.type(name="Facets", description="Counts over the whole filtered set, most frequent first: measures "
                                            "by place, document kind, lead units' body types and year published; "
                                            "units by place, kind and body type; figures by place, kind, metric "
                                            "and year. A facet that does not apply is empty.")
class Facets:
    total: int
    places: list[Bucket]
    kinds: list[Bucket]
    body_types: list[Bucket]
    metrics: list[Bucket]
    years: list[Bucket]


@strawberry.type(name="ComparisonCell", description="One place and year: its figures of the metric.")
class ComparisonCell:
    year: int | None = strawberry.field(description="Null: stated without a year.")
    targets: list[Figure]
    observed: list[Figure]
    funding: list[Figure]

    @strawberry.field
    async def place(self, info: Info_) -> Place:
        return await info.context.load("place", self.place_code)


@strawberry.type(name="Comparison", description="One metric across places and years: a cell for each place and "
                                                "year with figures; compare their normalValue.")
class Comparison:
    metric: MetricKey
    unit: str = strawberry.field(description="The metric's normal unit.")
    years: list[int]
    cells: list[ComparisonCell]

    @strawberry.field
    async def places(self, info: Info_) -> list[Place]:
        return [await info.context.load("place", code) for code in self.place_codes]


@strawberry.type(name="TargetsVsObserved", description="One place's targets for a metric next to its observed "
                                                       "values, each by year.")
class TargetsVsObserved:
    metric: MetricKey
    unit: str
    targets: list[Figure]
    observed: list[Figure]

    @strawberry.field
    async def place(self, info: Info_) -> Place:
        return await info.context.load("place", self.place_code)


@strawberry.type(name="DatasetCounts")
class DatasetCounts:
    documents: int
    measures: int
    units: int
    figures: int
    places: int
    warnings: int = strawberry.field(description="Entries of the build report.")


@strawberry.type(name="BuildWarning", description="Something the compiler could not understand in a document; "
                                                   "the document still built.")
class BuildWarning:
    is_type_of = _struct_type(models.BuildWarning)
    file: str
    line: int
    stage: BuildStage
    message: str

    @strawberry.field
    async def document(self, info: Info_) -> Document | None:
        return await info.context.load("document", self.document_id) if self.document_id else None


@strawberry.type(name="Dataset", description="The compiled dataset this server answers from.")
class Dataset:
    is_type_of = _struct_type(models.Dataset)
    version: str
    compiler_version: str
    built_at: dt.datetime

    @strawberry.field
    def counts(self) -> DatasetCounts:
        return self  # type: ignore[return-value]  # the Dataset struct carries the counts

    @strawberry.field(description="The build report: what the compiler could not understand, with file and line.")
    def warnings(self, info: Info_, first: int | None = None, after: str | None = None) -> Connection[BuildWarning]:
        return paginate(info.context.store.warnings, first, after)


@strawberry.enum
class SearchHitKind(str, Enum):
    MEASURE = "measure"
    DOCUMENT = "document"


@strawberry.type(name="SearchHit")
class SearchHit:
    kind: SearchHitKind
    score: float
    snippet: str = strawberry.field(description="Text around the match, HTML-escaped, matches in <mark>.")

    @strawberry.field
    async def measure(self, info: Info_) -> Measure | None:
        return await info.context.load("measure", self.id) if self.kind == "measure" else None

    @strawberry.field
    async def document(self, info: Info_) -> Document:
        if self.kind == "document":
            return await info.context.load("document", self.id)
        measure = await info.context.load("measure", self.id)
        return await info.context.load("document", measure.document_id)
