"""Find the quantities English text states as targets or observed indicators, and normalise them.

``extract_figures(text)`` returns one :class:`FigureHit` per number+unit phrase, e.g.
"350 billion yuan" -> 350000000000.0 CNY, "1,500 AI-related enterprises" -> 1500 enterprises,
each with a comparator, a year, a kind and a short metric.

The pipeline is one function per step, in the order they run:

    _find_spans       number + unit phrases ("350 billion yuan", "5 10 billion level industrial
                      parks", "15 EFLOPS"); years, codes, ranks and names are left out
    _convert_number   the number as written -> float, multipliers applied (thousand, billion)
    _comparator       "more than", "over", "nearly", "+", "or more" ... -> ">", ">=", "~" ...
    _year             the year the figure refers to
    _kind             "target" or "observed"
    _metric           a short label of what is measured

A number standing in Chinese text (a CJK character right before, inside or right after its
number+unit phrase, see ``_in_chinese``) is left to ``figures/zh.py``: this module reads no
Chinese. English figures inside mixed text ("a 200 billion yuan (两千亿元) target") still count.

Every English word the steps know (what may precede or follow a number, which words are units,
which words announce an aim or a report, what ends a noun phrase) is listed in
``policyapi/build/grammar/en/figures.toml``; the tables below are built from it once, at import,
and keep only the patterns around those words (punctuation, digits, lookarounds). Nothing here
knows about a particular document: the rules must hold for new documents of the same kinds.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from policyapi.build import grammar
from policyapi.build.extract.figures.hit import FigureHit
from policyapi.build.spans import inside, merge, outermost

__all__ = ["extract_figures"]

# The English vocabulary; see the file's comments for what each list does.
_GRAMMAR = grammar.load("en", "figures")


def _phrases(words: Iterable[str], space: str = r"\s+") -> str:
    """Regex alternatives matching the literal phrases, longest first; a space inside a phrase
    matches `space` (any run of whitespace unless told otherwise)."""
    return "|".join(re.escape(w).replace(r"\ ", space) for w in sorted(words, key=len, reverse=True))


def _words(*path: str) -> frozenset[str]:
    """The grammar's word list at `path`, lower-cased (the steps look words up in lower case)."""
    table = _GRAMMAR
    for key in path:
        table = table[key]
    return frozenset(w.lower() for w in table)


# =====================================================================================
# Tables: numbers
# =====================================================================================

# A number written with ASCII digits: "350", "1,500", "260.8", "20,000". [0-9] rather than \d
# so that other scripts' digits never reach float(). Not glued to a letter, digit, "." or a
# thousands group before it (so "Q3", "v2.1" and the "500" of a malformed "1,5000" are skipped).
# (Written digit first, the lookbehinds after it, so the engine skips straight to digits.)
_ASCII_NUMBER = re.compile(
    r"[0-9](?<![A-Za-z0-9_.][0-9])(?<![0-9],[0-9])(?:[0-9]{0,2}(?:,[0-9]{3})+|[0-9]*)(?:\.[0-9]+)?(?![0-9])"
)

# English counting words ("five parks"), followed by a space. A converter from PyPI
# (word2number and the like) would add a dependency for nineteen words and still need the
# grammar's exception for "one", so a table is the clearer choice.
EN_WORD_NUMBERS: dict[str, int] = {w.lower(): int(n) for w, n in _GRAMMAR["numbers"]["words"].items()}
_EN_WORD_NUMBER = re.compile(r"\b(?:" + _phrases(EN_WORD_NUMBERS) + r")\b(?=\s)", re.IGNORECASE)

# English multipliers written after a number: "350 billion yuan", "11 million residents".
EN_SCALES: dict[str, int] = {w.lower(): int(n) for w, n in _GRAMMAR["numbers"]["scales"].items()}
_EN_SCALE = re.compile(r"[\s-]*(" + _phrases(EN_SCALES) + r")\b", re.IGNORECASE)

# A plain 4-digit integer in this range, written without a thousands separator, is a year in
# these documents ("by 2027", "(2024)", "2026-2028"), never a count. It can only be a quantity
# when a measurement unit follows it directly ("2000 MW").
_YEAR_LIKE = re.compile(r"(?:19[0-9]{2}|20[0-9]{2}|2100)")

# An amount followed by "level"/"scale" is a size class inside a noun phrase, not a figure:
# "5 10 billion level industrial parks" is five parks.
_SIZE_WORD = _phrases(_GRAMMAR["size_class"]["words"])
_SIZE_CURRENCY = _phrases(_GRAMMAR["size_class"]["currencies"])
_SIZE_CLASS = re.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
    r"(?:[\s-]*(?:" + _phrases(_GRAMMAR["size_class"]["multipliers"]) + r"))?"
    r"(?:[\s-]*(?:" + _SIZE_CURRENCY + r"))?[\s-]*(?:" + _SIZE_WORD + r")\b",
    re.IGNORECASE,
)
# The same tail read right after the number ("ten level", "20,000+ scale").
_SIZE_CLASS_TAIL = re.compile(r"(?:[\s-]*(?:" + _SIZE_CURRENCY + r"))?[\s-]*(?:" + _SIZE_WORD + r")\b", re.IGNORECASE)


# =====================================================================================
# Tables: what may surround a number
# =====================================================================================

# Text ending right before a number that makes it a label, reference, rank or part of a code
# rather than a quantity.
_NOT_QUANTITY_BEFORE = re.compile(
    r"(?:"
    r"[A-Za-z0-9][-/:+]"  # glued to the previous token: Q1-Q3, 2026-2028, 18:50, 1+3+N, 5G-A
    r"|[\[【〔]\s*"  # reference or document number: [1], [2025], 〔2025〕
    r"|\b(?:" + _phrases(_GRAMMAR["not_quantity"]["abbreviations_before"]) + r")\.\s*"  # "No. 34"
    r"|(?:" + _phrases(_GRAMMAR["not_quantity"]["signs_before"]) + r")\s*"  # "#3"
    r"|\b(?:" + _phrases(_GRAMMAR["not_quantity"]["labels_before"]) + r")\s+"  # ranks and labels: "top 10"
    r")$",
    re.IGNORECASE,
)

# Text starting right after a number that makes it a date, time, range, formula or list marker.
_NOT_QUANTITY_AFTER = re.compile(
    r"(?:"
    r"[-/:][0-9]"  # 2026-02-04, 18:50, 2024/25, 10-15
    r"|\+[A-Za-z0-9]"  # 1+3+N
    r"|[)、）](?:\s|$)"  # list markers: "(1) Promote", "1、 Breakthrough"
    r"|[\]】〕]"  # [1], 〔2025〕
    r"|\s(?:" + _phrases(_GRAMMAR["not_quantity"]["months"]) + r")[a-z]*\.?\s[0-9]{4}(?![0-9])"  # 1 Jun 2026
    r")"
)

