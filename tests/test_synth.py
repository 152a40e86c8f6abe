"""policyapi synth: deterministic synthetic corpora that the real compiler reads back exactly.

Every synthetic document says what a correct compiler reads from it (SynthDocument, the oracle):
its header, its outline, its measures and their unit lists with their leads, its issuers, its
figures and places, and which spellings name one unit. The checks below hold the compiler's
output to it, for a whole corpus (English and Chinese documents mixed, as the benchmarks build
them) and for single Chinese documents of random layouts (hypothesis).
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policyapi
from conftest import SEEDS, assert_spans_slice_back
from policyapi.build.compile import compile_seeds
from policyapi.build.extract.figures import extract_figures
from policyapi.build.extract.units import profile
from policyapi.build.header import read_header
from policyapi.build.normalise import analysis_text
from policyapi.build.read import read_source
from policyapi.cli import main
from policyapi.errors import PolicyAPIError
from policyapi.synth import SEED_BYTES, SynthDocument, chinese_document, document, generate
from policyapi.tables import Tables

SCALE = 5  # ~25 documents, ~170 KB: every kind, English and Chinese, with and without sidecars


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SynthDocument]]:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    return out, generate(out, SCALE)


@pytest.fixture(scope="module")
def compiled(corpus) -> Tables:
    return compile_seeds(corpus[0])


# ---- what the compiler read, per document ----------------------------------------------------------


class _Read:
    """The compiled tables, by document."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.documents = {d.id: d for d in tables.documents}
        self.units = {u.id: u for u in tables.units}
        self.sections, self.measures, self.figures, self.places = (defaultdict(list) for _ in range(4))
        self.issuers, self.warnings, self.scenarios = defaultdict(list), defaultdict(list), defaultdict(list)
        self.responsibilities, self.lists = defaultdict(list), {}
        for s in tables.sections:
            self.sections[s.document_id].append(s)
        for m in tables.measures:
            self.measures[m.document_id].append(m)
        for f in tables.figures:
            self.figures[f.document_id].append(f)
        for p in tables.place_mentions:
            self.places[p.document_id].append(p)
        for i in tables.issuers:
            self.issuers[i.document_id].append(i)
        for w in tables.warnings:
            self.warnings[w.document_id].append(w)
        for s in tables.scenarios:
            self.scenarios[s.measure_id].append(s)
        for r in tables.responsibilities:
            self.responsibilities[r.measure_id].append(r)
        for rl in tables.responsibility_lists:
            self.lists[rl.measure_id, rl.position] = rl


def _check_document(d: SynthDocument, read: _Read) -> None:
    """The compiler read `d` exactly as the oracle says (units' identities are checked corpus-wide)."""
    got = read.documents[d.id]
    assert (got.kind, got.language, got.title, got.plan_title, got.jurisdiction_code, got.published,
            got.date_written, got.publisher, got.issuer, got.number) == (
        d.kind, d.language, d.title, d.plan_title, d.jurisdiction, d.published, d.date_written, d.publisher,
        d.issuer, d.number), (d.id, d.layout)
    assert [(w.line, w.stage, w.message) for w in read.warnings[d.id]] == [], (d.id, d.layout)

    sections = read.sections[d.id]
    by_id = {s.id: s for s in sections}
    assert [(s.depth, s.marker, s.title, s.role) for s in sections] == \
        [(s.depth, s.marker, s.title, s.role) for s in d.outline], (d.id, d.layout)

    measures = read.measures[d.id]
    assert [m.id for m in measures] == [f"{d.id}:m{i}" for i in range(1, len(measures) + 1)]

    def chapter(m, key):
        return getattr(by_id[m.chapter_id], key) if m.chapter_id else None

    assert [(m.number, chapter(m, "number"), chapter(m, "marker"), chapter(m, "title"),
             by_id[m.group_id].title if m.group_id else None, m.title, m.place_codes) for m in measures] == \
        [(m.number, m.chapter, m.chapter_marker, m.chapter_title, m.group, m.title, m.places)
         for m in d.measures], (d.id, d.layout)
    for m, written in zip(measures, d.measures):
        rows = sorted(read.responsibilities[m.id], key=lambda r: (r.list_position, r.position))
        lists: dict[int, tuple[str, list]] = {}
        for r in rows:
            lists.setdefault(r.list_position, (read.lists[m.id, r.list_position].lead_rule, []))[1].append(
                (r.span.quote, r.is_lead))
        assert [lists[k] for k in sorted(lists)] == \
            [(lst.lead_rule, [(u.name, u.is_lead) for u in lst.units]) for lst in written.lists], (m.id, d.layout)
        assert len([k for k in read.lists if k[0] == m.id]) == len(written.lists), m.id
        assert [s.name for s in sorted(read.scenarios[m.id], key=lambda s: s.position)] == list(written.scenarios)

    issuers = sorted(read.issuers[d.id], key=lambda i: i.position)
    assert [i.span.quote for i in issuers] == [u.name for u in d.issuers], (d.id, d.layout)
    # A fact stated twice is one figure with two spans: its statements, in text order, are the ones written
    # (the measure is the first statement's).
    statements = sorted(((span, f) for f in read.figures[d.id] for span in f.spans), key=lambda s: s[0].start)
    first = {f.spans[0] for f in read.figures[d.id]}
    assert [(span.quote, f.value, f.unit, f.comparator, f.year, f.kind,
             (int(f.measure_id.rsplit(":m", 1)[1]) if f.measure_id else None) if span in first else "later")
            for span, f in statements] == \
        [(f.quote, f.value, f.unit, f.comparator, f.year, f.kind, f.measure if statement[0] in first else "later")
         for f, statement in zip(d.figures, statements)], (d.id, d.layout)
    assert sorted({p.place_code for p in read.places[d.id]}) == list(d.places), (d.id, d.layout)
    assert d.jurisdiction in d.places


