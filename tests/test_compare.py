"""Comparable, bilingual data (issue 11): metric keys, one figure per fact, units in both languages,
comparison tables, facets and batch lookups, in the library, over GraphQL and over REST.

Served from the seeds together with two invented plans (tests/documents/compare/): Jiangxi's in
Chinese and Yunnan's in English, which set targets for the same quantities.
"""

from __future__ import annotations

import shutil

import pytest

import policyapi
from conftest import SEEDS, TEST_DOCUMENTS, graphql_data, serving
from policyapi.errors import NotFound, QueryError

HUBEI = "hubei-ai-industry-implementation-opinions-2025"
WUHAN_NEWS = "wuhan-smart-economy-action-plan-2026-2028-news"
JIANGXI = "jiangxi-ai-action-plan"
YUNNAN = "yunnan-ai-industry-plan"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory):
    seeds = tmp_path_factory.mktemp("seeds")
    for folder in (SEEDS, TEST_DOCUMENTS / "compare"):
        for path in folder.iterdir():
            if path.suffix in (".txt", ".toml"):
                shutil.copy(path, seeds)
    out = tmp_path_factory.mktemp("db") / "policy.duckdb"
    policyapi.build(seeds, out)
    with policyapi.open(out) as store:
        yield store


@pytest.fixture(scope="module")
def client(db):
    with serving(db) as client:
        yield client


_gql = graphql_data


# ---- one fact, one figure ------------------------------------------------------------------------


def test_hubeis_350_billion_is_one_figure_with_three_spans(db):
    (figure,) = db.figures(document=HUBEI, metric="ai_industry_scale")
    assert (figure.value, figure.unit, figure.year, figure.comparator, figure.kind) == (350e9, "CNY", 2027, "=",
                                                                                        "target")
    assert [s.quote for s in figure.spans] == ["350 billion yuan"] * 3
    text = db.document(HUBEI).text
    assert all(text[s.start:s.end] == s.quote for s in figure.spans) and figure.span == figure.spans[0]
    # The three statements use three wordings; the first is the figure's label.
    assert figure.label == "scale of the artificial intelligence industry"


def test_a_fact_from_a_chinese_headline_and_its_translation_is_one_figure(db):
    (figure,) = db.figures(document=WUHAN_NEWS, metric="ai_industry_scale")
    assert [s.quote for s in figure.spans] == ["两千亿元", "200 billion yuan"]
    assert (figure.label, figure.value, figure.year, figure.comparator) == ("人工智能产业规模", 200e9, 2028, ">")


def test_a_restatement_without_its_year_is_the_dated_fact(db):
    # "打造典型应用场景120个" in measure 3, after "到2028年，…打造典型应用场景120个" above it.
    (scenarios,) = db.figures(document=JIANGXI, metric="application_scenarios")
    assert (scenarios.year, [s.quote for s in scenarios.spans]) == (2028, ["120个", "120个"])
    assert scenarios.measure_id is None  # first stated in the targets, above the measures


# ---- metric keys and normal units ----------------------------------------------------------------


def test_hubei_and_wuhan_line_up_under_one_metric(db):
    table = db.compare("ai_industry_scale", places=["Hubei", "Wuhan"])
    assert (table.metric, table.unit, table.place_codes, table.years) == (
        "ai_industry_scale", "CNY", ("420000", "420100"), (2027, 2028))
    assert [(c.place_code, c.year, [f.normal_value for f in c.targets], c.observed) for c in table.cells] == [
        ("420000", 2027, [350e9], ()), ("420100", 2028, [200e9], ())]


def test_the_same_metric_by_label_in_either_language(db):
    for name in ("ai_industry_scale", "AI industry scale", "人工智能产业规模", "  ai-industry-scale "):
        assert db.compare(name, places=["Wuhan"]).metric == "ai_industry_scale"
    with pytest.raises(QueryError, match="no metric 'GDP of Mars'.*ai_industry_scale"):
        db.compare("GDP of Mars")


