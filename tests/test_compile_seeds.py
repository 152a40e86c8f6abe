"""What the compiler extracts from the real seed documents."""

from __future__ import annotations

import datetime as dt

from conftest import HUBEI, assert_spans_slice_back

HUBEI_MEASURES = [
    (1, 1, "Promote the clustering and tackling of advantageous fields"),
    (2, 1, "Breakthrough key common technologies"),
    (3, 1, "Promote the deep integration of technological innovation and industrial innovation"),
    (4, 2, "Cultivate and strengthen leading enterprises"),
    (5, 2, "Develop key enterprises through hierarchical cultivation"),
    (6, 2, "Promote the development of industrial agglomeration"),
    (7, 3, "Enhance data supply capability"),
    (8, 3, "Consolidate the collaborative foundation of the computing network"),
    (9, 3, "Build a smart application and security supervision service platform"),
    (10, 4, "Empowering Economic Development and Boosting Momentum"),
    (11, 4, "Empowering social governance to enhance efficiency"),
    (12, 4, "Empowering people with new life experiences"),
    (13, 5, "Establish a mechanism for promoting emerging industries"),
    (14, 5, "Expand channels for talent cultivation"),
    (15, 5, "Deepen the reform of science and technology finance"),
    (16, 5, "Create an atmosphere of innovative development"),
]


def _doc(compiled, doc_id):
    return next(d for d in compiled.documents if d.id == doc_id)


def test_documents_and_their_metadata(compiled):
    assert sorted(d.id for d in compiled.documents) == [
        HUBEI,
        "wenzhou-city-ai-bureau-news",
        "wuhan-cset-ai-development-report-summary",
        "wuhan-five-year-industrial-outlook",
        "wuhan-smart-economy-action-plan-2026-2028-news",
    ]
    hubei = _doc(compiled, HUBEI)
    assert hubei.number == "Ezhengbanfa [2025] No. 34"
    assert hubei.published == dt.date(2025, 10, 27)
    assert hubei.publisher == "Hubei Provincial People's Government website"
    assert hubei.issuer == "General Office of the People's Government of Hubei Province"
    assert (hubei.kind, hubei.language, hubei.jurisdiction_code) == ("policy", "en", "420000")
    news = _doc(compiled, "wuhan-smart-economy-action-plan-2026-2028-news")
    assert news.title == "到2028年,人工智能产业规模超两千亿元"
    assert (news.published, news.publisher, news.jurisdiction_code) == (dt.date(2026, 2, 4), "Chang Jiang Ri Bao",
                                                                      "420100")
    assert _doc(compiled, "wenzhou-city-ai-bureau-news").jurisdiction_code == "330300"


def test_web_page_debris_is_not_part_of_the_body(compiled):
    for doc in compiled.documents:
        for debris in ("Advertisement", "Read More", "Most Popular From", "Leave a Reply", "Need Help?",
                       "\nComments", "BABL AI", "- Reportify"):
            assert debris not in doc.text, (doc.id, debris)
    assert _doc(compiled, HUBEI).text.endswith("development of artificial intelligence in our province.")


def test_hubei_chapters_and_measures(compiled):
    chapters = {c.id: c for c in compiled.sections if c.document_id == HUBEI and c.depth == 1}
    assert [(c.marker, c.role) for c in chapters.values()] == [(f"{n}、", "chapter") for n in range(1, 6)]
    assert [c.title for c in sorted(chapters.values(), key=lambda c: c.number)] == [
        "Breakthrough key core technologies",
        "Cultivate and strengthen the industrial level",
        "Consolidate the support of fundamental elements",
        "Creating inclusive application scenarios",
        "Create a first-class innovation ecosystem",
    ]
    measures = [m for m in compiled.measures if m.document_id == HUBEI]
    assert [(m.number, chapters[m.chapter_id].number, m.title) for m in measures] == HUBEI_MEASURES
    assert [m.ordinal for m in measures] == list(range(1, 17))
    # A measure ends with its unit list: the closing paragraph belongs to none.
    assert measures[-1].text.endswith("and people's governments of various cities and prefectures)")
    assert not any("Strengthen provincial coordination" in m.text for m in measures)


