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
    )


def library_filter(graphql_filter: dict[str, str]) -> dict[str, str]:
    """MeasureFilter's GraphQL spelling → Store.measures keyword arguments."""
    return {"lead_unit" if k == "leadUnit" else k: v for k, v in graphql_filter.items()}


def page_items(store: Store, graphql_filter: dict[str, str]) -> int:
    """How many measures the first page of this filter holds (at scale 1 pages are short)."""
    return min(PAGE_SIZE, len(store.measures(**library_filter(graphql_filter))))


def deep_page_items(store: Store, cursor: str) -> int:
    """How many measures the page after this cursor holds."""
    return max(0, min(PAGE_SIZE, len(store.measures()) - decode_cursor(cursor) - 1))