def _check_units(docs: list[SynthDocument], read: _Read) -> None:
    """Every unit key is one unit (spellings merged, namesakes of other places apart), in its place,
    with the measures it is in and leads; issuers are units too."""
    unit_of: dict[str, set[str]] = defaultdict(set)
    in_measures: dict[str, set[str]] = defaultdict(set)
    leads: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for ordinal, m in enumerate(d.measures, start=1):
            measure_id = f"{d.id}:m{ordinal}"
            rows = sorted(read.responsibilities[measure_id], key=lambda r: (r.list_position, r.position))
            for r, u in zip(rows, m.units, strict=True):
                unit_of[u.key].add(r.unit_id)
                in_measures[u.key].add(measure_id)
                if u.is_lead:
                    leads[u.key].add(measure_id)
        for i, u in zip(sorted(read.issuers[d.id], key=lambda i: i.position), d.issuers, strict=True):
            unit_of[u.key].add(i.unit_id)
    assert not [k for k, ids in unit_of.items() if len(ids) > 1], {k: v for k, v in unit_of.items() if len(v) > 1}
    assert len(read.units) == len(unit_of)
    for key, (unit_id,) in unit_of.items():
        unit = read.units[unit_id]
        assert unit.jurisdiction_code == key.split(":")[0], (key, unit)
        assert (unit.lead_count, unit.measure_count) == (len(leads[key]), len(in_measures[key])), key


# ---- the corpus ----------------------------------------------------------------------------------


def test_same_scale_and_seed_same_bytes(tmp_path, corpus):
    again = generate(tmp_path / "again", SCALE)
    assert again == corpus[1]
    assert _files(tmp_path / "again") == _files(corpus[0])
    other = generate(tmp_path / "other", SCALE, seed=1)
    assert _files(tmp_path / "other") != _files(corpus[0])
    assert [d.kind for d in other[:5]] == [d.kind for d in corpus[1][:5]]  # the mix of kinds does not depend on it


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path, corpus):
    small = generate(tmp_path / "small", 1)
    assert small == corpus[1][: len(small)]
    assert _files(tmp_path / "small") == {n: b for n, b in _files(corpus[0]).items()
                                          if n.split(".")[0] in {d.id for d in small}}


def test_volume_follows_the_scale(tmp_path, corpus):
    actual = sum(p.stat().st_size for p in SEEDS.glob("*.txt"))
    assert abs(SEED_BYTES - actual) < 0.1 * actual  # scale 1 is still "the seeds' size"
    one = generate(tmp_path / "one", 1)
    assert [d.kind for d in one] == ["policy", "news", "analysis", "plan", "news"]  # like the seeds: 5 documents
    for scale, docs in ((1, one), (SCALE, corpus[1])):
        written = sum(d.bytes for d in docs)
        assert abs(written - scale * SEED_BYTES) < 0.25 * scale * SEED_BYTES, (scale, written)
    assert sum(p.stat().st_size for p in corpus[0].glob("*.txt")) == sum(d.bytes for d in corpus[1])
    assert len({d.id for d in corpus[1]}) == len(corpus[1])


