"""Copy a policyapi database into SQLite, for Datasette: `python export_sqlite.py DB.duckdb OUT.sqlite`.

Reads only through `Store.sql(...)` (DuckDB's sqlite extension cannot be downloaded here) and
writes with Python's sqlite3. The SQLite file is what a Datasette user would publish:
- span STRUCTs become four columns (span_document_id, span_start, span_end, span_quote);
  lists (aliases, place_codes) JSON text; dates ISO text; booleans 0/1;
- primary keys on ids and codes, foreign keys between the tables (Datasette and
  datasette-graphql follow them: `document_id { title }`, `responsibilities_list`), and an
  index on every foreign-key column (what `sqlite-utils index-foreign-keys` would add);
- `VACUUM`/`ANALYZE` at the end, so the query planner has statistics.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path

import policyapi
from policyapi.tables import KEYS as PRIMARY_KEYS, Tables

FOREIGN_KEYS = {  # table: [(column, other table, other column)]
    "cities": [("province_code", "provinces", "code")],
    "counties": [("province_code", "provinces", "code"), ("city_code", "cities", "code")],
    "sections": [("document_id", "documents", "id"), ("parent_id", "sections", "id")],
    "measures": [("document_id", "documents", "id"), ("section_id", "sections", "id"), ("chapter_id", "sections", "id"),
                 ("group_id", "sections", "id")],
    "scenarios": [("measure_id", "measures", "id")],
    "issuers": [("document_id", "documents", "id"), ("unit_id", "units", "id")],
    "responsibility_lists": [("measure_id", "measures", "id")],
    "responsibilities": [("measure_id", "measures", "id"), ("unit_id", "units", "id")],
    "figures": [("document_id", "documents", "id"), ("measure_id", "measures", "id")],
    "place_mentions": [("document_id", "documents", "id"), ("measure_id", "measures", "id")],
    "warnings": [("document_id", "documents", "id")],
}
# Parents before children (foreign keys are declared, not enforced during the load): the tables' own order.
ORDER = list(Tables.__struct_fields__)
SPAN_FIELDS = ("document_id", "start", "end", "quote")


def _sqlite_type(duck: str) -> str:
    if duck in ("BIGINT", "INTEGER", "BOOLEAN", "SMALLINT"):
        return "INTEGER"
    if duck in ("DOUBLE", "FLOAT", "REAL") or duck.startswith("DECIMAL"):
        return "REAL"
    return "TEXT"


def export(store: policyapi.Store, out: Path) -> dict[str, int]:
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, duck in store.sql("SELECT table_name, column_name, data_type FROM information_schema.columns "
                                         "ORDER BY table_name, ordinal_position").fetchall():
        columns.setdefault(table, []).append((column, duck))
    tables = [t for t in ORDER if t in columns] + sorted(set(columns) - set(ORDER))

    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    counts = {}
    for table in tables:
        selects, definitions, converters = [], [], []
        for column, duck in columns[table]:
            if duck.startswith("STRUCT("):
                for name in SPAN_FIELDS:
                    selects.append(f'"{column}"."{name}"')
                    kind = "INTEGER" if name in ("start", "end") else "TEXT"
                    definitions.append(f'"{column}_{name}" {kind}')
                    converters.append(None)
                continue
            selects.append(f'"{column}"')
            sqlite_type = _sqlite_type(duck)
            constraint = " PRIMARY KEY" if PRIMARY_KEYS.get(table) == column else ""
            references = next((f' REFERENCES "{t}"("{c}")' for col, t, c in FOREIGN_KEYS.get(table, ())
                               if col == column), "")
            definitions.append(f'"{column}" {sqlite_type}{constraint}{references}')
            if duck.endswith("[]"):
                converters.append(lambda v: None if v is None else json.dumps(list(v), ensure_ascii=False))
            elif duck in ("DATE", "TIMESTAMP", "TIME") or duck.startswith("TIMESTAMP"):
                converters.append(lambda v: None if v is None else v.isoformat())
            elif duck == "BOOLEAN":
                converters.append(lambda v: None if v is None else int(v))
            else:
                converters.append(None)
        con.execute(f'CREATE TABLE "{table}" ({", ".join(definitions)})')
        placeholders = ", ".join("?" * len(definitions))
        rows = store.sql(f'SELECT {", ".join(selects)} FROM "{table}"').fetchall()
        if any(converters):
            rows = [tuple(v if f is None else f(v) for f, v in zip(converters, row)) for row in rows]
        con.executemany(f'INSERT INTO "{table}" VALUES ({placeholders})', rows)
        counts[table] = len(rows)
        for column, _, _ in FOREIGN_KEYS.get(table, ()):
            con.execute(f'CREATE INDEX "idx_{table}_{column}" ON "{table}"("{column}")')
    con.commit()
    con.execute("ANALYZE")
    con.execute("VACUUM")
    con.close()
    tmp.replace(out)
    return counts


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit("usage: export_sqlite.py DB.duckdb OUT.sqlite")
    started = time.perf_counter()
    with policyapi.open(argv[0]) as store:
        counts = export(store, Path(argv[1]))
    print(f"wrote {argv[1]}: {counts} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
