"""HTTP load: real `policyapi serve` processes (1 and 2 workers) and Datasette, driven by wrk.

    python benchmarks/http_load.py --scales 1,100,1000 [--duration 8] [--connections 64]

For each scale: open the database once to derive the request pools (workload.py), export it to
SQLite for Datasette (export_sqlite.py, cached next to the database), then for each server:
start it on a free loopback port, check sample answers properly (status, JSON, the right record,
and that our answers agree with Datasette's), and run wrk for each scenario: a 1 s warm-up on
requests the measured run does not send, then `--duration` seconds measured, 64 connections.

Why wrk: it is C and event-driven, so one wrk thread needs a fraction of a core for the load
these servers can take; a Python async client needs about a core of its own per few thousand
requests/s, and the machine has 2. wrk still competes with the servers: with 2 workers on 2 cores,
the load generator takes CPU from the server (the 1-worker runs leave it a core of its own).

Cold scenarios replay a pool of distinct requests (every measure id, every document): a
whole-response cache misses until the pool wraps around; the results say how many times each
request was sent on average (`repeat`: 1.0 or less means none was repeated).
Results go to benchmarks/.results/http-scale{N}.json; report.py turns them into results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import policyapi
from export_sqlite import export as export_sqlite
from scales import BENCH, RESULTS, ROOT, db_for_scale, machine, parse_scales
from workload import COMPARE, DEEP, DOC_PAGE, FIGURE_FACETS, ITEM, MEASURE_FACETS, Workload, derive, gql

LUA = BENCH / "wrk" / "replay.lua"
DATASETTE = BENCH / ".venv-datasette" / "bin" / "datasette"
POLICYAPI = Path(sys.executable).parent / "policyapi"
try:  # entries in each worker's whole-response cache
    from policyapi.graphql.execute import GraphQLSettings

    RESPONSE_CACHE = GraphQLSettings().response_cache
except ImportError:
    RESPONSE_CACHE = 0

# datasette-graphql's spelling of the same two queries (foreign keys become nested objects,
# reverse foreign keys `<table>_list` connections).
DS_ITEM = """query ItemCold($id: String!) { measures_row(id: $id) { id title number document_id { title }
  responsibilities_list(sort: position, first: 100) { nodes { position is_lead unit_id { name kind } } }
  figures_list(first: 100) { nodes { value unit year comparator } } } }"""
DS_PAGE = """query DocPageCold($document: String!) { measures(filter: {document_id: {eq: $document}}, sort: ordinal,
  first: 20) { totalCount pageInfo { endCursor hasNextPage } nodes { id title number document_id { title } } } }"""

Request = tuple[str, str, str]  # method, path, body

# Issue 11's endpoints and the list page each is compared with (goal: within 1.5x of it).
NEW_KINDS = {"rest-compare": "rest-list", "rest-facets": "rest-list", "rest-facets-measures": "rest-list",
             "graphql-compare": "graphql-list", "graphql-facets": "graphql-list",
             "graphql-facets-measures": "graphql-list"}


@dataclass
class Scenario:
    name: str  # e.g. "graphql item, cold"
    kind: str  # what it is compared on: ping, rest-item, rest-list, graphql-item, graphql-list, graphql-deep,
    # and issue 11's rest-compare, rest-facets, rest-facets-measures, graphql-compare, graphql-facets,
    # graphql-facets-measures (compared with the list page of the same API: NEW_KINDS)
    mode: str  # cold, warm, -
    requests: list[Request]  # measured; cold pools are distinct requests
    warmup: list[Request]  # disjoint from `requests` for cold scenarios
    check: Callable[[Request, int, Any], None]  # verifies one sampled answer
    expect: str = "-"
    reject: str = "-"
    server: str = "default"  # "nocache": a server started with POLICYAPI_RESPONSE_CACHE=0; "noplan": also
    # POLICYAPI_PLANNED_QUERIES=0 (Strawberry's executor for every request: the planner's "before")


# ---- helpers -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(base: str, request: Request, timeout: float = 30) -> tuple[int, Any]:
    method, path, body = request
    req = urllib.request.Request(base + path, method=method, data=body.encode() if body else None,
                                 headers={"content-type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()[:500]


def group_rss_mib(pgid: int) -> float:
    """Resident memory of every process in the process group (the server and its workers)."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1024


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_busy_s() -> float:
    """CPU seconds all processes on the machine have used (all cores): /proc/stat minus idle."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / CLOCK_TICKS


def group_cpu_s(pgid: int) -> float:
    """CPU seconds used so far by the live processes of a process group (our server)."""
    total = 0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == pgid:
                    total += int(fields[11]) + int(fields[12])
            except (OSError, ValueError, IndexError):
                continue
    return total / CLOCK_TICKS


def own_cpu_s() -> float:
    """CPU seconds of this process and its finished children (wrk)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def server(command: list[str], ready_path: str, port: int, log: Path, env: dict | None = None) -> Iterator[dict]:
    """Start a server in its own process group; yield once `ready_path` answers 200; stop it."""
    info: dict[str, Any] = {"command": " ".join(command), "base": f"http://127.0.0.1:{port}"}
    with open(log, "w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT,
                                env={**os.environ, **(env or {})})
    try:
        started = time.perf_counter()
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {proc.returncode}: see {log}:\n{log.read_text()[-2000:]}")
            try:
                if fetch(info["base"], ("GET", ready_path, ""), timeout=2)[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
                pass
            if time.perf_counter() - started > 180:
                raise RuntimeError(f"{command[0]} did not answer {ready_path} within 180 s: see {log}")
            time.sleep(0.2)
        info["startup_s"] = round(time.perf_counter() - started, 2)
        info["pgid"] = proc.pid
        yield info
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # our own process group: the server and its workers
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def run_wrk(base: str, requests: list[Request], duration: float, connections: int, threads: int,
            expect: str, reject: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        for method, path, body in requests:
            assert "\t" not in path + body and "\n" not in path + body
            f.write(f"{method}\t{path}\t{body}\n")
    try:
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "10s", "-s", str(LUA),
                   base, "--", f.name, expect, reject, str(threads)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    finally:
        os.unlink(f.name)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("WRK_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads(line[len("WRK_JSON "):])


def tilde(value: str) -> str:
    """Datasette's tilde-encoding of a primary key in a URL path."""
    safe = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    return "".join(c if c in safe else ("+" if c == " " else "".join(f"~{b:02X}" for b in c.encode())) for c in value)


def post(query: str, variables: dict) -> Request:
    return ("POST", "/graphql", json.dumps({"query": query, "variables": variables}, ensure_ascii=False))


def split(pool: list, warmup: int = 32) -> tuple[list, list]:
    """(warm-up part, measured part): disjoint when the pool is big enough."""
    if len(pool) > 2 * warmup:
        return pool[:warmup], pool[warmup:]
    return pool[:1], pool[1:] or pool


# ---- scenarios -------------------------------------------------------------------------------


def graphql_ok(body: Any) -> dict:
    assert isinstance(body, dict) and not body.get("errors") and body.get("data"), str(body)[:300]
    return body["data"]


def cold_server(pool: list) -> str:
    """Where a cold GraphQL run goes: our default server when the pool of distinct requests is
    bigger than twice the response cache (replayed in rotation, none is still cached when it
    comes round again), else a server with the response cache off (the pool would fit in it)."""
    return "default" if len(pool) > 2 * RESPONSE_CACHE else "nocache"


def ours(w: Workload) -> list[Scenario]:
    ids_warmup, ids = split(w.measure_ids)
    docs_warmup, docs = split(w.documents, warmup=4)

    def rest_item(req, status, body):
        assert status == 200 and body["id"] == urllib.parse.unquote(req[1].rsplit("/", 1)[1]), (status, str(body)[:300])

    def rest_list(req, status, body):
        assert status == 200 and 0 < len(body["items"]) <= 20 <= 20 and body["total_count"] >= len(body["items"])

    def gql_item(req, status, body):
        assert status == 200 and graphql_ok(body)["measure"]["slug"] == json.loads(req[2])["variables"]["id"]

    def gql_list(req, status, body):
        page = graphql_ok(body)["measures"]
        assert status == 200 and 0 < len(page["nodes"]) <= 20 and page["totalCount"] >= len(page["nodes"])

    def ping(req, status, body):
        assert status == 200 and body["status"] == "ok"

    cursors_warmup, cursors = split(w.deep_cursors)

    def gql_deep(req, status, body):
        page = graphql_ok(body)["measures"]
        assert status == 200 and 0 < len(page["edges"]) <= 20

    def rest_compare(req, status, body):
        assert status == 200 and body["cells"] and body["metric"] == w.compare_metric, (status, str(body)[:300])

    def rest_facets(req, status, body):
        assert status == 200 and 0 < len(body["items"]) <= 20 and body["facets"]["total"] == body["total_count"], \
            (status, str(body)[:300])

    def gql_compare(req, status, body):
        found = graphql_ok(body)["compare"]
        places = json.loads(req[2])["variables"]["places"]
        assert status == 200 and found["cells"] and all(c["place"]["code"] in places for c in found["cells"])

    def gql_facets(field):
        def check(req, status, body):
            page = graphql_ok(body)[field]
            assert status == 200 and 0 < len(page["nodes"]) <= 20 and page["facets"]["total"] == page["totalCount"]
        return check

    def compare_req(s):
        query = [("metric", s["metric"]), *(("place", p) for p in s["places"]), *(("year", y) for y in s["years"] or ())]
        return ("GET", "/api/v1/compare?" + urllib.parse.urlencode(query), "")

    def after(cursor):
        return f"&after={urllib.parse.quote(cursor)}" if cursor else ""

    province = urllib.parse.quote(w.facet_province)
    rest_targets = lambda c: ("GET", f"/api/v1/figures?kind=target&first=20&facets=true{after(c)}", "")  # noqa: E731
    rest_province = lambda c: ("GET", f"/api/v1/measures?province={province}&first=20&facets=true{after(c)}", "")  # noqa: E731,E501
    gql_compare_req = lambda s: post(gql(COMPARE, "cold"), s)  # noqa: E731
    gql_targets = lambda c: post(gql(FIGURE_FACETS, "cold"), {"after": c})  # noqa: E731
    gql_province = lambda c: post(gql(MEASURE_FACETS, "cold"),  # noqa: E731
                                  {"filter": {"province": w.facet_province}, "after": c})
    compare_warmup, compare_sets = split(w.compare_sets, warmup=4)
    targets_warmup, targets = split(w.facet_target_cursors, warmup=4)
    province_warmup, province_cursors = split(w.facet_measure_cursors, warmup=4)
    new = [
        Scenario("REST compare", "rest-compare", "cold", [compare_req(s) for s in compare_sets],
                 [compare_req(s) for s in compare_warmup], rest_compare, expect='"cells"'),
        Scenario("REST figures page + facets (all targets)", "rest-facets", "cold",
                 [rest_targets(c) for c in targets], [rest_targets(c) for c in targets_warmup], rest_facets,
                 expect='"facets"'),
        Scenario("REST measures page + facets (a province)", "rest-facets-measures", "cold",
                 [rest_province(c) for c in province_cursors], [rest_province(c) for c in province_warmup],
                 rest_facets, expect='"facets"'),
        Scenario("GraphQL compare", "graphql-compare", "cold", [gql_compare_req(s) for s in compare_sets],
                 [gql_compare_req(s) for s in compare_warmup], gql_compare, expect='"data"', reject='"errors"',
                 server=cold_server(compare_sets)),
        Scenario("GraphQL figures page + facets (all targets)", "graphql-facets", "cold",
                 [gql_targets(c) for c in targets], [gql_targets(c) for c in targets_warmup], gql_facets("figures"),
                 expect='"data"', reject='"errors"', server=cold_server(targets)),
        Scenario("GraphQL measures page + facets (a province)", "graphql-facets-measures", "cold",
                 [gql_province(c) for c in province_cursors], [gql_province(c) for c in province_warmup],
                 gql_facets("measures"), expect='"data"', reject='"errors"', server=cold_server(province_cursors)),
    ] if w.compare_sets else []

    item = lambda mode, i: post(gql(ITEM, mode), {"id": i})  # noqa: E731
    deep = lambda c: post(gql(DEEP, "cold"), {"after": c})  # noqa: E731
    page = lambda mode, d: post(gql(DOC_PAGE, mode), {"document": d})  # noqa: E731
    rest_page = lambda d: ("GET", f"/api/v1/measures?document={urllib.parse.quote(d)}&first=20", "")  # noqa: E731
    return [
        Scenario("ping (GET /healthz)", "ping", "-", [("GET", "/healthz", "")], [("GET", "/healthz", "")], ping,
                 expect='"ok"'),
        Scenario("REST item", "rest-item", "cold", [("GET", f"/api/v1/measures/{i}", "") for i in ids],
                 [("GET", f"/api/v1/measures/{i}", "") for i in ids_warmup], rest_item, expect='"document_id"'),
        Scenario("REST list page", "rest-list", "cold", [rest_page(d) for d in docs], [rest_page(d) for d in docs_warmup],
                 rest_list, expect='"total_count"'),
        Scenario("GraphQL item", "graphql-item", "cold", [item("cold", i) for i in ids],
                 [item("cold", i) for i in ids_warmup], gql_item, expect='"data"', reject='"errors"',
                 server=cold_server(ids)),
        Scenario("GraphQL item", "graphql-item", "warm", [item("warm", w.item_warm)], [item("warm", w.item_warm)],
                 gql_item, expect='"data"', reject='"errors"'),
        Scenario("GraphQL list page", "graphql-list", "cold", [page("cold", d) for d in docs],
                 [page("cold", d) for d in docs_warmup], gql_list, expect='"data"', reject='"errors"',
                 server=cold_server(docs)),
        Scenario("GraphQL list page", "graphql-list", "warm", [page("warm", w.document_warm)],
                 [page("warm", w.document_warm)], gql_list, expect='"data"', reject='"errors"'),
        Scenario("GraphQL deep page (cursor)", "graphql-deep", "cold", [deep(c) for c in cursors],
                 [deep(c) for c in cursors_warmup], gql_deep, expect='"data"', reject='"errors"',
                 server=cold_server(cursors)),
        *new,
        Scenario("GraphQL item", "graphql-item", "cold", [item("cold", i) for i in ids],
                 [item("cold", i) for i in ids_warmup], gql_item, expect='"data"', reject='"errors"', server="noplan"),
        Scenario("GraphQL list page", "graphql-list", "cold", [page("cold", d) for d in docs],
                 [page("cold", d) for d in docs_warmup], gql_list, expect='"data"', reject='"errors"',
                 server="noplan"),
    ]


def datasette(w: Workload, database: str) -> list[Scenario]:
    ids_warmup, ids = split(w.measure_ids)
    docs_warmup, docs = split(w.documents, warmup=4)

    def row(req, status, body):
        wanted = req[1].split("/")[-1].split(".json")[0]
        assert status == 200 and tilde(body["rows"][0]["id"]) == wanted, (status, str(body)[:300])

    def rows(req, status, body):
        assert status == 200 and 0 < len(body["rows"]) <= 20

    def gql_item(req, status, body):
        assert status == 200 and graphql_ok(body)["measures_row"]["id"] == json.loads(req[2])["variables"]["id"]

    def gql_list(req, status, body):
        assert status == 200 and 0 < len(graphql_ok(body)["measures"]["nodes"]) <= 20

    def ping(req, status, body):
        assert status == 200 and "datasette" in body

    row_req = lambda i: ("GET", f"/{database}/measures/{tilde(i)}.json?_shape=objects", "")  # noqa: E731
    list_req = lambda d: ("GET", f"/{database}/measures.json?document_id={urllib.parse.quote(d)}"  # noqa: E731
                                 "&_sort=ordinal&_size=20&_shape=objects", "")
    return [
        Scenario("ping (GET /-/versions.json)", "ping", "-", [("GET", "/-/versions.json", "")],
                 [("GET", "/-/versions.json", "")], ping, expect='"datasette"'),
        Scenario("JSON row API", "rest-item", "cold", [row_req(i) for i in ids], [row_req(i) for i in ids_warmup], row,
                 expect='"rows"'),
        Scenario("JSON list API", "rest-list", "cold", [list_req(d) for d in docs], [list_req(d) for d in docs_warmup],
                 rows, expect='"rows"'),
        Scenario("datasette-graphql item", "graphql-item", "cold", [post(DS_ITEM, {"id": i}) for i in ids],
                 [post(DS_ITEM, {"id": i}) for i in ids_warmup], gql_item, expect='"data"', reject='"errors"'),
        Scenario("datasette-graphql list page", "graphql-list", "cold", [post(DS_PAGE, {"document": d}) for d in docs],
                 [post(DS_PAGE, {"document": d}) for d in docs_warmup], gql_list, expect='"data"', reject='"errors"'),
    ]


def verify(base: str, scenarios: list[Scenario], samples: int = 3) -> None:
    for scenario in scenarios:
        for request in scenario.requests[:samples] + scenario.warmup[:1]:
            status, body = fetch(base, request)
            try:
                scenario.check(request, status, body)
            except (AssertionError, KeyError, TypeError, IndexError) as exc:
                raise RuntimeError(f"{base}: wrong answer for {scenario.name} {request[:2]}: {exc!r}\n"
                                   f"{str(body)[:500]}") from None


def reference_answers(our_base: str, w: Workload, samples: int = 5) -> dict:
    """Our answers to a few item and list queries, to compare Datasette's with."""
    items = {i: graphql_ok(fetch(our_base, post(gql(ITEM, "check"), {"id": i}))[1])["measure"]
             for i in w.measure_ids[:samples]}
    pages = {d: graphql_ok(fetch(our_base, post(gql(DOC_PAGE, "check"), {"document": d}))[1])["measures"]
             for d in w.documents[:samples]}
    return {"items": items, "pages": pages}


def cross_check(their_base: str, reference: dict) -> None:
    """Datasette answers the same questions with the same facts."""
    for measure_id, a in reference["items"].items():
        b = graphql_ok(fetch(their_base, post(DS_ITEM, {"id": measure_id}))[1])["measures_row"]
        assert (a["title"], a["number"]) == (b["title"], b["number"]), (a, b)
        assert [r["unit"]["name"] for r in a["responsibilities"]] == \
               [r["unit_id"]["name"] for r in b["responsibilities_list"]["nodes"]], (a, b)
        assert len(a["figures"]) == len(b["figures_list"]["nodes"]), (a, b)
    for document, a in reference["pages"].items():
        b = graphql_ok(fetch(their_base, post(DS_PAGE, {"document": document}))[1])["measures"]
        assert a["totalCount"] == b["totalCount"] and [n["slug"] for n in a["nodes"]] == [n["id"] for n in b["nodes"]], \
            (a, b)


def load(system: str, workers: int, base: str, scenarios: list[Scenario], args: argparse.Namespace,
         scale: int, pgid: int, config: str = "-") -> list[dict]:
    results = []
    for scenario in scenarios:
        run_wrk(base, scenario.warmup, min(1.0, args.duration), args.connections, args.threads,
                scenario.expect, scenario.reject)
        load_before = os.getloadavg()[0]
        cpu = (cpu_busy_s(), group_cpu_s(pgid), own_cpu_s(), time.perf_counter())
        measured = run_wrk(base, scenario.requests, args.duration, args.connections, args.threads,
                           scenario.expect, scenario.reject)
        busy, server_cpu, own, wall = (cpu_busy_s() - cpu[0], group_cpu_s(pgid) - cpu[1], own_cpu_s() - cpu[2],
                                       time.perf_counter() - cpu[3])
        seconds = measured["duration_us"] / 1e6
        errors = sum(measured["errors"].values()) + measured["bad_status"] + measured["bad_body"]
        result = {
            "scale": scale, "system": system, "workers": workers, "scenario": scenario.name, "kind": scenario.kind,
            "mode": scenario.mode, "rps": round(measured["requests"] / seconds, 1),
            "p50_ms": measured["latency_us"]["p50"] / 1000, "p99_ms": measured["latency_us"]["p99"] / 1000,
            "errors": errors, "requests": measured["requests"], "distinct": len(scenario.requests),
            "server": config, "cache_hit_ratio": round(measured["cache_hits"] / max(measured["responses_checked"], 1), 3)
            if measured["cache_hits"] + measured["cache_misses"] else None,
            "repeat": round(measured["requests"] / len(scenario.requests), 2) if scenario.mode == "cold" else None,
            "loadavg_before": round(load_before, 2), "server_rss_mib": round(group_rss_mib(pgid), 1), "wrk": measured,
            # cores busy during the run: the server, wrk (and this script), everything else on the machine
            "cpu_server": round(server_cpu / wall, 2), "cpu_wrk": round(own / wall, 2),
            "cpu_other": round(max(busy - server_cpu - own, 0) / wall, 2),
        }
        results.append(result)
        print(f"  {system:10} w={workers} {scenario.name:30} {scenario.mode:4} {result['rps']:9.0f} req/s  "
              f"p50 {result['p50_ms']:7.2f} ms  p99 {result['p99_ms']:7.2f} ms  errors {errors}"
              f"{'  repeat ' + str(result['repeat']) if result['repeat'] else ''}"
              f"{'  cache hits ' + str(result['cache_hit_ratio']) if result['cache_hit_ratio'] is not None else ''}"
              f"{'  (response cache off)' if config == 'nocache' else ''}"
              f"  cores: server {result['cpu_server']}, wrk {result['cpu_wrk']}, other {result['cpu_other']}", flush=True)
        if errors:
            print(f"    !! {errors} errors: {measured['errors']}, bad status {measured['bad_status']}, "
                  f"bad body {measured['bad_body']}", flush=True)
    return results


def sqlite_for(db: Path, store: policyapi.Store) -> Path:
    """The Datasette copy of `db`, exported again when the dataset version changed."""
    out = db.with_suffix(".sqlite")
    if db.parent != BENCH / ".cache" and not os.access(db.parent, os.W_OK):
        out = BENCH / ".cache" / out.name
    stamp = out.with_suffix(".sqlite.version")
    if not (out.is_file() and stamp.is_file() and stamp.read_text() == store.dataset.version):
        started = time.perf_counter()
        export_sqlite(store, out)
        stamp.write_text(store.dataset.version)
        print(f"[bench] exported {out} ({time.perf_counter() - started:.1f} s)", flush=True)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default=os.environ.get("POLICYAPI_BENCH_SCALES", "1"))
    parser.add_argument("--workers", default="1,2", help="our server's worker counts, e.g. 1,2")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per measured run (default 8)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1: leave the cores to servers)")
    parser.add_argument("--no-datasette", action="store_true", help="skip the Datasette comparison")
    parser.add_argument("--kinds", default="",
                        help="run only these scenario kinds, e.g. 'rest-list,rest-compare,graphql-list,graphql-compare' "
                             f"(default: all; {', '.join(NEW_KINDS)} are compared with rest-list / graphql-list); "
                             "the report marks such a run as partial")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    if not args.no_datasette and not DATASETTE.is_file():
        raise SystemExit(f"{DATASETTE} is missing: `make bench-datasette-venv` creates it")
    args.out.mkdir(parents=True, exist_ok=True)

    kinds = {k.strip() for k in args.kinds.split(",") if k.strip()}
    for scale in parse_scales(args.scales):
        db = db_for_scale(scale)
        with policyapi.open(db) as store:
            w = derive(store)
            version = store.dataset.version
            sqlite = None if args.no_datasette else sqlite_for(db, store)
        print(f"[bench] scale {scale}: {db} ({w.counts}); wrk -t{args.threads} -c{args.connections} "
              f"-d{args.duration}s", flush=True)
        results: list[dict] = []
        servers: dict[str, dict] = {}
        reference = None
        for workers in [int(n) for n in args.workers.split(",")]:
            scenarios = [s for s in ours(w) if not kinds or s.kind in kinds]
            for config in ("default", "nocache", "noplan"):
                chosen = [s for s in scenarios if s.server == config]
                if not chosen or (config == "noplan" and workers != 1):  # the planner's before: 1 worker is enough
                    continue
                port = free_port()
                command = [str(POLICYAPI), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
                           "--workers", str(workers), "--log-level", "warning"]
                env = {"nocache": {"POLICYAPI_RESPONSE_CACHE": "0"},
                       "noplan": {"POLICYAPI_RESPONSE_CACHE": "0", "POLICYAPI_PLANNED_QUERIES": "0"}}.get(config, {})
                log = args.out / f"policyapi-scale{scale}-w{workers}-{config}.log"
                with server(command, "/healthz", port, log, env) as info:
                    verify(info["base"], chosen)
                    reference = reference or reference_answers(info["base"], w)
                    info["rss_mib_idle"] = round(group_rss_mib(info["pgid"]), 1)
                    system = "policyapi, planner off" if config == "noplan" else "policyapi"
                    results += load(system, workers, info["base"], chosen, args, scale, info["pgid"], config)
                servers[f"policyapi-w{workers}-{config}"] = {k: v for k, v in info.items() if k != "pgid"}
        if sqlite is not None:
            port = free_port()
            command = [str(DATASETTE), "serve", "-i", str(sqlite), "--host", "127.0.0.1", "--port", str(port),
                       "--setting", "suggest_facets", "off"]
            with server(command, "/-/versions.json", port, args.out / f"datasette-scale{scale}.log") as info:
                scenarios = [s for s in datasette(w, sqlite.stem) if not kinds or s.kind in kinds]
                verify(info["base"], scenarios)
                if reference:
                    cross_check(info["base"], reference)
                    print("  answers agree: ours and Datasette's (items: title, number, units in order, figures; "
                          "pages: totalCount and ids)", flush=True)
                info["rss_mib_idle"] = round(group_rss_mib(info["pgid"]), 1)
                results += load("datasette", 1, info["base"], scenarios, args, scale, info["pgid"], "datasette")
            servers["datasette"] = {k: v for k, v in info.items() if k != "pgid"}
        report = {"scale": scale, "db": str(db), "dataset_version": version, "counts": w.counts,
                  "date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "machine": machine(),
                  "wrk": {"threads": args.threads, "connections": args.connections, "duration_s": args.duration},
                  "servers": servers, "results": results,
                  # what this run left out, so report.py can say so instead of dropping it silently
                  "kinds": sorted(kinds) or None, "workers": args.workers, "datasette": not args.no_datasette}
        path = args.out / f"http-scale{scale}.json"
        path.write_text(json.dumps(report, indent=1))
        print(f"[bench] wrote {path}", flush=True)


if __name__ == "__main__":
    main()
