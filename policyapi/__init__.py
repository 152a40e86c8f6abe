"""policyapi: regional AI-policy documents compiled into DuckDB, as a library, GraphQL and REST.

    >>> import policyapi
    >>> db = policyapi.open()                      # the bundled dataset, built on first use
    >>> [m.title for m in db.measures(province="Hubei", lead_unit="Provincial Data Bureau")]
    >>> db.sql("SELECT unit, count(*) FROM figures GROUP BY ALL").df()
"""

from __future__ import annotations

from pathlib import Path

from policyapi.build import BuildFailed, build
from policyapi.errors import DatabaseError, DocumentError, NotFound, PolicyAPIError, QueryError
from policyapi.models import (
    Chapter, City, Dataset, Document, Figure, Measure, PlaceMention, Province, Responsibility, Scenario,
    SourceSpan, Unit,
)
from policyapi.store import Store

__version__ = "0.1.0"
__all__ = [
    "BuildFailed", "Chapter", "City", "DatabaseError", "Dataset", "Document", "DocumentError", "Figure",
    "Measure", "NotFound", "PlaceMention", "PolicyAPIError", "Province", "QueryError", "Responsibility",
    "Scenario", "SourceSpan", "Store", "Unit", "build", "open",
]


def open(path: str | Path | None = None) -> Store:  # noqa: A001 - the library's one entry point
    """Open a compiled database read-only; by default the bundled dataset (built when needed)."""
    from policyapi.bundled import ensure_built

    return Store(Path(path) if path is not None else ensure_built())
