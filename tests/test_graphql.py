"""GraphQL over HTTP against the real app: every type and relation, filters, pagination, errors."""

from __future__ import annotations

import base64
import subprocess
import sys

from conftest import HUBEI, ROOT

M3 = f"{HUBEI}:m3"


def test_province_with_cities_capital_and_connections(gql):
    data = gql("""{ province(name: "湖北") { id code name nameZh slug capital { code name isCapital }
        cities { code } measures(first: 2) { totalCount nodes { number } }
        documents { totalCount } units(first: 100) { totalCount } figures { totalCount } } }""")["data"]
    p = data["province"]
    assert (p["code"], p["name"], p["nameZh"], p["slug"]) == ("420000", "Hubei", "湖北省", "hubei")
    assert p["capital"] == {"code": "420100", "name": "Wuhan", "isCapital": True}
    assert {"420100", "420600", "420500", "420300", "420700"} <= {c["code"] for c in p["cities"]}
    assert p["measures"] == {"totalCount": 16, "nodes": [{"number": 1}, {"number": 2}]}
    assert p["documents"]["totalCount"] == 4
    assert p["units"]["totalCount"] == 37  # 36 responsible units and the issuer
    assert p["figures"]["totalCount"] > 10


def test_city_province_measures_and_figures(gql):
    c = gql("""{ city(name: "Wuhan") { code province { code } measures { nodes { number } }
               figures(first: 100) { nodes { value unit } } } }""")["data"]["city"]
    assert c["code"] == "420100" and c["province"]["code"] == "420000"
    assert [n["number"] for n in c["measures"]["nodes"]] == [3, 4, 6, 9, 12, 13]  # not 1: "Wuhan University"
    assert {"value": 200e9, "unit": "CNY"} in c["figures"]["nodes"]


def test_measure_with_everything(gql):
    m = gql("""query($id: String!) { measure(id: $id) { slug number ordinal title
        document { slug number published kind jurisdiction { ... on Province { code } } }
        chapter { number title measures { number } }
        responsibilities { position isLead unit { name kind level } source { start end quote documentId } }
        leadUnit { name } scenarios { name } figures { value } places { ... on City { code } }
        source { start end quote document { slug } } } }""", {"id": M3})["data"]["measure"]
    assert (m["slug"], m["number"], m["ordinal"]) == (M3, 3, 3)
    assert m["document"] == {"slug": HUBEI, "number": "Ezhengbanfa [2025] No. 34", "published": "2025-10-27",
                             "kind": "POLICY", "jurisdiction": {"code": "420000"}}
    assert m["chapter"]["number"] == 1 and [x["number"] for x in m["chapter"]["measures"]] == [1, 2, 3]
    assert [(r["position"], r["isLead"], r["unit"]["name"]) for r in m["responsibilities"]] == [
        (1, True, "Provincial Department of Economy and Information Technology"),
        (2, False, "Wuhan Municipal People's Government")]
    assert m["responsibilities"][1]["unit"]["kind"] == "MUNICIPAL_GOVERNMENT"
    assert m["leadUnit"]["name"] == "Provincial Department of Economy and Information Technology"
    assert {"code": "420100"} in m["places"]
    assert m["source"]["quote"].startswith("(3) Promote the deep integration")
    for r in m["responsibilities"]:
        assert r["source"]["quote"] == r["unit"]["name"] and r["source"]["documentId"] == HUBEI


def test_scenarios_in_order(gql):
    m = gql(f'{{ measure(id: "{HUBEI}:m12") {{ scenarios {{ position name text source {{ quote }} }} }} }}')
    scenarios = m["data"]["measure"]["scenarios"]
    assert [s["name"] for s in scenarios] == ["Education", "healthcare", "transportation", "consumption"]
    assert scenarios[2]["source"]["quote"].startswith("Artificial intelligence+transportation. Encourage Wuhan")


