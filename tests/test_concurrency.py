"""One `policyapi.open()` object used by many threads at once.

Lookups, filters, search, `.sql()` (each thread gets its own DuckDB cursor: a connection must
not be shared between threads) and in-process GraphQL, interleaved from 16 threads, give the
same answers as the same calls made one by one.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

import duckdb
import pytest

import policyapi
from conftest import HUBEI

THREADS = 16
OPS_PER_THREAD = 200

GQL_MEASURE = """query($id: String!) { measure(id: $id) { number title leadUnit { name }
    responsibilities { position unit { name } } figures { value unit } } }"""
GQL_PROVINCE = """query($name: String!) { province(name: $name) { code measures(first: 3) { totalCount nodes { number } }
    figures(first: 5) { nodes { value unit year } } } }"""


def operations(store: policyapi.Store) -> list[tuple[str, Callable[[], Any]]]:
    """Every kind of call a client makes, each returning a plain, comparable value."""
    ops: list[tuple[str, Callable[[], Any]]] = []
    for n in (1, 3, 7, 12, 16):
        mid = f"{HUBEI}:m{n}"
        ops += [
            (f"measure {n}", lambda mid=mid: store.measure(mid)),
            (f"responsibilities {n}", lambda mid=mid: store.responsibilities(measure=mid)),
            (f"scenarios {n}", lambda mid=mid: store.scenarios(mid)),
            (f"figures of {n}", lambda mid=mid: store.figures(measure=mid)),
            (f"sql measure {n}", lambda mid=mid: store.sql(
                "SELECT number, title, len(text) FROM measures WHERE id = ?", [mid]).fetchall()),
            (f"graphql measure {n}", lambda mid=mid: store.graphql(GQL_MEASURE, {"id": mid})),
        ]
    for place in ("Hubei", "Wuhan", "Wenzhou", "湖北", "420100"):
        ops += [
            (f"place {place}", lambda place=place: store.place(place)),
            (f"documents in {place}", lambda place=place: [d.id for d in store.documents(place=place)]),
            (f"figures in {place}", lambda place=place: store.figures(place=place, kind="target")),
            (f"units in {place}", lambda place=place: store.units(place=place)),
            (f"sql figures in {place}", lambda place=place: store.sql(
                "SELECT unit, count(*), sum(value) FROM figures WHERE jurisdiction_code = ? GROUP BY ALL ORDER BY ALL",
                [store.place(place).code]).fetchall()),
        ]
    for province in ("Hubei", "Zhejiang"):
        ops.append((f"graphql province {province}",
                    lambda province=province: store.graphql(GQL_PROVINCE, {"name": province})))
    ops += [
        ("measures in Hubei led by the data bureau",
         lambda: [m.id for m in store.measures(province="Hubei", lead_unit="Provincial Data Bureau")]),
        ("measures naming Wuhan", lambda: [m.number for m in store.measures(city="Wuhan")]),
        ("measures q", lambda: [m.id for m in store.measures(q="brain computer interface")]),
        ("unit by alias", lambda: store.unit("provincial department of economy and information technology")),
        ("units of a kind", lambda: store.units(kind="party_organ")),
        ("figures 2027-2028", lambda: store.figures(unit="CNY", year_from=2027, year_to=2028)),
        ("search en", lambda: store.search("computing power")),
        ("search zh", lambda: store.search("武汉 人工智能", limit=5)),
        ("search measures", lambda: store.search("data", kinds={"measure"}, limit=3)),
        ("sql units by kind", lambda: store.sql(
            "SELECT kind, count(*) AS n FROM units GROUP BY kind ORDER BY kind").fetchall()),
        ("sql join", lambda: store.sql(
            "SELECT m.number, u.name FROM responsibilities r JOIN measures m ON m.id = r.measure_id "
            "JOIN units u ON u.id = r.unit_id WHERE r.is_lead ORDER BY m.document_id, m.number").fetchall()),
        ("sql named params", lambda: store.sql("SELECT count(*) FROM figures WHERE value > $v",
                                               {"v": 1e9}).fetchall()),
        ("sql relation chained", lambda: store.sql("SELECT * FROM units").filter("kind = 'collective'")
         .order("id").project("id").fetchall()),
        ("sql refused", lambda: _refused(lambda: store.sql("CREATE TABLE x AS SELECT 1"))),
        ("sql reads no file", lambda: _refused(lambda: store.sql("SELECT * FROM read_text('/etc/hostname')"))),
        ("not found", lambda: _refused(lambda: store.measure("nope"))),
        ("graphql dataset", lambda: store.graphql("{ dataset { version documents measures } }")),
        ("graphql search", lambda: store.graphql('{ search(query: "Wenzhou", first: 2) { id } }')),
        ("graphql error", lambda: store.graphql('{ measure(id: "nope") { number } }')),
        ("graphql units", lambda: store.graphql(
            '{ units(filter: {kind: PARTY_ORGAN}) { totalCount nodes { name measures { totalCount } } } }')),
    ]
    return ops


def _refused(call: Callable[[], Any]) -> str:
    try:
        call()
    except policyapi.PolicyAPIError as exc:
        return f"{type(exc).__name__}: {exc}"
    raise AssertionError("not refused")


def run_concurrently(store: policyapi.Store, ops, expected: dict[str, Any]) -> tuple[int, set[int]]:
    """THREADS threads, each OPS_PER_THREAD calls in its own random order, all started at once."""
    barrier = threading.Barrier(THREADS)
    failures: list[str] = []
    done = [0] * THREADS
    cursors: set[int] = set()
    lock = threading.Lock()

    def work(k: int) -> None:
        rng = random.Random(k)
        barrier.wait()
        try:
            for _ in range(OPS_PER_THREAD):
                name, call = rng.choice(ops)
                got = call()
                if got != expected[name]:
                    failures.append(f"thread {k}, {name}: {got!r} != {expected[name]!r}")
                done[k] += 1
            mine = store._cursor()
            assert mine is store._cursor()  # one cursor per thread, kept
            with lock:
                cursors.add(id(mine))
        except BaseException as exc:  # noqa: BLE001 - reported below, with the thread
            failures.append(f"thread {k}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert failures == [], "\n".join(failures[:10])
    return sum(done), cursors


class _NoSharedConnection:
    """Stands in for the store's connection after open: any query on it, rather than on a
    per-thread cursor, fails the test."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._real = con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._real.cursor()

    def close(self) -> None:
        self._real.close()

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the shared connection was used directly: .{name}")