# A number and a full stop head a list item where an item can start: at a line's start, after a colon,
# semicolon or sentence end ("2. Auto Valley", "valleys: 1. Optics Valley"). After a word, the full stop
# ends the sentence the number is in ("... will exceed 400.").
_FULL_STOP_AFTER = re.compile(r"\.(?:\s|$)")
_LIST_POSITION = re.compile(r"(?:^|[\n:;：；。.!?！？])[ \t\u3000]*\Z")

# Capitalised words that may stand right before a number without making it part of a name
# ("Over 1,500 ...", "By 2027 ..."); any other capitalised word there ("Fortune 500",
# "Industry 4.0", "Group 1") makes the number part of a name, unless it starts a sentence.
_LEAD_WORDS = _words("names", "lead_words")

# Comparators written right before the number, followed by a space: phrase -> symbol,
# matched case-insensitively. When several phrases end there ("no more than" and "more than"),
# the longest one wins.
COMPARATORS_BEFORE: dict[str, str] = {
    " ".join(phrase.lower().split()): symbol
    for symbol, phrases in _GRAMMAR["comparators"]["before"].items()
    for phrase in phrases
}
_COMPARATOR_BEFORE_RE = re.compile(r"(?<![A-Za-z])(" + _phrases(COMPARATORS_BEFORE) + r")\s+$", re.IGNORECASE)
# Comparators that are verbs, so that "to exceed 200 billion yuan" still finds its subject.
_VERBAL_COMPARATORS = _words("comparators", "verbs")

# Comparators written after the number+unit (not part of the quote): "300 enterprises or more".
_COMPARATOR_AFTER: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"\s*(?:" + _phrases(phrases, space=" ") + r")\b", re.IGNORECASE), symbol)
    for symbol, phrases in _GRAMMAR["comparators"]["after"].items()
)
# "20,000+" reads "20,000 or more": ">=" (a plus sign states a floor the value may equal).
_PLUS_SIGN = re.compile(r"\+(?![A-Za-z0-9+])")

# Characters searched back from a number for a comparator or a label ("more than", "top"):
# room for the longest phrase the grammar lists and extra spaces.
_BEFORE_WINDOW = max(24, 8 + max(map(len, [*COMPARATORS_BEFORE, *_GRAMMAR["not_quantity"]["labels_before"]])))


# =====================================================================================
# Tables: units
# =====================================================================================

def _unit_pattern(entry: dict) -> re.Pattern[str]:
    """One unit's spellings (see the [[units]] comment in the grammar) as one pattern."""
    spellings = [
        r"\s*" + re.escape(s) + (r"(?![A-Za-z0-9])" if s[-1].isalnum() else "")
        for s in sorted(entry.get("symbols", []), key=len, reverse=True)
    ]
    spellings += [r"\s*" + re.escape(c) + r"\b" for c in sorted(entry.get("codes", []), key=len, reverse=True)]
    if entry.get("words"):
        spellings.append(r"\s*(?i:" + _phrases(entry["words"], space=r"\s") + r")\b")
    spellings += [r"\s*(?:" + p + ")" for p in entry.get("patterns", [])]
    return re.compile("|".join(spellings))


# Measurement units (the grammar's [[units]]), tried in order right after the number (and its
# multiplier): pattern, normalised unit.
_AMOUNT_UNITS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (_unit_pattern(entry), entry["unit"]) for entry in _GRAMMAR["units"]
)

# Counted English nouns that are really durations or multipliers: "three years", "2 times".
_NOT_COUNTED = _words("counted", "not_counted")
# Words right after a number that say it is not a count: "10 of the cities".
_NOT_COUNT_AFTER = _words("counted", "not_after_number")
# Words ending in -s that are not plural nouns, and endings of such words.
_NOT_PLURAL = _words("counted", "not_plural")
_NOT_PLURAL_ENDINGS = tuple(sorted(_words("counted", "not_plural_endings")))
# Plurals without -s.
_IRREGULAR_PLURALS = _words("counted", "irregular_plurals")
# Generic counted nouns whose participle says what is counted: "20,000+ units sold".
_GENERIC_COUNT_NOUNS = _words("counted", "generic")


# =====================================================================================
# Tables: sentence structure
# =====================================================================================

# Where a sentence ends: full stops (not in "U.S."), question/exclamation marks, semicolons,
# line ends, inline bullets (" - "), and reference markers ("[1][2]") that end summary lines.
_SENTENCE_BREAK = re.compile(
    # (each alternative starts with a character, lookbehinds after it: the engine then skips fast to candidates)
    # A full stop ends a sentence, but not after a lone capital ("U.S.", "Xi J. Ping"); after a unit written in
    # capitals ("9,000 PFLOPS. In 2025, ...") it does.
    r"[。！？；;!?\n]|\.(?<!(?<![A-Za-z])[A-Z]\.)(?=\s|$)|\s[-–—•]\s|(?:\[[0-9]+\])+"
)
# Where a clause ends: a sentence break, or a comma (not a thousands separator), colon,
# enumeration comma, bracket or dash.
_CLAUSE_BREAK = re.compile(
    _SENTENCE_BREAK.pattern + r"|,(?![0-9])|,(?<![0-9],)|[，:：、()（）]|\s[–—]\s|\s–|–\s"
)
# Where the text that belongs to a figure stops, looking right: like a clause break but
# parentheses do not stop it ("50% of GDP (2024)").
_WINDOW_STOP = re.compile(_SENTENCE_BREAK.pattern + r"|,(?![0-9])|,(?<![0-9],)|[，:：、]")

# An English word, with inner hyphens, ampersands and apostrophes: "AI-related", "R&D", "city's".
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-&'’][A-Za-z0-9]+)*")

# Words that end a noun phrase (not part of it), read in either direction, and those that
# also end the noun read after an amount ("5.6% growth in 2024").
_NP_STOP = _words("noun_phrase", "stop")
_STOP_AFTER_AMOUNT = _words("noun_phrase", "stop_after_amount")
# Words at the start of a noun phrase that carry no meaning for a metric label.
_NP_LEADING_NOISE = _words("noun_phrase", "leading_noise")
# Endings of adverbs and participles, which are not nouns: "mainly", "established".
_NOT_NOUN_ENDINGS = tuple(sorted(_words("noun_phrase", "not_noun_endings")))
# Verbs that link a subject to its amount ("X reached 5", "X will exceed 5"): a lexical verb
# (listed, or any word with one of _LINK_ENDINGS) optionally preceded by auxiliaries and
# followed by a particle.
_LINK_VERBS = _words("verbs", "link")
_LINK_ENDINGS = tuple(sorted(_words("verbs", "link_endings")))
_AUXILIARIES = _words("verbs", "auxiliaries")
_PARTICLES = _words("verbs", "particles")

