"""Read one source document: its format's text (formats/), its sidecar, web-page debris dropped.

The cleaned text is what every span points into, so it is built once here and never
changed afterwards.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tomllib
from pathlib import Path

import msgspec

from policyapi.build import formats, furniture
from policyapi.errors import DocumentError


class Metadata(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The optional sidecar `<name>.meta.toml` (documented in seeds/README.md)."""

    title: str | None = None
    kind: str | None = None
    jurisdiction: str | None = None
    language: str | None = None
    publisher: str | None = None
    issuer: str | None = None
    number: str | None = None
    published: str | None = None
    source: str | None = None
    retrieved: str | None = None  # when `policyapi add` fetched it (ISO date)


class SourceText(msgspec.Struct, frozen=True):
    id: str
    path: Path
    text: str  # cleaned body: every span indexes into this
    line_numbers: tuple[int, ...]  # original file line of each line in `text`
    metadata: Metadata  # the sidecar's, over what the file itself states (a portal's metadata table)
    raw_sha256: str  # of the file's bytes as they came
    source_format: str = "txt"  # "txt", "html", "pdf", "docx"
    sidecar_sha256: str = ""  # of the sidecar's bytes as they were read ("" without one): the dataset version's

    def line_of(self, offset: int) -> int:
        """Original file line (1-based) holding text offset `offset`."""
        index = self.text.count("\n", 0, offset)
        return self.line_numbers[min(index, len(self.line_numbers) - 1)]

# A seeds folder holds text: a larger file is a mistake (a disk image, a log), not a policy document.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_SIDECAR_BYTES = 64 * 1024


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, is below the folder `root` (links followed too)."""
    return path.resolve().is_relative_to(root.resolve())


def read_regular(path: Path, limit: int, root: Path | None = None, what: str = "file") -> bytes:
    """The bytes of `path`, only if it is a regular file (inside `root`, when given) of at most `limit` bytes:
    a FIFO would block the build forever and a device (/dev/zero) would fill memory. A DocumentError otherwise."""
    if root is not None and not inside(path, root):
        raise DocumentError(path, 1, f"the {what} is a link to outside the seeds folder ({path.resolve()})")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore the flag.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DocumentError(path, 1, f"cannot read the {what}: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # of what was opened: no swap between the check and the read
            raise DocumentError(path, 1, f"cannot read the {what}: not a regular file (a folder, device, FIFO "
                                         "or socket)")
        with open(fd, "rb", closefd=False) as file:
            raw = file.read(limit + 1)
    except OSError as exc:
        raise DocumentError(path, 1, f"cannot read the {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise DocumentError(path, 1, f"the {what} is larger than the limit of {limit:,} bytes")
    return raw


def sidecar_of(path: Path) -> Path:
    return path.with_suffix(".meta.toml")


# "<title> - <site name>": a page-title footer repeated at the end of a copied page.
_SITE_SUFFIX = re.compile(r"\s+[-|–]\s+[\w .]{2,40}$")


def document_id(path: Path, root: Path | None = None) -> str:
    """A stable slug from the file's path below the seeds folder: "guangdong/ai-plan.html" -> "guangdong-ai-plan"."""
    relative = path.relative_to(root) if root is not None else Path(path.name)
    # Chinese characters are kept (as unit ids keep them): "湖南人工智能措施.txt" must not become "document".
    slug = re.sub(r"[^a-z0-9\u4e00-\u9fff]+", "-", relative.with_suffix("").as_posix().lower())
    return slug.strip("-") or "document"


def read_source(path: Path, root: Path | None = None) -> SourceText:
    raw = read_regular(path, MAX_DOCUMENT_BYTES, root)
    metadata_bytes = read_sidecar(path, root)
    extracted = formats.extract(path, raw)
    if "\x00" in extracted.text:
        line = extracted.text.count("\n", 0, extracted.text.index("\x00")) + 1
        raise DocumentError(path, line, "contains NUL bytes: not a text document")
    text, line_numbers = _clean(extracted.text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise DocumentError(path, 1, "document is empty (no text left after removing page debris)")
    return SourceText(
        id=document_id(path, root),
        path=path,
        text=text,
        line_numbers=line_numbers,
        metadata=_read_metadata(path, metadata_bytes, extracted.fields),
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        source_format=extracted.format,
        sidecar_sha256=hashlib.sha256(metadata_bytes).hexdigest() if metadata_bytes is not None else "",
    )


def read_sidecar(path: Path, root: Path | None = None) -> bytes | None:
    """The bytes of `path`'s sidecar, None when it has none (lexists: a dangling link is an error, not none)."""
    sidecar = sidecar_of(path)
    if not os.path.lexists(sidecar):
        return None
    return read_regular(sidecar, MAX_SIDECAR_BYTES, root, "sidecar")


def _clean(text: str) -> tuple[str, tuple[int, ...]]:
    lines = text.split("\n")
    kept: list[tuple[int, str]] = []
    debris, footer = furniture.patterns()
    for number, line in enumerate(lines, start=1):
        if footer.match(line):
            break
        if debris.match(line):
            continue
        kept.append((number, line.rstrip()))
    # A trailing "<first line> - <site>" repeats the page title.
    first = next((line for _, line in kept if line.strip()), "")
    while kept and (
        not kept[-1][1].strip()
        or (kept[-1][1].startswith(first) and _SITE_SUFFIX.fullmatch(kept[-1][1][len(first):]))
    ):
        kept.pop()
    # Collapse runs of blank lines left where debris was cut out.
    collapsed: list[tuple[int, str]] = []
    for number, line in kept:
        if not line.strip():
            if not collapsed or not collapsed[-1][1]:
                continue
            line = ""
        collapsed.append((number, line))
    return "\n".join(line for _, line in collapsed), tuple(n for n, _ in collapsed) or (1,)


def _read_metadata(path: Path, raw: bytes | None, stated: dict[str, str]) -> Metadata:
    """The sidecar's keys (`raw`, its bytes), over the facts the file states (`stated`, under the same names)."""
    stated = {k: v for k, v in stated.items() if k in Metadata.__struct_fields__ and v}
    if raw is None:
        return msgspec.convert(stated, Metadata)
    sidecar = sidecar_of(path)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise DocumentError(sidecar, int(match.group(1)) if match else 1, f"bad sidecar: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested array or table: "x = [[[[..."
        raise DocumentError(sidecar, 1, "bad sidecar: arrays or tables nested too deeply") from None
    try:
        declared = msgspec.convert(data, Metadata)
    except msgspec.ValidationError as exc:
        raise DocumentError(sidecar, 1, f"bad sidecar: {exc}") from None
    given = {k: v for k, v in msgspec.structs.asdict(declared).items() if v is not None}
    return msgspec.convert({**stated, **given}, Metadata)
