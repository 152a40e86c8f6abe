"""The standard bodies of Chinese governments and Party committees (policyapi/data/bodies.toml).

`find` says which standard body a unit name is, whatever the level, place and language it is
written with; `names` spells a body's names for a level and place; `body_types` lists the keys.

    >>> find("湖北省发改委").key, find("Wuhan Municipal Bureau of Science and Technology").key
    ('development_reform', 'science_technology')
    >>> find("省委网信办").key, find("市委组织部（人才办）").key
    ('cyberspace', 'organization')
    >>> find("各市州人民政府"), find("省发改委、省科技厅"), find("Hubei Big Data Group")
    (None, None, None)
    >>> n = names(find("科技厅"), "municipal", place_zh="武汉市", place_en="Wuhan")
    >>> n.name_en, n.name_zh
    ('Wuhan Municipal Bureau of Science and Technology', '武汉市科学技术局')

How `find` reads a name (exact lookups in tables built once, never a guess):
- Chinese: drop a trailing note in brackets (市委组织部（人才办）), a leading 中共, and every place
  name the gazetteer finds (湖北省, 武汉市, the 湖北 of 中国人民银行湖北分行); then look the rest up,
  and while it is not found strip one leading level word (省, 市, 自治区, ...), 委 (the Party
  committee's) or 人民政府/政府 (省政府国资委) and try again. 市场监管局 is found before its 市 is stripped.
- English: case, apostrophes, hyphens and spacing do not count; "of", "and", "the", "for" and the
  level words (Provincial, Municipal, City, Autonomous Region ...) are dropped, so are place names
  (the gazetteer's, and any unknown words right before a level word); "Party Committee" / "CPC"
  mark a Party body; "Government" before a body name is dropped when the rest is a body.
- Names of several bodies (省发改委、省科技厅) and collectives (各市州人民政府, relevant
  departments) are None.
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import re
import tomllib
from pathlib import Path
from typing import Literal

import msgspec

from policyapi import gazetteer

Level = Literal["national", "provincial", "municipal", "county"]
OTHER = "other"  # the body type of every unit that is not a standard body


class Body(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One glossary entry (see the top of bodies.toml for the fields and the {a|b} notation)."""

    key: str  # also the body type
    zh: tuple[str, ...]  # Chinese full names, preferred first
    en: tuple[str, ...]  # English names, preferred first
    short: tuple[str, ...] = ()  # Chinese short forms
    party: bool = False  # a Party committee body (省委组织部)


class Names(msgspec.Struct, frozen=True):
    """A body's names at one level and place."""

    name_en: str  # "Hubei Provincial Development and Reform Commission"
    name_zh: str  # "湖北省发展和改革委员会"
    aliases: tuple[str, ...]  # other spellings in both languages, without name_en and name_zh


# ---------------------------------------------------------------- reading names (module constants: no per-call compiling)

_SLOT = re.compile(r"\{([^{}]*)\}")  # {a|b}, {a|b|c}, {place}
_KEY = re.compile(r"[a-z][a-z0-9_]*")
_PLACE = "{place}"
_EN_WORD = re.compile(r"[a-z0-9]+")  # hyphens, commas, brackets separate words
_APOSTROPHES = str.maketrans("", "", "'’‘`")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")  # 市委组织部（人才办）: an office housed in the body

# Chinese: words that start a collective (各市州人民政府, 有关部门, 市直有关单位), and separators of lists.
_ZH_COLLECTIVE = ("各", "有关", "相关", "其他", "其它", "全省", "全市", "全县", "全区", "所属", "省直", "市直",
                  "县直", "区直")
_ZH_SEPARATORS = frozenset("、,，;；/／")
_ZH_LEVELS = ("特别行政区", "自治区", "自治州", "自治县", "地区", "国家", "中央", "省", "市", "县", "区", "州", "盟", "旗")
_ZH_GOVERNMENT = ("人民政府", "政府")  # 省政府国资委, 市人民政府外事办公室
_ZH_PLACE_ENDS = frozenset("省市州盟县区旗")  # the last character of a place name (自治区, 地区 end in 区)
_ZH_NOT_IN_PLACE = frozenset("省市州盟县区旗委各府局厅办部")  # so 区县人民政府 is no place + 人民政府

# English: words that never tell bodies apart, level words, words of collectives.
_EN_STOP = frozenset({"of", "the", "and", "for"})
_EN_LEVELS = frozenset({"national", "central", "provincial", "province", "municipal", "municipality", "city",
                        "county", "district", "autonomous", "region", "prefecture", "prefectural", "banner",
                        "league", "special", "administrative", "sar"})
