"""Find the lists of responsible units in a document and tell which units lead.

    （责任单位：省发展改革委、省科技厅，省经信厅）        one list, the lead rule decides
    （牵头单位：省数据局；配合单位：省财政厅、各市州政府）  labelled parts: 牵头 units lead
    〔责任单位：各区〔县、市〕政府，市委组织部（人才办）〕   brackets inside names are counted
    (Responsible units: A, B, and C)                       English, same stage

Works on the analysis view (grammar/<lang>/units.toml says every word); each list keeps the
offsets of its units so the caller can make source spans. Lead rules stated once in a document
("列第一位的为牵头单位，下同", "第一个逗号前为牵头单位", "标☆的为牵头单位") apply to later lists.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Literal

import msgspec

from policyapi.build import grammar

LeadRule = Literal["first", "labelled", "marked", "before_first_comma"]
Role = Literal["lead", "responsible", "support"]


class UnitEntry(msgspec.Struct, frozen=True):
    start: int
    end: int
    name: str  # as written in the analysis view, marks and notes cut out
    is_lead: bool


class UnitList(msgspec.Struct, frozen=True):
    start: int  # the list, brackets included
    end: int
    lead_rule: LeadRule
    entries: tuple[UnitEntry, ...]


class Trouble(msgspec.Struct, frozen=True):
    """Something in a list the stage could not read; the build reports it as a warning."""

    offset: int
    message: str


class _Grammar(msgspec.Struct, frozen=True):
    language: str
    labels: dict[str, Role]  # label -> role
    opener: re.Pattern[str]  # a bracket, a label and a colon
    bare_opener: re.Pattern[str]  # a label and a colon at a line or sentence start
    boxed_opener: re.Pattern[str] | None  # "【责任单位】": a label in a box of its own
    inner_label: re.Pattern[str]  # a label and a colon inside a list
    label_before_colon: re.Pattern[str]  # a label and spaces, ending where a colon stands
    pairs: dict[str, str]
    open_list: frozenset[str]
    closers: frozenset[str]
    notes: dict[str, str]
    commas: frozenset[str]
    others: frozenset[str]
    conjunction: re.Pattern[str]  # splits "A及各市州政府" before 各
    leading_conjunction: re.Pattern[str]
    marks: frozenset[str]
    note: re.Pattern[str] | None
    trailing: tuple[str, ...]
    min_chars: int
    max_chars: int
    rule_keyword: re.Pattern[str] | None  # a word every stated rule contains
    any_rule: re.Pattern[str]  # every rule in one pattern; the group that matched names the rule
    tokens: re.Pattern[str]  # what _split reacts to: brackets, separators, conjunctions
    bracket: re.Pattern[str]  # any opening or closing bracket
    note_open: re.Pattern[str] | None  # a bracket that opens a note
    verb_candidate: re.Pattern[str] | None  # a bracket at a sentence end whose text ends with a verb
    verb_lead: re.Pattern[str] | None  # "…牵头" at the end of a part of an unlabelled list
    verb_duty: re.Pattern[str] | None  # "…按职责分工负责"
    unit_ending: re.Pattern[str] | None  # what every name in an unlabelled list ends with


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _grammars() -> tuple[_Grammar, ...]:
    out = []
    for language in grammar.LANGUAGES:
        g = grammar.load(language, "units")
        if not g:
            continue
        flags = re.IGNORECASE if language == "en" else 0
        labels: dict[str, Role] = {}
        for role in ("lead", "responsible", "support"):
            labels.update({w.casefold(): role for w in g["labels"].get(role, [])})
        label = f"(?P<label>{_alternation(list(labels))})"
        colon = g["labels"]["label_colon"]
        brackets = g["brackets"]
        opener = re.compile(f"(?P<open>{_alternation(brackets['open_list'])}){label}{colon}", flags)
        bare = re.compile(f"[ \t]*{label}{colon}", flags)
        box = g["labels"].get("boxed")
        boxed = re.compile(f"(?P<box>{re.escape(box[0])})\\s*{label}\\s*{re.escape(box[1])}(?:{colon})?\\s*", flags) \
            if box else None
        seps = g["separators"]
        after = _alternation(seps["conjunction_followed_by"])
        conj_words = _alternation(seps["conjunctions"])
        if language == "en":
            conjunction = re.compile(rf"\s+(?:{conj_words})\s+(?=(?:{after})\b)")
            leading = re.compile(rf"(?:{conj_words})\s+", re.IGNORECASE)
        else:
            conjunction = re.compile(rf"(?:{conj_words})(?=(?:{after}))")
            leading = re.compile(rf"(?:{conj_words})")
        notes = g["notes"]
        note = re.compile("|".join(f"(?:{p})" for p in notes["patterns"]), flags) if notes["patterns"] else None
        verbs = g.get("verb_lists", {})
        ends = lambda key: re.compile(f"(?:{_alternation(verbs[key])})$") if verbs.get(key) else None  # noqa: E731
        chars = lambda cs: "[" + "".join(re.escape(c) for c in cs) + "]"  # noqa: E731
        tokens = re.compile(f"(?P<open>{chars(brackets['pairs'])})|(?P<close>{chars(brackets['pairs'].values())})|"
                            f"(?P<sep>{chars(seps['comma'] + seps['other'])})|(?P<conj>{conjunction.pattern})")
        verb_candidate = re.compile(
            f"[（(][^（）()]{{2,300}}?(?:{_alternation(verbs['lead'] + verbs['duty'])})[）)](?=[。；;.\n]|$)"
        ) if verbs else None
        out.append(_Grammar(
            language=language, labels=labels, opener=opener, bare_opener=bare, boxed_opener=boxed,
            inner_label=re.compile(f"{label}{colon}", flags), pairs=dict(brackets["pairs"]),
            label_before_colon=re.compile(f"{label}\\s*$", flags),
            open_list=frozenset(brackets["open_list"]),
            closers=frozenset(brackets["pairs"].values()), notes=dict(brackets.get("notes", {})),
            commas=frozenset(seps["comma"]), others=frozenset(seps["other"]), conjunction=conjunction,
            leading_conjunction=leading, marks=frozenset(g["marks"]["lead"]), note=note,
            trailing=tuple(notes.get("trailing", [])), min_chars=g["names"]["min_chars"],
            max_chars=g["names"]["max_chars"], tokens=tokens,
            bracket=re.compile(chars([*brackets["pairs"], *brackets["pairs"].values()])),
            note_open=re.compile(chars(brackets["notes"])) if brackets.get("notes") else None,
            rule_keyword=re.compile(_alternation(g["lead_rules"]["keywords"]), flags)
            if g["lead_rules"].get("keywords") else None,
            any_rule=re.compile("|".join(f"(?P<{rule}>{'|'.join(g['lead_rules'][rule])})"
                                         for rule in ("first", "before_first_comma", "marked")
                                         if g["lead_rules"].get(rule)) or "(?!)", flags), verb_candidate=verb_candidate,
            verb_lead=ends("lead"), verb_duty=ends("duty"),
            unit_ending=ends("unit_endings"),
        ))
    return tuple(out)


def find_unit_lists(view: str) -> tuple[list[UnitList], list[Trouble]]:
    """Every unit list in the analysis view `view`, in text order, with what could not be read."""
    lists: list[UnitList] = []
    troubles: list[Trouble] = []
    taken: list[tuple[int, int]] = []
    for g in _grammars():
        rules = _stated_rules(view, g)
        for match in _openers(view, g):
            start = match.start("label")
            if any(s <= start < e for s, e in taken):
                continue
            found = _read_list(view, match, g, rules, troubles)
            if found is not None:
                lists.append(found)
                taken.append((found.start, found.end))
        if g.verb_candidate is not None:
            for found in _verb_lists(view, g, rules):
                if not any(s <= found.start < e or found.start <= s < found.end for s, e in taken):
                    lists.append(found)
                    taken.append((found.start, found.end))
    lists.sort(key=lambda u: u.start)
    return lists, troubles


_BRACKET_OPEN = re.compile(r"[（(]")
_PART_SEPARATOR = re.compile(r"[，,；;]")


def _verb_lists(view: str, g: _Grammar, rules: list[tuple[int, LeadRule]]) -> list[UnitList]:
    """Unlabelled lists: "（A牵头，B、C等按职责分工负责）" at the end of a sentence."""
    out = []
    for m in g.verb_candidate.finditer(view):
        breaks = [i for i, ch in enumerate(m.group(), m.start()) if ch == "\n"]
        if len(breaks) > 1 or any(_NEW_PARAGRAPH.match(view, i + 1) for i in breaks):
            continue  # a list may be broken over two lines, never run into a new paragraph
        found = _verb_list(view, m.start(), m.start() + 1, m.end() - 1, g, rules)
        if found is not None:
            out.append(found)
    return out


def _verb_list(view: str, start: int, body_start: int, body_end: int, g: _Grammar,
               rules: list[tuple[int, LeadRule]]) -> UnitList | None:
    parts, pos = [], body_start
    for sep in list(_PART_SEPARATOR.finditer(view, body_start, body_end)) + [None]:
        end = sep.start() if sep else body_end
        if _depth_at(view, body_start, end, g) == 0:
            parts.append((pos, end))
            pos = sep.end() if sep else body_end
    entries: list[tuple[int, int, str, Role, bool, bool]] = []
    any_lead = False
    for k, (a, b) in enumerate(parts):
        text = view[a:b]
        lead = g.verb_lead.search(text) if g.verb_lead else None
        duty = g.verb_duty.search(text) if g.verb_duty else None
        verb = lead or duty
        if verb is None and not (any_lead and k == len(parts) - 1):
            return None
        role: Role = "lead" if lead else "support" if any_lead else "responsible"
        any_lead = any_lead or bool(lead)
        names = _split(view, a, a + verb.start() if verb else b, role, g, [])
        if not names or not all(g.unit_ending.search(n[2]) for n in names):
            return None
        entries.extend(names)
    if not entries:
        return None
    return _decide(start, body_end + 1, entries, _rule_for(rules, body_end))


_BEFORE_BARE = re.compile(r"(?:^|[。；;.!?！？])[ \t]*$")
_COLON = re.compile(r"[：:]")


def _openers(view: str, g: _Grammar) -> list[re.Match[str]]:
    """Bracketed openers "（责任单位：", and bare "责任单位：" at a line or sentence start.

    Found from the colons (a handful per document) back to a label: far cheaper than looking
    for every label everywhere."""
    found = []
    for colon in _COLON.finditer(view):
        line_start = view.rfind("\n", 0, colon.start()) + 1
        m = g.label_before_colon.search(view, max(line_start, colon.start() - 40), colon.start())
        if m is None:
            continue
        before = view[max(line_start, m.start() - 8):m.start()]
        if before.rstrip()[-1:] in g.open_list:
            opener = g.opener.match(view, m.start() - len(before) + len(before.rstrip()) - 1)
            if opener is not None:
                found.append(opener)
                continue
        if _BEFORE_BARE.search(before) or m.start() == line_start:
            bare = g.bare_opener.match(view, m.start() - (len(before) - len(before.rstrip(" \t"))))
            if bare is not None:
                found.append(bare)
    if g.boxed_opener is not None:
        found += g.boxed_opener.finditer(view)
    return sorted(found, key=lambda m: m.start())


def _stated_rules(view: str, g: _Grammar) -> list[tuple[int, LeadRule]]:
    """Lead rules the document states, by offset."""
    if g.rule_keyword is not None and not g.rule_keyword.search(view):
        return []  # every rule names the lead: a document without the word states none
    return [(m.start(), m.lastgroup) for m in g.any_rule.finditer(view)]  # type: ignore[misc]


def _rule_for(rules: list[tuple[int, LeadRule]], offset: int) -> LeadRule | None:
    """The rule stated last before `offset` (a rule inside the list counts); failing that, the first stated."""
    if not rules:
        return None
    i = bisect.bisect_right(rules, (offset, "~")) - 1
    return rules[i][1] if i >= 0 else rules[0][1]


def _read_list(view: str, match: re.Match[str], g: _Grammar, rules: list[tuple[int, LeadRule]],
               troubles: list[Trouble]) -> UnitList | None:
    bracketed = bool(match.groupdict().get("open"))
    start = match.start("label") if not bracketed and not match.groupdict().get("box") else match.start()
    body_start = match.end()
    line_end = view.find("\n", body_start)
    line_end = len(view) if line_end < 0 else line_end
    if bracketed:
        body_end = _closing(view, body_start, line_end, g, first=match.group("open"))
        if body_end is None and (wrapped := _wrapped_line_end(view, line_end)) is not None:
            body_end = _closing(view, body_start, wrapped, g, first=match.group("open"))  # a line broken in a list
        if body_end is None:
            troubles.append(Trouble(start, f"'{view[start:body_start].strip()}' is not closed on its line: "
                                           "read to the end of the line"))
            body_end, end = line_end, line_end
        else:
            end = body_end + 1
    else:
        body_end = line_end
        while body_end > body_start and view[body_end - 1] in "。.；; \t）)":
            body_end -= 1
        end = body_end
    role: Role = g.labels[match.group("label").casefold()]
    segments = _segments(view, body_start, body_end, role, g)
    entries: list[tuple[int, int, str, Role, bool, bool]] = []  # start, end, name, role, marked, before comma
    for seg_start, seg_end, seg_role in segments:
        entries.extend(_split(view, seg_start, seg_end, seg_role, g, troubles))
    if not entries:
        troubles.append(Trouble(start, "a unit list names no unit"))
        return None
    return _decide(start, end, entries, _rule_for(rules, end))


def _decide(start: int, end: int, entries: list[tuple[int, int, str, Role, bool, bool]],
            rule: LeadRule | None) -> UnitList:
    """The list with its leads, by what it says itself (牵头 parts, ☆ marks), else by the document's rule."""
    if any(e[3] == "lead" for e in entries):
        lead_rule: LeadRule = "labelled"
        leads = [e[3] == "lead" for e in entries]
    elif any(e[4] for e in entries):
        lead_rule = "marked"
        leads = [e[4] for e in entries]
    elif rule == "before_first_comma":
        lead_rule = "before_first_comma"
        leads = [e[5] and e[3] != "support" for e in entries]
    else:
        lead_rule = "first"
        first = next((i for i, e in enumerate(entries) if e[3] != "support"), None)
        leads = [i == first for i in range(len(entries))]
    return UnitList(start=start, end=end, lead_rule=lead_rule, entries=tuple(
        UnitEntry(start=e[0], end=e[1], name=e[2], is_lead=lead) for e, lead in zip(entries, leads)))