# Trailing locative phrases dropped from metrics: "... industry in the province" -> "... industry".
_TRAILING_LOCATIVE = re.compile(
    r"\s+(?:" + _phrases(_GRAMMAR["noun_phrase"]["trailing_locatives"]) + r")\s+.+$", re.IGNORECASE
)


# =====================================================================================
# Tables: year and kind
# =====================================================================================

_YEARS = _GRAMMAR["years"]

# A year mention. A baseline word before it ("since 2021") marks a baseline, not the year a
# figure refers to.
_YEAR_MENTION = re.compile(r"(?<![0-9.,\[〔【])(?:19[0-9]{2}|20[0-9]{2}|2100)(?![0-9])")
_BASELINE_BEFORE = re.compile(r"\b(?:" + _phrases(_YEARS["baseline"]) + r")\s+$", re.IGNORECASE)
_BASELINE_WINDOW = 3 + max(map(len, _YEARS["baseline"]))  # the word and up to 3 spaces

# Years relative to the publication date: "by the end of this year".
_RELATIVE_OFFSET = {" ".join(phrase.lower().split()): int(offset) for phrase, offset in _YEARS["relative"].items()}
_RELATIVE_YEAR = re.compile(r"\b(?:" + _phrases(_YEARS["relative"]) + r")\b", re.IGNORECASE)

# Words that announce an aim (the figure is a target) ...
_TARGET_CUES = re.compile(r"\b(?:" + _phrases(_GRAMMAR["kind"]["target_cues"]) + r")\b", re.IGNORECASE)
# ... or a report (the figure is observed).
_OBSERVED_CUES = re.compile(r"\b(?:" + _phrases(_GRAMMAR["kind"]["observed_cues"]) + r")\b", re.IGNORECASE)

# ... or money put up (funding), in the currencies below.
_FUNDING_CUES = re.compile(r"\b(?:" + _phrases(_GRAMMAR["kind"]["funding_cues"]) + r")\b", re.IGNORECASE)
_FUNDING_UNITS = frozenset(_GRAMMAR["kind"]["funding_units"])
_FUNDING_NAME_MAX = 40  # characters between an amount and the funding word that names it
_WORDS_ONLY = re.compile(r"[A-Za-z -]*")
_FUNDING_LINKS = frozenset(_GRAMMAR["kind"]["funding_links"])  # "in support": the word "in" is no part of it

# Year phrases that point one way or the other; see _cues for the published_year rules.
_YEAR_CUE = re.compile(
    r"\b(?P<by>" + _phrases(_YEARS["deadline"]) + r")\s+(?:(?:" + _phrases(_YEARS["deadline_period"]) + r")\s+)?"
    r"(?P<by_year>(?:19|20)[0-9]{2})\b"
    r"|[(（]\s*(?P<paren_year>(?:19|20)[0-9]{2})\s*[)）]"
    r"|\b(?:" + _phrases(_YEARS["mention"]) + r")\s+(?P<in_year>(?:19|20)[0-9]{2})\b",
    re.IGNORECASE,
)

# A CJK character: a number next to one stands in Chinese text and is left to figures/zh.py.
_CJK = re.compile(r"[\u3400-\u9fff]")
_METRIC_MAX_WORDS = 8
_LOOKBACK = 300  # characters searched back for a clause start when no index is at hand
_CONTEXT_MAX = 1000  # characters of a sentence or clause read on either side of a figure
_YEAR_WINDOW = 60  # characters after a figure searched for its year ("... yuan in Q1-Q3 2025")


# =====================================================================================
# Tables: names, prefixes and small patterns used by the steps
# =====================================================================================

# Quotations that may be names: straight or curly double quotes and CJK corner brackets on
# one line. They are names when short (<= 8 words) with no sentence punctuation inside.
_QUOTATION = re.compile(r'"([^"\n]{1,120})"|“([^”\n]{1,120})”|「([^」\n]{1,120})」|『([^』\n]{1,120})』')
_SENTENCE_PUNCTUATION = re.compile(r"[.!?。！？;；]")
_NAME_MAX_WORDS = 8
# Chinese titles are always names: 《2025年数字经济发展规划》.
_BOOK_TITLE = re.compile(r"《[^》\n]{1,120}》")
# A quoted phrase counted as a whole, right after a number: six "ten thousand person R&D bases".
_QUOTED_COUNTED = re.compile(r'"([^"\n]{1,80})"|“([^”\n]{1,80})”')

# A capitalised word right before a number ("Fortune 500"): a name unless it is a lead word.
_CAPITALISED_BEFORE = re.compile(r"([A-Z][a-z]+)\s$")
# Characters after which a new sentence or list item starts (then a capital means nothing),
# and what may stand between them and the first word.
_SENTENCE_STARTERS = frozenset(".!?:;。！？；\n•]-–—")
_SKIPPED_BEFORE_SENTENCE = frozenset(" \t\"“")
# Characters glued after a number that make it part of a token: 5G, 3D, 7S, 9th, 14th (or
# Chinese text: 12万人次, left to figures/zh.py).
_GLUED_AFTER = re.compile(r"[A-Za-z0-9\u3400-\u9fff]")

# Currency written before the number: "$1.5 billion", "US$2bn", "RMB 350 billion", "¥100".
_CURRENCY_OF_PREFIX: dict[str, str] = dict(_GRAMMAR["currency_prefixes"])
_CURRENCY_PREFIX = re.compile(r"(" + _phrases(_CURRENCY_OF_PREFIX) + r")\s?$")
_CURRENCY_WINDOW = 2 + max(map(len, _CURRENCY_OF_PREFIX))  # the prefix, its space and one more

# One coordinated plural noun extends a counted label: "17 cities and prefectures".
_COORDINATED_NOUN = re.compile(
    r"\s+(?:" + _phrases(_GRAMMAR["counted"]["coordinators"]) + r")\s+([a-z][a-z-]*s)\b(?!\s+[0-9])"
)
# A participle naming what a generic noun counts: "20,000+ units sold".
_COUNTING_PARTICIPLE = re.compile(r"(?:[a-z]+ed|" + _phrases(_words("counted", "participles")) + r")$")

