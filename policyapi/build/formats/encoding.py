"""Text encodings: decode the bytes of a text or web page, never guessing silently.

A BOM says UTF-8 or UTF-16; else bytes that are valid UTF-8 are UTF-8; else the encoding the
file declares (an HTML <meta charset>, passed in) when it decodes cleanly; else charset-normalizer
(a well-kept detector) chooses among the encodings Chinese documents come in (GB18030, which
includes GBK and GB2312, and Big5), and only when one decodes cleanly. Anything else is a
DocumentError naming the file and the first line that is not text.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import charset_normalizer

from policyapi.errors import DocumentError

# What a Chinese document may be encoded in, besides UTF-8 and UTF-16: the detector chooses among these.
CHINESE_ENCODINGS = ("gb18030", "big5")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Names a page may declare, as Python knows them: gb2312 and gbk are subsets of gb18030.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5-hkscs": "big5hkscs"}


def decode(path: Path, raw: bytes, declared: str | None = None) -> str:
    """`raw` as text; `declared` is the encoding the file names itself (HTML), if any."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(path, raw[len(bom):], encoding)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates = []
    if declared:
        name = declared.strip().lower()
        candidates.append(_ALIASES.get(name, name))
    best = charset_normalizer.from_bytes(raw, cp_isolation=list(CHINESE_ENCODINGS)).best()
    if best is not None:
        candidates.append(best.encoding)
    for encoding in dict.fromkeys(candidates):
        try:
            return raw.decode(_python_name(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    # The detector abstained (a short text): an encoding is taken only when it is the one that fits.
    fits = [e for e in CHINESE_ENCODINGS if _decodes(raw, e)]
    if len(fits) == 1:
        return raw.decode(fits[0])
    line = raw.count(b"\n", 0, utf8_error.start) + 1
    if fits:
        raise DocumentError(path, line, f"cannot tell its encoding ({' or '.join(fits)}): save it as UTF-8")
    raise DocumentError(path, line, f"not text in UTF-8, UTF-16, GB18030/GBK or Big5 (byte 0x{raw[utf8_error.start]:02x})")


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _python_name(encoding: str) -> str:
    name = encoding.lower().replace("_", "-")
    return _ALIASES.get(name, name)


def _strict(path: Path, raw: bytes, encoding: str) -> str:
    """`raw` (after its byte-order mark) in `encoding`, or an error naming the line that is not."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise DocumentError(path, line, f"not valid {encoding} text after its byte-order mark") from None
