"""The cost limit prices what will run, and every GraphQL cache is bounded in bytes, keys included.

Costs: the variables' values sent (never a default the client overrides), never below zero,
a huge Int literal a client error. Caches: filled with many distinct large entries, each
stays within its byte bound by its own accounting and by tracemalloc; a persisted query is
kept only once it has validated.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import re
import tracemalloc

from litestar.testing import TestClient

from policyapi.app import Settings, create_app
from policyapi.graphql import cache
from policyapi.graphql.execute import GraphQLRequest, GraphQLService, GraphQLSettings
from policyapi.graphql.limits import Limits
from policyapi.graphql.schema import STRAWBERRY_CACHE

NESTED = "nodes { responsibilities { unit { measures(first: 100) { nodes { title } } } } }"
PADDING = 90_000  # characters: a request just under the 100 kB body limit
MB = 2**20


def _errors(client, query: str, variables: dict | None = None) -> tuple[int, list[str], list[str]]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    errors = response.json().get("errors", ())
    return response.status_code, [e["message"] for e in errors], [e["extensions"]["code"] for e in errors]


def _answers(service: GraphQLService, requests: list[dict]) -> list:
    async def run():
        return [await service.execute(GraphQLRequest(**r)) for r in requests]
    return asyncio.run(run())


def _priced(store, query: str, variables: dict | None = None) -> int | None:
    """The cost the service puts on `query`: with a limit of -1, anything priced 0 or more is refused, naming
    it; None when it is priced below zero."""
    service = GraphQLService(store, GraphQLSettings(limits=Limits(max_cost=-1), response_cache=0))
    answer, = _answers(service, [{"query": query, "variables": variables}])
    found = re.search(rb"may return up to (-?\d+) objects", answer.body)
    return int(found.group(1)) if found else None


def _padded(i: int, query: str) -> str:
    return f"# {i} {'x' * PADDING}\n{query}"


def _apq(query: str) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}}


# ---- cost ----------------------------------------------------------------------------------


def test_a_negative_page_cannot_hide_the_rest_of_the_operation(client):
    # A negative default (overridden by the value sent) or literal once made one selection's cost
    # hugely negative, so a 206,101-object selection beside it passed.
    costly = f"b: measures(first: 100) {{ {NESTED} }}"
    by_default = f"query($n: Int = -2147483648) {{ a: measures(first: $n) {{ {NESTED} }} {costly} }}"
    status, messages, _ = _errors(client, by_default, {"n": 0})
    assert status == 400 and "over the limit of 10000" in messages[0], messages
    by_literal = f"{{ a: measures(first: -2147483648) {{ {NESTED} }} {costly} }}"
    status, messages, _ = _errors(client, by_literal)
    assert status == 400 and "over the limit of 10000" in messages[0], messages


def test_the_value_sent_is_priced_not_the_default(store):
    query = f"query($n: Int = 1) {{ measures(first: $n) {{ {NESTED} }} }}"  # 2,062 objects at n = 1
    with TestClient(create_app(Settings(), store=store)) as fresh:
        assert _errors(fresh, query, {"n": 1})[0] == 200
        assert _errors(fresh, query)[0] == 200  # the default, 1
        # Planned by now: the check must not be Strawberry's alone.
        status, messages, _ = _errors(fresh, query, {"n": 100})
        assert status == 400 and messages[0].startswith("operation may return up to 206101 objects"), messages
        status, messages, _ = _errors(fresh, query, {"n": None})  # null: the default page (20) runs
        assert status == 400 and "over the limit" in messages[0], messages
        status, _, codes = _errors(fresh, query, {"n": "lots"})  # not an Int: priced at the maximum, or refused
        assert status == 400 and "INTERNAL" not in codes


def test_nothing_prices_below_zero_and_a_connection_counts_itself(store):
    assert _priced(store, "{ measures(first: 0) { nodes { title } } }") == 1  # the connection itself
    assert _priced(store, "{ measures(first: -5) { nodes { title } } }") == 1
    assert _priced(store, '{ search(query: "x", first: 0) { snippet } }') == 0  # an empty list: no object
    assert _priced(store, '{ search(query: "x", first: -3) { snippet } }') == 0
    negative = "query($n: Int) { measures(first: $n) { nodes { title } } }"
    assert _priced(store, negative, {"n": -7}) == 1
    assert _priced(store, negative, {"n": 3}) == 4
    assert _priced(store, negative.replace("Int)", "Int = -9)")) == 1


def test_a_huge_int_literal_is_a_client_error(client):
    huge = "1" * 50_000  # past Python's int-string conversion limit
    for query in [f"{{ measures(first: {huge}) {{ totalCount }} }}",
                  f"{{ measures(first: -{huge}) {{ totalCount }} }}",
                  f"query($n: Int = {huge}) {{ measures(first: $n) {{ totalCount }} }}"]:
        status, messages, codes = _errors(client, query)
        assert status == 400 and "INTERNAL" not in codes, (messages, codes)
        assert any("Int" in m for m in messages), messages


# ---- caches --------------------------------------------------------------------------------


def test_an_invalid_persisted_query_is_not_stored(store):
    service = GraphQLService(store)
    invalid = "{ nope }"
    costly = f"{{ measures(first: 100) {{ {NESTED} }} }}"
    valid = "{ dataset { version } }"
    answers = _answers(service, [{"query": q, "extensions": _apq(q)} for q in (invalid, costly, valid)])
    assert [a.status for a in answers] == [400, 400, 200]
    digests = [_apq(q)["persistedQuery"]["sha256Hash"] for q in (invalid, costly, valid)]
    assert [d in service.persisted for d in digests] == [False, False, True]
    # The stored one answers by hash alone.
    by_hash, = _answers(service, [{"extensions": _apq(valid)}])
    assert by_hash.status == 200 and b"version" in by_hash.body


def test_persisted_queries_are_bounded_in_bytes(store):
    service = GraphQLService(store, GraphQLSettings(persisted_queries_bytes=MB))
    queries = [_padded(i, "{ dataset { version } }") for i in range(30)]
    answers = _answers(service, [{"query": q, "extensions": _apq(q)} for q in queries])
    assert {a.status for a in answers} == {200}
    assert 0 < len(service.persisted) < 30
    assert service.persisted.nbytes <= MB
    assert GraphQLSettings().persisted_queries_bytes == 16 * MB


def test_response_cache_counts_its_keys(store):
    service = GraphQLService(store, GraphQLSettings(response_cache_bytes=MB))
    # Not a filter: the store keeps filters' answers itself (store.py), keyed by their values.
    query = "query($id: String!) { measure(id: $id) { title } }"
    _answers(service, [{"query": query, "variables": {"id": "warm-up"}}])
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        _answers(service, [{"query": query, "variables": {"id": f"{i} {'x' * PADDING}"}} for i in range(40)])
        gc.collect()  # the lexer's tokens are cycles: garbage, not kept
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert service.responses.nbytes <= MB
    assert grown < 2 * MB, grown  # 40 × 90 kB keys offered; at most the 1 MB bound kept (plus slack)


def test_unused_variables_do_not_make_new_cache_entries(store):
    service = GraphQLService(store)
    query = "{ dataset { version } }"
    answers = _answers(service, [{"query": query, "variables": {"junk": f"{i} {'x' * PADDING}"}} for i in range(5)])
    assert [a.cache for a in answers] == ["miss", "hit", "hit", "hit", "hit"]
    assert len(service.responses) == 1 and service.responses.nbytes < 10_000


def test_normalisation_is_not_keyed_by_the_query_text(store):
    service = GraphQLService(store)
    service.answer_without_executor(GraphQLRequest(query=_padded(0, "{ dataset { version } }")))
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(1, 60):  # each query made and dropped here: only what a cache keeps is counted
            service.answer_without_executor(GraphQLRequest(query=_padded(i, "{ dataset { version } }")))
        gc.collect()  # the lexer's tokens are cycles: garbage, not kept
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < MB, grown  # 59 × 90 kB of text offered
    assert cache.operations.nbytes <= cache.operations.max_bytes


def test_plans_are_bounded_in_bytes(store):
    service = GraphQLService(store, GraphQLSettings(response_cache=0, planned_queries_bytes=MB))
    _answers(service, [{"query": _padded(i, "{ dataset { version } }")} for i in range(30)])
    assert 0 < len(service.plans) < 30
    assert service.plans.nbytes <= MB


def test_lru_accounting_matches_memory():
    lru = cache.LRU(10_000, MB)
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(200):
            lru.put(f"{i} {'k' * 20_000}", (200, b"v" * 20_000))
        gc.collect()  # the lexer's tokens are cycles: garbage, not kept
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert lru.nbytes <= MB
    assert grown < 1.25 * MB, grown
    assert lru.nbytes > 0.75 * grown  # the accounting is close to what is really held


def test_strawberrys_parse_and_validation_caches_hold_few_documents(store):
    # Strawberry's ParserCache keeps each query's text and parsed document, by text: a query of 1,700 tokens
    # (under the token limit) with 90 kB of comment (under the body limit) keeps ~0.9 MB (tracemalloc), so the
    # 1,024 entries we used to allow could hold ~940 MB. 64 entries: under 60 MB.
    from strawberry.extensions.parser_cache import _get_parse_cache

    service = GraphQLService(store, GraphQLSettings(response_cache=0, planned_queries=0))
    _answers(service, [{"query": f"#{i}\n{{ dataset {{ version }} }}"} for i in range(STRAWBERRY_CACHE + 40)])
    assert _get_parse_cache(STRAWBERRY_CACHE).cache_info().currsize == STRAWBERRY_CACHE  # in use, and full


