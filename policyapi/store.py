"""The store: open a compiled DuckDB file read-only and serve it from memory.

Everything is loaded once at open into msgspec Structs, dicts and ordered id lists, so a
lookup costs microseconds (a DuckDB query from Python costs 0.3-1.5 ms). DuckDB stays open
read-only, locked down, for `.sql()`: analytics and exports.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
import typing
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import attrgetter
from pathlib import Path

import duckdb
import msgspec

from policyapi import bodies, gazetteer, metrics
from policyapi.compare import buckets, comparison, targets_vs_observed
from policyapi.errors import DatabaseError, NotFound, QueryError
from policyapi.search import Hit, SearchIndex
from policyapi.tables import COMPILER_VERSION, Tables
from policyapi.models import (
    BuildWarning, City, Comparison, County, Dataset, Document, Facets, Figure, Issuer, Measure, PlaceMention, Province,
    Responsibility, ResponsibilityList, Scenario, Section, TargetsVsObserved, Unit,
)

# No query may write, read files, load extensions or reach the network, and no query may
# turn these back on. Autoinstall is off too: DuckDB would otherwise stall trying to download.
_LOCKED_DOWN = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}
# `EXPLAIN [ANALYZE] [(options)] <statement>`, as `extract_statements` gives it (comments dropped).
# EXPLAIN ANALYZE runs the statement it explains, so that statement must be a SELECT too.
_EXPLAIN = re.compile(r"EXPLAIN\s+(?:ANALY[SZ]E\s+)?(?:\([^()]*\)\s*)?(?P<explained>.*)", re.I | re.S)

T = typing.TypeVar("T")


_CATALOG = "policy"  # the name the database file is attached under
_NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
                  "allow_community_extensions": False}


def attach_read_only(path: Path, *, lock_down: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection that reads the file as it is now, read-only, and (by default) locked down.

    Not `duckdb.connect(path)`: DuckDB keeps one instance per path per process, so a file
    rebuilt since (`os.replace`, a new inode) would still be read as it was while any
    connection to the old one lives, and a second connection with other settings (an export)
    is refused. A private in-memory database that attaches the file has neither problem."""
    if not path.is_file():
        raise DatabaseError(f"{path}: no database file here (build it with `policyapi build --db {path}`)")
    # No temporary directory when locked down: DuckDB adds it to the directories a query may read even
    # with external access off (a `.tmp/` under the working directory was readable through `.sql()`).
    # A query then cannot spill to disk; it runs in memory or fails with an out-of-memory error.
    con = duckdb.connect(":memory:", config=dict(_NO_EXTENSIONS, **({"temp_directory": ""} if lock_down else {})))
    try:
        con.execute(f"ATTACH '{_sql_string(str(path))}' AS {_CATALOG} (READ_ONLY)")
        con.execute(f"USE {_CATALOG}")
        con.execute("DETACH memory")  # nothing writable is left but TEMP, as with a read-only file
        if lock_down:
            for name, value in _LOCKED_DOWN.items():  # lock_configuration last: dicts keep their order
                con.execute(f"SET {name} = {str(value).lower()}")
    except duckdb.Error as exc:
        con.close()
        raise DatabaseError(f"{path}: not a readable DuckDB database (truncated or corrupt?): {exc}") from None
    return con


# Filters' answers and their facet counts a store keeps, in records referred to (8 bytes each:
# 2,000,000 is 16 MB, whatever clients ask).
_REMEMBERED_RECORDS = 2_000_000
_DOCUMENT_ID, _JURISDICTION, _KIND = attrgetter("document_id"), attrgetter("jurisdiction_code"), attrgetter("kind")
_BODY_TYPE, _METRIC, _YEAR = attrgetter("body_type"), attrgetter("metric"), attrgetter("year")


class _Kept:
    """Answers kept by key, the oldest dropped first once they refer to more than `capacity` records."""

    def __init__(self, capacity: int) -> None:
        self.capacity, self.size = capacity, 0
        self._items: dict[object, tuple[int, typing.Any]] = {}  # dicts keep their order of insertion
        self._lock = threading.Lock()

    def get(self, key: object) -> typing.Any:
        found = self._items.get(key)
        return found[1] if found is not None else None

    def put(self, key: object, value: typing.Any, size: int) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            self.size += size - (old[0] if old else 0)
            self._items[key] = (size, value)
            while self.size > self.capacity and self._items:
                oldest = next(iter(self._items))
                self.size -= self._items.pop(oldest)[0]


