"""Find the quantities a text states as targets or observed indicators, and normalise them.

``extract_figures(text)`` returns one :class:`FigureHit` per number+unit phrase, e.g.
"350 billion yuan" -> 350000000000.0 CNY, "1,500 AI-related enterprises" -> 1500 enterprises,
"两千亿元" -> 200000000000.0 CNY, each with a comparator, a year, a kind and a short metric.

The pipeline is one function per step, in the order they run:

    _find_spans       number + unit phrases ("350 billion yuan", "5 10 billion level industrial
                      parks", "300家", "15EFLOPS"); years, codes, ranks and names are left out
    _convert_number   the number as written -> float, multipliers applied (billion, 万, 亿)
    _comparator       "more than", "over", "超", "约", "+", "以上" ... -> ">", ">=", "~" ...
    _year             the year the figure refers to
    _kind             "target" or "observed"
    _metric           a short label of what is measured

Everything linguistic lives in the small named tables below (what may precede or follow a
number, which words are units, which words announce an aim or a report). Nothing here knows
about a particular document: the rules must hold for new documents of the same kinds.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import chinese2digits
import msgspec

__all__ = ["FigureHit", "extract_figures"]


class FigureHit(msgspec.Struct, frozen=True):
    """One quantity found in ``text``: ``text[start:end] == quote``."""

    start: int
    end: int
    quote: str  # the number+unit phrase, e.g. "350 billion yuan", "1,500 AI-related enterprises"
    value: float  # normalised: "350 billion yuan" -> 350000000000.0, "5.6%" -> 5.6
    unit: str  # "CNY", "USD", "GW", "%", "percentage points", or a counted noun ("enterprises")
    comparator: str  # "=", ">", ">=", "<", "<=", "~"
    year: int | None
    kind: str  # "target" | "observed"
    metric: str  # short label of what is measured, e.g. "technology contract transactions"


# =====================================================================================
# Tables: numbers
# =====================================================================================

# A number written with ASCII digits: "350", "1,500", "260.8", "20,000". [0-9] rather than \d
# so that other scripts' digits never reach float(). Not glued to a letter, digit, "." or a
# thousands group before it (so "Q3", "v2.1" and the "500" of a malformed "1,5000" are skipped).
_ASCII_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])(?<![0-9],)(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9])"
)

# A number written with Chinese numerals: "两千", "三百五十", "十五" (the 万/亿 multipliers are
# taken by _ZH_SCALE). It must start with a digit-like character, so a bare "万" or "亿" is
# never a number, and it is never glued to another numeral character before it.
_ZH_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"
_ZH_NUMERAL = re.compile(rf"(?<![{_ZH_NUMERAL_CHARS}万亿])[{_ZH_NUMERAL_CHARS}]+")

# Chinese multipliers written after a number ("350亿", "1.5万亿", "两千亿"), with the
# approximation markers 多/余 ("300多家" = more than 300) on either side. The longest
# multiplier is tried first; _find_spans backs off when a multiplier character really belongs
# to the unit ("2000万千瓦": 万 is the multiplier, 千瓦 the unit).
_ZH_SCALE = re.compile(r"(?P<approx1>[多余])?(?P<scale>万亿|千亿|百亿|十亿|千万|百万|十万|亿|万)?(?P<approx2>[多余])?")

# English counting words. "one" is deliberately absent: in running text it is mostly a
# pronoun or an article ("one of the", "accomplishing one thing"), rarely a count worth
# reporting. A converter from PyPI (word2number and the like) would add a dependency for
# nineteen words and still need this same exception, so a dict is the clearer choice.
EN_WORD_NUMBERS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20,
}  # fmt: skip
_EN_WORD_NUMBER = re.compile(r"\b(?:" + "|".join(EN_WORD_NUMBERS) + r")\b(?=\s)", re.IGNORECASE)

# English multipliers written after a number: "350 billion yuan", "11 million residents".
EN_SCALES: dict[str, int] = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9,
}  # fmt: skip
_EN_SCALE = re.compile(r"[\s-]*(thousand|million|billion|trillion|bn)\b", re.IGNORECASE)

# A plain 4-digit integer in this range, written without a thousands separator, is a year in
# these documents ("by 2027", "(2024)", "2026-2028"), never a count. It can only be a quantity
# when a measurement unit follows it directly ("2000 MW", "2000家").
_YEAR_LIKE = re.compile(r"(?:19[0-9]{2}|20[0-9]{2}|2100)")

# An amount followed by "level"/"scale"/"级" is a size class inside a noun phrase, not a
# figure: "5 10 billion level industrial parks" is five parks, "百亿级产业园" one kind of park.
_SIZE_CLASS = re.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
    r"(?:[\s-]*(?:thousand|million|billion|trillion))?(?:[\s-]*(?:yuan|dollars?|RMB|USD))?"
    r"[\s-]*(?:level|scale|class|grade)\b",
    re.IGNORECASE,
)
_SIZE_CLASS_TAIL = re.compile(
    r"(?:[\s-]*(?:yuan|dollars?|RMB|USD))?[\s-]*(?:level|scale|class|grade)\b|[元]?级", re.IGNORECASE
)


# =====================================================================================
# Tables: what may surround a number
# =====================================================================================

# Text ending right before a number that makes it a label, reference, rank or part of a code
# rather than a quantity.
_NOT_QUANTITY_BEFORE = re.compile(
    r"(?:"
    r"[A-Za-z0-9][-/:+]"  # glued to the previous token: Q1-Q3, 2026-2028, 18:50, 1+3+N, 5G-A
    r"|[\[【〔]\s*"  # reference or document number: [1], [2025], 〔2025〕
    r"|\b(?:No|Nos|Art|Vol|Fig)\.\s*|[#№]\s*"  # "No. 34", "#3"
    r"|\b(?:top|among|rank|ranks|ranked|ranking|phase|version|grade|tier|chapter|section"
    r"|article|item|step|group|level)\s+"  # ranks and labels: "top 10", "among 15 cities"
    r"|[第前]"  # Chinese ordinals and ranks: 第9, 前10
    r")$",
    re.IGNORECASE,
)

# Text starting right after a number that makes it a date, time, range, formula or list marker.
_NOT_QUANTITY_AFTER = re.compile(
    r"(?:"
    r"[-/:][0-9]"  # 2026-02-04, 18:50, 2024/25, 10-15
    r"|\+[A-Za-z0-9]"  # 1+3+N
    r"|[.)、）](?:\s|$)"  # list markers: "2. Auto Valley", "(1) Promote", "1、 Breakthrough"
    r"|[\]】〕]"  # [1], 〔2025〕
    r"|\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s[0-9]{4}(?![0-9])"  # 1 Jun 2026: a date
    r")"
)

# Capitalised words that may stand right before a number without making it part of a name
# ("Over 1,500 ...", "By 2027 ..."); any other capitalised word there ("Fortune 500",
# "Industry 4.0", "Group 1") makes the number part of a name, unless it starts a sentence.
_LEAD_WORDS = frozenset(
    "over more nearly about around approximately almost roughly some only by in to from with"
    " and or of at least up reach reached reaching exceed exceeds exceeded exceeding total"
    " cultivate build form create add attract host hosts hosting".split()
)

# Comparators written right before the number: phrase -> symbol. English is matched
# case-insensitively and must be followed by a space; Chinese is glued to the number.
# When several phrases end there ("不超过" and "超过"), the longest one wins.
COMPARATORS_BEFORE: dict[str, str] = {
    **dict.fromkeys(
        "more than|over|above|upwards of|in excess of|exceed|exceeds|exceeded|exceeding"
        "|surpass|surpasses|surpassed|surpassing".split("|"), ">"),
    **dict.fromkeys("at least|no less than|not less than|no fewer than|a minimum of".split("|"), ">="),
    **dict.fromkeys("less than|fewer than|under|below".split("|"), "<"),
    **dict.fromkeys("up to|at most|no more than|not more than|a maximum of".split("|"), "<="),
    **dict.fromkeys(
        "nearly|almost|about|around|approximately|roughly|circa|close to|an estimated|some"
        .split("|"), "~"),
    **dict.fromkeys("超过|超出|超|逾|突破|高于|大于".split("|"), ">"),
    **dict.fromkeys("不少于|不低于|不小于|至少".split("|"), ">="),
    **dict.fromkeys("低于|少于|小于|不足".split("|"), "<"),
    **dict.fromkeys("不超过|不高于|最多|至多".split("|"), "<="),
    **dict.fromkeys("约|近|接近|将近|大约".split("|"), "~"),
}  # fmt: skip
_by_length = sorted(COMPARATORS_BEFORE, key=len, reverse=True)
_COMPARATOR_BEFORE_RE = re.compile(
    r"(?:(?<![A-Za-z])(?P<en>" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _by_length if p.isascii())
    + r")\s+|(?P<zh>" + "|".join(p for p in _by_length if not p.isascii()) + r"))$",
    re.IGNORECASE,
)
# Comparators that are verbs, so that "to exceed 200 billion yuan" still finds its subject.
_VERBAL_COMPARATOR = re.compile(r"exceed|surpass", re.IGNORECASE)

# Comparators written after the number+unit (not part of the quote): "300家以上", "or more".
_COMPARATOR_AFTER: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s*(?:or more|or above|and above|and over)\b", re.IGNORECASE), ">="),
    (re.compile(r"\s*(?:or less|or fewer|and below)\b", re.IGNORECASE), "<="),
    (re.compile(r"以上"), ">="),
    (re.compile(r"以下|以内"), "<="),
    (re.compile(r"左右"), "~"),
)
# "20,000+" reads "20,000 or more": ">=" (a plus sign states a floor the value may equal).
# "300多家" / "300余家" read "more than 300": ">".
_PLUS_SIGN = re.compile(r"\+(?![A-Za-z0-9+])")
_COMPARATOR_OF_MARK = {"+": ">=", "多": ">", "余": ">"}


# =====================================================================================
# Tables: units
# =====================================================================================

# Measurement units, tried in order right after the number (and its multiplier): pattern,
# normalised unit. ASCII symbols are case-sensitive (MW is not mW), words are not. Every ASCII
# pattern ends at a word boundary, so "5G", "3D" or "7S" never match.
_AMOUNT_UNITS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s*(?i:percentage points?)\b|\s*pp\b|个?百分点"), "percentage points"),
    (re.compile(r"\s*(?:%|％)|\s*(?i:per\s?cent)\b"), "%"),
    (re.compile(r"\s*(?i:yuan|renminbi|RMB|CNY)\b|元"), "CNY"),
    (re.compile(r"\s*(?i:US\s?dollars?|dollars?|USD)\b|美元"), "USD"),
    (re.compile(r"\s*(?i:euros?)\b|\s*EUR\b|欧元"), "EUR"),
    (re.compile(r"\s*GWh(?![A-Za-z0-9])|\s*(?i:gigawatt[\s-]hours?)\b"), "GWh"),
    (re.compile(r"\s*MWh(?![A-Za-z0-9])|\s*(?i:megawatt[\s-]hours?)\b"), "MWh"),
    (re.compile(r"\s*kWh(?![A-Za-z0-9])|\s*(?i:kilowatt[\s-]hours?)\b|千瓦时|度电"), "kWh"),
    (re.compile(r"\s*GW(?![A-Za-z0-9])|\s*(?i:gigawatts?)\b|吉瓦"), "GW"),
    (re.compile(r"\s*MW(?![A-Za-z0-9])|\s*(?i:megawatts?)\b|兆瓦"), "MW"),
    (re.compile(r"\s*kW(?![A-Za-z0-9])|\s*(?i:kilowatts?)\b|千瓦"), "kW"),
    # computing power, as policy documents state it: "15EFLOPS", "300 PFLOPS"
    (re.compile(r"\s*E\s?(?i:flops)\b"), "EFLOPS"),
    (re.compile(r"\s*P\s?(?i:flops)\b"), "PFLOPS"),
)

# Chinese classifiers for counted things ("300家", "5个"); what they count is the noun after
# them ("5个产业园区") or, failing that, before the number ("人工智能企业300家").
_ZH_CLASSIFIER = re.compile(r"[家个座所项名台套条处款]")
# What a classifier counts when no known noun says it: 家 counts firms, 名/人 people, 台/套
# sets of equipment. The generic classifiers (个, 项, 条 ...) count only the nouns of
# ZH_COUNT_NOUNS: "三个方面" ("three aspects") and "四个一批" are rhetoric, not figures.
_ZH_CLASSIFIER_DEFAULT = {"家": "enterprises", "名": "people", "人": "people", "台": "sets", "套": "sets"}

# Head nouns of Chinese counted phrases -> the English plural used as unit. Matched as the
# last head noun in the phrase ("企业技术中心" counts centres, not enterprises).
ZH_COUNT_NOUNS: dict[str, str] = {
    "企业": "enterprises", "公司": "companies", "园区": "parks", "园": "parks",
    "实验室": "laboratories", "中心": "centres", "基地": "bases", "集群": "clusters",
    "平台": "platforms", "项目": "projects", "场景": "scenarios", "城市": "cities",
    "工厂": "factories", "医院": "hospitals", "高校": "universities", "大学": "universities",
    "学校": "schools", "机构": "institutions", "人才": "people", "数据集": "datasets",
    "模型": "models", "基站": "base stations", "产品": "products", "标准": "standards",
    "专利": "patents", "示范区": "zones", "智能体": "agents", "算力中心": "computing centres",
    "产业链": "industrial chains", "集团": "groups", "独角兽": "unicorns", "小巨人": "little giants",
    "应用": "applications", "案例": "cases", "工程": "projects", "先导区": "zones", "试验区": "zones",
    "数据中心": "data centres", "研究院": "institutes",
}  # fmt: skip
_ZH_COUNT_NOUN = re.compile("|".join(sorted(ZH_COUNT_NOUNS, key=len, reverse=True)))
# A Chinese noun phrase: CJK characters up to a connective or punctuation.
_ZH_NOUN_RUN = re.compile(r"[\u4e00-\u9fff]{1,12}")
_ZH_NOUN_STOP = re.compile(r"[和及与或、等的]")

# Counted English nouns that are really durations or multipliers: "three years", "2 times".
_NOT_COUNTED = frozenset(
    "years months weeks days hours minutes seconds decades quarters times percent per cent"
    " points ones others".split()
)
# Words ending in -s that are not plural nouns.
_NOT_PLURAL = frozenset(
    "this its has was is as us yes plus thus bus always perhaps besides towards whereas"
    " various previous across less news gas lens series analysis basis status focus".split()
)
# Plurals without -s.
_IRREGULAR_PLURALS = frozenset("people children personnel staff police cattle".split())
# Generic counted nouns whose participle says what is counted: "20,000+ units sold".
_GENERIC_COUNT_NOUNS = frozenset("units items pieces sets copies people persons visits".split())


# =====================================================================================
# Tables: sentence structure
# =====================================================================================

# Where a sentence ends: full stops (not in "U.S."), question/exclamation marks, semicolons,
# line ends, inline bullets (" - "), and reference markers ("[1][2]") that end summary lines.
_SENTENCE_BREAK = re.compile(
    r"[。！？；;!?\n]|(?<![A-Z])\.(?=\s|$)|\s[-–—•]\s|(?:\[[0-9]+\])+"
)
# Where a clause ends: a sentence break, or a comma (not a thousands separator), colon,
# enumeration comma, bracket or dash.
_CLAUSE_BREAK = re.compile(
    _SENTENCE_BREAK.pattern + r"|,(?![0-9])|(?<![0-9]),|[，:：、()（）]|\s[–—]\s|\s–|–\s"
)
# Where the text that belongs to a figure stops, looking right: like a clause break but
# parentheses do not stop it ("50% of GDP (2024)").
_WINDOW_STOP = re.compile(_SENTENCE_BREAK.pattern + r"|,(?![0-9])|(?<![0-9]),|[，:：、]")

# An English word, with inner hyphens, ampersands and apostrophes: "AI-related", "R&D", "city's".
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-&'’][A-Za-z0-9]+)*")

# Words that end a noun phrase (not part of it): complementisers, conjunctions, prepositions
# that start a new phrase, auxiliaries. Used when reading a noun phrase in either direction.
_NP_STOP = frozenset(
    "that which who whose where when while for with without and or but as because if although"
    " whereas to by from since at on into across among including such than via per"
    " is are was were be been being will would shall should can could may might must has have had"
    " do does did states stated says said aims aim plans plan expects include includes".split()
)
# Words at the start of a noun phrase that carry no meaning for a metric label.
_NP_LEADING_NOISE = frozenset(
    "the a an this these that those its their our his her all total some each every"
    " also further new".split()
)
# Verbs that link a subject to its amount ("X reached 5", "X will exceed 5"): a lexical verb
# optionally preceded by auxiliaries and followed by a particle. Words ending in -ed/-ing count
# as lexical verbs too.
_LINK_VERBS = frozenset(
    "reach reaches exceed exceeds surpass surpasses total totals hit hits grow grows grew grown"
    " rise rises rose risen increase increases account accounts contribute contributes stand"
    " stands stood top tops amount amounts make makes made remain remains represent represents"
    " achieve achieves double doubles expand expands climb climbs jump jumps soar soars"
    " is are was were be been".split()
)
_AUXILIARIES = frozenset(
    "will would shall should can could may might must to is are was were be been being has have"
    " had expected set projected planned likely going aims aim aimed aiming strive strives".split()
)
_PARTICLES = frozenset("to at for by of up about from".split())

# Trailing locative phrases dropped from metrics: "... industry in the province" -> "... industry".
_TRAILING_LOCATIVE = re.compile(r"\s+(?:in|across|within|throughout)\s+.+$", re.IGNORECASE)

# Chinese verbs and particles between a subject and its amount ("规模达到", "产业规模超"), and
# leading time, scope or intention words that are not part of what is measured ("到2028年",
# "全省" (the jurisdiction is recorded apart), "力争", "培育").
_ZH_TRAILING_VERB = re.compile(
    r"(?:将|要|预计|力争|争取|达到|达|实现|突破|为|是|占|增长|增加|提高到|提高至|提升到|提升至|提高|提升"
    r"|下降|降低|增至|升至|超过|超出|超|逾|约|近|接近|将近|不少于|不低于|至少|累计|共|总计|合计"
    r"|同比|比上年|较上年)+$"
)
_ZH_LEADING_NOISE = re.compile(
    r"^(?:(?:到|至|截至|截止)?(?:19|20)[0-9]{2}年(?:底|末)?|全省|全市|全区|全县|其中|全年|力争|争取|预计|目标|计划|将|要|已|已经"
    r"|累计|培育|建设|建成|打造|引进|新增|形成|拥有|集聚|布局|培养|认定|推动|支持|新建|共有)+"
)


# =====================================================================================
# Tables: year and kind
# =====================================================================================

# A year mention. "since 2021" marks a baseline, not the year a figure refers to.
_YEAR_MENTION = re.compile(r"(?<![0-9.,\[〔【])(?:19[0-9]{2}|20[0-9]{2}|2100)(?![0-9])")
_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_SINCE_AFTER = re.compile(r"年?以来")
# Years relative to the publication date: "by the end of this year", "今年".
_RELATIVE_YEAR = re.compile(
    r"\b(?P<en>this|next|last)\s+year\b|(?P<zh>今年|本年|年底|年内|明年|去年)", re.IGNORECASE
)
_RELATIVE_OFFSET = {"this": 0, "next": 1, "last": -1, "今年": 0, "本年": 0, "年底": 0, "年内": 0, "明年": 1, "去年": -1}

# Words that announce an aim (the figure is a target) ...
_TARGET_CUES = re.compile(
    r"\b(?:will|shall|aims?|aimed|aiming|targets?|targeted|goals?|plans?\s+to|planned|expects?"
    r"|expected|forecasts?|projected|set\s+to|strives?|striving|cultivat(?:e|es|ing)|seeks?\s+to"
    r"|envisag(?:e|es|ed)|by\s+the\s+end\s+of\s+(?:this|next)\s+year)\b"
    r"|力争|目标|将(?!近)|计划|预计|争取|确保|培育|打造|建成",
    re.IGNORECASE,
)
# ... or a report (the figure is observed).
_OBSERVED_CUES = re.compile(
    r"\b(?:reached|grew|rose|increased|surged|soared|jumped|climbed|doubled|achieved|recorded"
    r"|registered|totall?ed|stood|hosts|hosting|hosted|has|have|had|was|were|sold|ranked|ranks"
    r"|accounted|amounted|now|currently|so\s+far|as\s+of|last\s+year|since)\b"
    r"|已经|已|截至|截止|去年|上年|同比",
    re.IGNORECASE,
)
# Year phrases that point one way or the other; see _cues for the published_year rules.
_YEAR_CUE = re.compile(
    r"\b(?P<by>by|before|until)\s+(?:the\s+end\s+of\s+)?(?P<by_year>(?:19|20)[0-9]{2})\b"
    r"|(?:到|至)(?P<zh_year>(?:19|20)[0-9]{2})年"
    r"|[(（]\s*(?P<paren_year>(?:19|20)[0-9]{2})\s*[)）]"
    r"|\bin\s+(?P<in_year>(?:19|20)[0-9]{2})\b",
    re.IGNORECASE,
)

_CJK = re.compile(r"[\u3400-\u9fff]")
_METRIC_MAX_WORDS = 8
_ZH_LABEL_MAX_CHARS = 16
_LOOKBACK = 300  # characters searched back for a clause start when no index is at hand
_CONTEXT_MAX = 1000  # characters of a sentence or clause read on either side of a figure
_YEAR_WINDOW = 60  # characters after a figure searched for its year ("... yuan in Q1-Q3 2025")


# =====================================================================================
# Tables: names, prefixes and small patterns used by the steps
# =====================================================================================

# Quotations that may be names: straight or curly double quotes and CJK corner brackets on
# one line. They are names when short (<= 8 words) with no sentence punctuation inside.
_QUOTATION = re.compile(r'"([^"\n]{1,120})"|“([^”\n]{1,120})”|「([^」\n]{1,120})」|『([^』\n]{1,120})』')
_SENTENCE_PUNCTUATION = re.compile(r"[.!?。！？;；]")
_NAME_MAX_WORDS = 8
# Chinese titles are always names: 《2025年数字经济发展规划》.
_BOOK_TITLE = re.compile(r"《[^》\n]{1,120}》")
# A quoted phrase counted as a whole, right after a number: six "ten thousand person R&D bases".
_QUOTED_COUNTED = re.compile(r'"([^"\n]{1,80})"|“([^”\n]{1,80})”')

# A capitalised word right before a number ("Fortune 500"): a name unless it is a lead word.
_CAPITALISED_BEFORE = re.compile(r"([A-Z][a-z]+)\s$")
# Characters after which a new sentence or list item starts (then a capital means nothing),
# and what may stand between them and the first word.
_SENTENCE_STARTERS = frozenset(".!?:;。！？；\n•]-–—")
_SKIPPED_BEFORE_SENTENCE = frozenset(" \t\"“")
# Characters glued after a number that make it part of a token: 5G, 3D, 7S, 9th, 14th, 12万人次.
_GLUED_AFTER = re.compile(r"[A-Za-z0-9\u3400-\u9fff]")

# Currency written before the number: "$1.5 billion", "US$2bn", "RMB 350 billion", "¥100".
_CURRENCY_PREFIX = re.compile(r"(US\$|\$|USD|RMB|CNY|¥|￥|€)\s?$")
_CURRENCY_OF_PREFIX = {
    "US$": "USD", "$": "USD", "USD": "USD", "RMB": "CNY", "CNY": "CNY", "¥": "CNY", "￥": "CNY", "€": "EUR",
}  # fmt: skip

# One coordinated plural noun extends a counted label: "17 cities and prefectures".
_COORDINATED_NOUN = re.compile(r"\s+(?:and|or)\s+([a-z][a-z-]*s)\b(?!\s+[0-9])")
# A participle naming what a generic noun counts: "20,000+ units sold".
_COUNTING_PARTICIPLE = re.compile(r"(?:[a-z]+ed|sold|built|made|grown)$")

# What may separate two coordinated figures that share a metric ("20 GW by the end of this
# year and 30GW by 2030", "from 6,259 (2020) to 16,630"): years, then connectives only.
_GAP_YEARS = re.compile(
    r"[(（]\s*(?:19|20)[0-9]{2}\s*[)）]"
    r"|\b(?:by|in|until|before)\s+(?:the\s+end\s+of\s+)?(?:(?:this|next)\s+year|(?:19|20)[0-9]{2})\b"
    r"|(?:到|至)?(?:19|20)[0-9]{2}年(?:底|末)?",
    re.IGNORECASE,
)
_GAP_CONNECTIVES = re.compile(r"[\s,，、;和及与]*(?:(?:and|to|or|then|while|from)\b[\s,，]*)*", re.IGNORECASE)
_GAP_MAX_CHARS = 60

# A lower-case noun right after an amount names it: "100 billion yuan output", "5.6% growth".
_FOLLOWING_WORD = re.compile(r"[ \t]+([a-z][a-z-]*)\b")
# "<amount> of Y": "50% of GDP", "3 GW of solar capacity".
_OF_PHRASE = re.compile(r"\s+of\s+((?:[A-Za-z][A-Za-z0-9'’&-]*\s?){1,4})")
# A possessor at the front of a label: "city's", "Wuhan’s".
_POSSESSIVE = re.compile(r"['’]s$")
# Edges of a Chinese label that are not part of it (punctuation, spaces).
_ZH_LABEL_EDGES = re.compile(r"^[^\u4e00-\u9fffA-Za-z0-9]+|[^\u4e00-\u9fffA-Za-z0-9]+$|\s+")


# =====================================================================================
# Step 1: find spans
# =====================================================================================


@dataclass(slots=True)
class _Span:
    """A number+unit phrase found in the text, before interpretation."""

    start: int  # quote start
    end: int  # quote end
    number: str  # the core as written, with any Chinese multiplier: "350", "两千亿", "six"
    scale: int  # English multiplier ("billion"), 1 if none; Chinese ones are part of `number`
    unit: str  # normalised unit; "" for a bare number whose unit comes from its subject
    lang: str  # "en" or "zh": which grammar the metric is read with
    mark: str = ""  # "+", "多" or "余" written inside the quote
    noun_phrase: str = ""  # counted nouns: the phrase naming what is counted


def _find_spans(text: str) -> list[_Span]:
    """Every number+unit phrase that can be a figure, sorted by start and non-overlapping."""
    names = _quoted_names(text)
    found: list[_Span] = []
    for m in _ASCII_NUMBER.finditer(text):
        span = _read_after_number(text, m.start(), m.end(), m.group(), names, word=False)
        if span is not None:
            found.append(span)
    for m in _ZH_NUMERAL.finditer(text):
        span = _read_after_number(text, m.start(), m.end(), m.group(), names, word=False)
        if span is not None:
            found.append(span)
    for m in _EN_WORD_NUMBER.finditer(text):
        span = _read_after_number(text, m.start(), m.end(), m.group(), names, word=True)
        if span is not None:
            found.append(span)
    found.sort(key=lambda s: (s.start, -s.end))
    kept: list[_Span] = []
    for span in found:
        if kept and span.start < kept[-1].end:
            continue  # inside a longer phrase already kept, e.g. the "10 billion" of "5 10 billion level parks"
        kept.append(span)
    return kept


def _quoted_names(text: str) -> list[tuple[int, int]]:
    """Spans of quoted names ("965", “Five Valleys”, 《...》): numbers inside them are not figures.

    A quotation counts as a name when it is short and has no sentence punctuation inside;
    quoted speech ("We will build 10 centres," he said) stays searchable.
    """
    spans: list[tuple[int, int]] = []
    for m in _QUOTATION.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if len(inner.split()) <= _NAME_MAX_WORDS and not _SENTENCE_PUNCTUATION.search(inner):
            spans.append(m.span())
    spans.extend(m.span() for m in _BOOK_TITLE.finditer(text))
    merged: list[tuple[int, int]] = []  # sorted and disjoint, for _inside
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """pos lies in one of the sorted, disjoint spans."""
    i = bisect.bisect_right(spans, (pos, math.inf)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _read_after_number(
    text: str, start: int, end: int, core: str, names: list[tuple[int, int]], *, word: bool
) -> _Span | None:
    """Read what follows a number core: multiplier, unit or counted noun. None if not a figure."""
    if _not_a_quantity(text, start, end, core, names, word=word):
        return None
    amount = _read_amount(text, start, end, core, allow_plus=not word)
    if amount is not None or core[0] in _ZH_NUMERAL_CHARS:
        return amount  # a Chinese numeral needs a unit or a classifier to be a quantity
    if _YEAR_LIKE.fullmatch(core):
        return None  # "2024 enterprises" is not written; "in 2024" is
    return _read_count(text, start, end, core, word=word)


def _not_a_quantity(
    text: str, start: int, end: int, core: str, names: list[tuple[int, int]], *, word: bool
) -> bool:
    """True for numbers that are labels, references, dates, ranks or names (see the tables)."""
    if _inside(start, names):
        return True  # "965", "Five Valleys"
    if _NOT_QUANTITY_BEFORE.search(text[max(0, start - 24) : start]):
        return True
    if _NOT_QUANTITY_AFTER.match(text, end):
        return True
    if _is_name_number(text, start):
        return True  # "Fortune 500"
    if word and core[0].isupper() and not _sentence_initial(text, start):
        return True  # a capitalised counting word inside a sentence starts a name
    if core in ("一", "两"):
        return True  # "一个", "一批", "两个方面": articles far more often than counts
    # "10 billion level", "百亿级": a size class inside a noun phrase
    return bool(_SIZE_CLASS.match(text, start) or _SIZE_CLASS_TAIL.match(text, end))


def _read_amount(text: str, start: int, end: int, core: str, *, allow_plus: bool) -> _Span | None:
    """Number + multiplier + measurement unit ("350 billion yuan", "两千亿元", "30GW", "5.6%"),
    or + Chinese classifier ("300多家"). None when no unit follows."""
    mark = ""
    plus = _PLUS_SIGN.match(text, end) if allow_plus and core[0] not in _ZH_NUMERAL_CHARS else None
    pos = plus.end() if plus else end
    if plus:
        mark = "+"
    for after_scale, zh_scale, zh_mark in _zh_multiplier_readings(text, pos):
        unit_pos, en_scale = after_scale, 1
        en = None if zh_scale else _EN_SCALE.match(text, unit_pos)
        if en:
            unit_pos, en_scale = en.end(), EN_SCALES[en.group(1).lower()]
        unit = _amount_unit(text, unit_pos)
        if unit is not None:
            name, unit_end = unit
            return _Span(
                start=_currency_prefix_start(text, start), end=unit_end, number=core + zh_scale,
                scale=en_scale, unit=name, lang=_lang(text, start, unit_end), mark=mark or zh_mark,
            )  # fmt: skip
        classifier = None if en else _ZH_CLASSIFIER.match(text, unit_pos)
        if classifier is not None:
            return _zh_counted(text, start, core + zh_scale, classifier, mark or zh_mark)
    return None


def _zh_multiplier_readings(text: str, pos: int) -> list[tuple[int, str, str]]:
    """Ways to read a Chinese multiplier at pos, longest first: (end, multiplier, 多/余 mark).

    "2000万千瓦" reads 万千 first and then 万, whose reading leaves 千瓦 as the unit.
    The reading without multiplier always comes last.
    """
    m = _ZH_SCALE.match(text, pos)
    readings = []
    if m and m.end() > pos:
        mark = m.group("approx1") or m.group("approx2") or ""
        scale = m.group("scale") or ""
        readings.append((m.end(), scale, mark))
        scale_start = pos + len(m.group("approx1") or "")
        for cut in range(len(scale) - 1, 0, -1):
            readings.append((scale_start + cut, scale[:cut], mark))
    readings.append((pos, "", ""))
    return readings


def _read_count(text: str, start: int, end: int, core: str, *, word: bool) -> _Span | None:
    """An English count ("1,500 AI-related enterprises", "six \"... bases\"", "11 million
    residents"), a currency-prefixed amount ("US$1.5 billion"), or a bare number whose unit
    the subject will give ("grew from 6,259 (2020) to 16,630")."""
    pos, mark = end, ""
    plus = None if word else _PLUS_SIGN.match(text, pos)
    if plus:
        pos, mark = plus.end(), "+"
    en = _EN_SCALE.match(text, pos)
    scale = 1
    if en:
        pos, scale = en.end(), EN_SCALES[en.group(1).lower()]
    if _GLUED_AFTER.match(text, pos):
        return None  # glued to letters or Chinese: 5G, 3D, 7S, 9th, 2nd, 14th
    if _SIZE_CLASS_TAIL.match(text, pos):
        return None
    currency = None if word else _prefix_unit(text, start)
    if currency:
        return _Span(
            start=_currency_prefix_start(text, start), end=pos, number=core, scale=scale,
            unit=currency, lang="en", mark=mark,
        )  # fmt: skip
    counted = _counted_noun(text, pos, singular_ok=_word_value(core) == 1 and en is None)
    if counted is not None:
        quote_end, noun_phrase, unit = counted
        return _Span(
            start=start, end=quote_end, number=core, scale=scale, unit=unit, lang="en", mark=mark,
            noun_phrase=noun_phrase,
        )  # fmt: skip
    if word or core in ("0", "1"):
        return None
    # Bare: _metric gives it the unit of its subject or of the figure it is coordinated with,
    # and extract_figures drops it when neither names one.
    return _Span(start=start, end=pos, number=core, scale=scale, unit="", lang="en", mark=mark)


def _word_value(core: str) -> float | None:
    if core.lower() in EN_WORD_NUMBERS:
        return EN_WORD_NUMBERS[core.lower()]
    try:
        return float(core.replace(",", ""))
    except ValueError:
        return None


def _is_name_number(text: str, start: int) -> bool:
    """True for "Fortune 500", "Industry 4.0": a capitalised word glued before, mid-sentence."""
    m = _CAPITALISED_BEFORE.search(text, max(0, start - 30), start)
    if m is None or m.group(1).lower() in _LEAD_WORDS:
        return False
    return not _sentence_initial(text, start - len(m.group(0)))


def _sentence_initial(text: str, pos: int) -> bool:
    """True when only spaces and quotes separate pos from the text start or a sentence break."""
    i = pos
    while i > 0 and text[i - 1] in _SKIPPED_BEFORE_SENTENCE:
        i -= 1
    return i == 0 or text[i - 1] in _SENTENCE_STARTERS


def _currency_prefix_start(text: str, start: int) -> int:
    """Include a currency sign written before the number ("$1.5 billion", "RMB 350 billion")."""
    m = _CURRENCY_PREFIX.search(text, max(0, start - 5), start)
    return m.start() if m else start


def _prefix_unit(text: str, start: int) -> str | None:
    """The currency written before the number, if any."""
    m = _CURRENCY_PREFIX.search(text, max(0, start - 5), start)
    return _CURRENCY_OF_PREFIX[m.group(1)] if m else None


def _amount_unit(text: str, pos: int) -> tuple[str, int] | None:
    """(normalised unit, end) of the measurement unit starting at pos, if any."""
    for pattern, unit in _AMOUNT_UNITS:
        m = pattern.match(text, pos)
        if m is not None:
            return unit, m.end()
    return None


def _lang(text: str, start: int, end: int) -> str:
    """"zh" when the number sits in Chinese text (a CJK character right before or after it)."""
    near = text[max(0, start - 1) : start] + text[start:end] + text[end : end + 1]
    return "zh" if _CJK.search(near) else "en"


def _zh_counted(text: str, start: int, number: str, classifier: re.Match[str], mark: str) -> _Span | None:
    """A Chinese count ("300家", "5个百亿级产业园区"): find the noun it counts."""
    end_of_quote = classifier.end()
    after = _ZH_NOUN_RUN.match(text, classifier.end())
    noun = ""
    if after and not any(p.match(after.group()) for p, _ in _COMPARATOR_AFTER):
        noun = _ZH_NOUN_STOP.split(after.group())[0]
        if noun.startswith("一"):
            return None  # "四个一批", "两个一体化": slogans, not counts
    heads = list(_ZH_COUNT_NOUN.finditer(noun))
    if noun:  # noun after the classifier: "5个百亿级产业园区" (part of the quote)
        if heads:
            noun = noun[: heads[-1].end()]
        else:
            noun = noun[:6]
        end_of_quote = classifier.end() + len(noun)
    else:  # noun before the number: "人工智能企业300家"
        clause_start = _last_break(_CLAUSE_BREAK, text, start)
        noun = _zh_subject(text[clause_start:start])
        heads = list(_ZH_COUNT_NOUN.finditer(noun))
    unit = ZH_COUNT_NOUNS[heads[-1].group()] if heads else _ZH_CLASSIFIER_DEFAULT.get(classifier.group())
    if unit is None:
        return None  # "三个方面", "四个一批": a generic classifier on an unknown noun is rhetoric
    return _Span(
        start=start, end=end_of_quote, number=number, scale=1, unit=unit, lang="zh", mark=mark,
        noun_phrase=noun,
    )  # fmt: skip


def _counted_noun(text: str, pos: int, singular_ok: bool) -> tuple[int, str, str] | None:
    """The English noun phrase counted by the number before pos.

    Returns (end of the quote, metric phrase, unit = plural head noun in lower case), or None
    when no plural noun follows ("top 10 and", "reached 20 in").
    """
    i = pos
    while i < len(text) and text[i] in " \t":
        i += 1
    if i == pos and i < len(text) and text[i] not in "\"“":
        return None
    # A quoted name counted as a whole: six "ten thousand person R&D bases".
    q = _QUOTED_COUNTED.match(text, i)
    if q:
        inner = next(g for g in q.groups() if g is not None)
        words = _WORD.findall(inner)
        if not words or not (_is_plural(words[-1]) or singular_ok):
            return None
        return q.end(), _metric_case(inner.strip(), sentence_start=False), _pluralise(words[-1].lower())
    # An embedded size class belongs to the phrase: 5 "10 billion level" industrial parks.
    size = _SIZE_CLASS.match(text, i)
    phrase_start = i
    if size:
        i = size.end()
    words: list[re.Match[str]] = []
    while len(words) < 6:
        while i < len(text) and text[i] in " \t":
            i += 1
        m = _WORD.match(text, i)
        if m is None or m.group().lower() in _NP_STOP:
            break
        if len(words) == 0 and not size and m.group().lower() in _NOT_COUNTED | {"of", "per"}:
            return None
        words.append(m)
        i = m.end()
    # The head is the last plural noun of the phrase: "AI-related enterprises (established)".
    head_index = None
    for k in range(len(words) - 1, -1, -1):
        if _is_plural(words[k].group()):
            head_index = k
            break
    if head_index is None and singular_ok and words:
        head_index = _singular_head(words)
    if head_index is None:
        return None
    head = words[head_index]
    unit = head.group().lower()
    if unit in _NOT_COUNTED:
        return None
    unit = _pluralise(unit) if not _is_plural(unit) else unit
    metric_end = head.end()
    # "units sold": a generic noun is named by the participle after it
    if unit in _GENERIC_COUNT_NOUNS and head_index + 1 < len(words):
        if _COUNTING_PARTICIPLE.match(words[head_index + 1].group().lower()):
            metric_end = words[head_index + 1].end()
    metric = text[phrase_start:metric_end]
    # "cities and prefectures": one coordinated plural noun extends the label
    coord = _COORDINATED_NOUN.match(text, head.end())
    if coord and metric_end == head.end() and _is_plural(coord.group(1)):
        metric = text[phrase_start : coord.end()]
    return head.end(), _metric_case(metric, sentence_start=False), unit


def _singular_head(words: list[re.Match[str]]) -> int | None:
    """For a count of one ("1 national laboratory"), the head is the last noun-like word."""
    k = len(words) - 1
    while k > 0 and (words[k].group().lower().endswith(("ed", "ly")) or words[k].group()[0].isupper()):
        k -= 1  # skip trailing participles, adverbs and names
    return k if k >= 0 else None


def _is_plural(word: str) -> bool:
    """Looks like an English plural noun: "enterprises", "R&D bases", "people"; not "its"."""
    w = word.lower()
    if w in _IRREGULAR_PLURALS:
        return True
    if len(w) < 4 or not w.endswith("s") or w in _NOT_PLURAL:
        return False
    return not w.endswith(("ss", "us", "is", "'s", "’s", "ous")) and w.isascii()


def _pluralise(word: str) -> str:
    """Unit names are plural: "laboratory" (from "1 national laboratory") -> "laboratories"."""
    if _is_plural(word):
        return word
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


# =====================================================================================
# Step 2: convert the number
# =====================================================================================


def _convert_number(span: _Span) -> float | None:
    """The value the span states, multipliers applied; None if the number cannot be read."""
    core = span.number
    if core.lower() in EN_WORD_NUMBERS:
        value = Decimal(EN_WORD_NUMBERS[core.lower()])
    elif re.fullmatch(r"[0-9,]+(?:\.[0-9]+)?", core):
        try:
            value = Decimal(core.replace(",", ""))
        except InvalidOperation:
            return None
    else:
        value = _chinese_number(core)
        if value is None:
            return None
    result = float(value * span.scale)
    return result if math.isfinite(result) else None


def _chinese_number(core: str) -> Decimal | None:
    """Chinese or mixed numerals ("两千亿", "1.5万亿", "三百五十") via chinese2digits.

    Only ever called on the number span found above, never on a sentence: the library
    rewrites any numeral-looking characters it meets.
    """
    chars = core.replace(",", "").replace("两", "二")
    if chars[:1] in ("百", "千"):
        chars = "一" + chars  # "百亿" -> "一百亿": the library wants a leading digit
    try:
        found = chinese2digits.takeNumberFromString(chars)["digitsStringList"]
    except Exception:  # the library raises assorted errors on odd input; it is not a figure then
        return None
    if len(found) != 1:
        return None
    try:
        return Decimal(found[0])
    except InvalidOperation:
        return None


# =====================================================================================
# Step 3: comparator
# =====================================================================================


def _comparator(text: str, span: _Span) -> str:
    """">" for "more than 900 billion", ">=" for "20,000+", "~" for "nearly 1,000" ..."""
    if span.mark:
        return _COMPARATOR_OF_MARK[span.mark]
    for pattern, symbol in _COMPARATOR_AFTER:
        if pattern.match(text, span.end):
            return symbol
    m = _COMPARATOR_BEFORE_RE.search(text, max(0, span.start - 24), span.start)
    if m is None:
        return "="
    phrase = re.sub(r"\s+", " ", (m.group("en") or m.group("zh")).lower())
    return COMPARATORS_BEFORE.get(phrase, "=")


def _comparator_start(text: str, span: _Span) -> int:
    """Where the comparator phrase before the span starts (span.start when there is none)."""
    m = _COMPARATOR_BEFORE_RE.search(text, max(0, span.start - 24), span.start)
    return m.start() if m else span.start


# =====================================================================================
# Step 4: year
# =====================================================================================


@dataclass(slots=True)
class _Context:
    """Per-text indexes shared by the steps below."""

    text: str
    sentence_breaks: list[int]  # end offsets of sentence-break matches
    clause_breaks: list[int]
    years: list[tuple[int, int, int | None, bool]]  # (start, end, year, is_baseline), sorted
    year_starts: list[int]
    published_year: int | None


def _build_context(text: str, published_year: int | None) -> _Context:
    years: list[tuple[int, int, int | None, bool]] = []
    for m in _YEAR_MENTION.finditer(text):
        baseline = bool(
            _SINCE_BEFORE.search(text, max(0, m.start() - 8), m.start()) or _SINCE_AFTER.match(text, m.end())
        )
        years.append((m.start(), m.end(), int(m.group()), baseline))
    for m in _RELATIVE_YEAR.finditer(text):
        key = (m.group("en") or "").lower() or m.group("zh")
        year = None if published_year is None else published_year + _RELATIVE_OFFSET[key]
        years.append((m.start(), m.end(), year, False))
    years.sort()
    return _Context(
        text=text,
        sentence_breaks=[m.end() for m in _SENTENCE_BREAK.finditer(text)],
        clause_breaks=[m.end() for m in _CLAUSE_BREAK.finditer(text)],
        years=years,
        year_starts=[y[0] for y in years],
        published_year=published_year,
    )


def _last_break(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Start of the clause containing pos, looking back at most _LOOKBACK characters."""
    last = max(0, pos - _LOOKBACK)
    for m in pattern.finditer(text, last, pos):
        last = m.end()
    return last


def _bounds(breaks: list[int], text_len: int, pos: int, end: int) -> tuple[int, int]:
    """(start, end) of the unit (sentence or clause) around text[pos:end].

    At most _CONTEXT_MAX characters on either side: a line with no breaks at all (hostile
    input, "9 yuan 9 yuan ...") would otherwise make every figure read the whole line."""
    i = bisect.bisect_right(breaks, pos)
    j = bisect.bisect_right(breaks, end)
    start, stop = (breaks[i - 1] if i else 0), (breaks[j] if j < len(breaks) else text_len)
    return max(start, pos - _CONTEXT_MAX), min(stop, end + _CONTEXT_MAX)


def _year(ctx: _Context, span: _Span, next_start: int) -> int | None:
    """The year attached to the figure, else the nearest year in its sentence, else None.

    Attached: a year right after the figure ("(2024)", "in 2024", "by 2028", "by the end of
    this year" -> published_year) up to the next figure or clause end, or a year before it in
    the same clause. "since 2021" is a baseline, not the figure's year: such a figure gets None
    unless another year is attached.
    """
    text = ctx.text
    window_end = min(next_start, span.end + _YEAR_WINDOW)
    stop = _WINDOW_STOP.search(text, span.end, window_end)
    after = _years_between(ctx, span.end, stop.start() if stop else window_end)
    if after:
        _, _, year, baseline = after[0]
        return None if baseline else year
    clause_start, _ = _bounds(ctx.clause_breaks, len(text), span.start, span.end)
    before = _years_between(ctx, clause_start, span.start)
    if before:
        _, _, year, baseline = before[-1]
        return None if baseline else year
    sent_start, sent_end = _bounds(ctx.sentence_breaks, len(text), span.start, span.end)
    candidates = [
        (span.start - end if end <= span.start else start - span.end, year)
        for start, end, year, baseline in _years_between(ctx, sent_start, sent_end)
        if year is not None and not baseline and not span.start <= start < span.end
    ]
    return min(candidates)[1] if candidates else None


def _years_between(ctx: _Context, lo: int, hi: int) -> list[tuple[int, int, int | None, bool]]:
    """Year mentions lying entirely within text[lo:hi], in order."""
    i = bisect.bisect_left(ctx.year_starts, lo)
    found = []
    while i < len(ctx.years) and ctx.years[i][0] < hi:
        if ctx.years[i][1] <= hi:
            found.append(ctx.years[i])
        i += 1
    return found


# =====================================================================================
# Step 5: kind
# =====================================================================================


def _kind(ctx: _Context, span: _Span, year: int | None, default_kind: str) -> str:
    """"target" for aims, "observed" for reports, else default_kind.

    1. With a publication year, a figure's year after it is a target, before it observed.
    2. Otherwise the cue nearest the figure in its clause decides, then in its sentence:
       aims (will, aims, expected to, strive, cultivate, by <year>, 到<year>年, 力争, 目标)
       against reports (reached, grew, hosts, (<year>), in <past year>, 已, 同比).
    """
    published = ctx.published_year
    if year is not None and published is not None and year != published:
        return "target" if year > published else "observed"
    text = ctx.text
    for breaks in (ctx.clause_breaks, ctx.sentence_breaks):
        lo, hi = _bounds(breaks, len(text), span.start, span.end)
        cues = _cues(text, lo, hi, published)
        cues = [c for c in cues if not (span.start <= c[0] < span.end)]
        if cues:
            def distance(cue: tuple[int, int, str]) -> int:
                return span.start - cue[1] if cue[1] <= span.start else cue[0] - span.end

            return min(cues, key=distance)[2]
    return default_kind


def _cues(text: str, lo: int, hi: int, published: int | None) -> list[tuple[int, int, str]]:
    cues = [(m.start(), m.end(), "target") for m in _TARGET_CUES.finditer(text, lo, hi)]
    cues += [(m.start(), m.end(), "observed") for m in _OBSERVED_CUES.finditer(text, lo, hi)]
    for m in _YEAR_CUE.finditer(text, lo, hi):
        if m.group("by_year") or m.group("zh_year"):
            year = int(m.group("by_year") or m.group("zh_year"))
            kind = "observed" if published is not None and year < published else "target"
        elif m.group("paren_year"):
            year = int(m.group("paren_year"))
            kind = "target" if published is not None and year > published else "observed"
        else:  # "in 2024": only meaningful against a publication year
            if published is None:
                continue
            year = int(m.group("in_year"))
            kind = "target" if year > published else "observed"
        cues.append((m.start(), m.end(), kind))
    return cues


# =====================================================================================
# Step 6: metric
# =====================================================================================


def _metric(ctx: _Context, span: _Span, previous: tuple[_Span, str] | None) -> tuple[str, str]:
    """(metric, unit): the label of what is measured, and the unit for bare numbers.

    Counted nouns: the noun phrase after the number ("AI-related enterprises"). Amounts: the
    subject before the verb ("technology contract transactions reached ..."), "X of <amount>"
    ("an industrial scale of 350 billion yuan"), the noun after the amount ("100 billion yuan
    output"), "share of Y" for "<p>% of Y". A figure coordinated with the previous one
    ("20 GW by ... and 30GW by 2030", "from 6,259 (2020) to 16,630") shares its metric.
    """
    if span.noun_phrase:
        return span.noun_phrase, span.unit
    text = ctx.text
    clause_start, _ = _bounds(ctx.clause_breaks, len(text), span.start, span.end)
    region_end = _comparator_start(text, span)
    inherited = _coordinated(text, span, previous)
    if span.lang == "zh":
        subject = _zh_subject(text[clause_start:region_end])
        return (subject or (inherited[0] if inherited else "") or span.unit), span.unit
    subject = _en_subject(text, clause_start, region_end, verbal_comparator=_verbal_comparator(text, span))
    if not span.unit:  # bare number: the subject's head noun is the unit
        if subject and _is_plural(subject.split()[-1]):
            return subject, subject.split()[-1].lower()
        if inherited and inherited[1]:
            return inherited
        return "", ""
    following = _following_noun(text, span.end)
    of_phrase = _of_phrase(text, span.end)
    if of_phrase and span.unit == "%":  # "50% of GDP": a share
        metric = f"{subject} share of {of_phrase}" if subject else f"share of {of_phrase}"
    elif of_phrase:  # "3 GW of solar capacity": the phrase names the quantity
        metric = of_phrase
    elif following and subject:
        metric = f"{following} of {subject}"
    else:
        metric = following or subject
    if not metric and inherited and inherited[1] == span.unit:
        metric = inherited[0]
    return _limit_words(metric) or span.unit, span.unit


def _coordinated(text: str, span: _Span, previous: tuple[_Span, str] | None) -> tuple[str, str] | None:
    """The previous figure's (metric, unit) when only connectives and years separate the two."""
    if previous is None:
        return None
    prev, prev_metric = previous
    gap = text[prev.end : span.start]
    if len(gap) > _GAP_MAX_CHARS:
        return None
    if not _GAP_CONNECTIVES.fullmatch(_GAP_YEARS.sub(" ", gap)):
        return None
    return prev_metric, prev.unit


def _verbal_comparator(text: str, span: _Span) -> bool:
    """True when the comparator before the span is itself the verb: "to exceed 200 billion"."""
    m = _COMPARATOR_BEFORE_RE.search(text, max(0, span.start - 24), span.start)
    return bool(m and m.group("en") and _VERBAL_COMPARATOR.match(m.group("en")))


def _en_subject(text: str, lo: int, hi: int, *, verbal_comparator: bool = False) -> str:
    """The noun phrase an English amount is predicated of, read backwards from the number.

    "the scale of the AI industry in the province will reach" -> "scale of the AI industry";
    "with an industrial scale of" -> "industrial scale"; "outperforming national growth by"
    -> "outperforming national growth"; ", contributing" -> the previous clause's subject.
    """
    words = _WORD.findall(text, lo, hi)
    if not words:
        return ""
    lowered = [w.lower() for w in words]
    if lowered[-1] == "of":  # "an industrial scale of 350 billion yuan"
        return _clean_np(_collect_np(words[:-1]))
    if lowered[-1] == "by" and len(words) > 1:  # "outperforming national growth by 13.2 points"
        return _clean_np(words[:-1])
    i = len(words) - 1
    if verbal_comparator:  # "to exceed": the verb was the comparator, only auxiliaries remain
        while i >= 0 and lowered[i] in _AUXILIARIES:
            i -= 1
    else:
        while i >= 0 and lowered[i] in _PARTICLES:
            i -= 1
        if i < 0 or not (lowered[i] in _LINK_VERBS or lowered[i].endswith(("ed", "ing"))):
            return ""  # no verb between subject and number: nothing reliable to read
        i -= 1
        while i >= 0 and lowered[i] in _AUXILIARIES:
            i -= 1
    np = _clean_np(_collect_np(words[: i + 1]))
    if np or i >= 0:
        return np
    # ", contributing over 60% of ...": a participle clause describes the previous clause's subject
    prev_start = _last_break(_CLAUSE_BREAK, text, max(0, lo - 1))
    prev_words = _WORD.findall(text, prev_start, max(prev_start, lo - 1))
    if 0 < len(prev_words) <= 6 and not any(w.lower() in _LINK_VERBS | _AUXILIARIES for w in prev_words):
        return _clean_np(prev_words)
    return ""


def _collect_np(words: list[str]) -> list[str]:
    """Words of the noun phrase ending the list, walking back to a stop word (max 12)."""
    out: list[str] = []
    for word in reversed(words):
        if word.lower() in _NP_STOP or len(out) >= 12:
            break
        out.append(word)
    return out[::-1]


def _clean_np(words: list[str]) -> str:
    """Drop determiners, possessors and counts at the front and locatives at the end."""
    words = list(words)
    while words and (
        words[0].lower() in _NP_LEADING_NOISE
        or words[0].lower() in EN_WORD_NUMBERS
        or (_POSSESSIVE.search(words[0]) and len(words) > 1)
    ):
        words.pop(0)
    phrase = " ".join(words)
    shorter = _TRAILING_LOCATIVE.sub("", phrase)
    if shorter and shorter != phrase:
        phrase = shorter
    return _metric_case(_limit_words(phrase))


def _following_noun(text: str, pos: int) -> str:
    """Lower-case nouns right after an amount: "100 billion yuan output", "5.6% growth"."""
    words: list[str] = []
    i = pos
    while len(words) < 3:
        m = _FOLLOWING_WORD.match(text, i)
        if m is None:
            break
        word = m.group(1)
        if word in _NP_STOP or word in _PARTICLES or word in ("in", "of") or word.endswith(("ly", "ed")):
            break
        if word in _LINK_VERBS or word in _AUXILIARIES:
            break
        words.append(word)
        i = m.end()
    return " ".join(words)


def _of_phrase(text: str, pos: int) -> str:
    """Y in "<amount> of Y": "50% of GDP" -> "GDP", "3 GW of solar capacity"."""
    m = _OF_PHRASE.match(text, pos)
    if not m:
        return ""
    words = []
    for w in m.group(1).split():
        if w.lower() in _NP_STOP or w.lower() in ("in", "of"):
            break
        words.append(w)
    while len(words) > 1 and words[0].lower() in _NP_LEADING_NOISE:
        words.pop(0)  # "of the total" -> "total"
    return _metric_case(" ".join(words), sentence_start=False)


def _zh_subject(region: str) -> str:
    """The Chinese subject before an amount: "到2028年人工智能产业规模超" -> "人工智能产业规模"."""
    s = _ZH_LABEL_EDGES.sub("", region)
    s = _ZH_TRAILING_VERB.sub("", s)
    s = _ZH_LEADING_NOISE.sub("", s)
    return _ZH_LABEL_EDGES.sub("", s)[-_ZH_LABEL_MAX_CHARS:]


def _limit_words(phrase: str) -> str:
    return " ".join(phrase.split()[:_METRIC_MAX_WORDS])


def _metric_case(phrase: str, *, sentence_start: bool = True) -> str:
    """Lower-case a label but keep acronyms (AI, GDP, R&D) and names inside running text.

    A phrase in Title Case is lower-cased throughout; otherwise only a first word that may
    owe its capital to the start of a sentence is ("Technology contract transactions" ->
    "technology ..."), so a name inside the sentence ("share of Hubei's GDP") keeps its capital.
    """
    words = phrase.split()
    if not words:
        return ""

    def is_acronym(w: str) -> bool:
        return sum(c.isupper() for c in w) >= 2

    plain = [w for w in words if not is_acronym(w)]
    title_case = len(plain) > 1 and sum(w[:1].isupper() for w in plain) * 2 > len(plain)
    out = []
    for k, w in enumerate(words):
        if not is_acronym(w) and (title_case or (k == 0 and sentence_start)):
            w = w.lower()
        out.append(w)
    return " ".join(out)


# =====================================================================================
# Public entry point
# =====================================================================================


def extract_figures(
    text: str, *, published_year: int | None = None, default_kind: str = "observed"
) -> list[FigureHit]:
    """Every quantity in ``text`` that states a target or an observed indicator.

    ``published_year`` resolves "this year" and tells future years (targets) from past ones
    (observations); ``default_kind`` applies when nothing in the sentence says which it is.
    Hits are sorted by start and never overlap; ``text[h.start:h.end] == h.quote``.
    """
    if default_kind not in ("target", "observed"):
        raise ValueError(f"default_kind must be 'target' or 'observed', not {default_kind!r}")
    spans = _find_spans(text)
    if not spans:
        return []
    ctx = _build_context(text, published_year)
    hits: list[FigureHit] = []
    previous: tuple[_Span, str] | None = None
    for k, span in enumerate(spans):
        value = _convert_number(span)
        if value is None:
            continue
        next_start = spans[k + 1].start if k + 1 < len(spans) else len(text)
        metric, unit = _metric(ctx, span, previous)
        if not unit:
            continue  # a bare number with nothing saying what it counts
        span.unit = unit
        comparator = _comparator(text, span)
        year = _year(ctx, span, next_start)
        kind = _kind(ctx, span, year, default_kind)
        hits.append(
            FigureHit(
                start=span.start, end=span.end, quote=text[span.start : span.end], value=value,
                unit=unit, comparator=comparator, year=year, kind=kind, metric=metric or unit,
            )  # fmt: skip
        )
        previous = (span, metric)
    return hits
