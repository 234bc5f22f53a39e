"""Public pages are kept a few seconds for visitors; logged-in people always see a fresh page."""

from __future__ import annotations

import time

import pytest
from flask import flash
from flask_wtf.csrf import generate_csrf

from tests.conftest import all_at_once, counting_queries
from tests.participation_fixtures import SLUG
from wijkstem.extensions import cache
from wijkstem.services.discussion import comments
from wijkstem.subjects import Subject
from wijkstem.web import page_cache as page_cache_module
from wijkstem.web.page_cache import cached_for_visitors

CACHED_PAGES = [
    "/",
    f"/manifest/{SLUG}",
    "/api/v1/pillars",
    "/ervaringen",
    "/ervaringen?q=fiets",
    "/gemeente/utrecht",
    "/gemeenten",
    f"/manifest/{SLUG}/steunbetuigingen",
]


@pytest.fixture
def page_cache(app):
    app.config["PAGE_CACHE_SECONDS"] = 5
    cache.clear()
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    cache.clear()


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_visitor_gets_the_page_from_the_cache_without_queries(app, page_cache, path):
    visitor = app.test_client()
    first = visitor.get(path)
    assert first.status_code == 200
    with counting_queries() as statements:
        again = app.test_client().get(path)
    assert statements == []
    assert again.get_data() == first.get_data()
    assert again.headers["Cache-Control"] == "public, max-age=5"
    assert "Cookie" in again.headers["Vary"]
    assert "Set-Cookie" not in again.headers


def test_the_person_who_acts_sees_it_at_once_visitors_within_seconds(app, page_cache, make_user, client_for):
    app.config["PAGE_CACHE_SECONDS"] = 600  # logging in is slow on purpose; the page must not expire meanwhile
    visitor = app.test_client()
    assert "Nog geen reacties" in visitor.get(f"/manifest/{SLUG}").get_data(as_text=True)
    anna = client_for(make_user(display_name="Anna"))
    response = anna.post(f"/manifest/{SLUG}/reacties", data={"body": "Mijn eigen reactie", "point": ""})
    page = anna.get(response.headers["Location"])
    assert "Mijn eigen reactie" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Mijn eigen reactie" not in visitor.get(f"/manifest/{SLUG}").get_data(as_text=True)  # kept a while
    cache.clear()  # as when the seconds have passed
    assert "Mijn eigen reactie" in visitor.get(f"/manifest/{SLUG}").get_data(as_text=True)


def test_a_page_with_a_flashed_message_is_not_kept_or_served_from_the_cache(app, page_cache):
    app.test_client().get(f"/manifest/{SLUG}")
    visitor = app.test_client()
    with visitor.session_transaction() as session:
        session["_flashes"] = [("info", "Een bericht alleen voor jou")]
    assert "Een bericht alleen voor jou" in visitor.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Een bericht alleen voor jou" not in app.test_client().get(f"/manifest/{SLUG}").get_data(as_text=True)


def test_each_language_has_its_own_cached_page(app, page_cache):
    assert "Lees het manifest" in app.test_client().get("/").get_data(as_text=True)
    english = app.test_client()
    english.post("/taal", data={"locale": "en", "next": "/"})
    assert "Read the manifesto" in english.get("/").get_data(as_text=True)
    assert "Lees het manifest" in app.test_client().get("/").get_data(as_text=True)


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_with_csrf_on_visitor_pages_carry_no_token_and_set_no_cookie(app, page_cache, client, path):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.get(path)
        assert "csrf_token" not in response.get_data(as_text=True)
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "public, max-age=5"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_visitor_who_wants_to_endorse_is_sent_to_make_an_account(client):
    html = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    # A GET form without a token keeps the page the same for every visitor (cacheable).
    assert f'<form method="get" action="/manifest/{SLUG}/steunen/start"' in html and "csrf_token" not in html
    assert "Steun deze pijler — maak een account, 2 minuten" in html


def test_a_response_that_made_a_csrf_token_or_flashed_is_never_stored(app, page_cache):
    calls = []

    @cached_for_visitors
    def with_token():
        calls.append("token")
        return f"<form>{generate_csrf()}</form>"

    @cached_for_visitors
    def with_flash():
        calls.append("flash")
        flash("Alleen voor deze bezoeker")
        return "<p>pagina</p>"

    app.config["WTF_CSRF_ENABLED"] = True
    try:
        for view in (with_token, with_flash):
            for _ in range(2):
                with app.test_request_context("/een-pagina"):
                    view()
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert calls == ["token", "token", "flash", "flash"]


