"""Pages for logged-in people stitched from a page rendered once for every logged-in person.

Rendering a page with its discussion for one person costs tens of milliseconds; almost all of it is
the same for everyone who is logged in. So such a page is rendered once per address and language
(kept PAGE_CACHE_SECONDS, like the visitors' page) for a stand-in member: someone logged in who wrote
nothing, marked nothing and endorsed nothing. Where a page differs per person, the template marks a
hole:

    {% call hole('endorse', pillar.id, pillar.slug) %}...what the person sees...{% endcall %}

In an ordinary render `hole` gives its content unchanged. In the shared render it leaves a marker
with an unguessable per-deploy token (derived from SECRET_KEY) instead; `keep=True` keeps the
content there too, as the default that fits most people (the buttons under someone else's comment).
The stored page is split at the markers once; each request then only runs the page's fillers, one
call per hole name for all its holes (so one query for all the comments on a page), and joins the
pieces. The CSRF token and the share code, which the shared render writes as placeholders, are
holes too. The person's own action shows at once: any POST or flashed message by a logged-in
person notes the time in their session, and a shared page older than that is rendered anew.

Nothing personal is ever stored: the shared render runs with the stand-in as the current user and
with the placeholders as CSRF token, and is only kept when it left the session alone. A filler that
finds the person needs the whole page (a comment of theirs held for review, which only they see)
raises `WholePageNeeded`, and the page is rendered for them as before.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import re
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple

from flask import Flask, current_app, g, has_app_context, make_response, message_flashed, request, session
from flask_login import AnonymousUserMixin, current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from wijkstem.extensions import cache
from wijkstem.web import page_cache

ACTED_AT = "_acted_at"  # session key: when this person last changed something (a POST or a message)
STORED_HEADERS = ("Content-Type", "Content-Language")  # no ETag: the pages differ per person


class Hole(NamedTuple):
    name: str
    args: tuple[str, ...]
    default: str


Filler = Callable[[list[Hole]], list[str]]
Segment = str | Hole


class WholePageNeeded(Exception):
    """A filler's answer when this person's page differs from the shared one beyond its holes."""


def hole_token() -> str:
    """Per deploy and the same in every worker; unguessable without SECRET_KEY."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the real app behind the proxy
    token = app.extensions.get("wijkstem_hole_token")
    if token is None:
        key = str(app.config["SECRET_KEY"]).encode()
        token = hmac.new(key, b"wijkstem holes", hashlib.sha256).hexdigest()[:24]
        app.extensions["wijkstem_hole_token"] = token
    return token


def is_shared_render() -> bool:
    return has_app_context() and bool(g.get("wijkstem_shared_render"))


def hole(name: str, *args: Any, keep: bool = False, caller: Callable[[], str]) -> Markup:
    """Jinja: `{% call hole(name, *args) %}content{% endcall %}` (see the module docstring)."""
    if not is_shared_render():
        return Markup("{}").format(caller())  # the content as it is (a Markup already)
    token = hole_token()
    default = caller() if keep else ""
    marked_args = ":".join(str(a) for a in args)
    return Markup("<!--hole:{}:{}:{}-->{}<!--/hole:{}-->").format(token, name, marked_args, default, token)


def _placeholders(token: str) -> dict[str, str]:
    # Letters and digits only: URL-encoding and HTML escaping leave them as they are.
    return {"csrf": f"hole{token}csrf", "share-code": f"hole{token}share"}


def split(body: str) -> list[Segment]:
    """The page in pieces: text, and the holes to fill (markers and placeholders)."""
    token = hole_token()
    places = _placeholders(token)
    pattern = re.compile(
        rf"<!--hole:{token}:([\w-]+):([^>]*?)-->(.*?)<!--/hole:{token}-->"
        + "".join(f"|({value})" for value in places.values()),
        re.DOTALL,
    )
    names = list(places)
    segments: list[Segment] = []
    position = 0
    for match in pattern.finditer(body):
        segments.append(body[position : match.start()])
        if match.group(1):
            args = tuple(match.group(2).split(":")) if match.group(2) else ()
            segments.append(Hole(match.group(1), args, match.group(3)))
        else:
            placeholder = next(i for i in range(len(names)) if match.group(4 + i))
            segments.append(Hole(names[placeholder], (), ""))
        position = match.end()
    segments.append(body[position:])
    return [s for s in segments if s != ""]