def _remembered(method: typing.Callable[..., Sequence[T]]) -> typing.Callable[..., Sequence[T]]:
    """A filter method whose answers the store keeps: its data never changes, so the same filter gives
    the same (read-only) sequence again, without filtering, and facets counted for it are found again."""

    @functools.wraps(method)
    def remembered(self: Store, **filters: typing.Any) -> Sequence[T]:
        key = (method.__name__, *sorted((name, tuple(value) if isinstance(value, list) else value)
                                        for name, value in filters.items() if value is not None))
        found = self._answers.get(key)
        if found is None:
            found = tuple(method(self, **filters))
            # Its size in 8-byte words: the records it refers to, and its key (a `q` may be kilobytes long).
            self._answers.put(key, found, len(found) + 1 + len(repr(key)) // 8)
        return found

    return remembered


def _none_named(counts: Counter) -> Counter[str]:
    """Counts keyed by text: "none" for records without a value, years as digits."""
    return Counter({("none" if key is None else str(key)): n for key, n in counts.items()})


class Store:
    """Typed, read-only access to one compiled dataset."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._con = attach_read_only(self.path)
        self._local = threading.local()
        try:
            tables = self._load_tables()
        except BaseException:
            self._con.close()  # a failed open holds nothing: the file can be fixed and reopened
            raise
        built = tables.dataset[0]  # built_at is stored as a naive UTC TIMESTAMP: say it is UTC
        self.dataset: Dataset = msgspec.structs.replace(built, built_at=built.built_at.replace(tzinfo=dt.timezone.utc))
        self._index(tables)
        self._answers = _Kept(_REMEMBERED_RECORDS)  # filters' answers (_remembered)
        self._facets_kept = _Kept(_REMEMBERED_RECORDS)  # (answer, its facets) by the answer's identity

    # ---- loading -------------------------------------------------------------------------

    def _load_tables(self) -> Tables:
        hints = typing.get_type_hints(Tables)
        loaded: dict[str, list] = {}
        try:
            present = {row[0] for row in self._con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            missing = set(Tables.__struct_fields__) - present
            if missing:
                raise DatabaseError(f"{self.path}: not a policyapi database (missing tables: {', '.join(sorted(missing))})")
            for table in Tables.__struct_fields__:
                cursor = self._con.execute(f'SELECT * FROM "{table}"')
                names = [d[0] for d in cursor.description]
                rows = [dict(zip(names, row)) for row in cursor.fetchall()]
                loaded[table] = msgspec.convert(rows, hints[table])
        except duckdb.Error as exc:
            raise DatabaseError(f"{self.path}: cannot read the database (truncated or corrupt?): {exc}") from None
        except msgspec.ValidationError as exc:
            raise DatabaseError(f"{self.path}: rows do not match this version of policyapi: {exc}") from None
        if len(loaded["dataset"]) != 1:
            raise DatabaseError(f"{self.path}: no build metadata: the build did not finish")
        if loaded["dataset"][0].compiler_version != COMPILER_VERSION:
            raise DatabaseError(f"{self.path}: built by compiler {loaded['dataset'][0].compiler_version}, "
                                f"this is {COMPILER_VERSION}: rebuild it")
        return Tables(**loaded)

    def _index(self, t: Tables) -> None:
        self._provinces = {p.code: p for p in t.provinces}
        self._cities = {c.code: c for c in t.cities}
        self._counties = {c.code: c for c in t.counties}
        self._counties_of: dict[str, list[County]] = defaultdict(list)  # of a city, or of a province
        for c in t.counties:
            self._counties_of[c.city_code or c.province_code].append(c)
        self.warnings: tuple[BuildWarning, ...] = tuple(t.warnings)
        self._cities_of: dict[str, list[City]] = defaultdict(list)
        for c in t.cities:
            self._cities_of[c.province_code].append(c)
        self._documents = {d.id: d for d in sorted(t.documents, key=lambda d: d.id)}
        self._sections = {s.id: s for s in sorted(t.sections, key=lambda s: (s.document_id, s.ordinal))}
        self._measures = {m.id: m for m in sorted(t.measures, key=lambda m: (m.document_id, m.ordinal))}
        self._units = {u.id: u for u in t.units}
        self._figures = {f.id: f for f in sorted(t.figures, key=lambda f: (f.document_id, f.span.start))}
        self._scenarios = {s.id: s for s in t.scenarios}
        self._order = {mid: i for i, mid in enumerate(self._measures)}

        self.responsibilities_of_measure: dict[str, list[Responsibility]] = defaultdict(list)
        self.responsibilities_of_unit: dict[str, list[Responsibility]] = defaultdict(list)
        self.responsibilities_of_list: dict[str, list[Responsibility]] = defaultdict(list)
        for r in sorted(t.responsibilities, key=lambda r: (self._order[r.measure_id], r.list_position, r.position)):
            self.responsibilities_of_measure[r.measure_id].append(r)
            self.responsibilities_of_unit[r.unit_id].append(r)
            self.responsibilities_of_list[f"{r.measure_id}:l{r.list_position}"].append(r)
        self._lists = {rl.id: rl for rl in t.responsibility_lists}
        self.lists_of_measure: dict[str, list[ResponsibilityList]] = defaultdict(list)
        for rl in sorted(t.responsibility_lists, key=lambda rl: (self._order[rl.measure_id], rl.position)):
            self.lists_of_measure[rl.measure_id].append(rl)
        self.issuers_of_document: dict[str, list[Issuer]] = defaultdict(list)
        self.issued_by_unit: dict[str, list[Issuer]] = defaultdict(list)
        for i in sorted(t.issuers, key=lambda i: (i.document_id, i.position)):
            self.issuers_of_document[i.document_id].append(i)
            self.issued_by_unit[i.unit_id].append(i)
        self.scenarios_of_measure: dict[str, list[Scenario]] = defaultdict(list)
        for s in sorted(t.scenarios, key=lambda s: (self._order[s.measure_id], s.position)):
            self.scenarios_of_measure[s.measure_id].append(s)
        self.mentions_of_document: dict[str, list[PlaceMention]] = defaultdict(list)
        for p in t.place_mentions:
            self.mentions_of_document[p.document_id].append(p)

        # Reverse relations, each list in the main order of its records.
        self._measures_by: dict[str, dict[str, list[Measure]]] = {k: defaultdict(list) for k in
                                                                  ("document", "place", "unit", "lead", "section")}
        for m in self._measures.values():
            self._measures_by["document"][m.document_id].append(m)
            for section_id in dict.fromkeys(i for i in (m.chapter_id, m.group_id, m.section_id) if i):
                self._measures_by["section"][section_id].append(m)
            for code in self._with_provinces([m.jurisdiction_code, *m.place_codes]):
                self._measures_by["place"][code].append(m)
            for unit_id in dict.fromkeys(r.unit_id for r in self.responsibilities_of_measure[m.id]):
                self._measures_by["unit"][unit_id].append(m)
            for r in self.responsibilities_of_measure[m.id]:
                if r.is_lead:
                    self._measures_by["lead"][r.unit_id].append(m)
        self._sections_of: dict[str, list[Section]] = defaultdict(list)  # a document's outline, in order
        self._children_of: dict[str, list[Section]] = defaultdict(list)
        for s in self._sections.values():
            self._sections_of[s.document_id].append(s)
            if s.parent_id:
                self._children_of[s.parent_id].append(s)
        self._chapters_of = {doc: [s for s in sections if s.parent_id is None]
                             for doc, sections in self._sections_of.items()}
        self._figures_by: dict[str, dict[str, list[Figure]]] = {k: defaultdict(list) for k in
                                                             ("document", "measure", "place", "metric")}
        for f in self._figures.values():
            self._figures_by["document"][f.document_id].append(f)
            self._figures_by["metric"][f.metric].append(f)
            if f.measure_id:
                self._figures_by["measure"][f.measure_id].append(f)
            for code in self._with_provinces([f.jurisdiction_code]):
                self._figures_by["place"][code].append(f)
        # Index lists become tuples: immutable, so a filter can return one as it is, with no copy,
        # and a page of it costs the page, however large the corpus.
        for index in (*self._measures_by.values(), *self._figures_by.values()):
            for key, records in index.items():
                index[key] = tuple(records)
        self._all_measures, self._all_figures = tuple(self._measures.values()), tuple(self._figures.values())
        self._unit_order = {u.id: i for i, u in enumerate(self._units.values())}
        self._units_in: dict[str | None, list[Unit]] = defaultdict(list)
        for u in self._units.values():
            self._units_in[u.jurisdiction_code].append(u)
        self._units_by_body: dict[str, list[Unit]] = defaultdict(list)
        for u in self._units.values():
            if u.body_type != "other":
                self._units_by_body[u.body_type].append(u)
        self._unit_names: dict[str, list[str]] = defaultdict(list)
        for u in self._units.values():
            for name in {name_key(n) for n in (u.name, u.name_zh, *u.aliases) if n}:
                self._unit_names[name].append(u.id)

    def _with_provinces(self, codes: Iterable[str | None]) -> list[str]:
        """Each code and the places it lies in (its city, its province), without duplicates."""
        out: dict[str, None] = {}
        for code in codes:
            if code:
                out[code] = None
                county = self._counties.get(code)
                if county:
                    out.update(dict.fromkeys(c for c in (county.city_code, county.province_code) if c))
                city = self._cities.get(code)
                if city:
                    out[city.province_code] = None
        return list(out)

    # ---- places --------------------------------------------------------------------------

    def provinces(self) -> list[Province]:
        return list(self._provinces.values())

    def province(self, key: str) -> Province:
        place = self.place(key)
        if not isinstance(place, Province):
            raise NotFound(f"{key!r} is a city, not a province")
        return place

    def cities(self, province: str | None = None) -> list[City]:
        if province is None:
            return list(self._cities.values())
        return list(self._cities_of.get(self.province(province).code, ()))

    def city(self, key: str) -> City:
        place = self.place(key)
        if not isinstance(place, City):
            raise NotFound(f"{key!r} is a province, not a city")
        return place

    def counties(self, within: str | None = None) -> list[County]:
        """County-level places (districts, counties, county-level cities), of a city or province if given."""
        if within is None:
            return list(self._counties.values())
        place = self.place(within)
        if isinstance(place, County):
            return [place]
        if isinstance(place, City):
            return list(self._counties_of.get(place.code, ()))
        return [c for c in self._counties.values() if c.province_code == place.code]

    def county(self, key: str) -> County:
        place = self.place(key)
        if not isinstance(place, County):
            raise NotFound(f"{key!r} is a {type(place).__name__.lower()}, not a county-level place")
        return place

    def place(self, key: str) -> Province | City | County:
        """A province, city or county by GB/T 2260 code, slug, English or Chinese name."""
        code = key if key in self._provinces or key in self._cities or key in self._counties else None
        if code is None:
            found = gazetteer.load().lookup(key)
            code = found.code if found else None
        place = self._provinces.get(code or "") or self._cities.get(code or "") or self._counties.get(code or "")
        if place is None:
            raise NotFound(f"no province, city or county {key!r} (use a GB/T 2260 code, or an English or Chinese name)")
        return place

    # ---- documents -----------------------------------------------------------------------

    def documents(self, *, place: str | None = None, kind: str | None = None,
                  ids: Sequence[str] | None = None) -> list[Document]:
        """Documents by id; `ids` picks documents, in the order given."""
        docs: Iterable[Document] = self._documents.values()
        if place is not None:
            codes = self._codes_within(place)
            docs = (d for d in docs if d.jurisdiction_code in codes)
        if kind is not None:
            docs = (d for d in docs if d.kind == kind)
        return list(_picked(list(docs), ids, self.document, len(self._documents)))

    def document(self, id: str) -> Document:
        return _get(self._documents, id, "document")

    def chapters(self, document: str) -> list[Section]:
        """The top level of a document's outline."""
        return list(self._chapters_of.get(self.document(document).id, ()))

    def sections(self, document: str) -> list[Section]:
        """A document's whole outline, in document order (each section knows its parent)."""
        return list(self._sections_of.get(self.document(document).id, ()))

    def section(self, id: str) -> Section:
        return _get(self._sections, id, "section")

    def place_mentions(self, document: str) -> list[PlaceMention]:
        return list(self.mentions_of_document.get(self.document(document).id, ()))

    def issuers(self, document: str) -> list[Issuer]:
        """The bodies that issued a document (joint issuers are several), in the order written."""
        return list(self.issuers_of_document.get(self.document(document).id, ()))

    # ---- measures ------------------------------------------------------------------------

    @_remembered
    def measures(self, *, province: str | None = None, city: str | None = None, place: str | None = None,
                 document: str | None = None,
                 unit: str | None = None, lead_unit: str | None = None, section: str | None = None,
                 q: str | None = None, ids: Sequence[str] | None = None) -> Sequence[Measure]:
        """Measures in document order, as a read-only sequence. A place filter keeps the measures of that place's
        jurisdiction and those naming it (`place` takes a province, city or county); a unit filter takes an id, a name
        or an alias. `ids` picks measures, in the order given."""
        candidates: list[Sequence[Measure]] = []  # one per filter, each in the main order
        by = self._measures_by
        if province is not None:
            candidates.append(by["place"].get(self.province(province).code, ()))
        if city is not None:
            candidates.append(by["place"].get(self.city(city).code, ()))
        if place is not None:
            candidates.append(by["place"].get(self.place(place).code, ()))
        if document is not None:
            candidates.append(by["document"].get(self.document(document).id, ()))
        if section is not None:
            candidates.append(by["section"].get(self.section(section).id, ()))
        for key, relation in ((unit, "unit"), (lead_unit, "lead")):
            if key is not None:
                unit_ids = self.unit_ids(key)
                if len(unit_ids) == 1:  # an id, or a name only one unit has: the index as it is
                    candidates.append(by[relation].get(unit_ids[0], ()))
                    continue
                merged = {m.id: m for u in unit_ids for m in by[relation].get(u, ())}
                candidates.append(tuple(sorted(merged.values(), key=lambda m: self._order[m.id])))
        found: Sequence[Measure]
        if len(candidates) == 1:
            found = candidates[0]
        elif candidates:
            # Walk the shortest list, keeping what every other filter has too: the order stays.
            candidates.sort(key=len)
            others = [{m.id for m in c} for c in candidates[1:]]
            found = tuple(m for m in candidates[0] if all(m.id in other for other in others))
        else:
            found = self._all_measures
        if q:
            words = q.casefold().split()
            found = tuple(m for m in found if all(w in (m.title + "\n" + m.text).casefold() for w in words))
        return _picked(found, ids, self.measure, len(self._measures))

    def measure(self, id: str) -> Measure:
        return _get(self._measures, id, "measure")

    def responsibility_lists(self, measure: str) -> list[ResponsibilityList]:
        """A measure's lists of responsible units, each with the span of text it covers."""
        return list(self.lists_of_measure.get(self.measure(measure).id, ()))

    def responsibilities(self, *, measure: str | None = None, unit: str | None = None) -> list[Responsibility]:
        if measure is not None:
            rows = self.responsibilities_of_measure.get(self.measure(measure).id, [])
            return [r for r in rows if unit is None or r.unit_id in self.unit_ids(unit)]
        if unit is not None:
            return [r for u in self.unit_ids(unit) for r in self.responsibilities_of_unit.get(u, ())]
        return [r for rows in self.responsibilities_of_measure.values() for r in rows]

    def scenarios(self, measure: str | None = None) -> list[Scenario]:
        if measure is not None:
            return list(self.scenarios_of_measure.get(self.measure(measure).id, ()))
        return list(self._scenarios.values())

    # ---- units ---------------------------------------------------------------------------

    def units(self, *, place: str | None = None, kind: str | None = None, body_type: str | None = None,
              q: str | None = None, ids: Sequence[str] | None = None) -> list[Unit]:
        """Units by id; `q` is part of a name or alias in either language; `ids` picks units, in the order given."""
        found: Iterable[Unit] = self._units.values()
        if place is not None:
            codes = self._codes_within(place)
            found = sorted((u for code in codes for u in self._units_in.get(code, ())),
                           key=lambda u: self._unit_order[u.id])
        if kind is not None:
            found = (u for u in found if u.kind == kind)
        if body_type is not None:
            found = (u for u in found if u.body_type == body_type_key(body_type))
        if q:
            needle = name_key(q)
            found = (u for u in found if any(needle in name_key(n) for n in (u.name, u.name_zh, *u.aliases) if n))
        return list(_picked(list(found), ids, self.unit, len(self._units)))

    def unit_ids(self, key: str) -> list[str]:
        """Ids of the units `key` names: an id, a name in either language or an alias (any case and spacing)."""
        if key in self._units:
            return [key]
        ids = self._unit_names.get(name_key(key)) or self._units_of_body(key)
        if not ids:
            raise NotFound(f"no unit {key!r} (use a unit id, name or alias)")
        return ids

    def _units_of_body(self, key: str) -> list[str]:
        """Units that are the standard body `key` spells in a way no unit's aliases hold ("Hubei Provincial
        Big Data Bureau", "湖北省大数据管理局"): of the level and place the spelling names, if it names them."""
        body = bodies.find(key)
        if body is None:
            return []
        level = _level_named(key)
        places = [hit.code for hit in gazetteer.load().scan(key)]
        return [u.id for u in self._units_by_body.get(body.key, ())
                if (level is None or u.level == level) and (not places or u.jurisdiction_code in places)]

    def unit(self, key: str, *, place: str | None = None) -> Unit:
        """One unit by id, name or alias; `place` picks among same-named units of different places."""
        ids = self.unit_ids(key)
        if place is not None:
            codes = self._codes_within(place)
            ids = [i for i in ids if self._units[i].jurisdiction_code in codes]
        if len(ids) != 1:
            if not ids:
                raise NotFound(f"no unit {key!r} in {place!r}")
            raise QueryError(f"{key!r} names {len(ids)} units ({', '.join(ids)}): give a place or an id")
        return self._units[ids[0]]

    # ---- figures -------------------------------------------------------------------------

    @_remembered
    def figures(self, *, place: str | None = None, kind: str | None = None, unit: str | None = None,
                metric: str | None = None, year_from: int | None = None, year_to: int | None = None,
                document: str | None = None, measure: str | None = None,
                ids: Sequence[str] | None = None) -> Sequence[Figure]:
        """Figures in document order (a read-only sequence); `unit` is the unit of measure ("CNY", "GW", ...),
        `metric` a metric's key or label in either language; `ids` picks figures, in the order given."""
        # Each filter with an index gives its records in the main order; start from the shortest.
        indexed = [self._figures_by[relation].get(lookup(key).code if relation == "place" else lookup(key).id, ())
                   for key, relation, lookup in ((place, "place", self.place), (document, "document", self.document),
                                                 (measure, "measure", self.measure)) if key is not None]
        if metric is not None:
            indexed.append(self._figures_by["metric"].get(metric_key(metric), ()))
        found: Sequence[Figure] = self._all_figures
        if indexed:
            indexed.sort(key=len)
            others = [{f.id for f in i} for i in indexed[1:]]
            found = indexed[0] if not others else tuple(f for f in indexed[0] if all(f.id in o for o in others))
        if kind is not None:
            found = [f for f in found if f.kind == kind]
        if unit is not None:
            found = [f for f in found if f.unit.casefold() == unit.casefold()]
        if year_from is not None:
            found = [f for f in found if f.year is not None and f.year >= year_from]
        if year_to is not None:
            found = [f for f in found if f.year is not None and f.year <= year_to]
        return _picked(found, ids, self.figure, len(self._figures))

    def figure(self, id: str) -> Figure:
        return _get(self._figures, id, "figure")

    # ---- comparison and facets --------------------------------------------------------------

    def compare(self, metric: str, *, places: Sequence[str] | None = None, years: Sequence[int] | None = None,
                ) -> Comparison:
        """One metric (a key, or a label in either language) across places × years. A place's cells hold the
        figures about that place itself (a province's, not its cities'); without `places`, every place
        with a figure of the metric, in code order. Values to compare are each figure's `normal_value`."""
        key = metric_key(metric)
        of_place = self._figures_of_metric_and_place
        if places is None:
            codes = sorted(code for (k, code) in of_place if k == key and code)
        else:
            codes = list(dict.fromkeys(self.place(p).code for p in places))
        figures = chain.from_iterable(of_place.get((key, code), ()) for code in codes)
        return comparison(key, metrics.metric(key).unit, figures, codes, years)

    def targets_vs_observed(self, metric: str, place: str) -> TargetsVsObserved:
        """A place's targets for a metric next to its observed values, each by year."""
        key, code = metric_key(metric), self.place(place).code
        return targets_vs_observed(key, metrics.metric(key).unit, code,
                                   self._figures_of_metric_and_place.get((key, code), ()))

    def facets(self, records: Sequence[Measure] | Sequence[Unit] | Sequence[Figure]) -> Facets:
        """Counts over records of one type (a filtered list of measures, units or figures), by place, kind,
        body type, metric and year; see Facets for what each counts. Other records get only their total.

        Counting 20,000 figures takes milliseconds, so the counts of a sequence the store answered (the
        same filter gives the same sequence, see `_remembered`) are kept: every page of one filter, and
        every dashboard asking for it, counts it once."""
        found = self._facets_kept.get(id(records))
        if found is not None and found[0] is records:
            return found[1]
        facets = self._count_facets(records)
        if isinstance(records, tuple):  # an answer the store keeps (lists are made afresh for each call)
            self._facets_kept.put(id(records), (records, facets), len(records) + 1)
        return facets

    def _count_facets(self, records: Sequence[Measure] | Sequence[Unit] | Sequence[Figure]) -> Facets:
        if not records:
            return Facets(total=0)
        first = records[0]
        if isinstance(first, Measure):
            # Kind and year are the document's: count documents, then weigh each by its measures.
            per_document = Counter(map(_DOCUMENT_ID, records))
            kinds: Counter[str] = Counter()
            years: Counter[str] = Counter()
            for document_id, n in per_document.items():
                document = self._documents[document_id]
                kinds[document.kind] += n
                years[str(document.published.year) if document.published else "none"] += n
            lead_types = self._lead_body_types
            return Facets(total=len(records), places=buckets(_none_named(Counter(map(_JURISDICTION, records)))),
                          kinds=buckets(kinds), years=buckets(years),
                          body_types=buckets(Counter(chain.from_iterable(lead_types[m.id] for m in records))))
        if isinstance(first, Unit):
            return Facets(total=len(records), places=buckets(_none_named(Counter(map(_JURISDICTION, records)))),
                          kinds=buckets(Counter(map(_KIND, records))),
                          body_types=buckets(Counter(map(_BODY_TYPE, records))))
        if isinstance(first, Figure):
            return Facets(total=len(records), places=buckets(_none_named(Counter(map(_JURISDICTION, records)))),
                          kinds=buckets(Counter(map(_KIND, records))), metrics=buckets(Counter(map(_METRIC, records))),
                          years=buckets(_none_named(Counter(map(_YEAR, records)))))
        return Facets(total=len(records))  # documents, places: nothing to count by

    @functools.cached_property
    def _figures_of_metric_and_place(self) -> dict[tuple[str, str | None], list[Figure]]:
        """Figures by (metric, the place they are about), in document order: what a comparison reads."""
        index: dict[tuple[str, str | None], list[Figure]] = defaultdict(list)
        for f in self._all_figures:
            index[(f.metric, f.jurisdiction_code)].append(f)
        return dict(index)

    @functools.cached_property
    def _lead_body_types(self) -> dict[str, tuple[str, ...]]:
        """Each measure's lead units' body types, once each: built on the first facet count, not at open."""
        return {m: tuple(dict.fromkeys(self._units[r.unit_id].body_type
                                       for r in self.responsibilities_of_measure.get(m, ()) if r.is_lead))
                for m in self._measures}

    def _codes_within(self, key: str) -> set[str]:
        place = self.place(key)
        if isinstance(place, Province):
            cities = {c.code for c in self._cities_of.get(place.code, ())}
            return {place.code, *cities, *(c.code for c in self._counties.values() if c.province_code == place.code)}
        if isinstance(place, City):
            return {place.code, *(c.code for c in self._counties_of.get(place.code, ()))}
        return {place.code}

    # ---- search --------------------------------------------------------------------------

    @functools.cached_property
    def _search_index(self) -> SearchIndex:
        # Built on the first search, not at open: most users never search.
        return SearchIndex([("document", d.id, d.title, d.text) for d in self._documents.values()] +
                           [("measure", m.id, m.title, m.text) for m in self._measures.values()])

    def search(self, query: str, *, kinds: set[str] | None = None, limit: int = 20) -> list[Hit]:
        """Measures and documents ranked by relevance (BM25), each with a highlighted snippet."""
        return self._search_index.search(query, kinds=kinds, limit=limit)

    def graphql(self, query: str, variables: dict | None = None, operation_name: str | None = None) -> dict:
        """Run a GraphQL query in-process against this store; returns {"data": ..., "errors": [...]}."""
        from policyapi.graphql.execute import run  # the GraphQL layer sits on top of the store

        return run(self, query, variables, operation_name)

    # ---- batched lookups (the GraphQL DataLoaders' one call per level) --------------------

    def many(self, relation: str, keys: typing.Sequence[str]) -> list:
        """For each key, the record (or None) or the list of related records: see RELATIONS."""
        get = self._relations[relation]
        return [get(key) for key in keys]

    def one(self, relation: str, key: str) -> typing.Any:
        """`many(relation, [key])[0]`, without the lists."""
        return self._relations[relation](key)

    @functools.cached_property
    def _relations(self) -> dict[str, typing.Callable[[str], typing.Any]]:
        by = self._measures_by
        return {
            "place": lambda k: self._provinces.get(k) or self._cities.get(k) or self._counties.get(k),
            "document": self._documents.get,
            "section": self._sections.get,
            "measure": self._measures.get,
            "unit": self._units.get,
            "figure": self._figures.get,
            "cities_of_province": lambda k: self._cities_of.get(k, []),
            "chapters_of_document": lambda k: self._chapters_of.get(k, []),
            "sections_of_document": lambda k: self._sections_of.get(k, []),
            "children_of_section": lambda k: self._children_of.get(k, []),
            "responsibilities_of_measure": lambda k: self.responsibilities_of_measure.get(k, []),
            "responsibilities_of_unit": lambda k: self.responsibilities_of_unit.get(k, []),
            "responsibilities_of_list": lambda k: self.responsibilities_of_list.get(k, []),
            "lists_of_measure": lambda k: self.lists_of_measure.get(k, []),
            "responsibility_list": self._lists.get,
            "issuers_of_document": lambda k: self.issuers_of_document.get(k, []),
            "issued_by_unit": lambda k: self.issued_by_unit.get(k, []),
            "counties_of_city": lambda k: self._counties_of.get(k, []),
            "scenarios_of_measure": lambda k: self.scenarios_of_measure.get(k, []),
            "figures_of_measure": lambda k: self._figures_by["measure"].get(k, ()),
            "measures_of_section": lambda k: by["section"].get(k, ()),
        }

    # ---- SQL -----------------------------------------------------------------------------

    def sql(self, query: str, params: list | dict | None = None) -> ReadOnlyRelation:
        """Run a read-only query; the result is a DuckDB relation that can only be read (`.df()`, `.pl()`,
        `.arrow()`, `.fetchall()`, ...) or narrowed (`.filter()`, `.limit()`, `.aggregate()`, ...).

        A statement that is not one SELECT, or that reads files, is refused here with a QueryError.
        The relation runs when it is read, in the thread that made it (each thread has its own
        cursor); an error only running can find (a bad cast, a file a table function would read
        at run time) is DuckDB's own `duckdb.Error`, raised by the read."""
        _check_read_only(query)
        try:
            return ReadOnlyRelation(self._cursor().sql(query, params=params))
        except duckdb.Error as exc:
            raise QueryError(str(exc)) from None

    def export(self, out: Path, format: str = "csv", tables: list[str] | None = None) -> list[Path]:
        """Write tables as CSV, JSON (newline-delimited) or Parquet files into `out`.

        The store's own connection may not touch files, so this opens a second, read-only one:
        exporting is the local user's act, never a request's."""
        formats = {"csv": "FORMAT csv, HEADER true", "json": "FORMAT json", "parquet": "FORMAT parquet"}
        if format not in formats:
            raise QueryError(f"unknown export format {format!r} (csv, json, parquet)")
        known = list(Tables.__struct_fields__)
        unknown = sorted(set(tables or ()) - set(known))
        if unknown:
            raise QueryError(f"unknown table(s) {', '.join(unknown)} (tables: {', '.join(known)})")
        out.mkdir(parents=True, exist_ok=True)
        written = []
        with attach_read_only(self.path, lock_down=False) as con:
            try:
                (version,) = con.execute("SELECT version FROM dataset").fetchone() or (None,)
            except duckdb.Error as exc:
                raise DatabaseError(f"{self.path}: cannot read the database (truncated or corrupt?): {exc}") from None
            if version != self.dataset.version:
                raise DatabaseError(f"{self.path} now holds dataset {version}, not {self.dataset.version} as when "
                                    "it was opened: open it again to export it")
            for table in tables or known:
                target = out / f"{table}.{format}"
                con.execute(f"COPY \"{table}\" TO '{_sql_string(str(target))}' ({formats[format]})")
                written.append(target)
        return written

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """One cursor per thread: a DuckDB connection must not be shared between threads."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._con.cursor()
            cursor.execute(f"USE {_CATALOG}")  # a cursor starts in the default catalog, not the attached one
            self._local.cursor = cursor
        return cursor

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<policyapi.Store {self.path} version={self.dataset.version}>"


class ReadOnlyRelation:
    """A DuckDB relation with only the methods that read it or derive another read-only relation.

    A plain relation also runs any SQL text (`.query(name, sql)`), creates tables and views, and
    writes files (`.create()`, `.insert_into()`, `.to_csv()`): none of that is reachable here."""

    _READS = frozenset({"fetchall", "fetchone", "fetchmany", "fetchdf", "fetchnumpy", "fetch_df_chunk", "df",
                        "to_df", "pl", "arrow", "fetch_arrow_table", "to_arrow_table", "record_batch",
                        "fetch_record_batch", "columns", "types", "dtypes", "shape", "description", "alias",
                        "show", "sql_query", "explain"})
    _DERIVES = frozenset({"filter", "project", "select", "order", "sort", "limit", "aggregate", "distinct",
                          "unique", "count", "sum", "min", "max", "mean", "median", "describe", "set_alias"})

    def __init__(self, relation: duckdb.DuckDBPyRelation) -> None:
        self._relation = relation

    def __getattr__(self, name: str) -> typing.Any:
        if name in self._READS:
            return getattr(self._relation, name)
        if name in self._DERIVES:
            method = getattr(self._relation, name)
            return lambda *args, **kwargs: ReadOnlyRelation(method(*args, **kwargs))
        raise AttributeError(f"{name!r}: a relation from .sql() can only be read or narrowed "
                             f"({', '.join(sorted(self._READS | self._DERIVES))})")

    def __len__(self) -> int:
        return len(self._relation)

    def __repr__(self) -> str:
        return repr(self._relation)


def _check_read_only(query: str) -> None:
    """Refuse anything but one SELECT (or EXPLAIN of one): the database refuses writes to the
    file and file access anyway; this also keeps TEMP objects and settings out of reach."""
    try:
        statements = duckdb.extract_statements(query)
        if len(statements) != 1:
            raise QueryError(f"only one read-only SELECT statement is allowed, not {len(statements)} statements")
        (statement,) = statements
        if statement.type == duckdb.StatementType.EXPLAIN:
            match = _EXPLAIN.fullmatch(statement.query.strip())
            explained = duckdb.extract_statements(match["explained"]) if match else []
            if len(explained) == 1 and explained[0].type == duckdb.StatementType.SELECT:
                return
            statement = explained[0] if len(explained) == 1 else statement
            what = f"EXPLAIN of {_statement_name(statement)}"
        elif statement.type == duckdb.StatementType.SELECT:
            return
        else:
            what = _statement_name(statement)
    except duckdb.Error as exc:
        raise QueryError(str(exc)) from None
    raise QueryError(f"only one read-only SELECT statement is allowed, not {what}")


def _statement_name(statement: duckdb.Statement) -> str:
    """The statement's own first word ("INSTALL", "CHECKPOINT": DuckDB files them as LOAD, CALL)."""
    word = (statement.query.lstrip(" \t\n(").split(None, 1) or [""])[0].upper()
    return word if word.isalpha() and word not in ("WITH", "FROM") else statement.type.name


def _sql_string(value: str) -> str:
    return value.replace("'", "''")


_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])")


