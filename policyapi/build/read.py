"""Read one source document: decode, load its sidecar, drop web-page debris.

The cleaned text is what every span points into, so it is built once here and never
changed afterwards.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from pathlib import Path

import msgspec

from policyapi.build import grammar
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


class SourceText(msgspec.Struct, frozen=True):
    id: str
    path: Path
    text: str  # cleaned body: every span indexes into this
    line_numbers: tuple[int, ...]  # original file line of each line in `text`
    metadata: Metadata
    raw_sha256: str

    def line_of(self, offset: int) -> int:
        """Original file line (1-based) holding text offset `offset`."""
        index = self.text.count("\n", 0, offset)
        return self.line_numbers[min(index, len(self.line_numbers) - 1)]




@functools.cache
def _furniture() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(debris, footer): page furniture of every language's grammar/<lang>/page.toml, whole lines."""
    debris, footer = [], []
    for language in grammar.LANGUAGES:
        page = grammar.load(language, "page")
        debris += page.get("debris", [])
        footer += page.get("footer", [])
    alternatives = lambda patterns: "|".join(f"(?:{p})" for p in patterns)  # noqa: E731
    # A debris line may hold several pieces ("【字体：大 中 小】 【打印】"); a footer starts a line.
    return (re.compile(rf"^\s*(?:(?:{alternatives(debris)})\s*)+$", re.I),
            re.compile(rf"^\s*(?:{alternatives(footer)})\s*$", re.I))


# "<title> - <site name>": a page-title footer repeated at the end of a copied page.
_SITE_SUFFIX = re.compile(r"\s+[-|–]\s+[\w .]{2,40}$")


def document_id(path: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "document"


def read_source(path: Path) -> SourceText:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path, 1, f"cannot read the file: {exc.strerror or exc}") from None
    decoded = _decode(path, raw)
    if "\x00" in decoded:
        line = decoded.count("\n", 0, decoded.index("\x00")) + 1
        raise DocumentError(path, line, "contains NUL bytes: not a text document")
    text, line_numbers = _clean(decoded.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise DocumentError(path, 1, "document is empty (no text left after removing page debris)")
    return SourceText(
        id=document_id(path),
        path=path,
        text=text,
        line_numbers=line_numbers,
        metadata=_read_metadata(path),
        raw_sha256=hashlib.sha256(raw).hexdigest(),
    )


def _decode(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030 (which includes GBK and GB2312): what Chinese
    government sites publish in. Bytes that are neither are an error naming the first bad line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        line = raw.count(b"\n", 0, utf8_error.start) + 1
        raise DocumentError(path, line, f"not valid UTF-8 or GB18030 text (byte 0x{raw[utf8_error.start]:02x})") \
            from None


def _clean(text: str) -> tuple[str, tuple[int, ...]]:
    lines = text.split("\n")
    kept: list[tuple[int, str]] = []
    debris, footer = _furniture()
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


def _read_metadata(path: Path) -> Metadata:
    sidecar = path.with_suffix(".meta.toml")
    if not sidecar.exists():
        return Metadata()
    try:
        data = tomllib.loads(sidecar.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise DocumentError(sidecar, int(match.group(1)) if match else 1, f"bad sidecar: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested array or table: "x = [[[[..."
        raise DocumentError(sidecar, 1, "bad sidecar: arrays or tables nested too deeply") from None
    except OSError as exc:
        raise DocumentError(sidecar, 1, f"cannot read the sidecar: {exc.strerror or exc}") from None
    try:
        return msgspec.convert(data, Metadata)
    except msgspec.ValidationError as exc:
        raise DocumentError(sidecar, 1, f"bad sidecar: {exc}") from None
