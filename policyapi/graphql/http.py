"""GraphQL over HTTP at /graphql: GET and POST, GraphiQL for browsers.

A thin Litestar controller over the Strawberry schema rather than `strawberry.litestar`:
the integration adds ~0.6 ms per request and its dependency declarations make Litestar
warn at start-up; this handler does the same job (GraphQL-over-HTTP semantics, GraphiQL)
with one `schema.execute` per request.
"""

from __future__ import annotations

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.exceptions import ClientException
from strawberry.http.ides import get_graphql_ide_html

from policyapi.dependencies import GraphQLDep
from policyapi.graphql.execute import Answer, GraphQLRequest


class GraphQLController(Controller):
    path = "/graphql"

    @get("/", include_in_schema=False)
    async def get(self, request: Request, graphql: GraphQLDep) -> Response:
        params = request.query_params
        if "query" not in params and "text/html" in request.headers.get("accept", ""):
            return Response(get_graphql_ide_html(), media_type="text/html")
        try:
            gql = msgspec.convert({
                "query": params.get("query"), "operationName": params.get("operationName"),
                "variables": msgspec.json.decode(params["variables"]) if params.get("variables") else None,
                "extensions": msgspec.json.decode(params["extensions"]) if params.get("extensions") else None,
            }, GraphQLRequest)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise ClientException(f"variables and extensions must be JSON objects: {exc}") from None
        return _response(await graphql.execute(gql, allow_mutations=False))  # GET must be safe

    @post("/", include_in_schema=False, status_code=200)
    async def post(self, request: Request, graphql: GraphQLDep) -> Response:
        raw = await request.body()
        try:
            gql = msgspec.json.decode(raw, type=GraphQLRequest)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise ClientException(f"the body must be a JSON object with 'query': {exc}") from None
        return _response(await graphql.execute(gql))


def _response(answer: Answer) -> Response:
    headers = {"X-Cache": answer.cache}
    if not answer.cacheable:
        headers["Cache-Control"] = "no-store"
    return Response(answer.body, status_code=answer.status, media_type=MediaType.JSON, headers=headers)