# What starts a line of a new paragraph or heading, so a list never runs on into it.
_NEW_PARAGRAPH = re.compile(r"[ \t]*(?:$|[（(]?[一二三四五六七八九十0-9]{1,3}[)）、.．]"
                            r"|第[一二三四五六七八九十0-9]+[章节条部]|[①-⑳]|[（(](?:责任|牵头|Responsible|Lead))")


def _wrapped_line_end(view: str, line_end: int) -> int | None:
    """The end of the next line, when the text there continues the line rather than starting anew
    (a list broken over two lines by a copy with hard line breaks)."""
    if line_end >= len(view) or _NEW_PARAGRAPH.match(view, line_end + 1):
        return None
    end = view.find("\n", line_end + 1)
    return len(view) if end < 0 else end


def _closing(view: str, pos: int, line_end: int, g: _Grammar, first: str) -> int | None:
    """Offset of the bracket that closes the list opened by `first`, counting brackets inside names."""
    depth = 1
    for m in g.bracket.finditer(view, pos, line_end):
        # A closer that matches nothing open is a typo'd bracket: it closes the innermost one all the same.
        depth += 1 if m.group() in g.pairs else -1
        if depth == 0:
            return m.start()
    return None


def _segments(view: str, start: int, end: int, role: Role, g: _Grammar) -> list[tuple[int, int, Role]]:
    """Split a list body at inner labels ("牵头单位：A，责任单位：B、C") into (start, end, role)."""
    labels = list(g.inner_label.finditer(view, start, end)) if _COLON.search(view, start, end) else []
    if g.boxed_opener is not None:  # "【牵头单位】A 【责任单位】B"
        labels = sorted(labels + list(g.boxed_opener.finditer(view, start, end)), key=lambda m: m.start())
    segments: list[tuple[int, int, Role]] = []
    for m in labels:
        if m.groupdict().get("box") is None and _depth_at(view, start, m.start(), g) != 0:
            continue
        segments.append((start, m.start(), role))
        start, role = m.end(), g.labels[m.group("label").casefold()]
    segments.append((start, end, role))
    return segments


