"""A fixed suite of queries, in-process (library, GraphQL) and through the ASGI app.

`make bench` runs them timed; `make test` runs each once (--benchmark-disable) as a smoke test.
"""

from __future__ import annotations

HUBEI = "hubei-ai-industry-implementation-opinions-2025"
ITEM = """query($id: String!) { measure(id: $id) { title number document { title }
  responsibilities { position isLead unit { name kind } } figures { value unit year } } }"""
PAGE = """query($after: String) { measures(filter: {province: "Hubei"}, first: 20, after: $after) {
  totalCount pageInfo { endCursor } nodes { title number leadUnit { name } } } }"""
UNIT = """{ unit(name: "Provincial Data Bureau") { name measureCount measures { nodes { title } } } }"""


def test_library_measure_item(benchmark, store):
    assert benchmark(store.measure, f"{HUBEI}:m7").number == 7


def test_library_measures_page(benchmark, store):
    assert len(benchmark(lambda: store.measures(province="Hubei")[:20])) == 16


def test_library_unit_with_measures(benchmark, store):
    assert len(benchmark(lambda: store.measures(unit=store.unit("Provincial Data Bureau").id))) == 5


def test_library_search(benchmark, store):
    assert benchmark(store.search, "computing power", limit=10)


def test_library_aggregate_counts(benchmark, store):
    assert benchmark(lambda: store.sql("SELECT kind, count(*) FROM units GROUP BY kind").fetchall())


def test_graphql_item(benchmark, store):
    body = benchmark(store.graphql, ITEM, {"id": f"{HUBEI}:m7"})
    assert body["data"]["measure"]["number"] == 7


def test_graphql_page(benchmark, store):
    assert benchmark(store.graphql, PAGE)["data"]["measures"]["totalCount"] == 16


def test_graphql_unit_with_measures(benchmark, store):
    assert benchmark(store.graphql, UNIT)["data"]["unit"]["measureCount"] == 5


def test_http_rest_item(benchmark, client):
    assert benchmark(client.get, f"/api/v1/measures/{HUBEI}:m7").status_code == 200


def test_http_rest_page(benchmark, client):
    assert benchmark(client.get, "/api/v1/measures", params={"province": "Hubei"}).status_code == 200


def test_http_graphql_item(benchmark, client):
    response = benchmark(client.post, "/graphql", json={"query": ITEM, "variables": {"id": f"{HUBEI}:m7"}})
    assert response.status_code == 200
