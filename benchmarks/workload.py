"""The benchmark workload: the queries, and the pools of ids/variables they run with.

Everything is derived from the opened store through its public API, so the same code works on
the seeds and on any synthetic corpus. Pools are shuffled with a fixed seed: runs are repeatable.

"Cold" runs draw each call's variables from a pool, each set used once (a whole-response cache
keyed on query + variables cannot answer them); "warm" runs repeat one set. Cold and warm use
different operation names, so a warm run never pre-fills a cold run's cache entries.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from policyapi.paging import decode_cursor, encode_cursor
from policyapi.store import Store

PAGE_SIZE = 20

# ---- GraphQL documents (each has {op}: "Cold" or "Warm" in its operation name) -------------

ITEM = """query Item{op}($id: String!) { measure(id: $id) { slug title number document { title }
  responsibilities { position isLead unit { name kind } } figures { value unit year comparator } } }"""

PAGE = """query Page{op}($filter: MeasureFilter!) { measures(filter: $filter, first: 20) {
  totalCount pageInfo { endCursor hasNextPage } nodes { slug title number leadUnit { name } } } }"""

DEEP = """query Deep{op}($after: String!) { measures(first: 20, after: $after) {
  totalCount pageInfo { endCursor hasNextPage } edges { cursor node { slug title number } } } }"""

SEARCH = """query Search{op}($q: String!) { search(query: $q, first: 10) {
  kind score snippet measure { slug number } document { slug } } }"""

UNIT = """query Unit{op}($id: String!) { unit(id: $id) { slug name aliases kind measureCount leadCount
  measures(first: 20) { totalCount nodes { slug number title } } } }"""

COUNTS = """query Counts{op}($place: String!) {
  measures(filter: {province: $place}, first: 0) { totalCount }
  figures(filter: {place: $place}, first: 0) { totalCount }
  units(filter: {place: $place}, first: 0) { totalCount }
  dataset { counts { documents measures units figures places } } }"""

# The HTTP comparison's list: one document's measures, first page. A plain foreign-key filter,
# so Datasette can run exactly the same query.
DOC_PAGE = """query DocPage{op}($document: String!) { measures(filter: {document: $document}, first: 20) {
  totalCount pageInfo { endCursor hasNextPage } nodes { slug title number document { title } } } }"""


# Comparison and facets (issue 11). A metric across a few places; a page of a filtered list with
# counts over the whole filtered set (the cost is the facets, which grow with the set, not the page).
COMPARE = """query Compare{op}($metric: String!, $places: [String!], $years: [Int!]) {
  compare(metric: $metric, places: $places, years: $years) { metric unit years cells { year
    place { ... on Province { code } ... on City { code } }
    targets { normalValue sources { quote } } observed { normalValue } } } }"""

FIGURE_FACETS = """query FigureFacets{op}($after: String) { figures(filter: {kind: TARGET}, first: 20, after: $after) {
  totalCount facets { total metrics { key count } places { key count } years { key count } } nodes { slug } } }"""

MEASURE_FACETS = """query MeasureFacets{op}($filter: MeasureFilter!, $after: String) {
  measures(filter: $filter, first: 20, after: $after) { totalCount
    facets { total places { key count } kinds { key count } bodyTypes { key count } years { key count } }
    nodes { slug title } } }"""


def gql(template: str, mode: str) -> str:
    return template.replace("{op}", mode.capitalize())


# ---- pools ---------------------------------------------------------------------------------


@dataclass
class Workload:
    """Pools of valid arguments, shuffled; `*_warm` is the one a warm run repeats."""

    measure_ids: list[str]
    item_warm: str
    filters: list[dict[str, str]]  # MeasureFilter objects (GraphQL spelling)
    page_warm: dict[str, str]
    deep_cursors: list[str]
    deep_warm: str
    search_terms: list[str]
    search_warm: str
    unit_ids: list[str]
    unit_warm: str
    provinces: list[str]  # codes; every province, with or without data
    province_warm: str
    documents: list[str]  # documents with measures
    document_warm: str
    total_measures: int
    counts: dict[str, int] = field(default_factory=dict)
    # compare: one metric (the one with figures about the most places), sets of 2-5 of its places
    compare_metric: str = ""
    compare_sets: list[dict] = field(default_factory=list)  # {"metric", "places" (codes), "years" (None or list)}
    compare_warm: dict = field(default_factory=dict)  # its 2-5 places with the most figures, every year
    # facets: the province with the most measures, and all target figures (the biggest figure set);
    # pools are cursors into the filtered list (None: the first page), so every set is a distinct
    # request while the facets (over the whole set) cost the same
    facet_province: str = ""
    facet_measure_cursors: list[str | None] = field(default_factory=list)
    facet_target_cursors: list[str | None] = field(default_factory=list)


def derive(store: Store, seed: int = 0) -> Workload:
    rng = random.Random(seed)
    measures = store.measures()
    if not measures:
        raise RuntimeError(f"{store.path}: no measures: nothing to benchmark")

    def shuffled(items: list) -> list:
        items = list(items)
        rng.shuffle(items)
        return items

    # Item: every measure; the warm one is a measure with both responsible units and figures.
    head = [m.id for m in measures[:2000]]
    with_both = [i for i, f, r in zip(head, store.many("figures_of_measure", head),
                                      store.many("responsibilities_of_measure", head)) if f and r]
    item_warm = with_both[0] if with_both else measures[0].id

    provinces = [p.code for p in store.provinces()]
    per_province = {code: len(store.measures(province=code)) for code in provinces}
    documents = [d.id for d in store.documents() if store.measures(document=d.id)]
    units = [u for u in store.units() if u.measure_count > 0]

    filters: list[dict[str, str]] = [{"province": c} for c, n in per_province.items() if n]
    filters += [{"document": d} for d in documents]
    filters += [{"unit": u.id} for u in units]
    filters += [{"leadUnit": u.id} for u in units if u.lead_count > 0]
    page_warm = {"province": max(per_province, key=per_province.__getitem__)}

    # Deep pages: cursors into the second half of the unfiltered list of measures.
    total = len(measures)
    deep_offsets = list(range(total // 2, max(total - 1, total // 2 + 1)))
    deep_warm = encode_cursor(max(total - PAGE_SIZE - 1, total // 2))

    words = sorted({w.casefold() for m in measures for w in re.findall(r"[A-Za-z]{5,}", m.title)})
    search_terms = shuffled(words) or ["artificial intelligence"]

    return Workload(
        measure_ids=shuffled([m.id for m in measures]),
        item_warm=item_warm,
        filters=shuffled(filters),
        page_warm=page_warm,
        deep_cursors=shuffled([encode_cursor(o) for o in deep_offsets]),
        deep_warm=deep_warm,
        search_terms=search_terms,
        search_warm="computing power",
        unit_ids=shuffled([u.id for u in units]),
        unit_warm=max(units, key=lambda u: u.measure_count).id,
        provinces=shuffled(provinces),
        province_warm=page_warm["province"],
        documents=shuffled(documents),
        document_warm=documents[0],
        total_measures=total,
        counts={"measures": total, "documents": len(store.documents()), "units": len(store.units()),
                "figures": len(store.figures()), "filters": len(filters)},
        **compare_pool(store, rng),
        facet_province=page_warm["province"],
        facet_measure_cursors=facet_cursors(per_province[page_warm["province"]], rng),
        facet_target_cursors=facet_cursors(len(store.figures(kind="target")), rng),
    )


def compare_pool(store: Store, rng: random.Random) -> dict:
    """The compare workload, from the store: the metric (not "other") with dated figures about the
    most places (then the most figures, then by key); its places ranked by how many figures of it
    they have (then by code). Sets: windows of 2-5 of the top 20 places, in both orders for pairs,
    each with every year, each of the 3 commonest years of those places, and all their years."""
    places_of: dict[str, dict[str, list]] = {}
    for f in store.figures():
        if f.metric != "other" and f.jurisdiction_code:
            places_of.setdefault(f.metric, {}).setdefault(f.jurisdiction_code, []).append(f.year)
    if not places_of:
        return {}

    def rank(item):
        metric, places = item
        dated = sum(any(y is not None for y in years) for years in places.values())
        return (-dated, -sum(map(len, places.values())), metric)

    metric, places = min(places_of.items(), key=rank)
    top = sorted(places, key=lambda code: (-len(places[code]), code))[:20]
    windows = [top[i:i + k] for k in range(2, 6) for i in range(len(top) - k + 1)] or [top]
    windows += [list(reversed(w)) for w in windows if len(w) == 2]
    sets = []
    for codes in windows:
        years = [y for code in codes for y in places[code] if y is not None]
        common = sorted(set(years), key=lambda y: (-years.count(y), y))
        sets.append({"metric": metric, "places": codes, "years": None})
        sets += [{"metric": metric, "places": codes, "years": [y]} for y in common[:3]]
        if len(common) > 1:
            sets.append({"metric": metric, "places": codes, "years": sorted(common)})
    rng.shuffle(sets)
    return {"compare_metric": metric, "compare_sets": sets,
            "compare_warm": {"metric": metric, "places": top[:4], "years": None}}


def facet_cursors(total: int, rng: random.Random) -> list[str | None]:
    """The first page (None) and a cursor at every offset that leaves a page after it, shuffled."""
    cursors: list[str | None] = [encode_cursor(o) for o in range(max(total - 1, 0))]
    rng.shuffle(cursors)
    return [None, *cursors]


def library_filter(graphql_filter: dict[str, str]) -> dict[str, str]:
    """MeasureFilter's GraphQL spelling → Store.measures keyword arguments."""
    return {"lead_unit" if k == "leadUnit" else k: v for k, v in graphql_filter.items()}


def page_items(store: Store, graphql_filter: dict[str, str]) -> int:
    """How many measures the first page of this filter holds (at scale 1 pages are short)."""
    return min(PAGE_SIZE, len(store.measures(**library_filter(graphql_filter))))


def deep_page_items(store: Store, cursor: str) -> int:
    """How many measures the page after this cursor holds."""
    return max(0, min(PAGE_SIZE, len(store.measures()) - decode_cursor(cursor) - 1))
