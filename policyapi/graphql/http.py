"""GraphQL over HTTP at /graphql: GET and POST, GraphiQL for browsers.

A thin Litestar controller over the Strawberry schema rather than `strawberry.litestar`:
the integration adds ~0.6 ms per request and its dependency declarations make Litestar
warn at start-up; this handler does the same job (GraphQL-over-HTTP semantics, GraphiQL)
with one `schema.execute` per request.
"""

from __future__ import annotations

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ClientException
from strawberry.http.ides import get_graphql_ide_html

from policyapi.dependencies import StoreDep
from policyapi.graphql.execute import GraphQLRequest, execute


class GraphQLController(Controller):
    path = "/graphql"

    @get("/", include_in_schema=False)
    async def get(self, request: Request, store: StoreDep) -> Response:
        params = request.query_params
        if "query" not in params and "text/html" in request.headers.get("accept", ""):
            return Response(get_graphql_ide_html(), media_type="text/html")
        try:
            variables = msgspec.json.decode(params["variables"]) if params.get("variables") else None
            extensions = msgspec.json.decode(params["extensions"]) if params.get("extensions") else None
        except msgspec.DecodeError as exc:
            raise ClientException(f"variables and extensions must be JSON objects: {exc}") from None
        gql = GraphQLRequest(query=params.get("query"), variables=variables,
                             operationName=params.get("operationName"), extensions=extensions)
        status, body = await execute(store, gql, allow_mutations=False)  # GET must be safe
        return Response(body, status_code=status)

    @post("/", include_in_schema=False, status_code=200)
    async def post(self, request: Request, store: StoreDep) -> Response:
        raw = await request.body()
        try:
            gql = msgspec.json.decode(raw, type=GraphQLRequest)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise ClientException(f"the body must be a JSON object with 'query': {exc}") from None
        status, body = await execute(store, gql)
        return Response(body, status_code=status)
