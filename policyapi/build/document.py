"""Compile one document: its file in, its rows out (units not yet resolved across documents).

    read → analysis view → header → unit lists → outline → places → figures → rows

Each stage is its own module and reads the analysis view (normalise.py); every offset it
returns is an offset into the stored text too. What a stage could not understand becomes a
warning with the file and line; only malformed input (unreadable, empty, binary) is an error.
Runs in a worker process when the build is parallel, so everything here is picklable.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import msgspec

from policyapi import metrics
from policyapi.build import header as header_stage
from policyapi.build.extract.figures import extract_figures
from policyapi.build.extract.places import PlaceFound, find_places
from policyapi.build.extract.units import classify
from policyapi.build.normalise import analysis_text
from policyapi.build.outline import parse_outline
from policyapi.build.read import SourceText, read_source
from policyapi.build.spans import inside, merge
from policyapi.build.unit_lists import find_unit_lists
from policyapi.models import (
    BuildStage, BuildWarning, Document, Figure, Measure, PlaceMention, Responsibility, ResponsibilityList, Scenario,
    Section, SourceSpan,
)


class UnitMention(msgspec.Struct, frozen=True):
    """A unit named in a document, before it is resolved to a unit id."""

    written: str  # as the document writes it
    key: str  # in the analysis view: what names are compared by
    jurisdiction: str | None  # the document's


class PendingResponsibility(msgspec.Struct, frozen=True):
    mention: UnitMention
    row: Responsibility  # unit_id still empty


class PendingIssuer(msgspec.Struct, frozen=True):
    mention: UnitMention
    document_id: str
    position: int
    span: SourceSpan


class DocumentRows(msgspec.Struct):
    document: Document
    raw_sha256: str
    sections: list[Section]
    measures: list[Measure]
    scenarios: list[Scenario]
    lists: list[ResponsibilityList]
    responsibilities: list[PendingResponsibility]
    issuers: list[PendingIssuer]
    figures: list[Figure]
    place_mentions: list[PlaceMention]
    warnings: list[BuildWarning]


_SENTENCE_START = re.compile(r"[.。!?！？;；\n]")
_MEASURE_KINDS = ("policy", "plan")


def compile_file(path: Path, root: Path | None = None) -> DocumentRows:
    """Read and compile one file of the seeds folder `root` (a DocumentError when it is malformed)."""
    return compile_document(read_source(path, root))


def compile_document(source: SourceText) -> DocumentRows:
    text, doc_id = source.text, source.id
    view = analysis_text(text)
    warnings: list[BuildWarning] = []

    def warn(stage: BuildStage, offset: int, message: str) -> None:
        warnings.append(BuildWarning(document_id=doc_id, file=str(source.path), line=source.line_of(offset),
                                     stage=stage, message=message))

    def span(start: int, end: int) -> SourceSpan:
        return SourceSpan(document_id=doc_id, start=start, end=end, quote=text[start:end])

    head = header_stage.read_header(source, view)
    for offset, message in head.troubles:
        warn("header", offset, message)
    unit_lists, troubles = find_unit_lists(view)
    for t in troubles:
        warn("units", t.offset, t.message)
    outline = parse_outline(view, unit_lists=unit_lists, barriers=list(head.signatures))
    for offset, message in outline.troubles:
        warn("outline", offset, message)
    kind = header_stage.kind(source, head, has_units=bool(unit_lists), has_measures=bool(outline.measures))
    jurisdiction = header_stage.jurisdiction(source, head, view)
    measures = outline.measures if kind in _MEASURE_KINDS else ()
    if kind in _MEASURE_KINDS and not measures:
        warn("outline", 0, f"a document of kind {kind!r} with no numbered measures found: "
                           "its outline is kept, it has no measures")

    document = Document(
        id=doc_id, title=head.title, plan_title=head.plan_title, issuer=head.issuer, number=head.number,
        published=head.published, date_written=head.date_written, kind=kind, language=head.language,
        publisher=head.publisher, jurisdiction_code=jurisdiction,
        source_file=source.metadata.source or source.path.name, source_format=source.source_format,
        source_hash=source.raw_sha256,
        content_hash=hashlib.sha256(text.encode()).hexdigest(), text=text,
    )
    rows = DocumentRows(document=document, raw_sha256=source.raw_sha256, sections=[], measures=[], scenarios=[],
                        lists=[], responsibilities=[], issuers=[], figures=[], place_mentions=[], warnings=warnings)

    section_ids = [f"{doc_id}:s{s.index + 1}" for s in outline.sections]
    measure_sections = {m.section for m in measures}
    for s in outline.sections:
        rows.sections.append(Section(
            id=section_ids[s.index], document_id=doc_id,
            parent_id=section_ids[s.parent] if s.parent is not None else None, ordinal=s.index + 1, depth=s.depth,
            style=s.style, marker=text[s.marker[0]:s.marker[1]], number=s.number,
            title=text_of(text, view, s.title, s.start),
            role=s.role if s.role != "measure" or s.index in measure_sections else "other", end=s.end,
            span=span(*_trimmed(view, s.start, s.heading_end))))

    # Bodies named in unit lists that are firms or banks: a place inside their names is part of a name.
    organisations = [(e.start, e.end) for u in unit_lists for e in u.entries
                     if classify(e.name) in ("state_owned_enterprise", "financial_institution")]
    places = find_places(view, within=jurisdiction, organisations=organisations)
    measure_ranges: list[tuple[int, int, str]] = []
    for ordinal, m in enumerate(measures, start=1):
        measure_id = f"{doc_id}:m{ordinal}"
        measure_ranges.append((m.start, m.end, measure_id))
        codes = tuple(dict.fromkeys(p.code for p in places if m.start <= p.start < m.end and not p.in_organisation))
        rows.measures.append(Measure(
            id=measure_id, document_id=doc_id, ordinal=ordinal, number=m.number,
            title=text_of(text, view, m.title, m.start), section_id=section_ids[m.section],
            chapter_id=section_ids[m.chapter] if m.chapter is not None else None,
            group_id=section_ids[m.group] if m.group is not None else None, text=text[m.start:m.end],
            jurisdiction_code=jurisdiction, place_codes=codes, span=span(m.start, m.end)))
        rows.scenarios.extend(
            Scenario(id=f"{measure_id}:s{i}", measure_id=measure_id, position=i,
                     name=text_of(text, view, s.name, s.start),
                     text=text_of(text, view, s.body, s.start), span=span(s.start, s.end))
            for i, s in enumerate(m.scenarios, start=1))
        covered_from = m.start  # the first list covers the heading's sentence too
        for list_position, index in enumerate(m.lists, start=1):
            found = unit_lists[index]
            rows.lists.append(ResponsibilityList(
                id=f"{measure_id}:l{list_position}", measure_id=measure_id, position=list_position,
                lead_rule=found.lead_rule, covers=span(*_trimmed(view, covered_from, found.start)),
                span=span(found.start, found.end)))
            covered_from = found.end
            for position, entry in enumerate(found.entries, start=1):
                rows.responsibilities.append(PendingResponsibility(
                    mention=UnitMention(written=text[entry.start:entry.end], key=entry.name, jurisdiction=jurisdiction),
                    row=Responsibility(measure_id=measure_id, unit_id="", list_position=list_position,
                                       position=position,
                                       is_lead=entry.is_lead, span=span(entry.start, entry.end))))

    for position, issuer in enumerate(head.issuers, start=1):
        rows.issuers.append(PendingIssuer(
            mention=UnitMention(written=text[issuer.start:issuer.end], key=issuer.text, jurisdiction=jurisdiction),
            document_id=doc_id, position=position, span=span(issuer.start, issuer.end)))

    starts = [r[0] for r in measure_ranges]

    def measure_at(offset: int) -> str | None:
        i = bisect.bisect_right(starts, offset) - 1
        return measure_ranges[i][2] if i >= 0 and offset < measure_ranges[i][1] else None

    rows.place_mentions.extend(
        PlaceMention(document_id=doc_id, measure_id=measure_at(p.start), place_code=p.code,
                     in_organisation=p.in_organisation, span=span(p.start, p.end))
        for p in places)
    default_kind = "target" if kind in _MEASURE_KINDS else "observed"
    found = extract_figures(view, published_year=head.published.year if head.published else None,
                            default_kind=default_kind)
    # A number that starts inside a place name is part of the name: 五家渠市 is Wujiaqu, not "5 enterprises".
    place_spans = merge((p.start, p.end) for p in places)
    found = [f for f in found if not inside(f.start, place_spans)]
    named = [p for p in places if not p.in_organisation]
    statements = []
    for f in found:
        metric = metrics.classify(f.metric, f.unit)  # the label in Simplified script
        normal = metrics.normalise(metric, f.value, f.unit)
        normal_max = metrics.normalise(metric, f.value_max, f.unit) if f.value_max is not None else None
        statements.append(Figure(
            id="", document_id=doc_id, measure_id=measure_at(f.start), kind=f.kind, metric=metric,
            label=text_of(text, view, f.metric, max(0, f.start - 300)), value=f.value, unit=f.unit,
            value_max=f.value_max, normal_value=normal[0] if normal else None,
            normal_value_max=normal_max[0] if normal_max else None, normal_unit=normal[1] if normal else None,
            comparator=f.comparator, year=f.year,
            jurisdiction_code=_place_before(view, f.start, named) or jurisdiction, span=span(f.start, f.end)))
    rows.figures = _one_figure_per_fact(statements)
    return rows


def _one_figure_per_fact(figures: Iterable[Figure]) -> list[Figure]:
    """A fact stated several times (in the summary, again in a measure) is one figure with several spans:
    the same metric, value, unit, year, comparator, kind and place. Facts of metric "other" are the same
    only in the same words. A restatement without a year ("打造典型应用场景120个" in a measure, after
    "到2028年…120个" above) is the dated fact when exactly one dated fact is otherwise the same.
    Ids follow the first statements' order."""
    facts: dict[tuple, dict[int | None, list[Figure]]] = {}
    for f in figures:
        label = f.label.casefold() if f.metric == "other" else ""
        quantity = (f.metric, label, f.kind, f.value, f.value_max, f.unit, f.comparator, f.jurisdiction_code)
        facts.setdefault(quantity, {}).setdefault(f.year, []).append(f)
    merged: list[Figure] = []
    for by_year in facts.values():
        dated = [year for year in by_year if year is not None]
        if None in by_year and len(dated) == 1:
            by_year[dated[0]] += by_year.pop(None)
        for year, same in by_year.items():
            same.sort(key=lambda f: f.span.start)
            merged.append(msgspec.structs.replace(same[0], year=year, spans=tuple(f.span for f in same)))
    merged.sort(key=lambda f: f.span.start)
    return [msgspec.structs.replace(f, id=f"{f.document_id}:f{i}") for i, f in enumerate(merged, start=1)]


def text_of(text: str, view: str, phrase: str, near: int) -> str:
    """`phrase` (found in the analysis view) as the document writes it, when it can be located."""
    if not phrase or text is view:
        return phrase
    at = view.find(phrase, near or 0)
    if at < 0:
        at = view.find(phrase)
    return text[at:at + len(phrase)] if at >= 0 else phrase


def _trimmed(view: str, start: int, end: int) -> tuple[int, int]:
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1].isspace():
        end -= 1
    return start, end


def _place_before(view: str, offset: int, places: list[PlaceFound]) -> str | None:
    """The place named last before `offset` in the same sentence ("industry in Wuhan to exceed ...")."""
    sentence_start = max((m.end() for m in _SENTENCE_START.finditer(view, max(0, offset - 400), offset)),
                         default=max(0, offset - 400))
    inside = [p for p in places if sentence_start <= p.start < offset]
    return inside[-1].code if inside else None
