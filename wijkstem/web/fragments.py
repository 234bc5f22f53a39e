"""Parts of a page that cost a lot to draw and almost never change, drawn once per process and kept.

The A-Z index of /gemeenten is ~400 links; drawing it with the component macros is most of the page's
render. It only changes when the municipalities themselves change, so the view draws it once per
language and content and keeps the HTML in the process (a handful of entries, never anything
personal: a kept fragment must depend only on its key and the language).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

MAX_KEPT = 32  # languages x versions of each fragment: a few
_lock = threading.Lock()


def kept_fragment(key: Hashable, draw: Callable[[], str]) -> Markup:
    """The HTML `draw()` (a template render) gives for `key` in this language, drawn once per process."""
    kept: OrderedDict = current_app.extensions.setdefault("wijkstem_fragments", OrderedDict())
    full_key = (str(get_locale()), request.script_root, key)
    html = kept.get(full_key)
    if html is None:
        html = Markup(draw())  # noqa: S704  # a rendered template: escaped by Jinja already
        with _lock:
            kept[full_key] = html
            while len(kept) > MAX_KEPT:
                kept.popitem(last=False)
    return html
