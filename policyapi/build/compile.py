"""The compiler: a folder of documents in, every table's rows out (nothing written yet).

Each document compiles on its own (document.py), in worker processes when there are enough of
them to pay for starting the workers; then units are resolved across documents (resolve.py),
ids given, and the build report (warnings) gathered.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import hashlib
import importlib.resources
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import msgspec

from policyapi import bodies, gazetteer
from policyapi.build import formats, grammar
from policyapi.build.document import DocumentRows, UnitMention, compile_document
from policyapi.build.extract.units import UnitProfile, language_of, profile
from policyapi.build.read import MAX_DOCUMENT_BYTES, inside, read_regular, read_sidecar, read_source
from policyapi.build.resolve import UnitCluster, UnitResolver
from policyapi.errors import BuildFailed, DocumentError
from policyapi.models import BuildWarning, Dataset, Issuer, Unit
from policyapi.tables import COMPILER_VERSION, Tables

# Below this many documents a build runs in this process: starting workers costs more than it saves.
PARALLEL_FROM = 64
_CHUNK = 16  # documents per task sent to a worker


def seed_files(seeds: Path) -> list[Path]:
    """The documents in `seeds` and its sub-folders, in a stable order."""
    documents, _ = _scan(seeds)
    return documents


def _scan(seeds: Path) -> tuple[list[Path], list[BuildWarning]]:
    """(documents, warnings for the files skipped) below `seeds`; sidecars, READMEs and hidden files are neither.

    Only regular files inside the folder are documents: a link out of it (to /etc/passwd, say) would
    compile and serve whatever it points at, and a FIFO or device would hang the build or fill memory."""
    if not seeds.is_dir():
        raise BuildFailed([DocumentError(seeds, 0, "seeds folder does not exist")])
    known = formats.suffixes()
    documents, skipped = [], []

    def skip(path: Path, why: str) -> None:
        skipped.append(BuildWarning(file=str(path), line=1, stage="read", message=f"skipped: {why}"))

    for path in sorted(seeds.rglob("*")):  # rglob does not descend into linked folders
        relative = path.relative_to(seeds)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.name.endswith(".meta.toml") or path.stem.upper() == "README":
            continue  # a sidecar is checked (inside, regular, small) when its document is read
        if path.is_symlink() and not inside(path, seeds):
            skip(path, f"a link to outside the seeds folder ({path.resolve()})")
            continue
        if path.is_dir():
            continue
        if path.suffix.lower() not in known:  # lower(): "A.TXT" is a .txt document
            skip(path, f"{path.suffix or 'no'} is not a document type ({', '.join(known)})")
        elif not path.is_file():
            skip(path, "not a regular file (a device, FIFO, socket or broken link)")
        else:
            documents.append(path)
    if not documents:
        raise BuildFailed([DocumentError(seeds, 0, f"no documents ({', '.join('*' + s for s in known)}) in the "
                                                   "seeds folder")])
    return documents, skipped


class _Fingerprint(msgspec.Struct, frozen=True):
    """What the dataset version knows of one document: hashes of the bytes compiled."""

    path: Path
    raw_sha256: str
    sidecar_sha256: str  # "" without a sidecar


def dataset_version(files: list[Path]) -> str:
    """The version the build of `files` (seed_files(), which left out links out of the folder) as they are now
    would have."""
    fingerprints = []
    for path in files:
        raw, sidecar = read_regular(path, MAX_DOCUMENT_BYTES), read_sidecar(path)  # bounded: no FIFO, no /dev/zero
        fingerprints.append(_Fingerprint(path, hashlib.sha256(raw).hexdigest(),
                                         hashlib.sha256(sidecar).hexdigest() if sidecar is not None else ""))
    return _version_of(fingerprints)


def _version_of(fingerprints: list[_Fingerprint]) -> str:
    """A build's version, from the hashes of the bytes it compiled (not the files read again afterwards:
    a seed edited mid-build would give the old rows the new version, and they would never be rebuilt)."""
    digest = hashlib.sha256(f"policyapi-compiler {COMPILER_VERSION}\n".encode())
    digest.update(gazetteer.data_bytes())
    digest.update(grammar.data_bytes())
    for glossary in ("bodies.toml", "metrics.toml"):  # the unit glossary and metric vocabulary shape the rows too
        digest.update(importlib.resources.files("policyapi").joinpath("data", glossary).read_bytes())
    root = Path(os.path.commonpath([f.path.parent for f in fingerprints])) if fingerprints else None
    for f in fingerprints:
        digest.update(f"{f.path.relative_to(root).as_posix()}\0{f.raw_sha256}\0{f.sidecar_sha256}\0".encode())
    return digest.hexdigest()[:16]


def build_workers() -> int:
    """Worker processes for a build: `POLICYAPI_BUILD_WORKERS`, else one per core."""
    setting = os.environ.get("POLICYAPI_BUILD_WORKERS")
    if setting:
        try:
            return max(1, int(setting))
        except ValueError:
            raise ValueError(f"POLICYAPI_BUILD_WORKERS={setting!r} is not a number of processes") from None
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def compile_seeds(seeds: Path, built_at: dt.datetime | None = None, *, strict: bool = False,
                  workers: int = 1) -> Tables:
    """Every table's rows for the documents in `seeds`. A malformed document fails the build
    (BuildFailed lists every one); with `strict`, so does any warning.

    `workers` > 1 compiles in that many processes ("spawn"ed: each imports the caller's main module
    again, so a script must guard its build with `if __name__ == "__main__":`; the CLI passes
    build_workers())."""
    files, skipped = _scan(seeds)
    out = Tables.empty()
    places = gazetteer.load()
    out.provinces, out.cities = list(places.provinces), list(places.cities)
    out.counties = list(places.counties)
    errors: list[DocumentError] = []
    ids: dict[str, Path] = {}
    documents: list[DocumentRows] = []
    fingerprints: list[_Fingerprint] = []
    for path, result in zip(files, _compile_all(files, seeds, workers)):
        if isinstance(result, DocumentError):
            errors.append(result)
            continue
        result, sidecar_sha256 = result
        fingerprints.append(_Fingerprint(path, result.raw_sha256, sidecar_sha256))
        doc_id = result.document.id
        if (other := ids.setdefault(doc_id, path)) != path:  # "A b.txt" and "a-b.txt"
            errors.append(DocumentError(path, 1, f"document id {doc_id!r} is already taken by {other.name}: "
                                                 "rename one of the two files"))
            continue
        documents.append(result)
    if strict:
        errors += [DocumentError(w.file, w.line, f"{w.message} (a warning; --strict makes it an error)")
                   for w in [*skipped, *(w for d in documents for w in d.warnings)]]
    if errors:
        raise BuildFailed(errors)
    _assemble(documents, out)
    out.warnings[:0] = skipped
    out.dataset.append(Dataset(
        version=_version_of(fingerprints), compiler_version=COMPILER_VERSION,
        built_at=built_at or dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None),
        documents=len(out.documents), measures=len(out.measures), units=len(out.units),
        figures=len(out.figures), places=len({m.place_code for m in out.place_mentions}),
        warnings=len(out.warnings),
    ))
    return out


def _compile_all(files: list[Path], root: Path, workers: int) -> Iterator[tuple[DocumentRows, str] | DocumentError]:
    """Each file's rows and its sidecar's hash (or its error), in the order of `files`."""
    compile_one = functools.partial(_compile_or_error, root=root)
    if workers <= 1 or len(files) < PARALLEL_FROM:
        yield from map(compile_one, files)
        return
    # "spawn": a forked child would inherit whatever threads and locks the parent holds (DuckDB's, a server's).
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                                initializer=_exit_with, initargs=(os.getpid(),)) as pool:
        yield from pool.map(compile_one, files, chunksize=_CHUNK)


def _exit_with(parent: int) -> None:
    """In a worker: exit when the build that started it is gone (killed, say). A worker blocked on
    its task queue would otherwise wait forever, since it holds that queue's write end itself."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _compile_or_error(path: Path, root: Path) -> tuple[DocumentRows, str] | DocumentError:
    try:
        source = read_source(path, root)  # the file and its sidecar, each read once
        return compile_document(source), source.sidecar_sha256
    except DocumentError as exc:
        return exc