def _depth_at(view: str, start: int, pos: int, g: _Grammar) -> int:
    depth = 0
    for ch in view[start:pos]:
        if ch in g.pairs:
            depth += 1
        elif ch in g.closers and depth:
            depth -= 1
    return depth


def _split(view: str, start: int, end: int, role: Role, g: _Grammar,
           troubles: list[Trouble]) -> list[tuple[int, int, str, Role, bool, bool]]:
    """Unit names of one segment, cut at separators outside brackets, notes left out."""
    events = sorted([(a, "cut", b) for a, b in _note_ranges(view, start, end, g).items()] +
                    [(m.start(), m.lastgroup, m.end()) for m in g.tokens.finditer(view, start, end)])
    items: list[tuple[int, int, bool]] = []  # start, end, a comma came before it
    item_start, depth, comma_seen, skip_until = start, 0, False, start
    for pos, kind, stop in events:
        if pos < skip_until:
            continue  # inside a note
        if kind == "cut":
            if pos > item_start:
                items.append((item_start, pos, comma_seen))
            item_start = skip_until = stop
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
        elif depth == 0 and kind == "sep":
            items.append((item_start, pos, comma_seen))
            comma_seen = comma_seen or view[pos] in g.commas
            item_start = stop
        elif depth == 0 and kind == "conj" and pos > item_start and stop <= end:
            items.append((item_start, pos, comma_seen))
            item_start = skip_until = stop
    items.append((item_start, end, comma_seen))
    out = []
    for a, b, after_comma in items:
        cleaned = _clean_name(view, a, b, g)
        if cleaned is None:
            continue
        s, e, marked = cleaned
        name = view[s:e]
        if g.any_rule.search(name):
            continue  # "列在首位的为牵头单位": a lead rule stated in the list, not a unit
        if not g.min_chars <= len(name) <= g.max_chars:
            troubles.append(Trouble(s, f"not read as a unit name: {name!r}"))
            continue
        out.append((s, e, name, role, marked, not after_comma))
    return out


