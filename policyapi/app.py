"""The Litestar application: one store on app state, GraphQL and REST mounted over it."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from litestar import Litestar, Request, Response
from litestar.config.compression import CompressionConfig
from litestar.config.cors import CORSConfig
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.plugins.problem_details import ProblemDetailsConfig, ProblemDetailsException, ProblemDetailsPlugin

import policyapi
from policyapi.dependencies import PROVIDERS
from policyapi.errors import NotFound, QueryError
from policyapi.graphql.execute import GraphQLService, GraphQLSettings
from policyapi.graphql.http import GraphQLController
from policyapi.middleware import time_limit, url_length_limit
from policyapi.paging import PageSize, decode_page_size
from policyapi.rest import CONTROLLERS
from policyapi.store import Store


@dataclass(frozen=True)
class Settings:
    """Service settings; each can be set by the environment variable named in `ENV`."""

    db: Path | None = None  # None: the bundled dataset, built when needed
    cors_origins: tuple[str, ...] = ("*",)
    cache_max_age: int = 300  # seconds a client or CDN may reuse a GET response
    compression_min_size: int = 500  # bytes
    # gzip level. 9 (Litestar's default) took ~1 ms of a 1.5 ms comparison answer at scale 1000; 4 takes
    # about half that, for answers 5 % (a list page) to 20 % (a comparison) larger.
    compression_level: int = 4
    rate_limit: tuple[int, str] | None = None  # (requests, "second"|"minute"|"hour") per client; None: off
    request_timeout: float = 10.0  # seconds
    max_body_size: int = 100_000  # bytes (413 above)
    max_url_length: int = 8_192  # bytes of path and query (414 above)
    graphql: GraphQLSettings = field(default_factory=GraphQLSettings)

    ENV = {"db": "POLICYAPI_DB", "cors_origins": "POLICYAPI_CORS_ORIGINS", "cache_max_age": "POLICYAPI_CACHE_MAX_AGE",
           "rate_limit": "POLICYAPI_RATE_LIMIT", "request_timeout": "POLICYAPI_REQUEST_TIMEOUT",
           "response_cache": "POLICYAPI_RESPONSE_CACHE", "persisted_queries": "POLICYAPI_PERSISTED_QUERIES",
           "planned_queries": "POLICYAPI_PLANNED_QUERIES"}

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Read the environment; a bad value is a ValueError naming the variable and what it takes."""
        env = {name: os.environ[var] for name, var in cls.ENV.items() if os.environ.get(var)}

        def read(name: str, parse, expected: str):  # noqa: ANN001, ANN202
            try:
                return parse(env[name])
            except ValueError:
                raise ValueError(f"{cls.ENV[name]}={env[name]!r}: expected {expected}") from None

        values: dict[str, object] = {}
        if "db" in env:
            values["db"] = Path(env["db"])
        if "cors_origins" in env:
            values["cors_origins"] = tuple(o.strip() for o in env["cors_origins"].split(",") if o.strip())
        if "cache_max_age" in env:
            values["cache_max_age"] = read("cache_max_age", _count, "a whole number of seconds, e.g. 300")
        if "rate_limit" in env:
            values["rate_limit"] = read("rate_limit", parse_rate,
                                        "<requests>/<second|minute|hour|day>, e.g. 100/second, or off")
        if "request_timeout" in env:
            values["request_timeout"] = read("request_timeout", _seconds, "a number of seconds above 0, e.g. 10")
        graphql = {k: read(k, _count, "a whole number of entries, 0 for off")
                   for k in ("response_cache", "persisted_queries", "planned_queries") if k in env}
        if graphql:
            values["graphql"] = GraphQLSettings(**graphql)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _count(text: str) -> int:
    if not (text.strip().isascii() and text.strip().isdigit()):  # int() would take "-1", "1_000" and "１"
        raise ValueError(text)
    return int(text)


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 < value < float("inf"):  # also refuses nan
        raise ValueError(text)
    return value


def parse_rate(text: str) -> tuple[int, str] | None:
    """"100/second", "6000/minute" → (100, "second"); "off" → None."""
    if text.strip().lower() in {"off", "0", "none"}:
        return None
    count, _, per = text.partition("/")
    per = per.strip().lower().removesuffix("s")
    if not count.strip().isdigit() or per not in {"second", "minute", "hour", "day"}:
        raise ValueError(f"rate limit {text!r}: expected <requests>/<second|minute|hour|day>, e.g. 100/second")
    return int(count), per


def _problem(status: int, title: str):
    def convert(exc: Exception) -> ProblemDetailsException:
        return ProblemDetailsException(status_code=status, title=title, detail=str(exc))
    return convert


