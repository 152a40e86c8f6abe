"""The load run in short form: a real server with two workers, 64 clients, every answer checked."""

from __future__ import annotations

from load import run

MEMORY_MARGIN = 1.25  # RSS after the run may exceed RSS after warm-up by at most 25 %


def test_short_load_run_has_no_errors_and_no_memory_growth(db_path):
    report = run(db_path, seconds=4, workers=2, clients=64, warmup=2)
    assert report["errors"] == 0, report["first_errors"]
    assert report["distinct_requests"] == 16 * 2 + 4 + 37 * 2 + 4  # measures, pages, units, searches
    assert report["requests"] > report["distinct_requests"]  # every probe went round at least once
    assert report["rss_after_run_mb"] <= report["rss_after_warmup_mb"] * MEMORY_MARGIN, report
