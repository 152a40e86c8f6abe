"""A document's outline, and which of its sections are the measures.

    一、总体要求                 chapter (a preamble: no measures)
    二、重点任务                 chapter
    （一）夯实算力底座           group
    1.建设智算中心。支持…（责任单位：…）   measure
    建设算力平台：…             labelled item inside the measure

Numbering styles come from grammar/<lang>/outline.toml. Levels are not fixed per style: the first
style met is the top level, and a style first met inside another becomes its child, as the
document itself nests them. Numbering that restarts in every chapter, or runs on across
chapters, is normal; a jump is only worth a warning.

A measure is a section of the numbered level that carries responsible-unit lists (or, in a
document without any, body text): the level chosen from the document's own outline, not one
fixed pattern. Preamble chapters (总体要求, 发展目标) and safeguards (保障措施) hold no measures
unless a section there names its responsible units.
"""

from __future__ import annotations

import functools
import re

import msgspec
from chinese2digits import chineseToDigits

from policyapi.build import grammar
from policyapi.build.unit_lists import UnitList

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z]+")
_BODY_MIN = 12  # a section "carries text" with at least this much beyond its title (CJK characters or words x 2)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


class ScenarioPiece(msgspec.Struct, frozen=True):
    start: int
    end: int
    name: str
    body: str


class SectionPiece(msgspec.Struct, frozen=True):
    index: int  # position in the outline, from 0
    parent: int | None
    depth: int  # 1 = top level
    style: str
    marker: tuple[int, int]  # offsets of the numbering as written ("（三）"); empty for a label
    number: int
    title: str
    start: int
    heading_end: int  # where its numbering and title end
    end: int  # through its sub-sections
    role: str  # "chapter", "group", "measure", "other"


class MeasurePiece(msgspec.Struct, frozen=True):
    section: int  # index of its SectionPiece
    number: int
    title: str
    start: int
    end: int
    chapter: int | None  # section indexes
    group: int | None
    lists: tuple[int, ...]  # indexes into the unit lists given to parse_outline
    scenarios: tuple[ScenarioPiece, ...]


class Outline(msgspec.Struct, frozen=True):
    sections: tuple[SectionPiece, ...]
    measures: tuple[MeasurePiece, ...]
    troubles: tuple[tuple[int, str], ...]  # (offset, message), reported as warnings


# ---- grammar ---------------------------------------------------------------------------------


class _Grammar(msgspec.Struct, frozen=True):
    markers: tuple[tuple[str, re.Pattern[str]], ...]
    label: re.Pattern[str]
    label_min_body: dict[str, int]  # language -> characters a labelled item's text needs at least
    not_labels: frozenset[str]
    title_ends: dict[str, re.Pattern[str]]  # language -> what ends a title
    title_max: dict[str, int]
    preamble: re.Pattern[str]
    safeguards: re.Pattern[str]
    scenarios: tuple[re.Pattern[str], ...]
    attachments: re.Pattern[str]  # a line that starts a list of attachments


@functools.cache
def _grammar() -> _Grammar:
    markers, not_labels, preamble, safeguards, scenarios, attachments = [], set(), [], [], [], []
    ends, maxima, labels, min_body = {}, {}, [], {}
    for language in grammar.LANGUAGES:
        g = grammar.load(language, "outline")
        markers += [(m["style"], re.compile(r"[ \t]*(?:" + m["pattern"] + r")[ \t]*")) for m in g.get("marker", [])]
        label = g["label"]
        labels.append(rf"[^\s，。；、：:,;()（）《》“”\"]{{{label['min_chars']},{label['max_chars']}}}?{label['colon']}")
        min_body[language] = label["min_body_chars"]
        not_labels |= {w.casefold() for w in label["not_labels"]}
        ends[language] = re.compile(g["title"]["end"])
        maxima[language] = g["title"]["max_chars"]
        preamble += g["chapters"]["preamble"]
        safeguards += g["chapters"]["safeguards"]
        if "scenario" in g:
            scenarios.append(re.compile(g["scenario"]["pattern"], re.IGNORECASE))
        attachments += g.get("attachments", {}).get("starts", [])
    words = lambda ws: re.compile("|".join(re.escape(w) for w in ws), re.IGNORECASE)  # noqa: E731
    return _Grammar(
        markers=tuple(markers), label=re.compile(r"[ \t]*(?P<label>" + "|".join(labels) + ")"),
        label_min_body=min_body, not_labels=frozenset(not_labels), title_ends=ends, title_max=maxima,
        preamble=words(preamble), safeguards=words(safeguards), scenarios=tuple(scenarios),
        attachments=re.compile(r"[ \t]*(?:" + "|".join(attachments) + ")", re.IGNORECASE) if attachments
        else re.compile("(?!)"),
    )


