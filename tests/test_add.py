"""`policyapi add`: a local file, and URLs served by a local HTTP server (no internet here)."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import tomllib
from pathlib import Path

import pytest

from conftest import TEST_DOCUMENTS
from policyapi.build import add as add_module
from policyapi.build.add import AddFailed, add
from policyapi.build.compile import compile_seeds
from policyapi.cli import main

HUNAN = TEST_DOCUMENTS / "zh" / "hunan-ai-industry-measures-notice.txt"
TODAY = dt.date(2026, 11, 30)
PAGE = ("<html><head><meta charset='gbk'><title>某某</title></head><body><div class='nav'>首页 政务公开</div>"
        "<div class='article'>" + "".join(f"<p>{line}</p>" for line in HUNAN.read_text("utf-8").splitlines()
                                           if line.strip()) + "</div></body></html>").encode("gbk")


class _Handler(http.server.BaseHTTPRequestHandler):
    seen_agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        _Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/policy/notice")
            self.end_headers()
            return
        if self.path == "/policy/notice":  # no suffix: the Content-Type says what it is
            body, kind = PAGE, "text/html; charset=gbk"
        elif self.path == "/huge.txt":
            body, kind = b"x" * 2048, "text/plain"
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _sidecar(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


def test_a_local_file_is_copied_with_a_sidecar_of_what_it_states(tmp_path):
    (added,) = add([str(HUNAN)], tmp_path / "seeds", today=TODAY)
    assert added.path.name.startswith("hunan-2026-03-18-") and added.path.suffix == ".txt"
    assert added.path.read_bytes() == HUNAN.read_bytes()
    assert _sidecar(added.sidecar) == {
        "title": "湖南省人民政府办公厅关于印发《湖南省加快人工智能产业集聚发展的若干措施》的通知",
        "issuer": "湖南省人民政府办公厅", "number": "湘政办发〔2026〕9号", "published": "2026-03-18",
        "jurisdiction": "430000", "kind": "policy", "source": HUNAN.name, "retrieved": "2026-11-30"}
    compiled = compile_seeds(tmp_path / "seeds")  # the seeds folder builds, with the sidecar
    (doc,) = compiled.documents
    assert (doc.number, doc.source_file, doc.source_format) == ("湘政办发〔2026〕9号", HUNAN.name, "txt")
    with pytest.raises(AddFailed, match="is already in"):  # the same document twice
        add([str(HUNAN)], tmp_path / "seeds", today=TODAY)


def test_a_url_is_downloaded_following_redirects(tmp_path, server):
    (added,) = add([f"{server}/moved"], tmp_path / "seeds", today=TODAY)
    assert added.path.suffix == ".html" and added.path.read_bytes() == PAGE
    sidecar = _sidecar(added.sidecar)
    assert (sidecar["source"], sidecar["retrieved"], sidecar["number"]) == (
        f"{server}/moved", "2026-11-30", "湘政办发〔2026〕9号")
    assert _Handler.seen_agents[-1].startswith("policyapi/")  # a polite User-Agent
    (doc,) = compile_seeds(tmp_path / "seeds").documents
    assert (doc.source_format, doc.jurisdiction_code) == ("html", "430000")


def test_download_failures_add_nothing(tmp_path, server, monkeypatch):
    seeds = tmp_path / "seeds"
    with pytest.raises(AddFailed, match="answered 404"):
        add([f"{server}/missing.html"], seeds)
    monkeypatch.setattr(add_module, "MAX_BYTES", 1024)
    with pytest.raises(AddFailed, match="over the limit"):
        add([f"{server}/huge.txt"], seeds)
    with pytest.raises(AddFailed, match="cannot download"):
        add(["http://127.0.0.1:9/nothing-listens-here.html"], seeds)
    assert not seeds.exists() or list(seeds.iterdir()) == []


def test_a_file_that_cannot_be_read_adds_nothing(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"title\n\x81\xff\x81\xff")  # neither UTF-8, GB18030 nor Big5
    with pytest.raises(AddFailed, match="bad.txt"):
        add([str(bad)], tmp_path / "seeds")
    odd = tmp_path / "notes.odt"
    odd.write_bytes(b"x")
    with pytest.raises(AddFailed, match="not a document type"):
        add([str(odd)], tmp_path / "seeds")
    assert list((tmp_path / "seeds").iterdir()) == []


def test_the_cli_in_one_line(tmp_path, capsys):
    main(["add", str(HUNAN), "--seeds", str(tmp_path / "seeds")])
    out = capsys.readouterr().out
    assert out.startswith(f"added {tmp_path / 'seeds'}/hunan-2026-03-18-") and "review" in out
    with pytest.raises(SystemExit) as exit_:
        main(["add", str(tmp_path / "nope.txt"), "--seeds", str(tmp_path / "seeds")])
    assert exit_.value.code == 1 and "cannot read the file" in capsys.readouterr().err
