"""Hostile requests: GraphQL limits, oversize bodies and URLs, rate and time limits, injection strings.

Each answer is a 4xx with a message that names the limit; nothing a client sends is a 500.
"""

from __future__ import annotations

import asyncio

import pytest
from litestar import Litestar, get
from litestar.testing import TestClient

from policyapi.app import Settings, create_app, parse_rate
from policyapi.graphql.limits import Limits
from policyapi.middleware import time_limit

from conftest import HUBEI


def _errors(client, query: str, variables: dict | None = None) -> tuple[int, list[str]]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    return response.status_code, [e["message"] for e in response.json().get("errors", ())]


def test_depth_limit(client):
    deep = "{ measures(first: 1) { nodes { document { measures(first: 1) { nodes { document { " \
           "measures(first: 1) { nodes { document { measures(first: 1) { nodes { document { measures(first: 1) { totalCount } } } } } } } } } } } } } }"
    status, messages = _errors(client, deep)
    assert status == 400
    assert any("exceeds maximum operation depth of 12" in m for m in messages), messages


def test_alias_limit(client):
    aliased = "{ " + " ".join(f"a{i}: dataset {{ version }}" for i in range(31)) + " }"
    status, messages = _errors(client, aliased)
    assert status == 400
    assert messages == ["31 aliases found. Allowed: 30"]


def test_token_limit(client):
    huge = "{ dataset { " + "version " * 2100 + "} }"
    status, messages = _errors(client, huge)
    assert status == 400
    assert "Document contains more than 2000 tokens" in messages[0]


def test_cost_limit_names_the_numbers(client):
    costly = """{ measures(first: 100) { nodes { responsibilities { unit {
                  measures(first: 100) { nodes { title } } } } } } }"""
    status, messages = _errors(client, costly)
    assert status == 400
    # 1 connection + 100 measures × (1 + 20 responsibilities × (1 + 1 unit + 1 connection + 100 measures))
    assert messages[0].startswith("operation may return up to 206101 objects, over the limit of 10000")


def test_cost_limit_counts_variables_at_their_maximum(client):
    query = """query($n: Int) { measures(first: $n) { nodes { responsibilities { unit {
                 measures(first: 5) { nodes { title } } } } } } }"""
    status, messages = _errors(client, query, {"n": 1})
    assert status == 400 and "over the limit" in messages[0]
    with_default = query.replace("$n: Int", "$n: Int = 2")
    status, messages = _errors(client, with_default, {"n": 2})
    assert status == 200 and messages == []


def test_ordinary_queries_are_within_every_limit(client, gql):
    # A 20-row page with its units, scenarios and figures; GraphiQL's introspection.
    page = gql("""{ measures(first: 20) { totalCount edges { cursor node { title responsibilities { isLead
                unit { name } } scenarios { name } figures { value unit } } } } }""")
    assert page["data"]["measures"]["totalCount"] == 16
    from graphql import get_introspection_query
    introspection = gql(get_introspection_query(descriptions=True))
    assert any(t["name"] == "Measure" for t in introspection["data"]["__schema"]["types"])


def test_first_is_capped(client):
    status, messages = _errors(client, "{ measures(first: 101) { nodes { title } } }")
    assert messages and "first must be between 0 and 100" in messages[0]


def test_limits_are_configurable(store):
    from policyapi.graphql.execute import GraphQLSettings

    settings = Settings(graphql=GraphQLSettings(limits=Limits(max_depth=2, max_cost=5)))
    with TestClient(create_app(settings, store=store)) as strict:
        status, messages = _errors(strict, "{ measures(first: 6) { nodes { title } } }")
        assert status == 400 and "over the limit of 5" in messages[0]
        status, messages = _errors(strict, "{ measures(first: 5) { nodes { document { title } } } }")
        assert status == 400 and "exceeds maximum operation depth of 2" in messages[0]


def test_syntax_errors_say_where(client):
    status, messages = _errors(client, "{ measures(first: 2) { nodes { title }")
    response = client.post("/graphql", json={"query": "{ measures(first: 2) { nodes { title }"})
    assert status == 400
    error = response.json()["errors"][0]
    assert error["message"].startswith("Syntax Error: Expected Name, found <EOF>")
    assert error["locations"] == [{"line": 1, "column": 39}]
    assert "Traceback" not in response.text


