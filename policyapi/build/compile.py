"""The compiler: a folder of documents in, every table's rows out (nothing written yet).

read → describe → segment → extract (places, units, figures) → resolve units → rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import math
import re
from pathlib import Path

import msgspec

from policyapi import gazetteer
from policyapi.build import describe
from policyapi.build.extract.figures import extract_figures
from policyapi.build.extract.units import UnitProfile, profile
from policyapi.build.read import SourceText, read_source
from policyapi.build.resolve import UnitResolver
from policyapi.build.segment import Structure, StructureError, segment
from policyapi.errors import DocumentError, PolicyAPIError
from policyapi.models import (
    Chapter, City, Dataset, Document, Figure, Measure, PlaceMention, Province, Responsibility, Scenario,
    SourceSpan, Unit,
)

COMPILER_VERSION = "1"  # bump when the same seeds would compile to different rows


class BuildFailed(PolicyAPIError):
    """One or more documents could not be compiled; nothing was written."""

    def __init__(self, errors: list[DocumentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class Compiled(msgspec.Struct):
    provinces: list[Province]
    cities: list[City]
    documents: list[Document]
    chapters: list[Chapter]
    measures: list[Measure]
    scenarios: list[Scenario]
    units: list[Unit]
    responsibilities: list[Responsibility]
    figures: list[Figure]
    place_mentions: list[PlaceMention]
    dataset: list[Dataset]


def seed_files(seeds: Path) -> list[Path]:
    if not seeds.is_dir():
        raise BuildFailed([DocumentError(seeds, 0, "seeds folder does not exist")])
    files = sorted(p for p in seeds.iterdir() if p.suffix == ".txt" and p.is_file())
    if not files:
        raise BuildFailed([DocumentError(seeds, 0, "no *.txt documents in the seeds folder")])
    return files


def dataset_version(files: list[Path]) -> str:
    digest = hashlib.sha256(f"policyapi-compiler {COMPILER_VERSION}\n".encode())
    digest.update(gazetteer.data_bytes())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        sidecar = path.with_suffix(".meta.toml")
        if sidecar.exists():
            digest.update(sidecar.read_bytes())
    return digest.hexdigest()[:16]


def compile_seeds(seeds: Path, built_at: dt.datetime | None = None) -> Compiled:
    files = seed_files(seeds)
    out = Compiled(provinces=[], cities=[], documents=[], chapters=[], measures=[], scenarios=[], units=[],
                   responsibilities=[], figures=[], place_mentions=[], dataset=[])
    places = gazetteer.load()
    out.provinces, out.cities = list(places.provinces), list(places.cities)
    resolver = UnitResolver()
    unit_mentions: list[tuple[int, Responsibility]] = []  # cluster index, row with a placeholder unit id
    errors: list[DocumentError] = []
    ids: dict[str, Path] = {}
    for path in files:
        try:
            source = read_source(path)
            if (other := ids.setdefault(source.id, path)) != path:  # "A b.txt" and "a-b.txt"
                raise DocumentError(path, 1, f"document id {source.id!r} is already taken by {other.name}: "
                                             "rename one of the two files")
            _compile_document(source, out, resolver, unit_mentions)
        except DocumentError as exc:
            errors.append(exc)
    if errors:
        raise BuildFailed(errors)
    _add_units(resolver, unit_mentions, out)
    out.dataset.append(Dataset(
        version=dataset_version(files), compiler_version=COMPILER_VERSION,
        built_at=built_at or dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None),
        documents=len(out.documents), measures=len(out.measures), units=len(out.units),
        figures=len(out.figures), places=len({m.place_code for m in out.place_mentions}),
    ))
    return out


def _structure(source: SourceText) -> Structure:
    try:
        return segment(source.text)
    except StructureError as exc:
        raise DocumentError(source.path, source.line_of(exc.offset), str(exc)) from None


def _compile_document(source: SourceText, out: Compiled, resolver: UnitResolver,
                      unit_mentions: list[tuple[int, Responsibility]]) -> None:
    text, doc_id = source.text, source.id
    structure = _structure(source)
    kind = describe.kind(source, has_measures=any(m.units for m in structure.measures))
    if kind == "policy" and not structure.measures:
        raise DocumentError(source.path, 1, "a document of kind 'policy' needs numbered measures "
                                            "'(1) Title. Body ... (Responsible units: ...)'; none found")
    doc_title = describe.title(source)
    published = describe.published(source)
    jurisdiction = describe.jurisdiction(source, doc_title)
    out.documents.append(Document(
        id=doc_id, title=doc_title, issuer=describe.issuer(source), number=describe.number(source),
        published=published, kind=kind, language=describe.language(source), publisher=describe.publisher(source),
        jurisdiction_code=jurisdiction, source_file=source.metadata.source or source.path.name,
        content_hash=hashlib.sha256(text.encode()).hexdigest(), text=text,
    ))

    def span(start: int, end: int) -> SourceSpan:
        return SourceSpan(document_id=doc_id, start=start, end=end, quote=text[start:end])

    chapter_ids = [f"{doc_id}:c{c.number}" for c in structure.chapters]
    out.chapters.extend(Chapter(id=cid, document_id=doc_id, number=c.number, title=c.title, span=span(c.start, c.end))
                        for cid, c in zip(chapter_ids, structure.chapters))

    province = gazetteer.load().province_of(jurisdiction) if jurisdiction else None
    hits = gazetteer.load().scan(text, within=province.code if province else None)
    measure_ids: list[tuple[int, int, str]] = []  # start, end, id: to place mentions and figures
    for ordinal, m in enumerate(structure.measures, start=1):
        measure_id = f"{doc_id}:m{m.number}"
        measure_ids.append((m.start, m.end, measure_id))
        codes = tuple(dict.fromkeys(h.code for h in hits if m.start <= h.start < m.end))
        out.measures.append(Measure(
            id=measure_id, document_id=doc_id, ordinal=ordinal, number=m.number, title=m.title,
            chapter_id=chapter_ids[m.chapter] if m.chapter is not None else None, text=text[m.start:m.end],
            jurisdiction_code=jurisdiction, place_codes=codes, span=span(m.start, m.end),
        ))
        out.scenarios.extend(
            Scenario(id=f"{measure_id}:s{i}", measure_id=measure_id, position=i, name=s.name, text=s.body,
                     span=span(s.start, s.end))
            for i, s in enumerate(m.scenarios, start=1))
        for position, unit in enumerate(m.units, start=1):
            cluster = resolver.add(unit.name, _unit_profile(unit.name, jurisdiction))
            unit_mentions.append((cluster, Responsibility(
                measure_id=measure_id, unit_id="", position=position, is_lead=position == 1,
                span=span(unit.start, unit.end))))

    def measure_at(offset: int) -> str | None:
        return next((mid for start, end, mid in measure_ids if start <= offset < end), None)

    out.place_mentions.extend(
        PlaceMention(document_id=doc_id, measure_id=measure_at(h.start), place_code=h.code, span=span(h.start, h.end))
        for h in hits)
    default_kind = "target" if kind in ("policy", "plan") else "observed"
    found = extract_figures(text, published_year=published.year if published else None, default_kind=default_kind)
    # A number that starts inside a place name is part of the name: 五家渠市 is Wujiaqu, not "5 enterprises".
    places = [(h.start, h.end) for h in hits]  # sorted, disjoint
    found = [f for f in found if not _inside(f.start, places)]
    for i, f in enumerate(found, start=1):
        out.figures.append(Figure(
            id=f"{doc_id}:f{i}", document_id=doc_id, measure_id=measure_at(f.start), kind=f.kind, metric=f.metric,
            value=f.value, unit=f.unit, comparator=f.comparator, year=f.year,
            jurisdiction_code=_place_before(text, f.start, hits) or jurisdiction, span=span(f.start, f.end),
        ))


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (offset, math.inf)) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


_SENTENCE_START = re.compile(r"[.。!?！？;；\n]")


def _place_before(text: str, offset: int, hits: list[gazetteer.PlaceHit]) -> str | None:
    """The place named last before `offset` in the same sentence ("industry in Wuhan to exceed ...")."""
    sentence_start = max((m.end() for m in _SENTENCE_START.finditer(text, max(0, offset - 400), offset)),
                         default=max(0, offset - 400))
    inside = [h for h in hits if sentence_start <= h.start < offset]
    return inside[-1].code if inside else None


@functools.lru_cache(maxsize=65536)
def _unit_profile(name: str, jurisdiction: str | None) -> UnitProfile:
    return profile(name, jurisdiction)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9\u4e00-\u9fff]+", "-", name.lower().replace("'", "")).strip("-")


def _add_units(resolver: UnitResolver, mentions: list[tuple[int, Responsibility]], out: Compiled) -> None:
    ids: list[str] = []
    taken: set[str] = set()
    for cluster in resolver.clusters:
        name, _ = resolver.canonical(cluster)
        base = f"{cluster.profile.jurisdiction_code or 'cn'}:{_slug(name)}"
        unit_id, n = base, 1
        while unit_id in taken:  # same name, different kind or level: keep both, distinctly
            n += 1
            unit_id = f"{base}-{n}"
        taken.add(unit_id)
        ids.append(unit_id)
    measures: dict[str, set[str]] = {}
    leads: dict[str, int] = {}
    for cluster, row in mentions:
        unit_id = ids[cluster]
        out.responsibilities.append(msgspec.structs.replace(row, unit_id=unit_id))
        measures.setdefault(unit_id, set()).add(row.measure_id)
        leads[unit_id] = leads.get(unit_id, 0) + row.is_lead
    for cluster, unit_id in zip(resolver.clusters, ids):
        name, aliases = resolver.canonical(cluster)
        p = cluster.profile
        out.units.append(Unit(id=unit_id, name=name, aliases=aliases, kind=p.kind, level=p.level,
                              jurisdiction_code=p.jurisdiction_code, measure_count=len(measures.get(unit_id, ())),
                              lead_count=leads.get(unit_id, 0)))
    out.units.sort(key=lambda u: u.id)
