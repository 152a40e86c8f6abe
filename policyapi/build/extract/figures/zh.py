"""Figures in Chinese text: the quantities a text states as targets, observations or funding.

``extract_figures(text)`` returns one :class:`FigureHit` per number+unit phrase standing in
Chinese text: "两千亿元" -> 2e11 CNY, "超过1000家" -> >1000 enterprises, "3-5个应用场景" ->
3..5 scenarios, "40EFLOPS", "翻一番" -> 2 times, each with a comparator, a year, a kind and the
noun phrase it counts (its metric).

Every word it knows comes from ``policyapi/build/grammar/zh/figures.toml`` (compiled once by
``_compile``); this module only says how the pieces fit together, one function per step, in
the order they run:

    _find_spans     number (+ range) + multiplier + unit or classifier (+ the counted noun);
                    dates, years, ordinals, names, slogans and size classes are left out
    _values         the number as written -> float (chinese2digits for Chinese numerals)
    _is_condition   amounts inside "对…的" conditions are left out
    _comparator     mark (多/余), then a word after (以上), then a word before (超过, 最高)
    _metric         the subject before the number, else the noun after it; the unit of a count
    _year           the figure's clause, else the year carried from earlier in its sentence
    _kind           "funding" for money put up, else "target"/"observed" by year and cue words

Sentences, clauses, list items, years and cue words are indexed once per text
(``_build_context``) and looked up by bisection, so the time taken grows linearly with the text.

Input is the analysis view of a document (Simplified script, ASCII digits), so one grammar
reads Traditional and Simplified, full-width and ASCII digits alike.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import chinese2digits

from policyapi.build import grammar
from policyapi.build.extract.figures.hit import FigureHit
from policyapi.build.spans import inside, merge, outermost

__all__ = ["extract_figures"]


_CJK = "\u3400-\u9fff"
_CJK_RE = re.compile(f"[{_CJK}]")
_CONTEXT_MAX = 1000  # characters of a sentence or clause read on either side of a figure
_REGION_MAX = 40  # characters read back from a number for its subject
_NOUN_MAX = 20  # characters read after a number for the noun it counts
_COMPARATOR_WINDOW = 12  # characters read back from a number for its comparator
_NOTE = re.compile(r"[（(][^（）()]*[）)]")  # a bracketed note inside a subject


# =====================================================================================
# The grammar, compiled once from grammar/zh/figures.toml
# =====================================================================================


def _alt(words: Any) -> str:
    """A regex alternation of literal words, longest first (so "不超过" wins over "超过")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _chars(chars: str) -> str:
    return "".join(re.escape(c) for c in chars)


@dataclass(frozen=True, slots=True)
class _Grammar:
    # numbers
    number: re.Pattern[str]  # one number token: groups pct, ascii, zh
    after_number: re.Pattern[str]  # mark? multiplier? mark?
    multipliers: dict[str, int]
    multiplier_only: str  # characters that make a bare multiplier (万, 亿)
    powers: str
    bare_first: str
    alone: frozenset[str]
    range_separator: re.Pattern[str]
    follows: frozenset[str]  # characters that may stand right after a number that is a figure
    fixed: re.Pattern[str] | None
    fixed_values: dict[str, tuple[float, str]]
    # units
    unit: re.Pattern[str]  # a measurement unit or a classifier
    units: dict[str, str]
    classifiers: dict[str, str]
    count_noun: re.Pattern[str]
    count_nouns: dict[str, str]
    # comparators
    before: re.Pattern[str]  # comparator (+ gap word) ending where the number starts
    before_symbols: dict[str, str]
    after: re.Pattern[str]
    after_symbols: dict[str, str]
    marks: dict[str, str]
    # not figures
    not_before: re.Pattern[str]
    joined_by: frozenset[str]
    vague_before: frozenset[str]
    size_class: re.Pattern[str]
    threshold: re.Pattern[str]
    threshold_noun: re.Pattern[str]  # a noun right after "超<amount>" that the amount qualifies
    above_before: re.Pattern[str]  # 超, 超过, 过 ... right before a number
    slogan_noun: re.Pattern[str]
    place_after: re.Pattern[str]
    condition_open: re.Pattern[str]
    condition_close: str
    titles: re.Pattern[str]
    quotes: re.Pattern[str]
    slogans: re.Pattern[str]
    sentence_punctuation: re.Pattern[str]
    # sentences
    text_break: re.Pattern[str]  # where a list item, a clause or a sentence ends
    sentence_chars: str
    item_chars: str  # characters that end a list item only
    # years
    year: re.Pattern[str]  # "2027年", "2026—2028年", with suffix
    year_before: re.Pattern[str]  # 到 / 截至 / 较 ... right before a year
    year_before_roles: dict[str, str]
    year_after_baseline: re.Pattern[str]
    target_suffixes: frozenset[str]
    relative: re.Pattern[str] | None
    relative_offsets: dict[str, int]
    numeral_chars: str
    # kind
    cue: re.Pattern[str]
    cue_roles: dict[str, tuple[str, int] | None]  # word -> (kind, strength 0 strong / 1 verb)
    funding: re.Pattern[str]
    funding_units: frozenset[str]
    continuation_chars: int  # an amount this near its clause's start may continue the clause before
    # metric
    label_break: re.Pattern[str]
    cut: re.Pattern[str]
    leading: re.Pattern[str]
    trailing: re.Pattern[str]
    rate: re.Pattern[str]
    grow_by: re.Pattern[str]
    not_metric: frozenset[str]
    noun_run: re.Pattern[str]
    noun_stop: re.Pattern[str]
    max_chars: int


