"""What opening a database costs, per scale: time and memory of `policyapi.open()` in a fresh process.

    python benchmarks/open_cost.py --scales 1,100,1000

Each measurement runs in its own Python process (imports done first, so only open() is timed):
file size, open() seconds, resident memory before/after and peak, then the first search (which
builds the full-text index) and the memory it adds. Median of --repeat runs.
Writes benchmarks/.results/open.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from scales import RESULTS, db_for_scale, machine, parse_scales

CHILD = r"""
import json, resource, sys, time
import policyapi, policyapi.store, policyapi.search  # imports are not part of open()

def rss_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

before = rss_mib()
started = time.perf_counter()
store = policyapi.open(sys.argv[1])
opened = time.perf_counter() - started
after_open = rss_mib()
started = time.perf_counter()
store.search("artificial intelligence", limit=10)
search_index = time.perf_counter() - started
after_search = rss_mib()
print(json.dumps({"open_s": opened, "rss_before_mib": before, "rss_after_open_mib": after_open,
                  "first_search_s": search_index, "rss_after_search_mib": after_search,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "counts": {"documents": store.dataset.documents, "measures": store.dataset.measures,
                             "units": store.dataset.units, "figures": store.dataset.figures}}))
"""


def measure(db: str, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", CHILD, db], capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    keys = [k for k in runs[0] if k != "counts"]
    result = {k: round(statistics.median(r[k] for r in runs), 3) for k in keys}
    result["counts"] = runs[0]["counts"]
    result["file_mib"] = round(os.path.getsize(db) / 2**20, 1)
    result["repeat"] = repeat
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default=os.environ.get("POLICYAPI_BENCH_SCALES", "1"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "machine": machine(), "scales": {}}
    for scale in parse_scales(args.scales):
        db = db_for_scale(scale)
        result = measure(str(db), args.repeat)
        report["scales"][str(scale)] = result
        print(f"scale {scale:>5}: open {result['open_s']:.3f} s, RSS +{result['rss_after_open_mib'] - result['rss_before_mib']:.0f} MiB "
              f"(peak {result['peak_rss_mib']:.0f} MiB), first search {result['first_search_s']:.3f} s "
              f"+{result['rss_after_search_mib'] - result['rss_after_open_mib']:.0f} MiB; file {result['file_mib']} MiB; "
              f"{result['counts']}", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "open.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
