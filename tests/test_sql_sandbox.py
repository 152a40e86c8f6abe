"""`.sql()` reads the database and nothing else (issue 14, item 5).

DuckDB adds its temporary directory (`.tmp/` under the working directory by default) to the
directories a query may read, even with external access off; and the relation `.sql()` returned
could run any SQL text through `.query()` (a TEMP table, an `ATTACH ':memory:'`)."""

from __future__ import annotations

import pytest

import policyapi


@pytest.fixture
def store(db_path):
    with policyapi.open(db_path) as store:
        yield store


@pytest.mark.parametrize("query", ["SELECT * FROM glob('.tmp/*')", "SELECT * FROM '.tmp/x.csv'",
                                   "SELECT * FROM read_text('.tmp/x.csv')", "SELECT * FROM read_csv('.tmp/x.csv')"])
def test_the_temporary_directory_is_not_readable(store, tmp_path, monkeypatch, query):
    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "x.csv").write_text("secret,1\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(policyapi.QueryError, match="disabled by configuration"):
        store.sql(query).fetchall()
    assert store.sql("SELECT current_setting('allowed_directories')").fetchall() == [([],)]


@pytest.mark.parametrize(("method", "args"), [
    ("query", ("x", "CREATE TEMP TABLE t AS SELECT 1")), ("query", ("x", "ATTACH ':memory:' AS m")),
    ("execute", ()), ("create", ("t",)), ("create_view", ("v",)), ("insert_into", ("units",)),
    ("to_table", ("t",)), ("to_csv", ("/tmp/x.csv",)), ("write_parquet", ("/tmp/x.parquet",)),
])
def test_the_relation_runs_no_other_statement(store, method, args):
    relation = store.sql("SELECT kind, count(*) AS n FROM units GROUP BY kind")
    with pytest.raises(AttributeError, match="can only be read or narrowed"):
        getattr(relation, method)(*args)
    assert store.sql("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchall() == [(0,)]
    assert [name for (name,) in store.sql("SELECT database_name FROM duckdb_databases() "
                                          "WHERE NOT internal").fetchall()] == ["policy"]


def test_the_relation_is_still_read_and_narrowed(store):
    relation = store.sql("SELECT kind, count(*) AS n FROM units GROUP BY kind ORDER BY kind")
    assert relation.columns == ["kind", "n"] and len(relation) == 6
    assert relation.filter("n > 2").fetchall() == [("government_department", 28)]
    assert relation.limit(1).project("kind").fetchall() == [("collective",)]
    assert relation.aggregate("sum(n)").fetchall() == [(37,)]
