"""The compiler's grammar, as data: one folder per language, one TOML file per stage.

    grammar/zh/outline.toml   numbering styles, chapter kinds (总体要求, 保障措施, ...)
    grammar/zh/units.toml     unit-list labels, lead rules, notes, separators, unit kinds
    grammar/zh/header.toml    notice titles, issuers, document numbers, dates
    grammar/zh/figures.toml   numbers, multipliers, units, comparators, cue words
    grammar/zh/places.toml    words that make a place name part of an organisation's name
    grammar/en/...            the same for English

A stage reads its file with `load(language, stage)` and turns it into its own typed tables
once per process. To teach the compiler a new wording, add it to the file: no code changes.
"""

from __future__ import annotations

import functools
import importlib.resources
import tomllib
from typing import Any

LANGUAGES = ("zh", "en")


@functools.cache
def load(language: str, stage: str) -> dict[str, Any]:
    """The parsed `grammar/<language>/<stage>.toml` (an empty table when the file does not exist)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown grammar language {language!r} (known: {', '.join(LANGUAGES)})")
    resource = importlib.resources.files(__package__).joinpath(language, f"{stage}.toml")
    if not resource.is_file():
        return {}
    return tomllib.loads(resource.read_text("utf-8"))


def data_bytes() -> bytes:
    """Every grammar file's bytes, in a fixed order: the build hashes them into the dataset version."""
    root = importlib.resources.files(__package__)
    parts = []
    for language in LANGUAGES:
        folder = root.joinpath(language)
        for entry in sorted((e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name):
            parts.append(f"{language}/{entry.name}\0".encode() + entry.read_bytes())
    return b"\0".join(parts)
