"""Test fixtures: a document rendered as a government portal's article page.

`portal_page(text, meta)` renders the plain text of a .txt document (one paragraph or heading per
line) as the kind of page a Chinese government portal publishes a policy on: a site header and
navigation menu, breadcrumbs, a metadata table (索引号, 主题分类, 发文机关, 成文日期, 标题,
发文字号, 发布日期, 有效性) above the body, the body as <p> paragraphs with the usual markup
(headings in <strong> or <h2>, text-indent styles, &nbsp; and full-width spaces, <br> inside a
paragraph), share buttons, "相关文件" / "相关链接" lists, the attachment list, a footer, scripts
and styles. The site, its markup and its furniture are invented; no real site's page is copied.

The furniture deliberately names other places, other document numbers and dates, so a page
whose furniture leaked into the extracted text would compile to different facts.
"""

from __future__ import annotations

import html
import re
import zlib

# The order a portal lists its metadata in; two label/value pairs per table row where short.
FIELDS = ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "有效性")
_WIDE = {"标题"}  # a value that takes a whole row

_CHAPTER = re.compile(r"^\s*(?:第[一二三四五六七八九十]+章|[一二三四五六七八九十]+、)")
_SECTION = re.compile(r"^\s*[（(][一二三四五六七八九十]+[)）]")
_DATE_LINE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_ATTACHMENT = re.compile(r"^\s*附件\s*[：:]")
_NUMBERED = re.compile(r"^\s*\d{1,2}\s*[．.、]")
_TITLE_END = re.compile(r"[。；：:;]")

_STYLE = """
body{margin:0;font:14px/1.8 "Microsoft YaHei",SimSun,sans-serif;color:#333}
.top-bar{background:#b40d0d;color:#fff;height:32px}.nav li{float:left;list-style:none;padding:0 18px}
.crumbs{padding:8px 0;color:#666}.xxgk-meta td{border:1px solid #ddd;padding:4px 8px}
.xxgk-meta td.label{background:#f5f5f5;width:90px;text-align:right}
.article h1{font-size:24px;text-align:center}.article-body p{text-indent:2em;margin:0 0 10px}
.share a{display:inline-block;width:24px;height:24px}.footer{background:#f0f0f0;font-size:12px}
"""

_SCRIPT_HEAD = """
var _paq = window._paq = window._paq || [];
_paq.push(['trackPageView']);
(function(){var d=document,g=d.createElement('script');g.async=true;g.src='/js/stat.js';
d.getElementsByTagName('head')[0].appendChild(g);})();
"""

_SCRIPT_FONT = """
function setFont(size){var el=document.getElementById('zoom');
 if(el){el.style.fontSize=size+'px';}}
document.write('<span class="hint">当前页面已适配无障碍浏览</span>');
"""


