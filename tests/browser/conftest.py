"""Browser tests: the real app behind a real HTTP server, driven by Debian's Chromium.

The live server serves the session `app` from tests/conftest.py, so it shares the test
database and its per-test cleaning. Werkzeug handles each request in its own thread and Flask
pushes a fresh app context per request, so the test's own app context (pushed by
`_clean_database`) never leaks into the server.

Never run `playwright install`: the browser is /usr/bin/chromium.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from wijkstem.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}


@dataclass
class LiveServer:
    url: str
    host: str


@pytest.fixture(scope="session")
def _server(app) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    host = f"127.0.0.1:{server.server_port}"
    yield LiveServer(url=f"http://{host}", host=host)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_server(app, _server) -> Iterator[LiveServer]:
    """The live server, with CSRF on (a real browser sends the token) and mail links pointing at it."""
    overrides = {"WTF_CSRF_ENABLED": True, "WIJKSTEM_BASE_URL": _server.url}
    saved = {key: app.config.get(key) for key in overrides}
    app.config.update(overrides)
    # The test thread must not hold a database transaction open while the server writes (SQLite locks).
    db.session.remove()
    yield _server
    app.config.update(saved)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class RequestLog:
    allowed_host: str
    foreign: list[str] = field(default_factory=list)

    def record(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"data", "blob", "about"}:
            return
        if parts.netloc != self.allowed_host:
            self.foreign.append(request.url)


@pytest.fixture
def page(request, browser, live_server) -> Iterator[Page]:
    """A fresh browser context per test; fails the test if the page asked any other host for anything.

    JavaScript is on; `@pytest.mark.parametrize("page", [False], indirect=True)` turns it off.
    """
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="nl-NL",
        java_script_enabled=getattr(request, "param", True),
    )
    context.set_default_timeout(10_000)
    log = RequestLog(allowed_host=live_server.host)
    context.on("request", log.record)
    # Third-party requests are recorded above and then refused, so nothing leaves the machine.
    context.route(
        lambda url: urlsplit(url).netloc not in {live_server.host, ""},
        lambda route: route.abort(),
    )
    page = context.new_page()
    page.wijkstem_javascript = getattr(request, "param", True)
    page.on("pageerror", lambda error: log.foreign.append(f"JavaScript error: {error}"))
    yield page
    context.close()
    if log.foreign:
        pytest.fail("The page made requests to other hosts (or raised JS errors):\n" + "\n".join(log.foreign))


_axe = Axe()


@pytest.fixture
def axe_check() -> Callable[[Page], None]:
    """axe_check(page): fail on serious or critical axe-core violations of the current page."""
    return check_accessibility


def check_accessibility(page: Page) -> None:
    """Fail on any serious or critical axe-core violation on the current page, listing them readably."""
    if getattr(page, "wijkstem_javascript", True):
        results = _axe.run(page)
    else:
        results = _run_axe_on_copy(page)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if not blocking:
        return
    lines = [f"{len(blocking)} serious/critical accessibility violation(s) on {page.url}:"]
    for violation in blocking:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}".rstrip())
            lines.append(f"      {node.get('html', '')[:200]}")
    pytest.fail("\n".join(lines), pytrace=False)


def _run_axe_on_copy(page: Page):
    """axe needs timers, which never fire with JavaScript off: check the same HTML in a scripted page.

    The copy gets the exact markup the no-JS page shows (the site's own scripts are kept out), served
    at the same URL so styles and relative links resolve as before.
    """
    html, url = page.content(), page.url
    context = page.context.browser.new_context(viewport=page.viewport_size, locale="nl-NL")
    try:
        context.route(
            lambda u: u.split("#")[0] == url.split("#")[0],
            lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
        )
        context.route("**/*.js", lambda route: route.abort())
        copy = context.new_page()
        copy.goto(url)
        return _axe.run(copy)
    finally:
        context.close()
