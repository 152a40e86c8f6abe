"""The `policyapi` command: each subcommand is a thin call into the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policyapi.errors import PolicyAPIError


def _build(args: argparse.Namespace) -> None:
    from policyapi.build import BuildFailed, build_tables
    from policyapi.build.compile import build_workers
    from policyapi.build.report import summary
    from policyapi.bundled import default_db, seeds_dir

    seeds, db = args.seeds or seeds_dir(), args.db or default_db()
    try:
        tables = build_tables(seeds, db, check=args.check, strict=args.strict, workers=build_workers())
    except BuildFailed as exc:
        for error in exc.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"build failed: {len(exc.errors)} error(s); nothing was written", file=sys.stderr)
        raise SystemExit(1) from None
    for line in summary(tables.warnings):
        print(line, file=sys.stderr)
    dataset = tables.dataset[0]
    action = "checked" if args.check else f"wrote {db}"
    print(f"{action}: dataset {dataset.version}: {dataset.documents} documents, {dataset.measures} measures, "
          f"{dataset.units} units, {dataset.figures} figures, {dataset.places} places, {dataset.warnings} warnings")


def _add(args: argparse.Namespace) -> None:
    from policyapi.build.add import add
    from policyapi.bundled import seeds_dir

    for added in add(args.sources, args.seeds or seeds_dir()):
        print(f"added {added.path} (from {added.source}); review {added.sidecar}")


def _export(args: argparse.Namespace) -> None:
    import policyapi

    with policyapi.open(args.db) as store:
        for path in store.export(Path(args.out), args.format, args.tables or None):
            print(path)


def _serve(args: argparse.Namespace) -> None:
    """Serve under granian with `--workers` processes.

    A worker that dies is replaced (the others keep answering); SIGTERM or SIGINT stops all within ~5 s.
    `POLICYAPI_RATE_LIMIT` is counted by each worker on its own, and its `RateLimit-*` headers are that
    worker's count: with N workers a client spreading requests over several connections may get up to
    N times the limit.
    """
    import os

    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    import policyapi
    from policyapi.app import Settings
    from policyapi.bundled import ensure_built

    # Every worker reads the environment in create_app(): a bad value there is a traceback per worker.
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    if settings.rate_limit and args.workers > 1:
        count, per = settings.rate_limit
        print(f"note: the rate limit is counted by each of the {args.workers} workers: a client may get up to "
              f"{count * args.workers}/{per}", file=sys.stderr)
    # Build once here, before the workers start, so they only ever open a finished file;
    # open it once too, so a damaged file is one clear error line, not a worker's traceback.
    db = args.db.resolve() if args.db else ensure_built()
    policyapi.open(db).close()
    os.environ["POLICYAPI_DB"] = str(db)  # every worker process reads it in create_app()
    _refuse_a_port_in_use(args.host, args.port)
    print(f"serving {db} on http://{args.host}:{args.port} (GraphiQL at /graphql, OpenAPI at /schema)")
    # Granian (Rust HTTP, uvloop): ~30 % more requests/s than uvicorn for the same app on one core.
    # respawn_failed_workers: without it one worker's exit shuts down every worker (exit 1, port closed).
    # workers_kill_timeout: a worker that has not stopped 5 s after SIGTERM is killed, so shutdown is bounded.
    Granian("policyapi.app:create_app", factory=True, interface=Interfaces.ASGI, address=args.host, port=args.port,
            workers=args.workers, log_level=LogLevels(args.log_level), log_access=False,
            respawn_failed_workers=True, workers_kill_timeout=5).serve()


def _refuse_a_port_in_use(host: str, port: int) -> None:
    """Granian binds with SO_REUSEPORT, so a second server on a busy port would silently share it."""
    import errno
    import socket

    if port == 0:
        return
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise SystemExit(f"error: cannot serve on {host}:{port}: {exc.strerror}") from None
    with socket.socket(family, kind, proto) as probe:
        # SO_REUSEADDR, as granian sets it, but not SO_REUSEPORT: a port left in TIME_WAIT by the last
        # server is free, one another socket listens on is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            reason = "already in use (is another policyapi serve running?)" if exc.errno == errno.EADDRINUSE \
                else exc.strerror
            raise SystemExit(f"error: cannot serve on {host}:{port}: {reason}") from None


def _query(args: argparse.Namespace) -> None:
    import json

    import policyapi
    from policyapi.graphql.execute import run

    try:
        variables = json.loads(args.variables) if args.variables else None
    except json.JSONDecodeError as exc:
        raise SystemExit(f"error: --variables is not JSON: {exc}") from None
    with policyapi.open(args.db) as store:
        body = run(store, args.query, variables)
    print(json.dumps(body, ensure_ascii=False, indent=2, default=str))
    if "errors" in body:
        raise SystemExit(1)


def _synth(args: argparse.Namespace) -> None:
    from policyapi.synth import generate

    documents = generate(args.out, args.scale, seed=args.seed)
    print(f"wrote {len(documents)} documents ({sum(d.bytes for d in documents):,} bytes of text, "
          f"{sum(d.sidecar for d in documents)} with sidecars) to {args.out}")


def _schema(args: argparse.Namespace) -> None:  # noqa: ARG001
    from policyapi.graphql.schema import schema

    print(schema.as_str())


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="policyapi", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)

    p = commands.add_parser("build", help="compile a folder of documents into one DuckDB file")
    p.add_argument("--seeds", type=Path, help="folder of *.txt documents (default: the project's seeds/)")
    p.add_argument("--db", type=Path, help="database file to write (default: the bundled location, "
                                          "$POLICYAPI_DB or ~/.cache/policyapi/policy.duckdb)")
    p.add_argument("--check", action="store_true", help="validate the documents without writing anything")
    p.add_argument("--strict", action="store_true",
                   help="fail on warnings too (parts of a document the compiler could not read)")
    p.set_defaults(run=_build)

    p = commands.add_parser("add", help="copy or download documents into the seeds folder, each with a sidecar "
                                        "of what it states, to review")
    p.add_argument("sources", nargs="+", metavar="FILE_OR_URL", help=".txt, .html, .pdf or .docx files, or URLs")
    p.add_argument("--seeds", type=Path, help="seeds folder to add to (default: the project's seeds/)")
    p.set_defaults(run=_add)

    p = commands.add_parser("export", help="export every table (or those named) as CSV, JSON or Parquet")
    p.add_argument("--db", type=Path, help="database file (default: the bundled dataset)")
    p.add_argument("--format", choices=("csv", "json", "parquet"), default="csv")
    p.add_argument("--out", default="export", help="output folder (default: ./export)")
    p.add_argument("tables", nargs="*", help="tables to export (default: all)")
    p.set_defaults(run=_export)

    p = commands.add_parser("serve", help="serve GraphQL and REST over HTTP")
    p.add_argument("--db", type=Path, help="database file (default: the bundled dataset, built when needed)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes sharing the read-only database; one that dies is replaced. "
                        "POLICYAPI_RATE_LIMIT is counted by each worker: a client may get up to N times it")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    p.set_defaults(run=_serve)

    p = commands.add_parser("query", help="run a GraphQL query in-process and print the JSON response")
    p.add_argument("query", help="the GraphQL document, e.g. '{ dataset { version } }'")
    p.add_argument("--variables", help="variables as a JSON object")
    p.add_argument("--db", type=Path, help="database file (default: the bundled dataset)")
    p.set_defaults(run=_query)

    p = commands.add_parser("synth", help="write a synthetic corpus N times the seeds' size (for benchmarks)")
    p.add_argument("--scale", type=float, required=True, help="N: about N x the seeds' text (1 = ~33 KB, 5 documents)")
    p.add_argument("--out", type=Path, required=True, help="folder to write into (created; must be empty)")
    p.add_argument("--seed", type=int, default=0, help="random seed: same scale and seed, same files (default: 0)")
    p.set_defaults(run=_synth)

    p = commands.add_parser("schema", help="print the GraphQL schema (SDL); schema.graphql is its output")
    p.set_defaults(run=_schema)
    return top


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except PolicyAPIError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