@pytest.fixture
def fresh_store(db_path):
    """A store of its own (its search index is built under contention, by the first callers)."""
    with policyapi.open(db_path) as opened:
        opened._con = _NoSharedConnection(opened._con)
        yield opened


def test_many_threads_one_store(fresh_store, store):
    ops = operations(fresh_store)
    expected = {name: call() for name, call in operations(store)}  # one by one, on another store
    assert len(expected) == len(ops) > 60
    total, cursors = run_concurrently(fresh_store, ops, expected)
    assert total == THREADS * OPS_PER_THREAD
    assert len(cursors) == THREADS  # every thread queried through its own cursor
    # And nothing was left in a state that changes later answers.
    assert {name: call() for name, call in ops} == expected


def test_a_relation_is_read_in_the_thread_that_made_it(fresh_store):
    """Relations made in many threads at once and read back interleaved stay independent."""
    barrier = threading.Barrier(THREADS)
    results: dict[int, list] = {}

    def work(k: int) -> None:
        barrier.wait()
        relation = fresh_store.sql("SELECT ? AS k, count(*) FROM figures WHERE value > ?", [k, k * 10.0])
        barrier.wait()  # every thread holds an unread relation now
        results[k] = relation.fetchall() + relation.fetchall()  # a relation re-runs on each read

    threads = [threading.Thread(target=work, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for k, rows in results.items():
        (count,) = fresh_store.sql("SELECT count(*) FROM figures WHERE value > ?", [k * 10.0]).fetchall()[0]
        assert rows == [(k, count), (k, count)]
    assert len(results) == THREADS


def test_export_from_many_threads(fresh_store, tmp_path):
    """Exports open connections of their own; they can run beside queries and each other."""
    failures: list[str] = []

    def work(k: int) -> None:
        try:
            if k % 2:
                fresh_store.export(tmp_path / str(k), "csv", ["units"])
                assert (tmp_path / str(k) / "units.csv").read_text().count("\n") == len(fresh_store.units()) + 1
            else:
                assert fresh_store.sql("SELECT count(*) FROM units").fetchall() == [(len(fresh_store.units()),)]
        except BaseException as exc:  # noqa: BLE001
            failures.append(f"{k}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
