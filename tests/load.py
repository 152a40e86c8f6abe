"""A bounded load run against a real server: many clients, GraphQL and REST mixed, every answer checked.

    .venv/bin/python tests/load.py --seconds 60 --workers 2 --clients 64   # the long form
    (tests/test_load.py runs a short form in `make test`.)

Expected answers come from the library on the same database file, so a wrong, stale or
mixed-up answer under concurrency counts as an error just like a 5xx or a timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))
import policyapi  # noqa: E402
from serving import ROOT, running_server, tree_rss  # noqa: E402

ITEM = "query($id: String!) { measure(id: $id) { number title leadUnit { name } figures { value unit year } } }"
PAGE = """query($after: String) { measures(first: 5, after: $after) {
  pageInfo { endCursor hasNextPage } nodes { id title responsibilities { isLead unit { name } } } } }"""
UNIT = "query($name: String!) { unit(name: $name) { id measureCount leadCount measures(first: 3) { nodes { id } } } }"
SEARCH = "query($q: String!) { search(query: $q, first: 5) { kind score measure { id } document { id } } }"


@dataclass(frozen=True)
class Probe:
    method: str
    path: str
    payload: dict | None
    expected: object  # the decoded JSON body the server must return


def _json(value: object) -> object:
    """`value` as a client decodes it from the wire."""
    return msgspec.json.decode(msgspec.json.encode(value))


def probes(store: policyapi.Store) -> list[Probe]:
    """One request per measure, unit and page of the dataset, each with its expected answer."""
    def gql(query: str, variables: dict) -> Probe:
        return Probe("POST", "/graphql", {"query": query, "variables": variables}, store.graphql(query, variables))

    found: list[Probe] = []
    measures = store.measures()
    for m in measures:
        found.append(gql(ITEM, {"id": m.id}))
        found.append(Probe("GET", f"/api/v1/measures/{m.id}", None, _json(m)))
    after = None
    while True:
        probe = gql(PAGE, {"after": after})
        found.append(probe)
        info = probe.expected["data"]["measures"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    for unit in store.units():
        found.append(gql(UNIT, {"name": unit.name}))
        found.append(Probe("GET", f"/api/v1/units/{unit.id}", None, _json(unit)))
    for words in ("computing power", "data", "人工智能", "industrial parks"):
        found.append(gql(SEARCH, {"q": words}))
    return found


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _client(http: httpx.AsyncClient, work: itertools.cycle, deadline: float, tally: Tally) -> None:
    while time.monotonic() < deadline:
        probe = next(work)
        started = time.perf_counter()
        try:
            if probe.method == "POST":
                response = await http.post(probe.path, json=probe.payload)
            else:
                response = await http.get(probe.path)
            ok = response.status_code == 200 and response.json() == probe.expected
            if not ok:
                tally.errors.append(f"{probe.method} {probe.path} {json.dumps(probe.payload)[:80]}: "
                                    f"{response.status_code} {response.text[:200]}")
        except httpx.HTTPError as exc:
            tally.errors.append(f"{probe.method} {probe.path}: {type(exc).__name__} {exc}")
        tally.latencies.append(time.perf_counter() - started)


async def _drive(base: str, work: list[Probe], clients: int, seconds: float) -> Tally:
    tally = Tally()
    cycle = itertools.cycle(work)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_client(http, cycle, deadline, tally) for _ in range(clients)))
    return tally


def run(db: Path, *, seconds: float, workers: int, clients: int, warmup: float = 2.0) -> dict:
    with policyapi.open(db) as store:
        work = probes(store)
    with running_server(db, workers=workers) as (base, pid):
        asyncio.run(_drive(base, work, clients, warmup))  # fills the caches, starts every worker
        rss_warm = tree_rss(pid)
        started = time.monotonic()
        tally = asyncio.run(_drive(base, work, clients, seconds))
        elapsed = time.monotonic() - started
        rss_end = tree_rss(pid)
    latencies = sorted(tally.latencies)
    return {
        "workers": workers, "clients": clients, "seconds": round(elapsed, 1), "distinct_requests": len(work),
        "requests": len(latencies), "errors": len(tally.errors), "first_errors": tally.errors[:5],
        "requests_per_second": round(len(latencies) / elapsed),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "rss_after_warmup_mb": round(rss_warm / 2**20, 1), "rss_after_run_mb": round(rss_end / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to serve (default: the seeds, built into a temp dir)")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "policy.duckdb"
            policyapi.build(ROOT / "seeds", db)
        report = run(db, seconds=args.seconds, workers=args.workers, clients=args.clients)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    raise SystemExit(1 if report["errors"] else 0)


if __name__ == "__main__":
    main()
