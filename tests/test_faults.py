"""Faults: a build killed with SIGKILL, a damaged database file, a seeds folder with one bad file.

- A build killed at any point leaves the previous database byte-identical and openable (same
  dataset version); what a killed build leaves behind (hidden `.policy.duckdb.*.tmp` files)
  does not stop the next build, which succeeds.
- A truncated, overwritten, foreign or empty database file is refused at `policyapi.open()` (and
  by the service at startup) with a DatabaseError naming the path, never a raw duckdb error.
- One bad document fails the whole build, names that file, and writes nothing.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import policyapi
from conftest import ROOT, SEEDS
from policyapi import DatabaseError
from policyapi.build import BuildFailed
from policyapi.build.compile import dataset_version, seed_files
from policyapi.tables import Tables

# ---- a build killed with SIGKILL ---------------------------------------------------------------

COPIES = 40  # copies of the seeds: a build of ~200 documents takes long enough to be killed while writing
# Seconds after the build's temporary database appears (it is writing then) before SIGKILL;
# None kills it while it is still compiling (before anything is written).
KILL_POINTS = (None, 0.0, 0.005, 0.02, 0.05, 0.1, 0.3)


def _big_corpus(folder: Path) -> Path:
    folder.mkdir()
    for i in range(COPIES):
        for path in SEEDS.iterdir():
            if path.suffix in (".txt", ".toml"):
                stem, suffix = path.name.split(".", 1)
                shutil.copy(path, folder / f"{stem}-copy{i:03d}.{suffix}")
    return folder


def _temporaries(db: Path) -> list[Path]:
    return sorted(p for p in db.parent.iterdir() if p.name.startswith(f".{db.name}."))


def _build_command(seeds: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "policyapi.cli", "build", "--seeds", str(seeds), "--db", str(db)]


def _kill_build(seeds: Path, db: Path, delay: float | None) -> tuple[int, bool]:
    """Start a build, SIGKILL it at the kill point; (return code, whether it was writing then)."""
    before = set(_temporaries(db))
    started = time.monotonic()
    proc = subprocess.Popen(_build_command(seeds, db), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        if delay is None:
            time.sleep(0.3)  # the interpreter is up and compiling; the write starts after ~0.6 s
        else:
            while proc.poll() is None and set(_temporaries(db)) == before:
                time.sleep(0.0005)
                assert time.monotonic() - started < 60, "the build never started writing"
            time.sleep(delay)
        writing = set(_temporaries(db)) != before
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    return proc.returncode, writing and proc.returncode == -signal.SIGKILL


def _children(pid: int) -> set[int]:
    """Live child processes of `pid` (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_a_killed_parallel_build_leaves_no_worker_behind(tmp_path):
    seeds = _big_corpus(tmp_path / "big")
    env = {**os.environ, "POLICYAPI_BUILD_WORKERS": "2"}
    proc = subprocess.Popen(_build_command(seeds, tmp_path / "db.duckdb"), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started, workers = time.monotonic(), set()
        while len(workers) < 2 and proc.poll() is None and time.monotonic() - started < 30:
            workers = {c for c in _children(proc.pid) if "spawn_main" in _cmdline(c)}
            time.sleep(0.05)
        assert len(workers) >= 2, "the build never started its workers"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "workers outlived the killed build"


def test_a_killed_build_leaves_the_previous_database_intact(tmp_path):
    seeds = _big_corpus(tmp_path / "big")
    db = tmp_path / "db" / "policy.duckdb"
    policyapi.build(SEEDS, db)  # the previous database: the real seeds
    previous = db.read_bytes()
    with policyapi.open(db) as store:
        old_version = store.dataset.version
    new_version = dataset_version(seed_files(seeds))
    killed_while_writing = 0
    for delay in KILL_POINTS:
        returncode, writing = _kill_build(seeds, db, delay)
        killed_while_writing += writing
        with policyapi.open(db) as store:  # always a whole database: the old one, or the new one
            version = store.dataset.version
            assert len(store.measures()) == (16 if version == old_version else 16 * COPIES)
        if version == old_version:
            assert db.read_bytes() == previous, f"kill point {delay}: the previous database changed"
        else:  # killed (or finished) after the new file had replaced the old one: complete, not torn
            assert version == new_version and returncode in (0, -signal.SIGKILL)
            db.write_bytes(previous)
        # What a killed build leaves is hidden and named after the target: nothing else.
        assert [p for p in db.parent.iterdir() if p != db and p not in _temporaries(db)] == []
        assert all(p.name.endswith((".tmp", ".tmp.wal")) for p in _temporaries(db))
    assert killed_while_writing >= 3, f"only {killed_while_writing} kill points fell while the build was writing"

    # The next build is not disturbed by the leftovers, and replaces the database.
    leftovers = _temporaries(db)
    result = subprocess.run(_build_command(seeds, db), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with policyapi.open(db) as store:
        assert store.dataset.version == new_version and len(store.measures()) == 16 * COPIES
    assert _temporaries(db) == leftovers  # its own temporary is gone; old ones are inert


# ---- a damaged database file -------------------------------------------------------------------


def _corrupt(kind: str, path: Path, good: bytes) -> None:
    rng = random.Random(kind)
    if kind == "truncated to half":
        path.write_bytes(good[: len(good) // 2])
    elif kind == "truncated to one block":
        path.write_bytes(good[:4096])
    elif kind == "truncated by one byte... of the header":
        path.write_bytes(good[:4095])
    elif kind.startswith("header overwritten at "):
        offset = int(kind.rsplit(" ", 1)[1])
        data = bytearray(good)
        data[offset:offset + 64] = rng.randbytes(64)
        path.write_bytes(bytes(data))
    elif kind == "random garbage":
        path.write_bytes(rng.randbytes(1 << 20))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("id,name\n1,Hubei\n" * 100)
    elif kind == "sqlite":
        path.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    elif kind == "duckdb with other tables":
        with duckdb.connect(str(path)) as con:
            con.execute("CREATE TABLE accounts AS SELECT 1 AS id, 'x' AS secret")
    elif kind == "policyapi tables with other columns":
        with duckdb.connect(str(path)) as con:
            for table in Tables.__struct_fields__:
                con.execute(f'CREATE TABLE "{table}" AS SELECT 1 AS x')
    elif kind == "no build metadata":
        path.write_bytes(good)
        with duckdb.connect(str(path)) as con:
            con.execute("DELETE FROM dataset")
    elif kind == "another compiler version":
        path.write_bytes(good)
        with duckdb.connect(str(path)) as con:
            con.execute("UPDATE dataset SET compiler_version = '0'")
    elif kind == "a folder":
        path.mkdir()
    else:
        raise AssertionError(kind)


CORRUPTIONS = [
    "truncated to half", "truncated to one block", "truncated by one byte... of the header",
    "header overwritten at 0", "header overwritten at 16", "header overwritten at 4096", "header overwritten at 8192",
    "random garbage", "empty", "text", "sqlite", "duckdb with other tables", "policyapi tables with other columns",
    "no build metadata", "another compiler version", "a folder",
]


@pytest.mark.parametrize("kind", CORRUPTIONS)
def test_a_damaged_database_is_a_clear_error_at_open(tmp_path, db_path, kind):
    path = tmp_path / "policy.duckdb"
    _corrupt(kind, path, db_path.read_bytes())
    with pytest.raises(DatabaseError) as error:
        policyapi.open(path)
    message = str(error.value)
    assert message.startswith(f"{path}: ") and len(message) < 2000
    assert any(word in message for word in ("truncated or corrupt", "not a policyapi database", "do not match",
                                            "no build metadata", "rebuild it", "no database file"))
    assert not isinstance(error.value, duckdb.Error)
    # No duckdb exception chained on: the message says it all.
    assert error.value.__cause__ is None and (error.value.__context__ is None or error.value.__suppress_context__)


def test_a_failed_open_holds_nothing_and_a_rebuilt_file_opens(tmp_path, db_path):
    """DuckDB keeps one instance per path and process: a failed open used to leak its connection,
    so the same path, rebuilt, kept failing; and an open store pinned the old file for every later
    open of its path, which then served the old dataset after a rebuild."""
    path = tmp_path / "policy.duckdb"
    _corrupt("truncated to half", path, db_path.read_bytes())
    with pytest.raises(DatabaseError) as failure:
        policyapi.open(path)
    shutil.copy(db_path, path)  # fixed, while `failure` still holds the failed open's frame
    with policyapi.open(path) as first:
        assert len(first.measures()) == 16
        sichuan = tmp_path / "sichuan"
        sichuan.mkdir()
        shutil.copy(ROOT / "tests" / "documents" / "sichuan-computing-power-measures.txt", sichuan)
        policyapi.build(sichuan, path)  # rebuilt while `first` is still open
        with policyapi.open(path) as second:
            assert len(second.documents()) == 1 and second.dataset.version != first.dataset.version
            assert second.sql("SELECT count(*) FROM documents").fetchall() == [(1,)]
        assert first.sql("SELECT count(*) FROM documents").fetchall() == [(5,)]  # its own snapshot
        with pytest.raises(DatabaseError, match="open it again to export it"):
            first.export(tmp_path / "export")
    assert failure.value


def test_export_works_while_the_store_is_open(tmp_path, store):
    """`export` used to open a second connection with other settings, which DuckDB refuses
    while the store's own is open: `policyapi export` always failed with a raw duckdb error."""
    written = store.export(tmp_path / "out", "csv", ["units", "measures"])
    assert [p.name for p in written] == ["units.csv", "measures.csv"]
    assert (tmp_path / "out" / "units.csv").read_text().startswith("id,name,name_zh,aliases,body_type,kind,level")
    assert store.sql("SELECT count(*) FROM units").fetchall()[0][0] == len(store.units())
    with pytest.raises(policyapi.QueryError):  # the store's own connection still reads no files
        store.sql(f"SELECT * FROM read_csv('{tmp_path / 'out' / 'units.csv'}')")


def test_the_service_refuses_a_damaged_database_at_startup(tmp_path, db_path):
    from litestar.testing import TestClient

    from policyapi.app import Settings, create_app

    path = tmp_path / "policy.duckdb"
    _corrupt("truncated to half", path, db_path.read_bytes())
    with pytest.raises(BaseException) as startup:  # noqa: PT011 - anyio wraps it in an ExceptionGroup
        with TestClient(create_app(Settings(db=path))):
            pass
    errors = startup.value.exceptions if isinstance(startup.value, BaseExceptionGroup) else (startup.value,)
    assert [type(e) for e in errors] == [DatabaseError]
    assert str(errors[0]).startswith(f"{path}: cannot read the database (truncated or corrupt?)")


def test_policyapi_serve_exits_on_a_damaged_database(tmp_path, db_path):
    path = tmp_path / "policy.duckdb"
    _corrupt("header overwritten at 0", path, db_path.read_bytes())
    result = subprocess.run([sys.executable, "-m", "policyapi.cli", "serve", "--db", str(path), "--port", "0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {path.resolve()}: not a readable DuckDB database (truncated or corrupt?)")
    assert "Traceback" not in result.stderr and "serving" not in result.stdout


# ---- a seeds folder with one bad file -----------------------------------------------------------

BAD_FILES = {
    "not UTF-8": (b"Title\nfine\n\xc3\x28 broken\n", None, r"zz-bad\.txt:3: not text in UTF-8, UTF-16, GB18030/GBK or Big5"),
    "empty": (b"", None, r"zz-bad\.txt:1: document is empty"),
    "unknown kind": (b"A policy.\nJust prose, no measures.\n", b'kind = "memo"\n',
                     r"zz-bad\.meta\.toml:1: kind 'memo' is not one of policy, plan, news, analysis"),
}


@pytest.mark.parametrize("bad", BAD_FILES)
@pytest.mark.parametrize("previous", [True, False], ids=["over a database", "no database yet"])
def test_one_bad_file_builds_nothing(tmp_path, db_path, bad, previous):
    content, sidecar, message = BAD_FILES[bad]
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "zz-bad.txt").write_bytes(content)
    if sidecar:
        (seeds / "zz-bad.meta.toml").write_bytes(sidecar)
    target = tmp_path / "db" / "policy.duckdb"
    target.parent.mkdir()
    if previous:
        shutil.copy(db_path, target)
    before = target.read_bytes() if previous else None
    with pytest.raises(BuildFailed, match=message) as failure:
        policyapi.build(seeds, target)
    # Only the bad file (or its sidecar) is named.
    assert [e.path.name.split(".")[0] for e in failure.value.errors] == ["zz-bad"]
    assert sorted(p.name for p in target.parent.iterdir()) == (["policy.duckdb"] if previous else [])
    if previous:
        assert target.read_bytes() == before
        with policyapi.open(target) as store:
            assert len(store.measures()) == 16


def test_one_bad_file_via_the_cli(tmp_path, db_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "zz-empty.txt").write_bytes(b"\n \n")
    target = tmp_path / "policy.duckdb"
    shutil.copy(db_path, target)
    before = target.read_bytes()
    result = subprocess.run(_build_command(seeds, target), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: {seeds / 'zz-empty.txt'}:1: document is empty (no text left after removing page debris)",
        "build failed: 1 error(s); nothing was written"]
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["policy.duckdb", "seeds"]


# ---- hostile SQL (tests/test_library.py covers the basics: DROP, INSERT, COPY TO, INSTALL, ATTACH, read_csv) --


@pytest.fixture(scope="module")
def own_store(db_path):
    """A store of its own: a query that got through would leave its mark on no other test."""
    with policyapi.open(db_path) as opened:
        yield opened


REFUSED_STATEMENTS = {
    "LOAD httpfs": "LOAD", "INSTALL httpfs FROM community": "INSTALL", "PRAGMA database_list": "PRAGMA",
    "PRAGMA enable_profiling": "PRAGMA", "SET threads = 1": "SET", "RESET threads": "RESET",
    "SET lock_configuration = false": "SET", "SET GLOBAL enable_external_access = true": "SET",
    "CALL pragma_version()": "CALL", "CHECKPOINT": "CHECKPOINT", "VACUUM": "VACUUM", "DETACH policy": "DETACH",
    "USE memory": "USE", "CREATE SECRET (TYPE s3, KEY_ID 'x', SECRET 'y')": "CREATE",
    "EXPORT DATABASE '/tmp/policyapi-export'": "EXPORT", "IMPORT DATABASE '/tmp/policyapi-export'": "IMPORT",
    "BEGIN TRANSACTION": "BEGIN", "PREPARE p AS SELECT 1": "PREPARE", "COPY units FROM '/etc/passwd'": "COPY",
    "COPY (SELECT 1) TO '/tmp/policyapi-x.csv'": "COPY", "UPDATE units SET name = 'x'": "UPDATE",
    "DELETE FROM units": "DELETE", "ALTER TABLE units RENAME TO u": "ALTER",
    "CREATE TEMP TABLE t AS SELECT 1": "CREATE", "CREATE TEMP VIEW measures AS SELECT 42 AS x": "CREATE",
    "CREATE MACRO m() AS 1": "CREATE", "/* a comment first */ INSERT INTO units SELECT * FROM units": "INSERT",
    # EXPLAIN ANALYZE runs what it explains: these used to get through (the statement type is EXPLAIN).
    "EXPLAIN ANALYZE CREATE TEMP VIEW measures AS SELECT 42 AS x": "EXPLAIN of CREATE",
    "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1": "EXPLAIN of CREATE",
    "explain  analyse  (FORMAT json) INSERT INTO units SELECT * FROM units": "EXPLAIN of INSERT",
    "EXPLAIN ANALYZE SET threads = 1": "EXPLAIN of SET", "EXPLAIN CREATE TEMP TABLE t AS SELECT 1": "EXPLAIN of CREATE",
    "SELECT 1; SELECT 2": "2 statements", "": "0 statements", " ; ": "0 statements",
}


@pytest.mark.parametrize("statement", REFUSED_STATEMENTS)
def test_sql_refuses_every_statement_but_select(own_store, statement):
    with pytest.raises(policyapi.QueryError) as refused:
        own_store.sql(statement)
    assert str(refused.value) == f"only one read-only SELECT statement is allowed, not {REFUSED_STATEMENTS[statement]}"


@pytest.fixture(scope="module")
def local_files(own_store, tmp_path_factory):
    """Files that exist and are readable by the process: the refusal is the lockdown, not a missing file."""
    out = tmp_path_factory.mktemp("files")
    own_store.export(out, "parquet", ["units"])
    own_store.export(out, "json", ["units"])
    own_store.export(out, "csv", ["units"])
    return out


FILE_READS = [
    "SELECT * FROM read_csv('{csv}')", "SELECT * FROM read_csv(['{csv}', '/etc/passwd'])",
    "SELECT * FROM read_csv_auto('{csv}')", "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_blob('/etc/passwd')", "SELECT * FROM glob('/etc/*')", "SELECT * FROM glob('{dir}/*')",
    "SELECT * FROM parquet_scan('{parquet}')", "SELECT * FROM read_parquet('{parquet}')", "SELECT * FROM '{parquet}'",
    "SELECT * FROM parquet_metadata('{parquet}')", "SELECT * FROM parquet_schema('{parquet}')",
    "SELECT * FROM read_json('{json}')", "SELECT * FROM read_ndjson_auto('{json}')", "FROM '{csv}'",
    "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')",
    "WITH f AS (SELECT * FROM read_text('/etc/hostname')) SELECT * FROM f",
    "SELECT (SELECT count(*) FROM read_csv('{csv}')) AS n", "EXPLAIN ANALYZE SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_csv('https://example.org/data.csv')", "SELECT * FROM read_parquet('s3://bucket/x.parquet')",
]


@pytest.mark.parametrize("template", FILE_READS)
def test_sql_reads_no_file_and_no_url(own_store, local_files, template):
    query = template.format(csv=local_files / "units.csv", json=local_files / "units.json",
                            parquet=local_files / "units.parquet", dir=local_files)
    with pytest.raises(policyapi.QueryError, match="file system operations are disabled by configuration"):
        own_store.sql(query)


@pytest.mark.parametrize("query", ["SELECT * FROM sniff_csv('/etc/passwd')", "SELECT * FROM duckdb_secrets()"])
def test_sql_table_functions_that_touch_files_only_when_run_are_refused_when_run(own_store, query):
    """These bind without touching a file, so `.sql()` returns; reading the relation is refused."""
    relation = own_store.sql(query)
    with pytest.raises(duckdb.PermissionException, match="disabled by configuration"):
        relation.fetchall()


@pytest.mark.parametrize("query", [
    "SELECT count(*) FROM measures", "FROM measures SELECT count(*)", "  /* hi */ SELECT count(*) FROM measures ;",
    "WITH m AS (SELECT * FROM measures) SELECT count(*) FROM m", "EXPLAIN SELECT count(*) FROM measures",
    "EXPLAIN ANALYZE SELECT count(*) FROM measures", "DESCRIBE measures", "SUMMARIZE units", "SHOW TABLES",
    "SELECT count(*) FROM policy.main.measures", "SELECT * FROM pragma_table_info('measures')",
])
def test_sql_allows_read_only_queries(own_store, query):
    assert own_store.sql(query).fetchall()


def test_sql_settings_stay_locked_and_nothing_temporary_was_made(own_store):
    for statement in REFUSED_STATEMENTS:  # in this thread, on this thread's cursor
        with pytest.raises(policyapi.QueryError):
            own_store.sql(statement)
    assert own_store.sql("SELECT count(*) FROM measures").fetchall() == [(16,)]  # no TEMP view shadows it
    settings = dict(own_store.sql("SELECT name, value FROM duckdb_settings() WHERE name IN "
                                  "('enable_external_access', 'lock_configuration', 'autoinstall_known_extensions',"
                                  " 'autoload_known_extensions', 'allow_community_extensions')").fetchall())
    assert settings == {"enable_external_access": "false", "lock_configuration": "true",
                        "autoinstall_known_extensions": "false", "autoload_known_extensions": "false",
                        "allow_community_extensions": "false"}
    made = own_store.sql("SELECT (SELECT count(*) FROM duckdb_tables() WHERE temporary) + "
                         "(SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal)").fetchall()
    assert made == [(0,)]
    databases = own_store.sql("SELECT database_name, readonly FROM duckdb_databases() WHERE NOT internal").fetchall()
    assert databases == [("policy", True)]  # the file, read-only; no writable in-memory catalog
