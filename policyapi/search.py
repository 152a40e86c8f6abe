"""Full-text search over measures and documents, built in memory when the store opens.

DuckDB's `fts` extension is not in the wheel and cannot be downloaded on locked-down
servers, so the index is ours: BM25 over English words and Chinese character bigrams,
with titles weighted above bodies, and a snippet around the best-matching passage.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import msgspec

_LATIN_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_STOPWORDS = frozenset("a an and are as at be by for from in is it of on or the to with".split())
TITLE_WEIGHT = 3  # a word in a title counts as three in the body
_K1, _B = 1.2, 0.75  # the usual BM25 constants
SNIPPET_CHARS = 160


def tokens(text: str) -> list[str]:
    lowered = text.lower()
    words = [w for w in _LATIN_WORD.findall(lowered) if w not in _STOPWORDS]
    for run in _CJK_RUN.findall(lowered):  # bigrams: Chinese has no spaces between words
        words.extend(run if len(run) == 1 else (run[i:i + 2] for i in range(len(run) - 1)))
    return words


class Hit(msgspec.Struct, frozen=True):
    kind: str  # "measure" or "document"
    id: str
    score: float
    snippet: str  # HTML-escaped text with the matched words in <mark>...</mark>


class SearchIndex:
    def __init__(self, entries: Iterable[tuple[str, str, str, str]]) -> None:
        """`entries`: (kind, id, title, body) for every searchable record."""
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._entries: list[tuple[str, str, str]] = []  # kind, id, body
        self._lengths: list[int] = []
        for number, (kind, id_, title, body) in enumerate(entries):
            counts = Counter(tokens(body))
            for word, n in Counter(tokens(title)).items():
                counts[word] += n * TITLE_WEIGHT
            for word, n in counts.items():
                self._postings[word].append((number, n))
            self._entries.append((kind, id_, body))
            self._lengths.append(sum(counts.values()))
        self._average = (sum(self._lengths) / len(self._lengths)) if self._lengths else 1.0

    def search(self, query: str, *, kinds: set[str] | None = None, limit: int = 20) -> list[Hit]:
        words = list(dict.fromkeys(tokens(query)))
        if not words or limit <= 0:  # a page size of 0 is an empty page, as in paging.page_bounds
            return []
        scores: dict[int, float] = defaultdict(float)
        total = len(self._entries)
        for word in words:
            postings = self._postings.get(word, ())
            idf = math.log(1 + (total - len(postings) + 0.5) / (len(postings) + 0.5))
            for number, n in postings:
                norm = _K1 * (1 - _B + _B * self._lengths[number] / self._average)
                scores[number] += idf * n * (_K1 + 1) / (n + norm)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        hits = []
        for number, score in ranked:
            kind, id_, body = self._entries[number]
            if kinds is None or kind in kinds:
                hits.append(Hit(kind=kind, id=id_, score=round(score, 4), snippet=snippet(body, words)))
                if len(hits) == limit:
                    break
        return hits


def snippet(text: str, words: list[str]) -> str:
    """About SNIPPET_CHARS of `text` around the first matched word, matches wrapped in <mark>."""
    latin = [w for w in words if w.isascii()]
    cjk = [w for w in words if not w.isascii()]
    parts = [r"\b" + re.escape(w) + r"\w*" for w in latin] + [re.escape(w) for w in cjk]
    pattern = re.compile("|".join(parts), re.I) if parts else None
    first = pattern.search(text) if pattern else None
    start = max(0, (first.start() if first else 0) - SNIPPET_CHARS // 3)
    if start:  # begin at a word boundary
        space = text.find(" ", start, start + 20)
        start = space + 1 if space != -1 else start
    window = text[start:start + SNIPPET_CHARS]
    out, last = [], 0
    for match in (pattern.finditer(window) if pattern else ()):
        out.append(html.escape(window[last:match.start()]) + "<mark>" + html.escape(match.group()) + "</mark>")
        last = match.end()
    out.append(html.escape(window[last:]))
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_CHARS < len(text) else ""
    return prefix + "".join(out) + suffix
