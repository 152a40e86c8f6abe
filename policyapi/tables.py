"""The table contract between the compiler and the store: which tables a database holds.

Both sides import this module, never each other: the compiler fills a `Tables`, the writer
turns each field into a DuckDB table of that model, and the store reads them back.
"""

from __future__ import annotations

import msgspec

from policyapi.models import (
    BuildWarning, City, County, Dataset, Document, Figure, Issuer, Measure, PlaceMention, Province, Responsibility,
    ResponsibilityList, Scenario, Section, Unit,
)

COMPILER_VERSION = "3"  # bump when the same seeds would compile to different rows

# Primary keys (and what readers sort by), per table.
KEYS = {"provinces": "code", "cities": "code", "counties": "code", "documents": "id", "sections": "id",
        "measures": "id", "responsibility_lists": "id", "scenarios": "id", "units": "id", "figures": "id"}


class Tables(msgspec.Struct):
    """Every table's rows; the field order is the order they are written in."""

    provinces: list[Province]
    cities: list[City]
    counties: list[County]
    documents: list[Document]
    sections: list[Section]
    measures: list[Measure]
    scenarios: list[Scenario]
    units: list[Unit]
    issuers: list[Issuer]
    responsibility_lists: list[ResponsibilityList]
    responsibilities: list[Responsibility]
    figures: list[Figure]
    place_mentions: list[PlaceMention]
    warnings: list[BuildWarning]
    dataset: list[Dataset]

    @classmethod
    def empty(cls) -> Tables:
        return cls(**{name: [] for name in cls.__struct_fields__})
