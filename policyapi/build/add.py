"""`policyapi add`: bring a document into the seeds folder, with a sidecar to review.

A file is copied, a URL downloaded (a real HTTP client: timeouts, redirects, a size limit, a
polite User-Agent). The copy is named after its place and date ("hunan-2026-03-18-1a2b3c4d.pdf"),
compiled once to read what it states (title, issuer, number, dates, jurisdiction), and those
facts are written to its sidecar with where it came from and when, for a person to check.
Nothing is added when the document cannot be read: the error names it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import msgspec

from policyapi import __version__, gazetteer
from policyapi.build import formats
from policyapi.build.document import compile_file
from policyapi.errors import DocumentError, PolicyAPIError

MAX_BYTES = 50 * 1024 * 1024  # a policy document, with its images, is far smaller
TIMEOUT = 30.0  # seconds for connecting and for each read
USER_AGENT = f"policyapi/{__version__} (regional AI-policy research; one request per document)"
# What a server's Content-Type says a document is, when the URL does not.
_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt", "application/pdf": ".pdf",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


class Added(msgspec.Struct, frozen=True):
    path: Path  # the document in the seeds folder
    sidecar: Path
    source: str  # the file or URL it came from


class AddFailed(PolicyAPIError):
    """A document could not be added; nothing was written for it."""


def add(sources: list[str], seeds: Path, *, today: dt.date | None = None) -> list[Added]:
    """Add each file or URL in `sources` to `seeds`; the documents added, in order."""
    seeds.mkdir(parents=True, exist_ok=True)
    return [_add_one(source, seeds, today or dt.date.today()) for source in sources]


def _add_one(source: str, seeds: Path, today: dt.date) -> Added:
    is_url = urlparse(source).scheme in ("http", "https")
    raw, suffix = _download(source) if is_url else _read(Path(source))
    if suffix not in formats.suffixes():
        raise AddFailed(f"{source}: {suffix or 'no suffix'} is not a document type ({', '.join(formats.suffixes())})")
    with tempfile.TemporaryDirectory() as scratch:  # read it where nothing else is, before it joins the seeds
        probe = Path(scratch) / f"document{suffix}"
        probe.write_bytes(raw)
        try:
            document = compile_file(probe).document
        except DocumentError as exc:
            raise AddFailed(f"{source}: {exc.message}") from None
    name = _name(document.jurisdiction_code, document.published, raw)
    target = seeds / f"{name}{suffix}"
    sidecar = target.with_suffix(".meta.toml")
    if target.exists() or sidecar.exists():
        raise AddFailed(f"{source}: {target.name} is already in {seeds} (the same document, or the same name)")
    facts = {"title": document.title, "issuer": document.issuer, "number": document.number,
             "published": document.published.isoformat() if document.published else None,
             "jurisdiction": document.jurisdiction_code, "kind": document.kind,
             "source": source if is_url else Path(source).name, "retrieved": today.isoformat()}
    target.write_bytes(raw)
    sidecar.write_text(_sidecar(facts, source), encoding="utf-8")
    return Added(path=target, sidecar=sidecar, source=source)


def _read(path: Path) -> tuple[bytes, str]:
    try:
        return path.read_bytes(), path.suffix.lower()
    except OSError as exc:
        raise AddFailed(f"{path}: cannot read the file: {exc.strerror or exc}") from None


def _download(url: str) -> tuple[bytes, str]:
    import httpx  # only `add` needs an HTTP client

    try:
        with httpx.Client(timeout=TIMEOUT, follow_redirects=True, max_redirects=5,
                          headers={"User-Agent": USER_AGENT}) as client, client.stream("GET", url) as response:
            if response.status_code != 200:
                raise AddFailed(f"{url}: the server answered {response.status_code} {response.reason_phrase}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > MAX_BYTES:
                raise AddFailed(f"{url}: {declared:,} bytes is over the limit of {MAX_BYTES:,}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise AddFailed(f"{url}: over the limit of {MAX_BYTES:,} bytes")
                chunks.append(chunk)
            final = str(response.url)
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    except httpx.HTTPError as exc:
        raise AddFailed(f"{url}: cannot download it: {exc}") from None
    suffix = Path(unquote(urlparse(final).path)).suffix.lower()
    if suffix not in formats.suffixes():
        suffix = _TYPES.get(content_type, suffix)
    return b"".join(chunks), suffix


def _name(jurisdiction: str | None, published: dt.date | None, raw: bytes) -> str:
    """"<place>-<date>-<first 8 of the content hash>": descriptive, and the same file gets the same name."""
    place = gazetteer.load().get(jurisdiction) if jurisdiction else None
    parts = [place.slug if place else "document", published.isoformat() if published else "undated",
             hashlib.sha256(raw).hexdigest()[:8]]
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower())


def _sidecar(facts: dict[str, str | None], source: str) -> str:
    lines = [f"# Written by `policyapi add` from {source}: what the compiler read. Check each value;",
             "# a value here overrides what the text says (seeds/README.md)."]
    lines += [f"{key} = {_toml_string(value)}" for key, value in facts.items() if value]
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
