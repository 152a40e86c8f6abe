"""Fuzz the public surfaces from their own schemas: REST from OpenAPI, GraphQL from introspection.

Bounded (examples per operation, no shrinking past a deadline) so it fits in `make test`;
every response must be a non-5xx that conforms to the documented schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from litestar.testing import TestClient

from policyapi.app import Settings, create_app

BOUNDS = settings(max_examples=30, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                         HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def app(store):
    app = create_app(Settings(), store=store)
    with TestClient(app):  # runs the lifespan, which puts the store and the GraphQL service on app state
        yield app


def _operations(schema) -> dict:
    return {op.ok().label: op.ok() for op in schema.get_all_operations()}


def _fuzz(operation, check, mode: GenerationMode) -> int:
    """Run `check` on the examples Hypothesis draws for one operation; returns how many ran."""
    ran = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @BOUNDS
    def run(case):
        ran.append(check(case))

    try:
        run()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        # No parameters to get wrong (e.g. GET /api/v1/provinces): there is no negative example.
    return len(ran)


def validate(case) -> None:
    # Every check but "schema-valid data is accepted": a cursor is any string to JSON Schema,
    # yet one we did not issue is rightly a 400 (see test_rest.py).
    response = case.call()
    if response.status_code == 414:  # a hundred long ids: refused for its length before any check, as documented
        assert response.json()["title"] == "URI too long"
        return
    case.validate_response(response, excluded_checks=[positive_data_acceptance])


# The pytest plugin of schemathesis does not load under pytest 9; its strategies are used directly.
def test_rest_never_fails_and_matches_its_openapi(app):
    operations = _operations(schemathesis.openapi.from_asgi("/schema/openapi.json", app))
    assert {"GET /api/v1/measures", "GET /api/v1/measures/{key}", "GET /api/v1/search"} <= set(operations)
    tried = 0
    for label, operation in operations.items():
        positive = _fuzz(operation, validate, GenerationMode.POSITIVE)
        assert positive > 0, label
        tried += positive + _fuzz(operation, validate, GenerationMode.NEGATIVE)
    print(f"schemathesis: {tried} REST requests over {len(operations)} operations")  # shown with -s


def test_graphql_never_fails(app):
    operations = _operations(schemathesis.graphql.from_asgi("/graphql", app))
    assert {"Query.measures", "Query.search", "Query.node"} <= set(operations)

    def check(case):
        response = case.call()
        assert response.status_code < 500, response.text
        assert "Traceback" not in response.text
        for error in response.json().get("errors", ()):
            assert error["extensions"]["code"] != "INTERNAL", error

    tried = 0
    for label, operation in operations.items():
        positive = _fuzz(operation, check, GenerationMode.POSITIVE)
        assert positive > 0, label
        tried += positive
    print(f"schemathesis: {tried} GraphQL requests over {len(operations)} root fields")
