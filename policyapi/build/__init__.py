"""The build pipeline: seeds folder → compiled rows → one DuckDB file."""

from __future__ import annotations

from pathlib import Path

from policyapi.build.compile import compile_seeds
from policyapi.build.write import check_target, write_database
from policyapi.errors import BuildFailed
from policyapi.models import Dataset
from policyapi.tables import Tables

__all__ = ["BuildFailed", "build", "build_tables"]


def build(seeds: Path | str, db: Path | str | None, *, check: bool = False, strict: bool = False,
          workers: int = 1) -> Dataset:
    """Compile every document in `seeds` and write `db` atomically (or only validate, with `check`).

    With `strict`, what would be a warning (a layout the compiler could not fully read) fails the build.
    `workers` > 1 compiles large folders in that many processes (see compile_seeds)."""
    return build_tables(seeds, db, check=check, strict=strict, workers=workers).dataset[0]


def build_tables(seeds: Path | str, db: Path | str | None, *, check: bool = False, strict: bool = False,
                 workers: int = 1) -> Tables:
    """`build`, returning every table's rows (the build report is `.warnings`)."""
    if not check:
        if db is None:
            raise ValueError("a database path is needed unless check=True")
        check_target(Path(db))  # a directory or a device as the target is refused before the compile's work
    compiled = compile_seeds(Path(seeds), strict=strict, workers=workers)
    if not check:
        write_database(compiled, Path(db))
    return compiled
