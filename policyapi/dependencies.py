"""What handlers take: the store and the GraphQL service over it, put on app state by the lifespan."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import SkipValidation

from policyapi.graphql.execute import GraphQLService
from policyapi.store import Store

# Declared explicitly: Litestar 3 drops inferred dependencies (and 2.x warns about them).
# Not validated: the values are our own objects, and checking them against their type cost
# ~35 µs per request, more than the rest of a REST item request's handling (measured in-process).
StoreDep = NamedDependency[SkipValidation[Store]]
GraphQLDep = NamedDependency[SkipValidation[GraphQLService]]


def _provide_store(state: State) -> Store:
    return state.store


def _provide_graphql(state: State) -> GraphQLService:
    return state.graphql


PROVIDERS = {"store": Provide(_provide_store, sync_to_thread=False),
             "graphql": Provide(_provide_graphql, sync_to_thread=False)}
