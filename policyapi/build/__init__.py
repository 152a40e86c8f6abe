"""The build pipeline: seeds folder → compiled rows → one DuckDB file."""

from __future__ import annotations

from pathlib import Path

from policyapi.build.compile import BuildFailed, Compiled, compile_seeds
from policyapi.build.write import write_database
from policyapi.models import Dataset

__all__ = ["BuildFailed", "build"]


def build(seeds: Path | str, db: Path | str | None, *, check: bool = False) -> Dataset:
    """Compile every document in `seeds` and write `db` atomically (or only validate, with `check`)."""
    compiled: Compiled = compile_seeds(Path(seeds))
    if not check:
        if db is None:
            raise ValueError("a database path is needed unless check=True")
        write_database(compiled, Path(db))
    return compiled.dataset[0]