@functools.lru_cache(maxsize=65536)
def _unit_profile(name: str, jurisdiction: str | None) -> UnitProfile:
    return profile(name, jurisdiction)




def _unit(cluster: UnitCluster, body: bodies.Body | None) -> Unit:
    """A unit's row. Names as its documents write them (the Chinese one with its place: "市科技局" of a
    Zhuzhou document is 株洲市科技局); a standard body's missing language from the glossary, and the
    glossary's spellings of it as aliases."""
    p = cluster.profile
    spellings = UnitResolver.spellings(cluster)
    chinese = [s for s in spellings if language_of(s) == "zh"]
    place = gazetteer.load().get(p.jurisdiction_code) if p.jurisdiction_code else None
    name_zh = _with_place(chinese[0], place.name_zh if place else None) if chinese else None
    name, aliases = spellings[0], list(spellings)
    if body:
        # Aliases from the body's first full name and English name and its short forms; lookups find
        # every other spelling the glossary knows through it (Store.unit_ids).
        known = bodies.names(msgspec.structs.replace(body, zh=body.zh[:1], en=body.en[:1]), p.level,
                             place_zh=place.name_zh if place else None, place_en=place.name if place else None)
        # English names go without the place, as English documents write them ("Provincial Data Bureau"):
        # a unit's id and jurisdiction say whose it is.
        name = name if language_of(name) == "en" else bodies.names(body, p.level).name_en
        if name_zh is None or (place and place.name_zh[:2] not in name_zh):  # none written, or without its place
            name_zh = known.name_zh
        aliases += [known.name_zh, known.name_en, *known.aliases]
    return Unit(id="", name=name, name_zh=name_zh,
                aliases=tuple(dict.fromkeys(a for a in aliases if a not in (name, name_zh))),
                body_type=body.key if body else "other", kind=p.kind, level=p.level,
                jurisdiction_code=p.jurisdiction_code)


