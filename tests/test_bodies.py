"""The glossary of standard government and Party bodies (policyapi/data/bodies.toml, policyapi/bodies.py)."""

from __future__ import annotations

import itertools
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyapi import bodies, gazetteer
from policyapi.bodies import Body, find, names

GLOSSARY = bodies.glossary().bodies
BY_KEY = {b.key: b for b in GLOSSARY}
LEVELS = ("national", "provincial", "municipal", "county")
_SLOT = re.compile(r"\{([^{}]*)\}")


def key_of(name: str) -> str | None:
    body = find(name)
    return body.key if body else None


def expand(template: str, place: str = "") -> list[str]:
    """Every spelling of a glossary template: each {a|b|c} choice, {place} as given (test's own reading)."""
    parts = _SLOT.split(template)
    options = [(p,) if i % 2 == 0 else ((place,) if p == "place" else tuple(p.split("|")))
               for i, p in enumerate(parts)]
    return ["".join(c) for c in itertools.product(*options)]


def chinese_forms(body: Body) -> list[str]:
    return sorted({s for t in (*body.zh, *body.short) for s in expand(t)})


# Spellings a government body also has: a Party body's takes 委 (办公厅 is the government's, 委办公厅 the Party's).
GOVERNMENT_ZH = {f for b in GLOSSARY if not b.party for f in chinese_forms(b)}
GOVERNMENT_EN = {" ".join(s.casefold().split()) for b in GLOSSARY if not b.party for t in b.en for s in expand(t)}


# ---------------------------------------------------------------- the glossary itself

def test_glossary_size_and_body_types():
    assert 40 <= len(GLOSSARY) <= 60
    types = bodies.body_types()
    assert types[-1] == "other" and types[:-1] == tuple(b.key for b in GLOSSARY)
    assert len(set(types)) == len(types)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", t) for t in types)
    # the bodies the brief names, by key
    for key in ("development_reform", "economy_information", "science_technology", "data", "finance",
                "education", "human_resources_social_security", "commerce", "market_regulation",
                "public_security", "transport", "health", "natural_resources", "ecology_environment",
                "housing_urban_rural", "agriculture_rural", "culture_tourism", "civil_affairs", "justice",
                "emergency_management", "water_resources", "statistics", "state_assets",
                "local_financial_regulation", "intellectual_property", "drug_administration", "sports",
                "foreign_affairs", "communications", "energy", "tax", "audit", "cyberspace", "organization",
                "propaganda", "talent_office", "government", "general_office", "investment_promotion",
                "sme_private_economy", "pbc_branch", "financial_regulatory_branch", "science_association"):
        assert key in BY_KEY


def test_party_bodies():
    party = {b.key for b in GLOSSARY if b.party}
    assert {"organization", "propaganda", "cyberspace", "talent_office", "party_general_office"} <= party
    assert not party & {"development_reform", "general_office", "government", "local_financial_regulation"}


@pytest.mark.parametrize(("name", "key"), [
    ("自治区党委组织部", "organization"), ("西藏自治区党委网信办", "cyberspace"), ("自治区党委金融办", "financial_commission_office"),
])
def test_an_autonomous_regions_party_committee_is_its_dangwei(name, key):
    # An autonomous region's Party committee is 自治区党委, not 区委 (found on the synthetic corpus).
    assert find(name).key == key


def test_no_glossary_name_holds_a_place_name():
    # find() cuts out every place name the gazetteer finds: a body's own name must hold none.
    g = gazetteer.load()
    for body in GLOSSARY:
        for spelling in chinese_forms(body) + [s for t in body.en for s in expand(t, " ")]:
            assert not g.scan(spelling), (body.key, spelling, g.scan(spelling))


# ---------------------------------------------------------------- find: the brief's and the corpora's examples

