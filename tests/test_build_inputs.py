"""What the build reads and writes: only regular files inside the seeds folder, of bounded size; a
dataset version of the bytes compiled; a database target that is a file; no scratch left behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

import policyapi
from conftest import SEEDS
from policyapi.build import compile as compile_module
from policyapi.build import read, write
from policyapi.build.compile import compile_seeds, dataset_version, seed_files
from policyapi.errors import BuildFailed, DatabaseError
from policyapi.tables import Tables

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "wenzhou-city-ai-bureau-news"


def _seeds(tmp_path: Path, with_sidecar: bool = True) -> Path:
    """A seeds folder holding one real document (and its sidecar)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / f"{SAMPLE}.txt", seeds / f"{SAMPLE}.txt")
    if with_sidecar:
        shutil.copy(SEEDS / f"{SAMPLE}.meta.toml", seeds / f"{SAMPLE}.meta.toml")
    return seeds


def _read_warnings(compiled: Tables) -> dict[str, str]:
    return {Path(w.file).name: w.message for w in compiled.warnings if w.stage == "read"}


# 1. Symlinks out of the seeds folder


def test_a_symlink_out_of_the_seeds_folder_is_skipped_with_a_warning(tmp_path):
    seeds = _seeds(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret plan\n\n1. Nobody may read this secret line.\n")
    (seeds / "x.txt").symlink_to(outside / "secret.txt")
    (seeds / "folder").symlink_to(outside, target_is_directory=True)
    compiled = compile_seeds(seeds)
    assert [d.id for d in compiled.documents] == [SAMPLE]
    assert not any("secret" in d.text.lower() for d in compiled.documents)
    warnings = _read_warnings(compiled)
    assert "outside the seeds folder" in warnings["x.txt"]
    assert "outside the seeds folder" in warnings["folder"]
    assert seed_files(seeds) == [seeds / f"{SAMPLE}.txt"]


def test_a_symlink_to_a_file_inside_the_seeds_folder_is_read(tmp_path):
    seeds = _seeds(tmp_path, with_sidecar=False)
    (seeds / ".store").mkdir()  # hidden: not scanned itself
    (seeds / ".store" / "kept.txt").write_text((seeds / f"{SAMPLE}.txt").read_text())
    (seeds / "linked.txt").symlink_to(seeds / ".store" / "kept.txt")
    assert sorted(d.id for d in compile_seeds(seeds).documents) == ["linked", SAMPLE]


def test_a_sidecar_linked_from_outside_is_an_error_naming_it(tmp_path):
    seeds = _seeds(tmp_path, with_sidecar=False)
    (tmp_path / "elsewhere.toml").write_text('title = "Not ours"\n')
    (seeds / f"{SAMPLE}.meta.toml").symlink_to(tmp_path / "elsewhere.toml")
    with pytest.raises(BuildFailed) as failed:
        compile_seeds(seeds)
    (error,) = failed.value.errors
    assert error.path.name == f"{SAMPLE}.meta.toml" and "outside the seeds folder" in error.message


# 2. Devices, FIFOs and sizes


def _compile_in_a_subprocess(seeds: Path) -> dict:
    """compile_seeds(seeds) in a child with a memory cap and a 20 s limit: a hang or runaway read fails
    the test instead of the test run."""
    script = textwrap.dedent(f"""
        import json, resource, sys
        from pathlib import Path
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        from policyapi.build.compile import compile_seeds
        from policyapi.errors import BuildFailed
        try:
            compiled = compile_seeds(Path(sys.argv[1]))
        except BuildFailed as exc:
            print(json.dumps({{"errors": [[e.path.name, e.message] for e in exc.errors]}}))
        else:
            print(json.dumps({{"documents": [d.id for d in compiled.documents],
                               "warnings": [[w.file, w.stage, w.message] for w in compiled.warnings]}}))
    """)
    try:
        result = subprocess.run([sys.executable, "-c", script, str(seeds)], cwd=ROOT, capture_output=True,
                                text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("the build hung")
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_sidecar_is_an_error_not_a_hang(tmp_path):
    seeds = _seeds(tmp_path, with_sidecar=False)
    os.mkfifo(seeds / f"{SAMPLE}.meta.toml")
    (error,) = _compile_in_a_subprocess(seeds)["errors"]
    assert error[0] == f"{SAMPLE}.meta.toml" and "not a regular file" in error[1]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this platform")
def test_a_sidecar_linked_to_dev_zero_is_an_error_not_a_runaway_read(tmp_path):
    seeds = _seeds(tmp_path, with_sidecar=False)
    (seeds / f"{SAMPLE}.meta.toml").symlink_to("/dev/zero")
    (error,) = _compile_in_a_subprocess(seeds)["errors"]
    assert error[0] == f"{SAMPLE}.meta.toml" and "outside the seeds folder" in error[1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_or_device_named_like_a_document_is_skipped_with_a_warning(tmp_path):
    seeds = _seeds(tmp_path)
    os.mkfifo(seeds / "pipe.txt")
    (seeds / "zero.txt").symlink_to("/dev/zero")
    result = _compile_in_a_subprocess(seeds)
    assert result["documents"] == [SAMPLE]
    warnings = {Path(f).name: m for f, stage, m in result["warnings"] if stage == "read"}
    assert "not a regular file" in warnings["pipe.txt"]
    assert "outside the seeds folder" in warnings["zero.txt"]


def test_a_document_or_sidecar_over_the_size_limit_is_an_error(tmp_path, monkeypatch):
    seeds = _seeds(tmp_path)
    (seeds / f"{SAMPLE}.meta.toml").write_text("# padding\n" * 7000 + 'kind = "news"\n')  # 70 kB
    with pytest.raises(BuildFailed) as failed:
        compile_seeds(seeds)
    (error,) = failed.value.errors
    assert error.path.name == f"{SAMPLE}.meta.toml" and "larger than" in error.message

    shutil.copy(SEEDS / f"{SAMPLE}.meta.toml", seeds / f"{SAMPLE}.meta.toml")
    monkeypatch.setattr(read, "MAX_DOCUMENT_BYTES", 1000)  # the real limit is 50 MB: not worth writing
    with pytest.raises(BuildFailed) as failed:
        compile_seeds(seeds)
    (error,) = failed.value.errors
    assert error.path.name == f"{SAMPLE}.txt" and "larger than" in error.message


# 3. The dataset version is of the bytes compiled


def test_the_version_is_of_the_bytes_compiled_even_when_a_seed_changes_mid_build(tmp_path, monkeypatch):
    seeds = _seeds(tmp_path)
    document, sidecar = seeds / f"{SAMPLE}.txt", seeds / f"{SAMPLE}.meta.toml"
    before = dataset_version(seed_files(seeds))
    original_text = document.read_text()
    assemble = compile_module._assemble

    def edit_then_assemble(*args, **kwargs):  # after every file was compiled, before the version
        document.write_text(original_text + "\nWenzhou adds 3 zeppelin hangars.\n")
        sidecar.write_text(sidecar.read_text() + 'title = "Edited"\n')
        return assemble(*args, **kwargs)

    monkeypatch.setattr(compile_module, "_assemble", edit_then_assemble)
    compiled = compile_seeds(seeds)
    assert "zeppelin" not in compiled.documents[0].text and compiled.documents[0].title != "Edited"
    assert compiled.dataset[0].version == before  # the version of what was compiled...
    assert dataset_version(seed_files(seeds)) != before  # ...so the edited seeds are seen as new


# 4. The database target


@pytest.fixture
def no_replacing(monkeypatch):
    """Fail instead of replacing anything: the checks must refuse before the write gets that far."""

    def refuse(src, dst, *args, **kwargs):
        raise AssertionError(f"the build went on to replace {dst}")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "rename", refuse)


def _refused(target: Path) -> str:
    with pytest.raises(DatabaseError) as refused:
        write.write_database(Tables.empty(), target)
    message = str(refused.value)
    assert "\n" not in message and str(target) in message
    return message


def test_a_directory_as_the_database_is_refused(tmp_path, no_replacing):
    target = tmp_path / "db"
    target.mkdir()
    (target / "keep").write_text("x")
    assert "directory" in _refused(target)
    assert target.is_dir() and [p.name for p in target.iterdir()] == ["keep"]


def test_a_path_under_a_regular_file_is_refused(tmp_path, no_replacing):
    (tmp_path / "file").write_text("x")
    assert "not a directory" in _refused(tmp_path / "file" / "policy.duckdb")
    assert "not a directory" in _refused(tmp_path / "file" / "deeper" / "policy.duckdb")
    assert (tmp_path / "file").read_text() == "x" and sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_symlink_as_the_database_is_refused(tmp_path, no_replacing):
    real = tmp_path / "real.duckdb"
    real.write_text("x")
    (tmp_path / "link.duckdb").symlink_to(real)
    (tmp_path / "dangling.duckdb").symlink_to(tmp_path / "nowhere.duckdb")
    assert "symbolic link" in _refused(tmp_path / "link.duckdb")
    assert "symbolic link" in _refused(tmp_path / "dangling.duckdb")
    assert (tmp_path / "link.duckdb").is_symlink() and real.read_text() == "x"
    assert not (tmp_path / "nowhere.duckdb").exists()


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null on this platform")
def test_a_device_as_the_database_is_refused(no_replacing):
    assert "not a regular file" in _refused(Path("/dev/null"))
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not [p for p in Path("/dev").iterdir() if p.name.startswith(".null.")]


def test_the_library_build_refuses_a_bad_target(tmp_path, no_replacing):
    seeds = _seeds(tmp_path)
    (tmp_path / "db").mkdir()
    with pytest.raises(DatabaseError, match="directory"):
        policyapi.build(seeds, tmp_path / "db")


def test_a_new_file_and_an_existing_database_are_still_written(tmp_path):
    seeds = _seeds(tmp_path)
    target = tmp_path / "new" / "folder" / "policy.duckdb"  # missing folders are made, as before
    policyapi.build(seeds, target)
    policyapi.build(seeds, target)
    assert target.is_file() and sorted(p.name for p in target.parent.iterdir()) == ["policy.duckdb"]


# 5. and 6. File names


def test_chinese_file_names_get_distinct_stable_ids(tmp_path):
    seeds = _seeds(tmp_path, with_sidecar=False)
    text = (seeds / f"{SAMPLE}.txt").read_text()
    (seeds / f"{SAMPLE}.txt").unlink()
    (seeds / "湖南人工智能措施.txt").write_text(text)
    (seeds / "江西人工智能方案.txt").write_text(text)
    (seeds / "省级").mkdir()
    (seeds / "省级" / "Plan 2025.txt").write_text(text)
    ids = sorted(d.id for d in compile_seeds(seeds).documents)
    assert ids == sorted(["湖南人工智能措施", "江西人工智能方案", "省级-plan-2025"])


def test_upper_case_suffixes_are_read_like_lower_case(tmp_path):
    seeds = _seeds(tmp_path, with_sidecar=False)
    (seeds / f"{SAMPLE}.txt").rename(seeds / "UPPER.TXT")
    shutil.copy(SEEDS / f"{SAMPLE}.meta.toml", seeds / "UPPER.meta.toml")
    compiled = compile_seeds(seeds)
    assert [(d.id, d.kind) for d in compiled.documents] == [("upper", "news")]
    assert seed_files(seeds) == [seeds / "UPPER.TXT"] and not _read_warnings(compiled)


# 7. Scratch data


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """The system temp folder as this process sees it, private to the test (others share /tmp)."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_failed_build_leaves_nothing_behind(tmp_path, private_tmp, monkeypatch):
    seeds = _seeds(tmp_path)
    target = tmp_path / "db" / "policy.duckdb"
    policyapi.build(seeds, target)
    before = _listing(target.parent), _listing(private_tmp)

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    with monkeypatch.context() as patch:  # fails while compiling
        patch.setattr(compile_module, "_assemble", fail)
        with pytest.raises(RuntimeError):
            policyapi.build(seeds, target)
    assert (_listing(target.parent), _listing(private_tmp)) == before

    seen: list[list[str]] = []
    write_table = write._write_table

    def fail_while_writing(con, scratch, table, *args):
        seen.append(_listing(private_tmp))
        write_table(con, scratch, table, *args)
        if table == "measures":
            raise RuntimeError("boom")

    monkeypatch.setattr(write, "_write_table", fail_while_writing)
    with pytest.raises(RuntimeError):
        policyapi.build(seeds, target)
    assert (_listing(target.parent), _listing(private_tmp)) == before
    assert seen and all(s == [] for s in seen), "scratch data went to the system temp folder"


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
def test_a_build_terminated_while_writing_cleans_up(tmp_path):
    seeds = _seeds(tmp_path)
    target = tmp_path / "db" / "policy.duckdb"
    systemp = tmp_path / "systemp"
    systemp.mkdir()
    script = textwrap.dedent("""
        import sys, time
        import policyapi
        from policyapi.build import write
        write_table = write._write_table
        def slow(con, scratch, table, *args):
            write_table(con, scratch, table, *args)
            if table == "measures":
                print("writing", flush=True)
                time.sleep(60)
        write._write_table = slow
        policyapi.build(sys.argv[1], sys.argv[2])
    """)
    proc = subprocess.Popen([sys.executable, "-c", script, str(seeds), str(target)], cwd=ROOT,
                            env={**os.environ, "TMPDIR": str(systemp)}, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "writing\n"
        proc.send_signal(signal.SIGTERM)
        returncode = proc.wait(timeout=20)
    finally:
        proc.kill()
        proc.wait()
    assert returncode != 0
    assert _listing(target.parent) == [] and _listing(systemp) == []
