"""One shape for a page of a longer list, and the one way a page number is read from the address.

Services return a `Page`; the view fills in the links (`link_pages`) and the template shows them
with the `pager` macro in templates/_partials/pager.html. A keyset page (no page numbers) sets
`next_url` itself from its cursor; the macro only follows the URLs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from flask import request, url_for
from sqlalchemy import Select

from wijkstem.extensions import db

T = TypeVar("T")

PAGE_ARG = "pagina"
MAX_PAGE = 100_000


@dataclass
class Page(Generic[T]):
    items: list[T]
    number: int = 1
    has_next: bool = False
    total: int | None = None  # None when the list is not counted (limit + 1, keyset)
    pages: int | None = None
    next_cursor: str | None = None  # a keyset page: where the next one starts
    next_url: str | None = None
    prev_url: str | None = None
    is_keyset: bool = False  # no page numbers: "more" after a cursor, and back to the first page

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @classmethod
    def counted(cls, items: Sequence[T], number: int, total: int, per_page: int) -> Page[T]:
        pages = max(1, -(-total // per_page))
        return cls(items=list(items), number=number, has_next=number < pages, total=total, pages=pages)

    @classmethod
    def from_extra_row(cls, rows: Sequence[T], number: int, per_page: int) -> Page[T]:
        """`rows` were fetched with limit per_page + 1: the extra row only says there is a next page."""
        return cls(items=list(rows[:per_page]), number=number, has_next=len(rows) > per_page)


def clamp(number: int, total: int, per_page: int) -> int:
    """A page number that exists for this many items (the last page when asked for one past it)."""
    return min(max(number, 1), max(1, -(-total // per_page)))


def paginate(statement: Select, number: int, per_page: int) -> Page[Any]:
    """An offset page of a select, counted."""
    result = db.paginate(statement, page=max(number, 1), per_page=per_page, error_out=False, count=True)
    return Page.counted(result.items, result.page, result.total or 0, per_page)


def whole_number(value: str | None, maximum: int) -> int | None:
    """The one page-number (and cursor) parser: 1 to maximum, written in the digits 0-9 only
    (str.isdigit alone also takes '²', which int() refuses); None for anything else."""
    if value is None or not (value.isascii() and value.isdigit()) or not 0 < int(value) <= maximum:
        return None
    return int(value)


def page_number() -> int:
    """?pagina= as a page number; anything else (text, 0, huge) is page 1."""
    return whole_number(request.args.get(PAGE_ARG), MAX_PAGE - 1) or 1


def page_url(endpoint: str, number: int, args: dict[str, str], anchor: str | None = None, **values: Any) -> str:
    """The address of page `number`; page 1 carries no page number, so it has one address."""
    # mypy checks the **dicts against url_for's own options (_external, _method...) and gives false errors.
    return url_for(endpoint, **values, **args, **_page_arg(number), _anchor=anchor)  # type: ignore[arg-type]


def link_pages(
    page: Page[T], endpoint: str, args: dict[str, str] | None = None, anchor: str | None = None, **values: Any
) -> Page[T]:
    """Fill in the page's previous/next links: same endpoint and query (filters, sort), other page number.

    `args`: the query to keep; by default everything in the address except the page number.
    """
    kept = _kept(args)
    return _link(page, lambda number: page_url(endpoint, number, kept, anchor, **values))


def link_pages_at(page: Page[T], base_url: str, args: dict[str, str] | None = None, anchor: str = "") -> Page[T]:
    """As link_pages, for a page known by its address (a discussion on whatever page shows it)."""
    kept = _kept(args)
    return _link(page, lambda number: _with_query(base_url, {**kept, **_page_arg(number)}) + anchor)


def link_keyset_pages(page: Page[T], base_url: str, cursor_arg: str, is_later: bool, anchor: str = "") -> Page[T]:
    """A keyset page's links: the next page continues after its cursor, a later page links back to the
    first; both keep the rest of the address (order, filter)."""
    kept = {key: value for key, value in request.args.items() if key not in (cursor_arg, PAGE_ARG)}
    if page.next_cursor is not None:
        page.next_url = _with_query(base_url, {**kept, cursor_arg: page.next_cursor}) + anchor
    if is_later:
        page.prev_url = _with_query(base_url, kept) + anchor
    return page


def _page_arg(number: int) -> dict[str, int]:
    return {PAGE_ARG: number} if number > 1 else {}


def _kept(args: dict[str, str] | None) -> dict[str, str]:
    if args is not None:
        return args
    return {key: value for key, value in request.args.items() if key != PAGE_ARG}


def _with_query(base_url: str, query: dict[str, Any]) -> str:
    return f"{base_url}?{urlencode(query)}" if query else base_url


def _link(page: Page[T], address: Callable[[int], str]) -> Page[T]:
    if page.has_next and page.next_url is None:
        page.next_url = address(page.number + 1)
    if page.has_prev and page.prev_url is None:
        page.prev_url = address(page.number - 1)
    return page
