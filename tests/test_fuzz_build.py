"""The compiler on hostile input: any bytes at all, and mutilated copies of the real seeds.

Every run of the real build (`policyapi.build`, compile and write) either writes a database or
raises BuildFailed whose errors are DocumentErrors naming the file (the document or its
sidecar) and a line inside it; never any other exception, and a failed build writes nothing.
In every database that was written, every span (measure, chapter, responsibility, scenario,
figure, place mention), read back through `policyapi.open()`, slices its document's text:
`document.text[start:end] == quote`.

The examples are derandomized (no example database), so every run tries the same inputs.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import policyapi
from conftest import SEEDS
from policyapi.build import BuildFailed
from policyapi.errors import DocumentError

FUZZ = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SEED_DOCUMENTS = sorted(SEEDS.glob("*.txt"))

# Pieces of the documents' own grammar, so that random text often looks like a policy.
FRAGMENTS = [
    "(1)", "(2)", "(12)", "(0)", "(999)", "（一）", "（十）", "1、", "2、", "一、", "十十、", " ", "  ", "\t",
    "(Responsible units:", "(Responsible units: A, B, and C)", "（责任单位：省科技厅、省发改委）", "（责任单位：", ")", "）",
    "Artificial intelligence+", "AI+X. ", "人工智能+交通。", ". ", "。", ",", "，", "、", ":", "：",
    "350 billion yuan", "两千亿元", "1.5万亿", "20,000+", "300多家", "5 10 billion level", "30GW", "80%", "over 1,500 enterprises",
    "by 2027", "到2028年", "(2024)", "this year", "今年", "since 2021", "27 Oct 2025", "2026-02-04", "2025年10月27日",
    "Wuhan", "Hubei Province", "武汉市", "温州", "Wenzhou", "Chengdu", "Provincial Department of Commerce",
    "people's governments of various cities and prefectures", "Ezhengbanfa [2025] No. 34",
    "General Office of the People's Government of Hubei Province", "Advertisement", "Read More",
    "Most Popular From TAIBO", "Title - Site", "\ufeff", "\u2028", "\x85", "\x0b", "\x0c", "\x1e", "9" * 40, "1e400",
]
# Any code point, surrogates included: "surrogatepass" turns a lone surrogate into the bytes a
# broken encoder would write, which are not UTF-8 and must be reported as such.
_ANY_CHAR = st.characters(codec=None, exclude_categories=())
_LINE_ENDINGS = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", "\n\n"])


def _grammar(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Lines of grammar fragments and random text, with mixed line endings."""
    line = st.lists(st.sampled_from(FRAGMENTS) | st.text(chars, max_size=12), max_size=12).map("".join)
    return st.lists(st.tuples(line, _LINE_ENDINGS), min_size=1, max_size=40).map(
        lambda lines: "".join(text + end for text, end in lines))