def test_responsible_units_in_order_with_the_lead_first(compiled):
    units = {u.id: u for u in compiled.units}
    by_measure: dict[str, list[str]] = {}
    for r in sorted(compiled.responsibilities, key=lambda r: (r.measure_id, r.position)):
        by_measure.setdefault(r.measure_id, []).append(units[r.unit_id].name)
    assert by_measure[f"{HUBEI}:m1"] == [
        "Provincial Department of Science and Technology",
        "Provincial Development and Reform Commission",
        "Provincial Department of Economy and Information Technology",
        "People's Governments of various cities and prefectures",
    ]
    assert by_measure[f"{HUBEI}:m3"] == ["Provincial Department of Economy and Information Technology",
                                         "Wuhan Municipal People's Government"]
    assert len(by_measure[f"{HUBEI}:m12"]) == 13
    assert by_measure[f"{HUBEI}:m15"][3:5] == ["Changjiang Industrial Investment Group", "Changjiang Securities"]
    leads = {r.measure_id: units[r.unit_id].name for r in compiled.responsibilities if r.is_lead}
    assert leads[f"{HUBEI}:m7"] == "Provincial Data Bureau"
    assert leads[f"{HUBEI}:m14"] == "Organization Department of the Provincial Party Committee"
    assert sum(r.is_lead for r in compiled.responsibilities) == 16
    assert all(r.is_lead == (r.position == 1) for r in compiled.responsibilities)


def test_unit_spellings_resolve_to_one_unit_with_aliases(compiled):
    by_name = {u.name: u for u in compiled.units}
    governments = by_name["People's Governments of various cities and prefectures"]
    assert governments.aliases == ("people's governments of various cities and prefectures",)
    assert (governments.kind, governments.level, governments.jurisdiction_code) == ("collective", "municipal",
                                                                                    "420000")
    assert governments.measure_count == 12
    security = by_name["Provincial Public Security Department"]
    assert security.aliases[0] == "Provincial Department of Public Security"  # as written; the glossary's next
    assert {"省公安厅", "Hubei Provincial Department of Public Security"} <= set(security.aliases)
    assert (security.name_zh, security.body_type) == ("湖北省公安厅", "public_security")
    assert security.measure_count == 2
    economy = by_name["Provincial Department of Economy and Information Technology"]
    assert (economy.measure_count, economy.lead_count) == (11, 8)
    # Similar names of different departments stay apart.
    assert "Provincial Department of Science and Technology" in by_name
    assert "Provincial Department of Commerce" in by_name and "Provincial Department of Education" in by_name
    assert len([u for u in compiled.units if u.jurisdiction_code in ("420000", "420100")]) == len(compiled.units)


def test_units_are_classified(compiled):
    kinds = {u.name: (u.kind, u.level, u.jurisdiction_code) for u in compiled.units}
    assert kinds["Wuhan Municipal People's Government"] == ("municipal_government", "municipal", "420100")
    assert kinds["Organization Department of the Provincial Party Committee"][0] == "party_organ"
    assert kinds["Provincial Party Committee Cyberspace Administration"][0] == "party_organ"
    assert kinds["Hubei Big Data Group"] == ("state_owned_enterprise", "provincial", "420000")
    assert kinds["Changjiang Securities"][0] == "financial_institution"
    assert kinds["People's Bank of China Hubei Branch"][0] == "financial_institution"
    assert kinds["relevant provincial departments"] == ("collective", "provincial", "420000")
    assert kinds["Provincial Data Bureau"] == ("government_department", "provincial", "420000")


def test_scenarios(compiled):
    by_measure: dict[str, list[str]] = {}
    for s in sorted(compiled.scenarios, key=lambda s: (s.measure_id, s.position)):
        by_measure.setdefault(s.measure_id.split(":")[1], []).append(s.name)
    assert by_measure == {
        "m10": ["scientific research", "Industry", "agriculture", "modern service industry", "construction"],
        "m11": ["government affairs", "security governance", "ecological governance"],
        "m12": ["Education", "healthcare", "transportation", "consumption"],
    }


def test_places_linked_to_measures_and_documents(compiled):
    m12 = next(m for m in compiled.measures if m.id == f"{HUBEI}:m12")
    assert {"420100", "420600", "420500", "420300", "420700"} <= set(m12.place_codes)
    wenzhou = {p.place_code for p in compiled.place_mentions if p.document_id == "wenzhou-city-ai-bureau-news"}
    assert {"330300", "330000"} <= wenzhou


def test_every_span_slices_back_to_its_quote(compiled):
    assert assert_spans_slice_back(compiled) > 200
    units = {u.id: u for u in compiled.units}
    for r in compiled.responsibilities:  # each unit mention is that unit's name or one of its aliases
        assert r.span.quote in (units[r.unit_id].name, *units[r.unit_id].aliases)