def test_corpus_has_every_kind_language_and_layout(corpus):
    out, docs = corpus
    assert Counter(d.kind for d in docs) == {"policy": 6, "plan": 5, "news": 10, "analysis": 5}
    assert Counter((d.kind, d.language) for d in docs if d.kind in ("policy", "plan")) == {
        ("policy", "en"): 3, ("policy", "zh"): 3, ("plan", "en"): 2, ("plan", "zh"): 3}  # half of them Chinese
    assert {d.sidecar for d in docs if d.kind in ("policy", "news")} == {True, False}
    for d in docs:
        assert (out / f"{d.id}.meta.toml").exists() == d.sidecar
        metadata = read_source(out / f"{d.id}.txt").metadata
        assert (metadata.jurisdiction, metadata.kind) == ((d.jurisdiction, d.kind) if d.sidecar else (None, None))
    assert len({d.jurisdiction for d in docs}) > 15  # other provinces and cities than the seeds'
    layouts = {choice for d in docs for choice in d.layout}
    assert layouts >= {"notice", "signed", "cn", "chapter", "flat", "restart", "run-on", "traditional"}, layouts


def test_documents_read_back(corpus, compiled):
    read = _Read(compiled)
    assert sorted(read.documents) == sorted(d.id for d in corpus[1])
    for d in corpus[1]:
        _check_document(d, read)
        for debris in ("Advertisement", "Most Popular From", "Leave a Reply", "Need Help?", "Read More"):
            assert debris not in read.documents[d.id].text
    assert not compiled.warnings


def test_responsible_units_and_issuers_resolve(corpus, compiled):
    _check_units(corpus[1], _Read(compiled))


def test_corpus_totals(corpus, compiled):
    docs = corpus[1]
    assert len(compiled.measures) == sum(len(d.measures) for d in docs)
    assert len(compiled.responsibilities) == sum(len(m.units) for d in docs for m in d.measures)
    assert len(compiled.responsibility_lists) == sum(len(m.lists) for d in docs for m in d.measures)
    assert len(compiled.scenarios) == sum(len(m.scenarios) for d in docs for m in d.measures)
    assert len(compiled.sections) == sum(len(d.outline) for d in docs)
    assert sum(len(f.spans) for f in compiled.figures) == sum(len(d.figures) for d in docs)  # statements
    assert {f.unit for f in compiled.figures} >= {"CNY", "enterprises", "%", "GW", "residents", "entries"}


def test_every_span_slices_back_to_its_quote(compiled):
    assert assert_spans_slice_back(compiled) > 1000


def test_builds_into_a_store_with_the_counts_written(corpus, tmp_path):
    out, docs = corpus
    db = tmp_path / "synth.duckdb"
    policyapi.build(out, db)
    with policyapi.open(db) as store:
        ds = store.dataset
        assert (ds.documents, ds.measures, ds.warnings) == (len(docs), sum(len(d.measures) for d in docs), 0)
        assert ds.figures == len(store.figures())
        assert sum(len(f.spans) for f in store.figures()) == sum(len(d.figures) for d in docs)
        keys = {u.key for d in docs for m in d.measures for u in m.units}
        keys |= {u.key for d in docs for u in d.issuers}
        assert ds.units == len(keys)  # an issuer is a unit too
        assert ds.places == len({code for d in docs for code in d.places})


def test_cli(tmp_path, capsys):
    main(["synth", "--scale", "0.5", "--out", str(tmp_path / "c"), "--seed", "7"])
    assert capsys.readouterr().out.startswith("wrote ")
    assert _files(tmp_path / "c")
    with pytest.raises(SystemExit) as exit_:  # never mixes into an existing corpus
        main(["synth", "--scale", "1", "--out", str(tmp_path / "c")])
    assert exit_.value.code == 1 and "not an empty folder" in capsys.readouterr().err
    with pytest.raises(PolicyAPIError, match="positive"):
        generate(tmp_path / "d", 0)