# What may separate two coordinated figures that share a metric ("20 GW by the end of this
# year and 30GW by 2030", "from 6,259 (2020) to 16,630"): years, then connectives only.
# A relative year in such a gap is one not in the past ("this year", "next year").
_GAP_YEARS = re.compile(
    r"[(（]\s*(?:19|20)[0-9]{2}\s*[)）]"
    r"|\b(?:" + _phrases([*_YEARS["deadline"], *_YEARS["mention"]]) + r")\s+"
    r"(?:(?:" + _phrases(_YEARS["deadline_period"]) + r")\s+)?"
    r"(?:" + _phrases(phrase for phrase, offset in _YEARS["relative"].items() if offset >= 0)
    + r"|(?:19|20)[0-9]{2})\b",
    re.IGNORECASE,
)
_GAP_CONNECTIVES = re.compile(
    r"[\s,，、;]*(?:(?:" + _phrases(_GRAMMAR["coordination"]["connectives"])
    + r")\b[\s,，]*)*",
    re.IGNORECASE,
)
_GAP_MAX_CHARS = 60

# A lower-case noun right after an amount names it: "100 billion yuan output", "5.6% growth".
_FOLLOWING_WORD = re.compile(r"[ \t]+([a-z][a-z-]*)\b")
# "<amount> of Y": "50% of GDP", "3 GW of solar capacity".
_OF_PHRASE = re.compile(r"\s+of\s+((?:[A-Za-z][A-Za-z0-9'’&-]*\s?){1,4})")
# A possessor at the front of a label: "city's", "Wuhan’s".
_POSSESSIVE = re.compile(r"['’]s$")


# =====================================================================================
# Step 1: find spans
# =====================================================================================


@dataclass(slots=True)
class _Span:
    """A number+unit phrase found in the text, before interpretation."""

    start: int  # quote start
    end: int  # quote end
    number: str  # the core as written: "350", "1,500", "six"
    scale: int  # multiplier ("billion"), 1 if none
    unit: str  # normalised unit; "" for a bare number whose unit comes from its subject
    plus: bool = False  # "20,000+": a "+" written inside the quote
    noun_phrase: str = ""  # counted nouns: the phrase naming what is counted


def _find_spans(text: str) -> list[_Span]:
    """Every number+unit phrase that can be a figure, sorted by start and non-overlapping."""
    names = _quoted_names(text)
    found: list[_Span] = []
    for m in _ASCII_NUMBER.finditer(text):
        span = _read_after_number(text, m.start(), m.end(), m.group(), names, word=False)
        if span is not None:
            found.append(span)
    for m in _EN_WORD_NUMBER.finditer(text):
        span = _read_after_number(text, m.start(), m.end(), m.group(), names, word=True)
        if span is not None:
            found.append(span)
    return outermost(found)


def _quoted_names(text: str) -> list[tuple[int, int]]:
    """Spans of quoted names ("965", “Five Valleys”, 《...》): numbers inside them are not figures.

    A quotation counts as a name when it is short and has no sentence punctuation inside;
    quoted speech ("We will build 10 centres," he said) stays searchable.
    """
    spans: list[tuple[int, int]] = []
    for m in _QUOTATION.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if len(inner.split()) <= _NAME_MAX_WORDS and not _SENTENCE_PUNCTUATION.search(inner):
            spans.append(m.span())
    spans.extend(m.span() for m in _BOOK_TITLE.finditer(text))
    return merge(spans)  # sorted and disjoint, for inside()


def _read_after_number(
    text: str, start: int, end: int, core: str, names: list[tuple[int, int]], *, word: bool
) -> _Span | None:
    """Read what follows a number core: multiplier, unit or counted noun. None if not a figure."""
    if _not_a_quantity(text, start, end, core, names, word=word):
        return None
    amount = _read_amount(text, start, end, core, allow_plus=not word)
    if amount is not None:
        return amount
    if _YEAR_LIKE.fullmatch(core):
        return None  # "2024 enterprises" is not written; "in 2024" is
    return _read_count(text, start, end, core, word=word)


def _not_a_quantity(
    text: str, start: int, end: int, core: str, names: list[tuple[int, int]], *, word: bool
) -> bool:
    """True for numbers that are labels, references, dates, ranks or names (see the tables)."""
    if inside(start, names):
        return True  # "965", "Five Valleys"
    if _NOT_QUANTITY_BEFORE.search(text[max(0, start - _BEFORE_WINDOW) : start]):
        return True
    if _NOT_QUANTITY_AFTER.match(text, end):
        return True
    if _FULL_STOP_AFTER.match(text, end) and _LIST_POSITION.search(text, max(0, start - _BEFORE_WINDOW), start):
        return True  # "2. Auto Valley" heads an item; "will exceed 400." ends a sentence
    if _is_name_number(text, start):
        return True  # "Fortune 500"
    if word and core[0].isupper() and not _sentence_initial(text, start):
        return True  # a capitalised counting word inside a sentence starts a name
    # "10 billion level": a size class inside a noun phrase
    return bool(_SIZE_CLASS.match(text, start) or _SIZE_CLASS_TAIL.match(text, end))


def _read_amount(text: str, start: int, end: int, core: str, *, allow_plus: bool) -> _Span | None:
    """Number + multiplier + measurement unit ("350 billion yuan", "30GW", "5.6%"). None when no
    unit follows."""
    plus = _PLUS_SIGN.match(text, end) if allow_plus else None
    pos = plus.end() if plus else end
    scale = 1
    en = _EN_SCALE.match(text, pos)
    if en:
        pos, scale = en.end(), EN_SCALES[en.group(1).lower()]
    unit = _amount_unit(text, pos)
    if unit is None:
        return None
    name, unit_end = unit
    return _Span(
        start=_currency_prefix_start(text, start), end=unit_end, number=core, scale=scale, unit=name,
        plus=plus is not None,
    )  # fmt: skip


