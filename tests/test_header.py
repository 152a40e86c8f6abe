"""The header stage alone: titles, issuers, numbers, dates, kind, jurisdiction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policyapi.build import header
from policyapi.build.normalise import analysis_text
from policyapi.build.read import read_source


def head(tmp_path: Path, text: str, sidecar: str | None = None):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        path.with_suffix(".meta.toml").write_text(sidecar, encoding="utf-8")
    source = read_source(path)
    view = analysis_text(source.text)
    found = header.read_header(source, view)
    return source, view, found


@pytest.mark.parametrize(("title", "issuers", "plan"), [
    ("某某省人民政府办公厅关于印发《某某省人工智能行动方案》的通知", ["某某省人民政府办公厅"], "某某省人工智能行动方案"),
    ("中共某某市委 某某市人民政府关于加快人工智能发展的若干意见", ["中共某某市委", "某某市人民政府"], None),
    ("某某市人民政府关于推进人工智能产业发展的实施意见", ["某某市人民政府"], None),
    ("某某市发展和改革委员会、某某市数据局关于印发《算力券管理办法》的通知",
     ["某某市发展和改革委员会", "某某市数据局"], "算力券管理办法"),
    ("关于加快推进人工智能产业发展的若干措施", [], None),
])
def test_issuers_and_plan_from_the_title(tmp_path, title, issuers, plan):
    _, _, found = head(tmp_path, title + "\n正文。\n")
    assert [i.text for i in found.issuers] == issuers
    assert found.plan_title == plan


def test_signature_lines_give_issuers_and_date(tmp_path):
    _, _, found = head(tmp_path, "某某行动方案\n一、总体要求\n正文。\n\n某某省发展和改革委员会\n某某省数据局\n"
                                 "二〇二六年三月九日\n")
    assert [i.text for i in found.issuers] == ["某某省发展和改革委员会", "某某省数据局"]
    assert (found.published, found.date_written) == (dt.date(2026, 3, 9), "二〇二六年三月九日")
    assert len(found.signatures) == 1


@pytest.mark.parametrize(("text", "number"), [
    ("标题\n某政办发〔2025〕18号\n正文", "某政办发〔2025〕18号"),
    ("标题\n某政发[2026]3号\n正文", "某政发[2026]3号"),
    ("标题\n某府办（2026）11号\n正文", "某府办（2026）11号"),
    # A cited number is never the document's own.
    ("标题\n为落实《国务院关于印发某规划的通知》（国发〔2017〕35号）精神，制定本方案。\n", None),
    ("标题\n正文\n" + "段落。\n" * 20 + "依据某政发〔2020〕1号文件执行。\n", None),
    ("Title\n\nEzhengbanfa [2025] No. 34\n\nBody.", "Ezhengbanfa [2025] No. 34"),
])
def test_the_documents_own_number(tmp_path, text, number):
    assert head(tmp_path, text)[2].number == number


def test_an_impossible_date_and_one_outside_the_period_are_warnings(tmp_path):
    _, _, found = head(tmp_path, "某某行动计划（2026—2028年）\n正文。\n某某市人民政府\n2031年2月30日\n")
    assert (found.published, found.date_written) == (None, "2031年2月30日")
    assert [m for _, m in found.troubles] == ["impossible date '2031年2月30日': not recorded as the published date"]
    _, _, found = head(tmp_path, "某某行动计划（2026—2028年）\n正文。\n某某市人民政府\n2031年2月3日\n")
    assert [m for _, m in found.troubles] == ["dated 2031-02-03, outside its own period 2026-2028"]
    _, _, found = head(tmp_path, "某某行动计划（2026—2028年）\n正文。\n某某市人民政府\n2025年12月3日\n")
    assert found.troubles == ()  # a plan is issued the year before its period starts


@pytest.mark.parametrize(("text", "code"), [
    ("义乌市人民政府办公室关于印发某方案的通知\n正文。", "330782"),  # a county-level city, from the issuer
    ("杭州市西湖区人工智能产业行动计划\n正文。", "330106"),  # a district, from the title
    ("某某行动方案\n鄂政办发〔2026〕3号\n正文。", "420000"),  # a province, from the number's prefix
    ("某某行动方案\n穗府办〔2026〕3号\n支持广州建设。", "440100"),  # a city's prefix, when the text names it
    ("某某行动方案\n穗府办〔2026〕3号\n支持建设。", None),
])
def test_jurisdiction(tmp_path, text, code):
    source, view, found = head(tmp_path, text)
    assert header.jurisdiction(source, found, view) == code


def test_the_sidecar_wins(tmp_path):
    source, view, found = head(tmp_path, "义乌市人民政府关于某事的通知\n某政发〔2026〕1号\n",
                               'issuer = "某某办公室"\nnumber = "X-1"\njurisdiction = "330700"\n')
    assert (found.issuer, found.number, header.jurisdiction(source, found, view)) == ("某某办公室", "X-1", "330700")


@pytest.mark.parametrize(("text", "units", "measures", "kind"), [
    ("某某市人工智能行动计划（2026—2028年）\n正文", False, True, "plan"),
    ("某某市加快人工智能发展的若干措施\n正文", False, True, "policy"),
    ("某市发布人工智能新政\n正文", False, True, "news"),
    ("某市发布人工智能新政\n正文", True, True, "policy"),
])
def test_kind(tmp_path, text, units, measures, kind):
    source, _, found = head(tmp_path, text)
    assert header.kind(source, found, has_units=units, has_measures=measures) == kind
