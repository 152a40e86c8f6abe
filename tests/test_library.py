"""The Python library: policyapi.open() and the store's typed methods."""

from __future__ import annotations

import subprocess
import sys

import pytest

import policyapi
from conftest import HUBEI, ROOT
from policyapi import DatabaseError, NotFound, QueryError


def test_places(store):
    hubei = store.province("Hubei")
    assert (hubei.code, hubei.name_zh, hubei.capital_code) == ("420000", "湖北省", "420100")
    assert store.province("湖北省") == store.province("420000") == hubei
    assert len(store.provinces()) == 34
    wuhan = store.city("武汉")
    assert (wuhan.code, wuhan.name, wuhan.province_code, wuhan.is_capital) == ("420100", "Wuhan", "420000", True)
    assert store.city("Wenzhou").province_code == "330000"
    assert {c.code for c in store.cities("Hubei")} >= {"420100", "420300", "420500", "420600", "420700"}
    with pytest.raises(NotFound):
        store.city("Hubei")
    with pytest.raises(NotFound):
        store.province("Atlantis")


def test_documents_and_measures(store):
    assert store.document(HUBEI).number == "Ezhengbanfa [2025] No. 34"
    assert [d.id for d in store.documents(place="Wenzhou")] == ["wenzhou-city-ai-bureau-news"]
    assert len(store.documents(place="Hubei")) == 4
    assert len(store.measures(province="Hubei")) == 16
    assert [m.number for m in store.measures(document=HUBEI)][:3] == [1, 2, 3]
    # Wuhan: the Hubei measures that name Wuhan (in their text or unit list). Measure 1 names only
    # "Wuhan University": an organisation's name, not a place the measure is about.
    assert [m.number for m in store.measures(city="Wuhan")] == [3, 4, 6, 9, 12, 13]
    assert [(p.span.quote, p.in_organisation) for p in store.place_mentions(HUBEI)
            if p.measure_id == f"{HUBEI}:m1" and p.place_code == "420100"] == [("Wuhan", True)]
    assert [m.number for m in store.measures(lead_unit="Provincial Data Bureau")] == [7, 11]
    assert [m.number for m in store.measures(unit="Provincial Department of Public Security")] == [11, 12]
    assert [m.number for m in store.measures(q="brain computer interface")] == [3]
    assert store.measures(province="Zhejiang") == ()
    chapter = store.section(store.measure(f"{HUBEI}:m10").chapter_id)
    assert (chapter.title, chapter.marker, chapter.depth, chapter.role) == (
        "Creating inclusive application scenarios", "4、", 1, "chapter")


def test_units(store):
    unit = store.unit("people's governments of various cities and prefectures")
    assert unit.name == "People's Governments of various cities and prefectures"
    assert store.unit(unit.id) == unit
    assert (unit.measure_count, unit.lead_count) == (12, 0)
    economy = store.unit("provincial department of economy and information technology")
    assert (economy.measure_count, economy.lead_count) == (11, 8)
    assert {u.kind for u in store.units(place="Hubei")} == {
        "government_department", "party_organ", "municipal_government", "state_owned_enterprise",
        "financial_institution", "collective"}
    assert [u.name for u in store.units(kind="party_organ")] == [
        "Organization Department of the Provincial Party Committee",
        "Provincial Party Committee Cyberspace Administration"]
    assert [r.position for r in store.responsibilities(unit=unit.id)][:2] == [4, 2]
    lead = store.unit("Provincial Data Bureau")
    assert [m.number for m in store.measures(lead_unit=lead.id)] == [7, 11]  # by id: the index itself
    assert store.measures(unit=economy.id) == store.measures(unit=economy.name)
    with pytest.raises(NotFound):
        store.unit("Ministry of Magic")


def test_one_is_many_of_one_key(store):
    for relation, key in (("measure", f"{HUBEI}:m7"), ("place", "420100"), ("responsibilities_of_measure", f"{HUBEI}:m7"),
                          ("figures_of_measure", f"{HUBEI}:m1"), ("unit", "nope")):
        assert store.one(relation, key) == store.many(relation, [key])[0]
    assert store.one("measure", f"{HUBEI}:m7").number == 7 and store.one("unit", "nope") is None


def test_figures(store):
    targets = store.figures(place="Hubei", kind="target", unit="CNY", year_from=2027, year_to=2027)
    assert {(f.value, f.year) for f in targets} == {(350e9, 2027)}
    assert all(f.span.quote == "350 billion yuan" for f in targets)
    wuhan = {(f.value, f.unit, f.comparator, f.year) for f in store.figures(place="Wuhan", kind="target")}
    assert (200e9, "CNY", ">", 2028) in wuhan and (1500.0, "enterprises", ">", 2028) in wuhan
    wenzhou = {(f.value, f.unit, f.year) for f in store.figures(place="Wenzhou")}
    assert (30.0, "GW", 2030) in wenzhou
    observed = {(f.value, f.year) for f in store.figures(place="Wuhan", kind="observed", unit="enterprises")}
    assert (16630.0, 2024) in observed
    assert all(f.measure_id == f"{HUBEI}:m6" for f in store.figures(measure=f"{HUBEI}:m6"))


def test_sql_is_read_only_and_returns_a_relation(store):
    relation = store.sql("SELECT kind, count(*) AS n FROM units GROUP BY kind ORDER BY kind")
    assert dict(relation.fetchall())["collective"] == 2
    assert relation.columns == ["kind", "n"]
    for statement in ("DROP TABLE measures", "INSERT INTO units VALUES (1)", "CREATE TABLE x AS SELECT 1",
                      "COPY measures TO '/tmp/x.csv'", "INSTALL httpfs", "SET enable_external_access = true",
                      "SELECT 1; DROP TABLE units", "ATTACH '/tmp/other.duckdb'"):
        with pytest.raises(QueryError):
            store.sql(statement)
    for reading_files in ("SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM '/etc/hostname'",
                          "SELECT * FROM read_text('/etc/passwd')"):
        with pytest.raises(QueryError):
            store.sql(reading_files)


def test_corrupt_or_missing_database_is_a_clear_error(tmp_path, db_path):
    with pytest.raises(DatabaseError, match="no database file"):
        policyapi.open(tmp_path / "missing.duckdb")
    truncated = tmp_path / "truncated.duckdb"
    truncated.write_bytes(db_path.read_bytes()[:5000])
    with pytest.raises(DatabaseError, match="truncated or corrupt"):
        policyapi.open(truncated)
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatabaseError):
        policyapi.open(garbage)


def test_open_builds_the_bundled_dataset_on_first_use(tmp_path):
    """A fresh cache: open() builds from the packaged seeds, in a separate process."""
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    code = "import policyapi; s = policyapi.open(); print(len(s.measures()), s.path)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["16", str(tmp_path / "policyapi" / "policy.duckdb")]


def test_an_installed_wheel_builds_its_packaged_seeds(tmp_path):
    """Outside a checkout: the wheel carries the seeds and open() builds from them."""
    wheel_dir, target = tmp_path / "wheel", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(wheel_dir), str(ROOT)], check=True, capture_output=True)
    (wheel,) = wheel_dir.glob("policyapi-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    env = {"PYTHONPATH": str(target), "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    code = ("import policyapi; s = policyapi.open(); "
            "print(policyapi.__file__.startswith(%r), len(s.documents()), len(s.measures()))" % str(target))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "5", "16"]
