"""Where the bundled dataset lives, and building it from the packaged seeds when needed."""

from __future__ import annotations

import os
from pathlib import Path

from policyapi.build import build
from policyapi.build.compile import dataset_version, seed_files

_PACKAGE = Path(__file__).resolve().parent


def seeds_dir() -> Path:
    """The project's `seeds/` in a checkout; the copy packaged inside an installed wheel otherwise."""
    checkout = _PACKAGE.parent / "seeds"
    if (_PACKAGE.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return _PACKAGE / "seeds"


def default_db() -> Path:
    """`$POLICYAPI_DB`, else `policy.duckdb` in the user's cache folder."""
    if env := os.environ.get("POLICYAPI_DB"):
        return Path(env)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "policyapi" / "policy.duckdb"


def ensure_built(db: Path | None = None, seeds: Path | None = None) -> Path:
    """Build `db` from `seeds` unless it already holds exactly those seeds' dataset version."""
    db, seeds = db or default_db(), seeds or seeds_dir()
    wanted = dataset_version(seed_files(seeds))
    if _version_of(db) != wanted:
        build(seeds, db)
    return db


def _version_of(db: Path) -> str | None:
    from policyapi.store import attach_read_only  # a cheap check: one row, not the whole store

    if not db.is_file():
        return None
    try:
        with attach_read_only(db) as con:
            row = con.execute("SELECT version FROM dataset").fetchone()
    except Exception:  # unreadable, corrupt or foreign file: rebuild over it
        return None
    return row[0] if row else None