def fill(segments: list[Segment], fillers: dict[str, Filler]) -> str:
    """Join the pieces with each hole filled for the person of this request (fillers run in order)."""
    holes: dict[str, list[Hole]] = {}
    for segment in segments:
        if isinstance(segment, Hole):
            holes.setdefault(segment.name, []).append(segment)
    unknown = set(holes) - set(fillers)
    if unknown:
        raise LookupError(f"no filler for the holes {sorted(unknown)}")
    filled: dict[int, str] = {}
    for name, filler in fillers.items():
        if name in holes:
            pieces = filler(holes[name])
            filled.update(zip(map(id, holes[name]), pieces, strict=True))
    # A kept default (the buttons under a comment) carries placeholders of its own.
    token = hole_token()
    if any(token in piece for piece in filled.values()):
        values = {text: fillers[name]([Hole(name, (), "")])[0] for name, text in _placeholders(token).items()}
        for key, piece in filled.items():
            if token in piece:
                for text, value in values.items():
                    piece = piece.replace(text, value)
                filled[key] = piece
    return "".join(filled[id(s)] if isinstance(s, Hole) else s for s in segments)


class StandIn(AnonymousUserMixin):
    """The logged-in person the shared page is rendered for: wrote, marked and endorsed nothing."""

    id = -1
    is_confirmed = True
    is_blocked = False
    is_moderator = False
    is_admin = False

    def __init__(self, share_code: str) -> None:
        self.share_code = share_code

    @property
    def is_authenticated(self) -> bool:  # a member, for the templates
        return True

    @property
    def is_anonymous(self) -> bool:
        return False


def _render_shared(view: Callable, args, kwargs) -> tuple[float, list[Segment], int, list] | None:
    """The page for the stand-in, split at its holes; None when it may not be shared."""
    csrf_field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    places = _placeholders(hole_token())
    person = g.get("_login_user")
    session_was_modified = session.modified
    g._login_user = StandIn(places["share-code"])
    g.wijkstem_shared_render = True
    setattr(g, csrf_field, places["csrf"])  # what flask_wtf.csrf.generate_csrf hands out in this render
    started = time.time()  # the page shows what was stored before this, whatever the render takes
    try:
        response = make_response(view(*args, **kwargs))
    finally:
        if person is None:
            g.pop("_login_user", None)
        else:
            g._login_user = person
        g.pop("wijkstem_shared_render", None)
        g.pop(csrf_field, None)
    if response.status_code != 200 or response.is_streamed or (session.modified and not session_was_modified):
        return None
    headers = [(name, value) for name, value in response.headers if name in STORED_HEADERS]
    return started, split(response.get_data(as_text=True)), response.status_code, headers


