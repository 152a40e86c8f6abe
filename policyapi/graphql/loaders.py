"""Per-request DataLoaders over the store, and the typed request Context.

Every nested relation goes through a loader, so one level of a query costs one batched
`Store.many` call however many parents it has (no N+1). A planned run (see planner.py)
has no event loop to batch on: there `load` answers at once, which in memory is as cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from policyapi.store import Store


@dataclass
class Context:
    store: Store
    immediate: bool = False  # answer loads at once, without batching (planned runs)
    _loaders: dict[str, DataLoader] = field(default_factory=dict)

    def load(self, relation: str, key: str) -> Any:
        """An awaitable for `relation` of `key` (see `Store.many`), batched with its siblings."""
        if self.immediate:
            return _Ready(self.store.one(relation, key))
        loader = self._loaders.get(relation)
        if loader is None:
            store = self.store

            async def load_many(keys: list[str]) -> list[Any]:
                return store.many(relation, keys)

            loader = self._loaders[relation] = DataLoader(load_fn=load_many)
        return loader.load(key)


class _Ready:
    """An awaitable whose value is already there: awaiting it never suspends."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __await__(self):
        return self.value
        yield  # a generator that returns at once
