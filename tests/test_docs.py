"""Every Python code block in docs/*.md runs, so the examples cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


def _pages() -> list[Path]:
    return sorted(p for p in DOCS.glob("*.md") if _BLOCK.search(p.read_text("utf-8")))


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_python_blocks_run(page: Path) -> None:
    namespace: dict = {}
    for number, block in enumerate(_BLOCK.findall(page.read_text("utf-8")), start=1):
        try:
            exec(compile(block, f"{page.name} block {number}", "exec"), namespace)  # noqa: S102 - our own docs
        except Exception as exc:  # say which block failed
            raise AssertionError(f"{page.name}, block {number} fails: {exc!r}") from exc
