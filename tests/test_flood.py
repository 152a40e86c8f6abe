"""A flood against a real `policyapi serve` (issue 14): a worker's memory stays bounded.

Distinct large requests (~90 kB each: persisted queries registered, comment-padded queries, undeclared
variables) used to be kept whole by the caches, ~95 kB each (1,500 of them: +138 MB, measured on the
code before; 20,000: ~1.9 GB). Every cache is now bounded in bytes: a worker grows by a bounded amount
however many arrive.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

import httpx

from serving import running_server, tree_rss

PAD = "x" * 90_000
FLOOD = 1_500
GROWTH_BOUND = 64 * 2**20  # measured +26 MB for 1,500 and for 6,000 such requests (flat); +138 MB before
ORDINARY = "{ measures(first: 20) { nodes { title leadUnit { name } } } }"


def _flood_body(i: int) -> dict:
    if i % 3 == 0:  # a persisted query registered: hash and text
        query = f"#{i}{PAD}\n{{ dataset {{ version }} }}"
        return {"query": query,
                "extensions": {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}}}
    if i % 3 == 1:  # the same operation padded with a comment
        return {"query": f"#{i}{PAD}\n{{ measures(first: 5) {{ nodes {{ title }} }} }}"}
    return {"query": "{ dataset { version } }", "variables": {"unused": f"{i}{PAD}"}}  # sent, never declared


def test_a_flood_of_distinct_large_requests_leaves_a_worker_bounded(db_path):
    with running_server(db_path, workers=1) as (base, pid), httpx.Client(timeout=60) as client:
        for _ in range(20):  # warm: the first requests load code and fill small caches
            assert client.post(f"{base}/graphql", json={"query": ORDINARY}).status_code == 200
        before = tree_rss(pid)
        with ThreadPoolExecutor(2) as pool:
            statuses = list(pool.map(lambda i: client.post(f"{base}/graphql", json=_flood_body(i)).status_code,
                                     range(FLOOD)))
        grown = tree_rss(pid) - before
    assert set(statuses) == {200}
    assert grown < GROWTH_BOUND, f"the server grew by {grown / 2**20:.0f} MB"