def test_two_invented_provinces_compare_side_by_side(db):
    """Jiangxi writes in Chinese and in EFLOPS, Yunnan in English and in PFLOPS: one table each."""
    power = db.compare("computing_power", places=["Jiangxi", "云南省"])
    assert [(c.place_code, c.year, [(f.value, f.unit, f.normal_value) for f in c.targets]) for c in power.cells] == [
        ("360000", 2028, [(15.0, "EFLOPS", 15.0)]), ("530000", 2028, [(9000.0, "PFLOPS", 9.0)])]
    assert power.unit == "EFLOPS"
    core = db.compare("ai_core_industry_scale", places=["Jiangxi", "Yunnan"], years=[2025, 2028])
    assert [(c.place_code, c.year, [f.value for f in c.targets], [f.value for f in c.observed])
            for c in core.cells] == [
        ("360000", 2025, [], [52e9]), ("360000", 2028, [80e9], []),
        ("530000", 2025, [], [38e9]), ("530000", 2028, [60e9], [])]
    enterprises = db.compare("ai_enterprises", places=["Jiangxi", "Yunnan"])
    assert [(c.place_code, [f.normal_value for f in c.targets], [f.label for f in c.targets])
            for c in enterprises.cells] == [("360000", [600.0], ["人工智能企业"]),
                                            ("530000", [400.0], ["number of artificial intelligence enterprises"])]


def test_without_places_every_place_with_the_metric(db):
    assert db.compare("ai_core_industry_scale").place_codes == ("360000", "530000")
    assert db.compare("ai_core_industry_scale", years=[2030]).cells == ()


def test_targets_vs_observed(db):
    both = db.targets_vs_observed("ai_core_industry_scale", "Jiangxi")
    assert (both.place_code, both.unit) == ("360000", "CNY")
    assert [(f.year, f.value) for f in both.targets] == [(2028, 80e9)]
    assert [(f.year, f.value) for f in both.observed] == [(2025, 52e9)]
    with pytest.raises(NotFound):
        db.targets_vs_observed("ai_core_industry_scale", "Atlantis")


# ---- units in both languages ---------------------------------------------------------------------


def test_a_chinese_name_finds_an_english_documents_unit(db):
    """Hubei's document is in English; its data bureau answers to its Chinese names too."""
    bureau = db.unit("省数据局", place="Hubei")
    assert (bureau.id, bureau.name, bureau.name_zh, bureau.body_type) == (
        "420000:provincial-data-bureau", "Provincial Data Bureau", "湖北省数据局", "data")
    for spelling in ("湖北省数据局", "湖北省大数据管理局", "Hubei Provincial Big Data Bureau", "  provincial  DATA bureau "):
        assert db.unit(spelling, place="Hubei") == bureau
    assert db.unit("省发改委", place="420000").name == "Provincial Development and Reform Commission"


def test_a_chinese_documents_units_have_english_names(db):
    bureau = db.unit("江西省数据局")
    assert (bureau.name, bureau.name_zh, bureau.body_type, bureau.measure_count, bureau.lead_count) == (
        "Provincial Data Bureau", "江西省数据局", "data", 2, 1)
    assert "省数据局" in bureau.aliases and "Jiangxi Provincial Data Bureau" in bureau.aliases
    # Written 省发展改革委 in one list and 省发改委 in another: one unit, named in English by the glossary.
    drc = db.unit("Provincial Development and Reform Commission", place="Jiangxi")
    assert (drc.name_zh, drc.measure_count) == ("江西省发展改革委", 2)
    # The same kind of body in two provinces has the same body type.
    assert {u.jurisdiction_code for u in db.units(body_type="data")} == {"360000", "420000", "530000"}


def test_unknown_bodies_keep_their_name_and_say_other(db):
    group = db.unit("Hubei Big Data Group")
    assert (group.body_type, group.name_zh) == ("other", None)
    with pytest.raises(QueryError, match="no body type 'ministry of magic'"):
        db.units(body_type="ministry of magic")


# ---- facets and batches --------------------------------------------------------------------------


def test_facets_count_the_whole_filtered_set(db):
    figures = db.figures(kind="target")
    facets = db.facets(figures)
    assert facets.total == len(figures)
    by_metric = {b.key: b.count for b in facets.metrics}
    assert by_metric["ai_core_industry_scale"] == 2 and by_metric["computing_power"] == 2
    assert sum(b.count for b in facets.metrics) == facets.total  # a figure has one metric
    assert {b.key: b.count for b in facets.places}["360000"] == len(db.figures(kind="target", place="360000"))
    units = db.facets(db.units(place="Jiangxi"))
    assert {b.key: b.count for b in units.body_types}["data"] == 1 and units.metrics == ()
    measures = db.facets(db.measures(province="Jiangxi"))
    assert {b.key: b.count for b in measures.kinds} == {"plan": 5}
    # Measure 1 is led by the development and reform commission, measure 3 by the data bureau ("牵头单位").
    leads = {b.key: b.count for b in measures.body_types}
    assert leads["development_reform"] == 1 and leads["data"] == 1
    assert db.facets([]).total == 0