@pytest.mark.parametrize(("name", "key"), [
    ("湖北省发展改革委", "development_reform"),
    ("省发改委", "development_reform"),
    ("发改委", "development_reform"),
    ("区发展改革局", "development_reform"),
    ("市发改局", "development_reform"),
    ("市科技局", "science_technology"),
    ("省科技厅", "science_technology"),
    ("青川市经济和信息化局", "economy_information"),  # a place the gazetteer does not know
    ("省工业和信息化厅", "economy_information"),
    ("市工信局", "economy_information"),
    ("省委网信办", "cyberspace"),
    ("市委组织部（人才办）", "organization"),
    ("市委组织部(人才办)", "organization"),
    ("市委人才办", "talent_office"),
    ("省委宣传部", "propaganda"),
    ("中共株洲市委办公室", "party_general_office"),
    ("湖北省委办公厅", "party_general_office"),
    ("中共中央组织部", "organization"),
    ("市委金融办", "financial_commission_office"),
    ("市金融办", "local_financial_regulation"),
    ("省地方金融管理局", "local_financial_regulation"),
    ("省地方金融监督管理局", "local_financial_regulation"),
    ("湖北金融监管局", "financial_regulatory_branch"),
    ("国家金融监督管理总局湖北监管局", "financial_regulatory_branch"),
    ("人行四川省分行", "pbc_branch"),
    ("中国人民银行湖北省分行", "pbc_branch"),
    ("国家税务总局湖北省税务局", "tax"),
    ("湖北省人民政府", "government"),
    ("醴陵市人民政府", "government"),
    ("省政府", "government"),
    ("广东省人民政府办公厅", "general_office"),
    ("佛山市南海区人民政府办公室", "general_office"),
    ("省政府办公厅", "general_office"),
    ("省政府国资委", "state_assets"),
    ("省国资委", "state_assets"),
    ("市场监管局", "market_regulation"),
    ("市市场监管局", "market_regulation"),
    ("省市场监督管理局", "market_regulation"),
    ("市数据局", "data"),
    ("省大数据局", "data"),
    ("湖北省大数据发展管理局", "data"),
    ("广东省政务服务和数据管理局", "data"),
    ("新疆维吾尔自治区数据局", "data"),
    ("省通信管理局", "communications"),
    ("市通信发展办", "communications"),
    ("市文化旅游广电局", "culture_tourism"),
    ("省文化和旅游厅", "culture_tourism"),
    ("市自然资源和规划局", "natural_resources"),
    ("省人力资源社会保障厅", "human_resources_social_security"),
    ("市人社局", "human_resources_social_security"),
    ("市卫生健康委", "health"),
    ("荆门市卫生健康委", "health"),
    ("省住建厅", "housing_urban_rural"),
    ("市城市管理局", "urban_management"),
    ("区投资促进局", "investment_promotion"),
    ("市政务服务中心", "government_services"),
    ("省能源局", "energy"),
    ("福建省知识产权局", "intellectual_property"),
    ("省统计局", "statistics"),
    ("省科协", "science_association"),
    ("恩施州发改委", "development_reform"),
    ("武汉海关", "customs"),
    ("省发改委（省能源局）", "development_reform"),  # a co-located office in brackets is a note
    # English
    ("Provincial Development and Reform Commission", "development_reform"),
    ("Hubei Provincial DRC", "development_reform"),
    ("hubei provincial drc", "development_reform"),
    ("National Development and Reform Commission", "development_reform"),
    ("Wuhan Municipal Bureau of Science and Technology", "science_technology"),
    ("Municipal Science and Technology Bureau", "science_technology"),
    ("Department of Science and Technology of the Autonomous Region", "science_technology"),
    ("Department of Science and Technology of Hubei Province", "science_technology"),
    ("Provincial Department of Economy and Information Technology", "economy_information"),
    ("Department of Economy and Information Technology of the Province", "economy_information"),
    ("Municipal Bureau of Industry and Information Technology", "economy_information"),
    ("Provincial Public Security Department", "public_security"),
    ("Provincial Department of Public Security", "public_security"),
    ("Provincial Government State owned Assets Supervision and Administration Commission", "state_assets"),
    ("Autonomous Region State-owned Assets Supervision and Administration Commission", "state_assets"),
    ("Provincial Party Committee Cyberspace Administration", "cyberspace"),
    ("Cyberspace Administration of the Municipal Party Committee", "cyberspace"),
    ("Organization Department of the Provincial Party Committee", "organization"),
    ("Organization Department of the Autonomous Region Party Committee", "organization"),
    ("Organization Department of the CPC Central Committee", "organization"),
    ("General Office of the People's Government of Hubei Province", "general_office"),
    ("General Office of the People's Government of Xinjiang Uygur Autonomous Region", "general_office"),
    ("General Office of Weifang Municipal People's Government", "general_office"),
    ("Wuhan Municipal People's Government", "government"),
    ("Urumqi Municipal People's Government", "government"),
    ("People's Bank of China Hubei Branch", "pbc_branch"),
    ("People's Bank of China Sichuan Provincial Branch", "pbc_branch"),
    ("Provincial Local Financial Management Bureau", "local_financial_regulation"),
    ("Municipal Local Financial Supervision Bureau", "local_financial_regulation"),
    ("Municipal Big Data Bureau", "data"),
    ("Provincial Big Data Administration", "data"),
    ("Autonomous Region Communications Administration", "communications"),
    ("Provincial Administration for Market Regulation", "market_regulation"),
    ("Autonomous Region Market Supervision Administration", "market_regulation"),
    ("Provincial Department of Housing and Urban Rural Development", "housing_urban_rural"),
    ("Provincial Department of Housing and Urban-Rural Development", "housing_urban_rural"),
    ("Inner Mongolia Autonomous Region Department of Commerce", "commerce"),
    ("Provincial Drug Administration", "drug_administration"),
    ("Provincial Sports Bureau", "sports"),
    ("Municipal Foreign Affairs Office", "foreign_affairs"),
    ("Wuhan Customs", "customs"),
])
def test_find(name, key):
    assert key_of(name) == key


