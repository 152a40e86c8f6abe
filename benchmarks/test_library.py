"""The library (Store methods), in-process: the same six operations as test_graphql.py, cold and warm.

The library has no response cache today; cold and warm runs are both here so that any cache
added later (in the store or the layers above it) shows up as a difference between the two.
"""

from __future__ import annotations

import pytest

from policyapi.paging import page_bounds
from policyapi.store import Store
from workload import PAGE_SIZE, Workload, deep_page_items, library_filter, page_items

MODES = ["cold", "warm"]


def measure_item(store: Store, id: str) -> dict:
    """What a caller needs for a measure page: the measure, its document, units in order, figures."""
    measure = store.measure(id)
    return {
        "measure": measure,
        "document": store.document(measure.document_id),
        "responsibilities": [(r, store.unit(r.unit_id)) for r in store.responsibilities(measure=id)],
        "figures": store.figures(measure=id),
    }


def page(store: Store, filter_: dict) -> list:
    return store.measures(**library_filter(filter_))[:PAGE_SIZE]


def deep_page(store: Store, after: str) -> list:
    items = store.measures()
    start, end = page_bounds(len(items), PAGE_SIZE, after, None, None)
    return items[start:end]


def unit_with_measures(store: Store, id: str) -> tuple:
    unit = store.unit(id)
    return unit, store.measures(unit=unit.id)[:PAGE_SIZE]


def counts(store: Store, place: str) -> dict:
    """The same numbers as test_graphql's counts query: totals for one province, and the dataset's."""
    return {"measures": len(store.measures(province=place)), "figures": len(store.figures(place=place)),
            "units": len(store.units(place=place)), "dataset": store.dataset}


SQL_COUNTS = """SELECT u.kind, count(DISTINCT r.measure_id) AS measures, count(*) AS responsibilities
FROM responsibilities r JOIN units u ON u.id = r.unit_id
WHERE left(u.jurisdiction_code, 2) = $prefix GROUP BY ALL ORDER BY 1"""


def sql_counts(store: Store, place: str) -> list:
    return store.sql(SQL_COUNTS, {"prefix": place[:2]}).fetchall()


@pytest.mark.parametrize("mode", MODES)
def test_lib_item(run, store, workload: Workload, mode):
    def check(args, found):
        assert found["measure"].id == args[0] and found["document"].id == found["measure"].document_id

    fn = lambda id: measure_item(store, id)  # noqa: E731
    run(mode, "item (measure + units + figures)", "library", fn, [(i,) for i in workload.measure_ids], check)


@pytest.mark.parametrize("mode", MODES)
def test_lib_item_bare(run, store, workload: Workload, mode):
    def check(args, found):
        assert found.id == args[0]

    run(mode, "item, bare lookup", "library", store.measure, [(i,) for i in workload.measure_ids], check)


def _is_page(args, found) -> None:
    assert 0 < len(found) <= PAGE_SIZE


@pytest.mark.parametrize("mode", MODES)
def test_lib_page(run, store, workload: Workload, mode):
    fn = lambda f: page(store, f)  # noqa: E731
    run(mode, "filtered page of 20", "library", fn, [(f,) for f in workload.filters], _is_page,
        items=lambda f: page_items(store, f))


@pytest.mark.parametrize("mode", MODES)
def test_lib_deep_page(run, store, workload: Workload, mode):
    fn = lambda after: deep_page(store, after)  # noqa: E731
    run(mode, "deep page via cursor", "library", fn, [(c,) for c in workload.deep_cursors], _is_page,
        items=lambda c: deep_page_items(store, c))


@pytest.mark.parametrize("mode", MODES)
def test_lib_search(run, store, workload: Workload, mode):
    def check(args, found):
        assert isinstance(found, list) and len(found) <= 10

    fn = lambda q: store.search(q, limit=10)  # noqa: E731
    run(mode, "search, 10 hits", "library", fn, [(q,) for q in workload.search_terms], check)


@pytest.mark.parametrize("mode", MODES)
def test_lib_unit_with_measures(run, store, workload: Workload, mode):
    def check(args, found):
        assert found[0].id == args[0] and found[1]

    fn = lambda id: unit_with_measures(store, id)  # noqa: E731
    run(mode, "unit + its measures (20)", "library", fn, [(u,) for u in workload.unit_ids], check)


@pytest.mark.parametrize("mode", MODES)
def test_lib_counts(run, store, workload: Workload, mode):
    def check(args, found):
        assert found["measures"] >= 0 and found["dataset"].measures == workload.total_measures

    fn = lambda place: counts(store, place)  # noqa: E731
    run(mode, "aggregate counts", "library", fn, [(p,) for p in workload.provinces], check)


@pytest.mark.parametrize("mode", MODES)
def test_lib_sql_counts(run, store, workload: Workload, mode):
    def check(args, found):
        assert isinstance(found, list)

    fn = lambda place: sql_counts(store, place)  # noqa: E731
    run(mode, "aggregate counts, SQL (DuckDB)", "library", fn, [(p,) for p in workload.provinces], check)


# ---- comparison and facets (issue 11) --------------------------------------------------------


def compare(store: Store, metric: str, places: list[str], years: list[int] | None):
    return store.compare(metric, places=places, years=years)


def faceted_page(records, store: Store, after: str | None) -> tuple:
    """A page of 20 of a filtered list, and the facets of the whole list: what ?facets=true answers."""
    start, end = page_bounds(len(records), PAGE_SIZE, after, None, None)
    return records[start:end], store.facets(records)


def _is_faceted_page(args, found) -> None:
    items, facets = found
    assert 0 < len(items) <= PAGE_SIZE and facets.total >= len(items)
    assert sum(b.count for b in facets.places) == facets.total  # one place (or "none") per record


@pytest.mark.parametrize("mode", MODES)
def test_lib_compare(run, store, workload: Workload, mode):
    def check(args, found):
        metric, places, years = args
        assert found.metric == metric and list(found.place_codes) == places and found.cells
        assert all(c.place_code in places and (years is None or c.year in years) for c in found.cells)

    fn = lambda metric, places, years: compare(store, metric, places, years)  # noqa: E731
    run(mode, "compare: a metric across 2-5 places", "library", fn,
        [(s["metric"], s["places"], s["years"]) for s in workload.compare_sets], check)


@pytest.mark.parametrize("mode", MODES)
def test_lib_facets_measures(run, store, workload: Workload, mode):
    """store.measures(province=) filtered, then a page of it and store.facets over all of it."""
    fn = lambda after: faceted_page(store.measures(province=workload.facet_province), store, after)  # noqa: E731
    run(mode, "facets: a province's measures (+ page of 20)", "library", fn,
        [(c,) for c in workload.facet_measure_cursors], _is_faceted_page)


@pytest.mark.parametrize("mode", MODES)
def test_lib_facets_targets(run, store, workload: Workload, mode):
    """store.figures(kind="target"), the biggest figure set, then a page of it and its facets."""
    def check(args, found):
        _is_faceted_page(args, found)
        assert found[1].metrics and found[1].kinds == (type(found[1].kinds[0])(key="target", count=found[1].total),)

    fn = lambda after: faceted_page(store.figures(kind="target"), store, after)  # noqa: E731
    run(mode, "facets: all target figures (+ page of 20)", "library", fn,
        [(c,) for c in workload.facet_target_cursors], check)
