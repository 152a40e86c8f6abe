"""Benchmarks build the seeds once and open them like a user would."""

from __future__ import annotations

from pathlib import Path

import pytest

import policyapi

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> policyapi.Store:
    path = tmp_path_factory.mktemp("bench") / "policy.duckdb"
    policyapi.build(SEEDS, path)
    with policyapi.open(path) as opened:
        yield opened


@pytest.fixture(scope="session")
def client(store):
    from litestar.testing import TestClient

    from policyapi.app import create_app

    with TestClient(create_app(store=store)) as test_client:
        yield test_client
