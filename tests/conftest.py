"""Shared fixtures: the seeds are compiled once per test session."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

import policyapi
from policyapi.build.compile import compile_seeds
from policyapi.tables import Tables

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TEST_DOCUMENTS = Path(__file__).resolve().parent / "documents"
HUBEI = "hubei-ai-industry-implementation-opinions-2025"


@contextlib.contextmanager
def serving(store: policyapi.Store):
    """The real app over `store`, through Litestar's test client."""
    from litestar.testing import TestClient

    from policyapi.app import Settings, create_app

    with TestClient(create_app(Settings(), store=store)) as client:
        yield client


def graphql_data(client, query: str, variables: dict | None = None) -> dict:
    """POST a GraphQL query; its `data`, after checking there were no errors."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def assert_spans_slice_back(compiled: Tables) -> int:
    """Every stored span satisfies document.text[start:end] == quote; returns how many there are."""
    texts = {d.id: d.text for d in compiled.documents}
    spans = [m.span for m in compiled.measures] + [s.span for s in compiled.scenarios] + \
            [r.span for r in compiled.responsibilities] + [f.span for f in compiled.figures] + \
            [s.span for s in compiled.sections] + [p.span for p in compiled.place_mentions] + \
            [i.span for i in compiled.issuers] + [x for r in compiled.responsibility_lists for x in (r.span, r.covers)]
    for span in spans:
        assert texts[span.document_id][span.start:span.end] == span.quote, span
    return len(spans)


@pytest.fixture(scope="session")
def compiled() -> Tables:
    return compile_seeds(SEEDS)


@pytest.fixture(scope="session")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "policy.duckdb"
    policyapi.build(SEEDS, path)
    return path


@pytest.fixture(scope="session")
def store(db_path: Path) -> policyapi.Store:
    with policyapi.open(db_path) as opened:
        yield opened


@pytest.fixture(scope="session")
def client(store):
    """The real app, over HTTP, through Litestar's test client."""
    from litestar.testing import TestClient

    from policyapi.app import Settings, create_app

    app = create_app(Settings(cors_origins=("https://dash.example.org",)), store=store)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def gql(client):
    """POST a GraphQL query; return the decoded body after checking there were no errors."""

    def run(query: str, variables: dict | None = None, *, errors: bool = False) -> dict:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        body = response.json()
        if not errors:
            assert response.status_code == 200 and "errors" not in body, body
        return body

    return run
