"""Write compiled rows to a DuckDB file, atomically.

Table schemas are derived from the msgspec models, so the database, the store and the API
cannot drift apart. Rows go in through newline-delimited JSON (DuckDB's bulk reader is far
faster than row-by-row inserts), into a temporary file that replaces the target only once
it is complete: a failed or killed build leaves the previous database as it was.

All scratch data (that file, DuckDB's own temporary files, the JSON) lives in one hidden folder
next to the target, `.<name>.*.tmp`, removed when the build ends, fails or gets SIGTERM: nothing
goes to the system temp folder, where a killed build's leftovers would never be found.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import stat
import tempfile
import threading
import types
import typing
from collections.abc import Iterator
from pathlib import Path

import duckdb
import msgspec

from policyapi.errors import DatabaseError
from policyapi.models import Model
from policyapi.tables import KEYS, Tables

_SCALARS = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN", dt.date: "DATE",
            dt.datetime: "TIMESTAMP"}


def duckdb_type(annotation: typing.Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return duckdb_type(inner)
    if origin is typing.Literal:
        return "VARCHAR"
    if origin is tuple:
        return duckdb_type(typing.get_args(annotation)[0]) + "[]"
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return "STRUCT(" + ", ".join(f'"{n}" {t}' for n, t in columns(annotation)) + ")"
    return _SCALARS[annotation]


def columns(model: type[Model]) -> list[tuple[str, str]]:
    hints = typing.get_type_hints(model)
    return [(name, duckdb_type(hints[name])) for name in model.__struct_fields__]


def check_target(target: Path) -> None:
    """Refuse a database path that is not a regular file or a new path (in a folder, or in folders yet to be
    made): os.replace would put the database in place of a symlink, or of /dev/null when run as root, and
    a directory or a path under a file only fails deep inside the write. Cheap: call it before compiling."""
    target = Path(target)
    try:
        mode = os.lstat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        for parent in target.parents:  # the nearest one that exists must be a folder
            if parent.exists():
                if not parent.is_dir():
                    raise DatabaseError(f"cannot write the database {target}: {parent} is not a directory") from None
                return
        return
    except OSError as exc:
        raise DatabaseError(f"cannot write the database {target}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(mode):
        raise DatabaseError(f"the database path {target} is a symbolic link: give the file it points to, "
                            f"{target.resolve()}, or a new path")
    if stat.S_ISDIR(mode):
        raise DatabaseError(f"the database path {target} is a directory: give a file path, such as "
                            f"{target / 'policy.duckdb'}")
    if not stat.S_ISREG(mode):
        raise DatabaseError(f"the database path {target} is not a regular file (a device, FIFO or socket)")


def write_database(compiled: Tables, target: Path) -> None:
    target = Path(target)
    check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise DatabaseError(f"cannot write the database {target}: {exc.strerror or exc}") from None
    try:
        with _cleanup_on_sigterm():
            database = scratch / target.name  # DuckDB creates it, and its WAL and temp folder beside it
            with duckdb.connect(str(database)) as con:
                for table in Tables.__struct_fields__:
                    rows = getattr(compiled, table)
                    model = typing.get_args(typing.get_type_hints(Tables)[table])[0]
                    _write_table(con, scratch, table, model, rows)
                con.execute("CHECKPOINT")
            check_target(target)  # again: it may have changed while the rows were written
            os.replace(database, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@contextlib.contextmanager
def _cleanup_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while writing, so `finally` removes the scratch folder. Only where SIGTERM
    would kill the process anyway (its default handler, in the main thread): a handler of the caller's stays."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)  # the shell's exit status for a process killed by the signal

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _write_table(con: duckdb.DuckDBPyConnection, scratch: Path, table: str, model: type[Model],
                 rows: list[Model]) -> None:
    cols = columns(model)
    key = KEYS.get(table)
    ddl = ", ".join(f'"{n}" {t}' + (" PRIMARY KEY" if n == key else "") for n, t in cols)
    con.execute(f'CREATE TABLE "{table}" ({ddl})')
    if not rows:
        return
    path = scratch / f"{table}.jsonl"
    path.write_bytes(b"\n".join(msgspec.json.encode(r) for r in rows))
    spec = "{" + ", ".join(f"'{n}': '{t}'" for n, t in cols) + "}"
    con.execute(f"INSERT INTO \"{table}\" SELECT * FROM read_json(?, format='newline_delimited', "
                f"columns={spec}, maximum_object_size=268435456)", [str(path)])