@functools.cache
def _grammar() -> _Grammar:
    """The grammar of grammar/zh/figures.toml, compiled once per process."""
    return _compile(grammar.load("zh", "figures"))


def _compile(g: dict[str, Any]) -> _Grammar:
    """Turn the TOML lists into compiled patterns and lookup tables."""
    num, cmp_, nf, yr, kind, met = g["numbers"], g["comparators"], g["not_figures"], g["years"], g["kind"], g["metric"]

    multipliers: dict[str, int] = dict(num["multipliers"])
    powers = num["powers"]
    multiplier_only = "".join(sorted({c for m in multipliers for c in m} - set(powers) - set(num["digits"])))
    zh_chars = _chars(num["digits"] + powers + multiplier_only)
    zh_decimal = f"{re.escape(num['decimal_point'])}[{_chars(num['digits'])}]+[{_chars(multiplier_only)}]*"
    # A number token: ASCII digits ("1,500", "1.9") or a Chinese numeral run ("两千亿", "三点五万"),
    # maybe after 百分之. (The lookahead lets the engine skip to candidate characters quickly.)
    number = re.compile(
        f"(?=[0-9{zh_chars}{re.escape(num['percent_prefix'][0])}])"
        f"(?P<pct>{re.escape(num['percent_prefix'])})?"
        r"(?:(?P<ascii>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
        f"|(?P<zh>[{zh_chars}]+(?:{zh_decimal})?))"
    )
    marks: dict[str, str] = dict(cmp_["marks"])
    mark = f"[{_chars(''.join(marks))}]"
    after_number = re.compile(f"(?P<m1>{mark})?(?P<mult>{_alt(multipliers)})?(?P<m2>{mark})?")

    units: dict[str, str] = dict(g["units"])
    classifiers: dict[str, str] = dict(g["classifiers"])
    unit_parts = []
    for word in sorted({*units, *classifiers}, key=len, reverse=True):
        part = re.escape(word)
        if word[0].isascii() and word[0].isalpha():
            part = " ?" + part  # "30 GW"
        if word[-1].isascii() and word[-1].isalpha():
            part += "(?![A-Za-z])"  # "5G", "5000PUE" are no units
        unit_parts.append(part)
    count_nouns: dict[str, str] = dict(g["count_nouns"])
    fixed = num.get("fixed", {})

    before_symbols: dict[str, str] = dict(cmp_["before"])
    after_symbols: dict[str, str] = dict(cmp_["after"])

    titles = [f"{re.escape(a)}[^{re.escape(b)}\n]{{0,120}}{re.escape(b)}" for a, b in nf["titles"]]
    quotes = [f"{re.escape(a)}[^{re.escape(b)}\n]{{1,{int(nf['quote_max_chars'])}}}{re.escape(b)}"
              for a, b in nf["quotes"]]

    text_ = g["text"]
    # One pattern finds every break; _build_context sorts them by the character found. An ASCII
    # "." before a digit is a decimal point, an ASCII comma between two digits a thousands separator.
    break_chars = _chars(text_["sentence_ends"] + text_["clause_ends"] + text_["item_ends"])
    text_break = re.compile(f"(?=[{break_chars}.,])(?:[^.,]|[.,](?![0-9])|(?<![0-9]),)")

    year_piece = yr["pattern"]
    marker = re.escape(yr["marker"])
    range_sep = _alt(yr["range_separators"])
    suffix = _alt(yr["suffixes"])
    year = re.compile(
        f"(?=[0-9])(?<![0-9.,])(?P<y1>{year_piece})(?:{marker}?\\s*(?:{range_sep})\\s*(?P<y2>{year_piece}))?{marker}"
        f"(?P<suffix>{suffix})?"
    )
    year_before_roles = {
        **dict.fromkeys(yr["target_before"], "target"),
        **dict.fromkeys(yr["observed_before"], "observed"),
        **dict.fromkeys(yr["baseline_before"], "baseline"),
    }
    relative_offsets: dict[str, int] = dict(yr.get("relative", {}))
    # A year phrase as it may stand in a subject: "到2027年", "较2024年", "2025年底前", "今年".
    year_phrase = (
        f"(?:{_alt(year_before_roles)})?{year_piece}(?:{marker}?(?:{range_sep}){year_piece})?{marker}"
        f"(?:{suffix})?(?:{_alt(yr['baseline_after'])})?"
    )
    if relative_offsets:
        year_phrase += f"|(?:{_alt(year_before_roles)})?(?:{_alt(relative_offsets)})(?:{_alt(yr['baseline_after'])})?"

    cue_roles: dict[str, tuple[str, int] | None] = {
        **{w: ("target", 1) for w in kind["target_verbs"]},
        **{w: ("observed", 1) for w in kind["observed_verbs"]},
        **{w: ("target", 0) for w in kind["target"]},
        **{w: ("observed", 0) for w in kind["observed"]},
        **dict.fromkeys(kind["neutral"]),
    }

    return _Grammar(
        number=number,
        after_number=after_number,
        multipliers=multipliers,
        multiplier_only=multiplier_only,
        powers=powers,
        bare_first=num["bare_first"],
        alone=frozenset(num["alone"]),
        range_separator=re.compile(f"\\s*(?:{_alt(num['range_separators'])})\\s*"),
        follows=frozenset(
            {w[0] for w in [*units, *classifiers, *multipliers, *marks, *num["range_separators"]]} | {" "}
        ),
        fixed=re.compile(_alt(fixed)) if fixed else None,
        fixed_values={k: (float(v["value"]), v["unit"]) for k, v in fixed.items()},
        unit=re.compile("|".join(unit_parts)),
        units=units,
        classifiers=classifiers,
        count_noun=re.compile(_alt(count_nouns)),
        count_nouns=count_nouns,
        before=re.compile(f"(?P<cmp>{_alt(before_symbols)})(?:{_alt(cmp_['gap'])})?$"),
        before_symbols=before_symbols,
        after=re.compile(_alt(after_symbols)),
        after_symbols=after_symbols,
        marks=marks,
        not_before=re.compile(f"(?:{_alt(nf['before'])})$"),
        joined_by=frozenset(nf["joined_by"]) | frozenset(num["range_separators"]),
        vague_before=frozenset(nf["vague_before"]),
        size_class=re.compile(_alt(nf["size_class_after"])),
        threshold=re.compile(f"(?:{_alt(nf['threshold_after'])})(?=[{_CJK}])"),
        threshold_noun=re.compile(_alt(nf["threshold_nouns"])),
        above_before=re.compile(f"(?:{_alt(nf['threshold_comparators'])})$"),
        slogan_noun=re.compile(_alt(nf["slogan_noun_start"])),
        condition_open=re.compile(f"\\s*(?:{_alt(nf['condition_before'])})"),
        condition_close=nf["condition_after"],
        place_after=re.compile(f"[{_CJK}]{{1,2}}(?:{_alt(nf['place_suffixes'])})(?!级)"),
        titles=re.compile("|".join(titles)),
        quotes=re.compile("|".join(quotes)),
        slogans=re.compile(_alt(nf["slogans"])),
        sentence_punctuation=re.compile(f"[{_chars(nf['sentence_punctuation'])}]"),
        text_break=text_break,
        sentence_chars=text_["sentence_ends"] + ".",
        item_chars=text_["item_ends"],
        year=year,
        year_before=re.compile(f"(?:{_alt(year_before_roles)})$"),
        year_before_roles=year_before_roles,
        year_after_baseline=re.compile(_alt(yr["baseline_after"])),
        target_suffixes=frozenset(yr["target_after"]),
        relative=re.compile(_alt(relative_offsets)) if relative_offsets else None,
        relative_offsets=relative_offsets,
        numeral_chars=num["digits"] + powers + multiplier_only + "0123456789",
        cue=re.compile(_alt(cue_roles)),
        cue_roles=cue_roles,
        funding=re.compile(_alt(kind["funding"])),
        funding_units=frozenset(kind["funding_units"]),
        continuation_chars=kind["continuation_chars"],
        label_break=re.compile(f"[^{_CJK}A-Za-z0-9%]"),
        cut=re.compile(_alt(met["cut_after"])),
        leading=re.compile(f"^(?:{_alt(met['leading_noise'])}|{year_phrase})+"),
        trailing=re.compile(f"(?:{_alt(met['trailing_noise'])}|{year_phrase})$"),
        rate=re.compile(f"(?:{_alt(met['rate_words'])})$"),
        grow_by=re.compile(f"(?:{_alt(met['grow_by'])})$"),
        not_metric=frozenset(met["not_metric"]),
        noun_run=re.compile(f"[{_CJK}A-Za-z]{{1,{_NOUN_MAX}}}"),
        noun_stop=re.compile(_alt(met["noun_stops"])),
        max_chars=int(met["max_chars"]),
    )


