"""Figures: the quantities a text states as targets, observed indicators or funding.

One extractor per language, each reading its grammar from ``policyapi/build/grammar/<lang>/``:
a number standing in Chinese text is read by ``zh``, any other by ``en``. Both return
:class:`FigureHit`s; this module merges them in text order.
"""

from __future__ import annotations

from policyapi.build.extract.figures import en, zh
from policyapi.build.extract.figures.hit import FigureHit

__all__ = ["FigureHit", "extract_figures"]


def extract_figures(text: str, *, published_year: int | None = None,
                    default_kind: str = "observed") -> list[FigureHit]:
    """Every figure in ``text``, sorted by start, never overlapping; ``text[h.start:h.end] == h.quote``.

    ``published_year`` tells future years (targets) from past ones (observations) and resolves
    "this year"/"今年"; ``default_kind`` applies when nothing in the sentence says which it is.
    """
    if default_kind not in ("target", "observed"):
        raise ValueError(f"default_kind must be 'target' or 'observed', not {default_kind!r}")
    chinese = zh.extract_figures(text, published_year=published_year, default_kind=default_kind)
    english = en.extract_figures(text, published_year=published_year, default_kind=default_kind)
    hits = sorted([*chinese, *english], key=lambda h: (h.start, -h.end))
    kept: list[FigureHit] = []
    for h in hits:
        if kept and h.start < kept[-1].end:
            continue
        kept.append(h)
    return kept
