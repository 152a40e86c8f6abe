"""Comparison tables and facet counts, built from records the store already holds.

Pure functions over figures, measures and units: the store picks the records (its indexes make
that cheap), these arrange them. Nothing here reads the database or knows GraphQL or REST.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from policyapi.models import Bucket, Comparison, ComparisonCell, Figure, TargetsVsObserved

# Where a figure of each kind goes in a comparison cell.
_CELL_FIELD = {"target": "targets", "observed": "observed", "funding": "funding"}


def comparison(metric: str, unit: str, figures: Iterable[Figure], place_codes: Sequence[str],
               years: Sequence[int] | None) -> Comparison:
    """`figures` of one metric arranged as places × years: a cell for each place and year that has
    one, places in the order given, years ascending, figures stated without a year last."""
    wanted_years = set(years) if years is not None else None
    cells: dict[tuple[str, int | None], dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
    for f in figures:
        if wanted_years is not None and f.year not in wanted_years:
            continue
        cells[(f.jurisdiction_code or "", f.year)][_CELL_FIELD[f.kind]].append(f)
    found_years = sorted({year for _, year in cells if year is not None})
    rank = {code: i for i, code in enumerate(place_codes)}
    ordered = sorted((key for key in cells if key[0] in rank),
                     key=lambda key: (rank[key[0]], key[1] is None, key[1] or 0))
    return Comparison(
        metric=metric, unit=unit, place_codes=tuple(place_codes),
        years=tuple(sorted(years)) if years is not None else tuple(found_years),
        cells=tuple(ComparisonCell(place_code=code, year=year,
                                   **{name: tuple(figs) for name, figs in cells[(code, year)].items()})
                    for code, year in ordered))


def targets_vs_observed(metric: str, unit: str, place_code: str, figures: Iterable[Figure]) -> TargetsVsObserved:
    """One place's figures of one metric, targets and observed values apart, each by year (undated last)."""
    by_kind: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_kind[f.kind].append(f)

    def by_year(figs: list[Figure]) -> tuple[Figure, ...]:
        return tuple(sorted(figs, key=lambda f: (f.year is None, f.year or 0)))

    return TargetsVsObserved(metric=metric, unit=unit, place_code=place_code, targets=by_year(by_kind["target"]),
                             observed=by_year(by_kind["observed"]))


def buckets(counts: Mapping[str, int]) -> tuple[Bucket, ...]:
    """Counts as buckets, most frequent first (then by key)."""
    return tuple(Bucket(key=key, count=n) for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