def _read_count(text: str, start: int, end: int, core: str, *, word: bool) -> _Span | None:
    """An English count ("1,500 AI-related enterprises", "six \"... bases\"", "11 million
    residents"), a currency-prefixed amount ("US$1.5 billion"), or a bare number whose unit
    the subject will give ("grew from 6,259 (2020) to 16,630")."""
    plus = None if word else _PLUS_SIGN.match(text, end)
    pos = plus.end() if plus else end
    en = _EN_SCALE.match(text, pos)
    scale = 1
    if en:
        pos, scale = en.end(), EN_SCALES[en.group(1).lower()]
    if _GLUED_AFTER.match(text, pos):
        return None  # glued to letters or Chinese: 5G, 3D, 7S, 9th, 2nd, 14th, 300家
    if _SIZE_CLASS_TAIL.match(text, pos):
        return None
    currency = None if word else _prefix_unit(text, start)
    if currency:
        return _Span(
            start=_currency_prefix_start(text, start), end=pos, number=core, scale=scale,
            unit=currency, plus=plus is not None,
        )  # fmt: skip
    counted = _counted_noun(text, pos, singular_ok=_word_value(core) == 1 and en is None)
    if counted is not None:
        quote_end, noun_phrase, unit = counted
        return _Span(
            start=start, end=quote_end, number=core, scale=scale, unit=unit, plus=plus is not None,
            noun_phrase=noun_phrase,
        )  # fmt: skip
    if word or core in ("0", "1"):
        return None
    # Bare: _metric gives it the unit of its subject or of the figure it is coordinated with,
    # and extract_figures drops it when neither names one.
    return _Span(start=start, end=pos, number=core, scale=scale, unit="", plus=plus is not None)


def _word_value(core: str) -> float | None:
    if core.lower() in EN_WORD_NUMBERS:
        return EN_WORD_NUMBERS[core.lower()]
    try:
        return float(core.replace(",", ""))
    except ValueError:
        return None


def _is_name_number(text: str, start: int) -> bool:
    """True for "Fortune 500", "Industry 4.0": a capitalised word glued before, mid-sentence."""
    m = _CAPITALISED_BEFORE.search(text, max(0, start - 30), start)
    if m is None or m.group(1).lower() in _LEAD_WORDS:
        return False
    return not _sentence_initial(text, start - len(m.group(0)))


def _sentence_initial(text: str, pos: int) -> bool:
    """True when only spaces and quotes separate pos from the text start or a sentence break."""
    i = pos
    while i > 0 and text[i - 1] in _SKIPPED_BEFORE_SENTENCE:
        i -= 1
    return i == 0 or text[i - 1] in _SENTENCE_STARTERS


def _currency_prefix_start(text: str, start: int) -> int:
    """Include a currency sign written before the number ("$1.5 billion", "RMB 350 billion")."""
    m = _CURRENCY_PREFIX.search(text, max(0, start - _CURRENCY_WINDOW), start)
    return m.start() if m else start


def _prefix_unit(text: str, start: int) -> str | None:
    """The currency written before the number, if any."""
    m = _CURRENCY_PREFIX.search(text, max(0, start - _CURRENCY_WINDOW), start)
    return _CURRENCY_OF_PREFIX[m.group(1)] if m else None


def _amount_unit(text: str, pos: int) -> tuple[str, int] | None:
    """(normalised unit, end) of the measurement unit starting at pos, if any."""
    for pattern, unit in _AMOUNT_UNITS:
        m = pattern.match(text, pos)
        if m is not None:
            return unit, m.end()
    return None


def _in_chinese(text: str, start: int, end: int) -> bool:
    """The number+unit phrase stands in Chinese text: a CJK character right before or after it,
    or inside it. Such numbers are left to figures/zh.py (which uses the same rule)."""
    return _CJK.search(text, max(0, start - 1), min(len(text), end + 1)) is not None


def _counted_noun(text: str, pos: int, singular_ok: bool) -> tuple[int, str, str] | None:
    """The English noun phrase counted by the number before pos.

    Returns (end of the quote, metric phrase, unit = plural head noun in lower case), or None
    when no plural noun follows ("top 10 and", "reached 20 in").
    """
    i = pos
    while i < len(text) and text[i] in " \t":
        i += 1
    if i == pos and i < len(text) and text[i] not in "\"“":
        return None
    # A quoted name counted as a whole: six "ten thousand person R&D bases".
    q = _QUOTED_COUNTED.match(text, i)
    if q:
        inner = next(g for g in q.groups() if g is not None)
        words = _WORD.findall(inner)
        if not words or not (_is_plural(words[-1]) or singular_ok):
            return None
        return q.end(), _metric_case(inner.strip(), sentence_start=False), _pluralise(words[-1].lower())
    # An embedded size class belongs to the phrase: 5 "10 billion level" industrial parks.
    size = _SIZE_CLASS.match(text, i)
    phrase_start = i
    if size:
        i = size.end()
    words: list[re.Match[str]] = []
    while len(words) < 6:
        while i < len(text) and text[i] in " \t":
            i += 1
        m = _WORD.match(text, i)
        if m is None or m.group().lower() in _NP_STOP:
            break
        if len(words) == 0 and not size and m.group().lower() in _NOT_COUNTED | _NOT_COUNT_AFTER:
            return None
        words.append(m)
        i = m.end()
    # The head is the last plural noun of the phrase: "AI-related enterprises (established)".
    head_index = None
    for k in range(len(words) - 1, -1, -1):
        if _is_plural(words[k].group()):
            head_index = k
            break
    if head_index is None and singular_ok and words:
        head_index = _singular_head(words)
    if head_index is None:
        return None
    head = words[head_index]
    unit = head.group().lower()
    if unit in _NOT_COUNTED:
        return None
    unit = _pluralise(unit) if not _is_plural(unit) else unit
    metric_end = head.end()
    # "units sold": a generic noun is named by the participle after it
    if unit in _GENERIC_COUNT_NOUNS and head_index + 1 < len(words):
        if _COUNTING_PARTICIPLE.match(words[head_index + 1].group().lower()):
            metric_end = words[head_index + 1].end()
    metric = text[phrase_start:metric_end]
    # "cities and prefectures": one coordinated plural noun extends the label
    coord = _COORDINATED_NOUN.match(text, head.end())
    if coord and metric_end == head.end() and _is_plural(coord.group(1)):
        metric = text[phrase_start : coord.end()]
    return head.end(), _metric_case(metric, sentence_start=False), unit


def _singular_head(words: list[re.Match[str]]) -> int | None:
    """For a count of one ("1 national laboratory"), the head is the last noun-like word."""
    k = len(words) - 1
    while k > 0 and (words[k].group().lower().endswith(_NOT_NOUN_ENDINGS) or words[k].group()[0].isupper()):
        k -= 1  # skip trailing participles, adverbs and names
    return k if k >= 0 else None


def _is_plural(word: str) -> bool:
    """Looks like an English plural noun: "enterprises", "R&D bases", "people"; not "its"."""
    w = word.lower()
    if w in _IRREGULAR_PLURALS:
        return True
    if len(w) < 4 or not w.endswith("s") or w in _NOT_PLURAL:
        return False
    return not w.endswith(_NOT_PLURAL_ENDINGS) and w.isascii()