def name_key(name: str) -> str:
    """A name as lookups compare it: any case, spaces collapsed, none beside Chinese characters."""
    return _CJK_SPACE.sub("", " ".join(name.casefold().split()))


_LEVEL_NAMED = (("provincial", re.compile(r"^(?:省|自治区)|\bprovincial\b|\bautonomous region\b", re.I)),
                ("municipal", re.compile(r"^市(?!场)|\bmunicipal\b|\bcity\b", re.I)),
                ("county", re.compile(r"^(?:县|区)|\bcounty\b|\bdistrict\b", re.I)))


def _level_named(name: str) -> str | None:
    """The level a unit's name says it is of ("省发改委", "Municipal Data Bureau"), if it says."""
    return next((level for level, pattern in _LEVEL_NAMED if pattern.search(name)), None)


def metric_key(metric: str) -> str:
    """The key of a metric given by key or label, in either language (a QueryError for none)."""
    key = metrics.lookup(metric)
    if key is None:
        raise QueryError(f"no metric {metric!r} (one of: {', '.join(m.key for m in metrics.metrics())})")
    return key


def body_type_key(body_type: str) -> str:
    """A body type as the glossary keys it, in any case (a QueryError for an unknown one)."""
    key = body_type.strip().casefold()
    if key not in bodies.body_types():
        raise QueryError(f"no body type {body_type!r} (one of: {', '.join(bodies.body_types())})")
    return key


def _picked(found: Sequence[T], ids: Sequence[str] | None, get: typing.Callable[[str], T], total: int) -> Sequence[T]:
    """`found`, or with `ids` the records of those ids (in their order) that `found` holds: a batch
    lookup that other filters may narrow (`total`: how many records there are). An unknown id is NotFound."""
    if ids is None:
        return found
    picked = [get(i) for i in ids]
    if len(found) == total:  # no other filter: nothing to narrow
        return picked
    kept = {id(r) for r in found}
    return [r for r in picked if id(r) in kept]


def _get(table: dict[str, T], key: str, what: str) -> T:
    try:
        return table[key]
    except KeyError:
        raise NotFound(f"no {what} with id {key!r}") from None
