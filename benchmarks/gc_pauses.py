"""What Python's cyclic garbage collector costs a server holding a big store.

    python benchmarks/gc_pauses.py --scales 1,1000 [--requests 2048]

In-process, no HTTP: GraphQL item queries (response cache off, distinct ids) through the HTTP
layer's GraphQLService, 1 at a time and 64 at a time on one event loop (as a server worker
runs them under load), first as the store is after `policyapi.open()`, then after
`gc.freeze()` (which moves every object alive into a generation the collector never scans).
Reports requests/s, the number of full (generation 2) collections and the time they took, and
what one full collection costs with the store loaded. Writes benchmarks/.results/gc.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from scales import RESULTS, db_for_scale, parse_scales

CHILD = r"""
import asyncio, gc, json, sys, time
sys.path.insert(0, sys.argv[3])
import policyapi
from workload import ITEM, derive, gql
from policyapi.graphql.execute import GraphQLRequest, GraphQLService, GraphQLSettings

store = policyapi.open(sys.argv[1])
requests = int(sys.argv[2])
freeze = sys.argv[4] == "freeze"
ids = derive(store).measure_ids
service = GraphQLService(store, GraphQLSettings(response_cache=0))
query = gql(ITEM, "cold")
started = time.perf_counter(); gc.collect(); full_collect_s = time.perf_counter() - started
if freeze:
    gc.freeze()
pauses = []
def on_gc(phase, info):
    if info["generation"] == 2:
        if phase == "start":
            pauses.append(time.perf_counter())
        else:
            pauses[-1] = time.perf_counter() - pauses[-1]
gc.callbacks.append(on_gc)

async def client(k, n):
    for i in range(n):
        answer = await service.execute(GraphQLRequest(query=query, variables={"id": ids[(k * n + i) % len(ids)]}))
        assert answer.status == 200

async def load(concurrency, total):
    await asyncio.gather(*(client(k, total // concurrency) for k in range(concurrency)))

out = {"tracked_objects": len(gc.get_objects()), "full_collect_ms": round(full_collect_s * 1e3, 1)}
for concurrency in (1, 64):
    asyncio.run(load(concurrency, 256))  # warm-up
    pauses.clear()
    started = time.perf_counter()
    asyncio.run(load(concurrency, requests))
    elapsed = time.perf_counter() - started
    done = [p for p in pauses if p < 1000]
    out[f"c{concurrency}"] = {"rps": round(requests / elapsed), "gen2_collections": len(done),
                              "gen2_ms": round(sum(done) * 1e3, 1)}
print("GC_JSON " + json.dumps(out))
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default=os.environ.get("POLICYAPI_BENCH_SCALES", "1"))
    parser.add_argument("--requests", type=int, default=2048)
    args = parser.parse_args(argv)
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "requests": args.requests, "scales": {}}
    here = os.path.dirname(os.path.abspath(__file__))
    for scale in parse_scales(args.scales):
        db = db_for_scale(scale)
        report["scales"][str(scale)] = {}
        for mode in ("as opened", "freeze"):
            done = subprocess.run([sys.executable, "-c", CHILD, str(db), str(args.requests), here, mode],
                                  capture_output=True, text=True, check=True)
            line = next(ln for ln in done.stdout.splitlines() if ln.startswith("GC_JSON "))
            result = json.loads(line[len("GC_JSON "):])
            report["scales"][str(scale)][mode] = result
            print(f"scale {scale:>5}, {mode:9}: {result['tracked_objects']:,} objects tracked, full collection "
                  f"{result['full_collect_ms']} ms; 1 at a time {result['c1']['rps']} req/s "
                  f"({result['c1']['gen2_collections']} full collections); 64 at a time {result['c64']['rps']} req/s "
                  f"({result['c64']['gen2_collections']} full collections, {result['c64']['gen2_ms']} ms)", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "gc.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
