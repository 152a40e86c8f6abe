"""REST controllers under /api/v1: thin calls into the store, returning its msgspec Structs."""

from __future__ import annotations

from typing import Annotated, Generic, Literal, TypeVar

import msgspec
from litestar import Controller, get
from litestar.openapi import ResponseSpec
from litestar.params import FromQuery, PathParameter, QueryParameter

from policyapi import metrics
from policyapi.metrics import Metric
from policyapi.models import (
    BuildWarning, City, Comparison, County, Dataset, Document, Facets, Figure, Issuer, Measure, Province,
    Responsibility, ResponsibilityList, Scenario, Section, TargetsVsObserved, Unit,
)
# List parameters' maxItems is in the schema, but Litestar does not check it: at_most_a_page does.
from policyapi.paging import DEFAULT_PAGE, MAX_PAGE, PageSize, at_most_a_page, encode_cursor, page_bounds
from policyapi.search import Hit
from policyapi.dependencies import StoreDep

T = TypeVar("T")

First = Annotated[PageSize, QueryParameter(description=f"Page size (at most {MAX_PAGE}).",
                                           schema_extra={"type": "integer", "minimum": 0, "maximum": MAX_PAGE})]
After = Annotated[str | None, QueryParameter(description="Cursor of the item after which the page starts.")]
Place = Annotated[str | None, QueryParameter(description="Province, city or county: GB/T 2260 code, English or "
                                                        "Chinese name.")]
Key = Annotated[str, PathParameter(description="Id, or for places a code or name, for units a name or alias.")]
Ids = Annotated[list[str] | None, QueryParameter(
    description=f"Ids to fetch in one request (repeat the parameter: ?id=a&id=b; at most {MAX_PAGE}), in the order "
                "given; other filters narrow them.", max_items=MAX_PAGE)]
WithFacets = Annotated[bool, QueryParameter(
    description="Also count the whole filtered set by place, kind, body type, metric and year (`facets`).")]
Metric_ = Annotated[str | None, QueryParameter(
    description='A metric key ("ai_industry_scale") or label in either language ("人工智能产业规模").')]


class Page(msgspec.Struct, Generic[T], kw_only=True):
    """One page of a list, in the list's order."""

    items: list[T]
    total_count: int
    has_next_page: bool
    next_cursor: str | None = None
    facets: Facets | None = None  # counts over the whole filtered set, when asked for with ?facets=true


class Problem(msgspec.Struct, kw_only=True):
    """An error, as RFC 9457 problem details."""

    status: int
    title: str
    detail: str | None = None
    type: str = "about:blank"


# Documented on every endpoint, beside the 400 Litestar documents for bad parameters.
PROBLEMS = {
    400: ResponseSpec(Problem, description="A parameter is malformed, out of range or not one we issued",
                      media_type="application/problem+json"),
    404: ResponseSpec(Problem, description="No such id, or a filter names an unknown place, unit or document",
                      media_type="application/problem+json"),
    414: ResponseSpec(Problem, description="The request's path and query are longer than the server takes",
                      media_type="application/problem+json"),
    429: ResponseSpec(Problem, description="Over the rate limit (when one is set)",
                      media_type="application/problem+json"),
}


def page(items: list[T], first: int, after: str | None, facets: Facets | None = None) -> Page[T]:
    start, end = page_bounds(len(items), first, after, None, None)
    return Page(items=items[start:end], total_count=len(items), has_next_page=end < len(items),
                next_cursor=encode_cursor(end - 1) if end < len(items) and end > start else None, facets=facets)


def _ordered(items: list, order: str | None, keys: dict) -> list:
    if not order:
        return items
    return sorted(items, key=keys[order.lstrip("-")], reverse=order.startswith("-"))


class PlaceController(Controller):
    path = "/api/v1"
    tags = ["places"]

    @get("/provinces", responses=PROBLEMS)
    async def provinces(self, store: StoreDep) -> list[Province]:
        return store.provinces()

    @get("/provinces/{key:str}", responses=PROBLEMS)
    async def province(self, store: StoreDep, key: Key) -> Province:
        return store.province(key)

    @get("/cities", responses=PROBLEMS)
    async def cities(self, store: StoreDep, province: Place = None) -> list[City]:
        return store.cities(province)

    @get("/cities/{key:str}", responses=PROBLEMS)
    async def city(self, store: StoreDep, key: Key) -> City:
        return store.city(key)

    @get("/counties", responses=PROBLEMS)
    async def counties(self, store: StoreDep, within: Place = None, first: First = PageSize(DEFAULT_PAGE),
                       after: After = None) -> Page[County]:
        return page(store.counties(within), first, after)

    @get("/counties/{key:str}", responses=PROBLEMS)
    async def county(self, store: StoreDep, key: Key) -> County:
        return store.county(key)


