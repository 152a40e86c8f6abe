"""Web-page furniture: the lines of a copied page that are the site's, not the document's.

The words are grammar/<lang>/page.toml; read.py drops these lines from every document, and the
HTML reader uses the same patterns to tell an article from a page that has none.
"""

from __future__ import annotations

import functools
import re

from policyapi.build import grammar


@functools.cache
def patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(debris, footer): a debris line is dropped; a footer line ends the document, with all after it."""
    debris, footer = [], []
    for language in grammar.LANGUAGES:
        page = grammar.load(language, "page")
        debris += page.get("debris", [])
        footer += page.get("footer", [])
    either = lambda patterns: "|".join(f"(?:{p})" for p in patterns) or "(?!)"  # noqa: E731
    # A debris line may hold several pieces ("【字体：大 中 小】 【打印】"); a footer starts a line.
    return (re.compile(rf"^\s*(?:(?:{either(debris)})\s*)+$", re.I),
            re.compile(rf"^\s*(?:{either(footer)})\s*$", re.I))
