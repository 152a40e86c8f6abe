"""A document and its twin in another format compile to the same facts.

`facts(path)` compiles one file alone (in a folder of its own, with its sidecar if any) and
returns what a user reads from it: the header, the outline's measures, the unit lists with
their leads, the figures and the issuers, without offsets (a PDF's text is laid out differently
from its .txt twin, so spans differ; the facts must not).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from policyapi.build.compile import compile_seeds


def facts(path: Path, name: str = "doc") -> dict:
    """The facts of the document in `path`, compiled as `<name><suffix>` in a folder of its own."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"{name}{path.suffix}"
        shutil.copy(path, target)
        sidecar = path.with_suffix(".meta.toml")
        if sidecar.exists():
            shutil.copy(sidecar, target.with_suffix(".meta.toml"))
        compiled = compile_seeds(Path(folder))
    (doc,) = compiled.documents
    sections = {s.id: s for s in compiled.sections}
    units = {u.id: u for u in compiled.units}
    lists = {(r.measure_id, r.position): r.lead_rule for r in compiled.responsibility_lists}
    rows: dict[tuple[str, int], list] = {}
    for r in sorted(compiled.responsibilities, key=lambda r: (r.measure_id, r.list_position, r.position)):
        rows.setdefault((r.measure_id, r.list_position), []).append((units[r.unit_id].name, r.is_lead))
    return {
        "header": (doc.title, doc.plan_title, doc.issuer, doc.number, doc.published, doc.date_written, doc.kind,
                   doc.language, doc.jurisdiction_code),
        "measures": [(m.number, m.title, sections[m.chapter_id].title if m.chapter_id else None,
                      sections[m.group_id].title if m.group_id else None) for m in compiled.measures],
        "lists": [(key[0].rsplit(":", 1)[1], key[1], lists[key], names) for key, names in sorted(rows.items())],
        "figures": [(f.value, f.value_max, f.unit, f.comparator, f.year, f.kind, f.metric,
                     f.measure_id.rsplit(":", 1)[1] if f.measure_id else None) for f in compiled.figures],
        "issuers": [units[i.unit_id].name for i in sorted(compiled.issuers, key=lambda i: i.position)],
        "warnings": [w.message for w in compiled.warnings],
    }


def assert_same_facts(twin: Path, other: Path) -> dict:
    """`other` compiles to the facts of its .txt `twin`; returns them."""
    expected, got = facts(twin), facts(other)
    for key in expected:
        assert got[key] == expected[key], (key, other.name)
    return got
