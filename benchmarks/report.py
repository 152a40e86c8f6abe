"""Write benchmarks/results.md from the JSON the other parts left in benchmarks/.results/.

    python benchmarks/report.py

Reads inprocess.json (pytest-benchmark), http-scale*.json (http_load.py), open.json
(open_cost.py), gc.json (gc_pauses.py) and profile-*.md (profile_graphql.py), whichever exist; checks the issue's goals
against them; keeps the hand-written text between the NOTES markers of the existing results.md.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from scales import BENCH, CACHE, RESULTS, machine

OUT = BENCH / "results.md"
# Absolute paths of the machine a profile ran on: the report names files relative to the repo.
_MACHINE_PATHS = re.compile(re.escape(str(BENCH.parent)) + r"/(?:\.venv/lib/python[\d.]+/site-packages/)?"
                            r"|/\S*?/lib/python[\d.]+/")
NOTES_START, NOTES_END = "<!-- notes: kept by report.py -->", "<!-- /notes -->"
# Issue 11: comparison and facets. Goals: in-process <= 1 ms at scale 1000; over HTTP within 1.5x of a list page.
NEW_OPS = ["compare: a metric across 2-5 places", "facets: a province's measures (+ page of 20)",
           "facets: all target figures (+ page of 20)"]
OPS = ["item (measure + units + figures)", "item, bare lookup", "filtered page of 20", "deep page via cursor",
       "search, 10 hits", "unit + its measures (20)", "aggregate counts", "aggregate counts, SQL (DuckDB)", *NEW_OPS]
NEW_KINDS = {  # kind: (label, the list page it is compared with)
    "rest-compare": ("REST compare", "rest-list"),
    "rest-facets": ("REST figures page + facets (all targets)", "rest-list"),
    "rest-facets-measures": ("REST measures page + facets (a province)", "rest-list"),
    "graphql-compare": ("GraphQL compare", "graphql-list"),
    "graphql-facets": ("GraphQL figures page + facets (all targets)", "graphql-list"),
    "graphql-facets-measures": ("GraphQL measures page + facets (a province)", "graphql-list"),
}
NOT_RUN = "**not measured**"
LAYERS = {"library": "library (Store methods)", "graphql": "store.graphql()", "service": "GraphQLService (HTTP layer)",
          "strawberry": "GraphQLService, planner off"}


def cpu_ms(result: dict) -> float:
    """Server CPU milliseconds per request during the run (cores used / requests per second)."""
    return 1e3 * result.get("cpu_server", 0) / result["rps"] if result["rps"] else 0.0


def load_json(path: Path):
    return json.loads(path.read_text()) if path.is_file() else None


def us(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    value = seconds * 1e6
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("**met**" if ok else "**missed**")


def inprocess_section(data: dict | None) -> tuple[list[str], dict]:
    if not data:
        return ["_No in-process results (run `make bench`)._"], {}
    medians: dict[tuple, float] = {}
    rounds: dict[tuple, int] = {}
    for b in data["benchmarks"]:
        info = b["extra_info"]
        key = (info["op"], info["layer"], info["mode"], info["scale"])
        medians[key] = b["stats"]["median"]
        rounds[key] = b["stats"]["rounds"]
        if "items" in info:  # records a page returned, on average over the timed calls
            medians[("items", *key)] = info["items"]
    scales = sorted({k[3] for k in medians if k[0] != "items"})
    lines = [f"pytest-benchmark, median time per call in **µs** (rounds in brackets for cold runs: each round "
             f"a distinct argument set). Started {data.get('datetime', '?')}; "
             f"`--benchmark-max-time` {data.get('max_time', '?')} s.", "",
             "| operation | layer | mode | " + " | ".join(f"scale {s}" for s in scales) + " |",
             "|---|---|---|" + "---:|" * len(scales)]
    for op in OPS:
        for layer in LAYERS:
            for mode in ("cold", "warm"):
                cells = []
                for s in scales:
                    key = (op, layer, mode, s)
                    if key not in medians:
                        cells.append("–")
                    else:
                        cells.append(us(medians[key]) + (f" ({rounds[key]})" if mode == "cold" else ""))
                if any(c != "–" for c in cells):
                    lines.append(f"| {op} | {LAYERS[layer]} | {mode} | " + " | ".join(cells) + " |")
    return lines, medians


def http_section(reports: list[dict]) -> tuple[list[str], dict]:
    if not reports:
        return ["_No HTTP results (run `make bench-http`)._"], {}
    lines = []
    index: dict[tuple, dict] = {}
    for report in reports:
        scale = report["scale"]
        wrk = report["wrk"]
        lines += [f"### Scale {scale} ({report['counts']['measures']:,} measures, {report['counts']['documents']:,} "
                  f"documents), {report['date']}", "",
                  f"wrk -t{wrk['threads']} -c{wrk['connections']} -d{wrk['duration_s']:g}s per row, after a 1 s "
                  f"warm-up on requests the row does not send. p50/p99 in ms. *distinct*: different requests "
                  f"replayed in rotation (cold rows); *repeat*: times each was sent on average; *hits*: share "
                  f"of responses our response cache answered (X-Cache).", "",
                  "*cores*: CPU the server / wrk / every other process on the machine used during the row "
                  "(2 cores in all; 'other' above ~0.1 means something else competed for the CPU); *server CPU "
                  "ms/request* = server cores / req/s, which other processes' load does not inflate.", "",
                  "| system | workers | scenario | mode | req/s | p50 | p99 | errors | distinct | repeat | hits | "
                  "server CPU ms/request | server RSS MiB | cores: server / wrk / other |",
                  "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in report["results"]:
            server = {"nocache": " (cache off)", "noplan": " (cache off)"}.get(r.get("server", ""), "")
            hits = "–" if r.get("cache_hit_ratio") is None else f"{r['cache_hit_ratio']:.0%}"
            lines.append(f"| {r['system']} | {r['workers']} | {r['scenario']}{server} | {r['mode']} | "
                         f"{r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['errors']} | "
                         f"{r['distinct']:,} | {r['repeat'] if r['repeat'] is not None else '–'} | {hits} | "
                         f"{cpu_ms(r):.3f} | {r['server_rss_mib']:,.0f} | {r.get('cpu_server', '?')} / {r.get('cpu_wrk', '?')} / "
                         f"{r.get('cpu_other', '?')} |")
            index[(scale, r["system"], r["workers"], r["kind"], r["mode"])] = r
        servers = report.get("servers", {})
        if servers:
            lines += ["", "Start-up (until the first 200) and idle memory: " + "; ".join(
                f"{name} {info.get('startup_s', '?')} s, {info.get('rss_mib_idle', '?')} MiB"
                for name, info in servers.items()) + "."]
        lines += [""]
        before_after = [(label, index.get((scale, "policyapi, planner off", 1, kind, "cold")),
                         index.get((scale, "policyapi", 1, kind, "cold")))
                        for kind, label in (("graphql-item", "GraphQL item"), ("graphql-list", "GraphQL list page"))]
        if any(before and after for _, before, after in before_after):
            lines += [f"Planned execution, before and after, at scale {scale} (1 worker, cold):", "",
                      "| query | planner off: req/s | server CPU ms/request | planner on: req/s | "
                      "server CPU ms/request | req/s gained |", "|---|---:|---:|---:|---:|---:|"]
            for label, before, after in before_after:
                if before and after:
                    lines.append(f"| {label} | {before['rps']:,.0f} | {cpu_ms(before):.3f} | {after['rps']:,.0f} | "
                                 f"{cpu_ms(after):.3f} | {after['rps'] / before['rps']:.1f}× |")
            lines.append("")
        # Comparison with Datasette
        pairs = [("graphql-item", "cold", "GraphQL item (cold) vs datasette-graphql item", 30),
                 ("graphql-list", "cold", "GraphQL list page (cold) vs datasette-graphql list", 30),
                 ("rest-item", "cold", "REST item vs Datasette JSON row API", 10),
                 ("rest-list", "cold", "REST list page vs Datasette JSON list API", 10),
                 ("ping", "-", "ping vs ping (/-/versions.json)", None)]
        if any((scale, "datasette", 1, kind, mode) in index for kind, mode, _, _ in pairs):
            lines += [f"Ours vs Datasette at scale {scale} (req/s; Datasette is one process):", "",
                      "| comparison | ours, 1 worker | ours, 2 workers | Datasette | ratio (1 worker) | "
                      "ratio (2 workers) | goal |", "|---|---:|---:|---:|---:|---:|---|"]
            for kind, mode, label, goal in pairs:
                theirs = index.get((scale, "datasette", 1, kind, mode))
                one = index.get((scale, "policyapi", 1, kind, mode))
                two = index.get((scale, "policyapi", 2, kind, mode))
                if not theirs:
                    continue
                r1 = one["rps"] / theirs["rps"] if one else None
                r2 = two["rps"] / theirs["rps"] if two else None
                goal_text = f"≥ {goal}×: {verdict(r1 >= goal if r1 else None)}" if goal else ""
                lines.append(f"| {label} | {one['rps'] if one else 0:,.0f} | {two['rps'] if two else 0:,.0f} | "
                             f"{theirs['rps']:,.0f} | {r1 or 0:.1f}× | {r2 or 0:.1f}× | {goal_text} |")
            lines.append("")
    return lines, index


def goals_section(medians: dict, http: dict, reports: list[dict] = ()) -> list[str]:
    lines = ["| goal | measured | verdict |", "|---|---|---|"]
    scales_http = sorted({k[0] for k in http})
    if not medians:
        lines.append(f"| library and GraphQL in-process goals | no in-process results | {NOT_RUN} |")
    if not reports:
        lines.append(f"| HTTP goals (vs Datasette, warm cache, scale 1000 over HTTP) | no HTTP results | {NOT_RUN} |")
    for report in reports:
        if not any(r["system"] == "datasette" for r in report["results"]):
            lines.append(f"| ours vs Datasette (scale {report['scale']}) | Datasette did not run in this HTTP run | "
                         f"{NOT_RUN} |")
    for scale in scales_http:
        for kind, label, goal in (("graphql-item", "GraphQL item cold", 30), ("graphql-list", "GraphQL list cold", 30),
                                  ("rest-item", "REST item", 10), ("rest-list", "REST list", 10)):
            theirs = http.get((scale, "datasette", 1, kind, "cold"))
            ours = http.get((scale, "policyapi", 1, kind, "cold"))
            if theirs and ours:
                ratio = ours["rps"] / theirs["rps"]
                # Also by server CPU per request: granian's one worker uses ~1.3 cores (Rust HTTP thread).
                by_cpu = cpu_ms(theirs) / cpu_ms(ours) if cpu_ms(ours) else 0.0
                against = "datasette-graphql" if kind.startswith("graphql") else "Datasette JSON API"
                lines.append(f"| {label} ≥ {goal}× {against} req/s (scale {scale}, 1 worker vs 1 process) | "
                             f"{ours['rps']:,.0f} vs {theirs['rps']:,.0f} req/s = {ratio:.1f}× (by server CPU per "
                             f"request {by_cpu:.1f}×) | {verdict(ratio >= goal)} |")
        for workers in (1, 2):
            ping = http.get((scale, "policyapi", workers, "ping", "-"))
            for kind, label in (("graphql-item", "item"), ("graphql-list", "list")):
                warm = http.get((scale, "policyapi", workers, kind, "warm"))
                if ping and warm:
                    share = warm["rps"] / ping["rps"]
                    lines.append(f"| warm response cache ≥ 50% of ping req/s: GraphQL {label} (scale {scale}, "
                                 f"{workers} worker{'s' if workers > 1 else ''}) | {warm['rps']:,.0f} vs "
                                 f"{ping['rps']:,.0f} req/s = {share:.0%} | {verdict(share >= 0.5)} |")
    scales = sorted({k[3] for k in medians if k[0] != "items"})
    for scale in scales:
        item = medians.get(("item (measure + units + figures)", "library", "cold", scale))
        bare = medians.get(("item, bare lookup", "library", "cold", scale))
        page = medians.get(("filtered page of 20", "library", "cold", scale))
        if item is not None:
            lines.append(f"| library item p50 ≤ 0.3 ms (scale {scale}, measure + document + units + figures; "
                         f"bare `store.measure(id)` {us(bare)} µs) | {us(item)} µs | {verdict(item <= 0.3e-3)} |")
        if page is not None:
            lines.append(f"| library 20-item page p50 ≤ 1 ms (scale {scale}) | {us(page)} µs | "
                         f"{verdict(page <= 1e-3)} |")
    if 1 in scales and 1000 in scales:
        for op in ("item (measure + units + figures)", "filtered page of 20", "deep page via cursor"):
            for layer in ("library", "graphql", "service"):
                small, big = medians.get((op, layer, "cold", 1)), medians.get((op, layer, "cold", 1000))
                if not (small and big):
                    continue
                ratio = big / small
                n_small = medians.get(("items", op, layer, "cold", 1))
                n_big = medians.get(("items", op, layer, "cold", 1000))
                if n_small and n_big and n_small != n_big:
                    # Scale 1 has 16 measures: its pages are short, so compare the cost per record
                    # returned too (what "no cost growing with corpus size" means for a page).
                    per_item = (big / n_big) / (small / n_small)
                    lines.append(f"| scale 1000 within 1.5× of scale 1: {op}, {LAYERS[layer]}, cold (pages hold "
                                 f"{n_small:g} records on average at scale 1, {n_big:g} at scale 1000) | "
                                 f"{us(small)} → {us(big)} µs = {ratio:.2f}× per page, {per_item:.2f}× per record | "
                                 f"{verdict(ratio <= 1.5)} per page, {verdict(per_item <= 1.5)} per record |")
                else:
                    lines.append(f"| scale 1000 within 1.5× of scale 1: {op}, {LAYERS[layer]}, cold | "
                                 f"{us(small)} → {us(big)} µs = {ratio:.2f}× | {verdict(ratio <= 1.5)} |")
                middle, n_middle = medians.get((op, layer, "cold", 100)), medians.get(("items", op, layer, "cold", 100))
                if middle and n_middle and n_big and n_small != n_big and abs(n_middle - n_big) <= 0.1 * n_big:
                    # Where scales 100 and 1000 fill their pages alike: the like-for-like check.
                    lines.append(f"| … and from scale 100 (pages of {n_middle:g} and {n_big:g} records): {op}, "
                                 f"{LAYERS[layer]}, cold | {us(middle)} → {us(big)} µs = {big / middle:.2f}× | "
                                 f"{verdict(big / middle <= 1.5)} |")
        for kind, label in (("graphql-item", "GraphQL item"), ("graphql-list", "GraphQL list page"),
                            ("graphql-deep", "GraphQL deep page (cursor)"),
                            ("rest-item", "REST item"), ("rest-list", "REST list page")):
            small, big = http.get((1, "policyapi", 1, kind, "cold")), http.get((1000, "policyapi", 1, kind, "cold"))
            if small and big:
                # Server CPU per request: robust to other processes taking CPU (which lowers req/s)
                a, b = cpu_ms(small), cpu_ms(big)
                ratio = b / a
                lines.append(f"| scale 1000 within 1.5× of scale 1 over HTTP: {label}, 1 worker, cold: server CPU "
                             f"per request (req/s {small['rps']:,.0f} → {big['rps']:,.0f}; p50 at 64 connections "
                             f"{small['p50_ms']:.1f} → {big['p50_ms']:.1f} ms) | {a:.2f} → {b:.2f} ms = {ratio:.2f}× | "
                             f"{verdict(ratio <= 1.5)} |")
    return lines


def new_features(medians: dict, http: dict, reports: list[dict]) -> tuple[list[str], list[str]]:
    """Issue 11's section (compare and facets next to a list page) and its goal rows. Whatever did
    not run is said so, in the section and as a goal row: never an empty table, never a verdict
    without a number."""
    lines: list[str] = []
    goals: list[str] = []
    scales = sorted({k[3] for k in medians if k[0] in NEW_OPS})
    lines += ["### In-process", ""]
    if not scales:
        lines += ["_Not run: the in-process results hold no compare or facets benchmark (`make bench`)._", ""]
        goals.append(f"| compare and facets in-process ≤ 1 ms at scale 1000 | no in-process results for them | "
                     f"{NOT_RUN} |")
    else:
        lines += ["Median µs per call, cold (each call a distinct argument set; a warm run answers from the "
                  "response cache on the service layer). *Compare*: the metric with figures about the most "
                  "places, 2–5 of its places, with every year or a few. *Facets*: a page of 20 and the counts "
                  "over the whole filtered set (the province with the most measures; every target figure); "
                  "the library row includes the filter (`store.measures(province=)`, `store.figures(kind=)`).",
                  "", "| operation | layer | mode | " + " | ".join(f"scale {s}" for s in scales) + " | ≤ 1 ms at "
                  "scale 1000 |", "|---|---|---|" + "---:|" * len(scales) + "---|"]
        for op in NEW_OPS:
            for layer in LAYERS:
                for mode in ("cold", "warm"):
                    cells = [us(medians.get((op, layer, mode, s))) for s in scales]
                    if all(c == "–" for c in cells):
                        continue
                    big = medians.get((op, layer, mode, 1000))
                    goal = "–" if mode == "warm" or layer == "strawberry" else (  # the planner's "before": no goal
                        verdict(big <= 1e-3) if big is not None else NOT_RUN)
                    lines.append(f"| {op} | {LAYERS[layer]} | {mode} | " + " | ".join(cells) + f" | {goal} |")
        lines.append("")
        for op in NEW_OPS:
            for layer in ("library", "graphql", "service"):
                big = medians.get((op, layer, "cold", 1000))
                if big is not None:
                    goals.append(f"| in-process ≤ 1 ms at scale 1000: {op}, {LAYERS[layer]}, cold | {us(big)} µs | "
                                 f"{verdict(big <= 1e-3)} |")
                else:
                    goals.append(f"| in-process ≤ 1 ms at scale 1000: {op}, {LAYERS[layer]}, cold | not run at "
                                 f"scale 1000 (scales run: {', '.join(map(str, scales))}) | {NOT_RUN} |")
    lines += ["### Over HTTP, next to a list page", ""]
    http_scales = sorted({r["scale"] for r in reports})
    if not http_scales:
        lines += ["_Not run: no HTTP results (`make bench-http`)._", ""]
        goals.append(f"| compare and facets over HTTP within 1.5× of a list page | no HTTP results | {NOT_RUN} |")
        return lines, goals
    lines += ["1 worker, cold, 64 connections. *vs list page*: the list page's req/s over this one's (REST: "
              "`/api/v1/measures?document=&first=20`; GraphQL: the cold list page), and this one's server CPU per "
              "request over the list page's; the goal is ≤ 1.5× on both.", "",
              "| scale | scenario | req/s | p50 ms | p99 ms | errors | server CPU ms/request | list page req/s | "
              "vs list page: req/s | vs list page: CPU/request | within 1.5× |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for scale in http_scales:
        for kind, (label, baseline) in NEW_KINDS.items():
            row, base = http.get((scale, "policyapi", 1, kind, "cold")), http.get((scale, "policyapi", 1, baseline, "cold"))
            goal = f"| over HTTP within 1.5× of a list page: {label} (scale {scale}, 1 worker, cold) |"
            if not (row and base):
                missing = " and ".join(x for x, r in ((label, row), (f"the {baseline} page", base)) if not r)
                lines.append(f"| {scale} | {label} | – | – | – | – | – | – | – | – | {NOT_RUN}: {missing} did not run |")
                goals.append(f"{goal} {missing} did not run | {NOT_RUN} |")
                continue
            by_rps = base["rps"] / row["rps"] if row["rps"] else float("inf")
            by_cpu = cpu_ms(row) / cpu_ms(base) if cpu_ms(base) else float("inf")
            ok = by_rps <= 1.5 and by_cpu <= 1.5
            lines.append(f"| {scale} | {label} | {row['rps']:,.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
                         f"{row['errors']} | {cpu_ms(row):.3f} | {base['rps']:,.0f} | {by_rps:.2f}× | {by_cpu:.2f}× | "
                         f"{verdict(ok)} |")
            goals.append(f"{goal} {row['rps']:,.0f} vs {base['rps']:,.0f} req/s = {by_rps:.2f}×; server CPU "
                         f"{cpu_ms(row):.3f} vs {cpu_ms(base):.3f} ms/request = {by_cpu:.2f}× | {verdict(ok)} |")
    lines.append("")
    return lines, goals


def build_section() -> list[str]:
    builds = sorted((load_json(p) for p in CACHE.glob("scale*.build.json")), key=lambda b: b["scale"])
    if not builds:
        return ["_No build timings (they are written when a scale's database is built)._"]
    lines = ["Made when the scale's database was (re)built: `policyapi synth` and `policyapi build`, each a fresh "
             "process (start-up included).", "",
             "| scale | documents | source text MiB | synth s | build s | database MiB | built |",
             "|---:|---:|---:|---:|---:|---:|---|"]
    for b in builds:
        synth = "–" if b["synth_s"] is None else f"{b['synth_s']:.1f}"
        lines.append(f"| {b['scale']} | {b['documents']:,} | {b['source_mib']} | {synth} | {b['build_s']:.1f} | "
                     f"{b['db_mib']} | {b['date']} |")
    return lines


def open_section(data: dict | None) -> list[str]:
    if not data:
        return ["_No open() measurements (run `python benchmarks/open_cost.py`)._"]
    lines = ["Fresh process per measurement, imports done first; median of "
             f"{next(iter(data['scales'].values()))['repeat']} runs.", "",
             "| scale | measures | units | figures | file MiB | open() s | RSS added by open() MiB | peak RSS MiB | "
             "first search (builds the index) s | RSS added by the index MiB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for scale, r in sorted(data["scales"].items(), key=lambda kv: int(kv[0])):
        c = r["counts"]
        lines.append(f"| {scale} | {c['measures']:,} | {c['units']:,} | {c['figures']:,} | {r['file_mib']} | "
                     f"{r['open_s']:.3f} | {r['rss_after_open_mib'] - r['rss_before_mib']:.0f} | {r['peak_rss_mib']:.0f} | "
                     f"{r['first_search_s']:.3f} | {r['rss_after_search_mib'] - r['rss_after_open_mib']:.0f} |")
    return lines


def gc_section(data: dict | None) -> list[str]:
    if not data:
        return ["_No GC measurements (run `python benchmarks/gc_pauses.py`)._"]
    lines = [f"GraphQL item queries (cache off, distinct ids) through GraphQLService in-process, {data['requests']} "
             "requests 1 at a time and 64 at a time on one event loop; *as opened* vs after `gc.freeze()`. "
             "A full collection scans every object the store holds.", "",
             "| scale | objects tracked | one full collection ms | 1 at a time req/s | 64 at a time req/s | "
             "full collections during the 64 run (ms spent) | 64 at a time after gc.freeze() req/s (ms spent) |",
             "|---:|---:|---:|---:|---:|---|---|"]
    for scale, modes in sorted(data["scales"].items(), key=lambda kv: int(kv[0])):
        a, f = modes.get("as opened"), modes.get("freeze")
        if not a or not f:
            continue
        lines.append(f"| {scale} | {a['tracked_objects']:,} | {a['full_collect_ms']} | {a['c1']['rps']:,} | "
                     f"{a['c64']['rps']:,} | {a['c64']['gen2_collections']} ({a['c64']['gen2_ms']}) | "
                     f"{f['c64']['rps']:,} ({f['c64']['gen2_ms']}) |")
    return lines


KEPT = "_Not run for this report: kept from the report written "


def previous_report() -> tuple[dict[str, list[str]], str]:
    """The existing results.md's sections (heading → body lines) and when it was written."""
    if not OUT.is_file():
        return {}, "?"
    text = OUT.read_text()
    written = re.search(r"\*\*Report written\*\*: (.+)", text)
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return {k: _strip(v) for k, v in sections.items()}, (written.group(1).strip() if written else "?")