_LEVEL_WORD = re.compile(r"^(?:省|市(?!场)|区|县|州)")  # 市场监管局 starts with no level word


def _with_place(name: str, place_zh: str | None) -> str:
    """"市科技局" of Zhuzhou is "株洲市科技局"; a name that starts otherwise is kept as written."""
    if place_zh and _LEVEL_WORD.match(name) and place_zh.endswith(name[0]):
        return place_zh + name[1:]
    return name


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9\u4e00-\u9fff]+", "-", name.lower().replace("'", "")).strip("-")


def _assemble(documents: list[DocumentRows], out: Tables) -> None:
    """Documents' rows into the tables, with units resolved across documents and given ids."""
    resolver = UnitResolver()
    found_bodies: dict[str, bodies.Body] = {}

    def cluster_of(mention: UnitMention) -> int:
        body = bodies.find(mention.key)  # cached there
        if body:
            found_bodies[body.key] = body
        return resolver.add(mention.written, _unit_profile(mention.key, mention.jurisdiction), key=mention.key,
                            body=body.key if body else None)

    responsibilities, issuers = [], []
    for d in documents:
        out.documents.append(d.document)
        out.sections += d.sections
        out.measures += d.measures
        out.scenarios += d.scenarios
        out.responsibility_lists += d.lists
        out.figures += d.figures
        out.place_mentions += d.place_mentions
        out.warnings += d.warnings
        responsibilities += [(cluster_of(r.mention), r.row) for r in d.responsibilities]
        issuers += [(cluster_of(i.mention), i) for i in d.issuers]

    ids: list[str] = []
    taken: set[str] = set()
    units = [_unit(cluster, found_bodies.get(cluster.body)) for cluster in resolver.clusters]
    for unit in units:
        base = f"{unit.jurisdiction_code or 'cn'}:{_slug(unit.name)}"
        unit_id, n = base, 1
        while unit_id in taken:  # same name, different kind or level: keep both, distinctly
            n += 1
            unit_id = f"{base}-{n}"
        taken.add(unit_id)
        ids.append(unit_id)
    measures: dict[str, set[str]] = {}
    leads: dict[str, set[str]] = {}
    for cluster, row in responsibilities:
        unit_id = ids[cluster]
        out.responsibilities.append(msgspec.structs.replace(row, unit_id=unit_id))
        measures.setdefault(unit_id, set()).add(row.measure_id)
        if row.is_lead:
            leads.setdefault(unit_id, set()).add(row.measure_id)
    out.issuers += [Issuer(document_id=i.document_id, unit_id=ids[cluster], position=i.position, span=i.span)
                    for cluster, i in issuers]
    out.units += [msgspec.structs.replace(unit, id=unit_id, measure_count=len(measures.get(unit_id, ())),
                                          lead_count=len(leads.get(unit_id, ())))
                  for unit, unit_id in zip(units, ids)]
    out.units.sort(key=lambda u: u.id)
