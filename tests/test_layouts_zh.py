"""Chinese documents in the layouts governments write them, compiled value by value.

The documents in tests/documents/zh/ are written for these tests (invented wording, units and
numbers; real place names where the test is about places). Each shows a family of layouts:

    hunan-…-notice.txt        notice wrapping a plan, 一、/（一）, preamble and safeguards chapters,
                              "列第一位的为牵头单位，下同", a cited document number
    zhuzhou-…-plan.txt        第一章/一、/（一）/1., numbering restarting in every chapter and group,
                              "第一个逗号前为牵头单位", several lists in one measure, split 牵头/责任 lists,
                              〔…〕 lists with brackets inside, 〈…〉 notes, joint issuers in the signature
    liling-…-measures.txt     a county-level city; 一、 items are the measures; ASCII punctuation;
                              ☆ lead marks; a 牵头单位-only list; [2026] number; an impossible date
    nanhai-…-traditional.txt  Traditional script; numbering running on across chapters; (1) sub-items
                              under one list; labelled items; a plan dated before its period
    wuxi-…-no-units.txt       a plan without any unit list: measures are the items carrying text
    guangdong-…-portal-copy   a portal page's metadata block (发文机关, 发文字号, 成文日期), an attachment
                              list in the notice, unlabelled "A牵头，B、C等按职责分工负责" lists (one broken
                              over two lines), a 【责任单位】 line, funding caps
    sichuan-…-no-prefix.txt   units without 省 ("科技厅" is the province's), "排在第一位的为牵头单位",
                              measure numbering running on across groups
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import TEST_DOCUMENTS, assert_spans_slice_back
from policyapi.build.compile import compile_seeds

ZH = TEST_DOCUMENTS / "zh"
HUNAN, ZHUZHOU, LILING, NANHAI, WUXI, GUANGDONG, SICHUAN = (
    "hunan-ai-industry-measures-notice", "zhuzhou-ai-action-plan", "liling-ai-support-measures",
    "nanhai-ai-plan-traditional", "wuxi-ai-plan-no-units", "guangdong-ai-measures-portal-copy",
    "sichuan-ai-plan-no-prefix")


@pytest.fixture(scope="module")
def zh():
    return compile_seeds(ZH)


def _doc(zh, doc_id):
    return next(d for d in zh.documents if d.id == doc_id)


def _measures(zh, doc_id):
    return [m for m in zh.measures if m.document_id == doc_id]


def _sections(zh, doc_id):
    return {s.id: s for s in zh.sections if s.document_id == doc_id}


def _units_by_name(units, code=None):
    """Units by every name they have (name, name_zh, aliases: the spellings written are among them)."""
    return {n: u for u in units if code is None or u.jurisdiction_code == code
            for n in (u.name, u.name_zh, *u.aliases) if n}


def _lists(zh, measure_id):
    """[(lead rule, [(unit name as written, is lead), ...]), ...] per list of the measure."""
    rows = sorted((r for r in zh.responsibilities if r.measure_id == measure_id),
                  key=lambda r: (r.list_position, r.position))
    rules = {rl.position: rl.lead_rule for rl in zh.responsibility_lists if rl.measure_id == measure_id}
    out: dict[int, tuple[str, list]] = {}
    for r in rows:
        out.setdefault(r.list_position, (rules[r.list_position], []))[1].append((r.span.quote, r.is_lead))
    return [out[k] for k in sorted(out)]


def _warnings(zh, doc_id):
    return [(w.line, w.stage, w.message) for w in zh.warnings if w.document_id == doc_id]


def test_every_document_builds_and_every_span_slices_back(zh):
    assert sorted(d.id for d in zh.documents) == sorted([HUNAN, ZHUZHOU, LILING, NANHAI, WUXI, GUANGDONG, SICHUAN])
    assert assert_spans_slice_back(zh) > 100


# ---- hunan: a notice wrapping a plan ------------------------------------------------------------


def test_notice_header(zh):
    d = _doc(zh, HUNAN)
    assert d.title == "湖南省人民政府办公厅关于印发《湖南省加快人工智能产业集聚发展的若干措施》的通知"
    assert d.plan_title == "湖南省加快人工智能产业集聚发展的若干措施"
    assert d.number == "湘政办发〔2026〕9号"  # not the cited 国发〔2017〕35号
    assert (d.issuer, d.published, d.date_written) == ("湖南省人民政府办公厅", dt.date(2026, 3, 18), "2026年3月18日")
    assert (d.kind, d.language, d.jurisdiction_code) == ("policy", "zh", "430000")
    (issuer,) = [i for i in zh.issuers if i.document_id == HUNAN]
    unit = next(u for u in zh.units if u.id == issuer.unit_id)
    assert (issuer.span.quote, unit.kind, unit.level, unit.jurisdiction_code) == (
        "湖南省人民政府办公厅", "government_department", "provincial", "430000")


def test_preamble_and_safeguards_hold_no_measures(zh):
    sections = _sections(zh, HUNAN)
    chapters = [s for s in sections.values() if s.depth == 1]
    assert [(s.marker, s.title, s.role) for s in chapters] == [
        ("一、", "总体要求", "other"), ("二、", "重点任务", "chapter"), ("三、", "保障措施", "other")]
    measures = _measures(zh, HUNAN)
    assert [(m.number, m.title) for m in measures] == [
        (1, "夯实智能算力底座"), (2, "突破关键核心技术"), (3, "培育壮大市场主体"), (4, "建设高质量数据集"),
        (5, "拓展行业应用场景"), (6, "强化金融支持")]
    assert {sections[m.chapter_id].title for m in measures} == {"重点任务"}
    assert all(m.group_id is None and sections[m.section_id].marker == f"（{'一二三四五六'[m.number - 1]}）"
               for m in measures)
    assert [m.ordinal for m in measures] == [1, 2, 3, 4, 5, 6]


def test_a_lead_rule_stated_once_applies_to_later_lists(zh):
    m1, m2, *_, m6 = _measures(zh, HUNAN)
    # "列第一位的为牵头单位，下同" is a note inside the first list, not a unit.
    assert _lists(zh, m1.id) == [("first", [("省发展改革委", True), ("省数据局", False), ("省通信管理局", False)])]
    assert _lists(zh, m2.id) == [("first", [("省科技厅", True), ("省工业和信息化厅", False)])]
    assert _lists(zh, m6.id) == [("first", [("省委金融办", True), ("湖南湘江数智投资集团", False),
                                            ("湘潭星城农商银行", False)])]


def test_units_are_resolved_and_classified(zh):
    units = {(n, u.jurisdiction_code): u for u in zh.units for n in (u.name, u.name_zh, *u.aliases) if n}
    industry = units[("省工业和信息化厅", "430000")]
    assert (industry.name, industry.name_zh, industry.body_type) == (
        "Provincial Department of Economy and Information Technology", "湖南省工业和信息化厅", "economy_information")
    assert (industry.kind, industry.level, industry.measure_count, industry.lead_count) == (
        "government_department", "provincial", 3, 2)
    assert units[("各市州人民政府", "430000")].kind == "collective"
    assert units[("省委网信办", "430000")].kind == "party_organ"
    assert units[("湖南湘江数智投资集团", "430000")].kind == "state_owned_enterprise"
    assert units[("湘潭星城农商银行", "430300")].kind == "financial_institution"


def test_a_place_in_an_organisations_name_is_not_a_place_of_the_measure(zh):
    m6 = _measures(zh, HUNAN)[-1]
    assert m6.place_codes == ()
    mentions = [(p.span.quote, p.in_organisation) for p in zh.place_mentions if p.measure_id == m6.id]
    assert mentions == [("湖南", True), ("湘潭", True), ("湖南", True), ("湘潭", True)]


# ---- zhuzhou: chapters, groups, restarting numbering, comma lead rule ---------------------------


def test_chapters_groups_and_measures(zh):
    sections = _sections(zh, ZHUZHOU)
    measures = _measures(zh, ZHUZHOU)
    assert [(sections[m.chapter_id].marker, sections[m.group_id].title if m.group_id else None, m.number, m.title)
            for m in measures] == [
        ("第二章", "提升算力供给", 1, "建设城市智算中心"), ("第二章", "提升算力供给", 2, "推动算力互联"),
        ("第二章", "丰富数据资源", 1, "开放公共数据"), ("第二章", "丰富数据资源", 2, "培育数据企业"),
        ("第二章", "智能制造", 1, "建设智能工厂"), ("第二章", "智慧城市", 1, "推进城市治理智能化"),
        ("第三章", None, 1, "加强组织领导")]  # a safeguard naming its unit is a measure; the other is not
    assert [s.role for s in sections.values() if s.depth == 1] == ["other", "chapter", "chapter"]
    depths = {s.marker: s.depth for s in sections.values()}
    assert (depths["第一章"], depths["（一）"], depths["1."]) == (1, 3, 4)
    assert _warnings(zh, ZHUZHOU) == []  # numbering restarting in every chapter and group is normal


def test_every_unit_before_the_first_comma_leads(zh):
    m = _measures(zh, ZHUZHOU)
    assert _lists(zh, m[0].id) == [("before_first_comma", [
        ("市发展改革委", True), ("市数据局", True), ("市工业和信息化局", False), ("中国移动株洲分公司", False)])]
    assert _lists(zh, m[1].id) == [("before_first_comma", [("市数据局", True), ("市通信发展办", False)])]


def test_split_lists_brackets_inside_names_and_notes(zh):
    m = _measures(zh, ZHUZHOU)
    assert _lists(zh, m[2].id) == [("labelled", [("市数据局", True), ("市政务服务中心", False),
                                                 ("各区县市人民政府", False)])]
    # 〔…〕 list: the 〔县、市〕 inside a name is no separator, the 〈…〉 note is no unit.
    assert _lists(zh, m[3].id) == [("before_first_comma", [("市人力资源社会保障局", True),
                                                           ("各区〔县、市〕人民政府", False)])]
    # "以下均需…落实，不再列出" is a note.
    assert _lists(zh, m[5].id) == [("before_first_comma", [("市城市管理局", True), ("市公安局", True),
                                                           ("市应急管理局", False)])]


def test_several_lists_in_one_measure_each_cover_their_sentences(zh):
    measure = _measures(zh, ZHUZHOU)[4]
    assert _lists(zh, measure.id) == [
        ("before_first_comma", [("市工业和信息化局", True), ("市财政局", True)]),
        ("before_first_comma", [("市工业和信息化局", True), ("市科技局", False), ("株洲国投集团", False)])]
    first, second = sorted((rl for rl in zh.responsibility_lists if rl.measure_id == measure.id),
                           key=lambda rl: rl.position)
    assert first.covers.quote == "1.建设智能工厂。支持轨道交通装备、航空动力企业开展智能化改造。"
    assert second.covers.quote == "鼓励企业上云用数，推广工业大模型应用。"
    lead = _units_by_name(zh.units)["市工业和信息化局"]
    assert lead.measure_count == 3 and lead.lead_count == 2  # two lists of one measure count once


def test_joint_issuers_from_the_signature(zh):
    d = _doc(zh, ZHUZHOU)
    assert d.issuer == "中共株洲市委办公室; 株洲市人民政府办公室"
    assert (d.kind, d.published, d.jurisdiction_code) == ("plan", dt.date(2026, 5, 20), "430200")
    issuers = sorted((i for i in zh.issuers if i.document_id == ZHUZHOU), key=lambda i: i.position)
    units = {u.id: u for u in zh.units}
    assert [(i.span.quote, units[i.unit_id].kind) for i in issuers] == [
        ("中共株洲市委办公室", "party_organ"), ("株洲市人民政府办公室", "government_department")]
    # The signature belongs to no measure or section.
    text = _doc(zh, ZHUZHOU).text
    assert not any("株洲市人民政府办公室" in text[s.span.start:s.end] for s in zh.sections if s.document_id == ZHUZHOU)


# ---- liling: a county-level city, ASCII punctuation, ☆ marks -------------------------------------


def test_county_level_city_document(zh):
    d = _doc(zh, LILING)
    assert (d.jurisdiction_code, d.issuer, d.number, d.kind) == ("430281", "醴陵市人民政府", "醴政发[2026]4号", "policy")
    # "2026年2月30日" cannot exist: recorded as written, not as a date, and reported.
    assert (d.published, d.date_written) == (None, "2026年2月30日")
    assert _warnings(zh, LILING) == [(15, "header", "impossible date '2026年2月30日': not recorded as the published date")]


def test_items_of_the_first_level_are_the_measures(zh):
    measures = _measures(zh, LILING)
    assert [(m.number, m.title, m.chapter_id, m.group_id) for m in measures] == [
        (1, "支持企业智能化改造", None, None), (2, "建设行业大模型", None, None), (3, "培育应用场景", None, None),
        (4, "加强人才引育", None, None), (5, "优化金融服务", None, None)]


def test_marked_leads_and_lead_only_lists(zh):
    m = _measures(zh, LILING)
    assert _lists(zh, m[0].id) == [("marked", [("市工信局", True), ("市财政局", False), ("市科技局", False)])]
    assert _lists(zh, m[1].id) == [("labelled", [("市科技局", True)])]
    assert _lists(zh, m[2].id) == [("marked", [("市工信局", False), ("市发改局", True), ("各镇人民政府", False),
                                               ("各街道办事处", False)])]
    assert _lists(zh, m[3].id) == [("marked", [("市委组织部(人才办)", True), ("市人社局", False)])]
    units = _units_by_name(zh.units, "430281")
    # A county-level city calls itself 市: its 市工信局 is a county-level body of Liling, not of Zhuzhou.
    assert units["市工信局"].level == "county" and units["醴陵农商银行"].kind == "financial_institution"


# ---- nanhai: Traditional script ------------------------------------------------------------------


def test_traditional_script_is_the_same_grammar(zh):
    d = _doc(zh, NANHAI)
    assert d.plan_title == "南海區推動人工智能產業高質量發展行動計劃（2026—2028年）"
    assert (d.number, d.issuer, d.jurisdiction_code, d.kind) == (
        "南府辦（2026）11號", "佛山市南海區人民政府辦公室", "440605", "plan")
    assert _warnings(zh, NANHAI) == [(1, "header", "dated 2023-01-09, outside its own period 2026-2028")]
    measures = _measures(zh, NANHAI)
    assert [(m.number, m.title) for m in measures] == [
        (1, "建設創新平台"), (2, "推動技術攻關"), (3, "壯大龍頭企業"), (4, "建設特色園區"), (5, "推動製造業智能化")]
    assert _lists(zh, measures[0].id) == [("first", [("區科技局", True), ("區發展改革局", False)])]


def test_numbering_running_on_and_sub_items_under_one_list(zh):
    sections = _sections(zh, NANHAI)
    measures = _measures(zh, NANHAI)
    assert [sections[m.chapter_id].title for m in measures] == ["強化創新策源", "強化創新策源", "培育產業集群",
                                                                "培育產業集群", "拓展應用場景"]
    # (1) and (2) are items of measure (二), whose one list, on its own line, covers both.
    items = [s for s in sections.values() if s.parent_id == measures[1].section_id]
    assert [(s.marker, s.title, s.role) for s in items] == [("（1）", "機器視覺", "other"), ("（2）", "工業軟件", "other")]
    assert _lists(zh, measures[1].id) == [("first", [("區科技局", True), ("區工業和信息化局", False)])]
    labels = [s for s in sections.values() if s.parent_id == measures[3].section_id]
    assert [(s.style, s.number, s.title) for s in labels] == [("label", 1, "智能裝備園"), ("label", 2, "數據服務園")]


# ---- wuxi: no unit lists at all ------------------------------------------------------------------


def test_without_unit_lists_the_items_carrying_text_are_measures(zh):
    sections = _sections(zh, WUXI)
    measures = _measures(zh, WUXI)
    assert [(sections[m.chapter_id].title, m.number, m.title) for m in measures] == [
        ("主要任务", 1, "打造智能算力枢纽"), ("主要任务", 2, "做强智能终端产业"), ("主要任务", 3, "深化行业赋能应用"),
        ("支撑体系", 1, "完善创新平台"), ("支撑体系", 2, "集聚高端人才")]
    assert sections[measures[0].section_id].marker == "1．"
    d = _doc(zh, WUXI)
    assert (d.kind, d.jurisdiction_code, d.issuer, d.number) == ("plan", "320200", None, None)


# ---- guangdong: a portal copy, unlabelled lists -------------------------------------------------


def test_portal_metadata_and_an_attachment_list(zh):
    d = _doc(zh, GUANGDONG)
    # Published is the page's 发布日期; the document's own date, as written, is its signature's.
    assert (d.number, d.issuer, d.published, d.date_written) == (
        "粤府办〔2026〕7号", "广东省人民政府办公厅", dt.date(2026, 4, 21), "2026年4月16日")
    assert d.title == "广东省人民政府办公厅关于印发广东省推动人工智能与制造业融合发展若干措施的通知"
    assert (d.kind, d.jurisdiction_code) == ("policy", "440000")
    # "附件：1．…  2．重点任务清单" lists attachments: no sections there, and the plan's outline starts anew.
    sections = _sections(zh, GUANGDONG)
    assert [(s.marker, s.depth) for s in sections.values()] == [(f"{n}、", 1) for n in "一二三四五"]
    assert _warnings(zh, GUANGDONG) == []


def test_lists_told_by_verbs(zh):
    m = _measures(zh, GUANGDONG)
    assert [(x.number, x.title) for x in m] == [(1, "建设行业大模型训练基地"), (2, "推动智能工厂建设"),
                                                (3, "培育应用解决方案服务商"), (4, "强化人才支撑"), (5, "加强组织推进")]
    assert _lists(zh, m[0].id) == [("labelled", [("省工业和信息化厅", True), ("省发展改革委", False), ("省科技厅", False)])]
    assert _lists(zh, m[1].id) == [("first", [("省工业和信息化厅", True), ("省财政厅", False)])]
    assert _lists(zh, m[2].id) == [("first", [("省工业和信息化厅", True), ("省商务厅", False)])]  # 【责任单位】
    # a list broken over two lines by the copy
    assert _lists(zh, m[3].id) == [("labelled", [("省人力资源社会保障厅", True), ("省教育厅", False), ("省科技厅", False)])]
    assert _lists(zh, m[4].id) == [("first", [("各地级以上市人民政府", True)])]


def test_a_funding_cap_continues_its_subsidy(zh):
    figures = [(f.span.quote, f.value, f.unit, f.comparator, f.kind, f.label, f.year)
               for f in zh.figures if f.document_id == GUANGDONG]
    assert figures == [
        ("30%", 30.0, "%", "=", "target", "投资额", None),
        ("2000万元", 2e7, "CNY", "<=", "funding", "补助", None),  # "给予补助，最高不超过2000万元"
        ("800家", 800.0, "factories", ">=", "target", "智能工厂", 2028),
        ("50家", 50.0, "enterprises", ">=", "target", "优秀服务商", None),
        ("1万名", 1e4, "people", "=", "target", "高端人才", 2028)]
    # Keys of the metric vocabulary where the words name one of its quantities; the rest are "other".
    assert [(f.metric, f.normal_value, f.normal_unit) for f in zh.figures if f.document_id == GUANGDONG] == [
        ("other", None, None), ("other", None, None), ("intelligent_factories", 800.0, "factories"),
        ("other", None, None), ("talent", 1e4, "people")]


# ---- sichuan: units without the province prefix -------------------------------------------------


def test_units_without_a_prefix_are_the_documents_own(zh):
    m = _measures(zh, SICHUAN)
    assert [(x.number, zh_section(zh, x.group_id)) for x in m] == [
        (1, "夯实产业基础"), (2, "夯实产业基础"), (3, "推动融合应用"), (4, "推动融合应用"), (5, "完善创新生态"),
        (6, "完善创新生态")]  # numbering runs on across groups
    assert _lists(zh, m[0].id) == [("first", [("发展改革委", True), ("经济和信息化厅", False), ("通信管理局", False)])]
    units = _units_by_name(zh.units, "510000")
    science = units["省科技厅"]  # written "科技厅" twice and "省科技厅" once: one unit
    assert science is units["科技厅"] and science.name_zh == "四川省科技厅"
    assert (science.level, science.measure_count, science.lead_count) == ("provincial", 2, 1)
    assert (units["经济和信息化厅"].measure_count, units["经济和信息化厅"].lead_count) == (3, 1)
    assert units["人行四川省分行"].kind == "financial_institution"
    assert units["四川发展控股集团"].kind == "state_owned_enterprise"
    fund = next(f for f in zh.figures if f.document_id == SICHUAN and f.unit == "CNY" and f.value == 1e10)
    assert (fund.kind, fund.span.quote) == ("funding", "100亿元")  # "设立…基金，规模100亿元"


def zh_section(zh, section_id):
    return next(s.title for s in zh.sections if s.id == section_id)


def test_strict_turns_the_warnings_into_errors(zh):
    from policyapi.errors import BuildFailed

    with pytest.raises(BuildFailed) as failure:
        compile_seeds(ZH, strict=True)
    assert sorted((Path(e.path).name, e.line) for e in failure.value.errors) == [
        ("liling-ai-support-measures.txt", 15), ("nanhai-ai-plan-traditional.txt", 1)]
