"""Caches for GraphQL over immutable data: whole responses, persisted queries (APQ), plans.

A store never changes after it is opened, so a response is a pure function of the
normalised query, the operation name and the variables the operation declares; the caches
belong to one store (one dataset version) and are dropped with it.

Every cache is bounded in bytes as well as entries, keys included: a request may be ~100 kB,
so an entry count alone lets a few thousand requests hold gigabytes.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

import msgspec
from graphql import (
    DocumentNode, GraphQLError, IntValueNode, NullValueNode, OperationDefinitionNode, VariableNode, parse, print_ast,
)
from graphql.language import ArgumentNode, Visitor, visit

from policyapi.graphql.limits import PAGE_ARGUMENTS, int_literal
from policyapi.paging import MAX_PAGE

V = TypeVar("V")

ENTRY_OVERHEAD = 200  # bytes an entry costs beyond its key and value: dict slot, tuple, list link
OPERATIONS = 4096  # normalised operations kept (per process)
OPERATIONS_BYTES = 8 * 2**20  # ... and their bytes: digests, variable names


class LRU(Generic[V]):
    """A least-recently-used map bounded by entries and bytes; `size` 0 keeps nothing (the cache is off).

    Bytes are the keys' and values' own (`sys.getsizeof`, through tuples) plus ENTRY_OVERHEAD,
    or the `nbytes` given to `put` for values `getsizeof` cannot see into (plans). Locked:
    library calls share a service between threads."""

    def __init__(self, size: int, max_bytes: int) -> None:
        self.size, self.max_bytes = size, max_bytes
        self._items: OrderedDict[Any, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.nbytes = 0

    @property
    def enabled(self) -> bool:
        return self.size > 0

    def get(self, key: Any, default: Any = None) -> V | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return default
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Any, value: V, nbytes: int | None = None) -> None:
        weight = sizeof(key) + (sizeof(value) if nbytes is None else nbytes) + ENTRY_OVERHEAD
        if not self.enabled or weight > self.max_bytes:
            return
        with self._lock:
            if (old := self._items.pop(key, None)) is not None:
                self.nbytes -= old[1]
            self._items[key] = (value, weight)
            self.nbytes += weight
            while len(self._items) > self.size or self.nbytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self.nbytes -= dropped

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items


def sizeof(value: object) -> int:
    """Bytes held by a key or value: strings, bytes, numbers and tuples of them."""
    if isinstance(value, tuple):
        return sys.getsizeof(value) + sum(sizeof(v) for v in value)
    return 0 if value is None else sys.getsizeof(value)


@dataclass(frozen=True, slots=True)
class Operation:
    """What the caches need to know of one request's query and operation name."""

    key: str  # digest of the canonical form and the operation name: however spaced or commented
    declared: tuple[str, ...]  # variables the operation declares: no other can change the answer
    # Variables given as `first`/`last`, with their defaults (a page size, None, or MAX_PAGE when not
    # an Int): the cost depends on their values, so it is checked again for each request.
    paged: tuple[tuple[str, int | None], ...]
    size: int  # characters of the canonical form: what a plan of it costs scales with it


class Parsed(NamedTuple):
    """What one parse of a request's query tells: the HTTP layer chooses with `kinds`, the caches use `operation`."""

    kinds: tuple[tuple[str | None, str], ...] | None  # (name, type) of each operation; None: not GraphQL
    operation: Operation | None  # the one the request runs; None when it cannot be chosen


# Keyed by a digest of the text, not the text: comment-padded queries would otherwise keep ~100 kB each.
operations: LRU[Parsed] = LRU(OPERATIONS, OPERATIONS_BYTES)


def parsed(query: str, operation_name: str | None, max_tokens: int) -> Parsed:
    """The request's query parsed once, whoever asks first (the HTTP layer, then the service)."""
    digest = hashlib.blake2b(query.encode(), digest_size=16)
    digest.update(b"\0" + (operation_name or "").encode() + b"\0" + str(max_tokens).encode())
    text_key = digest.hexdigest()
    if (known := operations.get(text_key)) is not None:  # one look-up: another thread may evict
        return known
    try:
        document = parse(query, no_location=True, max_tokens=max_tokens)
    except GraphQLError:
        found = Parsed(None, None)
    else:
        found = Parsed(tuple((d.name.value if d.name else None, d.operation.value) for d in document.definitions
                             if isinstance(d, OperationDefinitionNode)), _operation(document, operation_name))
    operations.put(text_key, found)
    return found


def operation(query: str, operation_name: str | None, max_tokens: int) -> Operation | None:
    """The request's operation, normalised; None when the query is not GraphQL (never answered from a cache)."""
    return parsed(query, operation_name, max_tokens).operation


def _operation(document: DocumentNode, operation_name: str | None) -> Operation | None:
    canonical = print_ast(document)
    chosen = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)
              and (operation_name is None or (d.name and d.name.value == operation_name))]
    if len(chosen) != 1:
        return None  # no such operation, or several without a name: an error, never cached
    definitions = chosen[0].variable_definitions or ()
    defaults = {v.variable.name.value: _default_page(v.default_value) for v in definitions}
    finder = _PageVariables()
    visit(document, finder)
    key = hashlib.blake2b(f"{canonical}\0{operation_name or ''}".encode(), digest_size=16).hexdigest()
    return Operation(key, tuple(sorted(defaults)),
                     tuple((name, defaults[name]) for name in sorted(finder.names & defaults.keys())),
                     len(canonical))


def _default_page(value: object) -> int | None:
    if value is None or isinstance(value, NullValueNode):
        return None  # absent or null: the field's own default page runs
    return int_literal(value.value) if isinstance(value, IntValueNode) else MAX_PAGE


class _PageVariables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        if node.name.value in PAGE_ARGUMENTS and isinstance(node.value, VariableNode):
            self.names.add(node.value.name.value)


def response_key(op: Operation, variables: dict[str, Any] | None) -> str:
    """Only the variables the operation declares: others cannot change the answer (and would pad the key)."""
    used = {k: v for k, v in (variables or {}).items() if k in op.declared}
    return f"{op.key}|{msgspec.json.encode(used, order='sorted').decode()}"


def sha256_hex(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()