def test_oversize_body_is_413(client):
    response = client.post("/graphql", content=b'{"query": "' + b" " * 200_000 + b'{ dataset { version } }"}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


def test_oversize_url_is_414(client):
    response = client.get("/api/v1/measures", params={"q": "x" * 9000})
    assert response.status_code == 414
    assert response.json()["detail"].endswith("the limit is 8192")


def test_rate_limit_per_client(store):
    with TestClient(create_app(Settings(rate_limit=(3, "minute")), store=store)) as limited:
        codes = [limited.get("/api/v1/dataset").status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        assert limited.get("/healthz").status_code == 200  # probes are never limited
        refused = limited.get("/api/v1/provinces")
        assert refused.status_code == 429 and int(refused.headers["ratelimit-reset"]) > 0


def test_rate_limit_setting_parses():
    assert parse_rate("100/second") == (100, "second")
    assert parse_rate("6000/minutes") == (6000, "minute")
    assert parse_rate("off") is None
    with pytest.raises(ValueError, match="expected <requests>/<second|minute|hour|day>"):
        parse_rate("fast")


def test_time_limit_answers_503_with_problem_details():
    @get("/slow")
    async def slow() -> str:
        await asyncio.sleep(5)
        return "late"

    app = Litestar([slow], middleware=[time_limit(0.05)])
    with TestClient(app) as client:
        response = client.get("/slow")
    assert response.status_code == 503
    assert response.json()["title"] == "Request took too long"


INJECTIONS = ["' OR 1=1 --", "\"; DROP TABLE measures; --", "x') UNION SELECT * FROM documents --",
              "read_csv('/etc/passwd')", "%' OR '%'='", "\\x00", "${7*7}", "{{7*7}}", "../../etc/passwd",
              "1; ATTACH '/tmp/x.db'", "湖北' OR 'a'='a"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_strings_in_every_rest_filter(client, payload):
    for path, params in [("/api/v1/measures", ["province", "city", "document", "unit", "lead_unit", "q"]),
                         ("/api/v1/units", ["place", "q"]), ("/api/v1/figures", ["place", "unit", "measure"]),
                         ("/api/v1/documents", ["place"]), ("/api/v1/search", ["q"])]:
        for param in params:
            response = client.get(path, params={param: payload})
            assert response.status_code in {200, 400, 404}, (path, param, response.text)
            if response.status_code == 200 and param != "q":
                assert response.json()["items"] == []
    for path in ["/api/v1/measures/", "/api/v1/units/", "/api/v1/provinces/", "/api/v1/documents/"]:
        assert client.get(path + payload.replace("/", "%2F")).status_code in {404, 400}
    assert client.get(f"/api/v1/measures/{HUBEI}:m7").status_code == 200  # and nothing was harmed


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_strings_in_every_graphql_filter(client, payload):
    query = """query($p: String!) {
      measures(filter: {province: $p, city: $p, document: $p, unit: $p, leadUnit: $p, section: $p, q: $p}) { totalCount }
      units(filter: {place: $p, q: $p}) { totalCount }
      figures(filter: {place: $p, unit: $p, document: $p, measure: $p}) { totalCount }
      search(query: $p) { snippet }
    }"""
    response = client.post("/graphql", json={"query": query, "variables": {"p": payload}})
    assert response.status_code == 200, response.text
    for error in response.json().get("errors", ()):
        assert error["extensions"]["code"] in {"NOT_FOUND", "BAD_USER_INPUT"}, error


def test_fragments_that_spread_each_other_twice_are_checked_quickly(client):
    # F0 spreads F1 twice, F1 spreads F2 twice, ...: 2^30 expansions if each spread is walked anew
    # (Strawberry's own depth and alias limiters do, and hang). The limits count the expansion
    # without walking it, and the cost bound refuses it.
    chain = "".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }} " for i in range(30))
    query = "{ ...F0 } " + chain + "fragment F30 on Query { dataset { version } }"
    status, messages = _errors(client, query)
    assert status == 400
    assert messages == ["operation may return up to 1073741824 objects, over the limit of 10000: "
                        "ask for smaller pages (first) or fewer nested lists"]
