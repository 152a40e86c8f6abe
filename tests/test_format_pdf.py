"""PDF documents: a PDF twin of each test document compiles to the facts of its .txt.

The twins are laid out as government PDFs are (formats/make_pdf.py): wrapped, justified
paragraphs with a first-line indent, a centred title over two lines, page numbers, a running
header, paragraphs running on over page breaks. The unit tests take each step of pdf.py alone:
page furniture, joining lines into paragraphs, the Title metadata, broken and scanned files.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from conftest import TEST_DOCUMENTS
from formats import make_pdf
from formats.make_pdf import pdf_document
from formats.twins import assert_same_facts, facts
from policyapi.build.compile import compile_seeds
from policyapi.build.formats import extract as extract_any
from policyapi.build.formats.pdf import (NO_TEXT, Line, _page_lines, extract, join_lines, joint, metadata_title,
                                         starts_heading, strip_furniture)
from policyapi.errors import DocumentError

ZH = TEST_DOCUMENTS / "zh"
TWINS = sorted(ZH.glob("*.txt"))
HEADER = "某某省人民政府办公厅文件"


def _text(raw: bytes, name: str = "doc.pdf") -> str:
    return extract(Path(name), raw).text


def _filled(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


# ---- twins --------------------------------------------------------------------------------------


@pytest.mark.parametrize("wrap", [38, 28])
@pytest.mark.parametrize("twin", TWINS, ids=lambda p: p.stem)
def test_a_pdf_twin_compiles_to_the_same_facts(tmp_path, twin, wrap):
    title = facts(twin)["header"][0]  # the PDF's Title metadata says it too
    pdf = tmp_path / f"{twin.stem}.pdf"
    pdf.write_bytes(pdf_document(twin.read_text("utf-8"), title=title, wrap=wrap))
    got = assert_same_facts(twin, pdf)
    assert got["measures"]


@pytest.mark.parametrize("twin", TWINS, ids=lambda p: p.stem)
def test_a_pdf_twin_reads_back_line_for_line(twin):
    # Every paragraph and heading of the .txt is one line of the PDF's text, whatever its layout.
    text = twin.read_text("utf-8")
    got = _text(pdf_document(text, wrap=30))
    assert _filled(got) == _filled(text)


def test_the_compiled_document_says_it_came_from_a_pdf(tmp_path):
    (tmp_path / "hunan.pdf").write_bytes(pdf_document((ZH / "hunan-ai-industry-measures-notice.txt").read_text()))
    (doc,) = compile_seeds(tmp_path).documents
    assert (doc.source_format, doc.source_file) == ("pdf", "hunan.pdf")


# ---- page furniture and paragraphs --------------------------------------------------------------

LONG = ("为加快推进人工智能产业发展，" + "统筹布局智能算力设施，推动公共数据有序开放，支持企业开展智能化改造，" * 60
        + "确保各项任务落地见效。")
DOCUMENT = "\n".join([
    "某某省人工智能产业发展行动方案（2026—2028年）", "",
    "一、总体要求", LONG, "",
    "二、重点任务",
    "（一）建设算力平台。布局智算中心，为中小企业提供普惠算力服务。（责任单位：省发展改革委、省数据局）",
    "1.开放公共数据。建设省级公共数据授权运营平台。（责任单位：省数据局）",
    "第三章 保障措施",
    "各地各部门要加强统筹协调，形成工作合力。", "",
    "某某省人民政府办公厅", "2026年4月16日",
])


def test_page_numbers_and_running_headers_are_removed():
    raw = pdf_document(DOCUMENT)
    text = _text(raw)
    assert "- 1 -" not in text and "- 2 -" not in text and HEADER not in text
    assert _filled(text) == _filled(DOCUMENT)


def test_a_paragraph_runs_on_over_lines_and_pages():
    raw = pdf_document(DOCUMENT, wrap=28)
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        assert len(pdf.pages) >= 3  # the long paragraph alone fills more than a page
    lines = _text(raw).split("\n")
    assert LONG in lines


def test_headings_signatures_and_dates_stay_lines_of_their_own():
    lines = _text(pdf_document(DOCUMENT, running_header=None, page_numbers=False)).split("\n")
    for own in ("一、总体要求", "二、重点任务", "第三章 保障措施", "某某省人民政府办公厅", "2026年4月16日",
                "某某省人工智能产业发展行动方案（2026—2028年）"):
        assert own in lines


def test_a_title_over_two_centred_lines_is_one_line():
    title = "湖南省人民政府办公厅关于印发《湖南省加快人工智能产业集聚发展的若干措施》的通知"
    raw = pdf_document(f"{title}\n湘政办发〔2026〕9号\n\n各市州人民政府：\n现印发给你们，请认真组织实施。\n")
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        assert title not in pdf.pages[0].extract_text()  # laid out over two lines
    assert _text(raw).split("\n")[:2] == [title, "湘政办发〔2026〕9号"]


def test_latin_words_join_with_one_space():
    english = ("The province will build public computing platforms, open public data in an orderly way and "
               "support enterprises in adopting artificial intelligence across manufacturing, health care and "
               "transport, with funding of up to 5 million yuan for a single project.")
    text = _text(pdf_document(f"AI Action Plan\n\n1. Computing power\n{english}\n", wrap=30))
    assert _filled(text) == ["AI Action Plan", "1. Computing power", english]


def _line(text, x0, x1, top, page=0, size=12.0):
    return Line(text=text, x0=x0, x1=x1, top=top, bottom=top + size, size=size, page=page, lead=size)


@pytest.mark.parametrize("folio", ["- 1 -", "— 1 —", "第1页", "第 1 页 共 3 页", "1/3", "1", "Page 1 of 3", "-1-"])
def test_page_number_styles_are_furniture(folio):
    pages = []
    for k in range(3):
        label = folio.replace("1", str(k + 1), 1)
        body = [_line(f"正文第{k}页第{i}行的内容。", 80, 500, 100 + 18 * i, page=k) for i in range(5)]
        pages.append(body + [_line(label, 280, 310, 780, page=k)])
    kept = strip_furniture(pages)
    assert [x.text for x in kept] == [f"正文第{k}页第{i}行的内容。" for k in range(3) for i in range(5)]


def test_a_running_header_or_footer_in_the_body_size_is_furniture_when_it_repeats():
    pages = []
    for k in range(4):
        head = [_line("某某市人民政府公报", 230, 360, 60, page=k)] if k else []
        foot = [_line(f"2026年第{k + 3}期　某某市人民政府公报", 200, 400, 790, page=k)]
        pages.append(head + [_line(f"第{k}页正文。", 80, 500, 100 + 18 * i, page=k) for i in range(3)] + foot)
    assert {x.text for x in strip_furniture(pages)} == {f"第{k}页正文。" for k in range(4)}


def test_body_text_repeated_at_the_top_of_pages_is_not_furniture():
    # The same line opening two pages, among the text (not apart from it as a header is), stays.
    pages = [[_line("（责任单位：省数据局）" if i == 0 and k else f"第{k}页第{i}行。", 80, 300, 100 + 18 * i, page=k)
              for i in range(6)] for k in range(3)]
    assert len(strip_furniture(pages)) == 18


def test_pages_opening_with_attachment_labels_keep_them():
    # "附件1", "附件2" at the head of two of four pages, apart from the text: alike but for the number,
    # on too few pages to be a running header.
    pages = []
    for k in range(4):
        label = [_line(f"附件{k // 2 + 1}", 80, 130, 100, page=k)] if k in (1, 3) else []
        body = [_line(f"第{k}页正文第{i}行。", 80, 500, 140 + 18 * i, page=k) for i in range(4)]
        pages.append(label + body)
    assert [x.text for x in strip_furniture(pages) if x.text.startswith("附件")] == ["附件1", "附件2"]


def test_a_table_wider_than_the_text_does_not_move_the_margins():
    wrapped = [("一、建设算力平台。统筹布局智算中心，推动算力资源统一调度，降低企业用算成本。支持企业",
                "上云用数，推广工业大模型应用。"),
               ("二、培育数据企业。引进数据标注企业，支持高校建设数据标注实训基地，培育一批数据服务",
                "商。"),
               ("三、拓展应用场景。在制造、医疗、教育、交通等领域遴选示范项目，定期发布场景清单，打",
                "造一批标杆工厂。"),
               ("四、强化人才支撑。实施人工智能卓越工程师培养计划，到2028年培养高端人才1万名，引进",
                "一批领军人才。")]
    rows = ["序号　任务　责任单位　完成时限", "1　建设智算中心　省数据局　2027年", "2　培育数据企业　省工信厅　2028年"]
    lines = [_line(wrapped[0][0], 104, 500, 100), _line(wrapped[0][1], 80, 250, 118)]
    lines += [_line(row, 40, 560, 136 + 18 * k) for k, row in enumerate(rows)]  # sticking out on both sides
    for k, (first, second) in enumerate(wrapped[1:]):
        lines += [_line(first, 104, 500, 190 + 36 * k), _line(second, 80, 250, 208 + 36 * k)]
    assert join_lines(lines).split("\n") == [
        "".join(wrapped[0]), *rows, *("".join(pair) for pair in wrapped[1:])]


def test_line_ends_join_chinese_without_and_latin_with_a_space():
    assert joint("推动人工智能与实体经济深度", "融合") == ""
    assert joint("单个企业最高支持300万元.", "(责任单位:市工信局)") == ""
    assert joint("in an orderly", "way") == " "
    assert joint("platforms,", "open") == " "
    assert joint("推广AI", "Agent应用") == " "
    assert joint("到2027", "年") == ""
    assert joint("a well-", "known plan") == ""


def test_heading_markers_come_from_the_outline_grammar():
    for heading in ("一、总体要求", "（一）建设", "(二)培育", "1.建设", "１．建设", "（1）机器视觉", "①2026年", "第一章 总体要求",
                    "Chapter 2 Tasks", "12、推动"):
        assert starts_heading(heading), heading
    for running in ("1.5万亿元", "建设平台", "2026年", "（责任单位：省数据局）"):
        assert not starts_heading(running), running


def test_characters_become_lines_without_watermarks_or_doubled_glyphs():
    def char(text, x0, top, size=12.0, upright=True):
        return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size, "size": size,
                "upright": upright}

    chars = [char(c, 80 + 12 * i, 100) for i, c in enumerate("⼈⼯智能")]
    chars += [char("能", 116.2, 100.1)]  # drawn twice: fake bold
    chars += [char(c, 80 + 12 * i, 118) for i, c in enumerate("第二行")]
    chars += [char("密", 300, 400, upright=False)]  # a diagonal watermark
    chars += [char("ﬁ", 80, 136), char("\u00ad", 92, 136, size=0.1), char("x", 92, 136), char("\u200b", 104, 136),
              char("(cid:12)", 104, 136)]  # a ligature, a soft hyphen, a zero-width space, an unmapped glyph
    lines = _page_lines(chars, 0)
    assert [x.text for x in lines] == ["人工智能", "第二行", "fix\ufffd"]


# ---- the line-joining function on generated paragraphs ------------------------------------------

_HAN = "的是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定" \
       "行学法所民得经之进着等部度家电力里如水化高自理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政日" \
       "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气向道命此变条只没结解问意建月公无系军很情者最立代想已通"
_WORDS = st.one_of(st.from_regex(r"[A-Za-z]{1,9}", fullmatch=True), st.from_regex(r"[1-9][0-9]{0,3}", fullmatch=True))


@st.composite
def _paragraph(draw) -> str:
    out = draw(st.sampled_from(["", "", "", "（三）", "2.", "一、"]))
    for _ in range(draw(st.integers(1, 24))):
        kind = draw(st.sampled_from(["han"] * 6 + ["punct", "latin"]))
        if kind == "han":
            out += "".join(draw(st.lists(st.sampled_from(_HAN), min_size=1, max_size=12)))
        elif kind == "punct" and out and out[-1] not in "，。、；：（《“":
            out += draw(st.sampled_from(["，", "。", "、", "；", "：", "（", "）", "《", "》", "“", "”"]))
        elif kind == "latin":
            words = draw(st.lists(_WORDS, min_size=1, max_size=4))
            out += " ".join(words)
            out += draw(st.sampled_from(_HAN))
    return out.strip() or "空"


def _lead(row: str, size: float) -> float:
    m = re.match(r"[（《“(]*(?:[A-Za-z0-9]+(?:[.,%][A-Za-z0-9%]+)*%?|.)[，。、；：？！）》”,.;:?!)]*", row)
    return make_pdf._width(m.group(0), size)


def _laid_out(paragraphs: list[str], size: float, measure: float, style: str, justified: bool,
              page_lines: int) -> tuple[list[Line], list[bool]]:
    """Lines as a PDF reader finds them, wrapped as make_pdf wraps, and whether each starts a paragraph.

    `style` "indent": a first-line indent of two full-width spaces, pages of `page_lines` lines;
    "gap": no indent, a wider gap between paragraphs, one long page."""
    lines: list[Line] = []
    firsts: list[bool] = []
    left, top, page, on_page = 80.0, 100.0, 0, 0
    for paragraph in paragraphs:
        rows = make_pdf._wrap(("　　" if style == "indent" else "") + paragraph, size, measure)
        if style == "gap" and lines:
            top += 0.8 * size
        for k, row in enumerate(rows):
            if style == "indent" and on_page == page_lines:
                page, on_page, top = page + 1, 0, 100.0
            ink = row.lstrip("　")
            x0 = left + make_pdf._width(row[:len(row) - len(ink)], size)
            x1 = left + measure if justified and k < len(rows) - 1 else x0 + make_pdf._width(ink, size)
            lines.append(Line(text=ink, x0=x0, x1=x1, top=top, bottom=top + size, size=size, page=page,
                              lead=_lead(ink, size)))
            firsts.append(k == 0)
            top += 1.5 * size
            on_page += 1
    return lines, firsts


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(_paragraph(), min_size=1, max_size=6), chars=st.integers(8, 45),
       size=st.sampled_from([10.5, 12.0, 16.0]), style=st.sampled_from(["indent", "gap"]), justified=st.booleans(),
       page_lines=st.integers(3, 30))
def test_joined_lines_are_the_paragraphs_they_were_wrapped_from(paragraphs, chars, size, style, justified,
                                                                page_lines):
    lines, firsts = _laid_out(paragraphs, size, chars * size, style, justified, page_lines)
    # Left out, as a reader cannot tell them from a paragraph's start (and real layouts avoid them):
    # a wrapped line that starts with a heading marker ("…\n1.…"); and a document with too few wrapped
    # lines to show where its margins are (one, justified; three, ragged).
    assume(not any(starts_heading(x.text) for x, first in zip(lines, firsts) if not first))
    assume(sum(not first for first in firsts) >= (1 if justified else 3))
    assert join_lines(lines).split("\n") == paragraphs


# ---- broken, scanned and encrypted files --------------------------------------------------------


def test_a_scanned_pdf_is_the_no_text_layer_error():
    raw = pdf_document(DOCUMENT, scanned=True)
    with pytest.raises(DocumentError) as error:
        _text(raw, "scan.pdf")
    assert (error.value.path.name, error.value.line, error.value.message) == ("scan.pdf", 1, NO_TEXT)


def _random_bytes(n: int) -> bytes:
    return random.Random(n).randbytes(n)


@pytest.mark.parametrize("raw", [
    pytest.param(b"", id="empty"),
    pytest.param(_random_bytes(4096), id="random bytes"),
    pytest.param(b"%PDF-1.7\n" + _random_bytes(2048), id="random bytes after a PDF header"),
    pytest.param(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", id="no pages"),
    pytest.param("湖南省加快人工智能产业集聚发展的若干措施".encode(), id="text named .pdf"),
])
def test_a_corrupt_pdf_is_a_document_error_naming_the_file(raw):
    with pytest.raises(DocumentError) as error:
        extract_any(Path("seeds/broken.pdf"), raw)
    assert error.value.path == Path("seeds/broken.pdf") and error.value.line == 1
    assert "broken.pdf" in str(error.value)


def test_the_pdf_libraries_print_nothing_about_a_broken_file(caplog):
    raw = pdf_document(DOCUMENT).replace(b"/FontBBox", b"/FontBBax")  # pdfminer warns, and reads on
    with caplog.at_level("DEBUG"):
        assert _filled(_text(raw)) == _filled(DOCUMENT)
    assert not [r for r in caplog.records if r.name.startswith(("pdfminer", "pdfplumber")) and r.levelname != "DEBUG"]


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9, 0.99])
def test_a_truncated_pdf_is_a_document_error_or_what_it_still_holds(keep):
    # pdfminer rebuilds a cross-reference table it cannot find: a PDF cut short may still be read.
    raw = pdf_document(DOCUMENT)
    cut = raw[:int(len(raw) * keep)]
    try:
        text = extract(Path("cut.pdf"), cut).text
    except DocumentError as error:
        assert error.path == Path("cut.pdf")
    else:
        assert set(_filled(text)) <= set(_filled(DOCUMENT)) | {x for x in _filled(text) if x in LONG}


def _encrypted(user: str, owner: str, strength: int) -> bytes:
    # Latin text in Helvetica: ReportLab leaves the strings naming a CID font's character collection
    # unencrypted, which a reader then decrypts into noise (and maps no character).
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=StandardEncryption(user, owner, canCopy=0, strength=strength))
    pdf.setFont("Helvetica", 12)
    pdf.drawString(80, 700, "1. Build computing platforms.")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.mark.parametrize("strength", [40, 128])
def test_an_encrypted_pdf_is_a_document_error_unless_its_password_is_empty(strength):
    with pytest.raises(DocumentError, match="locked.pdf:1: encrypted PDF: it needs a password"):
        extract(Path("locked.pdf"), _encrypted("secret", "owner", strength))
    # "copy-protected": an owner password only, as government PDFs often are; it opens.
    assert extract(Path("protected.pdf"), _encrypted("", "owner", strength)).text == "1. Build computing platforms."


# ---- metadata -------------------------------------------------------------------------------------


def test_the_title_metadata_is_a_field_only_when_it_is_a_real_title():
    text = _filled((ZH / "hunan-ai-industry-measures-notice.txt").read_text())
    title = text[0]
    raw = pdf_document("\n".join(text), title=title)
    assert extract_any(Path("a.pdf"), raw).fields == {"title": title}
    assert extract_any(Path("a.pdf"), pdf_document("\n".join(text))).fields == {}  # "untitled"
    body = "\n".join(text)
    for junk in ("", "   ", "Microsoft Word - 附件1.docx", "湘政办发2026-9号.doc", "untitled", "文档1", "Document1",
                 "final_v2", "ÕþÎñ¹«¿ª", "索引号：006939748/2026-00031", "\ufffd\ufffd措施",
                 "关于做好2019年春节期间安全生产工作的通知"):  # a template's stale title: not in the text
        assert metadata_title(junk, body) is None, junk
    assert metadata_title("湖南省加快人工智能产业集聚发展的若干措施", body) == "湖南省加快人工智能产业集聚发展的若干措施"
    assert metadata_title(None, body) is None and metadata_title(b"\xfe\xff", body) is None


def test_the_extracted_format_is_pdf():
    got = extract_any(Path("x.PDF"), pdf_document("标题\n一、正文。\n"))
    assert got.format == "pdf" and got.text == "标题\n一、正文。"
