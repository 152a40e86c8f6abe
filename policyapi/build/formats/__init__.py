"""Document formats: a file's bytes in, the document's text and the header facts the file carries out.

    .txt            text in UTF-8, UTF-16 (with a BOM), GB18030/GBK or Big5 (encoding.py)
    .html / .htm    a government portal's article page: main content, metadata table (html.py)
    .pdf            a PDF with a text layer (pdf.py)
    .docx           a Word document, automatic numbering rendered as text (docx.py)

Each module has one function, `extract(path, raw) -> Extracted`, and raises DocumentError
(naming the file, and a line where it can) for a file it cannot read. The text keeps the
document's own outline as lines, so the outline stage sees a converted file as it sees a .txt.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import msgspec

from policyapi.errors import DocumentError


class Extracted(msgspec.Struct, frozen=True):
    """What a format module read from one file."""

    text: str  # the document: one paragraph or heading per line
    format: str  # "txt", "html", "pdf", "docx"
    # Header facts the file itself states (a portal's metadata table, a PDF's or DOCX's properties), under
    # the sidecar's key names (read.Metadata: title, issuer, number, published, publisher, source ...).
    # A sidecar still wins over each of them.
    fields: dict[str, str] = {}


@contextlib.contextmanager
def quiet(*names: str) -> Iterator[None]:
    """The named libraries' loggers hold their warnings while a file is read: pdfminer logs every flaw it
    works around ("MediaBox missing"), trafilatura every element it drops ("discarding data"). A file
    that cannot be read is an error of its own here, and the build report says what it must."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def suffixes() -> tuple[str, ...]:
    """The file suffixes a seeds folder may hold documents in."""
    return tuple(_EXTRACTORS)


def extract(path: Path, raw: bytes) -> Extracted:
    """The document in `raw` (the bytes of `path`), by its suffix."""
    extractor = _EXTRACTORS.get(path.suffix.lower())
    if extractor is None:
        raise DocumentError(path, 1, f"unknown document type {path.suffix!r} (known: {', '.join(_EXTRACTORS)})")
    return extractor(path, raw)


def _text(path: Path, raw: bytes) -> Extracted:
    from policyapi.build.formats.encoding import decode

    return Extracted(text=decode(path, raw), format="txt")


def _html(path: Path, raw: bytes) -> Extracted:
    from policyapi.build.formats import html

    return html.extract(path, raw)


def _pdf(path: Path, raw: bytes) -> Extracted:
    from policyapi.build.formats import pdf

    return pdf.extract(path, raw)


def _docx(path: Path, raw: bytes) -> Extracted:
    from policyapi.build.formats import docx

    return docx.extract(path, raw)


# Modules load on first use: a folder of .txt files never imports the PDF or HTML libraries.
_EXTRACTORS = {".txt": _text, ".html": _html, ".htm": _html, ".pdf": _pdf, ".docx": _docx}
