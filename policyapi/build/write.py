"""Write compiled rows to a DuckDB file, atomically.

Table schemas are derived from the msgspec models, so the database, the store and the API
cannot drift apart. Rows go in through newline-delimited JSON (DuckDB's bulk reader is far
faster than row-by-row inserts), into a temporary file that replaces the target only once
it is complete: a failed or killed build leaves the previous database as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import types
import typing
from pathlib import Path

import duckdb
import msgspec

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


def write_database(compiled: Tables, target: Path) -> None:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB creates the file itself
    try:
        with tempfile.TemporaryDirectory() as scratch, duckdb.connect(str(tmp)) as con:
            for table in Tables.__struct_fields__:
                rows = getattr(compiled, table)
                model = typing.get_args(typing.get_type_hints(Tables)[table])[0]
                _write_table(con, Path(scratch), table, model, rows)
            con.execute("CHECKPOINT")
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, Path(f"{tmp}.wal")):
            leftover.unlink(missing_ok=True)


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