# =====================================================================================
# Step 1: find spans
# =====================================================================================


@dataclass(slots=True)
class _Number:
    """One reading of a number as written: core, multiplier after it, 多/余 mark."""

    core: str  # "350", "1,500", "两千", "万"
    is_ascii: bool
    multiplier: str  # "万", "亿" ... written after the core; "" if none
    mark: str  # "多", "余" or ""
    end: int
    percent: bool = False  # written as 百分之X


@dataclass(slots=True)
class _Span:
    """A number+unit phrase found in the text, before interpretation."""

    start: int
    end: int
    number: _Number | None  # None for fixed phrases (翻一番)
    lower: _Number | None = None  # lower end of a range
    unit: str = ""  # normalised measurement unit; "" for a classifier, resolved by _metric
    classifier: str = ""  # "家", "个" ...
    unit_end: int = 0  # where the unit or classifier ends (the quote may run on with the noun)
    noun: str = ""  # counted noun after the classifier, cut at its last head noun ("应用场景")
    other_noun: bool = False  # a noun follows the classifier, but no known one
    free_noun: str = ""  # a noun after the classifier that no count noun heads ("50家以上优秀服务商")
    fixed_value: float | None = None
    item: tuple[int, int] = (0, 0)  # bounds of its list item, clause and sentence
    clause: tuple[int, int] = (0, 0)
    sentence: tuple[int, int] = (0, 0)


def _find_spans(g: _Grammar, text: str, names: list[tuple[int, int]]) -> list[_Span]:
    """Every number+unit phrase that can be a figure, sorted by start, never overlapping."""
    found: list[_Span] = []
    if g.fixed is not None:
        for m in g.fixed.finditer(text):
            if not inside(m.start(), names):
                value, unit = g.fixed_values[m.group()]
                found.append(_Span(m.start(), m.end(), None, unit=unit, unit_end=m.end(), fixed_value=value))
    for m in g.number.finditer(text):
        span = _read_span(g, text, m, names)
        if span is not None:
            found.append(span)
    return outermost(found)


