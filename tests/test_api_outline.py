"""The outline, responsibility lists, issuers, counties and the build report through GraphQL and REST.

Served from the Chinese test documents (tests/documents/zh/), over HTTP against the real app.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import policyapi
from conftest import TEST_DOCUMENTS, graphql_data, serving

ZHUZHOU = "zhuzhou-ai-action-plan"


@pytest.fixture(scope="module")
def zh_client(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("zh") / "zh.duckdb"
    policyapi.build(TEST_DOCUMENTS / "zh", db)
    with policyapi.open(db) as store, serving(store) as client:
        yield client


_gql = graphql_data


def test_the_outline_is_a_tree(zh_client):
    doc = _gql(zh_client, """query($id: String!) { document(id: $id) {
        chapters { marker title role }
        outline { ordinal depth marker number title role parent { ordinal } children { ordinal } } } }""",
               {"id": ZHUZHOU})["document"]
    assert [(c["marker"], c["title"], c["role"]) for c in doc["chapters"]] == [
        ("第一章", "总体要求", "OTHER"), ("第二章", "重点任务", "CHAPTER"), ("第三章", "保障措施", "CHAPTER")]
    outline = {s["ordinal"]: s for s in doc["outline"]}
    group = next(s for s in doc["outline"] if s["title"] == "提升算力供给")
    assert (group["marker"], group["depth"], group["role"]) == ("（一）", 3, "GROUP")
    assert outline[group["parent"]["ordinal"]]["title"] == "夯实产业基础"
    assert [(outline[c["ordinal"]]["marker"], outline[c["ordinal"]]["title"], outline[c["ordinal"]]["role"])
            for c in group["children"]] == [("1.", "建设城市智算中心", "MEASURE"), ("2.", "推动算力互联", "MEASURE")]
    # Every section but a chapter has its parent, which lists it among its children.
    for s in doc["outline"]:
        if s["depth"] > 1:
            assert {"ordinal": s["ordinal"]} in outline[s["parent"]["ordinal"]]["children"]


def test_a_measure_knows_its_chapter_group_and_lists(zh_client):
    m = _gql(zh_client, """query($id: String!) { measure(id: $id) {
        number title chapter { marker } group { title } section { marker depth parent { title } }
        responsibilityLists { position leadRule covers { quote }
          responsibilities { position isLead unit { nameZh kind } } }
        leadUnit { name nameZh bodyType } leadUnits { nameZh } } }""", {"id": f"{ZHUZHOU}:m5"})["measure"]
    assert (m["number"], m["title"], m["chapter"], m["group"]) == (1, "建设智能工厂", {"marker": "第二章"},
                                                                  {"title": "智能制造"})
    assert m["section"] == {"marker": "1.", "depth": 4, "parent": {"title": "智能制造"}}
    first, second = m["responsibilityLists"]
    assert (first["position"], first["leadRule"]) == (1, "BEFORE_FIRST_COMMA")
    assert first["covers"]["quote"].endswith("开展智能化改造。")
    # Names in Chinese with their place ("市科技局" of a Zhuzhou document), in English from the unit glossary.
    assert [(r["unit"]["nameZh"], r["isLead"]) for r in second["responsibilities"]] == [
        ("株洲市工业和信息化局", True), ("株洲市科技局", False), ("株洲国投集团", False)]
    assert second["responsibilities"][2]["unit"]["kind"] == "STATE_OWNED_ENTERPRISE"
    assert m["leadUnit"] == {"name": "Municipal Bureau of Economy and Information Technology",
                             "nameZh": "株洲市工业和信息化局", "bodyType": "ECONOMY_INFORMATION"}
    assert m["leadUnits"] == [{"nameZh": "株洲市工业和信息化局"}, {"nameZh": "株洲市财政局"}]


def test_issuers_are_units(zh_client):
    doc = _gql(zh_client, """query($id: String!) { document(id: $id) { issuer planTitle dateWritten
        issuers { name nameZh kind issued { slug } } jurisdiction { ... on City { code } } } }""",
               {"id": ZHUZHOU})["document"]
    assert doc["issuers"] == [
        {"name": "General Office of the Municipal Party Committee", "nameZh": "中共株洲市委办公室",
         "kind": "PARTY_ORGAN", "issued": [{"slug": ZHUZHOU}]},
        {"name": "General Office of the Municipal People's Government", "nameZh": "株洲市人民政府办公室",
         "kind": "GOVERNMENT_DEPARTMENT", "issued": [{"slug": ZHUZHOU}]}]
    assert (doc["dateWritten"], doc["jurisdiction"]) == ("2026年5月20日", {"code": "430200"})


def test_a_county_is_a_place(zh_client):
    data = _gql(zh_client, """{ county(name: "醴陵市") { code nameZh city { code } province { code }
        measures { totalCount } }
        document(id: "liling-ai-support-measures") { jurisdiction { __typename ... on County { code } } } }""")
    assert data["county"] == {"code": "430281", "nameZh": "醴陵市", "city": {"code": "430200"},
                              "province": {"code": "430000"}, "measures": {"totalCount": 5}}
    assert data["document"]["jurisdiction"] == {"__typename": "County", "code": "430281"}
    city = _gql(zh_client, '{ city(name: "Zhuzhou") { counties { nameZh } measures { totalCount } } }')["city"]
    assert {"nameZh": "醴陵市"} in city["counties"]
    assert city["measures"]["totalCount"] == 7 + 5  # its own measures and its county-level city's


def test_funding_and_ranges_are_figures(zh_client):
    data = _gql(zh_client, '{ figures(filter: {kind: FUNDING, document: "liling-ai-support-measures"}) '
                           '{ nodes { value unit comparator metric label valueMax } } }')
    assert {"value": 3e6, "unit": "CNY", "comparator": "LTE", "metric": "OTHER", "label": "单个企业",
            "valueMax": None} in data["figures"]["nodes"]  # a cap per firm: no metric of the vocabulary


def test_the_build_report_is_served(zh_client):
    data = _gql(zh_client, "{ dataset { counts { warnings } warnings { totalCount nodes { file line stage message "
                           "document { slug } } } } }")["dataset"]
    assert data["counts"]["warnings"] == data["warnings"]["totalCount"] == 2
    assert [(Path(w["file"]).name, w["line"], w["stage"]) for w in data["warnings"]["nodes"]] == [
        ("liling-ai-support-measures.txt", 15, "HEADER"), ("nanhai-ai-plan-traditional.txt", 1, "HEADER")]
    rest = zh_client.get("/api/v1/dataset/warnings").json()
    assert rest["total_count"] == 2 and rest["items"][0]["stage"] == "header"


def test_rest_outline_lists_issuers_and_counties(zh_client):
    outline = zh_client.get(f"/api/v1/documents/{ZHUZHOU}/outline").json()
    assert [s["marker"] for s in outline][:4] == ["第一章", "一、", "第二章", "一、"]
    assert all(s["span"]["quote"].startswith(s["marker"]) for s in outline if s["marker"])
    lists = zh_client.get(f"/api/v1/measures/{ZHUZHOU}:m5/lists").json()
    assert [(rl["position"], rl["lead_rule"]) for rl in lists] == [(1, "before_first_comma"), (2, "before_first_comma")]
    issuers = zh_client.get(f"/api/v1/documents/{ZHUZHOU}/issuers").json()
    assert [i["span"]["quote"] for i in issuers] == ["中共株洲市委办公室", "株洲市人民政府办公室"]
    assert zh_client.get("/api/v1/counties/430281").json()["city_code"] == "430200"
    page = zh_client.get("/api/v1/counties", params={"within": "Zhuzhou"}).json()
    assert "醴陵市" in {c["name_zh"] for c in page["items"]}
    assert zh_client.get("/api/v1/counties/Hubei").status_code == 404
