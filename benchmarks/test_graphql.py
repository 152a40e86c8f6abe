"""GraphQL in-process: the library's operations, cold and warm, through two entry points.

- layer "graphql": `store.graphql(query, variables)`, the library's in-process GraphQL (one
  `asyncio.run` per call, no response cache);
- layer "service": the HTTP layer's `GraphQLService.execute` (response cache and APQ on, as
  `policyapi serve` runs it) on one long-lived event loop: everything a POST /graphql does
  except HTTP, Litestar and JSON decoding of the request;
- layer "strawberry": the same service with planned execution off (`planned_queries=0`), so
  every request runs in Strawberry's executor: the "before" of the planner, cold runs only.

Cold: every call sends variables not sent before in the session, under an operation name only
cold runs use, so a whole-response cache misses (parse/validation caches are warm: the same
document is sent each time). Warm: the same variables, each sent once before timing, so such a
cache hits. See conftest.Runner.
"""

from __future__ import annotations

import asyncio

import msgspec
import pytest

from workload import (
    COMPARE, COUNTS, DEEP, FIGURE_FACETS, ITEM, MEASURE_FACETS, PAGE, PAGE_SIZE, SEARCH, UNIT, Workload,
    deep_page_items, gql, page_items,
)

MODES = ["cold", "warm"]
LAYERS = ["graphql", "service", "strawberry"]


def ok(body: dict) -> dict:
    assert "errors" not in body, body.get("errors")
    return body["data"]


@pytest.fixture(scope="session")
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def services(store):
    """The HTTP layer's GraphQL service over this store, planned and not."""
    execute = pytest.importorskip("policyapi.graphql.execute")
    return {"service": execute.GraphQLService(store),
            "strawberry": execute.GraphQLService(store, execute.GraphQLSettings(planned_queries=0))}


@pytest.fixture(params=LAYERS)
def layer(request, store, mode):
    if request.param == "graphql":
        return "graphql", lambda query: (lambda variables: store.graphql(query, variables)), lambda body: body
    if request.param == "strawberry" and mode == "warm":
        pytest.skip("a warm run is answered by the response cache, planned or not")
    from policyapi.graphql.execute import GraphQLRequest

    graphql, loop = request.getfixturevalue("services")[request.param], request.getfixturevalue("loop")

    def call(query):
        return lambda variables: loop.run_until_complete(graphql.execute(GraphQLRequest(query=query, variables=variables)))
    return request.param, call, lambda answer: msgspec.json.decode(answer.body)


def bench(run, layer, op: str, template: str, mode: str, pool: list[dict], check, items=None) -> None:
    name, make_call, decode = layer
    fn = make_call(gql(template, mode))
    run(mode, op, name, fn, [(v,) for v in pool], lambda args, answer: check(args[0], ok(decode(answer))),
        items=items)


@pytest.mark.parametrize("mode", MODES)
def test_gql_item(run, layer, workload: Workload, mode):
    def check(variables, data):
        assert data["measure"]["slug"] == variables["id"]

    bench(run, layer, "item (measure + units + figures)", ITEM, mode,
          [{"id": i} for i in workload.measure_ids], check)


@pytest.mark.parametrize("mode", MODES)
def test_gql_page(run, layer, store, workload: Workload, mode):
    def check(variables, data):
        assert 0 < len(data["measures"]["nodes"]) <= PAGE_SIZE <= 20 and data["measures"]["totalCount"] > 0

    bench(run, layer, "filtered page of 20", PAGE, mode,
          [{"filter": f} for f in workload.filters], check, items=lambda v: page_items(store, v["filter"]))


@pytest.mark.parametrize("mode", MODES)
def test_gql_deep_page(run, layer, store, workload: Workload, mode):
    def check(variables, data):
        assert 0 < len(data["measures"]["edges"]) <= PAGE_SIZE

    bench(run, layer, "deep page via cursor", DEEP, mode,
          [{"after": c} for c in workload.deep_cursors], check,
          items=lambda v: deep_page_items(store, v["after"]))


@pytest.mark.parametrize("mode", MODES)
def test_gql_search(run, layer, workload: Workload, mode):
    def check(variables, data):
        assert isinstance(data["search"], list) and len(data["search"]) <= 10

    bench(run, layer, "search, 10 hits", SEARCH, mode,
          [{"q": q} for q in workload.search_terms], check)


@pytest.mark.parametrize("mode", MODES)
def test_gql_unit_with_measures(run, layer, workload: Workload, mode):
    def check(variables, data):
        assert data["unit"]["slug"] == variables["id"] and data["unit"]["measures"]["nodes"]

    bench(run, layer, "unit + its measures (20)", UNIT, mode,
          [{"id": u} for u in workload.unit_ids], check)


@pytest.mark.parametrize("mode", MODES)
def test_gql_counts(run, layer, workload: Workload, mode):
    def check(variables, data):
        assert data["dataset"]["counts"]["measures"] == workload.total_measures

    bench(run, layer, "aggregate counts", COUNTS, mode,
          [{"place": p} for p in workload.provinces], check)


# ---- comparison and facets (issue 11) --------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_gql_compare(run, layer, workload: Workload, mode):
    def check(variables, data):
        found = data["compare"]
        assert found["metric"].lower() == variables["metric"] and found["cells"]  # an enum: AI_INDUSTRY_SCALE
        assert all(c["place"]["code"] in variables["places"] for c in found["cells"])
        assert variables["years"] is None or all(c["year"] in variables["years"] for c in found["cells"])

    bench(run, layer, "compare: a metric across 2-5 places", COMPARE, mode, workload.compare_sets, check)


def _faceted(connection: dict) -> None:
    facets = connection["facets"]
    assert 0 < len(connection["nodes"]) <= PAGE_SIZE and facets["total"] == connection["totalCount"]
    assert sum(b["count"] for b in facets["places"]) == facets["total"]


@pytest.mark.parametrize("mode", MODES)
def test_gql_facets_measures(run, layer, workload: Workload, mode):
    def check(variables, data):
        _faceted(data["measures"])
        assert data["measures"]["facets"]["bodyTypes"]

    bench(run, layer, "facets: a province's measures (+ page of 20)", MEASURE_FACETS, mode,
          [{"filter": {"province": workload.facet_province}, "after": c} for c in workload.facet_measure_cursors],
          check)


@pytest.mark.parametrize("mode", MODES)
def test_gql_facets_targets(run, layer, workload: Workload, mode):
    def check(variables, data):
        _faceted(data["figures"])
        assert data["figures"]["facets"]["metrics"]

    bench(run, layer, "facets: all target figures (+ page of 20)", FIGURE_FACETS, mode,
          [{"after": c} for c in workload.facet_target_cursors], check)
