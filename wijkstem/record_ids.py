"""Record ids that come from outside (URLs, forms), bounded to what an id column can hold.

A number past the 32-bit INTEGER range makes PostgreSQL refuse the query and SQLite overflow;
such an id can never exist, so it is simply not found (404), never a server error.
"""

from __future__ import annotations

import builtins

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in every route: numbers above MAX_ID do not match, so the route answers 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 (werkzeug's names)
        bound = MAX_ID if max is None else builtins.min(max, MAX_ID)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=bound, signed=signed)


def parse_id(value) -> int | None:
    """The id a form field or query string holds, or None when it cannot be a record's id."""
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def coerce_id(value) -> int:
    """For form fields (`coerce=`): a value that cannot be an id is a ValueError, which the form reports."""
    number = parse_id(value)
    if number is None:
        raise ValueError(value)
    return number
