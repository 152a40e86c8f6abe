"""ASGI middleware for limits Litestar has no setting for: URL length and request time.

Both answer with RFC 9457 problem details, like every other client error of the service.
"""

from __future__ import annotations

import asyncio
import logging

import msgspec
from litestar.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)


async def send_problem(send: Send, status: int, title: str, detail: str) -> None:
    body = msgspec.json.encode({"type": "about:blank", "status": status, "title": title, "detail": detail})
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/problem+json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def url_length_limit(max_length: int):
    """414 for a request target (path and query) longer than `max_length` bytes."""
    def middleware(app: ASGIApp) -> ASGIApp:
        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http":
                target = scope.get("raw_path") or scope["path"].encode()
                # raw_path is the path alone (ASGI), but some servers and test clients give it with its query.
                length = len(target) + (0 if b"?" in target else len(scope.get("query_string", b"")))
                if length > max_length:
                    await send_problem(send, 414, "URI too long",
                                       f"the request target is {length} bytes; the limit is {max_length}")
                    return
            await app(scope, receive, send)
        return limited
    return middleware


def time_limit(seconds: float):
    """503 for a request not answered within `seconds` (checked whenever the handler awaits)."""
    def middleware(app: ASGIApp) -> ASGIApp:
        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            started = False

            async def tracking_send(message: Message) -> None:
                nonlocal started
                started = started or message["type"] == "http.response.start"
                await send(message)

            try:
                async with asyncio.timeout(seconds):
                    await app(scope, receive, tracking_send)
            except TimeoutError:
                log.warning("request over the %.1f s limit: %s", seconds, scope["path"])
                if started:
                    raise
                await send_problem(send, 503, "Request took too long",
                                   f"the service answers within {seconds:g} s; ask for less (smaller pages)")
        return limited
    return middleware