_EN_COLLECTIVE = frozenset({"various", "relevant", "all", "each", "respective", "concerned", "related", "other"})
_EN_PARTY = (("communist", "party", "of", "china"), ("chinese", "communist", "party"), ("party", "committee"),
             ("central", "committee"), ("cpc",), ("ccp",))

_LEVEL_WORD = {"national": "National", "provincial": "Provincial", "municipal": "Municipal", "county": "County"}
_LEVEL_ZH = {"national": "国家", "provincial": "省", "municipal": "市", "county": "县"}
_PARTY_ZH = {"national": "中共中央", "provincial": "省委", "municipal": "市委", "county": "县委"}
# An English place name that already ends in its kind ("Nanhai District") takes no level word.
_EN_PLACE_KINDS = ("Province", "City", "County", "District", "Banner", "Prefecture", "Region", "League",
                   "Municipality")


def _parse(template: str, key: str) -> list[str | tuple[str, ...]]:
    """A name template as literal text and slots: a tuple of level choices, or _PLACE."""
    parts: list[str | tuple[str, ...]] = []
    for i, part in enumerate(_SLOT.split(template)):
        if i % 2 == 0:
            if "{" in part or "}" in part:
                raise ValueError(f"bodies.toml: entry {key!r}: unbalanced braces in {template!r}")
            parts.append(part)
        elif part == "place":
            parts.append(_PLACE)
        else:
            choices = tuple(part.split("|"))
            if len(choices) not in (2, 3) or not all(choices):
                raise ValueError(f"bodies.toml: entry {key!r}: {{{part}}} in {template!r} is not "
                                 "{provincial|municipal} or {provincial|municipal|county}")
            parts.append(choices)
    return parts


def _spell(template: str, level: str) -> str:
    """The template at one level: {a|b} is a at provincial and national level, b below; {place} stays."""
    index = 0 if level in ("national", "provincial") else 1 if level == "municipal" else -1
    return "".join(p if isinstance(p, str) else p[index] for p in _parse(template, ""))


def _spellings(template: str, key: str) -> set[str]:
    """Every spelling of a template, all combinations of its level choices ({place} stays)."""
    options = [(p,) if isinstance(p, str) else p for p in _parse(template, key)]
    return {"".join(combination) for combination in itertools.product(*options)}


def _en_words(text: str) -> list[str]:
    return _EN_WORD.findall(text.casefold().translate(_APOSTROPHES))


def _en_key(words: list[str]) -> str:
    return " ".join(w for w in words if w not in _EN_STOP and w not in _EN_LEVELS)


def _drop_party_words(words: list[str]) -> tuple[list[str], bool]:
    """Words without "Party Committee", "CPC" ...; and whether there were any (a Party body)."""
    kept, party, i = [], False, 0
    while i < len(words):
        phrase = next((p for p in _EN_PARTY if tuple(words[i:i + len(p)]) == p), None)
        if phrase:
            party, i = True, i + len(phrase)
        else:
            kept.append(words[i])
            i += 1
    return kept, party