def _number(token: str) -> int:
    if token[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return ord(token[0]) - ord("①") + 1
    if token.isascii() and token.isdigit():
        return int(token)
    if set(token) <= set(_ROMAN):
        values = [_ROMAN[c] for c in token]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return int(chineseToDigits(token.replace("两", "二")))


# ---- headings ----------------------------------------------------------------------------------


class _Node:
    """A section while the outline is read (mutable); becomes a SectionPiece."""

    __slots__ = ("index", "parent", "depth", "style", "marker", "number", "title", "title_end", "start", "end",
                 "children", "lists", "body", "role", "is_label")

    def __init__(self, index: int, style: str, marker: tuple[int, int], number: int, title: str, title_end: int,
                 start: int, is_label: bool) -> None:
        self.index, self.style, self.marker, self.number = index, style, marker, number
        self.title, self.title_end, self.start, self.is_label = title, title_end, start, is_label
        self.parent: _Node | None = None
        self.depth = 1
        self.end = start
        self.children: list[_Node] = []
        self.lists: list[int] = []  # unit lists in its own text (labels' lists count for their parent)
        self.body = 0
        self.role = "other"

    def ancestors(self) -> list[_Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]


def _lines(view: str):
    start = 0
    for line in view.split("\n"):
        yield start, line
        start += len(line) + 1


_RUN_ON = 1000  # a line this long is a copy that lost its line breaks ...
# ... and a heading may start after a full stop, a closing bracket (of a unit list) or spaces in it.
_SENTENCE_END = re.compile(r"[。！？）)][ \t]*|[ \t]+")


def _outline_lines(view: str, g: _Grammar):
    """The lines headings are looked for in: the text's own lines, and in a run-on line (a whole
    document pasted as one paragraph) the stretches that start with a marker after a sentence."""
    for start, line in _lines(view):
        if len(line) < _RUN_ON:
            yield start, line
            continue
        cut = 0
        for m in _SENTENCE_END.finditer(line):
            if any(pattern.match(line, m.end()) for _, pattern in g.markers):
                yield start + cut, line[cut:m.end()]
                cut = m.end()
        yield start + cut, line[cut:]


def _heading(view: str, start: int, line: str, g: _Grammar) -> tuple[str, tuple[int, int], int, int] | None:
    """(style, marker offsets, number, where the title starts) when the line starts with a marker."""
    for style, pattern in g.markers:
        m = pattern.match(line)
        if m is None:
            continue
        rest = line[m.end():]
        if not rest.strip() or rest.lstrip()[0] in "，。、；：,.;:%％)）]】":
            return None  # "1.5万亿元" was refused by the pattern; "2、" with nothing after is no heading
        marker_start = start + len(line) - len(line.lstrip())
        number = _number(m.group("n"))
        return style, (marker_start, start + m.end(0) - (len(m.group(0)) - len(m.group(0).rstrip()))), number, \
            start + m.end()
    return None


def _title(view: str, start: int, line_end: int, g: _Grammar, lists: list[UnitList]) -> tuple[str, int]:
    """A heading's title and where it ends: up to the first sentence end, else the line (minus a unit list)."""
    rest = view[start:line_end]
    language = "zh" if _CJK.search(rest[:20]) else "en"
    limit = g.title_max[language]
    stop = next((u.start for u in lists if start <= u.start < line_end), line_end)
    end = g.title_ends[language].search(rest, 0, stop - start)
    if end is not None and end.start() <= limit:
        cut = end.start()
    elif stop - start <= limit:
        cut = stop - start
    else:
        comma = re.search(r"[，,]", rest[:limit])
        cut = comma.start() if comma else limit
    title = rest[:cut].strip()
    return title, start + cut


def _label(view: str, start: int, line: str, g: _Grammar) -> tuple[int, int] | None:
    """(label start, label end) for a labelled sub-item "建设算力平台：…"."""
    m = g.label.match(line)
    if m is None:
        return None
    name = m.group("label").rstrip("：:").strip()
    body = line[m.end():].strip()
    if name.casefold() in g.not_labels or len(body) < g.label_min_body["zh" if _CJK.search(name) else "en"]:
        return None
    label_start = start + m.start("label")
    return label_start, label_start + len(name)


# ---- the outline -------------------------------------------------------------------------------


def parse_outline(view: str, *, unit_lists: list[UnitList], barriers: list[tuple[int, int]] = ()) -> Outline:
    """Sections of `view` (the analysis text) and its measures. `barriers` (signature blocks) end
    any section they fall in; `unit_lists` are the lists the unit stage found, in text order."""
    g = _grammar()
    troubles: list[tuple[int, str]] = []
    nodes = _read_headings(view, g, unit_lists, barriers, troubles)
    _close(view, nodes, barriers)
    _attach_lists(view, nodes, unit_lists, troubles)
    _measure_body(view, nodes, unit_lists)
    _choose_measures(nodes, g)
    measures = _measures(view, nodes, unit_lists, g)
    for node in nodes:
        if node.role != "measure":
            node.role = ("chapter" if node.parent is None else "group") if _has_measure_below(node) else "other"
    sections = tuple(SectionPiece(
        index=n.index, parent=n.parent.index if n.parent else None, depth=n.depth, style=n.style, marker=n.marker,
        number=n.number, title=n.title, start=n.start, heading_end=max(n.title_end, n.marker[1]), end=n.end,
        role=n.role) for n in nodes)
    return Outline(sections=sections, measures=tuple(measures), troubles=tuple(troubles))


# A further line of an attachment list: a number and a short name.
_ATTACHMENT_ITEM = re.compile(r"[ \t]*[(（]?[0-9]{1,2}[)）.、]?[^\n]{1,60}$")


def _in_barrier(offset: int, barriers) -> bool:
    return any(a <= offset < b for a, b in barriers)


def _read_headings(view: str, g: _Grammar, unit_lists: list[UnitList], barriers, troubles) -> list[_Node]:
    nodes: list[_Node] = []
    stack: list[_Node] = []  # open numbered sections, outermost first
    last_number: dict[tuple[int | None, str], int] = {}  # (parent index, style) -> last number
    last_of_style: dict[str, int] = {}  # style -> last number anywhere (numbering that runs on)
    in_attachments = False  # the lines of an attachment list ("附件：1．…\n2．…") are no headings
    for start, line in _outline_lines(view, g):
        if _in_barrier(start, barriers):
            stack.clear()  # after a notice's signature the plan starts its own outline
            in_attachments = False
            continue
        if not line.strip():
            in_attachments = False
            continue
        if g.attachments.match(line):
            in_attachments = True
            continue
        if in_attachments and _ATTACHMENT_ITEM.match(line) and "。" not in line:
            continue  # "2．某某任务分工表": a further attachment, not a heading
        in_attachments = False
        line_end = start + len(line)
        heading = _heading(view, start, line, g)
        if heading is not None:
            style, marker, number, title_start = heading
            while stack and style in {n.style for n in stack}:
                if stack.pop().style == style:
                    break
            parent = stack[-1] if stack else None
            title, title_end = _title(view, title_start, line_end, g, unit_lists)
            node = _Node(len(nodes), style, marker, number, title, title_end, marker[0], is_label=False)
            _link(node, parent)
            key = (parent.index if parent else None, style)
            expected = last_number.get(key, 0) + 1
            runs_on = key not in last_number and number == last_of_style.get(style, 0) + 1
            if number != expected and not runs_on:
                troubles.append((marker[0], f"numbering jumps to {view[marker[0]:marker[1]]} "
                                            f"(expected number {expected} here): read as written"))
            last_number[key] = number
            last_of_style[style] = number
            nodes.append(node)
            stack.append(node)
            continue
        if not stack:
            continue
        label = _label(view, start, line, g)
        if label is not None:
            parent = stack[-1]
            siblings = sum(1 for c in parent.children if c.is_label)
            title_end = label[1]
            node = _Node(len(nodes), "label", (label[0], label[0]), siblings + 1, view[label[0]:label[1]], title_end,
                         label[0], is_label=True)
            _link(node, parent)
            nodes.append(node)
    return nodes


def _link(node: _Node, parent: _Node | None) -> None:
    node.parent = parent
    node.depth = parent.depth + 1 if parent else 1
    if parent is not None:
        parent.children.append(node)


def _close(view: str, nodes: list[_Node], barriers) -> None:
    """A section ends where the next one of its depth or above starts (a label: where the next section
    of any kind starts), at a barrier, or at the text's end."""
    for k, node in enumerate(nodes):
        end = len(view)
        for later in nodes[k + 1:]:
            if node.is_label or later.depth <= node.depth:
                end = later.start
                break
        for a, _ in barriers:
            if node.start < a < end:
                end = a
        while end > node.start and view[end - 1].isspace():
            end -= 1
        node.end = end


def _attach_lists(view: str, nodes: list[_Node], unit_lists: list[UnitList], troubles) -> None:
    """Each list belongs to the deepest numbered section it lies in (a label's lists are its parent's)."""
    for i, found in enumerate(unit_lists):
        holder = None
        for node in nodes:
            if node.start <= found.start < node.end and not node.is_label:
                if holder is None or node.depth > holder.depth:
                    holder = node
        if holder is None:
            troubles.append((found.start, "a unit list outside any numbered section: not linked to a measure"))
            continue
        holder.lists.append(i)
    for node in nodes:  # a list on a line of its own after sub-items none of which has one covers them all
        if len(node.lists) == 1 and _alone_on_line(view, unit_lists[node.lists[0]]) and _covers_siblings(node):
            node.parent.lists.append(node.lists.pop())


def _alone_on_line(view: str, found: UnitList) -> bool:
    line_start = view.rfind("\n", 0, found.start) + 1
    line_end = view.find("\n", found.end)
    return not view[line_start:found.start].strip() and not view[found.end:line_end if line_end >= 0 else None].strip(
        " \t。.；;")


def _covers_siblings(node: _Node) -> bool:
    """The last of several numbered sub-items of a section below the top level, the others without lists."""
    parent = node.parent
    if parent is None or parent.parent is None or node.is_label:
        return False
    numbered = [c for c in parent.children if not c.is_label]
    return len(numbered) >= 2 and numbered[-1] is node and not any(c.lists for c in numbered[:-1])


def _measure_body(view: str, nodes: list[_Node], unit_lists: list[UnitList]) -> None:
    """How much text a numbered section carries itself: beyond its title, outside numbered sub-sections."""
    for node in nodes:
        if node.is_label:
            continue
        spans = [(node.start, node.title_end)]
        spans += [(c.start, c.end) for c in node.children if not c.is_label]
        spans += [(unit_lists[i].start, unit_lists[i].end) for i in node.lists]
        spans.sort()
        pos, text = node.start, []
        for a, b in spans:
            if a > pos:
                text.append(view[pos:a])
            pos = max(pos, b)
        text.append(view[pos:node.end])
        joined = "".join(text)
        node.body = len(_CJK.findall(joined)) + 2 * len(_WORD.findall(joined))


def _choose_measures(nodes: list[_Node], g: _Grammar) -> None:
    numbered = [n for n in nodes if not n.is_label]
    if not numbered:
        return
    aside = {n.index for n in numbered if _aside(n, g)}
    with_units = [n for n in numbered if n.lists]
    if with_units:
        depth = _commonest_depth([n for n in with_units if n.index not in aside] or with_units)
    else:
        carrying = [n for n in numbered if n.body >= _BODY_MIN and n.index not in aside]
        if not carrying:
            return
        depth = _commonest_depth(carrying)
    for root in (n for n in numbered if n.parent is None):
        _visit(root, depth, aside, any_units=bool(with_units))


def _commonest_depth(nodes: list[_Node]) -> int:
    counts: dict[int, int] = {}
    for n in nodes:
        counts[n.depth] = counts.get(n.depth, 0) + 1
    return min(counts, key=lambda d: (-counts[d], d))


def _aside(node: _Node, g: _Grammar) -> bool:
    """In a preamble or safeguards chapter: its title or an ancestor's says so."""
    return any(g.preamble.search(n.title) or g.safeguards.search(n.title) for n in [*node.ancestors(), node])


def _units_below(node: _Node) -> bool:
    return any(c.lists or _units_below(c) for c in node.children if not c.is_label)


def _visit(node: _Node, depth: int, aside: set[int], *, any_units: bool) -> None:
    """Mark measures in the subtree of `node`, whose ancestors are not measures."""
    if node.is_label:
        return
    numbered_children = [c for c in node.children if not c.is_label]
    below = _units_below(node)
    if any_units:
        if node.lists and (node.depth >= depth or not below):
            node.role = "measure"  # it names its units (those below it are its sub-items')
            return
        if node.depth >= depth and not below and node.body >= _BODY_MIN and node.index not in aside \
                and _siblings_have_units(node):
            node.role = "measure"  # a measure without a unit list among measures with them
            return
    elif node.depth >= depth and node.body >= _BODY_MIN and node.index not in aside:
        node.role = "measure"
        return
    for child in numbered_children:
        _visit(child, depth, aside, any_units=any_units)


def _siblings_have_units(node: _Node) -> bool:
    siblings = node.parent.children if node.parent else []
    return any(s.lists for s in siblings if s is not node and not s.is_label) or node.parent is None


def _has_measure_below(node: _Node) -> bool:
    return any(c.role == "measure" or _has_measure_below(c) for c in node.children)


def _measures(view: str, nodes: list[_Node], unit_lists: list[UnitList], g: _Grammar) -> list[MeasurePiece]:
    out = []
    chosen = [n for n in nodes if n.role == "measure"]
    for node in chosen:
        lists = sorted(i for n in [node, *_descendants(node)] if not n.is_label for i in n.lists)
        end = node.end
        if lists and _last_in_chapter(node, nodes):
            # The closing words after a chapter's last measure belong to no measure.
            last = unit_lists[lists[-1]]
            line_end = view.find("\n", last.end)
            end = min(end, line_end if line_end >= 0 else len(view))
            while end > node.start and view[end - 1].isspace():
                end -= 1
        numbered_ancestors = [a for a in node.ancestors() if not a.is_label]
        out.append(MeasurePiece(
            section=node.index, number=node.number, title=node.title, start=node.start, end=end,
            chapter=numbered_ancestors[0].index if numbered_ancestors else None,
            group=numbered_ancestors[-1].index if len(numbered_ancestors) >= 2 else None,
            lists=tuple(lists), scenarios=_scenarios(view, node.start, end, unit_lists, lists, g),
        ))
    return out


def _descendants(node: _Node) -> list[_Node]:
    out = []
    for c in node.children:
        out.append(c)
        out.extend(_descendants(c))
    return out


def _last_in_chapter(node: _Node, nodes: list[_Node]) -> bool:
    """No section follows it inside its parent: what trails it is the chapter's closing text."""
    later = [n for n in nodes if n.start > node.start and not n.is_label and n not in _descendants(node)]
    return not later or later[0].depth < node.depth


def _scenarios(view: str, start: int, end: int, unit_lists: list[UnitList], lists: list[int],
               g: _Grammar) -> tuple[ScenarioPiece, ...]:
    out = []
    for line_start, line in _lines(view[start:end]):
        for pattern in g.scenarios:
            if m := pattern.match(line):
                line_start += start
                body_end = line_start + len(line)
                for i in lists:
                    if line_start <= unit_lists[i].start < body_end:
                        body_end = unit_lists[i].start
                        break
                body_end = line_start + len(view[line_start:body_end].rstrip())
                indent = len(line) - len(line.lstrip())
                out.append(ScenarioPiece(start=line_start + indent, end=body_end, name=m.group("name").strip(),
                                         body=view[line_start + m.start("body"):body_end].strip()))
                break
    return tuple(out)