def _refresh_later(view: Callable, args, kwargs, key: str, seconds: int) -> None:
    """Render the shared page anew beside the request, as a request without cookies (nobody's)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    environ = dict(request.environ, REQUEST_METHOD="GET")
    environ["wsgi.input"] = io.BytesIO(b"")
    for name in ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "werkzeug.request"):
        environ.pop(name, None)
    locale = session.get("locale")

    def work() -> None:
        try:
            with app.request_context(environ):
                if locale:
                    session["locale"] = locale
                if app.preprocess_request() is None:
                    _store(key, _render_shared(view, args, kwargs), seconds)
        except Exception:  # the stored page stays served; the next expiry tries again
            logging.getLogger(__name__).exception("shared page refresh of %s failed", key)
        finally:
            cache.delete(f"refresh:{key}")

    page_cache.start_refresh(work)


def _store(key: str, shared, seconds: int) -> None:
    if shared is not None:
        cache.set(key, shared, timeout=seconds + current_app.config.get("PAGE_CACHE_STALE_SECONDS", 0))


def _shared_page_at_least(key: str, acted_at: float, view: Callable, args, kwargs, seconds: int):
    """The shared page rendered after `acted_at`: one thread of this process renders it, the others
    that need it meanwhile (everyone who just endorsed, a burst after a quiet spell) use that render
    when it started after their own action, else render it themselves."""

    def render_and_store():
        shared = _render_shared(view, args, kwargs)
        _store(key, shared, seconds)
        return shared

    shared = page_cache.render_once(key, render_and_store)
    if isinstance(shared, page_cache.Waited):
        shared = cache.get(key)
        if shared is None or shared[0] < acted_at:
            shared = render_and_store()
    return shared


def _is_member_request() -> bool:
    return (
        request.method == "GET"
        and current_user.is_authenticated
        and not current_user.is_blocked
        and bool(getattr(current_user, "share_code", None))
        and "forms_sent" not in g
    )


def _csrf_token(holes: list[Hole]) -> list[str]:
    token = generate_csrf()
    return [token] * len(holes)


def _share_code(holes: list[Hole]) -> list[str]:
    return [current_user.share_code] * len(holes)


def render_fragment(template: str, **context: Any) -> str:
    """A small template for the holes, without the page's context processors (language form, ...)."""
    return current_app.jinja_env.get_template(template).render(request=request, user=current_user, **context)


def _flashes(holes: list[Hole]) -> list[str]:
    return [render_fragment("_partials/flashes.html") if "_flashes" in session else ""] * len(holes)


def _account_menu(holes: list[Hole]) -> list[str]:
    """The stand-in's menu fits everyone but moderators and administrators."""
    if not (current_user.is_moderator or current_user.is_admin):
        return [hole.default for hole in holes]
    return [render_fragment("_partials/account_menu.html")] * len(holes)


# The holes of base.html; a page's own fillers run first, so a WholePageNeeded comes before any
# message is taken from the session.
LAYOUT_FILLERS: dict[str, Filler] = {
    "account-menu": _account_menu,
    "flashes": _flashes,
    "csrf": _csrf_token,
    "share-code": _share_code,
}


def shared_with_members(fillers: dict[str, Filler]) -> Callable[[Callable], Callable]:
    """Serve this GET view to logged-in people from the shared page, the page's holes filled by
    `fillers` (hole name -> filler), those of base.html by LAYOUT_FILLERS. Put it under `cached_for_visitors`."""
    all_fillers = fillers | LAYOUT_FILLERS

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
            if not seconds or not _is_member_request():
                return view(*args, **kwargs)
            key = f"shared-page:{session.get('locale') or 'nl'}:{request.full_path}"
            stored = cache.get(key)
            acted_at = session.get(ACTED_AT, 0)
            if stored is None or stored[0] < acted_at:
                stored = _shared_page_at_least(key, acted_at, view, args, kwargs, seconds)
                if stored is None:
                    return view(*args, **kwargs)
            elif time.time() - stored[0] >= seconds and cache.add(f"refresh:{key}", 1, timeout=max(seconds, 30)):
                _refresh_later(view, args, kwargs, key, seconds)
            stored_at, segments, status, headers = stored
            try:
                body = fill(segments, all_fillers)
            except WholePageNeeded:
                return view(*args, **kwargs)
            return current_app.response_class(body, status=status, headers=headers)

        return wrapper

    return decorate


def _note_action(sender: Flask | None = None, **extra: Any) -> None:
    if "_user_id" in session:
        session[ACTED_AT] = time.time()


def init_app(app: Flask) -> None:
    app.jinja_env.globals["hole"] = hole

    @app.after_request
    def note_changes(response):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            _note_action()
        return response

    message_flashed.connect(_note_action, app)  # flash() of any view, also after a GET (a mail link)
