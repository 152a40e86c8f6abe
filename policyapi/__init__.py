"""policyapi: regional AI-policy documents compiled into DuckDB, as a library, GraphQL and REST.

    >>> import policyapi
    >>> db = policyapi.open()                      # the bundled dataset, built on first use
    >>> [m.title for m in db.measures(province="Hubei", lead_unit="Provincial Data Bureau")]
    >>> db.sql("SELECT unit, count(*) FROM figures GROUP BY ALL").df()
"""

from __future__ import annotations

from pathlib import Path

from policyapi.build import build
from policyapi.errors import BuildFailed, DatabaseError, DocumentError, NotFound, PolicyAPIError, QueryError
from policyapi.models import (
    BuildWarning, City, County, Dataset, Document, Figure, Issuer, Measure, PlaceMention, Province, Responsibility,
    ResponsibilityList, Scenario, Section, SourceSpan, Unit,
)
from policyapi.store import Store

__version__ = "0.1.0"
__all__ = [
    "BuildFailed", "BuildWarning", "City", "County", "DatabaseError", "Dataset", "Document", "DocumentError",
    "Figure", "Issuer", "Measure", "NotFound", "PlaceMention", "PolicyAPIError", "Province", "QueryError",
    "Responsibility", "ResponsibilityList", "Scenario", "Section", "SourceSpan", "Store", "Unit", "build", "open",
]


def open(path: str | Path | None = None) -> Store:  # noqa: A001 - the library's one entry point
    """Open a compiled database read-only; by default the bundled dataset (built when needed)."""
    from policyapi.bundled import ensure_built

    return Store(Path(path) if path is not None else ensure_built())