def test_unit_lookup_by_alias_and_its_measures(gql):
    u = gql("""{ unit(name: "Provincial Department of Public Security") { name aliases kind level measureCount
        leadCount jurisdiction { ... on Province { code } } measures { nodes { number } }
        led: measures(leadOnly: true) { nodes { number } } responsibilities { position } } }""")["data"]["unit"]
    assert u["name"] == "Provincial Public Security Department"
    assert u["aliases"][0] == "Provincial Department of Public Security"
    assert (u["measureCount"], u["leadCount"], u["jurisdiction"]) == (2, 1, {"code": "420000"})
    assert [n["number"] for n in u["measures"]["nodes"]] == [11, 12]
    assert u["led"]["nodes"] == [{"number": 12}] and [r["position"] for r in u["responsibilities"]] == [3, 1]


def test_measures_filter_and_order(gql):
    q = """query($f: MeasureFilter, $o: MeasureOrder) { measures(filter: $f, orderBy: $o, first: 50) {
           totalCount nodes { number } } }"""
    led = gql(q, {"f": {"leadUnit": "Provincial Data Bureau"}})["data"]["measures"]
    assert [n["number"] for n in led["nodes"]] == [7, 11]
    texts = gql(q, {"f": {"q": "brain computer interface"}})["data"]["measures"]
    assert [n["number"] for n in texts["nodes"]] == [3]
    desc = gql(q, {"f": {"province": "420000"}, "o": {"field": "NUMBER", "direction": "DESC"}})["data"]["measures"]
    assert [n["number"] for n in desc["nodes"]][:3] == [16, 15, 14]


def test_units_filter_and_order(gql):
    q = """{ units(filter: {place: "Hubei", kind: GOVERNMENT_DEPARTMENT}, orderBy: {field: LEAD_COUNT,
            direction: DESC}, first: 3) { totalCount nodes { name leadCount } } }"""
    units = gql(q)["data"]["units"]
    assert units["nodes"][0] == {"name": "Provincial Department of Economy and Information Technology",
                                 "leadCount": 8}


def test_figures_filter(gql):
    q = """{ figures(filter: {place: "Hubei", kind: TARGET, unit: "CNY", yearFrom: 2027, yearTo: 2027}) {
            nodes { value unit comparator year metric label kind place { ... on Province { code } }
                    measure { number } document { slug } source { quote } sources { start quote } } } }"""
    (figure,) = gql(q)["data"]["figures"]["nodes"]  # one fact, stated three times
    assert (figure["value"], figure["year"], figure["comparator"], figure["metric"]) == (
        350e9, 2027, "EQ", "AI_INDUSTRY_SCALE")
    assert figure["label"] == "scale of the artificial intelligence industry"  # the first statement's words
    assert figure["measure"] is None  # first stated in the summary above the measures
    assert [s["quote"] for s in figure["sources"]] == ["350 billion yuan"] * 3
    assert figure["source"]["quote"] == "350 billion yuan" and figure["sources"][0]["start"] < figure["sources"][1]["start"]