def _pluralise(word: str) -> str:
    """Unit names are plural: "laboratory" (from "1 national laboratory") -> "laboratories"."""
    if _is_plural(word):
        return word
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


# =====================================================================================
# Step 2: convert the number
# =====================================================================================


def _convert_number(span: _Span) -> float | None:
    """The value the span states, multipliers applied; None if the number cannot be read."""
    core = span.number
    if core.lower() in EN_WORD_NUMBERS:
        value = Decimal(EN_WORD_NUMBERS[core.lower()])
    else:
        try:
            value = Decimal(core.replace(",", ""))
        except InvalidOperation:
            return None
    result = float(value * span.scale)
    return result if math.isfinite(result) else None


# =====================================================================================
# Step 3: comparator
# =====================================================================================


def _comparator(text: str, span: _Span) -> str:
    """">" for "more than 900 billion", ">=" for "20,000+", "~" for "nearly 1,000" ..."""
    if span.plus:
        return ">="
    for pattern, symbol in _COMPARATOR_AFTER:
        if pattern.match(text, span.end):
            return symbol
    m = _COMPARATOR_BEFORE_RE.search(text, max(0, span.start - _BEFORE_WINDOW), span.start)
    if m is None:
        return "="
    return COMPARATORS_BEFORE.get(" ".join(m.group(1).lower().split()), "=")


def _comparator_start(text: str, span: _Span) -> int:
    """Where the comparator phrase before the span starts (span.start when there is none)."""
    m = _COMPARATOR_BEFORE_RE.search(text, max(0, span.start - _BEFORE_WINDOW), span.start)
    return m.start() if m else span.start


# =====================================================================================
# Step 4: year
# =====================================================================================


@dataclass(slots=True)
class _Context:
    """Per-text indexes shared by the steps below."""

    text: str
    sentence_breaks: list[int]  # end offsets of sentence-break matches
    clause_breaks: list[int]
    years: list[tuple[int, int, int | None, bool]]  # (start, end, year, is_baseline), sorted
    year_starts: list[int]
    published_year: int | None
    # Target/observed cues of the whole text, (start, end, kind) sorted: found once, not once per figure
    # (a 20,000-character line of "9 yuan" took 8 s, searching every figure's window again).
    cues: list[tuple[int, int, str]] = field(default_factory=list)
    cue_starts: list[int] = field(default_factory=list)
    funding_cues: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, the word)
    funding_starts: list[int] = field(default_factory=list)


def _build_context(text: str, published_year: int | None) -> _Context:
    years: list[tuple[int, int, int | None, bool]] = []
    for m in _YEAR_MENTION.finditer(text):
        baseline = bool(_BASELINE_BEFORE.search(text, max(0, m.start() - _BASELINE_WINDOW), m.start()))
        years.append((m.start(), m.end(), int(m.group()), baseline))
    for m in _RELATIVE_YEAR.finditer(text):
        key = " ".join(m.group().lower().split())
        year = None if published_year is None else published_year + _RELATIVE_OFFSET[key]
        years.append((m.start(), m.end(), year, False))
    years.sort()
    cues = sorted(_cues(text, 0, len(text), published_year))
    funding = [(m.start(), m.end(), m.group()) for m in _FUNDING_CUES.finditer(text)]
    return _Context(
        text=text,
        sentence_breaks=[m.end() for m in _SENTENCE_BREAK.finditer(text)],
        clause_breaks=[m.end() for m in _CLAUSE_BREAK.finditer(text)],
        years=years,
        year_starts=[y[0] for y in years],
        published_year=published_year,
        cues=cues,
        cue_starts=[c[0] for c in cues],
        funding_cues=funding,
        funding_starts=[c[0] for c in funding],
    )