class Glossary:
    """The bodies of one glossary file, with lookup tables built once."""

    def __init__(self, bodies: tuple[Body, ...]) -> None:
        self.bodies = bodies
        # Party and government bodies are looked up separately: 办公厅 is the government's general
        # office, 委办公厅 the Party committee's; 金融办 and 委金融办 likewise.
        self._zh: dict[bool, dict[str, Body]] = {False: {}, True: {}}
        self._en: dict[bool, dict[str, Body]] = {False: {}, True: {}}
        for body in bodies:
            for template in (*body.zh, *body.short):
                for spelling in _spellings(template, body.key):
                    fills = ("", "省", "市", "县", "区", "州") if _PLACE in spelling else ("",)
                    for fill in fills:  # names() writes a level word where no place is given
                        self._claim(self._zh[body.party], "".join(spelling.replace(_PLACE, fill).split()), body)
            for template in body.en:
                for spelling in _spellings(template, body.key):
                    self._claim(self._en[body.party], _en_key(_en_words(spelling.replace(_PLACE, " "))), body)
        # Words of English names: never taken for a place name.
        self._en_vocabulary = frozenset(w for table in self._en.values() for k in table for w in k.split())

    @staticmethod
    def _claim(table: dict[str, Body], spelling: str, body: Body) -> None:
        if not spelling:
            raise ValueError(f"bodies.toml: entry {body.key!r} has a name with nothing but level and filler words")
        other = table.setdefault(spelling, body)
        if other.key != body.key:
            raise ValueError(f"bodies.toml: {spelling!r} is claimed by both {other.key!r} and {body.key!r}")

    def _lookup(self, tables: dict[bool, dict[str, Body]], spelling: str, party: bool | None) -> Body | None:
        # An explicit Party mark looks among Party bodies first (委金融办), else government bodies first;
        # then the other table (组织部 needs no 委; 省委外办 is the foreign affairs office).
        first, second = (tables[True], tables[False]) if party else (tables[False], tables[True])
        return first.get(spelling) or second.get(spelling)

    def find(self, name: str) -> Body | None:
        """The standard body a unit name is, or None (unknown, a collective, several bodies)."""
        if any("\u3400" <= ch <= "\u9fff" for ch in name):
            return self._find_zh(name)
        return self._find_en(name)

    def _find_zh(self, name: str) -> Body | None:
        text = _TRAILING_NOTE.sub("", "".join(name.split()))
        if not text or text.startswith(_ZH_COLLECTIVE) or not _ZH_SEPARATORS.isdisjoint(text):
            return None
        party = None
        if text.startswith("中共"):
            text, party = text[2:], True
        hits = gazetteer.load().scan(text)
        if hits:  # place names, wherever they are: 湖北省发改委, 中国人民银行湖北省分行
            pieces, at = [], 0
            for hit in hits:
                pieces.append(text[at:hit.start])
                at = hit.end
            text = "".join(pieces) + text[at:]
        if body := self._resolve_zh(text, party):
            return body
        # A place the gazetteer does not know (a new county, a made-up 青川市 in a test): a short
        # leading name ending in a level word, when the rest is a body.
        for end in range(1, min(len(text), 9)):
            if text[end] in _ZH_PLACE_ENDS and not _ZH_NOT_IN_PLACE.intersection(text[:end]):
                if body := self._resolve_zh(text[end + 1:], party):
                    return body
        return None

    def _resolve_zh(self, text: str, party: bool | None) -> Body | None:
        """Look `text` up; while not found, strip a leading level word (once: 区县人民政府 is a
        collective), 委 or 政府 and try again."""
        level_seen = False
        while text:
            if body := self._lookup(self._zh, text, party):
                return body
            if text.startswith("委"):  # 省委组织部 after 省, 湖北省委 after the place
                text, party = text[1:], True
            elif text.startswith("党委"):  # 自治区党委组织部: an autonomous region's Party committee
                text, party = text[2:], True
            elif not level_seen and (level := next((w for w in _ZH_LEVELS if text.startswith(w)), None)):
                text, level_seen = text[len(level):], True
            elif not party and (government := next((w for w in _ZH_GOVERNMENT if text.startswith(w)), None)):
                text = text[len(government):]
            else:
                return None
        return None

    def _find_en(self, name: str) -> Body | None:
        hits = gazetteer.load().scan(name)  # Hubei, Inner Mongolia (as the gazetteer spells them)
        for hit in reversed(hits):
            name = name[:hit.start] + " " + name[hit.end:]
        words = _en_words(name)
        if not words or not _EN_COLLECTIVE.isdisjoint(words):
            return None
        words, party = _drop_party_words(words)
        if party:  # "CPC Hubei Provincial Committee": no Party body's name has "committee" in it
            words = [w for w in words if w != "committee"]
        words = self._drop_places(words)
        key = _en_key(words).split()
        while key:
            if body := self._lookup(self._en, " ".join(key), party or None):
                return body
            if key[:2] == ["peoples", "government"] and len(key) > 2:
                key = key[2:]  # "Provincial People's Government Foreign Affairs Office"
            elif key[0] == "government" and len(key) > 1:
                key = key[1:]  # "Provincial Government State owned Assets ... Commission"
            else:
                return None
        return None

    def _drop_places(self, words: list[str]) -> list[str]:
        """Words without place names: unknown words right before a level word ("Wuhan Municipal",
        "Xinjiang Uygur Autonomous Region"), and unknown words the gazetteer knows."""
        drop = set()
        for i, word in enumerate(words):
            if word in _EN_LEVELS:
                j = i - 1
                while j >= 0 and words[j] not in self._en_vocabulary and words[j] not in _EN_STOP \
                        and words[j] not in _EN_LEVELS:
                    drop.add(j)
                    j -= 1
            elif word not in self._en_vocabulary and word not in _EN_STOP and gazetteer.load().lookup(word):
                drop.add(i)
        return [w for i, w in enumerate(words) if i not in drop]

    def names(self, body: Body, level: Level, place_zh: str | None = None, place_en: str | None = None) -> Names:
        """A body's names at a level ("national", "provincial", "municipal", "county"), in a place if given.

        National names are rough (the level word before a provincial form: 国家发展和改革委员会 is right,
        a ministry's own name such as 科学技术部 is not in the glossary); a place is ignored there.
        """
        if level not in _LEVEL_WORD:
            raise ValueError(f"unknown level {level!r} (one of: {', '.join(_LEVEL_WORD)})")
        if level == "national":
            place_zh = place_en = None
        zh = self._names_zh(body, level, place_zh)
        en = self._names_en(body, level, place_en)
        name_zh, name_en = zh[0], en[0]
        aliases = dict.fromkeys(a for a in (*zh, *en) if a not in (name_zh, name_en))
        return Names(name_en=name_en, name_zh=name_zh, aliases=tuple(aliases))

    def _names_zh(self, body: Body, level: str, place: str | None) -> list[str]:
        # With a place: 湖北省发改委 first, then the level's own 省发改委 (as documents of that place write it).
        if body.party:
            prefixes = [place + "委", "中共" + place + "委", _PARTY_ZH[level]] if place else [_PARTY_ZH[level]]
        else:
            prefixes = [place, _LEVEL_ZH[level]] if place else [_LEVEL_ZH[level]]
        fill = place or ("" if level == "national" else _LEVEL_ZH[level])
        names: list[str] = []
        for template in (*body.zh, *body.short):
            spelling = _spell(template, level)
            if _PLACE in spelling:  # 中国人民银行湖北省分行
                names += [spelling.replace(_PLACE, fill), spelling.replace(_PLACE, "")]
                continue
            names += [prefix + spelling for prefix in prefixes]
            if not body.party or spelling not in self._zh[False]:  # bare 组织部, but 办公厅 is the government's
                names.append(spelling)
        return list(dict.fromkeys(names))

    def _names_en(self, body: Body, level: str, place: str | None) -> list[str]:
        word = _LEVEL_WORD[level]
        where = [f"{place} {word}", word] if place else [word]
        if place and place.endswith(_EN_PLACE_KINDS):  # "Nanhai District", not "Nanhai District County"
            where[0] = place
        if place:
            where.append(place)  # "Hubei Development and Reform Commission"
        names: list[str] = []
        for template in body.en:
            spelling = _spell(template, level)
            if body.party:
                name = " ".join(spelling.replace(_PLACE, " ").split())
                if level == "national":
                    names += [f"{name} of the CPC Central Committee", f"CPC Central Committee {name}"]
                else:
                    names += [f"{name} of the {w} Party Committee" for w in where[:2]]
                    names += [f"{w} Party Committee {name}" for w in where[:2]]
            elif _PLACE in spelling:
                names += [" ".join(spelling.replace(_PLACE, w).split()) for w in where]
            else:
                names += [f"{w} {spelling}" for w in where]
        return list(dict.fromkeys(names))


