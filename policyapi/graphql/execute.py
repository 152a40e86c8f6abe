"""Run GraphQL requests against one store: shared by HTTP, the CLI and the library.

`GraphQLService` adds what the protocol layer needs around `schema.execute`: Automatic
Persisted Queries (Apollo's protocol), a whole-response cache, planned execution of
operations already validated (planner.py), the cost limit priced at the variables sent, and
error shaping (codes, no internals). Each is on by default and set by `GraphQLSettings`;
every cache is bounded in bytes, keys included (cache.py).

Two bounds hold on every path (issue 14, item 2). The time limit: a planned run is synchronous, so
the app's time-limit middleware cannot stop it; the service gives it a deadline (`time_limit`, set
by the app from `Settings.request_timeout`) and answers a run past it with the middleware's own 503
problem details. The answer's size: at most `max_answer_bytes` (MAX_ANSWER_BYTES) of JSON, else a
400 `ANSWER_TOO_LARGE` (a client error, as the cost limit is: the request asks for too much; not a
413, which is about the request's own body). A planned run counts its bytes as it emits them and
stops early; Strawberry's answer is measured once encoded, so it has been built by then (its size is
bounded by the cost limit beforehand).
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
import weakref
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import msgspec
from graphql import GraphQLError, get_operation_ast, parse
from strawberry.types.graphql import OperationType

from policyapi.errors import NotFound, PolicyAPIError
from policyapi.graphql.cache import LRU, Operation, operation, response_key, sha256_hex
from policyapi.graphql.limits import Limits, cost_message, operation_cost
from policyapi.graphql.loaders import Context
from policyapi.graphql.planner import AnswerTooLarge, Fallback, Plan, TimeLimitExceeded, plan
from policyapi.graphql.schema import Schema, make_schema, schema as default_schema
from policyapi.paging import MAX_PAGE
from policyapi.store import Store

log = logging.getLogger(__name__)
_SHA256 = re.compile(r"[0-9a-f]{64}")
PLAN_BYTES_PER_CHARACTER = 256  # a plan holds ~170-200 bytes per character of the canonical query (measured)
COSTS = 4096  # (operation, page sizes) -> cost, kept per service: a repeat needs no parse
COSTS_BYTES = 2**20
# The largest GraphQL answer sent, in bytes of JSON. The largest ordinary answer (100 measures with their text
# and relations) is well under 1 MB; 16 MB is what a client can still decode comfortably, and far past any page.
MAX_ANSWER_BYTES = 16 * 2**20


class GraphQLRequest(msgspec.Struct, forbid_unknown_fields=False):
    query: str | None = None
    variables: dict[str, Any] | None = None
    operationName: str | None = None  # noqa: N815 - the protocol's spelling
    extensions: dict[str, Any] | None = None


@dataclass(frozen=True)
class GraphQLSettings:
    limits: Limits = field(default_factory=Limits)
    response_cache: int = 4096  # responses kept (per process); 0 turns the cache off
    response_cache_bytes: int = 64 * 2**20  # ... and their bytes, keys included
    persisted_queries: int = 10_000  # APQ queries kept (per process); 0 turns APQ off
    persisted_queries_bytes: int = 16 * 2**20  # ... and their bytes: ~170 of the largest (100 kB) queries
    planned_queries: int = 1024  # operations kept planned (per process); 0 runs every request in Strawberry
    planned_queries_bytes: int = 32 * 2**20  # ... and their bytes (estimated: PLAN_BYTES_PER_CHARACTER)
    max_answer_bytes: int = MAX_ANSWER_BYTES  # a larger answer is a 400 ANSWER_TOO_LARGE
    # Seconds a planned run may take (503 past it); None: no limit. The app sets it from
    # Settings.request_timeout, which its middleware applies to everything else.
    time_limit: float | None = None


class Answer(NamedTuple):
    status: int
    body: bytes  # JSON
    cacheable: bool  # may a client or CDN reuse it (a persisted-query miss may not)
    cache: str  # "hit", "miss" or "off": how the response cache answered
    media_type: str = "application/json"  # "application/problem+json" for the time limit's 503


class GraphQLService:
    def __init__(self, store: Store, settings: GraphQLSettings | None = None) -> None:
        self.store = store
        self.settings = settings = settings or GraphQLSettings()
        self.schema: Schema = default_schema if settings.limits == Limits() else make_schema(settings.limits)
        self.responses: LRU[tuple[int, bytes]] = LRU(settings.response_cache, settings.response_cache_bytes)
        self.persisted: LRU[str] = LRU(settings.persisted_queries, settings.persisted_queries_bytes)
        # (query, operation) -> its plan, or None when the planner does not cover it
        self.plans: LRU[Plan | None] = LRU(settings.planned_queries, settings.planned_queries_bytes)
        self.costs: LRU[int] = LRU(COSTS, COSTS_BYTES)

    async def execute(self, request: GraphQLRequest, *, allow_mutations: bool = True) -> Answer:
        """Answer one request: HTTP status and JSON body."""
        early = self.answer_without_executor(request)
        if isinstance(early, Answer):
            return early
        return await self.answer_with_executor(request, *early, allow_mutations=allow_mutations)

    def answer_without_executor(self, request: GraphQLRequest) -> Answer | tuple[str, str | None]:
        """The answer if it needs no executor (APQ errors, the response cache, the cost limit, a plan),
        else what `answer_with_executor` takes: the query and its response-cache key. Synchronous."""
        started = time.monotonic()
        query, failure = self._resolve_persisted(request)
        if failure is not None:
            return failure
        if not query:
            return _error(400, "no GraphQL query given (send 'query')", "BAD_REQUEST")
        op = operation(query, request.operationName, self.settings.limits.max_tokens)
        key = None
        if self.responses.enabled and op is not None:
            key = response_key(op, request.variables)
            if (hit := self.responses.get(key)) is not None:
                return self._remember(request, Answer(hit[0], hit[1], True, "hit"))
        if op is not None and op.paged and (refused := self._over_cost(query, op, request)):
            return refused
        planned = self.plans.get((query, request.operationName))
        if planned is not None:
            limit = self.settings.time_limit
            try:
                return self._remember(request, self._answer(key, 200, {"data": planned.run(
                    Context(self.store, immediate=True), request.variables,
                    deadline=started + limit if limit is not None else math.inf,
                    budget=self.settings.max_answer_bytes)}))
            except Fallback:
                pass  # an error or an edge the plan leaves to Strawberry
            except TimeLimitExceeded:
                log.warning("planned run over the %.1f s limit", limit)
                return _too_slow(limit or 0)
            except AnswerTooLarge:
                return _too_large(self.settings.max_answer_bytes)
            except Exception:  # a planner bug must not cost the answer: Strawberry is the reference
                log.exception("planned run failed; answering through Strawberry")
        return query, key

    async def answer_with_executor(self, request: GraphQLRequest, query: str, key: str | None, *,
                                   allow_mutations: bool = True) -> Answer:
        status, body = await self._execute(query, request.variables, request.operationName, allow_mutations)
        plan_key = (query, request.operationName)
        if self.plans.enabled and status == 200 and "errors" not in body and plan_key not in self.plans:
            # Validated and run cleanly once: later requests of this operation can skip the executor.
            op = operation(query, request.operationName, self.settings.limits.max_tokens)
            self.plans.put(plan_key, plan(self.schema, parse(query), request.operationName),
                           nbytes=PLAN_BYTES_PER_CHARACTER * (op.size if op else len(query)))
        return self._remember(request, self._answer(key, status, body))

    def _over_cost(self, query: str, op: Operation, request: GraphQLRequest) -> Answer | None:
        """The cost limit again, with the page sizes sent: validation could only price their defaults."""
        variables = request.variables or {}
        sizes = tuple(_page_size(variables[name]) if name in variables else default for name, default in op.paged)
        cost = self.costs.get((op.key, sizes))  # only costs within the limit are kept
        if cost is None:
            document = parse(query, no_location=True)  # parsed before (operation()): it parses
            operation_node = get_operation_ast(document, request.operationName)
            if operation_node is None:
                return None  # Strawberry says why
            cost = operation_cost(self.schema._schema, operation_node, document, dict(zip(
                (name for name, _ in op.paged), sizes)))
            if cost > self.settings.limits.max_cost:
                return _error(400, cost_message(operation_node, cost, self.settings.limits),
                              "GRAPHQL_VALIDATION_FAILED")
            self.costs.put((op.key, sizes), cost)
        return None

    def _remember(self, request: GraphQLRequest, answer: Answer) -> Answer:
        """Register a persisted query sent with its hash, now that it has validated (and run)."""
        persisted = (request.extensions or {}).get("persistedQuery")
        if answer.status == 200 and request.query is not None and isinstance(persisted, dict):
            self.persisted.put(persisted["sha256Hash"], request.query)
        return answer

    def _answer(self, key: str | None, status: int, body: dict[str, Any]) -> Answer:
        encoded = msgspec.json.encode(body)
        if len(encoded) > self.settings.max_answer_bytes:  # Strawberry's answers (a plan's stop earlier)
            return _too_large(self.settings.max_answer_bytes)
        if key is not None and status == 200 and not _has_internal_error(body):
            self.responses.put(key, (status, encoded))
        return Answer(status, encoded, True, "miss" if key is not None else "off")

    def _resolve_persisted(self, request: GraphQLRequest) -> tuple[str | None, Answer | None]:
        """The query to run, applying APQ: look a hash up, or register the query sent with it."""
        persisted = (request.extensions or {}).get("persistedQuery")
        if persisted is None:
            return request.query, None
        if not self.persisted.enabled:
            return None, _error(400, "PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED")
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            return None, _error(400, "persistedQuery must be {version: 1, sha256Hash: ...}", "BAD_REQUEST")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            return None, _error(400, "persistedQuery.sha256Hash must be 64 lower-case hex digits", "BAD_REQUEST")
        if request.query is None:
            query = self.persisted.get(digest)
            if query is None:  # Apollo's clients look for exactly this message, then resend with the query
                return None, _error(200, "PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND", cacheable=False)
            return query, None
        if sha256_hex(request.query) != digest:
            return None, _error(400, "provided sha does not match query", "BAD_REQUEST")
        return request.query, None  # stored by `_remember` once it has validated: never an invalid query

    async def _execute(self, query: str, variables: dict[str, Any] | None, operation_name: str | None,
                       allow_mutations: bool) -> tuple[int, dict[str, Any]]:
        allowed = (OperationType.QUERY, OperationType.MUTATION) if allow_mutations else (OperationType.QUERY,)
        try:
            result = await self.schema.execute(query, variable_values=variables, context_value=Context(self.store),
                                               operation_name=operation_name, allowed_operation_types=allowed)
        except Exception as exc:  # the operation type could not be told or is not allowed (GET + mutation)
            return 400, {"errors": [{"message": str(exc) or type(exc).__name__,
                                     "extensions": {"code": "BAD_REQUEST"}}]}
        body: dict[str, Any] = {}
        if result.errors:
            body["errors"] = [_format_error(e) for e in result.errors]
        # No data at all means the request never ran (syntax, validation, limits, variables): a 400.
        if result.data is None and result.errors and all(e.path is None for e in result.errors):
            return 400, body
        body["data"] = result.data
        return 200, body


def _format_error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    if isinstance(original, ValueError) and "integer string conversion" in str(original):
        # An Int literal of thousands of digits (int() refuses past 4,300): the client's mistake, not a bug;
        # graphql-core's message would quote every digit.
        formatted = {"message": "Int cannot represent non 32-bit signed integer value (a literal of thousands of "
                                "digits)", "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}
        if error.locations:
            formatted["locations"] = error.formatted["locations"]
        return formatted
    if original is not None and not isinstance(original, PolicyAPIError | GraphQLError):
        # A bug, not the client's mistake: log it, say nothing of the internals.
        log.error("error resolving %s", error.path, exc_info=original)
        return {"message": "Internal server error", "path": error.path, "extensions": {"code": "INTERNAL"}}
    formatted = error.formatted
    code = "NOT_FOUND" if isinstance(original, NotFound) else (
        "BAD_USER_INPUT" if original is not None else "GRAPHQL_VALIDATION_FAILED")
    formatted["extensions"] = {**(formatted.get("extensions") or {}), "code": code}
    return formatted


def _page_size(value: object) -> int | None:
    """A page size sent as a variable, as the cost limit prices it: null is the default page (None), an Int
    itself (never below zero), anything else the maximum (coercion will refuse it, but price it safely)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return min(max(value, 0), 2**31)
    return MAX_PAGE


