"""Which database each benchmark scale uses, built on demand into benchmarks/.cache.

Scale 1 is the project's seeds. Scale N > 1 is a synthetic corpus N times larger, written by
`policyapi synth --scale N --out DIR` and compiled by `policyapi build`; both run here when the
cached database is missing or was made by different code (a stamp records a hash of the seeds,
the synthesiser and the compiler). A ready database can be used instead:

    POLICYAPI_BENCH_DB_DIR=/tmp/synth     # a folder holding scale{N}.duckdb files
    POLICYAPI_BENCH_DB_100=/path/x.duckdb # one scale

Shared by the pytest suite (conftest.py), http_load.py and open_cost.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SEEDS = ROOT / "seeds"
CACHE = Path(os.environ.get("POLICYAPI_BENCH_CACHE") or BENCH / ".cache")
RESULTS = BENCH / ".results"


def parse_scales(text: str | None) -> list[int]:
    """"1,100 1000" → [1, 100, 1000]; scale 1 (the seeds) is always included."""
    scales = {1}
    for part in (text or "").replace(",", " ").split():
        scale = int(part)
        if scale < 1:
            raise ValueError(f"a scale is a positive integer, got {part!r}")
        scales.add(scale)
    return sorted(scales)


def _code_stamp() -> str:
    """A hash of everything a cached database depends on: seeds, synthesiser, compiler, models."""
    digest = hashlib.blake2b(digest_size=12)
    package = ROOT / "policyapi"
    files = sorted([*SEEDS.glob("*"), package / "synth.py", package / "models.py", package / "tables.py",
                    package / "gazetteer.py", *(package / "build").rglob("*.py"), *(package / "build").rglob("*.toml"),
                    *(package / "data").glob("*")])
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _cli(*args: str) -> float:
    """Run `policyapi ARGS` in a fresh process; returns the seconds it took (start-up included)."""
    command = [sys.executable, "-m", "policyapi.cli", *args]
    started = time.perf_counter()
    print(f"[bench] $ policyapi {' '.join(args)}", file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"`policyapi {' '.join(args)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    seconds = time.perf_counter() - started
    print(f"[bench]   {done.stdout.strip()} ({seconds:.1f} s)", file=sys.stderr, flush=True)
    return seconds


def db_for_scale(scale: int) -> Path:
    """The database file for `scale`, synthesised and built into the cache when needed."""
    if override := os.environ.get(f"POLICYAPI_BENCH_DB_{scale}"):
        return _existing(Path(override))
    if folder := os.environ.get("POLICYAPI_BENCH_DB_DIR"):
        candidate = Path(folder) / f"scale{scale}.duckdb"
        if candidate.is_file():
            return candidate
    CACHE.mkdir(parents=True, exist_ok=True)
    db, stamp_file = CACHE / f"scale{scale}.duckdb", CACHE / f"scale{scale}.stamp"
    stamp = _code_stamp()
    if db.is_file() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        return db
    synth_s = None
    if scale == 1:
        seeds = SEEDS
    else:
        if not (ROOT / "policyapi" / "synth.py").is_file():
            raise RuntimeError(f"scale {scale} needs `policyapi synth` (policyapi/synth.py), which is not here yet; "
                               f"or point POLICYAPI_BENCH_DB_{scale} / POLICYAPI_BENCH_DB_DIR at a built database")
        seeds = CACHE / f"scale{scale}"
        if seeds.exists():
            import shutil

            shutil.rmtree(seeds)
        synth_s = _cli("synth", "--scale", str(scale), "--out", str(seeds))
    build_s = _cli("build", "--seeds", str(seeds), "--db", str(db))
    # What making this scale cost, for results.md (kept with the database it describes).
    sources = [p for p in seeds.iterdir() if p.suffix == ".txt"]
    (CACHE / f"scale{scale}.build.json").write_text(json.dumps({
        "scale": scale, "synth_s": synth_s and round(synth_s, 2), "build_s": round(build_s, 2),
        "documents": len(sources), "source_mib": round(sum(p.stat().st_size for p in sources) / 2**20, 2),
        "db_mib": round(db.stat().st_size / 2**20, 2), "date": time.strftime("%Y-%m-%d %H:%M %z")}))
    stamp_file.write_text(stamp)
    return db


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise RuntimeError(f"{path}: no database file here")
    return path


def machine() -> dict[str, str]:
    """Cores, CPU model, memory and Python: the context every result needs."""
    import platform

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {"cores": str(os.cpu_count()), "cpu": model, "memory": memory,
            "python": platform.python_version(), "platform": platform.platform()}
