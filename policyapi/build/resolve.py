"""Resolve unit names written differently into one unit per jurisdiction.

"People's Governments of various cities and prefectures" and "people's governments of
various cities and prefectures", or "Provincial Public Security Department" and
"Provincial Department of Public Security", are one unit; so are "湖北省科技厅", "省科技厅",
"科技厅" and "省科技廳" in a Hubei document. Two names merge only within the same jurisdiction,
level and kind, and only when the words that tell departments apart (what is left after
removing the words every unit shares, or for a Chinese name its place and level prefix) agree.
Names of one standard body of the glossary (policyapi/data/bodies.toml) are one unit whatever
their language: "省数据局" and "Provincial Data Bureau" in Hubei.
"""

from __future__ import annotations

import re
from collections import Counter

import msgspec
from rapidfuzz import fuzz

from policyapi import gazetteer
from policyapi.build.extract.units import UnitProfile

# Words that carry no identity: fuzzy scores on the raw names differ by only a few points
# between a duplicate and a different department, so they are compared without these.
_FILLER = frozenset(
    "the of and for in on at to a an provincial province municipal city people's peoples government governments "
    "department departments bureau office commission committee administration".split()
)
_WORD = re.compile(r"[\w']+")
# Above this score on the distinguishing words, two names are the same unit (typos, plurals).
SAME_UNIT_SCORE = 92


class UnitCluster(msgspec.Struct):
    profile: UnitProfile
    body: str | None  # the glossary's key for the body, when it is a standard one
    words: frozenset[str]
    core: str
    spellings: Counter
    first_seen: dict[str, int]


_CJK = re.compile(r"[\u3400-\u9fff]")
_LEVEL_PREFIX = re.compile(r"^(?:省|市|区|县|州|自治区)(?!委|政府|人民政府)")


def _zh_core(name: str) -> str:
    """"湖北省科技厅" / "省科技厅" -> "科技厅": a Chinese name without its place and level prefix."""
    core = re.sub(r"\s+", "", name)
    while hits := [h for h in gazetteer.load().scan(core) if h.start == 0 and h.end < len(core)]:
        core = core[hits[0].end:]
    return _LEVEL_PREFIX.sub("", core) or core


def _normalise(name: str) -> tuple[frozenset[str], str]:
    if _CJK.search(name):  # Chinese names merge on their core only: no fuzzy matching of characters
        core = _zh_core(name)
        return frozenset({core}), ""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(name.replace("’", "'"))]
    core = " ".join(sorted(w for w in words if w not in _FILLER))
    return frozenset(w for w in words if w not in {"the", "of", "and"}), core


def _same(cluster: UnitCluster, profile: UnitProfile, words: frozenset[str], core: str) -> bool:
    if cluster.profile != profile or cluster.body:  # a standard body merges by its key alone
        return False
    if words == cluster.words:
        return True
    if not core or not cluster.core:  # nothing distinctive left: only exact word sets merge
        return False
    return core == cluster.core or fuzz.token_sort_ratio(core, cluster.core) >= SAME_UNIT_SCORE


class UnitResolver:
    """Feed names in document order; each call returns the index of its unit cluster."""

    def __init__(self) -> None:
        self.clusters: list[UnitCluster] = []
        self._by_words: dict[tuple[UnitProfile, frozenset[str]], int] = {}
        self._by_profile: dict[UnitProfile, list[int]] = {}  # only same-profile names can merge

    def add(self, name: str, profile: UnitProfile, *, key: str | None = None, body: str | None = None) -> int:
        """`name` as written; `key` the same name in the analysis view (Simplified script), to compare;
        `body` the glossary's key when the name is a standard body's."""
        words, core = (frozenset({f"body:{body}"}), f"body:{body}") if body else _normalise(key or name)
        index = self._by_words.get((profile, words))
        if index is None:
            candidates = self._by_profile.setdefault(profile, [])
            index = next((i for i in candidates if _same(self.clusters[i], profile, words, core)), None)
        if index is None:
            index = len(self.clusters)
            self._by_profile[profile].append(index)
            self.clusters.append(UnitCluster(profile=profile, body=body, words=words, core=core, spellings=Counter(),
                                             first_seen={}))
        cluster = self.clusters[index]
        self._by_words[(profile, words)] = index
        cluster.spellings[name] += 1
        cluster.first_seen.setdefault(name, sum(cluster.spellings.values()))
        return index

    @staticmethod
    def spellings(cluster: UnitCluster) -> list[str]:
        """English spellings first, then capitalised ones, the most used first (earliest on ties)."""
        return sorted(cluster.spellings, key=lambda s: (bool(_CJK.search(s)), not s[:1].isupper(),
                                                        -cluster.spellings[s], cluster.first_seen[s]))