def _read_span(g: _Grammar, text: str, m: re.Match[str], names: list[tuple[int, int]]) -> _Span | None:
    """The phrase starting with this number token, or None when it is no figure."""
    zh = m.group("zh")
    if not m.group("pct") and text[m.end() : m.end() + 1] not in g.follows and not (
        zh and zh[-1] in g.powers + g.multiplier_only  # may back off: 两千万|千瓦
    ):
        return None  # nothing a figure may continue with: a year, a date, 一批, 统一
    if _not_a_quantity(g, text, m, names):
        return None
    for first in _readings(g, text, m):
        if first.percent:
            return _Span(m.start(), first.end, first, unit="%", unit_end=first.end)
        span = _read_range(g, text, m.start(), first) or _read_unit(g, text, m.start(), first, None)
        if span is not None:
            return span
    return None


def _not_a_quantity(g: _Grammar, text: str, m: re.Match[str], names: list[tuple[int, int]]) -> bool:
    """Numbers that are labels, ordinals, ranks, parts of codes, names or vague amounts."""
    start = m.start()
    if inside(start, names):
        return True  # 《2025年…规划》, “5G+工业互联网”, 千行百业
    prev = text[start - 1] if start else ""
    if prev and prev.isascii() and (prev.isalnum() or prev in "_."):
        return True  # glued to a code: A100, v2.1, the second group of "1,5000"
    if prev in g.joined_by and start >= 2 and text[start - 2] in g.numeral_chars:
        return True  # the second number of a date, ratio, formula or range already read
    if g.not_before.search(text, max(0, start - 4), start):
        return True  # 第3, 前10名, 每万人
    zh = m.group("zh")
    if zh and not m.group("pct"):
        if zh in g.alone:
            return True  # 一个, 一批
        if zh[0] in g.powers + g.multiplier_only:  # no digit before the multiplier: 百个, 万个
            if prev in g.vague_before:
                return True  # 数百家, 几十个, 上千家
            if zh[0] not in g.bare_first and not g.before.search(text, max(0, start - _COMPARATOR_WINDOW), start):
                return True  # a bare 万 or 亿 is a word (万元 as a column unit), unless "超万个"
    return False


def _readings(g: _Grammar, text: str, m: re.Match[str]) -> Iterator[_Number]:
    """Ways to read the number token and what follows it, longest first.

    A Chinese numeral run backs off character by character when its last multiplier
    character belongs to the unit ("两千万千瓦": 万 ends the number, 千瓦 is the unit); a
    multiplier after an ASCII number backs off the same way ("5千瓦": no multiplier).
    """
    is_ascii = bool(m.group("ascii"))
    core, end = (m.group("ascii") or m.group("zh")), m.end()
    while True:
        if m.group("pct"):
            yield _Number(core, is_ascii, "", "", end, percent=True)
            return
        a = g.after_number.match(text, end)
        m1, mult, m2 = a.group("m1") or "", a.group("mult") or "", a.group("m2") or ""
        # the multiplier as written, then each shorter one it starts with, then none
        for option in (mult[:k] for k in range(len(mult), 0, -1) if mult[:k] in g.multipliers):
            m2_here = m2 if option == mult else ""
            yield _Number(core, is_ascii, option, m1 or m2_here, end + len(m1) + len(option) + len(m2_here))
        yield _Number(core, is_ascii, "", m1, end + len(m1))
        if is_ascii or len(core) == 1 or core[-1] not in g.powers + g.multiplier_only:
            return
        core, end = core[:-1], end - 1


def _read_range(g: _Grammar, text: str, start: int, first: _Number) -> _Span | None:
    """"3-5个", "3至5家", "10-20亿元", "20%-30%": lower end, separator, upper end, unit."""
    if first.mark:
        return None
    u1 = g.unit.match(text, first.end)  # the lower end may repeat the unit: "20%-30%"
    sep = g.range_separator.match(text, u1.end() if u1 else first.end)
    if sep is None:
        return None
    m2 = g.number.match(text, sep.end())
    if m2 is None or m2.group("pct") or (m2.group("zh") and m2.group("zh") in g.alone):
        return None
    for second in _readings(g, text, m2):
        span = _read_unit(g, text, start, second, first)
        if span is not None:
            if u1 is not None and u1.group().strip() != text[second.end : span.unit_end].strip():
                return None
            return span
    return None


def _read_unit(g: _Grammar, text: str, start: int, number: _Number, lower: _Number | None) -> _Span | None:
    """The unit or classifier right after the number; None when there is none."""
    u = g.unit.match(text, number.end)
    if u is None:
        return None
    word, end = u.group().strip(), u.end()
    if g.size_class.match(text, end):
        return None  # 百亿元级产业集群: a size class
    if lower is not None and not lower.multiplier and number.multiplier:
        lower = _Number(lower.core, lower.is_ascii, number.multiplier, "", lower.end)  # 10-20亿元
    if word in g.units:
        if g.threshold.match(text, end):
            return None  # 亿元以上项目: a threshold naming a kind of project
        if g.threshold_noun.match(text, end) and g.above_before.search(text, max(0, start - 4), start):
            return None  # 营收超亿元企业: "over 100 million yuan" names a kind of enterprise
        return _Span(start, end, number, lower, unit=g.units[word], unit_end=end)
    span = _Span(start, end, number, lower, classifier=word, unit_end=end)
    return _counted_noun(g, text, span)