# ---- Chinese documents of every layout ----------------------------------------------------------------

LAYOUT_CHOICES = {"notice", "signed", "bare", "cn", "chapter", "flat", "restart", "run-on", "first", "first-stated",
                  "comma", "marked", "rule-in-list", "traditional", "ascii"}


@pytest.fixture(scope="module")
def zh_sample(tmp_path_factory) -> tuple[list[SynthDocument], Tables]:
    """Chinese policies and plans of seeds 0-11, compiled together (units of one place resolve across them)."""
    folder = tmp_path_factory.mktemp("zh")
    docs = []
    for seed in range(12):
        for kind in ("policy", "plan"):
            doc, text, sidecar = chinese_document(seed, kind=kind)
            doc = msgspec.structs.replace(doc, id=f"s{seed:02d}-{doc.id}")  # ids are unique per corpus only
            (folder / f"{doc.id}.txt").write_bytes(text)
            if sidecar is not None:
                (folder / f"{doc.id}.meta.toml").write_bytes(sidecar)
            docs.append(doc)
    return docs, compile_seeds(folder)


def test_chinese_documents_of_every_layout_read_back(zh_sample):
    docs, compiled = zh_sample
    assert {choice for d in docs for choice in d.layout} == LAYOUT_CHOICES
    read = _Read(compiled)
    for d in docs:
        _check_document(d, read)
    _check_units(docs, read)
    assert not compiled.warnings
    assert assert_spans_slice_back(compiled) > 1000
    written = Counter(lst.lead_rule for d in docs for m in d.measures for lst in m.lists)
    assert set(written) == {"first", "labelled", "marked", "before_first_comma"}, written
    # Spellings of one body in one place: "省科技厅", "科技厅", "辽宁省科技厅" (resolved to one unit above).
    spellings = defaultdict(set)
    for d in docs:
        for u in (u for m in d.measures for u in m.units):
            spellings[u.key].add(u.name)
    assert max(len(names) for names in spellings.values()) >= 3
    assert sum(len(m.scenarios) for d in docs for m in d.measures) > 10
    assert {f.kind for d in docs for f in d.figures} == {"target", "funding"}


# ---- single Chinese documents of random layouts ----------------------------------------------------


def _compile_one(doc: SynthDocument, text: bytes, sidecar: bytes | None) -> _Read:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"{doc.id}.txt").write_bytes(text)
        if sidecar is not None:
            (Path(folder) / f"{doc.id}.meta.toml").write_bytes(sidecar)
        return _Read(compile_seeds(Path(folder)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32), kind=st.sampled_from(["policy", "plan"]))
def test_a_chinese_document_of_any_layout_reads_back(seed, kind):
    doc, text, sidecar = chinese_document(seed, kind=kind)
    assert doc.language == "zh" and doc.kind == kind
    read = _compile_one(doc, text, sidecar)
    _check_document(doc, read)
    _check_units([doc], read)
    assert len(text.decode()) == len(read.documents[doc.id].text) + 1  # nothing cleaned away but the last newline


def test_traditional_documents_are_converted_character_for_character():
    for seed in range(60):
        doc, text, _ = chinese_document(seed)
        if "traditional" in doc.layout:
            written = text.decode()
            assert written != analysis_text(written)  # Traditional characters ...
            assert len(written) == len(analysis_text(written))  # ... one for one
            return
    pytest.fail("no Traditional document among 60 seeds")


def test_a_document_and_its_traditional_copy_name_the_same_units(tmp_path):
    import opencc

    doc, text, _ = chinese_document(2, kind="policy")
    assert "traditional" not in doc.layout
    copy = opencc.OpenCC("s2t").convert(text.decode())
    assert len(copy) == len(text.decode()) and copy != text.decode()
    (tmp_path / "simplified.txt").write_bytes(text)
    (tmp_path / "traditional.txt").write_text(copy, encoding="utf-8")
    compiled = compile_seeds(tmp_path)
    rows = defaultdict(list)
    for r in sorted(compiled.responsibilities, key=lambda r: (int(r.measure_id.rsplit(":m", 1)[1]), r.list_position,
                                                               r.position)):
        rows[r.measure_id.split(":")[0]].append((r.span.quote, r.unit_id))
    assert len(rows["simplified"]) == len(rows["traditional"]) > 20
    assert any(a != b for (a, _), (b, _) in zip(rows["simplified"], rows["traditional"]))  # written differently ...
    assert [u for _, u in rows["simplified"]] == [u for _, u in rows["traditional"]]  # ... the same units
    assert len(compiled.units) == len({u.key for m in doc.measures for u in m.units} | {u.key for u in doc.issuers})


