"""The metric vocabulary: a comparable key for every figure.

A figure's metric is extracted in the document's own words ("人工智能产业规模", "industrial
scale", "scale of the artificial intelligence industry"); this module maps such a label and the
figure's unit to a key of ``policyapi/data/metrics.toml`` ("ai_industry_scale") and converts the
value to the key's normal unit, so that the same quantity in two documents lines up::

    >>> classify("邯郸市人工智能产业规模", "CNY")
    'ai_industry_scale'
    >>> normalise("computing_power", 20, "PFLOPS")
    (0.02, 'EFLOPS')

How labels are recognised is described at the top of the TOML file. Standard library and msgspec
only: the compiler, the store and scripts may all import it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import msgspec

__all__ = ["Metric", "Vocabulary", "classify", "load", "lookup", "metric", "metrics", "normalise"]

PATH = Path(__file__).parent / "data" / "metrics.toml"
OTHER = "other"
COUNT = "count"
ANY = "any"  # the dimension of "other": every unit

_FIELDS = {"key", "label_en", "label_zh", "aliases", "dimension", "unit", "units", "zh", "en", "not"}
_KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


class Metric(msgspec.Struct, frozen=True):
    key: str
    label_en: str
    label_zh: str
    unit: str  # the normal unit ("" for "other")
    dimension: str  # a [dimensions] name, or "any"
    units: tuple[str, ...] = ()  # every unit accepted, the normal one first (empty: any)
    aliases: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    not_: tuple[str, ...] = msgspec.field(default=(), name="not")

    def accepts(self, unit: str) -> bool:
        """Whether a figure in `unit` may be of this metric."""
        folded = _fold_unit(unit or "")
        return not self.units or any(_fold_unit(u) == folded for u in self.units)


def _fold_unit(unit: str) -> str:
    # The extractors give canonical units; folding case and spaces only forgives callers.
    return " ".join(unit.split()).casefold()


def prepare(label: str) -> str:
    """A label as the patterns see it: NFKC, lower case, "-" "_" "–" as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKC", label).casefold()
    text = text.translate(_SPACES)
    return " ".join(text.split())


_SPACES = str.maketrans({"-": " ", "_": " ", "–": " ", "—": " ", "‐": " "})


def _name(text: str) -> str:
    """A name as lookup() compares it: prepared, with no spaces at all."""
    return prepare(text).replace(" ", "")


class Vocabulary:
    """The metrics of one vocabulary file, with their patterns compiled once."""

    def __init__(self, metrics: tuple[Metric, ...], factors: dict[str, dict[str, float]]):
        self.metrics = metrics
        self.by_key = {m.key: m for m in metrics}
        self._factors = factors  # dimension -> folded unit -> factor to the normal unit
        # unit -> the metrics (in file order, "other" excluded) that accept it, with their
        # include and veto patterns as one alternation each: classify only tries these.
        self._by_unit: dict[str, list[tuple[str, re.Pattern, re.Pattern | None]]] = {}
        for m in metrics:
            if m.key == OTHER:
                continue
            include = re.compile("|".join(f"(?:{p})" for p in m.zh + m.en))
            veto = re.compile("|".join(f"(?:{p})" for p in m.not_)) if m.not_ else None
            for unit in m.units:
                self._by_unit.setdefault(_fold_unit(unit), []).append((m.key, include, veto))
        self._names: dict[str, str] = {}
        for m in metrics:
            for text in (m.key, m.label_en, m.label_zh, *m.aliases):
                name = _name(text)
                if self._names.setdefault(name, m.key) != m.key:
                    raise ValueError(f"metric {m.key!r}: name {text!r} is already a name of "
                                     f"metric {self._names[name]!r}")
        self.classify = functools.lru_cache(maxsize=1 << 16)(self._classify)

    def metric(self, key: str) -> Metric:
        try:
            return self.by_key[key]
        except KeyError:
            raise ValueError(f"unknown metric {key!r}; valid keys: {', '.join(self.by_key)}") from None

    def _classify(self, label: str, unit: str) -> str:
        candidates = self._by_unit.get(_fold_unit(unit or ""))
        if not candidates or not label:
            return OTHER
        text = prepare(label)
        for key, include, veto in candidates:
            if include.search(text) and not (veto and veto.search(text)):
                return key
        return OTHER

    def normalise(self, key: str, value: float, unit: str) -> tuple[float, str] | None:
        m = self.metric(key)
        if m.key == OTHER or not m.accepts(unit):
            return None
        if m.dimension == COUNT:
            return float(value), m.unit  # every count unit of a metric counts the same thing
        factor = self._factors[m.dimension].get(_fold_unit(unit))
        if factor is None:  # accepted but kept: USD, EUR (no exchange rates)
            return None
        return float(value) * factor, m.unit

    def lookup(self, text: str) -> str | None:
        return self._names.get(_name(text)) if text else None


