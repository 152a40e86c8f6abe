"""The build report: what the compiler could not understand, summarised for a terminal."""

from __future__ import annotations

from collections import Counter

from policyapi.models import BuildWarning


def summary(warnings: list[BuildWarning], *, limit: int = 20) -> list[str]:
    """Lines to print: the count per stage, then the first `limit` warnings as `file:line: [stage] message`."""
    if not warnings:
        return []
    per_stage = Counter(w.stage for w in warnings)
    documents = len({w.file for w in warnings})
    lines = [f"{len(warnings)} warning(s) in {documents} document(s): "
             + ", ".join(f"{stage} {n}" for stage, n in sorted(per_stage.items()))]
    lines += [f"warning: {w.file}:{w.line}: [{w.stage}] {w.message}" for w in warnings[:limit]]
    if len(warnings) > limit:
        lines.append(f"... and {len(warnings) - limit} more (all are in the database: "
                     "SELECT * FROM warnings, or GraphQL dataset {{ warnings {{ ... }} }})")
    return lines
