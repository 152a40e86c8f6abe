"""A portal's article page compiles to the facts of its .txt twin (formats/html.py).

Each test document is rendered as an invented government portal page (tests/formats/make_html.py:
navigation, breadcrumbs, a metadata table, the body as <p> paragraphs with the usual markup,
share buttons, related lists, attachments, footer, scripts) and must compile to the facts of
the .txt. The page's furniture names other places, numbers and dates: had any of it leaked
into the text, the facts would differ.

The metadata table's values reach the compiler as fields (read.Metadata's names). Where the
twin's text already yields a fact (title, issuer, number), the table says the same; where it
does not, the table's value is put in the twin's sidecar too. The table's 发布日期 is the
published date, which the twin's text does not state: the twin gets it in its sidecar.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import TEST_DOCUMENTS
from formats.make_html import portal_page
from formats.twins import assert_same_facts, facts
from policyapi.build.formats import Extracted, extract
from policyapi.build.formats import html
from policyapi.build.read import read_source
from policyapi.errors import DocumentError

ZH = TEST_DOCUMENTS / "zh"
# The guangdong document is a copy of a portal page: its text starts with the metadata lines. It is
# tested on its own below (test_a_portal_copy_as_a_page): rendered, those lines become the table.
TWINS = sorted(p.stem for p in ZH.glob("*.txt") if not p.stem.endswith("portal-copy"))
# Facts a portal table states that the twin's text does not (the twin gets them in its sidecar).
INVENTED = {
    "sichuan-ai-plan-no-prefix": {"issuer": "四川省人民政府办公厅", "number": "川办发〔2026〕5号", "published": "2026-01-12"},
    "wuxi-ai-plan-no-units": {"issuer": "无锡市人民政府", "number": "锡政发〔2026〕12号", "published": "2026-02-03"},
    "zhuzhou-ai-action-plan": {"number": "株办发〔2026〕8号"},
    "liling-ai-support-measures": {"published": "2026-03-02"},  # its own date (2月30日) does not exist
}
ATTACHMENTS = ["重点任务分工表.xlsx", "政策申报指南.pdf"]
FURNITURE = ["首页", "政务公开", "政策文件", "您现在的位置", "无障碍", "搜索", "分享到", "微信", "打印本页", "关闭窗口",
             "相关文件", "相关链接", "北京市人民政府", "京政发", "沪府办", "中国政府网", "版权所有", "主办单位", "网站标识码",
             "ICP备", "公网安备", "关于本网", "浏览次数", "发布时间", "字体", "_paq", "setFont", "document.write", "{",
             "当前页面已适配"]


def _portal_twin(folder: Path, name: str, text: str, encoding: str = "gbk", **options) -> tuple[Path, Path, dict]:
    """(the .txt twin, its portal page, the page's metadata table): the table agrees with the twin's facts."""
    twin = folder / "txt" / f"{name}.txt"
    twin.parent.mkdir(parents=True, exist_ok=True)
    twin.write_text(text, "utf-8")
    title, _, issuer, number, published, written, *_ = facts(twin)["header"]
    invented = INVENTED.get(name, {})
    sidecar = {}
    if issuer is None and "issuer" in invented:
        issuer = sidecar["issuer"] = invented["issuer"]
    if number is None and "number" in invented:
        number = sidecar["number"] = invented["number"]
    sidecar["published"] = published.isoformat() if published else invented["published"]
    twin.with_suffix(".meta.toml").write_text("".join(f'{k} = "{v}"\n' for k, v in sidecar.items()), "utf-8")
    meta = {"索引号": "000014349/2026-00412", "主题分类": "科技、教育", "标题": title, "发布日期": sidecar["published"],
            "有效性": "有效"}
    if written:
        meta["成文日期"] = written
    if issuer:  # a portal writes joint issuers apart with a space; the header stage joins them with "; "
        meta["发文机关"] = issuer.replace("; ", "\u3000")
    if number:
        meta["发文字号"] = number
    page = folder / "html" / f"{name}.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_bytes(portal_page(text, meta, encoding, options.pop("attachments", ATTACHMENTS), **options))
    return twin, page, meta


def _read(raw: bytes, name: str = "page.html") -> Extracted:
    return html.extract(Path(name), raw)


# ---- twins -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TWINS)
def test_a_portal_page_compiles_to_the_facts_of_its_twin(tmp_path, name):
    twin, page, _ = _portal_twin(tmp_path, name, (ZH / f"{name}.txt").read_text("utf-8"))
    got = assert_same_facts(twin, page)
    assert got["measures"]


@pytest.mark.parametrize(("encoding", "declare", "layout", "placement", "frame"), [
    ("utf-8", "meta", "table", "above", "div"),
    ("gbk", "http-equiv", "div", "inside", "div"),
    ("gb18030", "http-equiv", "table", "inside", "div"),
    ("gbk", "meta", "table", "above", "table"),  # an older portal, laid out in tables
    ("utf-8", "http-equiv", "div", "inside", "table"),
])
def test_other_encodings_declarations_and_layouts(tmp_path, encoding, declare, layout, placement, frame):
    name = "hunan-ai-industry-measures-notice"
    twin, page, _ = _portal_twin(tmp_path, name, (ZH / f"{name}.txt").read_text("utf-8"), encoding,
                                 declare=declare, layout=layout, placement=placement, frame=frame)
    assert page.read_bytes().count(f"charset={encoding}".encode()) + page.read_bytes().count(
        f'charset="{encoding}"'.encode()) == 1
    assert assert_same_facts(twin, page)["lists"]


def test_characters_only_gb18030_has(tmp_path):
    # 𠮷 (U+20BB7) is outside GBK: a GB18030 page carries it as four bytes, a GBK page as &#134071;.
    name = "hunan-ai-industry-measures-notice"
    text = (ZH / f"{name}.txt").read_text("utf-8").replace("湘潭星城农商银行", "湘潭𠮷城农商银行")
    assert text.count("𠮷") == 2
    for encoding in ("gb18030", "gbk"):
        twin, page, _ = _portal_twin(tmp_path / encoding, name, text, encoding)
        raw = page.read_bytes()
        assert ("𠮷".encode("gb18030") in raw) == (encoding == "gb18030")
        assert (b"&#134071;" in raw) == (encoding == "gbk")
        got = assert_same_facts(twin, page)
        assert ("湘潭𠮷城农商银行", False) in got["lists"][-1][3]


def test_a_portal_copy_as_a_page(tmp_path):
    """The guangdong document's metadata lines become the page's table; the rest is the body. The page
    and the copied text compile to the same facts: published is the 发布日期, the date as written the
    signature's."""
    lines = (ZH / "guangdong-ai-measures-portal-copy.txt").read_text("utf-8").split("\n")
    split = lines.index("")
    meta = dict(line.split("：", 1) for line in lines[:split])
    body = "\n".join(lines[split + 1:])
    page = tmp_path / "guangdong.html"
    page.write_bytes(portal_page(body, meta, "gbk", ["广东省推动人工智能与制造业融合发展若干措施.pdf"]))
    copy, got = facts(ZH / "guangdong-ai-measures-portal-copy.txt"), facts(page)
    assert got["header"] == ("广东省人民政府办公厅关于印发广东省推动人工智能与制造业融合发展若干措施的通知", None,
                             "广东省人民政府办公厅", "粤府办〔2026〕7号", dt.date(2026, 4, 21),
                             "2026年4月16日", "policy", "zh", "440000")
    for key in ("header", "measures", "lists", "figures", "issuers", "warnings"):
        assert got[key] == copy[key], key
    extracted = _read(page.read_bytes())
    assert "附件：1．广东省推动人工智能与制造业融合发展若干措施" in extracted.text.split("\n")  # the notice's own line
    assert extracted.text.split("\n")[-1] == "附件：广东省推动人工智能与制造业融合发展若干措施.pdf"  # the linked file


# ---- the metadata block --------------------------------------------------------------------------------

META = {"索引号": "000014349/2026-00412", "主题分类": "科技、教育", "发文机关": "中共某某市委办公室　某某市人民政府办公室",
        "成文日期": "2026年04月16日", "标题": "关于印发《某某市人工智能产业发展行动方案》的通知",
        "发文字号": "某办发〔2026〕21号", "发布日期": "2026年04月21日", "有效性": "有效"}
BODY = ("关于印发《某某市人工智能产业发展行动方案》的通知\n某办发〔2026〕21号\n各区县人民政府，市直各单位：\n"
        "现将《某某市人工智能产业发展行动方案》印发给你们，请认真贯彻执行。\n某某市人民政府办公室\n2026年4月16日\n"
        "某某市人工智能产业发展行动方案\n一、总体要求\n到2028年，全市人工智能核心产业规模突破300亿元。\n二、重点任务\n"
        "（一）建设算力平台。布局公共智算中心。（责任单位：市数据局、市发展改革委）\n"
        "（二）培育数据企业。引进数据标注企业。（责任单位：市工信局）\n三、保障措施\n加强组织领导。")


@pytest.mark.parametrize("layout", ["table", "div"])
@pytest.mark.parametrize("placement", ["above", "inside"])
def test_fields_from_the_metadata_block(layout, placement):
    extracted = _read(portal_page(BODY, META, "gbk", layout=layout, placement=placement,
                                  url="https://www.example-portal.gov.cn/a/1.html"))
    assert extracted.format == "html"
    assert extracted.fields == {
        "title": "关于印发《某某市人工智能产业发展行动方案》的通知",
        "issuer": "中共某某市委办公室; 某某市人民政府办公室",  # the header stage's form of joint issuers
        "number": "某办发〔2026〕21号",
        "published": "2026-04-21",  # ISO, from "2026年04月21日"
        "source": "https://www.example-portal.gov.cn/a/1.html",  # <link rel="canonical">
    }


def test_fields_from_hand_written_blocks():
    """Layouts make_html does not write: label and value in <th>/<td>, in <dt>/<dd>, several pairs in one
    text; a placeholder value ("无") is no value; a lone "来源：" line in the body stays in the body."""
    page = """<html><head><meta charset="utf-8"><title>x</title>
    <meta property="og:url" content="https://example.org/p/2.html">
    </head><body><div class="head"><a href="/">首页</a></div>
    <table class="info"><tr><th>【发布机构】</th><td>某某省科学技术厅</td><th>【文号】</th><td>无</td></tr>
    <tr><th>【名称】</th><td colspan="3">某某省科技创新券管理办法</td></tr>
    <tr><th>【发布日期】</th><td>2026/5/8 10:21:03</td></tr></table>
    <dl class="props"><dt>主题分类</dt><dd>科技</dd><dt>成文日期</dt><dd>2026-05-06</dd></dl>
    <div id="content"><p>某某省科技创新券管理办法</p><p>来源：省科技厅</p>
    <p>第一条 为规范科技创新券管理，制定本办法。</p><p>第二条 本办法自印发之日起施行。</p></div></body></html>"""
    extracted = _read(page.encode())
    assert extracted.fields == {"issuer": "某某省科学技术厅", "title": "某某省科技创新券管理办法", "published": "2026-05-08",
                                "source": "https://example.org/p/2.html"}
    assert extracted.text.split("\n") == ["某某省科技创新券管理办法", "来源：省科技厅", "第一条 为规范科技创新券管理，制定本办法。",
                                          "第二条 本办法自印发之日起施行。"]
    page = page.replace("<td>2026/5/8 10:21:03</td>", "<td>2026年2月30日</td>")  # no such day: no date
    assert "published" not in _read(page.encode()).fields


@pytest.mark.parametrize("layout", ["table", "div"])
@pytest.mark.parametrize("placement", ["above", "inside"])
def test_the_metadata_block_is_not_in_the_body(layout, placement):
    """Above the article trafilatura leaves the block out itself; inside the body's frame it would not."""
    text = _read(portal_page(BODY, META, "gbk", layout=layout, placement=placement)).text
    for word in ("索引号", "000014349", "主题分类", "科技、教育", "发文机关", "成文日期", "发布日期", "2026年04月21日", "有效性",
                 "中共某某市委办公室"):
        assert word not in text, word
    lines = text.split("\n")
    assert lines[:2] == ["关于印发《某某市人工智能产业发展行动方案》的通知", "某办发〔2026〕21号"]
    assert lines.count("关于印发《某某市人工智能产业发展行动方案》的通知") == 1  # the title once, from the <h1>


@pytest.mark.parametrize("frame", ["div", "table"])
def test_page_furniture_is_not_in_the_body(frame):
    text = _read(portal_page(BODY, META, "gbk", ATTACHMENTS, frame=frame)).text
    for word in FURNITURE:
        assert word not in text, word
    assert text.split("\n") == BODY.split("\n") + ["附件1：重点任务分工表.xlsx", "附件2：政策申报指南.pdf"]


# ---- the body's lines --------------------------------------------------------------------------------------

SHELL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>某某市人工智能行动方案_某某网</title>
<style>p{{text-indent:2em}}</style><script>var x = "<p>not text</p>";</script></head><body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zw/">政务公开</a></li>
<li><a href="/fw/">政务服务</a></li></ul></div><div class="crumb">当前位置：<a href="/">首页</a> &gt; 政策文件</div>
<div class="main"><div class="article"><h1>某某市人工智能行动方案</h1><div class="content"{zoom}>{body}</div>{after}</div>
<div class="side"><h3>相关文件</h3><ul><li><a href="/1.html">某某县数字乡村建设方案</a></li>
<li><a href="/2.html">某某区智能制造扶持办法</a></li></ul></div></div>
<div class="footer"><p>版权所有：某某市人民政府办公室</p><p>网站标识码：0000000002 某ICP备00000002号</p></div></body></html>"""
WANT = ["某某市人工智能行动方案", "某政发〔2026〕3号", "各区县人民政府：", "现将方案印发给你们，请认真贯彻执行。", "某某市人民政府",
        "2026年4月16日", "一、总体要求", "到2027年，产业规模突破500亿元。", "二、重点任务", "（一）建设算力平台。布局智算中心。",
        "【责任单位】市数据局", "（二）培育数据企业。引进标注企业。", "【责任单位】市工信局"]
LINES = WANT[1:]
ZOOM = ' id="zoom"'  # the body container a portal's CMS marks (html._PORTAL_BODY)


@pytest.mark.parametrize(("layout", "body"), [
    ("p", "".join(f"<p>{line}</p>" for line in LINES)),
    # a signature and a date written as <div>s between <p> paragraphs (trafilatura alone drops them)
    ("div signature", "".join(f'<div style="text-align:right">{line}</div>' if line in ("某某市人民政府", "2026年4月16日")
                              else f"<p>{line}</p>" for line in LINES)),
    ("br", "<div>" + "<br>".join(LINES) + "</div>"),
    ("br in p", "<p>" + "<br/>\n".join(LINES) + "</p>"),
    ("div per line", "".join(f"<div>{line}</div>" for line in LINES)),
    ("word markup", "".join(f'<p class="MsoNormal" align="justify"><span lang="EN-US" style="font-family:仿宋_GB2312">'
                            f'<font size="4">{line}</font></span><o:p></o:p></p>' for line in LINES)),
    ("headings", "".join(f"<h3>{line}</h3>" if line[1] == "、" else f"<p><strong>{line[:9]}</strong>{line[9:]}</p>"
                         for line in LINES)),
    ("list", "".join(f"<p>{line}</p>" for line in LINES[:9]) + "<ul>" +
     "".join(f"<li>{line}</li>" for line in LINES[9:]) + "</ul>"),
    ("layout table", "<table><tr><td>" + "".join(f"<p>{line}</p>" for line in LINES) + "</td></tr></table>"),
    ("spaces", "".join(f"<p>&nbsp;&nbsp;\u3000\u3000{line}&nbsp; </p>" for line in LINES)),
])
@pytest.mark.parametrize("zoom", [ZOOM, ""], ids=["marked body", "unmarked body"])
def test_short_lines_and_headings_keep_their_lines(layout, body, zoom):
    """The lines the compiler reads one by one (a number line, a signature, a date line, "二、重点任务",
    【责任单位】 lines, list items) survive each way a portal writes them, in a body container the CMS
    marks or not; a short document too (under trafilatura's default 250-character floor, below which it
    would dump the whole page)."""
    assert len("".join(LINES)) < 250
    text = _read(SHELL.format(zoom=zoom, body=body, after="").encode()).text
    assert text.split("\n") == WANT, layout


def test_a_page_laid_out_in_tables_without_a_marked_body():
    """No container the portal's CMS marks, the whole page one table: trafilatura alone returned the menu and
    the copyright line as body lines (ahead of the body, where read.py cuts a page at its footer); the
    container readability chooses is read instead."""
    rows = "".join(f"<p>{line}</p>" for line in LINES)
    page = f"""<html><head><meta charset="gbk"><title>某某市人工智能行动方案</title></head><body>
    <table width="980"><tr><td colspan="2"><img src="/logo.gif"><a href="/">首页</a> | <a href="/zw/">政务公开</a></td></tr>
    <tr><td width="200"><ul><li><a href="/a/">机构概况</a></li><li><a href="/b/">政策法规</a></li></ul></td><td>
    <table class="meta"><tr><td>索 引 号：</td><td>1234/2026-01</td><td>发文机关：</td><td>某某市人民政府</td></tr>
    <tr><td>标　　题：</td><td colspan="3">某某市人工智能行动方案</td></tr>
    <tr><td>发文字号：</td><td>某政发〔2026〕3号</td><td>发布日期：</td><td>2026-04-20</td></tr></table>
    <table><tr><td align="center"><b>某某市人工智能行动方案</b></td></tr><tr><td>{rows}</td></tr>
    <tr><td>附件：<a href="/f/P0201.pdf">任务分工表.pdf</a></td></tr></table>
    </td></tr><tr><td colspan="2">版权所有：某某市人民政府 网站标识码：0000000003</td></tr></table></body></html>"""
    extracted = _read(page.encode("gbk"))
    assert extracted.fields == {"issuer": "某某市人民政府", "title": "某某市人工智能行动方案", "number": "某政发〔2026〕3号",
                                "published": "2026-04-20"}
    assert extracted.text.split("\n") == WANT + ["附件：任务分工表.pdf"]


@pytest.mark.parametrize(("heading", "line"), [
    ("某某市人工智能<br>行动方案", "某某市人工智能行动方案"),  # a wrapped title: one line, as written
    ("中共某某市委办公室<br>某某市人民政府办公室<br>关于印发行动方案的通知",  # joint issuers: apart, as the header reads them
     "中共某某市委办公室 某某市人民政府办公室 关于印发行动方案的通知"),
])
@pytest.mark.parametrize("where", ["above the body", "in the body"])
def test_a_heading_wrapped_with_br_is_one_line(heading, line, where):
    body = "".join(f"<p>{x}</p>" for x in LINES)
    shell = SHELL.replace("<title>某某市人工智能行动方案_某某网</title>", f"<title>{line.replace(' ', '')}_某某网</title>")
    if where == "above the body":
        page = shell.replace("<h1>某某市人工智能行动方案</h1>", f"<h1>{heading}</h1>").format(zoom=ZOOM, body=body, after="")
    else:
        page = shell.replace("<h1>某某市人工智能行动方案</h1>", "").format(zoom=ZOOM, body=f"<h1>{heading}</h1>{body}", after="")
    assert _read(page.encode()).text.split("\n") == [line, *LINES]


def test_a_table_in_the_body_is_kept_a_row_a_line():
    body = ("<p>某政发〔2026〕3号</p><p>一、重点任务分工</p><table border='1'><tr><td>序号</td><td>任务</td><td>责任单位</td></tr>"
            "<tr><td>1</td><td>建设算力平台</td><td>市数据局</td></tr><tr><td>2</td><td>培育数据企业</td><td>市工信局</td></tr>"
            "</table><p>二、保障措施</p><p>加强组织领导。</p>")
    assert _read(SHELL.format(zoom=ZOOM, body=body, after="").encode()).text.split("\n") == [
        "某某市人工智能行动方案", "某政发〔2026〕3号", "一、重点任务分工", "序号 任务 责任单位", "1 建设算力平台 市数据局",
        "2 培育数据企业 市工信局", "二、保障措施", "加强组织领导。"]


@pytest.mark.parametrize("junk", ["\x01", "\x1f", "\x0c", "\ufffe", "&#1;", "&#x1F;", "&#11;", "&#xFFFF;"])
def test_control_characters_do_not_lose_the_page(junk):
    """Characters XML forbids, as pages pasted from a word processor carry them (trafilatura, which builds
    XML, returned nothing for a page with one)."""
    body = "".join(f"<p>{line}{junk}</p>" for line in LINES)
    assert _read(SHELL.format(zoom=ZOOM, body=body, after="").encode()).text.split("\n") == WANT


# ---- attachments --------------------------------------------------------------------------------------------


def test_attachments_become_lines_the_outline_skips(tmp_path):
    after = ('<div class="attach"><span>附件：</span><a href="/f/P020260416.pdf">1.某某市人工智能行动方案任务分工表（2026—2028年）'
             '及重点项目清单与年度考核评价指标体系和资金安排表.pdf</a><br><a href="/f/P020260417.docx" title="申报书模板.docx">'
             '2.申报书模板.docx</a><br><a href="/zw/3.html">政策解读</a></div>')
    body = "".join(f"<p>{line}</p>" for line in LINES)
    text = _read(SHELL.format(zoom=ZOOM, body=body, after=after).encode()).text
    long_name = "某某市人工智能行动方案任务分工表（2026—2028年）及重点项目清单与年度考核评价指标体系和资金安排表.pdf"
    assert text.split("\n")[-2:] == [f"附件1：{long_name}", "附件2：申报书模板.docx"]  # not the page link
    # one line each, so a name longer than the outline stage's 60 characters is no heading either
    plain, with_files = tmp_path / "plain.html", tmp_path / "files.html"
    plain.write_text(SHELL.format(zoom=ZOOM, body=body, after=""), "utf-8")
    with_files.write_text(SHELL.format(zoom=ZOOM, body=body, after=after), "utf-8")
    assert facts(with_files) == facts(plain)


def test_an_attachment_the_body_names_is_not_repeated():
    body = "".join(f"<p>{line}</p>" for line in LINES) + '<p>附件：<a href="/f/1.pdf">某某市算力券管理办法.pdf</a></p>'
    text = _read(SHELL.format(zoom=ZOOM, body=body, after="").encode()).text
    assert text.split("\n")[-1] == "附件：某某市算力券管理办法.pdf"
    assert text.count("某某市算力券管理办法") == 1


# ---- errors ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    b"",
    b"   \n",
    b"<html><head><title>x</title></head><body></body></html>",
    SHELL.format(zoom=ZOOM, body="", after="").encode(),  # the article frame, empty
    SHELL.format(zoom=ZOOM, body="<p>\u3000</p><p>&nbsp;</p><img src='/a.png'>", after="").encode(),
    portal_page("关于某事的通知\n", META),  # a title and a metadata table, no body
], ids=["empty", "blank", "no body", "empty frame", "blank paragraphs", "table only"])
def test_a_page_without_an_article_is_an_error(raw):
    with pytest.raises(DocumentError) as error:
        _read(raw, "empty.html")
    assert (error.value.path.name, error.value.line, error.value.message) == (
        "empty.html", 1, "no article text found in the page")


def test_undecodable_bytes_are_the_decoders_error():
    raw = b'<html><head><meta charset="utf-8"></head><body><p>\x81\xff\x81\xff</p></body></html>'
    with pytest.raises(DocumentError, match="not text in UTF-8"):
        _read(raw)


def test_a_page_through_the_reader(tmp_path):
    """read.py takes the page's fields as metadata and its format; a sidecar still wins."""
    page = tmp_path / "notice.htm"
    page.write_bytes(portal_page(BODY, META, "gbk"))
    source = read_source(page)
    assert (source.source_format, source.metadata.number, source.metadata.published) == ("html", "某办发〔2026〕21号",
                                                                                         "2026-04-21")
    assert extract(page, page.read_bytes()).format == "html"
    page.with_suffix(".meta.toml").write_text('number = "某办发〔2026〕22号"\n', "utf-8")
    assert read_source(page).metadata.number == "某办发〔2026〕22号"


_TAGS = ["p", "div", "span", "table", "tr", "td", "ul", "li", "br", "h1", "a", "script", "style", "meta", "strong",
         "font", "body", "html", "head", "title", "o:p", "xml", "!--", "![CDATA[", "?xml"]
_WORDS = ["发文机关：", "标题", "某政办发〔2026〕9号", "一、", "（一）", "2026年4月16日", "附件：", "1．a.pdf", "&nbsp;", "&#134071;",
          "&#0;", "&", "<", ">", '"', "'", "=", "/", " ", "\n", "\u3000", "\x00", "charset=gbk", "href=x.pdf",
          "class=title"]


@st.composite
def _markup(draw):
    pieces = draw(st.lists(st.one_of(
        st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
        st.tuples(st.sampled_from(_TAGS), st.sampled_from(_WORDS)).map(lambda p: f"<{p[0]} {p[1]}>"),
        st.sampled_from(_WORDS),
        st.text(max_size=12),
    ), max_size=60))
    return "".join(pieces)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup=_markup(), encoding=st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1"]))
def test_garbled_markup_never_crashes(markup, encoding):
    try:
        raw = markup.encode(encoding, errors="replace")
    except UnicodeEncodeError:
        return
    try:
        extracted = _read(raw)
    except DocumentError:
        return
    assert extracted.format == "html" and extracted.text.strip()
    assert all(line == line.strip() and line for line in extracted.text.split("\n"))


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=400))
def test_random_bytes_never_crash(raw):
    try:
        _read(raw)
    except DocumentError:
        pass