def test_a_batch_of_ids_in_the_order_given(db):
    ids = [f"{JIANGXI}:m3", f"{HUBEI}:m1"]
    assert [m.id for m in db.measures(ids=ids)] == ids
    assert [m.id for m in db.measures(ids=ids, province="Jiangxi")] == [f"{JIANGXI}:m3"]  # other filters narrow
    with pytest.raises(NotFound):
        db.measures(ids=["no-such-measure"])


# ---- GraphQL -------------------------------------------------------------------------------------


def test_graphql_compare(client):
    data = _gql(client, """{ compare(metric: "人工智能核心产业规模", places: ["Jiangxi", "Yunnan"]) {
        metric unit years places { ... on Province { name } }
        cells { place { ... on Province { code } } year targets { normalValue label sources { quote } }
                observed { normalValue } } }
      targetsVsObserved(metric: "ai_core_industry_scale", place: "Yunnan") { targets { year value }
                                                                               observed { year value } } }""")
    table = data["compare"]
    assert (table["metric"], table["unit"], table["years"]) == ("AI_CORE_INDUSTRY_SCALE", "CNY", [2025, 2028])
    assert table["places"] == [{"name": "Jiangxi"}, {"name": "Yunnan"}]
    assert [(c["place"]["code"], c["year"], [t["normalValue"] for t in c["targets"]],
             [o["normalValue"] for o in c["observed"]]) for c in table["cells"]] == [
        ("360000", 2025, [], [52e9]), ("360000", 2028, [80e9], []),
        ("530000", 2025, [], [38e9]), ("530000", 2028, [60e9], [])]
    assert data["targetsVsObserved"] == {"targets": [{"year": 2028, "value": 60e9}],
                                         "observed": [{"year": 2025, "value": 38e9}]}


def test_graphql_units_in_both_languages_and_facets(client):
    data = _gql(client, """{ unit(name: "省数据局", place: "Hubei") { name nameZh bodyType }
        units(filter: {bodyType: DATA}) { totalCount facets { places { key count } bodyTypes { key count } } }
        figures(filter: {metric: "computing_power"}, first: 1) { totalCount nodes { metric }
          facets { total places { key count } years { key count } metrics { key count } } } }""")
    assert data["unit"] == {"name": "Provincial Data Bureau", "nameZh": "湖北省数据局", "bodyType": "DATA"}
    assert data["units"]["totalCount"] == 3
    assert data["units"]["facets"]["bodyTypes"] == [{"key": "data", "count": 3}]
    figures = data["figures"]
    assert figures["totalCount"] == 2 and figures["nodes"] == [{"metric": "COMPUTING_POWER"}]  # a page of one
    assert figures["facets"] == {"total": 2, "places": [{"key": "360000", "count": 1}, {"key": "530000", "count": 1}],
                                 "years": [{"key": "2028", "count": 2}],
                                 "metrics": [{"key": "computing_power", "count": 2}]}


def test_graphql_nodes_and_the_vocabulary(client):
    ids = _gql(client, f'{{ measures(filter: {{document: "{JIANGXI}"}}, first: 2) {{ nodes {{ id }} }} '
                       f'figures(filter: {{document: "{YUNNAN}"}}, first: 1) {{ nodes {{ id }} }} }}')
    wanted = [ids["figures"]["nodes"][0]["id"], *[n["id"] for n in ids["measures"]["nodes"]]]
    data = _gql(client, """query($ids: [ID!]!) { nodes(ids: $ids) { __typename
        ... on Measure { slug } ... on Figure { slug } } metrics { key labelZh unit } }""", {"ids": wanted})
    assert data["nodes"] == [{"__typename": "Figure", "slug": f"{YUNNAN}:f1"},
                             {"__typename": "Measure", "slug": f"{JIANGXI}:m1"},
                             {"__typename": "Measure", "slug": f"{JIANGXI}:m2"}]
    metrics = {m["key"]: m for m in data["metrics"]}
    assert metrics["COMPUTING_POWER"]["unit"] == "EFLOPS" and metrics["OTHER"]["labelZh"]