def _last_break(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Start of the clause containing pos, looking back at most _LOOKBACK characters."""
    last = max(0, pos - _LOOKBACK)
    for m in pattern.finditer(text, last, pos):
        last = m.end()
    return last


def _bounds(breaks: list[int], text_len: int, pos: int, end: int) -> tuple[int, int]:
    """(start, end) of the unit (sentence or clause) around text[pos:end].

    At most _CONTEXT_MAX characters on either side: a line with no breaks at all (hostile
    input, "9 yuan 9 yuan ...") would otherwise make every figure read the whole line."""
    i = bisect.bisect_right(breaks, pos)
    j = bisect.bisect_right(breaks, end)
    start, stop = (breaks[i - 1] if i else 0), (breaks[j] if j < len(breaks) else text_len)
    return max(start, pos - _CONTEXT_MAX), min(stop, end + _CONTEXT_MAX)


def _year(ctx: _Context, span: _Span, next_start: int) -> int | None:
    """The year attached to the figure, else the nearest year in its sentence, else None.

    Attached: a year right after the figure ("(2024)", "in 2024", "by 2028", "by the end of
    this year" -> published_year) up to the next figure or clause end, or a year before it in
    the same clause. "since 2021" is a baseline, not the figure's year: such a figure gets None
    unless another year is attached.
    """
    text = ctx.text
    window_end = min(next_start, span.end + _YEAR_WINDOW)
    stop = _WINDOW_STOP.search(text, span.end, window_end)
    after = _years_between(ctx, span.end, stop.start() if stop else window_end)
    if after:
        _, _, year, baseline = after[0]
        return None if baseline else year
    clause_start, _ = _bounds(ctx.clause_breaks, len(text), span.start, span.end)
    before = _years_between(ctx, clause_start, span.start)
    if before:
        _, _, year, baseline = before[-1]
        return None if baseline else year
    sent_start, sent_end = _bounds(ctx.sentence_breaks, len(text), span.start, span.end)
    candidates = [
        (span.start - end if end <= span.start else start - span.end, year)
        for start, end, year, baseline in _years_between(ctx, sent_start, sent_end)
        if year is not None and not baseline and not span.start <= start < span.end
    ]
    return min(candidates)[1] if candidates else None


def _years_between(ctx: _Context, lo: int, hi: int) -> list[tuple[int, int, int | None, bool]]:
    """Year mentions lying entirely within text[lo:hi], in order."""
    i = bisect.bisect_left(ctx.year_starts, lo)
    found = []
    while i < len(ctx.years) and ctx.years[i][0] < hi:
        if ctx.years[i][1] <= hi:
            found.append(ctx.years[i])
        i += 1
    return found


# =====================================================================================
# Step 5: kind
# =====================================================================================


def _kind(ctx: _Context, span: _Span, year: int | None, default_kind: str) -> str:
    """"target" for aims, "observed" for reports, else default_kind.

    1. With a publication year, a figure's year after it is a target, before it observed.
    2. Otherwise the cue nearest the figure in its clause decides, then in its sentence:
       aims (will, aims, expected to, strive, cultivate, by <year>) against reports (reached,
       grew, hosts, (<year>), in <past year>).
    """
    published = ctx.published_year
    if year is not None and published is not None and year != published:
        return "target" if year > published else "observed"
    text = ctx.text
    for breaks in (ctx.clause_breaks, ctx.sentence_breaks):
        lo, hi = _bounds(breaks, len(text), span.start, span.end)
        cues = _between(ctx.cues, ctx.cue_starts, lo, hi)
        cues = [c for c in cues if not (span.start <= c[0] < span.end)]
        if cues:
            def distance(cue: tuple[int, int, str]) -> int:
                return span.start - cue[1] if cue[1] <= span.start else cue[0] - span.end

            return min(cues, key=distance)[2]
    return default_kind


def _funding_cue(ctx: _Context, span: _Span) -> str | None:
    """What the money is, when a funding word stands in the amount's clause: the words from the
    amount to that word when it follows closely ("10 billion yuan AI industry fund" -> "AI industry
    fund"), else the word nearest the amount ("in support" -> "support"); None without one."""
    lo, hi = _bounds(ctx.clause_breaks, len(ctx.text), span.start, span.end)
    cues = [c for c in _between(ctx.funding_cues, ctx.funding_starts, lo, hi) if not span.start <= c[0] < span.end]
    if not cues:
        return None
    start, end, word = min(cues, key=lambda c: span.start - c[1] if c[1] <= span.start else c[0] - span.end)
    between = [w for w in ctx.text[span.end:start].split() if w.lower() not in _NP_STOP | _PARTICLES | _FUNDING_LINKS]
    if start >= span.end and start - span.end <= _FUNDING_NAME_MAX and _WORDS_ONLY.fullmatch(ctx.text[span.end:start]):
        return " ".join([*between, word])  # "AI industry fund"; "in support" -> "support"
    return word.lower()


def _between(cues: list[tuple[int, int, str]], starts: list[int], lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The cues (sorted, with their `starts`) lying entirely within text[lo:hi]."""
    found = []
    for i in range(bisect.bisect_left(starts, lo), len(cues)):
        cue = cues[i]
        if cue[0] >= hi:
            break
        if cue[1] <= hi:
            found.append(cue)
    return found


def _cues(text: str, lo: int, hi: int, published: int | None) -> list[tuple[int, int, str]]:
    cues = [(m.start(), m.end(), "target") for m in _TARGET_CUES.finditer(text, lo, hi)]
    cues += [(m.start(), m.end(), "observed") for m in _OBSERVED_CUES.finditer(text, lo, hi)]
    for m in _YEAR_CUE.finditer(text, lo, hi):
        if m.group("by_year"):
            year = int(m.group("by_year"))
            kind = "observed" if published is not None and year < published else "target"
        elif m.group("paren_year"):
            year = int(m.group("paren_year"))
            kind = "target" if published is not None and year > published else "observed"
        else:  # "in 2024": only meaningful against a publication year
            if published is None:
                continue
            year = int(m.group("in_year"))
            kind = "target" if year > published else "observed"
        cues.append((m.start(), m.end(), kind))
    return cues


# =====================================================================================
# Step 6: metric
# =====================================================================================


def _metric(ctx: _Context, span: _Span, previous: tuple[_Span, str] | None) -> tuple[str, str]:
    """(metric, unit): the label of what is measured, and the unit for bare numbers.

    Counted nouns: the noun phrase after the number ("AI-related enterprises"). Amounts: the
    subject before the verb ("technology contract transactions reached ..."), "X of <amount>"
    ("an industrial scale of 350 billion yuan"), the noun after the amount ("100 billion yuan
    output"), "share of Y" for "<p>% of Y". A figure coordinated with the previous one
    ("20 GW by ... and 30GW by 2030", "from 6,259 (2020) to 16,630") shares its metric.
    """
    if span.noun_phrase:
        return span.noun_phrase, span.unit
    text = ctx.text
    clause_start, _ = _bounds(ctx.clause_breaks, len(text), span.start, span.end)
    region_end = _comparator_start(text, span)
    inherited = _coordinated(text, span, previous)
    subject = _en_subject(text, clause_start, region_end, verbal_comparator=_verbal_comparator(text, span))
    if not span.unit:  # bare number: the subject's head noun is the unit
        if subject and _is_plural(subject.split()[-1]):
            return subject, subject.split()[-1].lower()
        if inherited and inherited[1]:
            return inherited
        return "", ""
    following = _following_noun(text, span.end)
    of_phrase = _of_phrase(text, span.end)
    if of_phrase and span.unit == "%":  # "50% of GDP": a share
        metric = f"{subject} share of {of_phrase}" if subject else f"share of {of_phrase}"
    elif of_phrase:  # "3 GW of solar capacity": the phrase names the quantity
        metric = of_phrase
    elif following and subject:
        metric = f"{following} of {subject}"
    else:
        metric = following or subject
    if not metric and inherited and inherited[1] == span.unit:
        metric = inherited[0]
    return _limit_words(metric) or span.unit, span.unit


def _coordinated(text: str, span: _Span, previous: tuple[_Span, str] | None) -> tuple[str, str] | None:
    """The previous figure's (metric, unit) when only connectives and years separate the two."""
    if previous is None:
        return None
    prev, prev_metric = previous
    gap = text[prev.end : span.start]
    if len(gap) > _GAP_MAX_CHARS:
        return None
    if not _GAP_CONNECTIVES.fullmatch(_GAP_YEARS.sub(" ", gap)):
        return None
    return prev_metric, prev.unit


def _verbal_comparator(text: str, span: _Span) -> bool:
    """True when the comparator before the span is itself the verb: "to exceed 200 billion"."""
    m = _COMPARATOR_BEFORE_RE.search(text, max(0, span.start - _BEFORE_WINDOW), span.start)
    return bool(m and " ".join(m.group(1).lower().split()) in _VERBAL_COMPARATORS)


def _en_subject(text: str, lo: int, hi: int, *, verbal_comparator: bool = False) -> str:
    """The noun phrase an English amount is predicated of, read backwards from the number.

    "the scale of the AI industry in the province will reach" -> "scale of the AI industry";
    "with an industrial scale of" -> "industrial scale"; "outperforming national growth by"
    -> "outperforming national growth"; ", contributing" -> the previous clause's subject.
    """
    words = _WORD.findall(text, lo, hi)
    if not words:
        return ""
    lowered = [w.lower() for w in words]
    if lowered[-1] == "of":  # "an industrial scale of 350 billion yuan"
        return _clean_np(_collect_np(words[:-1]))
    if lowered[-1] == "by" and len(words) > 1:  # "outperforming national growth by 13.2 points"
        return _clean_np(words[:-1])
    i = len(words) - 1
    if verbal_comparator:  # "to exceed": the verb was the comparator, only auxiliaries remain
        while i >= 0 and lowered[i] in _AUXILIARIES:
            i -= 1
    else:
        while i >= 0 and lowered[i] in _PARTICLES:
            i -= 1
        if i < 0 or not (lowered[i] in _LINK_VERBS or lowered[i].endswith(_LINK_ENDINGS)):
            return ""  # no verb between subject and number: nothing reliable to read
        i -= 1
        while i >= 0 and lowered[i] in _AUXILIARIES:
            i -= 1
    np = _clean_np(_collect_np(words[: i + 1]))
    if np or i >= 0:
        return np
    # ", contributing over 60% of ...": a participle clause describes the previous clause's subject
    prev_start = _last_break(_CLAUSE_BREAK, text, max(0, lo - 1))
    prev_words = _WORD.findall(text, prev_start, max(prev_start, lo - 1))
    if 0 < len(prev_words) <= 6 and not any(w.lower() in _LINK_VERBS | _AUXILIARIES for w in prev_words):
        return _clean_np(prev_words)
    return ""


def _collect_np(words: list[str]) -> list[str]:
    """Words of the noun phrase ending the list, walking back to a stop word (max 12)."""
    out: list[str] = []
    for word in reversed(words):
        if word.lower() in _NP_STOP or len(out) >= 12:
            break
        out.append(word)
    return out[::-1]


def _clean_np(words: list[str]) -> str:
    """Drop determiners, possessors and counts at the front and locatives at the end."""
    words = list(words)
    while words and (
        words[0].lower() in _NP_LEADING_NOISE
        or words[0].lower() in EN_WORD_NUMBERS
        or (_POSSESSIVE.search(words[0]) and len(words) > 1)
    ):
        words.pop(0)
    phrase = " ".join(words)
    shorter = _TRAILING_LOCATIVE.sub("", phrase)
    if shorter and shorter != phrase:
        phrase = shorter
    return _metric_case(_limit_words(phrase))


def _following_noun(text: str, pos: int) -> str:
    """Lower-case nouns right after an amount: "100 billion yuan output", "5.6% growth"."""
    words: list[str] = []
    i = pos
    while len(words) < 3:
        m = _FOLLOWING_WORD.match(text, i)
        if m is None:
            break
        word = m.group(1)
        if word in _NP_STOP or word in _PARTICLES or word in _STOP_AFTER_AMOUNT or word.endswith(_NOT_NOUN_ENDINGS):
            break
        if word in _LINK_VERBS or word in _AUXILIARIES:
            break
        words.append(word)
        i = m.end()
    return " ".join(words)


def _of_phrase(text: str, pos: int) -> str:
    """Y in "<amount> of Y": "50% of GDP" -> "GDP", "3 GW of solar capacity"."""
    m = _OF_PHRASE.match(text, pos)
    if not m:
        return ""
    words = []
    for w in m.group(1).split():
        if w.lower() in _NP_STOP or w.lower() in _STOP_AFTER_AMOUNT:
            break
        words.append(w)
    while len(words) > 1 and words[0].lower() in _NP_LEADING_NOISE:
        words.pop(0)  # "of the total" -> "total"
    return _metric_case(" ".join(words), sentence_start=False)


def _limit_words(phrase: str) -> str:
    return " ".join(phrase.split()[:_METRIC_MAX_WORDS])


def _metric_case(phrase: str, *, sentence_start: bool = True) -> str:
    """Lower-case a label but keep acronyms (AI, GDP, R&D) and names inside running text.

    A phrase in Title Case is lower-cased throughout; otherwise only a first word that may
    owe its capital to the start of a sentence is ("Technology contract transactions" ->
    "technology ..."), so a name inside the sentence ("share of Hubei's GDP") keeps its capital.
    """
    words = phrase.split()
    if not words:
        return ""

    def is_acronym(w: str) -> bool:
        return sum(c.isupper() for c in w) >= 2

    plain = [w for w in words if not is_acronym(w)]
    title_case = len(plain) > 1 and sum(w[:1].isupper() for w in plain) * 2 > len(plain)
    out = []
    for k, w in enumerate(words):
        if not is_acronym(w) and (title_case or (k == 0 and sentence_start)):
            w = w.lower()
        out.append(w)
    return " ".join(out)


# =====================================================================================
# Public entry point
# =====================================================================================


def extract_figures(text: str, *, published_year: int | None = None, default_kind: str = "observed") -> list[FigureHit]:
    """Every quantity in ``text`` that states a target or an observed indicator in English.

    ``published_year`` resolves "this year" and tells future years (targets) from past ones
    (observations); ``default_kind`` applies when nothing in the sentence says which it is.
    Numbers standing in Chinese text are never read here (see ``_in_chinese``): they are
    figures/zh.py's. Hits are sorted by start and never overlap; ``text[h.start:h.end] == h.quote``.
    """
    if default_kind not in ("target", "observed"):
        raise ValueError(f"default_kind must be 'target' or 'observed', not {default_kind!r}")
    spans = _find_spans(text)
    if not spans:
        return []
    ctx = _build_context(text, published_year)
    hits: list[FigureHit] = []
    previous: tuple[_Span, str] | None = None
    for k, span in enumerate(spans):
        if _in_chinese(text, span.start, span.end):
            continue  # figures/zh.py reads it
        value = _convert_number(span)
        if value is None:
            continue
        next_start = spans[k + 1].start if k + 1 < len(spans) else len(text)
        metric, unit = _metric(ctx, span, previous)
        if not unit:
            continue  # a bare number with nothing saying what it counts
        span.unit = unit
        comparator = _comparator(text, span)
        year = _year(ctx, span, next_start)
        funding = _funding_cue(ctx, span) if unit in _FUNDING_UNITS else None
        kind = "funding" if funding else _kind(ctx, span, year, default_kind)
        if funding and metric in ("", unit):  # "10 billion yuan AI industry fund", "... in support"
            metric = funding
        hits.append(
            FigureHit(
                start=span.start, end=span.end, quote=text[span.start : span.end], value=value,
                unit=unit, comparator=comparator, year=year, kind=kind, metric=metric or unit,
            )  # fmt: skip
        )
        previous = (span, metric)
    return hits