def test_pagination_to_the_last_page_and_back(gql):
    q = """query($after: String, $before: String, $first: Int, $last: Int) {
             measures(first: $first, after: $after, last: $last, before: $before) {
               totalCount edges { cursor node { number } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }"""
    seen, after = [], None
    while True:
        page = gql(q, {"first": 5, "after": after})["data"]["measures"]
        seen += [e["node"]["number"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == list(range(1, 17)) and page["totalCount"] == 16
    back = gql(q, {"last": 5, "before": page["pageInfo"]["startCursor"]})["data"]["measures"]
    assert [e["node"]["number"] for e in back["edges"]] == [11, 12, 13, 14, 15]
    assert back["pageInfo"]["hasPreviousPage"] and back["pageInfo"]["hasNextPage"]


def test_default_and_maximum_page_size(gql):
    units = gql("{ units { totalCount nodes { name } } }")["data"]["units"]
    assert len(units["nodes"]) == 20 and units["totalCount"] == 37
    body = gql("{ units(first: 1000) { totalCount } }", errors=True)
    assert "first must be between 0 and 100" in body["errors"][0]["message"]


def test_search_ranks_and_highlights(gql):
    hits = gql('{ search(query: "brain computer interface", first: 3) { kind score snippet '
               'measure { number } document { slug } } }')["data"]["search"]
    assert hits[0]["kind"] == "MEASURE" and hits[0]["measure"]["number"] == 3
    assert "<mark>brain</mark> <mark>computer</mark> <mark>interface</mark>" in hits[0]["snippet"]
    assert hits[0]["score"] > hits[1]["score"]
    zh = gql('{ search(query: "人工智能产业规模") { kind document { slug } } }')["data"]["search"]
    assert zh[0] == {"kind": "DOCUMENT", "document": {"slug": "wuhan-smart-economy-action-plan-2026-2028-news"}}


def test_relay_node_lookup(gql):
    ids = gql(f'{{ measure(id: "{M3}") {{ id }} province(id: "420000") {{ id }} '
              f'unit(name: "Provincial Data Bureau") {{ id }} }}')["data"]
    assert base64.b64decode(ids["province"]["id"]).decode() == "Province:420000"
    nodes = gql("""query($m: ID!, $p: ID!, $u: ID!) { m: node(id: $m) { ... on Measure { number } }
                   p: node(id: $p) { ... on Province { name } } u: node(id: $u) { ... on Unit { name } } }""",
                {"m": ids["measure"]["id"], "p": ids["province"]["id"], "u": ids["unit"]["id"]})["data"]
    assert nodes == {"m": {"number": 3}, "p": {"name": "Hubei"}, "u": {"name": "Provincial Data Bureau"}}


def test_dataset(gql, store):
    d = gql("{ dataset { version compilerVersion builtAt counts { documents measures units figures places } } }")
    d = d["data"]["dataset"]
    assert d["version"] == store.dataset.version
    assert d["counts"]["documents"] == 5 and d["counts"]["measures"] == 16 and d["counts"]["units"] == 37


def test_errors_have_codes_and_no_internals(client):
    bad = client.post("/graphql", json={"query": "{ measure(id: \"nope\") { title } }"})
    assert bad.status_code == 200
    assert bad.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    syntax = client.post("/graphql", json={"query": "{ measures { "})
    assert syntax.status_code == 400
    assert syntax.json()["errors"][0]["locations"] == [{"line": 1, "column": 14}]
    assert client.post("/graphql", content=b"{not json").status_code == 400
    assert client.post("/graphql", json={}).status_code == 400
    cursor = client.post("/graphql", json={"query": '{ measures(after: "bogus") { totalCount } }'}).json()
    assert "invalid cursor" in cursor["errors"][0]["message"]
    for body in (bad.text, syntax.text, cursor.__repr__()):
        assert "Traceback" not in body and "SELECT" not in body


def test_get_queries_and_graphiql(client):
    r = client.get("/graphql", params={"query": "{ dataset { counts { measures } } }"})
    assert r.json() == {"data": {"dataset": {"counts": {"measures": 16}}}}
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_dataloaders_batch_each_level(store, monkeypatch):
    """20 measures × their units × each unit's jurisdiction: one store call per relation, not per parent."""
    calls: list[tuple[str, int]] = []
    original = store.many

    def counting(relation, keys):
        calls.append((relation, len(keys)))
        return original(relation, keys)

    monkeypatch.setattr(store, "many", counting)
    body = store.graphql("""{ measures(first: 16) { nodes { document { title } responsibilities {
                            unit { name jurisdiction { ... on Province { code } } } } } } }""")
    assert "errors" not in body
    relations = [relation for relation, _ in calls]
    assert sorted(relations) == ["document", "place", "responsibilities_of_measure", "unit"]
    assert dict(calls)["responsibilities_of_measure"] == 16


def test_schema_file_matches_the_code():
    out = subprocess.run([sys.executable, "-m", "policyapi.cli", "schema"], capture_output=True, text=True,
                         check=True).stdout
    assert out == (ROOT / "schema.graphql").read_text(), "schema.graphql is stale: run `make schema.graphql`"