def _note_ranges(view: str, start: int, end: int, g: _Grammar) -> dict[int, int]:
    """Notes inside a list to leave out: written notes ("下同") and angle-bracketed ones, start -> end."""
    cut: dict[int, int] = {}
    if g.note is not None:
        for m in g.note.finditer(view, start, end):
            if m.end() > m.start():
                cut[m.start()] = m.end()
    if g.note_open is not None:
        pos = start
        while (m := g.note_open.search(view, pos, end)) is not None:
            close = view.find(g.notes[m.group()], m.end(), end)
            if close < 0:
                break
            cut[m.start()] = pos = close + 1
    return cut


def _clean_name(view: str, start: int, end: int, g: _Grammar) -> tuple[int, int, bool] | None:
    """Trim spaces, leading conjunctions, lead marks and trailing words; None when nothing is left."""
    marked = False
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (view[start].isspace() or view[start] in g.marks):
            marked = marked or view[start] in g.marks
            start += 1
            changed = True
        while end > start and (view[end - 1].isspace() or view[end - 1] in g.marks or view[end - 1] in "。.:："):
            marked = marked or view[end - 1] in g.marks
            end -= 1
            changed = True
        if m := g.leading_conjunction.match(view, start, end):
            if m.end() > start:
                start = m.end()
                changed = True
        for word in g.trailing:
            if end - start > len(word) + 1 and view[end - len(word):end].casefold() == word.casefold():
                end -= len(word)
                changed = True
    return (start, end, marked) if end > start else None