def load(path: Path | str | None = None) -> Glossary:
    """A glossary file (the package's bodies.toml by default); ValueError naming the entry if malformed."""
    raw = Path(path).read_bytes() if path else \
        importlib.resources.files("policyapi").joinpath("data", "bodies.toml").read_bytes()
    try:
        entries = tomllib.loads(raw.decode("utf-8")).get("body", [])
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"bodies.toml: {error}") from error
    bodies: list[Body] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        label = repr(entry.get("key")) if isinstance(entry, dict) and entry.get("key") else f"#{i + 1}"
        try:
            body = msgspec.convert(entry, Body)
        except msgspec.ValidationError as error:
            raise ValueError(f"bodies.toml: entry {label}: {error}") from error
        if not _KEY.fullmatch(body.key) or body.key == OTHER:
            raise ValueError(f"bodies.toml: entry {label}: the key must be snake_case and not {OTHER!r}")
        if body.key in seen:
            raise ValueError(f"bodies.toml: entry {label}: duplicate key")
        if not body.zh or not body.en or not all(n.strip() for n in (*body.zh, *body.en, *body.short)):
            raise ValueError(f"bodies.toml: entry {label}: needs at least one Chinese (zh) and one English (en) "
                             "name, and no empty ones")
        for template in (*body.zh, *body.short, *body.en):
            _parse(template, body.key)
        seen.add(body.key)
        bodies.append(body)
    return Glossary(tuple(bodies))


@functools.cache
def glossary() -> Glossary:
    """The package's glossary, loaded once per process."""
    return load()


def body_types() -> tuple[str, ...]:
    """Every body type: the glossary's keys in file order, then "other"."""
    return (*(b.key for b in glossary().bodies), OTHER)


@functools.lru_cache(maxsize=65536)  # the same unit names come back in every document
def find(name: str) -> Body | None:
    """The standard body `name` is (Simplified Chinese or English, with or without place and level), else None."""
    return glossary().find(name)


def names(body: Body, level: Level, place_zh: str | None = None, place_en: str | None = None) -> Names:
    """A body's names at a level and place: see `Glossary.names`."""
    return glossary().names(body, level, place_zh, place_en)
