"""REST under /api/v1 against the real app: same answers as GraphQL, errors, caching, CORS."""

from __future__ import annotations

import httpx
import pytest

from conftest import HUBEI
from test_serve import policyapi_serve


def test_places(client):
    provinces = client.get("/api/v1/provinces").json()
    assert len(provinces) == 34 and {"code": "420000", "name": "Hubei", "name_zh": "湖北省", "slug": "hubei",
                                     "capital_code": "420100"} in provinces
    assert client.get("/api/v1/provinces/Zhejiang").json()["code"] == "330000"
    assert client.get("/api/v1/cities/温州").json()["province_code"] == "330000"
    assert "420700" in {c["code"] for c in client.get("/api/v1/cities", params={"province": "Hubei"}).json()}


def test_measures_match_graphql(client, gql):
    rest = client.get("/api/v1/measures", params={"lead_unit": "Provincial Data Bureau"}).json()
    graph = gql('{ measures(filter: {leadUnit: "Provincial Data Bureau"}) { totalCount nodes { slug title } } }')
    graph = graph["data"]["measures"]
    assert rest["total_count"] == graph["totalCount"] == 2
    assert [(m["id"], m["title"]) for m in rest["items"]] == [(n["slug"], n["title"]) for n in graph["nodes"]]
    item = client.get(f"/api/v1/measures/{HUBEI}:m7").json()
    assert item["title"] == "Enhance data supply capability" and item["span"]["start"] < item["span"]["end"]
    units = client.get(f"/api/v1/measures/{HUBEI}:m7/responsibilities").json()
    assert [(u["position"], u["is_lead"]) for u in units][:2] == [(1, True), (2, False)]
    assert len(client.get(f"/api/v1/measures/{HUBEI}:m10/scenarios").json()) == 5


def test_cursor_pagination_walks_every_item(client):
    seen, params = [], {"first": 6}
    while True:
        page = client.get("/api/v1/measures", params=params).json()
        seen += [m["number"] for m in page["items"]]
        if not page["has_next_page"]:
            break
        params["after"] = page["next_cursor"]
    assert seen == list(range(1, 17))


def test_units_figures_documents_search_dataset(client, store):
    unit = client.get("/api/v1/units/people's governments of various cities and prefectures").json()
    assert unit["name"] == "People's Governments of various cities and prefectures" and unit["measure_count"] == 12
    led = client.get(f"/api/v1/units/{unit['id']}/measures", params={"lead_only": "true"}).json()
    assert led["total_count"] == 0
    top = client.get("/api/v1/units", params={"order": "-measure_count", "first": 1}).json()["items"][0]
    assert top["name"] == unit["name"]
    figures = client.get("/api/v1/figures", params={"place": "Wenzhou", "unit": "GW"}).json()["items"]
    assert {(f["value"], f["year"]) for f in figures} >= {(30.0, 2030)}
    docs = client.get("/api/v1/documents", params={"kind": "policy"}).json()
    assert [d["number"] for d in docs["items"]] == ["Ezhengbanfa [2025] No. 34"]
    hits = client.get("/api/v1/search", params={"q": "brain computer interface"}).json()
    assert hits[0]["id"] == f"{HUBEI}:m3"
    assert client.get("/api/v1/dataset").json()["version"] == store.dataset.version
    assert client.get("/healthz").json() == {"status": "ok", "dataset": store.dataset.version}


@pytest.mark.parametrize(("url", "status"), [
    ("/api/v1/measures/no-such-measure", 404),
    ("/api/v1/provinces/Atlantis", 404),
    ("/api/v1/units/Ministry of Magic", 404),
    ("/api/v1/measures?first=101", 400),
    ("/api/v1/measures?first=-1", 400),
    ("/api/v1/measures?first=abc", 400),
    ("/api/v1/measures?after=bogus", 400),
    ("/api/v1/measures?order=sideways", 400),
    ("/api/v1/figures?year_from=soon", 400),
    ("/api/v1/figures?kind=rumour", 400),
    ("/api/v1/search", 400),
])
def test_client_mistakes_are_problem_details(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["detail"] and "Traceback" not in response.text


def test_etag_and_304(client):
    first = client.get("/api/v1/measures", params={"province": "Hubei"})
    tag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = client.get("/api/v1/measures", params={"province": "Hubei"}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/v1/measures", params={"province": "Zhejiang"}, headers={"If-None-Match": tag})
    assert other.status_code == 200
    gql_get = client.get("/graphql", params={"query": "{ dataset { version } }"})
    assert client.get("/graphql", params={"query": "{ dataset { version } }"},
                      headers={"If-None-Match": gql_get.headers["etag"]}).status_code == 304


def test_cors_and_compression(client):
    preflight = client.options("/graphql", headers={"Origin": "https://dash.example.org",
                                                    "Access-Control-Request-Method": "POST"})
    assert preflight.headers["access-control-allow-origin"] == "https://dash.example.org"
    response = client.get("/api/v1/measures", headers={"Origin": "https://dash.example.org",
                                                       "Accept-Encoding": "gzip"})
    assert response.headers["access-control-allow-origin"] == "https://dash.example.org"
    assert response.headers["content-encoding"] == "gzip"
    foreign = client.get("/api/v1/dataset", headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in foreign.headers


def test_openapi_schema(client):
    spec = client.get("/schema/openapi.json").json()
    assert {"/api/v1/measures", "/api/v1/units/{key}", "/api/v1/figures", "/api/v1/search"} <= set(spec["paths"])
    assert client.get("/schema/swagger", headers={"Accept": "text/html"}).status_code == 200


def test_real_server_process(db_path, tmp_path):
    """`policyapi serve` with two workers on a free loopback port answers GraphQL and REST."""
    # test_serve's helper: the server in its own process group, the whole group stopped in a finally.
    with policyapi_serve(db_path, tmp_path, workers=2) as server:
        base = server.base
        body = httpx.post(f"{base}/graphql", json={"query": '{ unit(name: "Provincial Data Bureau") '
                                                            '{ measureCount leadCount } }'}).json()
        assert body == {"data": {"unit": {"measureCount": 5, "leadCount": 2}}}
        assert httpx.get(f"{base}/api/v1/measures/{HUBEI}:m1").json()["number"] == 1


def test_a_page_size_is_written_with_digits(client):
    # msgspec's lax mode would read "20.0" as 20; the OpenAPI schema says integer, so it is a 400.
    for bad in ("20.0", "-1", "101", "1e1", "２"):
        response = client.get("/api/v1/measures", params={"first": bad})
        assert response.status_code == 400 and "page size" in response.text, bad
    assert client.get("/api/v1/measures", params={"first": "2"}).json()["items"][1]["number"] == 2
