"""The one dependency every handler takes: the store, put on app state by the lifespan."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from policyapi.store import Store

# Declared explicitly: Litestar 3 drops inferred dependencies (and 2.x warns about them).
StoreDep = NamedDependency[Store]


def _provide_store(state: State) -> Store:
    return state.store


PROVIDERS = {"store": Provide(_provide_store, sync_to_thread=False)}
