"""Sorted, disjoint (start, end) spans of a text, and whether an offset lies in one."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans sorted, overlapping ones merged: what `inside` expects."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """`pos` lies in one of the sorted, disjoint `spans`."""
    i = bisect.bisect_right(spans, (pos, math.inf)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
