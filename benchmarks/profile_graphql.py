"""Where the time of one GraphQL list page goes: cProfile, summed by package.

    python benchmarks/profile_graphql.py [--scale 100] [--requests 500] [--query page|item|deep]

Runs the request through the real Litestar app (create_app) called as an ASGI application on
one event loop: routing, middleware, dependency injection, the GraphQL service (response cache
off: every request executes), JSON encoding; everything but sockets and HTTP parsing, which
granian does. Each request uses a different filter from the workload's pool. Prints the
time per request without the profiler, the share of each package in the profiled run, and the
hottest functions; writes the same to benchmarks/.results/profile-scale{N}.md.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import pstats
import time
from collections import defaultdict
from pathlib import Path

import policyapi
from scales import RESULTS, db_for_scale
from workload import DEEP, ITEM, PAGE, derive, gql

QUERIES = {"page": PAGE, "item": ITEM, "deep": DEEP}


def package_of(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].split(".", 1)[0]
    if "/policyapi/" in filename:
        return "policyapi (" + filename.split("/policyapi/", 1)[1].split("/", 1)[0].removesuffix(".py") + ")"
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C: dict, list, isinstance, ...)"
    if "/lib/python3" in filename:
        name = filename.split("/lib/python3", 1)[1].split("/", 2)[1]
        return "stdlib " + name.removesuffix(".py")
    return filename


async def lifespan_start(app) -> tuple[asyncio.Queue, asyncio.Task]:
    inbox: asyncio.Queue = asyncio.Queue()
    outbox: asyncio.Queue = asyncio.Queue()
    await inbox.put({"type": "lifespan.startup"})
    task = asyncio.ensure_future(app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, inbox.get, outbox.put))
    message = await outbox.get()
    assert message["type"] == "lifespan.startup.complete", message
    return inbox, task


def asgi_post(app, path: str, body: bytes):
    async def call() -> tuple[int, bytes]:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                             (b"content-length", str(len(body)).encode())],
                 "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {}}
        sent = {"status": 0, "body": b""}

        async def receive():
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
            elif message["type"] == "http.response.body":
                sent["body"] += message.get("body", b"")

        await app(scope, receive, send)
        return sent["status"], sent["body"]
    return call


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--query", choices=sorted(QUERIES), default="page")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)

    import os

    os.environ["POLICYAPI_RESPONSE_CACHE"] = "0"  # every request executes
    from policyapi.app import Settings, create_app

    store = policyapi.open(db_for_scale(args.scale))
    w = derive(store)
    template = QUERIES[args.query]
    query = gql(template, "cold")
    pool = {"page": [{"filter": f} for f in w.filters], "item": [{"id": i} for i in w.measure_ids],
            "deep": [{"after": c} for c in w.deep_cursors]}[args.query]
    bodies = [json.dumps({"query": query, "variables": v}).encode() for v in pool]
    app = create_app(Settings.from_env(), store=store)
    loop = asyncio.new_event_loop()
    inbox, lifespan = loop.run_until_complete(lifespan_start(app))

    def request(i: int) -> None:
        status, body = loop.run_until_complete(asgi_post(app, "/graphql", bodies[i % len(bodies)])())
        assert status == 200 and b'"errors"' not in body, body[:300]

    for i in range(min(50, args.requests)):  # warm-up
        request(i)
    started = time.perf_counter()
    for i in range(args.requests):
        request(i)
    per_request = (time.perf_counter() - started) / args.requests

    profile = cProfile.Profile()
    profile.enable()
    for i in range(args.requests):
        request(i)
    profile.disable()
    # Outside pytest, the same ASGI path for each query kind: a cross-check of the in-process suite.
    pools = {"page": [{"filter": f} for f in w.filters], "item": [{"id": i} for i in w.measure_ids],
             "deep": [{"after": c} for c in w.deep_cursors]}
    per_kind = {}
    for kind, kind_pool in pools.items():
        kind_bodies = [json.dumps({"query": gql(QUERIES[kind], "cold"), "variables": v}).encode() for v in kind_pool]
        for body in kind_bodies[:20]:
            loop.run_until_complete(asgi_post(app, "/graphql", body)())
        timed_bodies = kind_bodies[20:20 + args.requests] or kind_bodies
        durations = []
        for body in timed_bodies:
            started = time.perf_counter()
            status, _ = loop.run_until_complete(asgi_post(app, "/graphql", body)())
            durations.append(time.perf_counter() - started)
            assert status == 200
        per_kind[kind] = (sorted(durations)[len(durations) // 2], len(durations))
    loop.run_until_complete(inbox.put({"type": "lifespan.shutdown"}))
    loop.run_until_complete(lifespan)

    stats = pstats.Stats(profile)
    by_package: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_package[package_of(filename)] += tottime
        total += tottime
    lines = [f"GraphQL `{args.query}` query (`{query.split('(')[0]}`) at scale {args.scale}, {args.requests} requests "
             f"through the ASGI app, response cache off: **{per_request * 1e3:.3f} ms per request** "
             f"without the profiler ({1 / per_request:.0f} requests/s on one core, before sockets and HTTP parsing).",
             "", "| package | share of profiled time |", "|---|---:|"]
    for name, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"| {name} | {seconds / total:.0%} |")
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(args.top)
    hot = [ln for ln in out.getvalue().splitlines() if ln.strip()]
    start = next(i for i, ln in enumerate(hot) if ln.lstrip().startswith("ncalls"))
    lines += ["", f"Hottest functions (own time, {args.requests} requests):", "", "```", *hot[start:], "```"]
    lines += ["", f"The same ASGI path (response cache off, no profiler), each kind's cold pool at scale {args.scale}, "
              "median per request: " + "; ".join(f"{kind} {median * 1e3:.3f} ms ({n} requests)"
                                                 for kind, (median, n) in per_kind.items()) + "."]
    text = "\n".join(lines).replace(str(Path.home()), "~")
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"profile-scale{args.scale}-{args.query}.md").write_text(text + "\n")
    store.close()


if __name__ == "__main__":
    main()
