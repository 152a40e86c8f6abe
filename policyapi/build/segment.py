"""Find the structure of a policy text: chapters, numbered measures, scenarios, unit lists.

Works line by line on the cleaned text; every piece keeps its offsets so the caller can
make source spans. Chinese and English layouts are both recognised.
"""

from __future__ import annotations

import re

import msgspec

from chinese2digits import chineseToDigits

# "1、 Breakthrough key core technologies" / "一、突破关键核心技术"
_CHAPTER = re.compile(r"^[ \t]*(\d{1,2}|[一二三四五六七八九十]{1,3})[、][ \t]*(\S.*)$")
# "(1) Promote the clustering ..." / "（一）..."
_MEASURE = re.compile(r"^[ \t]*[(（](\d{1,3}|[一二三四五六七八九十]{1,4})[)）][ \t]*(\S.*)$")
# "Artificial intelligence+transportation. Encourage ..." / "人工智能+交通。..."
_SCENARIO = re.compile(
    r"^[ \t]*(?:artificial intelligence|AI|人工智能)[ \t]*[+＋][ \t]*([^.。:：]{1,60}?)[ \t]*[.。:：][ \t]*(\S.*)$",
    re.I,
)
# "(Responsible units: A, B, and C)" / "（责任单位：省科技厅、省发改委）"
_UNIT_LIST = re.compile(
    r"[(（][ \t]*(?:responsible (?:units?|departments?)|lead (?:units?|departments?)|"
    r"责任单位|牵头单位|责任部门)[ \t]*[:：][ \t]*([^()（）\n]+?)[ \t]*[)）]",
    re.I,
)
_UNIT_LIST_OPEN = re.compile(r"[(（][ \t]*(?:responsible units?|责任单位)[ \t]*[:：]", re.I)
# A sentence ends at ". " or "。" (used to cut a measure's title from its body).
_SENTENCE_END = re.compile(r"\.(?=\s|$)|。")


class Piece(msgspec.Struct, frozen=True):
    start: int
    end: int


class ChapterPiece(Piece, frozen=True):
    number: int
    title: str


class UnitName(Piece, frozen=True):
    name: str


class ScenarioPiece(Piece, frozen=True):
    name: str
    body: str


class MeasurePiece(Piece, frozen=True):
    number: int
    title: str
    chapter: int | None  # index into the chapters list
    scenarios: tuple[ScenarioPiece, ...]
    units: tuple[UnitName, ...]
    heading_line_start: int


class Structure(msgspec.Struct, frozen=True):
    chapters: tuple[ChapterPiece, ...]
    measures: tuple[MeasurePiece, ...]


class StructureError(ValueError):
    def __init__(self, offset: int, message: str) -> None:
        self.offset = offset
        super().__init__(message)


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _number(token: str) -> int:
    return int(token) if token.isdigit() else int(chineseToDigits(token))


def segment(text: str) -> Structure:
    chapters: list[ChapterPiece] = []
    measures: list[dict] = []
    current: dict | None = None  # the measure being read

    def close() -> None:
        nonlocal current
        if current is not None:
            measures.append(current)
            current = None

    for start, line in _lines(text):
        end = start + len(line)
        if match := _CHAPTER.match(line):
            close()
            chapters.append(ChapterPiece(start=start + match.start(1), end=end, number=_number(match.group(1)),
                                         title=match.group(2).strip()))
            continue
        if match := _MEASURE.match(line):
            close()
            current = {"number": _number(match.group(1)), "start": start + match.start(),
                       "end": end, "head": match, "line_start": start, "paragraphs": [(start, line)],
                       "chapter": len(chapters) - 1 if chapters else None}
        elif current is not None and line.strip():
            current["paragraphs"].append((start, line))
            current["end"] = end
        else:
            continue
        if _UNIT_LIST.search(line):
            close()  # the unit list closes a measure; what follows is not part of it
        elif _UNIT_LIST_OPEN.search(line):
            raise StructureError(start + _UNIT_LIST_OPEN.search(line).start(),
                                 "'(Responsible units:' is not closed by ')' on the same line")
    close()
    _check_numbering(chapters, measures)
    return Structure(chapters=tuple(chapters), measures=tuple(_measure_piece(m) for m in measures))


def _check_numbering(chapters: list[ChapterPiece], measures: list[dict]) -> None:
    for pieces, what in ((chapters, "chapter"), (measures, "measure")):
        for previous, piece in zip(pieces, pieces[1:]):
            prev_n = previous.number if what == "chapter" else previous["number"]
            n = piece.number if what == "chapter" else piece["number"]
            if n != prev_n + 1:
                offset = piece.start if what == "chapter" else piece["start"]
                raise StructureError(offset, f"{what} ({n}) follows ({prev_n}): numbering is out of sequence")


def _measure_piece(m: dict) -> MeasurePiece:
    head: re.Match = m["head"]
    heading_start, heading = m["paragraphs"][0]
    rest_offset = head.start(2)
    rest = heading[rest_offset:]
    cut = _SENTENCE_END.search(rest)
    title = rest[: cut.start()] if cut else _UNIT_LIST.sub("", rest)
    scenarios = []
    units: tuple[UnitName, ...] = ()
    for start, line in m["paragraphs"]:
        if match := _SCENARIO.match(line):
            body_end = _UNIT_LIST.search(line)
            end = start + len(line[: body_end.start() if body_end else len(line)].rstrip())
            indent = len(line) - len(line.lstrip())
            scenarios.append(ScenarioPiece(start=start + indent, end=end,
                                           name=match.group(1).strip(),
                                           body=line[match.start(2): end - start].strip()))
        if match := _UNIT_LIST.search(line):
            units = split_unit_list(match.group(1), start + match.start(1))
    return MeasurePiece(start=m["start"], end=m["end"], number=m["number"], title=title.strip(),
                        chapter=m["chapter"], scenarios=tuple(scenarios), units=units,
                        heading_line_start=m["line_start"])


# A unit name is a run between list separators; "and"/"及"/"和" only introduce the last item.
_LIST_ITEM = re.compile(r"[^,，、;；]+")
_LEADING_CONJUNCTION = re.compile(r"^(?:and|as well as|及|和|以及)\s+|^(?:及|和|以及)", re.I)
# "A and B" without a comma splits only where B starts like a unit name
# ("Department of Science and Technology" must stay whole).
_BARE_AND = re.compile(
    r"\s+and\s+(?=(?:the\s+)?(?:Provincial|Municipal|City|County|State|People's|people's|relevant|Organization|"
    r"General Office)\b)"
)


def split_unit_list(listing: str, offset: int) -> tuple[UnitName, ...]:
    """Split "A, B, and C" into names with their offsets (`offset` is where `listing` starts)."""
    names: list[UnitName] = []
    for item in _LIST_ITEM.finditer(listing):
        start = item.start()
        for part in _BARE_AND.split(item.group()):
            part_start = listing.index(part, start)
            start = part_start + len(part)
            stripped = part.strip()
            part_start += part.index(stripped) if stripped else 0
            if lead := _LEADING_CONJUNCTION.match(stripped):
                part_start += lead.end()
                stripped = stripped[lead.end():]
            stripped = stripped.rstrip(" .。")
            if stripped:
                names.append(UnitName(start=offset + part_start, end=offset + part_start + len(stripped),
                                      name=stripped))
    return tuple(names)
