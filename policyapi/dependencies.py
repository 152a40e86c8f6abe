"""What handlers take: the store and the GraphQL service over it, put on app state by the lifespan."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from policyapi.graphql.execute import GraphQLService
from policyapi.store import Store

# Declared explicitly: Litestar 3 drops inferred dependencies (and 2.x warns about them).
StoreDep = NamedDependency[Store]
GraphQLDep = NamedDependency[GraphQLService]


def _provide_store(state: State) -> Store:
    return state.store


def _provide_graphql(state: State) -> GraphQLService:
    return state.graphql


PROVIDERS = {"store": Provide(_provide_store, sync_to_thread=False),
             "graphql": Provide(_provide_graphql, sync_to_thread=False)}