class DocumentController(Controller):
    path = "/api/v1/documents"
    tags = ["documents"]

    @get("/", responses=PROBLEMS)
    async def documents(self, store: StoreDep, place: Place = None,
                        kind: FromQuery[Literal["policy", "plan", "news", "analysis"] | None] = None,
                        id: Ids = None, first: First = PageSize(DEFAULT_PAGE), after: After = None) -> Page[Document]:
        return page(store.documents(place=place, kind=kind, ids=at_most_a_page("id", id)), first, after)

    @get("/{key:str}", responses=PROBLEMS)
    async def document(self, store: StoreDep, key: Key) -> Document:
        return store.document(key)

    @get("/{key:str}/outline", responses=PROBLEMS)
    async def outline(self, store: StoreDep, key: Key) -> list[Section]:
        return store.sections(key)

    @get("/{key:str}/issuers", responses=PROBLEMS)
    async def issuers(self, store: StoreDep, key: Key) -> list[Issuer]:
        return store.issuers(key)


_MEASURE_ORDER = {"number": lambda m: (m.number, m.document_id), "title": lambda m: m.title.casefold()}


class MeasureController(Controller):
    path = "/api/v1/measures"
    tags = ["measures"]

    @get("/", responses=PROBLEMS)
    async def measures(self, store: StoreDep, province: Place = None, city: Place = None, document: FromQuery[str | None] = None,
                       unit: FromQuery[str | None] = None, lead_unit: FromQuery[str | None] = None, section: FromQuery[str | None] = None,
                       q: FromQuery[str | None] = None,
                       order: FromQuery[Literal["number", "-number", "title", "-title"] | None] = None,
                       id: Ids = None, facets: WithFacets = False,
                       first: First = PageSize(DEFAULT_PAGE), after: After = None) -> Page[Measure]:
        found = store.measures(province=province, city=city, document=document, unit=unit, lead_unit=lead_unit,
                               section=section, q=q, ids=at_most_a_page("id", id))
        return page(_ordered(found, order, _MEASURE_ORDER), first, after, store.facets(found) if facets else None)

    @get("/{key:str}", responses=PROBLEMS)
    async def measure(self, store: StoreDep, key: Key) -> Measure:
        return store.measure(key)

    @get("/{key:str}/responsibilities", responses=PROBLEMS)
    async def responsibilities(self, store: StoreDep, key: Key) -> list[Responsibility]:
        return store.responsibilities(measure=key)

    @get("/{key:str}/lists", responses=PROBLEMS)
    async def responsibility_lists(self, store: StoreDep, key: Key) -> list[ResponsibilityList]:
        return store.responsibility_lists(key)

    @get("/{key:str}/scenarios", responses=PROBLEMS)
    async def scenarios(self, store: StoreDep, key: Key) -> list[Scenario]:
        return store.scenarios(key)

    @get("/{key:str}/figures", responses=PROBLEMS)
    async def figures(self, store: StoreDep, key: Key) -> list[Figure]:
        return store.figures(measure=key)


_UNIT_ORDER = {"name": lambda u: u.name.casefold(), "measure_count": lambda u: u.measure_count,
               "lead_count": lambda u: u.lead_count}


class UnitController(Controller):
    path = "/api/v1/units"
    tags = ["units"]

    @get("/", responses=PROBLEMS)
    async def units(self, store: StoreDep, place: Place = None,
                    kind: FromQuery[Literal["government_department", "party_organ", "municipal_government",
                                  "state_owned_enterprise", "financial_institution", "collective"] | None] = None,
                    body_type: Annotated[str | None, QueryParameter(
                        description="A body type of the unit glossary: development_reform, data, ..., other.")] = None,
                    q: Annotated[str | None, QueryParameter(
                        description="Part of a name or alias, in either language.")] = None,
                    order: FromQuery[Literal["name", "-name", "measure_count", "-measure_count", "lead_count",
                                   "-lead_count"] | None] = None,
                    id: Ids = None, facets: WithFacets = False,
                    first: First = PageSize(DEFAULT_PAGE), after: After = None) -> Page[Unit]:
        found = store.units(place=place, kind=kind, body_type=body_type, q=q, ids=at_most_a_page("id", id))
        return page(_ordered(found, order, _UNIT_ORDER), first, after, store.facets(found) if facets else None)

    @get("/{key:str}", responses=PROBLEMS)
    async def unit(self, store: StoreDep, key: Key, place: Place = None) -> Unit:
        return store.unit(key, place=place)

    @get("/{key:str}/measures", responses=PROBLEMS)
    async def measures(self, store: StoreDep, key: Key, lead_only: FromQuery[bool] = False, first: First = PageSize(DEFAULT_PAGE),
                       after: After = None) -> Page[Measure]:
        unit = store.unit(key)
        found = store.measures(lead_unit=unit.id) if lead_only else store.measures(unit=unit.id)
        return page(found, first, after)


