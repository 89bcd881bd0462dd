"""Opaque cursors of keyset-paged lists: the sort value and id of the row at a page's edge, and the direction.

A list found by keyset costs the same for its last page as for its first; see devices/filters.py and
reports/audit.py. "last" asks for the last page (backwards from nothing).
"""
import base64
import binascii
import json
from datetime import datetime

#: a cursor that asks for the last page
LAST = "last"


class InvalidCursor(ValueError):
    """A page cursor that this list did not make."""


def encode_cursor(value, row_id: int, backwards: bool) -> str:
    """An opaque cursor of any keyset list: the rows after (or before) the row with this sort value and id."""
    raw = json.dumps(["b" if backwards else "a", value, row_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, parse_value) -> tuple[bool, tuple | None]:
    """(backwards, (value, id) or None) of a cursor that encode_cursor made; raises InvalidCursor."""
    if not cursor:
        return False, None
    if cursor == LAST:
        return True, None
    try:
        direction, value, row_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if direction not in ("a", "b"):
            raise ValueError(direction)
        return direction == "b", (parse_value(value), whole(row_id))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidCursor(cursor) from error


def whole(value) -> int:
    """A cursor's whole number within the database's integers; raises ValueError."""
    if not isinstance(value, int) or isinstance(value, bool) or not -2**62 < value < 2**62:
        raise ValueError(value)
    return value


def parse_moment(value) -> datetime:
    """A cursor's aware ISO datetime; raises ValueError or TypeError."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(value)
    return parsed


def keyset_window(rows: list, limit: int, backwards: bool, boundary) -> tuple[list, bool, bool]:
    """From the limit + 1 rows read past the boundary: the page's rows in list order, whether it is the first page,
    and whether it is the last."""
    more = len(rows) > limit
    rows = rows[:limit]
    if backwards:
        rows.reverse()
    first = not more if backwards else boundary is None
    last = boundary is None if backwards else not more
    return rows, first, last
