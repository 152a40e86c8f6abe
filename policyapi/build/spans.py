"""Sorted, disjoint (start, end) spans of a text, and whether an offset lies in one."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from typing import Protocol, TypeVar


class _Spanned(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=_Spanned)


def outermost(found: Iterable[S]) -> list[S]:
    """Of overlapping spans, the one starting first (the longest of those): a number inside a phrase
    already read is part of it, as the 百亿 of "5个百亿级产业园区" or the "10 billion" of "5 10 billion level parks"."""
    kept: list[S] = []
    for span in sorted(found, key=lambda s: (s.start, -s.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


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
