"""The root Query, composed from small per-area classes, and the Strawberry schema."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from policyapi import models
from policyapi.errors import NotFound, PolicyAPIError, QueryError
from policyapi.graphql.limits import Limits, extensions as limit_extensions
from policyapi.graphql.pagination import Connection, paginate
from policyapi.paging import MAX_PAGE, at_most_a_page
from policyapi import metrics
from policyapi.graphql.types import (
    BodyType, City, Comparison, County, Dataset, Document, DocumentKind, Figure, FigureKind, Info_, Measure, Metric,
    Province, SearchHit, TargetsVsObserved, Unit, UnitKind,
)


@strawberry.enum
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input(description="Every field narrows the result; places and units take an id or a name.")
class MeasureFilter:
    province: str | None = None
    city: str | None = None
    document: str | None = None
    unit: str | None = strawberry.field(default=None, description="Unit id, name or alias: any position.")
    lead_unit: str | None = strawberry.field(default=None, description="Unit id, name or alias: listed first.")
    section: str | None = strawberry.field(default=None, description="Section id: the measures inside it.")
    q: str | None = strawberry.field(default=None, description="Words that must all appear in title or text.")


@strawberry.enum
class MeasureOrderField(Enum):
    DOCUMENT = "document"  # document, then position in it
    NUMBER = "number"
    TITLE = "title"


@strawberry.input
class MeasureOrder:
    field: MeasureOrderField = MeasureOrderField.DOCUMENT
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input
class UnitFilter:
    place: str | None = None
    kind: UnitKind | None = None
    body_type: BodyType | None = None
    q: str | None = strawberry.field(default=None, description="Part of a name or alias, in either language.")


@strawberry.enum
class UnitOrderField(Enum):
    NAME = "name"
    MEASURE_COUNT = "measure_count"
    LEAD_COUNT = "lead_count"


@strawberry.input
class UnitOrder:
    field: UnitOrderField = UnitOrderField.NAME
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input
class FigureFilter:
    place: str | None = None
    kind: FigureKind | None = None
    unit: str | None = strawberry.field(default=None, description='Unit of measure: "CNY", "GW", "%", ...')
    metric: str | None = strawberry.field(default=None, description='A metric key ("ai_industry_scale") or label in '
                                                                    'either language ("人工智能产业规模").')
    year_from: int | None = None
    year_to: int | None = None
    document: str | None = None
    measure: str | None = None


@strawberry.enum
class FigureOrderField(Enum):
    DOCUMENT = "document"
    VALUE = "value"
    YEAR = "year"


@strawberry.input
class FigureOrder:
    field: FigureOrderField = FigureOrderField.DOCUMENT
    direction: OrderDirection = OrderDirection.ASC


def _filter_args(filter_: Any) -> dict[str, Any]:
    if filter_ is None:
        return {}
    return {k: (v.value if isinstance(v, Enum) else v) for k, v in vars(filter_).items() if v is not None}


def _ordered(items: list, key: Any, direction: OrderDirection) -> list:
    return sorted(items, key=key, reverse=direction is OrderDirection.DESC) if key else (
        items[::-1] if direction is OrderDirection.DESC else items)


_MEASURE_KEYS = {MeasureOrderField.DOCUMENT: None, MeasureOrderField.NUMBER: lambda m: (m.number, m.document_id),
                 MeasureOrderField.TITLE: lambda m: m.title.casefold()}
_UNIT_KEYS = {UnitOrderField.NAME: lambda u: u.name.casefold(), UnitOrderField.MEASURE_COUNT: lambda u: u.measure_count,
              UnitOrderField.LEAD_COUNT: lambda u: u.lead_count}
_FIGURE_KEYS = {FigureOrderField.DOCUMENT: None, FigureOrderField.VALUE: lambda f: f.value,
                FigureOrderField.YEAR: lambda f: (f.year is None, f.year or 0)}


@strawberry.type
class PlaceQuery:
    @strawberry.field
    def provinces(self, info: Info_) -> list[Province]:
        return info.context.store.provinces()

    @strawberry.field(description="A province by GB/T 2260 code or English or Chinese name.")
    def province(self, info: Info_, id: str | None = None, name: str | None = None) -> Province:
        return info.context.store.province(_one(id=id, name=name))

    @strawberry.field
    def cities(self, info: Info_, province: str | None = None) -> list[City]:
        return info.context.store.cities(province)

    @strawberry.field(description="A city by GB/T 2260 code or English or Chinese name.")
    def city(self, info: Info_, id: str | None = None, name: str | None = None) -> City:
        return info.context.store.city(_one(id=id, name=name))

    @strawberry.field(description="County-level places (districts, counties, county-level cities), all or those of "
                                  "a city or province.")
    def counties(self, info: Info_, within: str | None = None, first: int | None = None,
                 after: str | None = None) -> Connection[County]:
        return paginate(info.context.store.counties(within), first, after)

    @strawberry.field(description="A county-level place by GB/T 2260 code or English or Chinese name.")
    def county(self, info: Info_, id: str | None = None, name: str | None = None) -> County:
        return info.context.store.county(_one(id=id, name=name))


@strawberry.type
class DocumentQuery:
    @strawberry.field
    def documents(self, info: Info_, place: str | None = None, kind: DocumentKind | None = None,
                  first: int | None = None, after: str | None = None, last: int | None = None,
                  before: str | None = None) -> Connection[Document]:
        found = info.context.store.documents(place=place, kind=kind.value if kind else None)
        return paginate(found, first, after, last, before)

    @strawberry.field
    def document(self, info: Info_, id: str) -> Document:
        return info.context.store.document(id)


@strawberry.type
class MeasureQuery:
    @strawberry.field
    def measures(self, info: Info_, filter: MeasureFilter | None = None, order_by: MeasureOrder | None = None,
                 first: int | None = None, after: str | None = None, last: int | None = None,
                 before: str | None = None) -> Connection[Measure]:
        order = order_by or MeasureOrder()
        found = _ordered(info.context.store.measures(**_filter_args(filter)), _MEASURE_KEYS[order.field],
                         order.direction)
        return paginate(found, first, after, last, before)

    @strawberry.field
    def measure(self, info: Info_, id: str) -> Measure:
        return info.context.store.measure(id)


@strawberry.type
class UnitQuery:
    @strawberry.field
    def units(self, info: Info_, filter: UnitFilter | None = None, order_by: UnitOrder | None = None,
              first: int | None = None, after: str | None = None, last: int | None = None,
              before: str | None = None) -> Connection[Unit]:
        order = order_by or UnitOrder()
        found = _ordered(info.context.store.units(**_filter_args(filter)), _UNIT_KEYS[order.field], order.direction)
        return paginate(found, first, after, last, before)

    @strawberry.field(description="A unit by id, name or alias; `place` picks among same-named units.")
    def unit(self, info: Info_, id: str | None = None, name: str | None = None, place: str | None = None) -> Unit:
        return info.context.store.unit(_one(id=id, name=name), place=place)


@strawberry.type
class FigureQuery:
    @strawberry.field
    def figures(self, info: Info_, filter: FigureFilter | None = None, order_by: FigureOrder | None = None,
                first: int | None = None, after: str | None = None, last: int | None = None,
                before: str | None = None) -> Connection[Figure]:
        order = order_by or FigureOrder()
        found = _ordered(info.context.store.figures(**_filter_args(filter)), _FIGURE_KEYS[order.field],
                         order.direction)
        return paginate(found, first, after, last, before)

    @strawberry.field
    def figure(self, info: Info_, id: str) -> Figure:
        return info.context.store.figure(id)


@strawberry.type
class CompareQuery:
    @strawberry.field(description="One metric (a key, or a label in either language) across places × years: a cell "
                                  "for each place and year with figures, targets and observed values apart. A "
                                  "place's cells hold figures about that place itself. Without `places`, every "
                                  "place with a figure of the metric; without `years`, every year stated.")
    def compare(self, info: Info_, metric: str, places: list[str] | None = None,
                years: list[int] | None = None) -> Comparison:
        at_most_a_page("places", places)
        at_most_a_page("years", years)
        return info.context.store.compare(metric, places=places, years=years)

    @strawberry.field(description="One place's targets for a metric next to its observed values, each by year.")
    def targets_vs_observed(self, info: Info_, metric: str, place: str) -> TargetsVsObserved:
        return info.context.store.targets_vs_observed(metric, place)

    @strawberry.field(description="The metric vocabulary: every key a figure's metric may have.")
    def metrics(self) -> list[Metric]:
        return list(metrics.metrics())  # type: ignore[arg-type]  # the Structs carry the fields


@strawberry.type
class Query(PlaceQuery, DocumentQuery, MeasureQuery, UnitQuery, FigureQuery, CompareQuery):
    @strawberry.field(description="Any object by its global id (Relay's node interface).")
    def node(self, info: Info_, id: relay.GlobalID) -> relay.Node:
        return _node(info, id)

    @strawberry.field(description=f"Objects by their global ids, in the order given (at most {MAX_PAGE}); one "
                                  "request for a batch.")
    def nodes(self, info: Info_, ids: list[relay.GlobalID]) -> list[relay.Node]:
        at_most_a_page("ids", ids)
        return [_node(info, id) for id in ids]

    @strawberry.field
    def dataset(self, info: Info_) -> Dataset:
        return info.context.store.dataset

    @strawberry.field(description="Measures and documents ranked by relevance, with highlighted snippets.")
    def search(self, info: Info_, query: str, first: int = 20) -> list[SearchHit]:
        if not 0 <= first <= MAX_PAGE:
            raise QueryError(f"first must be between 0 and {MAX_PAGE}, got {first}")
        return info.context.store.search(query, limit=first)


_NODES = {"Province": (models.Province, "place"), "City": (models.City, "place"), "County": (models.County, "place"),
          "Document": (models.Document, "document"), "Measure": (models.Measure, "measure"),
          "Unit": (models.Unit, "unit"), "Figure": (models.Figure, "figure")}


def _node(info: Info_, id: relay.GlobalID) -> Any:
    # Not relay.node(): it tags results with an attribute, and our results are frozen Structs.
    model, relation = _NODES.get(id.type_name, (None, ""))
    found = info.context.store.one(relation, id.node_id) if model else None
    if not isinstance(found, model or ()):
        raise NotFound(f"no node with id {id!s}")
    return found


def _one(**given: str | None) -> str:
    values = [v for v in given.values() if v is not None]
    if len(values) != 1:
        raise QueryError(f"give exactly one of {', '.join(given)}")
    return values[0]


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Log only what is a bug: a client's mistake (bad id, bad filter, bad query) is no server error."""
        bugs = [e for e in errors if e.original_error is not None
                and not isinstance(e.original_error, PolicyAPIError | GraphQLError)]
        if bugs:
            super().process_errors(bugs, execution_context)


# Documents Strawberry keeps parsed and validated, by query text. A query within the body and token limits
# (100 kB, 2,000 tokens) keeps up to ~0.9 MB parsed: 64 of them stay under 60 MB. Repeated queries are
# answered from the response cache and the planner (keyed by a digest) before Strawberry parses anything.
STRAWBERRY_CACHE = 64


def make_schema(limits: Limits | None = None) -> Schema:
    """The schema with its limits; parse and validation results are cached across requests."""
    return Schema(query=Query, config=StrawberryConfig(auto_camel_case=True),
                  # Factories: a fresh extension per request, the caches behind them shared.
                  extensions=[*limit_extensions(limits or Limits()), lambda: ParserCache(maxsize=STRAWBERRY_CACHE),
                              lambda: ValidationCache(maxsize=STRAWBERRY_CACHE)])


schema = make_schema()
