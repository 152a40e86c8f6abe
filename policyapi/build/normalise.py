"""The analysis view of a document: the same text, character for character, in one script.

The stages read this view, so one grammar covers Traditional and Simplified Chinese and both
full-width and ASCII digits; every offset they find is also an offset into the stored text,
which keeps its own characters (spans quote the document as written). Each character maps to
exactly one character, so the two texts always have the same length.
"""

from __future__ import annotations

import functools
import re

import opencc

# Full-width digits, Latin letters and a few signs fold to ASCII; the ideographic space to a space.
# Full-width brackets, commas and colons stay: the grammar names both forms where it matters.
_FULL_WIDTH = {**{chr(0xFF10 + i): str(i) for i in range(10)},
               **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
               **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
               "．": ".", "％": "%", "＋": "+", "－": "-", "\u3000": " ", "\u00a0": " "}
# CJK blocks whose characters may have a Simplified form.
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@functools.cache
def _table() -> dict[int, str]:
    """One Simplified character for each Traditional one (OpenCC's t2s, character by character)."""
    converter = opencc.OpenCC("t2s")
    chars = [chr(c) for low, high in _CJK_RANGES for c in range(low, high + 1)]
    # One character per line: OpenCC's phrase rules never see two characters together.
    converted = converter.convert("\n".join(chars)).split("\n")
    table = {ord(a): b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}
    table.update({ord(a): b for a, b in _FULL_WIDTH.items()})
    return table


# Characters the table may change: without any, the text is its own analysis view (most English).
_CHANGEABLE = re.compile("[\u3000\u00a0\uff00-\uffef" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _CJK_RANGES) + "]")


def analysis_text(text: str) -> str:
    """`text` in Simplified script with ASCII digits; ``len(result) == len(text)``."""
    if not _CHANGEABLE.search(text):
        return text
    return text.translate(_table())


def simplified(text: str) -> str:
    """A name or phrase in the analysis view (for comparing names written in either script)."""
    return analysis_text(text)
