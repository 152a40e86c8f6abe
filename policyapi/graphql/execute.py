"""Run one GraphQL request against the store: shared by HTTP, the CLI and the library."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import msgspec
from graphql import GraphQLError
from strawberry.types.graphql import OperationType

from policyapi.errors import NotFound, PolicyAPIError
from policyapi.graphql.loaders import Context
from policyapi.graphql.schema import schema
from policyapi.store import Store

log = logging.getLogger(__name__)


class GraphQLRequest(msgspec.Struct, forbid_unknown_fields=False):
    query: str | None = None
    variables: dict[str, Any] | None = None
    operationName: str | None = None  # noqa: N815 - the protocol's spelling
    extensions: dict[str, Any] | None = None


def _format_error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    if original is not None and not isinstance(original, PolicyAPIError | GraphQLError):
        # A bug, not the client's mistake: log it, say nothing of the internals.
        log.error("error resolving %s", error.path, exc_info=original)
        return {"message": "Internal server error", "path": error.path, "extensions": {"code": "INTERNAL"}}
    formatted = error.formatted
    code = "NOT_FOUND" if isinstance(original, NotFound) else (
        "BAD_USER_INPUT" if original is not None else "GRAPHQL_VALIDATION_FAILED")
    formatted["extensions"] = {**(formatted.get("extensions") or {}), "code": code}
    return formatted


async def execute(store: StoreDep, request: GraphQLRequest, *, allow_mutations: bool = True) -> tuple[int, dict]:
    """Run one GraphQL request; returns the HTTP status and the response body."""
    if not request.query:
        return 400, {"errors": [{"message": "no GraphQL query given (send 'query')",
                                 "extensions": {"code": "BAD_REQUEST"}}]}
    allowed = (OperationType.QUERY,) if not allow_mutations else (OperationType.QUERY, OperationType.MUTATION)
    result = await schema.execute(request.query, variable_values=request.variables, context_value=Context(store),
                                  operation_name=request.operationName, allowed_operation_types=allowed)
    body: dict[str, Any] = {}
    if result.errors:
        body["errors"] = [_format_error(e) for e in result.errors]
    # No data at all means the request never ran (syntax, validation, variables): a 400.
    if result.data is None and result.errors and all(e.path is None for e in result.errors):
        return 400, body
    body["data"] = result.data
    return 200, body


def run(store: Store, query: str, variables: dict[str, Any] | None = None,
        operation_name: str | None = None) -> dict[str, Any]:
    """Execute a query in-process (no server) and return the response body: data and errors."""
    _, body = asyncio.run(execute(store, GraphQLRequest(query=query, variables=variables,
                                                        operationName=operation_name)))
    return body
