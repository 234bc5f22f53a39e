"""A form with mistakes is shown again on the page it was sent from, as the person filled it in.

The page's own view renders it (found by endpoint, as a redirect would find it), so the view that
received the form (endorse, comment) needs no knowledge of that page and imports no other blueprint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g
from flask.typing import ResponseReturnValue

F = TypeVar("F")


def show_page_again(endpoint: str, values: dict[str, Any], **forms: Any) -> ResponseReturnValue:
    """Render the page at `endpoint` within this request, with these forms in place of empty ones."""
    g.forms_sent = forms
    return current_app.ensure_sync(current_app.view_functions[endpoint])(**values)


def sent_or_new(name: str, new: Callable[[], F]) -> F:
    """The form called `name` as it was sent in this request, or a new one."""
    return g.get("forms_sent", {}).get(name) or new()
