"""Caches for GraphQL over immutable data: whole responses and persisted queries (APQ).

A store never changes after it is opened, so a response is a pure function of the
normalised query, the variables and the operation name; the caches belong to one store
(one dataset version) and are dropped with it.
"""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict
from typing import Any, Generic, TypeVar

import msgspec
from graphql import GraphQLError, parse, print_ast

V = TypeVar("V")


class LRU(Generic[V]):
    """A bounded least-recently-used map; `size` 0 keeps nothing (the cache is off)."""

    def __init__(self, size: int, max_bytes: int | None = None) -> None:
        self.size, self.max_bytes = size, max_bytes
        self._items: OrderedDict[Any, V] = OrderedDict()
        self._bytes = 0

    @property
    def enabled(self) -> bool:
        return self.size > 0

    def get(self, key: Any) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: Any, value: V) -> None:
        if not self.enabled:
            return
        if (old := self._items.pop(key, None)) is not None:
            self._bytes -= _weight(old)
        self._items[key] = value
        self._bytes += _weight(value)
        while len(self._items) > self.size or (self.max_bytes is not None and self._bytes > self.max_bytes):
            _, dropped = self._items.popitem(last=False)
            self._bytes -= _weight(dropped)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items


def _weight(value: object) -> int:
    return len(value[1]) if isinstance(value, tuple) and isinstance(value[1], bytes) else 0


@functools.lru_cache(maxsize=4096)
def normalised_query(query: str, max_tokens: int) -> str:
    """A digest of the query's canonical form: the same operation however it is spaced or commented."""
    try:
        canonical = print_ast(parse(query, no_location=True, max_tokens=max_tokens))
    except GraphQLError:
        canonical = query  # not GraphQL: never answered from the cache anyway
    return hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()


def response_key(query: str, variables: dict[str, Any] | None, operation_name: str | None,
                 max_tokens: int) -> str:
    encoded = msgspec.json.encode(variables or {}, order="sorted")
    return f"{normalised_query(query, max_tokens)}|{operation_name or ''}|{encoded.decode()}"


def sha256_hex(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()