def _etag(version: str, scope: dict) -> str:
    """A response is a function of the dataset version and the URL: so is its (weak) ETag."""
    digest = hashlib.blake2b(scope["path"].encode() + b"?" + scope.get("query_string", b""), digest_size=8)
    return f'W/"{version}-{digest.hexdigest()}"'


def create_app(settings: Settings | None = None, store: Store | None = None) -> Litestar:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        opened = store or policyapi.open(settings.db)
        app.state.store = opened
        # Its caches live as long as the store. A planned run is synchronous, out of the time-limit middleware's
        # reach: the service applies the same limit to it.
        app.state.graphql = GraphQLService(opened, dataclasses.replace(settings.graphql,
                                                                       time_limit=settings.request_timeout))
        # What is alive now lives as long as the worker: keep the collector from rescanning it.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            if store is None:
                opened.close()

    async def not_modified(request: Request) -> Response | None:
        """Answer a revalidation before doing any work: the data cannot have changed."""
        if request.method == "GET" and (wanted := request.headers.get("if-none-match")):
            tag = _etag(request.app.state.store.dataset.version, request.scope)
            if tag in wanted:  # "*" is answered in cache_headers: only a resource that exists matches it
                return Response(content=b"", status_code=304, headers={"ETag": tag})
        return None

    cache_control = f"public, max-age={settings.cache_max_age}".encode()

    async def cache_headers(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start" and scope["method"] in _SAFE and message["status"] == 200:
            # Raw header pairs, not MutableScopeHeaders: this runs on every response (~5 µs less).
            headers = message["headers"] = list(message.get("headers", ()))
            headers.append((b"etag", _etag(scope["app"].state.store.dataset.version, scope).encode()))
            if not any(name.lower() == b"cache-control" for name, _ in headers):  # a handler may have said no-store
                headers.append((b"cache-control", cache_control))
            if any(name == b"if-none-match" and value.strip() == b"*" for name, value in scope["headers"]):
                # "*" matches any current representation (RFC 9110 13.1.2): this 200 becomes a 304 without
                # its body; a 404 stays a 404.
                message["status"] = 304
                message["headers"] = [(n, v) for n, v in headers if n.lower() not in _BODY_HEADERS]
                scope[_NO_BODY] = True
        elif message["type"] == "http.response.body" and scope.get(_NO_BODY):
            message["body"] = b""

    middleware = [url_length_limit(settings.max_url_length), time_limit(settings.request_timeout)]
    if settings.rate_limit:
        count, per = settings.rate_limit
        middleware.append(RateLimitConfig(rate_limit=(per, count), exclude=["/healthz"]).middleware)

    app = Litestar(
        route_handlers=[GraphQLController, *CONTROLLERS],
        middleware=middleware,
        request_max_body_size=settings.max_body_size,
        lifespan=[lifespan],
        dependencies=PROVIDERS,
        before_request=not_modified,
        type_decoders=[(lambda t: t is PageSize, decode_page_size)],
        before_send=[cache_headers],
        cors_config=CORSConfig(allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST", "OPTIONS"],
                               expose_headers=["ETag"]),
        compression_config=CompressionConfig(backend="gzip", minimum_size=settings.compression_min_size,
                                             gzip_compress_level=settings.compression_level),
        openapi_config=OpenAPIConfig(title="policyapi", version=policyapi.__version__, path="/schema",
                                     render_plugins=[SwaggerRenderPlugin()],
                                     description="Regional AI-policy documents: places, documents, measures, "
                                                 "units and figures, each with its source span."),
        plugins=[ProblemDetailsPlugin(ProblemDetailsConfig(
            enable_for_all_http_exceptions=True,
            exception_to_problem_detail_map={
                NotFound: _problem(404, "Not found"),
                QueryError: _problem(400, "Bad request"),
            },
        ))],
    )
    app.asgi_handler = _head_as_get(app.asgi_handler)  # outside the router, which sends HEAD to `head` handlers only
    return app


_SAFE = ("GET", "HEAD")
_BODY_HEADERS = (b"content-length", b"content-type", b"content-encoding")
_NO_BODY = "policyapi.no_body"


def _head_as_get(app: ASGIApp) -> ASGIApp:
    """HEAD answered as GET without the body (RFC 9110 9.3.2), for every GET endpoint."""
    async def handler(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await app(scope, receive, send)
            return

        async def bodiless(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        # A copy: the server keeps its own scope saying HEAD (so it sends no body but keeps Content-Length).
        await app({**scope, "method": "GET"}, receive, bodiless)
    return handler