_FIGURE_ORDER = {"value": lambda f: f.value, "year": lambda f: (f.year is None, f.year or 0)}


class FigureController(Controller):
    path = "/api/v1/figures"
    tags = ["figures"]

    @get("/", responses=PROBLEMS)
    async def figures(self, store: StoreDep, place: Place = None, kind: FromQuery[Literal["target", "observed", "funding"] | None] = None,
                      unit: Annotated[str | None, QueryParameter(description='Unit of measure: "CNY", "GW", ...')] = None,
                      metric: Metric_ = None,
                      year_from: FromQuery[int | None] = None, year_to: FromQuery[int | None] = None, document: FromQuery[str | None] = None,
                      measure: FromQuery[str | None] = None,
                      order: FromQuery[Literal["value", "-value", "year", "-year"] | None] = None,
                      id: Ids = None, facets: WithFacets = False,
                      first: First = PageSize(DEFAULT_PAGE), after: After = None) -> Page[Figure]:
        found = store.figures(place=place, kind=kind, unit=unit, metric=metric, year_from=year_from, year_to=year_to,
                              document=document, measure=measure, ids=at_most_a_page("id", id))
        return page(_ordered(found, order, _FIGURE_ORDER), first, after, store.facets(found) if facets else None)

    @get("/{key:str}", responses=PROBLEMS)
    async def figure(self, store: StoreDep, key: Key) -> Figure:
        return store.figure(key)


class CompareController(Controller):
    path = "/api/v1"
    tags = ["comparison"]

    @get("/compare", responses=PROBLEMS)
    async def compare(self, store: StoreDep, metric: Annotated[str, QueryParameter(
                          description='A metric key ("ai_industry_scale") or label in either language.')],
                      place: Annotated[list[str] | None, QueryParameter(
                          description="Places to compare (repeat: ?place=Hubei&place=Wuhan); default: every place "
                                      "with a figure of the metric.", max_items=MAX_PAGE)] = None,
                      year: Annotated[list[int] | None, QueryParameter(
                          description="Years to compare (repeat); default: every year stated.",
                          max_items=MAX_PAGE)] = None) -> Comparison:
        """One metric across places × years: a cell for each place and year with figures, targets and observed
        values apart. A place's cells hold figures about that place itself; compare their normal_value."""
        return store.compare(metric, places=at_most_a_page("place", place), years=at_most_a_page("year", year))

    @get("/targets-vs-observed", responses=PROBLEMS)
    async def targets_vs_observed(self, store: StoreDep, metric: Annotated[str, QueryParameter(
                                      description="A metric key or label in either language.")],
                                  place: Annotated[str, QueryParameter(
                                      description="Province, city or county: code or name.")]) -> TargetsVsObserved:
        """One place's targets for a metric next to its observed values, each by year."""
        return store.targets_vs_observed(metric, place)

    @get("/metrics", responses=PROBLEMS)
    async def metrics(self) -> list[Metric]:
        """The metric vocabulary: every key a figure's metric may have, with its labels and normal unit."""
        return list(metrics.metrics())


class MetaController(Controller):
    tags = ["dataset"]

    @get("/api/v1/dataset", responses=PROBLEMS)
    async def dataset(self, store: StoreDep) -> Dataset:
        return store.dataset

    @get("/api/v1/dataset/warnings", responses=PROBLEMS)
    async def warnings(self, store: StoreDep, first: First = PageSize(DEFAULT_PAGE), after: After = None) -> Page[BuildWarning]:
        """The build report: what the compiler could not understand, with file and line."""
        return page(list(store.warnings), first, after)

    @get("/api/v1/search", responses=PROBLEMS)
    async def search(self, store: StoreDep, q: Annotated[str, QueryParameter(min_length=1, max_length=500)],
                     kind: FromQuery[Literal["measure", "document"] | None] = None,
                     first: First = PageSize(DEFAULT_PAGE)) -> list[Hit]:
        return store.search(q, kinds={kind} if kind else None, limit=first)

    @get("/healthz", cache=False, responses=PROBLEMS)
    async def healthz(self, store: StoreDep) -> dict[str, str]:
        return {"status": "ok", "dataset": store.dataset.version}


CONTROLLERS = [PlaceController, DocumentController, MeasureController, UnitController, FigureController,
               CompareController, MetaController]