@pytest.mark.parametrize("name", [
    # unknown bodies: never a guess
    "省低空经济发展专班", "青川大数据集团有限公司", "Changjiang Securities", "Hubei Big Data Group",
    "湖北省大数据中心", "招商局集团", "东湖高新区管委会", "省委科技委", "Weifang Rural Commercial Bank",
    "State Grid Sichuan Electric Power Company", "中国移动株洲分公司", "Advertisement", "",
    # collectives
    "各市州人民政府", "有关部门", "各区县政府", "各区县（市）人民政府", "区县人民政府", "市直有关单位",
    "各街道办事处", "relevant provincial departments", "People's Governments of various cities and prefectures",
    "people's governments of all districts and counties",
    # several bodies in one name
    "省发改委、省科技厅", "省发改委，省科技厅", "省发改委等", "Provincial DRC and Department of Science and Technology",
    # a Party committee, not one of its bodies
    "中共湖北省委", "省委",
])
def test_find_none(name):
    assert find(name) is None


@pytest.mark.parametrize(("name", "key"), [
    ("省科技厅", "science_technology"),  # never education
    ("市场监管局", "market_regulation"),  # 市场 is no 市 prefix
    ("市数据局", "data"),
    ("省通信管理局", "communications"),  # not transport
    ("省地方金融管理局", "local_financial_regulation"),  # not finance
    ("省财政厅", "finance"),
    ("省委办公厅", "party_general_office"),  # not the government's general office
    ("省人民政府办公厅", "general_office"),
    ("Provincial Financial Regulatory Bureau", "local_financial_regulation"),
    ("Provincial Department of Finance", "finance"),
    ("General Office of the Provincial Party Committee", "party_general_office"),
])
def test_find_is_exact(name, key):
    assert key_of(name) == key


@pytest.mark.parametrize("name", ["  provincial  data   bureau ", "PROVINCIAL DATA BUREAU", "Provincial Data-Bureau",
                                  "provincial   Data Bureau", "Provincial Data Bureau "])
def test_english_ignores_case_and_spacing(name):
    assert key_of(name) == "data"


def test_english_ignores_apostrophes_and_hyphens():
    assert key_of("Peoples Bank of China Hubei Branch") == "pbc_branch"
    assert key_of("People’s Bank of China Hubei Branch") == "pbc_branch"
    assert key_of("Provincial State owned Assets Supervision and Administration Commission") == "state_assets"


# ---------------------------------------------------------------- find: every spelling in the glossary

@pytest.mark.parametrize("body", GLOSSARY, ids=lambda b: b.key)
def test_every_chinese_form_finds_its_body(body):
    party = "委" if body.party else ""
    for form in chinese_forms(body):
        if "{place}" in form or "place" in form:
            continue
        if body.key in ("financial_regulatory_branch", "pbc_branch", "csrc_branch", "tax"):
            spellings = [s for t in (*body.zh, *body.short) for p in ("湖北省", "武汉市", "") for s in expand(t, p)]
        else:
            spellings = [f"省{party}{form}", f"市{party}{form}", f"湖北省{party}{form}", f"武汉市{party}{form}"]
            if not (body.party and form in GOVERNMENT_ZH):
                spellings.append(form)
        for spelling in spellings:
            assert key_of(spelling) == body.key, spelling