def test_logged_in_requests_skip_the_cache(app, page_cache, make_user, client_for, pillar):
    anna = make_user()
    comments.post_comment(anna, Subject.PILLAR, pillar.id, "Eerste reactie")
    browser = client_for(anna)
    browser.get(f"/manifest/{SLUG}")
    with counting_queries() as statements:
        response = browser.get(f"/manifest/{SLUG}")
    assert statements and response.headers["Cache-Control"] == "no-store"


def test_an_expired_page_is_served_once_more_while_one_request_renders_it_anew(
    app, page_cache, monkeypatch, make_user, pillar
):
    """No visitor waits for the render after expiry: the kept page goes out while a refresh runs beside."""
    app.config["PAGE_CACHE_STALE_SECONDS"] = 5
    refreshes = []
    monkeypatch.setattr(page_cache_module, "start_refresh", refreshes.append)  # run them when the test says
    visitor = app.test_client()
    assert "Nog geen reacties" in visitor.get(f"/manifest/{SLUG}").get_data(as_text=True)
    comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Een nieuwe reactie")
    later = time.time() + 6  # past PAGE_CACHE_SECONDS, within the stale seconds
    monkeypatch.setattr(page_cache_module.time, "time", lambda: later)

    with counting_queries() as statements:
        stale = visitor.get(f"/manifest/{SLUG}")
    assert statements == [] and "Nog geen reacties" in stale.get_data(as_text=True)
    assert stale.headers["Cache-Control"] == "public, max-age=5"
    visitor.get(f"/manifest/{SLUG}")
    assert len(refreshes) == 1  # one refresh at a time, however many visitors come meanwhile

    refreshes.pop()()  # the refresh renders the page in its own request
    assert "Een nieuwe reactie" in visitor.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert refreshes == []  # fresh again: no new refresh


def test_a_page_past_its_stale_seconds_is_rendered_in_the_request(app, page_cache, monkeypatch, make_user, pillar):
    app.config["PAGE_CACHE_STALE_SECONDS"] = 0
    visitor = app.test_client()
    visitor.get(f"/manifest/{SLUG}")
    comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Een nieuwe reactie")
    cache.clear()  # as when PAGE_CACHE_SECONDS + PAGE_CACHE_STALE_SECONDS have passed
    assert "Een nieuwe reactie" in visitor.get(f"/manifest/{SLUG}").get_data(as_text=True)


def test_a_burst_on_a_page_nobody_asked_for_lately_renders_it_once(app, page_cache):
    """Visitors arriving together (a shared link landing, a worker just started) wait for one render
    instead of each rendering the page: every one of them gets the same page, rendered once."""
    from flask import template_rendered

    renders: list[str] = []
    pages: list[bytes] = []

    def count(sender, template, context, **extra):
        if template.name == "municipalities/index.html":
            renders.append(template.name)

    template_rendered.connect(count, app)
    clients = [app.test_client() for _ in range(6)]

    def visit(index: int) -> None:
        response = clients[index].get("/gemeenten")
        assert response.status_code == 200
        pages.append(response.data)

    try:
        all_at_once(visit, len(clients), timeout=30)
    finally:
        template_rendered.disconnect(count, app)
    assert len(pages) == 6 and len(set(pages)) == 1
    assert len(renders) == 1, f"rendered {len(renders)} times for 6 visitors"


def test_render_once_lets_one_thread_render_and_the_others_wait_for_it():
    import threading

    started, results = threading.Event(), []

    def slow_render() -> str:
        started.set()
        time.sleep(0.2)
        return "page"

    first = threading.Thread(target=lambda: results.append(page_cache_module.render_once("k", slow_render)))
    first.start()
    started.wait(5)
    waited = page_cache_module.render_once("k", lambda: "rendered again")  # asks while the first renders
    first.join(5)
    assert results == ["page"] and waited is page_cache_module.WAITED
    assert page_cache_module.render_once("k", lambda: "later") == "later"  # done: the next one renders