def _has_internal_error(body: dict[str, Any]) -> bool:
    return any(e.get("extensions", {}).get("code") == "INTERNAL" for e in body.get("errors", ()))


def _error(status: int, message: str, code: str, *, cacheable: bool = True) -> Answer:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return Answer(status, msgspec.json.encode(body), cacheable, "off")


def _too_large(budget: int) -> Answer:
    size = f"{budget / 2**20:g} MB" if budget >= 2**20 else f"{budget / 2**10:g} kB" if budget >= 2**10 \
        else f"{budget} bytes"
    return _error(400, f"the answer would be larger than {size}: ask for smaller pages or fewer fields",
                  "ANSWER_TOO_LARGE")


def _too_slow(seconds: float) -> Answer:
    """What the time-limit middleware answers (middleware.py), so a client sees one behaviour."""
    body = {"type": "about:blank", "status": 503, "title": "Request took too long",
            "detail": f"the service answers within {seconds:g} s; ask for less (smaller pages)"}
    return Answer(503, msgspec.json.encode(body), False, "off", "application/problem+json")


# One service per store for library calls, so their plans outlive the call.
_library_services: weakref.WeakKeyDictionary[Store, GraphQLService] = weakref.WeakKeyDictionary()


def run(store: Store, query: str, variables: dict[str, Any] | None = None,
        operation_name: str | None = None) -> dict[str, Any]:
    """Execute a query in-process (no server) and return the response body: data and errors."""
    service = _library_services.get(store)
    if service is None:
        service = _library_services[store] = GraphQLService(store, GraphQLSettings(response_cache=0))
    request = GraphQLRequest(query=query, variables=variables, operationName=operation_name)
    answer = service.answer_without_executor(request)  # a planned query needs no event loop
    if not isinstance(answer, Answer):
        answer = asyncio.run(service.answer_with_executor(request, *answer))
    return msgspec.json.decode(answer.body)