@pytest.mark.parametrize("body", GLOSSARY, ids=lambda b: b.key)
def test_every_english_name_finds_its_body(body):
    preferred = body.en[0]
    for level in ("Provincial", "Municipal"):
        for spelling in expand(preferred, level):
            name = spelling if "{place}" in preferred else f"{level} {spelling}"
            if body.party:
                name = f"{spelling} of the {level} Party Committee"
            assert key_of(name) == body.key, name
    for template in body.en:  # every spelling, bare (a Party body's unless a government body has it too)
        for spelling in expand(template):
            if not (body.party and " ".join(spelling.casefold().split()) in GOVERNMENT_EN):
                assert key_of(spelling) == body.key, spelling
            if body.party:
                assert key_of(f"Municipal Party Committee {spelling}") == body.key, spelling


# ---------------------------------------------------------------- names

PLACES = {"national": (None, None), "provincial": ("湖北省", "Hubei"), "municipal": ("武汉市", "Wuhan"),
          "county": ("南海区", "Nanhai District")}


@pytest.mark.parametrize("body", GLOSSARY, ids=lambda b: b.key)
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("with_place", [True, False])
def test_names_round_trip(body, level, with_place):
    place_zh, place_en = PLACES[level] if with_place else (None, None)
    n = names(body, level, place_zh, place_en)
    assert n.name_en and n.name_zh
    assert len(set(n.aliases)) == len(n.aliases)
    assert n.name_en not in n.aliases and n.name_zh not in n.aliases
    for name in (n.name_en, n.name_zh, *n.aliases):
        assert key_of(name) == body.key, name


@pytest.mark.parametrize(("key", "level", "place_zh", "place_en", "name_en", "name_zh"), [
    ("development_reform", "provincial", "湖北省", "Hubei",
     "Hubei Provincial Development and Reform Commission", "湖北省发展和改革委员会"),
    ("development_reform", "provincial", None, None, "Provincial Development and Reform Commission", "省发展和改革委员会"),
    ("development_reform", "county", None, None, "County Development and Reform Bureau", "县发展和改革局"),
    ("science_technology", "provincial", None, None, "Provincial Department of Science and Technology", "省科学技术厅"),
    ("science_technology", "municipal", "武汉市", "Wuhan",
     "Wuhan Municipal Bureau of Science and Technology", "武汉市科学技术局"),
    ("economy_information", "municipal", None, None,
     "Municipal Bureau of Economy and Information Technology", "市经济和信息化局"),
    ("organization", "provincial", "湖北省", "Hubei",
     "Organization Department of the Hubei Provincial Party Committee", "湖北省委组织部"),
    ("cyberspace", "municipal", "武汉市", "Wuhan",
     "Cyberspace Administration of the Wuhan Municipal Party Committee", "武汉市委网络安全和信息化委员会办公室"),
    ("organization", "municipal", None, None, "Organization Department of the Municipal Party Committee", "市委组织部"),
    ("general_office", "provincial", "湖北省", "Hubei",
     "General Office of the Hubei Provincial People's Government", "湖北省人民政府办公厅"),
    ("general_office", "municipal", None, None,
     "General Office of the Municipal People's Government", "市人民政府办公室"),
    ("government", "municipal", "武汉市", "Wuhan", "Wuhan Municipal People's Government", "武汉市人民政府"),
    ("pbc_branch", "provincial", "湖北省", "Hubei", "People's Bank of China Hubei Provincial Branch",
     "中国人民银行湖北省分行"),
    ("market_regulation", "municipal", None, None, "Municipal Administration for Market Regulation", "市市场监督管理局"),
    ("health", "county", "南海区", "Nanhai District", "Nanhai District Health Bureau", "南海区卫生健康局"),
])
def test_names(key, level, place_zh, place_en, name_en, name_zh):
    n = names(BY_KEY[key], level, place_zh, place_en)
    assert (n.name_en, n.name_zh) == (name_en, name_zh)


def test_names_aliases_both_languages():
    n = names(BY_KEY["development_reform"], "provincial", "湖北省", "Hubei")
    for alias in ("湖北省发展改革委", "湖北省发改委", "省发展改革委", "省发改委", "发改委", "发展改革委",
                  "Provincial Development and Reform Commission", "Hubei Provincial DRC", "Provincial DRC"):
        assert alias in n.aliases
    party = names(BY_KEY["party_general_office"], "provincial", "湖北省", "Hubei")
    assert "办公厅" not in party.aliases  # bare 办公厅 is the government's general office
    assert "中共湖北省委办公厅" in party.aliases


