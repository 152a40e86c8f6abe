"""Text in every encoding Chinese documents come in, and a seeds folder of mixed files.

A document saved in UTF-16, GB18030 or Big5 compiles to the facts of its UTF-8 twin; the
encoding is detected, never guessed silently. (HTML, PDF and DOCX twins are in
test_format_html.py, test_format_pdf.py and test_format_docx.py.)
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from conftest import TEST_DOCUMENTS
from formats.twins import assert_same_facts, facts
from policyapi.build.compile import compile_seeds
from policyapi.build.formats.encoding import decode
from policyapi.errors import BuildFailed, DocumentError

ZH = TEST_DOCUMENTS / "zh"


@pytest.mark.parametrize(("name", "encoding", "bom"), [
    ("zhuzhou-ai-action-plan", "utf-16-le", codecs.BOM_UTF16_LE),
    ("zhuzhou-ai-action-plan", "utf-16-be", codecs.BOM_UTF16_BE),
    ("zhuzhou-ai-action-plan", "utf-8", codecs.BOM_UTF8),
    ("hunan-ai-industry-measures-notice", "gb18030", b""),
    ("liling-ai-support-measures", "gbk", b""),
    ("nanhai-ai-plan-traditional", "big5", b""),
])
def test_an_encoded_twin_compiles_to_the_same_facts(tmp_path, name, encoding, bom):
    twin = ZH / f"{name}.txt"
    encoded = tmp_path / f"{name}.txt"
    encoded.write_bytes(bom + twin.read_text("utf-8").encode(encoding))
    got = assert_same_facts(twin, encoded)
    assert got["measures"] and got["lists"]


def test_a_gbk_crlf_copy_of_a_seed_reads_the_same(tmp_path):
    # Windows line ends and GBK, as a copy from a government site often is.
    twin = ZH / "wuxi-ai-plan-no-units.txt"
    copy = tmp_path / "wuxi.txt"
    copy.write_bytes(twin.read_text("utf-8").replace("\n", "\r\n").encode("gbk"))
    assert facts(copy) == facts(twin)


@pytest.mark.parametrize(("raw", "message"), [
    (b"title\n\x81\xff\x81\xff\n", "not text in UTF-8, UTF-16, GB18030/GBK or Big5"),
    (codecs.BOM_UTF8 + b"ok\n\xff\n", "not valid utf-8 text after its byte-order mark"),
])
def test_undecodable_bytes_are_an_error_naming_file_and_line(raw, message):
    with pytest.raises(DocumentError) as error:
        decode(Path("doc.txt"), raw)
    assert error.value.line == 2 and message in error.value.message


def test_a_folder_of_mixed_files(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "hunan").mkdir(parents=True)
    (seeds / "hunan" / "notice.txt").write_bytes((ZH / "hunan-ai-industry-measures-notice.txt").read_bytes())
    (seeds / "zhuzhou.txt").write_bytes((ZH / "zhuzhou-ai-action-plan.txt").read_bytes())
    (seeds / "README.md").write_text("not a document, no warning\n")
    (seeds / ".hidden.txt").write_text("hidden: not read\n")
    (seeds / "scan.tiff").write_bytes(b"II*\x00")
    compiled = compile_seeds(seeds)
    assert sorted(d.id for d in compiled.documents) == ["hunan-notice", "zhuzhou"]  # sub-folders in the id
    assert [(Path(w.file).name, w.stage, w.message) for w in compiled.warnings] == [
        ("scan.tiff", "read", "skipped: .tiff is not a document type (.txt, .html, .htm, .pdf, .docx)")]
    doc = next(d for d in compiled.documents if d.id == "zhuzhou")
    assert (doc.source_format, doc.source_file, len(doc.source_hash)) == ("txt", "zhuzhou.txt", 64)
    with pytest.raises(BuildFailed, match="scan.tiff"):
        compile_seeds(seeds, strict=True)
