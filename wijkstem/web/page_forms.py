"""A form with mistakes is shown again on the page it was sent from, as the person filled it in.

The page's own view renders it, so the view that received the form (endorse, comment) needs no
knowledge of that page and imports no other blueprint. A page opts in with `@shows_sent_forms(bp)`
under its route: the list of such pages is `PAGES_SHOWING_SENT_FORMS`, visible and checked, rather
than any view of the app being re-dispatched by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, current_app, g
from flask.typing import ResponseReturnValue

F = TypeVar("F")
V = TypeVar("V", bound=Callable[..., Any])

# endpoint -> the page view that shows a form sent to another view again
PAGES_SHOWING_SENT_FORMS: dict[str, Callable[..., Any]] = {}


def shows_sent_forms(bp: Blueprint) -> Callable[[V], V]:
    """Mark a page view (put it right under the route) as one that shows forms sent elsewhere again."""

    def register(view: V) -> V:
        PAGES_SHOWING_SENT_FORMS[f"{bp.name}.{view.__name__}"] = view
        return view

    return register


def show_page_again(endpoint: str, values: dict[str, Any], **forms: Any) -> ResponseReturnValue:
    """Render the page at `endpoint` within this request, with these forms in place of empty ones."""
    g.forms_sent = forms
    return current_app.ensure_sync(PAGES_SHOWING_SENT_FORMS[endpoint])(**values)


def sent_or_new(name: str, new: Callable[[], F]) -> F:
    """The form called `name` as it was sent in this request, or a new one."""
    return g.get("forms_sent", {}).get(name) or new()