def _counted_noun(g: _Grammar, text: str, span: _Span) -> _Span | None:
    """The noun a classifier counts when it follows it: "100个应用场景", "10个以上人工智能产业园".

    The quote runs on with the noun when the noun follows the classifier directly. A noun
    starting with 一 makes a slogan (四个一批), a place suffix a place name (五家渠市).
    """
    noun, noun_start = _noun_after(g, text, span.end)
    if noun and g.slogan_noun.match(noun):
        return None
    heads = list(g.count_noun.finditer(noun))
    place = g.place_after.match(text, span.end) if noun_start == span.end else None
    if place and not (heads and heads[0].start() == 0 and heads[0].end() >= place.end() - span.end):
        return None  # 五家渠市, 七台河市 (but 3个城市, 2个园区 count)
    if heads:
        span.noun = noun[: heads[-1].end()]
        if noun_start == span.end:
            span.end += len(span.noun)
    else:
        span.other_noun = bool(noun)
        span.free_noun = noun[: g.max_chars]
    return span


def _noun_after(g: _Grammar, text: str, pos: int) -> tuple[str, int]:
    """(noun, start) of the Chinese noun right after pos, past a comparator such as 以上."""
    after = g.after.match(text, pos)
    if after:
        pos = after.end()
    run = g.noun_run.match(text, pos)
    if run is None:
        return "", pos
    noun = run.group()
    stop = g.noun_stop.search(noun)
    return (noun[: stop.start()] if stop else noun), pos


def _names(g: _Grammar, text: str) -> list[tuple[int, int]]:
    """Spans where numbers are part of a name: titles, short quotations, slogans (sorted, disjoint)."""
    spans = [m.span() for m in g.titles.finditer(text)]
    spans += [m.span() for m in g.quotes.finditer(text) if not g.sentence_punctuation.search(m.group())]
    spans += [m.span() for m in g.slogans.finditer(text)]
    return merge(spans)


# =====================================================================================
# Step 2: convert the number
# =====================================================================================


def _convert(g: _Grammar, number: _Number) -> float | None:
    """The value as written, multiplier applied; None when it cannot be read."""
    if number.is_ascii:
        try:
            value = Decimal(number.core.replace(",", "")) * g.multipliers.get(number.multiplier, 1)
        except InvalidOperation:
            return None
    else:
        converted = _chinese_number(g, number.core + number.multiplier)
        if converted is None:
            return None
        value = converted
    result = float(value)
    return result if math.isfinite(result) else None


def _chinese_number(g: _Grammar, written: str) -> Decimal | None:
    """Chinese or mixed numerals ("两千亿", "三百五十", "百") via chinese2digits.

    Only ever called on a number span: the library rewrites any numeral-looking characters.
    It wants a leading digit ("百" -> "一百") and reads 两 only inside a number ("两" -> "二").
    """
    chars = written.replace("两", "二")
    if chars[0] in g.powers + g.multiplier_only:
        chars = "一" + chars
    try:
        found = chinese2digits.takeNumberFromString(chars)["digitsStringList"]
    except Exception:  # the library raises assorted errors on odd input: then it is no figure
        return None
    if len(found) != 1:
        return None
    try:
        return Decimal(found[0])
    except InvalidOperation:
        return None


# =====================================================================================
# Step 3: comparator
# =====================================================================================


def _comparator(g: _Grammar, text: str, span: _Span) -> tuple[str, int]:
    """(symbol, where the comparator before the number starts, span.start if none).

    A mark inside the quote (300多家) decides first, then a word after it (10个以上, 20%左右),
    then a word before it (超过, 不少于, 最高支持, 约).
    """
    before = g.before.search(text, max(0, span.start - _COMPARATOR_WINDOW), span.start)
    cmp_start = before.start() if before else span.start
    number = span.number
    if number is not None and number.mark:
        return g.marks[number.mark], cmp_start
    after = g.after.match(text, span.unit_end)
    if after:
        return g.after_symbols[after.group()], cmp_start
    if before:
        return g.before_symbols[before.group("cmp")], cmp_start
    return "=", cmp_start


# =====================================================================================
# Per-text indexes: sentences, clauses, years, cue words
# =====================================================================================


@dataclass(slots=True)
class _Context:
    text: str
    published_year: int | None
    sentence_breaks: list[int]  # end offsets of the breaks
    clause_breaks: list[int]  # sentence breaks too
    item_breaks: list[int]  # clause breaks too
    years: list[tuple[int, int, int | None]]  # (start, end, year) of non-baseline mentions
    year_ends: list[int]
    year_starts: list[int]
    cues: tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]  # strong, verb cues
    funding: list[int]  # starts of funding words
    funding_words: list[str]


