"""GraphQL over HTTP at /graphql: GET and POST, GraphiQL for browsers.

A thin Litestar controller over the Strawberry schema rather than `strawberry.litestar`:
the integration adds ~0.6 ms per request and its dependency declarations make Litestar
warn at start-up; this handler does the same job (GraphQL-over-HTTP semantics, GraphiQL)
with one `schema.execute` per request.
"""

from __future__ import annotations

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.plugins.problem_details import ProblemDetailsException
from strawberry.http.ides import get_graphql_ide_html

from policyapi.dependencies import GraphQLDep
from policyapi.graphql.cache import parsed
from policyapi.graphql.execute import Answer, GraphQLRequest, GraphQLService


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
            raise _bad_request(f"variables and extensions must be JSON objects: {exc}") from None
        if refused := _refuse_operation(graphql, gql, "GET"):
            return _response(refused)
        return _response(await graphql.execute(gql, allow_mutations=False))  # GET must be safe

    @post("/", include_in_schema=False, status_code=200)
    async def post(self, request: Request, graphql: GraphQLDep) -> Response:
        raw = await request.body()
        try:
            raw.decode()  # JSON is UTF-8 (RFC 8259), in the fields we skip too; msgspec raises this mid-decode
            gql = msgspec.json.decode(raw, type=GraphQLRequest)
        except UnicodeDecodeError as exc:
            raise _bad_request(f"the body is not valid UTF-8 (byte {exc.start})") from None
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise _bad_request(f"the body must be a JSON object with 'query': {exc}") from None
        if refused := _refuse_operation(graphql, gql, "POST"):
            return _response(refused)
        return _response(await graphql.execute(gql))


def _bad_request(detail: str) -> ProblemDetailsException:
    # Not ClientException: the problem-details plugin would put our message in `title` and "Bad Request" in `detail`.
    return ProblemDetailsException(status_code=400, title="Bad request", detail=detail)


def _refuse_operation(graphql: GraphQLService, gql: GraphQLRequest, method: str) -> Answer | None:
    """A clear answer when the operation to run cannot be chosen or is not for this method.

    Strawberry runs the first of several operations when none is named, and answers the others with
    exception texts ("Z", "OperationType.SUBSCRIPTION")."""
    if not gql.query:  # nothing sent, or a persisted-query hash: the service answers
        return None
    # The same parse the service's caches use (cache.parsed, kept by a digest of the text): done once.
    operations = parsed(gql.query, gql.operationName, graphql.settings.limits.max_tokens).kinds
    if not operations or (len(operations) > 1 and None in (name for name, _ in operations)):
        return None  # a syntax error, or an anonymous operation among others: validation says so
    names = ", ".join(f'"{name}"' for name, _ in operations)
    if gql.operationName is None and len(operations) > 1:
        return _refusal(400, f"the document has {len(operations)} operations: choose one with operationName ({names})")
    chosen = [kind for name, kind in operations if gql.operationName in (None, name)]
    if not chosen:
        return _refusal(400, f'Unknown operation named "{gql.operationName}" (the document has {names})')
    if chosen[0] == "subscription":
        return _refusal(400, "subscriptions are not supported: this API answers queries")
    if chosen[0] == "mutation" and method == "GET":  # GraphQL over HTTP: 405 for a mutation over GET
        return _refusal(405, "a mutation cannot be sent with GET: use POST")
    return None


def _refusal(status: int, message: str) -> Answer:
    body = {"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]}
    return Answer(status, msgspec.json.encode(body), True, "off")


def _response(answer: Answer) -> Response:
    headers = {"X-Cache": answer.cache}
    if answer.status == 405:
        headers["Allow"] = "POST"
    if not answer.cacheable:
        headers["Cache-Control"] = "no-store"
    media_type = MediaType.JSON if answer.media_type == "application/json" else answer.media_type  # problem+json: 503
    return Response(answer.body, status_code=answer.status, media_type=media_type, headers=headers)