def test_names_rejects_an_unknown_level():
    with pytest.raises(ValueError, match="level"):
        names(BY_KEY["data"], "township")


# ---------------------------------------------------------------- malformed glossaries

GOOD = '''
[[body]]
key = "science_technology"
zh = ["科学技术{厅|局}"]
short = ["科技{厅|局}"]
en = ["{Department|Bureau} of Science and Technology"]
'''


@pytest.mark.parametrize(("extra", "message"), [
    ('[[body]]\nkey = "science_technology"\nzh = ["科学"]\nen = ["Science"]\n', "'science_technology'.*duplicate key"),
    ('[[body]]\nkey = "data"\nzh = ["数据局"]\nen = []\n', "'data'.*English"),
    ('[[body]]\nkey = "data"\nzh = ["数据局"]\n', "'data'"),
    ('[[body]]\nkey = "education"\nzh = ["教育{厅|局}"]\nshort = ["科技厅"]\nen = ["Education Department"]\n',
     "'科技厅'.*'science_technology'.*'education'"),
    ('[[body]]\nkey = "education"\nzh = ["教育厅"]\nen = ["Bureau of Science and Technology"]\n',
     "'science_technology'.*'education'"),
    ('[[body]]\nkey = "education"\nzh = ["教育{厅}"]\nen = ["Education"]\n', "'education'.*\\{厅\\}"),
    ('[[body]]\nkey = "education"\nzh = ["教育{厅|局"]\nen = ["Education"]\n', "'education'.*braces"),
    ('[[body]]\nkey = "Education"\nzh = ["教育厅"]\nen = ["Education"]\n', "'Education'.*snake_case"),
    ('[[body]]\nkey = "education"\nzh = ["教育厅"]\nen = ["Education"]\nenglish = ["x"]\n', "'education'.*english"),
])
def test_malformed_glossary_raises(tmp_path, extra, message):
    path = tmp_path / "bodies.toml"
    path.write_text(GOOD + extra, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        bodies.load(path)


def test_a_good_small_glossary_loads(tmp_path):
    path = tmp_path / "bodies.toml"
    path.write_text(GOOD, encoding="utf-8")
    glossary = bodies.load(path)
    assert [b.key for b in glossary.bodies] == ["science_technology"]
    assert glossary.find("湖北省科技厅").key == "science_technology"
    assert glossary.find("省发改委") is None


# ---------------------------------------------------------------- robustness and speed

CJK_AND_ASCII = st.text(alphabet=st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
                                           st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                                           st.sampled_from("省市县区委厅局办、（）()，· ")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(CJK_AND_ASCII)
def test_random_text_never_raises(text):
    body = bodies.glossary().find(text)  # uncached
    assert body is None or isinstance(body, Body)


# Junk that cannot spell any part of a body's name: no glossary character, no level or Party word.
_GLOSSARY_CHARS = {ch for b in GLOSSARY for t in (*b.zh, *b.short) for ch in t}
_JUNK = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF).filter(
        lambda ch: ch not in _GLOSSARY_CHARS and ch not in "省市县区州盟旗委各中共国家央"),
    st.characters(min_codepoint=0x21, max_codepoint=0x7E).filter(lambda ch: ch not in "()")), min_size=1, max_size=6)
_FORMS = [(b.key, f) for b in GLOSSARY for f in chinese_forms(b) if "place" not in f]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_FORMS), _JUNK, st.booleans())
def test_junk_around_a_short_form_never_finds_another_body(form, junk, before):
    key, spelling = form
    body = bodies.glossary().find(junk + spelling if before else spelling + junk)
    assert body is None or body.key == key


def test_find_is_fast():
    glossary = bodies.glossary()
    glossary.find("省发改委")  # loads the gazetteer
    sample = [f"{p}{f}" for _, f in _FORMS for p in ("", "省", "湖北省")]
    sample += [f"Provincial {s}" for b in GLOSSARY for t in b.en for s in expand(t)]
    start = time.perf_counter()
    for name in sample:
        glossary.find(name)  # uncached
    per_call = (time.perf_counter() - start) / len(sample)
    assert per_call < 200e-6, f"{per_call * 1e6:.0f} µs per find"
