"""Automatic Persisted Queries and the whole-response cache, over HTTP against the real app."""

from __future__ import annotations

import hashlib
import json

import pytest
from litestar.testing import TestClient

from policyapi.app import Settings, create_app
from policyapi.graphql.execute import GraphQLSettings

from conftest import HUBEI

QUERY = "query($id: String!) { measure(id: $id) { number title leadUnit { name } } }"
DIGEST = hashlib.sha256(QUERY.encode()).hexdigest()
APQ = {"persistedQuery": {"version": 1, "sha256Hash": DIGEST}}


@pytest.fixture
def fresh(store):
    """An app of its own, so the caches start empty."""
    with TestClient(create_app(Settings(), store=store)) as client:
        yield client


def _get(client, **params):
    return client.get("/graphql", params={k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()})


def test_apq_miss_register_hit_over_get(fresh):
    variables = {"id": f"{HUBEI}:m7"}
    miss = _get(fresh, extensions=APQ, variables=variables)
    assert miss.status_code == 200
    assert miss.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert miss.headers["cache-control"] == "no-store"  # a CDN must not keep the miss

    register = fresh.post("/graphql", json={"query": QUERY, "variables": variables, "extensions": APQ})
    assert register.json()["data"]["measure"]["number"] == 7

    hit = _get(fresh, extensions=APQ, variables=variables)
    assert hit.status_code == 200
    assert hit.json()["data"]["measure"] == register.json()["data"]["measure"]
    assert hit.json()["data"]["measure"]["leadUnit"]["name"] == \
        "Provincial Data Bureau"
    assert hit.headers["cache-control"].startswith("public, max-age=")
    assert hit.headers["etag"]
    # Other variables under the same hash: the persisted query, run again.
    other = _get(fresh, extensions=APQ, variables={"id": f"{HUBEI}:m1"})
    assert other.json()["data"]["measure"]["number"] == 1


@pytest.mark.parametrize(("extensions", "message"), [
    ({"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}, "provided sha does not match query"),
    ({"persistedQuery": {"version": 2, "sha256Hash": DIGEST}}, "persistedQuery must be"),
    ({"persistedQuery": {"version": 1, "sha256Hash": "not-a-hash"}}, "64 lower-case hex"),
    ({"persistedQuery": "yes"}, "persistedQuery must be"),
])
def test_apq_bad_hashes_are_400(fresh, extensions, message):
    response = fresh.post("/graphql", json={"query": QUERY, "variables": {"id": f"{HUBEI}:m7"},
                                            "extensions": extensions})
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]


def test_apq_can_be_turned_off(store):
    settings = Settings(graphql=GraphQLSettings(persisted_queries=0))
    with TestClient(create_app(settings, store=store)) as client:
        response = _get(client, extensions=APQ, variables={"id": f"{HUBEI}:m7"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


def test_response_cache_hits_on_same_operation_however_spaced(fresh):
    variables = {"id": f"{HUBEI}:m3"}
    first = fresh.post("/graphql", json={"query": QUERY, "variables": variables})
    assert first.headers["x-cache"] == "miss"
    spaced = "# the same operation\n" + QUERY.replace(" ", "\n  ")
    second = fresh.post("/graphql", json={"query": spaced, "variables": variables})
    assert second.headers["x-cache"] == "hit"
    assert second.json() == first.json()
    assert second.json()["data"]["measure"]["number"] == 3
    # Different variables are a different response.
    third = fresh.post("/graphql", json={"query": QUERY, "variables": {"id": f"{HUBEI}:m4"}})
    assert third.headers["x-cache"] == "miss"
    assert third.json()["data"]["measure"]["number"] == 4


def test_response_cache_keeps_no_failed_request(fresh):
    for _ in range(2):
        response = fresh.post("/graphql", json={"query": "{ measure(id: 7) { title } }"})
        assert response.status_code == 400
        assert response.headers["x-cache"] == "miss"


def test_response_cache_can_be_turned_off(store):
    with TestClient(create_app(Settings(graphql=GraphQLSettings(response_cache=0)), store=store)) as client:
        for _ in range(2):
            response = client.post("/graphql", json={"query": QUERY, "variables": {"id": f"{HUBEI}:m3"}})
            assert response.headers["x-cache"] == "off"
            assert response.json()["data"]["measure"]["number"] == 3


def test_response_cache_is_bounded(store):
    settings = Settings(graphql=GraphQLSettings(response_cache=3))
    with TestClient(create_app(settings, store=store)) as client:
        for n in range(1, 7):
            client.post("/graphql", json={"query": QUERY, "variables": {"id": f"{HUBEI}:m{n}"}})
        assert len(client.app.state.graphql.responses) == 3
        again = client.post("/graphql", json={"query": QUERY, "variables": {"id": f"{HUBEI}:m1"}})
        assert again.headers["x-cache"] == "miss"  # the oldest went first
        recent = client.post("/graphql", json={"query": QUERY, "variables": {"id": f"{HUBEI}:m6"}})
        assert recent.headers["x-cache"] == "hit"