def _strip(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def kept(title: str, fresh: list[str], have_data: bool, previous: dict, written: str) -> list[str]:
    """`fresh` when this run made the part; else the previous report's section, marked with its date
    (once: a section kept twice keeps its first date), so a partial run does not wipe older results."""
    old = previous.get(title)
    if have_data or not old or old[0].startswith("_No ") or old[0].startswith("_Not run: "):
        return fresh
    if old[0].startswith(KEPT):
        return old
    return [f"{KEPT}{written}; the part that makes it did not run since._", "", *old]


def kept_goals(rows: list[str], previous: dict, written: str) -> list[str]:
    """The goals measured now, then the previous report's rows for goals not measured this time, dated."""
    def goal(row: str) -> str:
        return row.split("|")[1].strip() if row.count("|") > 2 else row

    now = {goal(r) for r in rows}
    carried = []
    for row in previous.get("Goals", [])[2:]:
        if not row.startswith("|") or goal(row) in now or NOT_RUN in row:
            continue
        if "(report of " not in row:
            row = row.rstrip().rstrip("|").rstrip() + f" (report of {written}; not re-measured since) |"
        carried.append(row)
    return rows + carried


def main() -> None:
    inprocess = load_json(RESULTS / "inprocess.json")
    if inprocess:
        inprocess["max_time"] = inprocess.get("machine_info", {}).get("max_time") or \
            (inprocess.get("benchmarks") or [{}])[0].get("options", {}).get("max_time")
    http = sorted((load_json(p) for p in RESULTS.glob("http-scale*.json")), key=lambda r: r["scale"])
    opened = load_json(RESULTS / "open.json")
    gc_data = load_json(RESULTS / "gc.json")
    profiles = sorted(RESULTS.glob("profile-*.md"))

    m = (http[0]["machine"] if http else None) or (opened or {}).get("machine") or machine()
    inprocess_lines, medians = inprocess_section(inprocess)
    http_lines, index = http_section(http)
    new_lines, new_goals = new_features(medians, index, http)
    previous, written = previous_report()
    partial = [f"scale {r['scale']}: " + "; ".join(
        part for part in (f"only {', '.join(r['kinds'])}" if r.get("kinds") else "",
                          "no Datasette" if r.get("datasette") is False else "",
                          f"workers {r['workers']}" if r.get("workers", "1,2") != "1,2" else "") if part)
        for r in http if r.get("kinds") or r.get("datasette") is False or r.get("workers", "1,2") != "1,2"]
    old_http = previous.get("HTTP load (wrk) and the Datasette comparison", [])
    if partial and old_http and not old_http[0].startswith(("_No ", "_Not run")):
        # A partial HTTP run replaces the tables: keep the last full run's below it.
        at = next((i for i, line in enumerate(old_http) if line.startswith("### Kept from the report")), None)
        older = old_http[at:] if at is not None else [f"### Kept from the report written {written} (this run was "
                                                      f"partial: {' / '.join(partial)})", "", *old_http]
        http_lines = [*http_lines, *older]
    profile_lines = [line for p in profiles for line in (_MACHINE_PATHS.sub("", p.read_text().strip()), "")]
    notes = ""
    if OUT.is_file():
        found = re.search(re.escape(NOTES_START) + r"(.*?)" + re.escape(NOTES_END), OUT.read_text(), re.S)
        notes = found.group(1).strip() if found else ""
    lines = [
        "# Benchmark results", "",
        "Generated by `benchmarks/report.py` from the last `make bench-all` (see [README.md](README.md) for what "
        "each part measures and how to run it).", "",
        f"- **Machine**: {m['cores']} cores, {m['cpu']}, {m['memory']} RAM; Python {m['python']}; {m['platform']}",
        f"- **Report written**: {time.strftime('%Y-%m-%d %H:%M %z')}",
        "- **Scales**: 1 = the five seed documents; N = `policyapi synth --scale N` (about N× the seeds' text), "
        "built with `policyapi build`.", "",
        NOTES_START, notes or "_(observations: edit here; report.py keeps this block)_", NOTES_END, "",
        "## Goals", "", *kept_goals(goals_section(medians, index, http) + new_goals, previous, written), "",
        "## Comparison and facets (issue 11)", "", *new_lines, "",
        "## In-process (library and GraphQL, no HTTP)", "",
        *kept("In-process (library and GraphQL, no HTTP)", inprocess_lines, bool(inprocess), previous, written), "",
        "## Build time and size per scale", "",
        *kept("Build time and size per scale", build_section(), bool(list(CACHE.glob("scale*.build.json"))),
              previous, written), "",
        "## open(): time and memory per scale", "",
        *kept("open(): time and memory per scale", open_section(opened), bool(opened), previous, written), "",
        "## Garbage-collector pauses under concurrency", "",
        *kept("Garbage-collector pauses under concurrency", gc_section(gc_data), bool(gc_data), previous, written), "",
        "## HTTP load (wrk) and the Datasette comparison", "",
        *kept("HTTP load (wrk) and the Datasette comparison", http_lines, bool(http), previous, written), "",
        "## Where the time of a GraphQL list page goes", "",
        *kept("Where the time of a GraphQL list page goes", profile_lines or
              ["_No profile (run `python benchmarks/profile_graphql.py`)._", ""], bool(profiles), previous, written), "",
    ]
    OUT.write_text("\n".join(lines).rstrip() + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
