"""The build command: determinism, atomic writes, bad documents, new documents."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import policyapi
from conftest import SEEDS, TEST_DOCUMENTS
from policyapi.build import BuildFailed
from policyapi.build.compile import COMPILER_VERSION, compile_seeds


def _rows(path: Path) -> dict[str, list]:
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables "
                                            "ORDER BY table_name").fetchall()]
        return {t: con.execute(f'SELECT * EXCLUDE (built_at) FROM "{t}"' if t == "dataset" else
                               f'SELECT * FROM "{t}"').fetchall() for t in tables}


def test_same_seeds_same_rows_and_version(tmp_path, db_path):
    again = tmp_path / "again.duckdb"
    policyapi.build(SEEDS, again)
    assert _rows(again) == _rows(db_path)


def test_dataset_version_depends_on_the_inputs(tmp_path, compiled):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "wenzhou-city-ai-bureau-news.txt").write_text(
        (seeds / "wenzhou-city-ai-bureau-news.txt").read_text() + "\nWenzhou adds 3 laboratories.\n")
    assert compile_seeds(seeds).dataset[0].version != compiled.dataset[0].version


def test_build_metadata_in_the_database(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        version, compiler, documents, measures = con.execute(
            "SELECT version, compiler_version, documents, measures FROM dataset").fetchone()
    assert len(version) == 16 and compiler == COMPILER_VERSION
    assert (documents, measures) == (5, 16)


def _bad_seeds(tmp_path: Path, name: str, content: bytes) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / name).write_bytes(content)
    return seeds


@pytest.mark.parametrize(("content", "line", "message"), [
    (b"", 1, "document is empty"),
    (b"   \n\n  \n", 1, "document is empty"),
    (b"Title\nfine line\n\xff\xfe broken\n", 3, "not text in UTF-8, UTF-16, GB18030/GBK or Big5"),
    (b"Title\nbinary\x00data\n", 2, "contains NUL bytes"),
])
def test_malformed_document_names_file_and_line(tmp_path, content, line, message):
    seeds = _bad_seeds(tmp_path, "zz-bad.txt", content)
    with pytest.raises(BuildFailed) as failure:
        compile_seeds(seeds)
    (error,) = failure.value.errors
    assert error.path.name == "zz-bad.txt" and error.line == line and message in error.message


@pytest.mark.parametrize(("content", "line", "stage", "message"), [
    (b"Title\n\n1\xe3\x80\x81 Chapter\n\n(1) First. Body text here. (Responsible units: A Bureau, B Bureau)\n\n"
     b"(3) Third. More body text. (Responsible units: C Bureau)\n", 7, "outline", "numbering jumps to (3)"),
    (b"Title\n\n(1) First. Body text here. (Responsible units: A Bureau, B Bureau\n", 3, "units", "is not closed"),
])
def test_an_unusual_layout_builds_with_a_warning(tmp_path, content, line, stage, message):
    seeds = _bad_seeds(tmp_path, "zz-odd.txt", content)
    compiled = compile_seeds(seeds)
    (warning,) = [w for w in compiled.warnings if w.document_id == "zz-odd"]
    assert (Path(warning.file).name, warning.line, warning.stage) == ("zz-odd.txt", line, stage)
    assert message in warning.message
    assert compiled.dataset[0].warnings == len(compiled.warnings)
    with pytest.raises(BuildFailed) as failure:  # --strict: a warning fails the build
        compile_seeds(seeds, strict=True)
    assert any(e.path.name == "zz-odd.txt" and e.line == line for e in failure.value.errors)


def test_a_policy_without_measures_builds_with_a_warning(tmp_path):
    seeds = _bad_seeds(tmp_path, "zz-policy.txt", b"A policy without measures.\nJust prose.\n")
    (seeds / "zz-policy.meta.toml").write_text('kind = "policy"\n')
    compiled = compile_seeds(seeds)
    assert [w.message for w in compiled.warnings if w.document_id == "zz-policy"] == [
        "a document of kind 'policy' with no numbered measures found: its outline is kept, it has no measures"]


def test_bad_sidecar_names_its_line(tmp_path):
    seeds = _bad_seeds(tmp_path, "zz.txt", b"Some news about Chengdu.\n")
    (seeds / "zz.meta.toml").write_text('kind = "news"\njurisdiction = \n')
    with pytest.raises(BuildFailed, match=r"zz.meta.toml:2: bad sidecar"):
        compile_seeds(seeds)
    (seeds / "zz.meta.toml").write_text('kind = "gossip"\n')
    with pytest.raises(BuildFailed, match="kind 'gossip' is not one of"):
        compile_seeds(seeds)


def test_failed_build_leaves_the_previous_database_untouched(tmp_path, db_path):
    target = tmp_path / "policy.duckdb"
    shutil.copy(db_path, target)
    before = target.read_bytes()
    seeds = _bad_seeds(tmp_path, "zz-bad.txt", b"\xff")
    result = subprocess.run([sys.executable, "-m", "policyapi.cli", "build", "--seeds", str(seeds), "--db",
                             str(target)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "zz-bad.txt:1: not text in UTF-8" in result.stderr and "nothing was written" in result.stderr
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["policy.duckdb"]  # no temporary left behind
    with policyapi.open(target) as store:
        assert len(store.measures()) == 16


def test_check_validates_without_writing(tmp_path):
    target = tmp_path / "never.duckdb"
    result = subprocess.run([sys.executable, "-m", "policyapi.cli", "build", "--check", "--db", str(target)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "checked: dataset" in result.stdout and "16 measures" in result.stdout
    assert not target.exists()


def test_a_new_document_of_another_province_without_metadata(tmp_path):
    """Written for the tests: Sichuan, other departments, other numbers, no sidecar."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(TEST_DOCUMENTS / "sichuan-computing-power-measures.txt", seeds)
    db = tmp_path / "sichuan.duckdb"
    policyapi.build(seeds, db)
    with policyapi.open(db) as store:
        (doc,) = store.documents()
        assert doc.title == "Sichuan Province issues Several Measures to Build a National Computing Power Hub"
        assert (doc.kind, doc.jurisdiction_code, doc.number) == ("policy", "510000", "Chuanbanfa [2026] No. 7")
        assert str(doc.published) == "2026-03-03"
        assert doc.publisher == "Sichuan Provincial People's Government portal"
        assert doc.issuer == "General Office of the People's Government of Sichuan Province"
        assert "Advertisement" not in doc.text and "Read More" not in doc.text
        assert [m.title for m in store.measures()] == [
            "Build intelligent computing centres", "Improve green power supply", "Cultivate enterprises",
            "Open application scenarios"]
        m2 = store.measure(f"{doc.id}:m2")
        assert [store.unit(r.unit_id).name for r in store.responsibilities(measure=m2.id)] == [
            "Provincial Energy Bureau", "Provincial Department of Natural Resources",
            "State Grid Sichuan Electric Power Company", "People's Governments of various cities and prefectures"]
        # "Department of Economy and Information Technology of the Province" is the same unit.
        economy = store.unit("Provincial Department of Economy and Information Technology")
        assert economy.aliases[0] == "Department of Economy and Information Technology of the Province"
        # A standard body: its Chinese name and type from the unit glossary, and its Chinese spellings find it.
        assert (economy.name_zh, economy.body_type) == ("四川省经济和信息化厅", "economy_information")
        assert store.unit("四川省经信厅") == store.unit("省工信厅") == economy
        assert (economy.jurisdiction_code, economy.measure_count, economy.lead_count) == ("510000", 3, 1)
        assert store.unit("Chengdu Municipal People's Government").jurisdiction_code == "510100"
        assert store.unit("Bank of Chengdu").kind == "financial_institution"
        assert store.unit("State Grid Sichuan Electric Power Company").kind == "state_owned_enterprise"
        assert [s.name for s in store.scenarios(f"{doc.id}:m4")] == ["tourism", "agriculture"]
        assert {"510100", "510700", "511500"} <= set(store.measure(f"{doc.id}:m1").place_codes)
        figures = {(f.value, f.unit, f.year, f.kind) for f in store.figures()}
        assert (120e9, "CNY", 2028, "target") in figures
        assert (300.0, "enterprises", None, "target") in figures
        assert any(f.value == 12 and f.unit == "GW" for f in store.figures())
        assert any(f.value == 80 and f.unit == "%" and f.year == 2028 for f in store.figures())
