"""Cursor pagination shared by GraphQL connections and REST pages.

A cursor is an opaque token for a position in one ordered result; the data never changes
within a build, so a position is stable. Tokens we did not issue are a clear error.
"""

from __future__ import annotations

import base64
import binascii

from policyapi.errors import QueryError

DEFAULT_PAGE = 20
MAX_PAGE = 100
_PREFIX = "cursor:"
MAX_CURSOR_DIGITS = 10  # an offset into any list we serve; bounds the int() work


class PageSize(int):
    """A page size from a query string: digits only, 0 to MAX_PAGE ("first=20"; "first=20.0" is refused).

    Its own type so the REST layer can decode it strictly (msgspec's lax mode would read "20.0" as 20,
    which the OpenAPI schema, an integer, does not allow)."""


def decode_page_size(_type: type, value: object) -> PageSize:
    """Litestar type decoder for PageSize (app.py registers it)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 4:
        number = int(value)
    else:
        raise ValueError(f"a page size is a whole number from 0 to {MAX_PAGE}, written with digits")
    if not 0 <= number <= MAX_PAGE:
        raise ValueError(f"a page size is a whole number from 0 to {MAX_PAGE}, not {number}")
    return PageSize(number)


def at_most_a_page(name: str, values: list | None) -> list | None:
    """A list argument (ids, places, years) of at most MAX_PAGE values, else a QueryError."""
    if values is not None and len(values) > MAX_PAGE:
        raise QueryError(f"{name}: at most {MAX_PAGE} values, got {len(values)}")
    return values


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The offset in a cursor this API issued; anything else (other digits, zero padding, base64 padding,
    an offset of more than MAX_CURSOR_DIGITS digits) is a QueryError, never an int() crash."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    digits = raw[len(_PREFIX):]
    # str.isdigit() admits "²" and "٣": only ASCII digits, and only the one spelling encode_cursor writes.
    if (raw.startswith(_PREFIX) and digits.isascii() and digits.isdigit() and len(digits) <= MAX_CURSOR_DIGITS
            and encode_cursor(int(digits)) == cursor):
        return int(digits)
    raise QueryError(f"invalid cursor {cursor[:100]!r}: use a cursor returned by this API")


def page_bounds(total: int, first: int | None, after: str | None, last: int | None,
                before: str | None) -> tuple[int, int]:
    """[start, end) of the requested page in a list of `total` items (Relay's algorithm)."""
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 0 <= size <= MAX_PAGE:
            raise QueryError(f"{name} must be between 0 and {MAX_PAGE}, got {size}")
    start, end = 0, total
    if after is not None:
        start = min(max(decode_cursor(after) + 1, 0), total)
    if before is not None:
        end = max(min(decode_cursor(before), total), start)
    if first is None and last is None:
        first = DEFAULT_PAGE
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    return start, end