def test_the_corpus_language_choice_does_not_change_english_documents():
    """A document forced to English is the one the corpus writes at that index in English."""
    for index in range(10):
        doc, text, sidecar = document(index, 0)
        if doc.language == "en":
            assert document(index, 0, chinese=False)[1] == text


# ---- what the compiler does not read yet (see the synth report) ------------------------------------


def test_english_plan_issuer_is_an_issuer(corpus, compiled):
    read = _Read(compiled)
    plans = [d for d in corpus[1] if d.language == "en" and d.kind == "plan"]
    assert plans
    for d in plans:  # "General Office of X Municipal People's Government" on its own line
        assert [i.span.quote for i in read.issuers[d.id]] == [u.name for u in d.issuers], d.id


def test_a_scenario_ended_by_an_ascii_full_stop_is_a_scenario(tmp_path):
    # The generator writes "人工智能+X:" in ASCII documents to stay clear of this; the oracle of such a
    # line is what a correct compiler reads: both scenarios of measure 1, as those of measure 2 are.
    (tmp_path / "ascii.txt").write_text(
        "某某市人工智能赋能产业发展行动方案(2026—2028年)\n\n"
        "一、赋能经济发展.推动人工智能与实体经济深度融合.\n"
        "人工智能+制造.推动人工智能在研发设计、生产制造等环节应用,建设一批智能工厂.\n"
        "人工智能+农业.推广智能农机和农业无人机,发展智慧种植.(责任单位:市工信局、市农业农村局)\n"
        "二、赋能社会治理.推动政务服务智能化,建设城市运行智能中枢.\n"
        "人工智能+政务:深化高效办成一件事,推动政务服务智能化.\n"
        "人工智能+应急:提升灾害的智能预警和救援指挥能力.(责任单位:市数据局、市应急管理局)\n", encoding="utf-8")
    compiled = compile_seeds(tmp_path)
    assert [(m.number, m.title) for m in compiled.measures] == [(1, "赋能经济发展"), (2, "赋能社会治理")]
    assert [(s.measure_id, s.name) for s in compiled.scenarios] == [
        ("ascii:m1", "制造"), ("ascii:m1", "农业"), ("ascii:m2", "政务"), ("ascii:m2", "应急")]


# Compiler bugs synthetic documents exposed (fixed in policyapi/build/).


def test_a_date_on_the_first_of_the_month_is_not_a_figure():
    assert extract_figures("Hunan Provincial People's Government portal 1 Jun 2026 09:30") == []


def test_issuer_of_an_autonomous_region_with_a_two_word_name(tmp_path):
    for region in ("Guangxi Zhuang Autonomous Region", "Inner Mongolia Autonomous Region", "Tibet Autonomous Region"):
        path = tmp_path / "doc.txt"
        path.write_text(f"Title\n\nGeneral Office of the People's Government of {region}\n")
        source = read_source(path)
        header = read_header(source, analysis_text(source.text))
        assert header.issuer == f"General Office of the People's Government of {region}"


def test_a_collective_in_a_city_document_belongs_to_the_city():
    assert profile("people's governments of all districts and counties", "420100").jurisdiction_code == "420100"
    assert profile("relevant municipal departments", "330300").jurisdiction_code == "330300"
    assert profile("relevant provincial departments", "330300").jurisdiction_code == "330000"
    assert profile("People's Governments of various cities and prefectures", "420000").jurisdiction_code == "420000"


def test_a_numeral_inside_a_place_name_is_not_a_figure(tmp_path):
    (tmp_path / "wujiaqu.txt").write_text("到2028年,五家渠市人工智能产业规模超两千亿元\n\n七台河市建设3个数据中心。\n")
    figures = compile_seeds(tmp_path).figures
    assert [(f.span.quote, f.value, f.unit) for f in figures] == [
        ("两千亿元", 200000000000.0, "CNY"), ("3个数据中心", 3.0, "data centres")]
