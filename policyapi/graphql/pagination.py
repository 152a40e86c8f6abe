"""Relay connections (edges, nodes, pageInfo, totalCount) over in-memory lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Generic, TypeVar

import strawberry
from strawberry.types import Info

from policyapi.paging import encode_cursor, page_bounds

if TYPE_CHECKING:
    from policyapi.graphql.types import Facets

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def _edge_cursor(root: Edge) -> str:
    return encode_cursor(root.offset)


@strawberry.type
class Edge(Generic[T]):
    offset: strawberry.Private[int]
    cursor: str = strawberry.field(resolver=_edge_cursor)  # encoded only when asked for: most queries read `nodes`
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int
    items: strawberry.Private[Sequence[T]]  # the whole filtered set, for its facets

    @strawberry.field(description="The nodes of the edges, for when cursors are not needed.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="Counts over the whole filtered set (not just this page) by place, kind, body "
                                  "type, metric and year: for measures, units and figures.")
    def facets(self, info: Info) -> Annotated["Facets", strawberry.lazy("policyapi.graphql.types")]:
        return info.context.store.facets(self.items)


def paginate(items: list[T], first: int | None = None, after: str | None = None, last: int | None = None,
             before: str | None = None) -> Connection[T]:
    start, end = page_bounds(len(items), first, after, last, before)
    edges = [Edge(offset=i, node=items[i]) for i in range(start, end)]
    return Connection(
        edges=edges,
        items=items,
        total_count=len(items),
        page_info=PageInfo(has_next_page=end < len(items), has_previous_page=start > 0,
                           start_cursor=encode_cursor(start) if edges else None,
                           end_cursor=encode_cursor(end - 1) if edges else None),
    )