def _strings(entry: dict, field: str, where: str) -> tuple[str, ...]:
    value = entry.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where}: {field!r} must be a list of non-empty strings")
    return tuple(value)


def _parse(data: dict) -> Vocabulary:
    dims = data.get("dimensions")
    if not isinstance(dims, dict) or not dims:
        raise ValueError("metrics vocabulary: missing [dimensions]")
    factors: dict[str, dict[str, float]] = {}
    kept: dict[str, tuple[str, ...]] = {}
    for name, dim in dims.items():
        if name == COUNT:
            continue
        table = dim.get("factors")
        if not isinstance(table, dict) or not table:
            raise ValueError(f"dimension {name!r}: missing factors")
        factors[name] = {_fold_unit(u): float(f) for u, f in table.items()}
        kept[name] = tuple(table) + _strings(dim, "kept", f"dimension {name!r}")

    entries = data.get("metric")
    if not isinstance(entries, list) or not entries:
        raise ValueError("metrics vocabulary: no [[metric]] entries")
    out: list[Metric] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        key = entry.get("key")
        where = f"metric {key!r}" if key else f"metric #{i + 1} (no key)"
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise ValueError(f"{where}: 'key' must be snake_case")
        if key in seen:
            raise ValueError(f"{where}: duplicate key")
        seen.add(key)
        if unknown := set(entry) - _FIELDS:
            raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        for field in ("label_en", "label_zh"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise ValueError(f"{where}: missing {field!r}")
        dimension, unit = entry.get("dimension"), entry.get("unit")
        if not isinstance(unit, str):
            raise ValueError(f"{where}: missing 'unit'")
        patterns = {f: _strings(entry, f, where) for f in ("zh", "en", "not")}
        for p in sum(patterns.values(), ()):
            try:
                re.compile(p)
            except re.error as e:
                raise ValueError(f"{where}: bad pattern {p!r}: {e}") from None
        extra = _strings(entry, "units", where)
        if key == OTHER:
            if dimension != ANY or patterns["zh"] or patterns["en"]:
                raise ValueError(f"{where}: must have dimension 'any' and no patterns")
            units: tuple[str, ...] = ()
        elif dimension == ANY or dimension not in dims:
            raise ValueError(f"{where}: unknown dimension {dimension!r}; "
                             f"valid: {', '.join(dims)}")
        elif not (patterns["zh"] or patterns["en"]):
            raise ValueError(f"{where}: no 'zh' or 'en' patterns")
        elif dimension == COUNT:
            if not unit:
                raise ValueError(f"{where}: a count metric needs its noun as 'unit'")
            units = (unit, *extra)
        else:
            if extra:
                raise ValueError(f"{where}: 'units' is for count metrics only "
                                 f"(dimension {dimension!r} lists its units)")
            if factors[dimension].get(_fold_unit(unit)) != 1:
                raise ValueError(f"{where}: unit {unit!r} is not the normal unit (factor 1) "
                                 f"of dimension {dimension!r}")
            units = kept[dimension]
        out.append(Metric(key=key, label_en=entry["label_en"], label_zh=entry["label_zh"],
                          unit=unit, dimension=dimension, units=units,
                          aliases=_strings(entry, "aliases", where), not_=patterns["not"],
                          zh=patterns["zh"], en=patterns["en"]))
    if out[-1].key != OTHER:
        raise ValueError(f"metrics vocabulary: the last metric must be {OTHER!r}")
    return Vocabulary(tuple(out), factors)


@functools.cache
def load(path: Path | str | None = None) -> Vocabulary:
    """The vocabulary in `path` (default: the packaged metrics.toml), read and checked once."""
    p = Path(path) if path else PATH
    try:
        data = msgspec.toml.decode(p.read_bytes())
    except msgspec.DecodeError as e:
        raise ValueError(f"{p}: {e}") from None
    try:
        return _parse(data)
    except ValueError as e:
        raise ValueError(f"{p}: {e}") from None


def metrics() -> tuple[Metric, ...]:
    """Every metric, in file order, "other" last."""
    return load().metrics


def metric(key: str) -> Metric:
    """The metric with this key; ValueError listing the valid keys if there is none."""
    return load().metric(key)


def classify(label: str, unit: str) -> str:
    """The key of a figure's metric words (Simplified Chinese or English) and unit, or "other"."""
    return load().classify(label, unit)


def normalise(key: str, value: float, unit: str) -> tuple[float, str] | None:
    """(value, normal unit) of a figure of metric `key`; None when its unit does not convert."""
    return load().normalise(key, value, unit)


def lookup(text: str) -> str | None:
    """The key named by a key, an English or Chinese label or an alias (any case or spacing)."""
    return load().lookup(text)