def _build_context(g: _Grammar, text: str, published_year: int | None, names: list[tuple[int, int]]) -> _Context:
    years, year_cues = _year_mentions(g, text, published_year, names)
    funding = list(g.funding.finditer(text))
    strong: list[tuple[int, int, str]] = list(year_cues)
    verbs: list[tuple[int, int, str]] = []
    for m in g.cue.finditer(text):
        role = g.cue_roles[m.group()]
        if role is not None:
            (strong if role[1] == 0 else verbs).append((m.start(), m.end(), role[0]))
    sentences, clauses, items = [], [], []
    for m in g.text_break.finditer(text):
        items.append(m.end())
        if m.group() not in g.item_chars:
            clauses.append(m.end())
        if m.group() in g.sentence_chars:
            sentences.append(m.end())
    return _Context(
        text=text,
        published_year=published_year,
        sentence_breaks=sentences,
        clause_breaks=clauses,
        item_breaks=items,
        years=years,
        year_starts=[y[0] for y in years],
        year_ends=[y[1] for y in years],
        cues=(_disjoint(strong), _disjoint(verbs)),
        funding=[m.start() for m in funding],
        funding_words=[m.group() for m in funding],
    )


def _year_mentions(
    g: _Grammar, text: str, published_year: int | None, names: list[tuple[int, int]]
) -> tuple[list[tuple[int, int, int | None]], list[tuple[int, int, str]]]:
    """Year mentions that can be a figure's year (baselines left out), and the kind cues they
    give (到2027年 / 2027年前 -> target, 截至2024年 -> observed)."""
    found: list[tuple[int, int, int | None]] = []
    cues: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in g.year.finditer(text):
        if inside(m.start(), names):
            continue
        taken.append(m.span())
        year = int(m.group("y2") or m.group("y1"))  # a range stands for its end year
        role, role_start = _year_role(g, text, m.start(), m.end())
        if role == "baseline":
            continue
        if role is not None:
            cues.append((role_start, m.end(), role))
        elif m.group("suffix") in g.target_suffixes:
            cues.append((m.start(), m.end(), "target"))
        found.append((m.start(), m.end(), year))
    if g.relative is not None:
        for m in g.relative.finditer(text):
            if inside(m.start(), taken) or (m.start() and text[m.start() - 1] in g.numeral_chars):
                continue  # the 年底 of "2025年底"; the 年内 of "三年内" (a duration)
            if _year_role(g, text, m.start(), m.end())[0] == "baseline":
                continue  # 比上年, 上年同期
            offset = g.relative_offsets[m.group()]
            found.append((m.start(), m.end(), None if published_year is None else published_year + offset))
    found.sort()
    return found, cues


def _year_role(g: _Grammar, text: str, start: int, end: int) -> tuple[str | None, int]:
    """("target" | "observed" | "baseline" | None, where the word saying so starts) for a year
    mention, from the words around it."""
    if g.year_after_baseline.match(text, end):
        return "baseline", start  # 2024年以来, 2020年相比
    before = g.year_before.search(text, max(0, start - 6), start)
    return (g.year_before_roles[before.group()], before.start()) if before else (None, start)