_HUGE_LINE = st.tuples(st.sampled_from(FRAGMENTS) | st.text(min_size=1, max_size=8), st.integers(2_000, 20_000)).map(
    lambda piece: "Title\n" + (piece[0] * (piece[1] // len(piece[0]) + 1))[: piece[1]])
DOCUMENT_BYTES = st.one_of(
    st.binary(max_size=600),
    st.text(_ANY_CHAR, max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")),
    _grammar(st.characters(codec="utf-8")).map(str.encode),
    _grammar(_ANY_CHAR).map(lambda s: s.encode("utf-8", "surrogatepass")),
    _HUGE_LINE.map(str.encode),
)

SIDECAR_BYTES = st.one_of(
    st.sampled_from([
        b'kind = "policy"\n', b'kind = "news"\njurisdiction = "Hubei"\n', b'kind = "plan"\njurisdiction = "420100"\n',
        b'published = "2025-10-27"\ntitle = "A title"\n', b'kind = 3\n', b'kind = "gossip"\n',
        b'jurisdiction = "Atlantis"\n', b'published = 2025-10-27\n', b'published = "2025-02-30"\n', b'unknown = 1\n',
        b'[table]\nkey = 1\n', b'title = ""\n', b'title = "a\\u0000b"\n', b"title = 'unterminated\n", b"= =\n",
        b"x = " + b"[" * 3000, b"x = " + b"{a = " * 3000, b"\xff\xfe", b"",
    ]),
    st.binary(max_size=80),
    st.text(max_size=80).map(str.encode),
)
SIDECARS = st.none() | SIDECAR_BYTES


def _lines_in(path: Path) -> int:
    r"""Lines as an editor counts them: "\n", "\r\n" and a lone "\r" each end one."""
    data = path.read_bytes()
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1


def build_or_fail(seeds: Path, db: Path) -> bool:
    """Run the real build: True if it wrote `db`; False if it failed cleanly (checked here)."""
    try:
        policyapi.build(seeds, db)
    except BuildFailed as failure:
        event("build failed")
        assert failure.errors
        for error in failure.errors:
            assert isinstance(error, DocumentError)
            assert error.path.parent == seeds and error.path.is_file(), error  # the document or its sidecar
            assert 1 <= error.line <= _lines_in(error.path), error
            assert str(error).startswith(f"{error.path}:{error.line}: ") and error.message.strip()
            assert str(error) in str(failure)
        assert not db.exists() and not list(db.parent.glob(f".{db.name}*")), "a failed build wrote something"
        return False
    event("built")
    return True


def assert_spans_slice_back(db: Path) -> int:
    """Every span in the database, read through the library, quotes its document exactly."""
    with policyapi.open(db) as store:
        documents = store.documents()
        texts = {d.id: d.text for d in documents}
        spans = [m.span for m in store.measures()] + [r.span for r in store.responsibilities()]
        spans += [s.span for s in store.scenarios()] + [span for f in store.figures() for span in f.spans]
        assert all(f.spans[0] == f.span for f in store.figures())
        for d in documents:
            spans += [c.span for c in store.sections(d.id)] + [p.span for p in store.place_mentions(d.id)]
        for span in spans:
            text = texts[span.document_id]
            assert 0 <= span.start < span.end <= len(text), span
            assert text[span.start:span.end] == span.quote, span
        for m in store.measures():
            assert m.text == texts[m.document_id][m.span.start:m.span.end]
        assert store.dataset.documents == len(documents)
        return len(spans)


def workdir():
    """A fresh folder per example (hypothesis runs many examples in one test call)."""
    return tempfile.TemporaryDirectory(prefix="policyapi-fuzz-")


@FUZZ
@given(document=DOCUMENT_BYTES, sidecar=SIDECARS)
def test_any_bytes_build_or_fail_cleanly(document, sidecar):
    with workdir() as folder:
        seeds = Path(folder) / "seeds"
        seeds.mkdir()
        (seeds / "doc.txt").write_bytes(document)
        if sidecar is not None:
            (seeds / "doc.meta.toml").write_bytes(sidecar)
        db = Path(folder) / "out" / "policy.duckdb"
        if build_or_fail(seeds, db):
            assert_spans_slice_back(db)


# ---- mutated seeds ---------------------------------------------------------------------------

JUNK = [
    b"(12)", b"(Responsible units:", b"(Responsible units: A, B)", b"(Responsible units: )", "（责任单位：省科技厅、".encode(),
    b"(1) Title. Body", b"(99) X. y (Responsible units: Z)", b"1\xe3\x80\x81 Chapter", "十十十、".encode(),
    b"Artificial intelligence+X. body", "人工智能+交通。".encode(), b"Advertisement", b"Most Popular From X",
    b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xe6\xad", b"\r", b"\r\n", b"350 billion yuan by 2027", "两千亿元".encode(),
    b"9" * 40 + b" yuan", b"(", b")", b"Wuhan", b"Hubei Province", b"by 2099", b"",
]
MUTATIONS = st.one_of(
    st.tuples(st.just("delete lines"), st.integers(0, 10**6), st.integers(1, 8)),
    st.tuples(st.just("duplicate lines"), st.integers(0, 10**6), st.integers(1, 4)),
    st.tuples(st.just("swap lines"), st.integers(0, 10**6), st.integers(0, 10**6)),
    st.tuples(st.just("truncate"), st.integers(0, 10**6), st.just(b"")),
    st.tuples(st.just("insert line"), st.integers(0, 10**6), st.sampled_from(JUNK) | st.binary(max_size=16)),
    st.tuples(st.just("insert bytes"), st.integers(0, 10**6), st.sampled_from(JUNK) | st.binary(max_size=16)),
)
SIDECAR_CHANGES = st.sampled_from(["keep", "strip"]) | SIDECAR_BYTES


def mutate(data: bytes, mutations: list[tuple[str, int, object]]) -> bytes:
    """Apply line and byte edits; positions wrap around the current length."""
    for op, at, arg in mutations:
        if op == "truncate":
            data = data[: at % (len(data) + 1)]
            continue
        if op == "insert bytes":
            k = at % (len(data) + 1)
            data = data[:k] + arg + data[k:]  # type: ignore[operator]
            continue
        lines = data.split(b"\n")
        i = at % len(lines)
        if op == "delete lines":
            del lines[i:i + arg]  # type: ignore[operator]
        elif op == "duplicate lines":
            lines[i:i] = lines[i:i + arg]  # type: ignore[operator]
        elif op == "swap lines":
            j = arg % len(lines)  # type: ignore[operator]
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert line":
            lines.insert(i, arg)  # type: ignore[arg-type]
        data = b"\n".join(lines)
    return data


@FUZZ
@given(document=st.sampled_from(SEED_DOCUMENTS), mutations=st.lists(MUTATIONS, min_size=1, max_size=6),
       sidecar=SIDECAR_CHANGES, with_the_others=st.booleans(), twin=st.booleans())
def test_mutated_seeds_build_or_fail_cleanly(document, mutations, sidecar, with_the_others, twin):
    with workdir() as folder:
        seeds = Path(folder) / "seeds"
        if with_the_others:
            shutil.copytree(SEEDS, seeds)
        else:
            seeds.mkdir()
            shutil.copy(document.with_suffix(".meta.toml"), seeds)
        target = seeds / document.name
        target.write_bytes(mutate(document.read_bytes(), mutations))
        sidecar_path = target.with_suffix(".meta.toml")
        if sidecar == "strip":
            sidecar_path.unlink()
        elif sidecar != "keep":
            sidecar_path.write_bytes(sidecar)
        if twin:  # another file whose name makes the same document id
            (seeds / (document.stem.upper().replace("-", " ") + ".txt")).write_bytes(document.read_bytes())
        db = Path(folder) / "out" / "policy.duckdb"
        built = build_or_fail(seeds, db)
        assert not (built and twin), "two files with one document id must not both build"
        if built:
            assert_spans_slice_back(db)


def test_mutate_helper():
    assert mutate(b"a\nb\nc", [("delete lines", 1, 1)]) == b"a\nc"
    assert mutate(b"a\nb\nc", [("duplicate lines", 0, 2)]) == b"a\nb\na\nb\nc"
    assert mutate(b"a\nb\nc", [("swap lines", 0, 2)]) == b"c\nb\na"
    assert mutate(b"abc", [("truncate", 2, b"")]) == b"ab"
    assert mutate(b"a\nb", [("insert line", 1, b"(12)")]) == b"a\n(12)\nb"
    assert mutate(b"abc", [("insert bytes", 1, b"\xff")]) == b"a\xffbc"


@pytest.mark.parametrize("sidecar", [b"x = " + b"[" * 5000, b"x = " + b"{a = " * 5000])
def test_a_deeply_nested_sidecar_is_a_document_error(tmp_path, sidecar):
    """Found by the fuzzer: tomllib recursed until RecursionError, which escaped the build."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "doc.txt").write_text("News about Wuhan.\n")
    (seeds / "doc.meta.toml").write_bytes(sidecar)
    with pytest.raises(BuildFailed, match=r"doc\.meta\.toml:1: bad sidecar: .*nested too deeply"):
        policyapi.build(seeds, tmp_path / "policy.duckdb")


def test_two_files_with_one_document_id_are_an_error(tmp_path):
    """Found by the fuzzer: "A b.txt" and "a-b.txt" both became document "a-b", and the
    writer failed on DuckDB's primary key with a raw duckdb.ConstraintException."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "A b.txt").write_text("News about Wuhan.\n")
    (seeds / "a-b.txt").write_text("News about Wenzhou.\n")
    with pytest.raises(BuildFailed, match=r"a-b\.txt:1: document id 'a-b' is already taken by A b\.txt"):
        policyapi.build(seeds, tmp_path / "policy.duckdb")
    assert not (tmp_path / "policy.duckdb").exists()


def test_an_unreadable_document_is_a_document_error(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "doc.txt").write_text("News about Wuhan.\n")
    (seeds / "doc.meta.toml").mkdir()  # a folder where the sidecar should be
    with pytest.raises(BuildFailed, match=r"doc\.meta\.toml:1: cannot read the sidecar"):
        policyapi.build(seeds, tmp_path / "policy.duckdb")


def test_a_figure_reads_a_bounded_context():
    """Found by the fuzzer: on one line without punctuation every figure read the whole line
    for its subject and its target/observed cues, so 8,000 characters of "9 yuan " took 7 s and
    40,000 took 150 s (quadratic). Now a figure reads at most _CONTEXT_MAX characters either side."""
    from policyapi.build.extract.figures.en import _CONTEXT_MAX, _bounds

    start, end = _bounds([], 10**6, 500_000, 500_010)
    assert (start, end) == (500_000 - _CONTEXT_MAX, 500_010 + _CONTEXT_MAX)
    assert _bounds([10, 20], 30, 12, 15) == (10, 20)  # real clause bounds are kept


@pytest.mark.parametrize("piece", ["9 yuan ", "1 enterprises ", "武汉5亿元", "by 2027 9 GW "])
def test_a_huge_line_of_figures_builds(tmp_path, piece):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "doc.txt").write_text("Title\n" + piece * (3_000 // len(piece)))
    policyapi.build(seeds, tmp_path / "policy.duckdb")
    assert assert_spans_slice_back(tmp_path / "policy.duckdb") > 100
