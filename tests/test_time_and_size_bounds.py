"""Every GraphQL answer is bounded in time and in bytes, planned or not (issue 14, item 2).

A planned run is synchronous, so the time-limit middleware (it fires only at an `await`) cannot
stop it: the service gives it a deadline and answers as the middleware does. Every answer, planned
or answered by Strawberry, is at most `max_answer_bytes` of JSON, else a 400 naming the limit.
"""

from __future__ import annotations

import asyncio
import time

import msgspec
import pytest
from litestar.testing import TestClient

from policyapi.app import Settings, create_app
from policyapi.graphql.execute import MAX_ANSWER_BYTES, GraphQLRequest, GraphQLService, GraphQLSettings
from policyapi.graphql.planner import Plan

PAGE = "query($first: Int) { measures(first: $first) { nodes { slug title text document { title } } } }"


def _execute(service: GraphQLService, query: str, variables: dict | None = None):
    return asyncio.run(service.execute(GraphQLRequest(query=query, variables=variables)))


def _slow_loads(store, monkeypatch, seconds: float) -> None:
    """Each relation a planned run loads (`Store.one`: here each measure's document) takes `seconds`."""
    one = store.one

    def slow(relation, key):
        time.sleep(seconds)
        return one(relation, key)

    monkeypatch.setattr(store, "one", slow)


def test_a_slow_planned_run_answers_503_at_the_time_limit(store, monkeypatch):
    with TestClient(create_app(Settings(request_timeout=0.5, graphql=GraphQLSettings(response_cache=0)),
                               store=store)) as client:
        service = client.app.state.graphql
        assert service.settings.time_limit == 0.5  # the app gives the service its request time limit
        first = client.post("/graphql", json={"query": PAGE, "variables": {"first": 16}})
        assert first.status_code == 200 and len(first.json()["data"]["measures"]["nodes"]) == 16
        assert isinstance(service.plans.get((PAGE, None)), Plan)  # the next request runs planned

        _slow_loads(store, monkeypatch, 0.2)  # 16 measures: 3.2 s unchecked
        started = time.monotonic()
        response = client.post("/graphql", json={"query": PAGE, "variables": {"first": 16}})
        elapsed = time.monotonic() - started
    assert response.status_code == 503, (response.status_code, elapsed)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json() == {"type": "about:blank", "status": 503, "title": "Request took too long",
                               "detail": "the service answers within 0.5 s; ask for less (smaller pages)"}
    assert elapsed < 1.0, elapsed  # the limit plus one (slowed) resolver call


def test_the_service_stops_a_planned_run_at_its_deadline_and_has_none_by_default(store, monkeypatch):
    limited = GraphQLService(store, GraphQLSettings(response_cache=0, time_limit=0.3))
    unlimited = GraphQLService(store, GraphQLSettings(response_cache=0))
    variables = {"first": 4}
    for service in (limited, unlimited):
        assert _execute(service, PAGE, variables).status == 200  # Strawberry, then planned
    _slow_loads(store, monkeypatch, 0.1)
    started = time.monotonic()
    answer = _execute(limited, PAGE, variables)
    assert answer.status == 503 and answer.media_type == "application/problem+json" and not answer.cacheable
    assert time.monotonic() - started < 0.6
    assert msgspec.json.decode(answer.body)["title"] == "Request took too long"
    assert _execute(unlimited, PAGE, variables).status == 200  # the library sets no limit (0.4 s here)


BUDGET = 10_000  # bytes: a page of 16 measures with their text is ~20 kB, of 2 about 3 kB
REFUSAL = "the answer would be larger than 9.76562 kB: ask for smaller pages or fewer fields"


def _refused(answer) -> None:
    assert answer.status == 400, answer
    assert msgspec.json.decode(answer.body) == {"errors": [{"message": REFUSAL,
                                                            "extensions": {"code": "ANSWER_TOO_LARGE"}}]}


def test_a_planned_answer_over_the_byte_budget_is_refused(store, monkeypatch):
    service = GraphQLService(store, GraphQLSettings(response_cache=0, max_answer_bytes=BUDGET))
    small = _execute(service, PAGE, {"first": 2})
    assert small.status == 200 and len(small.body) < BUDGET
    assert isinstance(service.plans.get((PAGE, None)), Plan)

    async def refuse(*args, **kwargs):
        raise AssertionError("answered by Strawberry, not by the plan")

    monkeypatch.setattr(service, "_execute", refuse)
    _refused(_execute(service, PAGE, {"first": 16}))  # stopped by the plan, before the whole page
    assert _execute(service, PAGE, {"first": 2}).body == small.body  # and the plan still answers


def test_a_strawberry_answer_over_the_byte_budget_is_refused(store):
    service = GraphQLService(store, GraphQLSettings(response_cache=0, planned_queries=0, max_answer_bytes=BUDGET))
    _refused(_execute(service, PAGE, {"first": 16}))
    _refused(_execute(service, PAGE, {"first": 16}))  # twice: never planned, never cached
    assert _execute(service, PAGE, {"first": 2}).status == 200


def test_over_http_the_budget_is_a_400_and_ordinary_answers_are_far_below_it(store):
    settings = Settings(graphql=GraphQLSettings(max_answer_bytes=BUDGET))
    with TestClient(create_app(settings, store=store)) as client:
        for _ in range(2):  # not planned, then planned
            response = client.post("/graphql", json={"query": PAGE, "variables": {"first": 16}})
            assert response.status_code == 400
            assert response.json()["errors"][0]["message"] == REFUSAL
    assert MAX_ANSWER_BYTES == 16 * 2**20
    full = _execute(GraphQLService(store, GraphQLSettings(response_cache=0)), PAGE, {"first": 100})
    assert full.status == 200 and len(full.body) < MAX_ANSWER_BYTES // 100


@pytest.mark.parametrize("budget", [BUDGET, MAX_ANSWER_BYTES])
def test_the_planned_count_never_refuses_what_strawberry_sends(store, budget):
    """The plan's running count is an estimate; an answer it lets through is measured once encoded too,
    and an answer under the budget is never stopped early (the same answers either way)."""
    planned = GraphQLService(store, GraphQLSettings(response_cache=0, max_answer_bytes=budget))
    reference = GraphQLService(store, GraphQLSettings(response_cache=0, planned_queries=0, max_answer_bytes=budget))
    _execute(planned, PAGE, {"first": 1})
    for first in range(0, 17):
        a, b = _execute(planned, PAGE, {"first": first}), _execute(reference, PAGE, {"first": first})
        assert (a.status, a.body) == (b.status, b.body), first