def portal_page(text: str, meta: dict[str, str], encoding: str = "gbk", attachments: list[str] = (), *,
                layout: str = "table", declare: str = "meta", url: str | None = None, placement: str = "above",
                frame: str = "div") -> bytes:
    """The page's bytes in `encoding`, which the page declares (`declare`: "meta" for <meta charset>,
    "http-equiv" for the Content-Type form). `meta` holds the metadata block's values by label
    (FIELDS; a label left out is not shown); `layout` is "table" (label and value cells, two
    pairs a row) or "div" (a list of "label：value" blocks); `placement` puts the block "above" the
    article or "inside" the body's own frame, before its first paragraph. `attachments` are file
    names, listed and linked after the body. `frame` is the page's layout: "div" (a current
    portal) or "table" (an older one, laid out in nested tables, the body in a table cell).
    Characters the encoding lacks are written as character references, as a portal's CMS writes them."""
    lines = text.strip("\n").split("\n")
    title_line = lines[0].strip()
    seed = zlib.crc32(text.encode("utf-8"))  # varies the markup from document to document, reproducibly
    url = url or f"https://www.example-portal.gov.cn/zwgk/zcwj/202604/t20260421_{seed % 1000000:06d}.html"
    page_title = meta.get("标题", title_line)
    charset = (f'<meta charset="{encoding}">' if declare == "meta" else
               f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">')
    head = [
        "<!DOCTYPE html>" if frame == "div" else
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html lang="zh-CN">',
        "<head>",
        charset,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(page_title)}_政务公开_示范政务门户网站</title>",
        f'<meta name="ArticleTitle" content="{_e(page_title)}">',
        f'<meta property="og:title" content="{_e(page_title)}">',
        f'<meta property="og:url" content="{_e(url)}">',
        f'<link rel="canonical" href="{_e(url)}">',
        '<link rel="stylesheet" href="/css/common.css">',
        f"<style>{_STYLE}</style>",
        f"<script>{_SCRIPT_HEAD}</script>",
        "</head>",
    ]
    crumbs = ('<div class="crumbs">您现在的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
              '<a href="/zwgk/zcwj/">政策文件</a></div>')
    info = ('<div class="article-info"><span>发布时间：2025-12-01 09:30</span>'
            '<span>来源：示范政务门户网站</span><span>浏览次数：<em id="hits">1024</em></span>'
            '<span class="font-size">【字体：<a href="javascript:setFont(18)">大</a> '
            '<a href="javascript:setFont(16)">中</a> <a href="javascript:setFont(14)">小</a>】</span></div>')
    tools = ('<div class="article-tools"><div class="share">分享到：<a class="wx" title="微信" href="javascript:;">微信</a>'
             '<a class="wb" title="微博" href="javascript:;">微博</a><a class="qq" title="QQ空间" href="javascript:;">'
             'QQ空间</a></div><div class="print"><a href="javascript:window.print()">【打印本页】</a>'
             '<a href="javascript:window.close()">【关闭窗口】</a></div></div>')
    block = _metadata(meta, layout)
    body = [block if placement == "inside" else "", *_body(lines[1:], seed)]
    if frame == "div":
        page = [
            '<body class="page-article">',
            _site_header(),
            '<div class="container main-wrap">',
            crumbs,
            block if placement == "above" else "",
            '<div class="article">',
            f'<h1 class="article-title" id="docTitle">{_e(title_line)}</h1>',
            info,
            f"<script>{_SCRIPT_FONT}</script>",
            '<div class="article-body TRS_Editor" id="zoom">',
            *body,
            "</div>",
            _attachments(attachments),
            tools,
            "</div>",  # .article
            _related(),
            "</div>",  # .container
            _footer(),
        ]
    elif frame == "table":
        menu = "".join(f'<tr><td class="menu"><a href="/lm/{k}/">{name}</a></td></tr>'
                       for k, name in enumerate(["机构概况", "政策文件", "政策解读", "规划计划", "人事信息", "财政信息"]))
        page = [
            '<body leftmargin="0" topmargin="0">',
            '<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">',
            f'<tr><td colspan="2">{_site_header()}</td></tr>',
            '<tr><td width="220" valign="top"><table width="100%" class="left-menu">'
            f'<tr><td class="menu-title">信息公开目录</td></tr>{menu}</table></td>',
            f'<td width="780" valign="top">{crumbs}{block if placement == "above" else ""}',
            '<table width="100%" border="0" cellspacing="0" cellpadding="0">',
            f'<tr><td class="bt_title" align="center"><h1>{_e(title_line)}</h1></td></tr>',
            f"<tr><td>{info}</td></tr>",
            '<tr><td class="bt_content" id="zoom">',
            *body,
            "</td></tr>",
            f"<tr><td>{_attachments(attachments)}</td></tr>",
            f"<tr><td>{tools}</td></tr>",
            "</table>",
            f"{_related()}</td></tr>",
            f'<tr><td colspan="2">{_footer()}</td></tr>',
            "</table>",
        ]
    else:
        raise ValueError(f"unknown frame {frame!r}")
    tail = [
        '<script src="/js/jquery.min.js"></script>',
        "<script>$(function(){$('#hits').load('/api/hits?id=123456');});</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(head + page + tail).encode(encoding, errors="xmlcharrefreplace")


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _site_header() -> str:
    menu = ["首页", "要闻动态", "政务公开", "政务服务", "互动交流", "数据开放", "走进示范"]
    items = "".join(f'<li><a href="/{i}/">{name}</a></li>' for i, name in enumerate(menu))
    return (
        '<div class="top-bar"><div class="container"><span>欢迎访问示范政务门户网站</span>'
        '<a href="/wza/">无障碍浏览</a> <a href="/en/">English</a> <a href="/m/">移动版</a></div></div>'
        '<div class="header"><div class="container"><a class="logo" href="/"><img src="/images/logo.png" '
        'alt="示范政务门户网站"></a><form class="search" action="/search/"><input name="q" '
        'placeholder="请输入关键词"><button type="submit">搜索</button></form></div></div>'
        f'<div class="nav"><ul class="container">{items}</ul></div>'
        '<div class="sub-nav"><a href="/zwgk/zcwj/">政策文件</a> | <a href="/zwgk/zcjd/">政策解读</a> | '
        '<a href="/zwgk/rsxx/">人事信息</a> | <a href="/zwgk/czzj/">财政资金</a></div>'
    )


def _metadata(meta: dict[str, str], layout: str) -> str:
    shown = [(label, meta[label]) for label in FIELDS if label in meta]
    shown += [(label, value) for label, value in meta.items() if label not in FIELDS]
    if layout == "table":
        rows, pending = [], []
        for label, value in shown:
            cells = f'<td class="label">{_spaced(label)}：</td><td class="value">{_e(value)}</td>'
            if label in _WIDE:
                if pending:
                    rows.append("".join(pending) + '<td class="label"></td><td></td>')
                    pending = []
                rows.append(f'<td class="label">{_spaced(label)}：</td><td class="value" colspan="3">{_e(value)}</td>')
                continue
            pending.append(cells)
            if len(pending) == 2:
                rows.append("".join(pending))
                pending = []
        if pending:
            rows.append("".join(pending) + '<td class="label"></td><td></td>')
        body = "".join(f"<tr>{row}</tr>" for row in rows)
        return (f'<div class="xxgk-box"><table class="xxgk-meta" cellspacing="0" cellpadding="0"><tbody>{body}'
                '</tbody></table></div>')
    if layout == "div":
        # Three ways a CMS writes a pair: label and value spans, a bold label and its tail, one text.
        items = []
        for k, (label, value) in enumerate(shown):
            if k % 3 == 0:
                items.append(f'<li><span class="k">{label}：</span><span class="v">{_e(value)}</span></li>')
            elif k % 3 == 1:
                items.append(f"<li><b>{label}：</b>{_e(value)}</li>")
            else:
                items.append(f"<li>{label}：{_e(value)}</li>")
        return f'<div class="xxgk-info"><ul class="clearfix">{"".join(items)}</ul></div>'
    raise ValueError(f"unknown layout {layout!r}")


def _spaced(label: str) -> str:
    """"标题" -> "标&emsp;&emsp;题": a two-character label is spread to a four-character width."""
    return f"{label[0]}&emsp;&emsp;{label[1]}" if len(label) == 2 else label


def _body(lines: list[str], seed: int) -> list[str]:
    out: list[str] = []
    k = 0
    while k < len(lines):
        line = lines[k].strip()
        if not line:
            k += 1
            continue
        # A signature: issuer line(s) and a date line, right-aligned, one paragraph split by <br>.
        nxt = lines[k + 1].strip() if k + 1 < len(lines) else ""
        if _DATE_LINE.match(nxt) and len(line) <= 40 and not _TITLE_END.search(line):
            out.append(f'<p style="text-align:right;">{_e(line)}<br/>{_e(nxt)}</p>')
            k += 2
            continue
        if _DATE_LINE.match(line):
            out.append(f'<p style="text-align: right">{_e(line)}</p>')
            k += 1
            continue
        # An attachment list in the text: "附件：1．…" and the numbered lines after it, joined by <br>.
        if _ATTACHMENT.match(line):
            items = [_e(line)]
            while k + 1 < len(lines) and _NUMBERED.match(lines[k + 1]) and "。" not in lines[k + 1]:
                k += 1
                items.append("&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;" + _e(lines[k].strip()))
            out.append('<p style="text-indent:2em">' + "<br>".join(items) + "</p>")
            k += 1
            continue
        variant = (seed + k) % 3
        if _CHAPTER.match(line) and not _TITLE_END.search(line):  # "一、总体要求", "第二章 重点任务"
            out.append(f"<h2>{_e(line)}</h2>" if variant == 0 else
                       f'<p style="text-indent:2em"><strong>{_e(line)}</strong></p>')
        elif (_SECTION.match(line) or _CHAPTER.match(line)) and (m := _TITLE_END.search(line)):
            # "（一）指导思想。坚持…": the heading part bold, the rest plain.
            head, rest = line[:m.end()], line[m.end():]
            out.append(f'<p style="text-indent:2em;"><strong>{_e(head)}</strong>{_e(rest)}</p>')
        elif len(line) <= 30 and not _TITLE_END.search(line) and k + 1 < len(lines) and lines[k + 1].strip() \
                and line.endswith(("方案", "措施", "计划", "意见", "年）")):
            out.append(f'<p style="text-align:center"><strong>{_e(line)}</strong></p>')  # the plan's own title
        elif variant == 0:
            out.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{_e(line)}</p>")
        elif variant == 1:
            out.append(f"<p>\u3000\u3000{_e(line)}</p>")
        else:
            out.append(f'<p style="text-indent: 2em; line-height: 2em;"><span style="font-family: 仿宋_GB2312; '
                       f'font-size: 16pt">{_e(line)}</span></p>')
        k += 1
    return out


def _attachments(names) -> str:
    if not names:
        return ""
    links = "".join(
        f'<li><a href="./P0202604{k:02d}{k * 7919 % 10000:04d}.{name.rsplit(".", 1)[-1] if "." in name else "pdf"}" '
        f'target="_blank">{k}．{_e(name)}</a></li>'
        for k, name in enumerate(names, start=1))
    return f'<div class="article-attachments"><p class="att-title">附件：</p><ul>{links}</ul></div>'


def _related() -> str:
    documents = [
        ("北京市人民政府关于促进数字经济创新发展的若干意见", "京政发〔2024〕12号", "2024-05-08"),
        ("上海市加快推进人工智能赋能千行百业行动方案（2024—2026年）", "沪府办〔2024〕31号", "2024-07-19"),
        ("关于做好2025年度高新技术企业认定工作的通知", "示科发〔2025〕2号", "2025-02-11"),
    ]
    related = "".join(f'<li><a href="/zwgk/zcwj/{k}.html">{_e(t)}（{n}）</a><span class="date">{d}</span></li>'
                      for k, (t, n, d) in enumerate(documents))
    links = "".join(f'<li><a href="https://www.example-{k}.gov.cn/">{name}</a></li>'
                    for k, name in enumerate(["中国政府网", "国务院部门网站", "重庆市人民政府网", "示范市数据局"]))
    return (f'<div class="related"><div class="related-docs"><h3>相关文件</h3><ul>{related}</ul></div>'
            f'<div class="related-links"><h3>相关链接</h3><ul>{links}</ul></div></div>')


def _footer() -> str:
    return (
        '<div class="footer"><div class="container">'
        '<p><a href="/about/">关于本网</a> | <a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a> | '
        '<a href="/privacy/">隐私声明</a></p>'
        "<p>版权所有：示范政务门户网站&nbsp;&nbsp;主办单位：示范省人民政府办公厅</p>"
        "<p>地址：长江路100号&nbsp;&nbsp;邮编：400000&nbsp;&nbsp;联系电话：023-00000000</p>"
        "<p>网站标识码：0000000001&nbsp;&nbsp;示ICP备00000000号-1&nbsp;&nbsp;示公网安备 00000000000001号</p>"
        '<p><img src="/images/dzjg.png" alt="党政机关"> <img src="/images/jiucuo.png" alt="政府网站找错"></p>'
        "</div></div>"
    )