def test_deeply_nested_markup(tmp_path):
    for depth in (300, 5000):
        raw = ("<div>" * depth + "<p>某政发〔2026〕3号</p><p>一、建设算力平台。</p>" + "</div>" * depth).encode()
        try:
            _read(raw)
        except DocumentError:
            pass


def test_extraction_time_of_a_long_page():
    """A 7,500-character document's page is read in well under a second (about 20 ms measured)."""
    text = (ZH / "hunan-ai-industry-measures-notice.txt").read_text("utf-8")
    head, plan = text.split("\n\n湖南省加快人工智能产业集聚发展的若干措施\n")
    long = head + "\n\n湖南省加快人工智能产业集聚发展的若干措施\n" + plan * 12
    long = long[:long.rindex("\n", 0, 7600)]
    assert 7400 <= len(long) <= 7600
    raw = portal_page(long, META, "gbk", ATTACHMENTS)
    _read(raw)
    started = time.perf_counter()
    for _ in range(5):
        _read(raw)
    assert (time.perf_counter() - started) / 5 < 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 400), st.sampled_from(["", "<", ">", "</div>", "<table>",
                                                                                     "<td>标题：", "<p>", "\x00", "&#"])),
                     min_size=1, max_size=6),
       layout=st.sampled_from(["table", "div"]))
def test_a_corrupted_page_never_crashes(cuts, layout):
    """A real-looking page with slices cut out or replaced: an Extracted (its fields well formed) or a DocumentError."""
    page = portal_page(BODY, META, "utf-8", ATTACHMENTS, layout=layout).decode("utf-8")
    for where, length, insert in cuts:
        at = int(where * len(page))
        page = page[:at] + insert + page[at + length:]
    try:
        extracted = _read(page.encode("utf-8"))
    except DocumentError:
        return
    assert extracted.text.strip() and set(extracted.fields) <= {"title", "issuer", "number", "published", "source"}
    if "published" in extracted.fields:
        assert dt.date.fromisoformat(extracted.fields["published"])
