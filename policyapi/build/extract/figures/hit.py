"""What a figure extractor returns, whatever the language."""

from __future__ import annotations

import msgspec

from policyapi.models import Comparator, FigureKind


class FigureHit(msgspec.Struct, frozen=True):
    """One quantity found in ``text``: ``text[start:end] == quote``."""

    start: int
    end: int
    quote: str  # the number+unit phrase, e.g. "350 billion yuan", "1,500 AI-related enterprises", "2000亿元"
    value: float  # normalised: "350 billion yuan" -> 350000000000.0, "5.6%" -> 5.6
    unit: str  # "CNY", "USD", "GW", "%", "EFLOPS", "percentage points", or a counted noun ("enterprises")
    comparator: Comparator  # "=", ">", ">=", "<", "<=", "~"
    year: int | None
    kind: FigureKind  # "target" | "observed" | "funding"
    metric: str  # short label of what is measured, e.g. "technology contract transactions", "人工智能核心产业规模"
    value_max: float | None = None  # upper end of a range: "3-5个" -> value 3.0, value_max 5.0