def test_graphql_refuses_an_unknown_metric_with_a_message(client):
    body = client.post("/graphql", json={"query": '{ compare(metric: "nope") { unit } }'}).json()
    assert "no metric 'nope'" in body["errors"][0]["message"]


# ---- REST ----------------------------------------------------------------------------------------


def test_rest_compare_and_targets_vs_observed(client):
    response = client.get("/api/v1/compare", params=[("metric", "computing_power"), ("place", "Jiangxi"),
                                                      ("place", "Yunnan"), ("year", "2028")])
    assert response.status_code == 200, response.text
    table = response.json()
    assert (table["metric"], table["unit"], table["place_codes"], table["years"]) == (
        "computing_power", "EFLOPS", ["360000", "530000"], [2028])
    assert [[f["normal_value"] for f in c["targets"]] for c in table["cells"]] == [[15.0], [9.0]]
    both = client.get("/api/v1/targets-vs-observed", params={"metric": "ai_core_industry_scale", "place": "Jiangxi"})
    assert [f["value"] for f in both.json()["observed"]] == [52e9]
    assert {m["key"] for m in client.get("/api/v1/metrics").json()} >= {"ai_industry_scale", "computing_power", "other"}


def test_rest_facets_batches_and_filters(client):
    page = client.get("/api/v1/figures", params={"metric": "人工智能企业", "facets": "true"}).json()
    assert page["total_count"] == 3 and page["facets"]["total"] == 3  # Jiangxi, Yunnan and Wuhan
    assert client.get("/api/v1/figures", params={"metric": "ai_enterprises"}).json()["facets"] is None  # not asked
    units = client.get("/api/v1/units", params={"body_type": "data", "facets": "true"}).json()
    assert sorted(u["name_zh"] for u in units["items"]) == ["云南省数据局", "江西省数据局", "湖北省数据局"]
    batch = client.get("/api/v1/measures", params=[("id", f"{YUNNAN}:m2"), ("id", f"{JIANGXI}:m1")]).json()
    assert [m["id"] for m in batch["items"]] == [f"{YUNNAN}:m2", f"{JIANGXI}:m1"]


@pytest.mark.parametrize(("path", "params", "status", "message"), [
    ("/api/v1/compare", {"metric": "GDP of Mars"}, 400, "no metric 'GDP of Mars'"),
    ("/api/v1/compare", {"metric": "computing_power", "place": "Atlantis"}, 404, "Atlantis"),
    ("/api/v1/compare", {}, 400, "metric"),
    ("/api/v1/units", {"body_type": "ministry"}, 400, "no body type"),
    ("/api/v1/measures", {"id": "no-such-measure"}, 404, "no-such-measure"),
])
def test_rest_bad_requests_are_4xx_with_a_message(client, path, params, status, message):
    response = client.get(path, params=params)
    assert response.status_code == status and message in response.text, response.text


# ---- what the store keeps ------------------------------------------------------------------------


def test_a_filters_answer_and_its_facets_are_kept(db):
    targets = db.figures(kind="target")
    assert db.figures(kind="target") is targets  # the same filter: the same (read-only) answer, not filtered again
    assert db.figures(kind="target", place=None) is targets  # filters left out and given as None are one filter
    assert isinstance(targets, tuple)
    assert db.facets(targets) == db._count_facets(targets)  # kept or counted afresh, the same counts


def test_kept_answers_are_bounded_by_the_records_they_refer_to():
    from policyapi.store import _Kept

    kept = _Kept(capacity=10)
    for i in range(5):
        kept.put(i, (i,) * 4, size=4)
    assert kept.size <= 10 and [kept.get(i) is not None for i in range(5)] == [False, False, False, True, True]
    kept.put("huge", (), size=11)  # larger than the whole capacity: not kept, and the rest made room for it
    assert kept.size == 0 and kept.get("huge") is None and kept.get(4) is None


def test_kept_answers_count_their_keys(db):
    # A client can make the filter itself large (a long `q`): the key counts towards the bound too.
    db.measures(q="zz " * 3_000)
    assert db._answers.size >= 9_000 // 8