def _disjoint(items: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted by start, overlaps dropped: then starts and ends both ascend (for bisect)."""
    out: list[tuple[int, int, str]] = []
    for item in sorted(items, key=lambda c: (c[0], -c[1])):
        if not out or item[0] >= out[-1][1]:
            out.append(item)
    return out


def _bounds(breaks: list[int], text_len: int, pos: int, end: int) -> tuple[int, int]:
    """(start, end) of the sentence or clause around text[pos:end], at most _CONTEXT_MAX
    characters on either side (a text without breaks must stay linear)."""
    i = bisect.bisect_right(breaks, pos)
    j = bisect.bisect_right(breaks, end)
    start = breaks[i - 1] if i else 0
    stop = breaks[j] if j < len(breaks) else text_len
    return max(start, pos - _CONTEXT_MAX), min(stop, end + _CONTEXT_MAX)


# =====================================================================================
# Step 4: year
# =====================================================================================


def _year(ctx: _Context, span: _Span, next_start: int) -> int | None:
    """The year the figure refers to.

    1. the last year before it in its clause ("2030年达到300亿元");
    2. else the first year after it in its clause, before the next figure ("500家（2024年）");
    3. else the last year before it in its sentence: "到2027年，A…，B…；C…" gives every
       figure of the run 2027, until another year is stated or the sentence ends.
    Baselines (较2024年, 2024年以来) are never a figure's year.
    """
    clause_start, clause_end = span.clause
    year = _last_year(ctx, clause_start, span.start)
    if year is not None:
        return year[2]
    j = bisect.bisect_left(ctx.year_starts, span.end)
    if j < len(ctx.years) and ctx.years[j][1] <= min(clause_end, next_start):
        return ctx.years[j][2]
    year = _last_year(ctx, span.sentence[0], span.start)
    return year[2] if year is not None else None


def _last_year(ctx: _Context, lo: int, hi: int) -> tuple[int, int, int | None] | None:
    i = bisect.bisect_right(ctx.year_ends, hi) - 1
    return ctx.years[i] if i >= 0 and ctx.years[i][0] >= lo else None


# =====================================================================================
# Step 5: kind
# =====================================================================================


def _kind(g: _Grammar, ctx: _Context, span: _Span, unit: str, year: int | None, default_kind: str) -> str:
    """"funding", "target" or "observed" (see [kind] in the grammar for the rules, in order)."""
    clause = span.clause
    if unit in g.funding_units and (_funding_words(ctx, span) or _continues_funding(g, ctx, span)):
        return "funding"
    published = ctx.published_year
    if year is not None and published is not None and year != published:
        return "target" if year > published else "observed"
    for cues in ctx.cues:  # strong cues, then verbs
        # in the clause on either side; else carried from earlier in the sentence
        for lo, hi in (clause, (span.sentence[0], span.start)):
            kind = _nearest_cue(cues, lo, hi, span)
            if kind is not None:
                return kind
    return default_kind


def _funding_words(ctx: _Context, span: _Span, most: int = 8, lo: int | None = None) -> list[str]:
    """Up to `most` funding words of the figure's clause (from `lo` when given), nearest first
    (bounded, so that a clause full of them stays linear)."""
    lo, hi = (span.clause[0] if lo is None else lo), span.clause[1]
    k = bisect.bisect_left(ctx.funding, span.start)
    i, j = k - 1, k
    found: list[str] = []
    while len(found) < most:
        before = i >= 0 and ctx.funding[i] >= lo
        after = j < len(ctx.funding) and ctx.funding[j] < hi
        if before and (not after or span.start - ctx.funding[i] <= ctx.funding[j] - span.start):
            found.append(ctx.funding_words[i])
            i -= 1
        elif after:
            found.append(ctx.funding_words[j])
            j += 1
        else:
            break
    return found


def _continues_funding(g: _Grammar, ctx: _Context, span: _Span) -> bool:
    """An amount opening a clause that goes on from money put up in the clause before:
    "给予补助，最高不超过2000万元", "设立人工智能产业基金，规模100亿元"."""
    lo, _ = span.clause
    if span.start - lo > g.continuation_chars or lo <= span.sentence[0]:
        return False
    previous_lo, _ = _bounds(ctx.clause_breaks, len(ctx.text), lo - 1, lo - 1)
    k = bisect.bisect_left(ctx.funding, previous_lo)
    return k < len(ctx.funding) and ctx.funding[k] < lo


def _nearest_cue(cues: list[tuple[int, int, str]], lo: int, hi: int, span: _Span) -> str | None:
    """The kind of the cue nearest the span within [lo, hi), outside the span (before wins a tie)."""
    best: tuple[int, str] | None = None
    i = bisect.bisect_right(cues, (span.start, math.inf, "")) - 1
    while i >= 0 and cues[i][1] > span.start:
        i -= 1  # a cue overlapping the span's start is not "before" it
    if i >= 0 and cues[i][0] >= lo:
        best = (span.start - cues[i][1], cues[i][2])
    j = bisect.bisect_left(cues, (span.end, -1, ""))
    if j < len(cues) and cues[j][1] <= hi:
        distance = cues[j][0] - span.end
        if best is None or distance < best[0]:
            best = (distance, cues[j][2])
    return best[1] if best else None


# =====================================================================================
# Step 6: metric and unit
# =====================================================================================


@dataclass(slots=True)
class _Label:
    metric: str  # what is measured, with a rate's word of change: "数字经济核心产业增加值年均增长"
    base: str  # the same without the word of change, shared with a following rate
    unit: str
    grows_by: bool  # "增长1倍": a "times" figure written as growth by n times


@dataclass(slots=True)
class _Previous:
    hit: FigureHit
    base: str  # its metric without a word of change
    classifier: str  # "" for an amount


def _metric(
    g: _Grammar, ctx: _Context, span: _Span, cmp_start: int, region_start: int,
    previous: _Previous | None,
) -> _Label | None:
    """What the number counts, and the unit of a count; None for rhetoric ("三个方面").

    Counts: the noun after the classifier ("打造100个应用场景"), else the subject before the
    number ("培育人工智能企业超过1000家"); the last known head noun gives the unit. Amounts:
    the subject before the number ("智能算力规模达到20EFLOPS"), else, when only a verb stands
    there, the noun after the amount ("设立100亿元人工智能产业基金"). Rates keep their word of
    change ("年均增长"). A figure with nothing of its own shares the previous one's metric.
    """
    text = ctx.text
    subject, rate = _subject(g, text, region_start, cmp_start)
    grows_by = span.unit == "times" and bool(g.grow_by.search(text, max(0, cmp_start - 4), cmp_start))
    unit = span.unit
    shared = previous if previous and previous.hit.start >= span.sentence[0] else None
    if span.classifier:  # a count
        base = span.noun or subject
        heads = list(g.count_noun.finditer(base))
        if heads:
            unit = g.count_nouns[heads[-1].group()]
        elif (shared and shared.classifier and not span.other_noun
              and (shared.classifier == span.classifier or not g.classifiers[span.classifier])):
            # "新建数据中心2个；2030年达到10个", "孵化器58家，其中国家级12家"
            base, unit = base + shared.base, shared.hit.unit
        else:
            unit = g.classifiers[span.classifier]
        if not unit:
            return None  # a generic classifier (个, 项) on an unknown noun
        base = base or span.free_noun  # "遴选50家以上优秀服务商": the noun it counts, though no known head
        return _Label(metric=(base or unit)[-g.max_chars :], base=base, unit=unit, grows_by=False)
    base = subject
    if not base:  # only a verb before the amount: the noun after it names it
        noun, _ = _noun_after(g, text, span.unit_end)
        if noun and not any(noun.startswith(v) for v in g.not_metric):
            base = noun
    if unit == "times":
        rate = ""  # a factor is a level, not a change: 增长1倍 -> 2 times
    if not base and shared and (rate or shared.hit.unit == unit):  # "规模达到5000亿元，同比增长10%"
        base = shared.base
    metric = (base + rate)[-g.max_chars :]
    return _Label(metric=metric or unit, base=base[-g.max_chars :], unit=unit, grows_by=grows_by)


def _after_last_cut(g: _Grammar, region: str) -> str:
    """The region after its last cut word, unless that word is part of a counted noun
    ("青川市集聚区" keeps 集聚区; "集聚人才" is cut after 集聚)."""
    nouns = [m.span() for m in g.count_noun.finditer(region)]
    for m in reversed(list(g.cut.finditer(region))):
        if not any(a <= m.start() < b for a, b in nouns):
            return region[m.end() :]
    return region


def _subject(g: _Grammar, text: str, lo: int, hi: int) -> tuple[str, str]:
    """(subject, word of change) read back from hi to lo.

    "到2027年，全省人工智能核心产业规模" -> "人工智能核心产业规模"; "数字经济核心产业增加值年均增长"
    -> ("数字经济核心产业增加值", "年均增长"); "设立" -> ("", "").
    """
    region = text[max(lo, hi - _REGION_MAX) : hi]
    region = _NOTE.sub("", region)  # "企业（含初创团队）" -> "企业"
    region = g.label_break.split(region)[-1]  # after the last bracket, quote or space
    region = _after_last_cut(g, region)  # after 推动, 确保, 实现 ...
    rate = ""
    while region:
        trailing = g.trailing.search(region)
        if trailing:
            region = region[: trailing.start()]
            continue
        change = g.rate.search(region) if not rate else None
        if change:
            rate, region = change.group(), region[: change.start()]
            continue
        break
    region = g.leading.sub("", region)
    if region in g.not_metric:
        region = ""
    return region, rate


# =====================================================================================
# Public entry point
# =====================================================================================


def extract_figures(text: str, *, published_year: int | None = None,
                    default_kind: str = "observed") -> list[FigureHit]:
    """Every figure standing in Chinese text, sorted by start, never overlapping;
    ``text[h.start:h.end] == h.quote``.

    ``published_year`` tells future years (targets) from past ones (observations) and resolves
    今年/去年; ``default_kind`` applies when nothing in the sentence says which it is.
    """
    if default_kind not in ("target", "observed"):
        raise ValueError(f"default_kind must be 'target' or 'observed', not {default_kind!r}")
    if not _CJK_RE.search(text):
        return []  # no Chinese text, no figure standing in it
    return _extract(_grammar(), text, published_year, default_kind)


def _extract(g: _Grammar, text: str, published_year: int | None, default_kind: str) -> list[FigureHit]:
    """extract_figures with a given grammar (tests teach it new words this way)."""
    names = _names(g, text)
    spans = [s for s in _find_spans(g, text, names) if _in_chinese(text, s.start, s.end)]
    if not spans:
        return []
    ctx = _build_context(g, text, published_year, names)
    hits: list[FigureHit] = []
    previous: _Previous | None = None
    for k, span in enumerate(spans):
        value, value_max = _values(g, span)
        if value is None:
            continue
        span.item = _bounds(ctx.item_breaks, len(text), span.start, span.end)
        span.clause = _bounds(ctx.clause_breaks, len(text), span.start, span.end)
        span.sentence = _bounds(ctx.sentence_breaks, len(text), span.start, span.end)
        if _is_condition(g, text, span):
            continue
        comparator, cmp_start = _comparator(g, text, span)
        region_start = max(span.item[0], previous.hit.end if previous else 0)
        label = _metric(g, ctx, span, cmp_start, region_start, previous)
        if label is None:
            continue
        if label.grows_by:  # 增长1倍: grows by once its size = 2 times
            value, value_max = value + 1, None if value_max is None else value_max + 1
        next_start = spans[k + 1].start if k + 1 < len(spans) else len(text)
        year = _year(ctx, span, next_start)
        kind = _kind(g, ctx, span, label.unit, year, default_kind)
        metric = label.metric
        if kind == "funding" and not label.base:  # "分别给予50万元、100万元奖励": what is given
            # (a clause going on from the one before: "给予补助，最高不超过2000万元" gives 补助)
            metric = next((w for w in _funding_words(ctx, span, lo=span.sentence[0]) if w not in g.not_metric), metric)
        hit = FigureHit(
            start=span.start, end=span.end, quote=text[span.start : span.end], value=value, unit=label.unit,
            comparator=comparator, year=year, kind=kind, metric=metric, value_max=value_max,
        )  # fmt: skip
        hits.append(hit)
        previous = _Previous(hit, label.base, span.classifier)
    return hits


def _is_condition(g: _Grammar, text: str, span: _Span) -> bool:
    """True for an amount inside a condition: "对营业收入首次突破10亿元的企业，给予…"."""
    clause_start, clause_end = span.clause
    return bool(g.condition_open.match(text, clause_start)) and text.find(
        g.condition_close, span.end, clause_end) >= 0


def _values(g: _Grammar, span: _Span) -> tuple[float | None, float | None]:
    """(value, value_max): the number, or the two ends of a range (None, None if unreadable)."""
    value = span.fixed_value if span.number is None else _convert(g, span.number)
    if span.lower is None or value is None:
        return value, None
    lower = _convert(g, span.lower)
    if lower is None or lower > value:
        return None, None  # "5-3个" is no range
    return lower, value


def _in_chinese(text: str, start: int, end: int) -> bool:
    """The number+unit phrase stands in Chinese text: a CJK character right before or after it
    or inside it (the rule the English extractor uses to leave it to this module)."""
    return bool(_CJK_RE.search(text, max(0, start - 1), min(len(text), end + 1)))
