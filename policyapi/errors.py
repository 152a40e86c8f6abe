"""Errors a user can act on: each says what is wrong and where."""

from __future__ import annotations

from pathlib import Path


class PolicyAPIError(Exception):
    """Base of every error policyapi raises on purpose."""


class DocumentError(PolicyAPIError):
    """A source document (or its sidecar) cannot be compiled."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")


class DatabaseError(PolicyAPIError):
    """The database file is missing, truncated, corrupt or from another compiler."""


class NotFound(PolicyAPIError, LookupError):
    """No record with that id or name."""


class QueryError(PolicyAPIError, ValueError):
    """A query or filter the store refuses (not read-only, bad value, ...)."""


class BuildFailed(PolicyAPIError):
    """One or more documents could not be compiled; nothing was written."""

    def __init__(self, errors: list[DocumentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
