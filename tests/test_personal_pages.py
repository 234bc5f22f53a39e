"""Logged-in people get the shared pillar page with their own parts filled in (issue 23, wijkstem/web/holes.py).

Two people and a visitor read the same pillar page, each with their own endorsement, comments and
marks: each sees only their own parts, the visitor none, and no marker or placeholder of the shared
page ever reaches anyone.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import insert

from tests.conftest import counting_queries
from tests.participation_fixtures import SLUG
from wijkstem.clock import utcnow
from wijkstem.extensions import cache, db
from wijkstem.models import Comment
from wijkstem.services.discussion import comments
from wijkstem.services.endorsements.endorsements import endorse_pillar
from wijkstem.subjects import Subject
from wijkstem.web import holes, page_cache

PAGE = f"/manifest/{SLUG}"


@pytest.fixture
def shared_pages(app):
    app.config["PAGE_CACHE_SECONDS"] = 5
    cache.clear()
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    app.config["WTF_CSRF_ENABLED"] = False
    cache.clear()


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', html)) | set(
        re.findall(r'<input type="hidden" name="csrf_token" value="([^"]+)"', html)
    )


def assert_nothing_of_the_shared_page(app, html: str) -> None:
    with app.test_request_context():
        token = holes.hole_token()
    assert token not in html and "<!--hole:" not in html and "<!--/hole:" not in html


@pytest.fixture
def two_people(app, make_user, pillar, client_for):
    """Anna endorses and writes; Bob writes and marks nothing; each has a browser (logged in, CSRF off)."""
    anna = make_user(display_name="Anna Aalders")
    bob = make_user(display_name="Bob Bakker")
    endorse_pillar(anna, pillar, "Omdat Anna het wil")
    anna_comment = comments.post_comment(anna, Subject.PILLAR, pillar.id, "Reactie van Anna")
    bob_comment = comments.post_comment(bob, Subject.PILLAR, pillar.id, "Reactie van Bob")
    comments.toggle_helpful(anna, bob_comment)
    return {
        "anna": (anna, anna_comment.id, client_for(anna)),
        "bob": (bob, bob_comment.id, client_for(bob)),
    }


def test_two_people_and_a_visitor_each_see_only_their_own_parts(app, shared_pages, two_people, csrf_on):
    anna, anna_comment, anna_browser = two_people["anna"]
    bob, bob_comment, bob_browser = two_people["bob"]
    anna_page = anna_browser.get(PAGE).get_data(as_text=True)
    with counting_queries() as statements:  # Bob's page comes from the page rendered for Anna's request
        bob_page = bob_browser.get(PAGE).get_data(as_text=True)
    assert len(statements) <= 5
    visitor_page = app.test_client().get(PAGE).get_data(as_text=True)

    # Anna: her endorsement, her own comment's links, her mark on Bob's comment.
    assert "Je steunt deze pijler." in anna_page and "Omdat Anna het wil" in anna_page
    assert f"/reacties/{anna_comment}/verwijderen" in anna_page
    assert f"/reacties/{anna_comment}/bewerken" in anna_page
    assert f"/reacties/{bob_comment}/verwijderen" not in anna_page
    assert re.search(rf'/reacties/{bob_comment}/waardevol".*?aria-pressed="true"', anna_page, re.DOTALL)
    assert f"/reacties/{anna_comment}/waardevol" not in anna_page  # never on your own comment
    # Bob: the endorse form, his own comment's links, nothing marked.
    assert "Je steunt deze pijler." not in bob_page and "Omdat Anna het wil" not in bob_page
    assert "Ik steun deze pijler" in bob_page
    assert (
        f"/reacties/{bob_comment}/verwijderen" in bob_page and f"/reacties/{anna_comment}/verwijderen" not in bob_page
    )
    assert f"/reacties/{anna_comment}/waardevol" in bob_page and 'aria-pressed="true"' not in bob_page
    # Both: a comment form, reply boxes and the account menu.
    for page in (anna_page, bob_page):
        assert "Plaats je reactie" in page and "Mijn account" in page and "Uitloggen" in page
    # The visitor: no personal part at all, and no token.
    assert "Steun deze pijler — maak een account, 2 minuten" in visitor_page
    assert "Omdat Anna het wil" not in visitor_page
    for private in ("verwijderen", "bewerken", "Uitloggen", "Mijn account", "csrf_token", "aria-pressed"):
        assert private not in visitor_page
    for page in (anna_page, bob_page, visitor_page):
        assert_nothing_of_the_shared_page(app, page)
    # Each share link carries the reader's own code.
    assert f"via={anna.share_code}" in anna_page and anna.share_code not in bob_page
    assert f"via={bob.share_code}" in bob_page and bob.share_code not in visitor_page


def test_csrf_tokens_differ_per_session_and_work(app, shared_pages, two_people, csrf_on):
    _anna, _, anna_browser = two_people["anna"]
    _bob, _, bob_browser = two_people["bob"]
    anna_tokens = csrf_tokens(anna_browser.get(PAGE).get_data(as_text=True))
    bob_tokens = csrf_tokens(bob_browser.get(PAGE).get_data(as_text=True))
    assert anna_tokens and bob_tokens and not anna_tokens & bob_tokens
    assert len(anna_tokens) == 1  # one token for every form on the page

    stolen = bob_browser.post(
        f"{PAGE}/reacties", data={"body": "Met Anna's token", "point": "", "csrf_token": anna_tokens.pop()}
    )
    assert stolen.status_code == 400
    sent = bob_browser.post(
        f"{PAGE}/reacties", data={"body": "Met mijn eigen token", "point": "", "csrf_token": bob_tokens.pop()}
    )
    assert sent.status_code == 302
    assert "Met mijn eigen token" in bob_browser.get(PAGE).get_data(as_text=True)  # his own action, at once


def test_the_logged_in_page_costs_the_same_few_queries_however_long_the_thread(
    app, shared_pages, make_user, pillar, client_for
):
    reader, writer = make_user(), make_user()
    endorse_pillar(reader, pillar)
    own = comments.post_comment(reader, Subject.PILLAR, pillar.id, "Mijn eigen reactie")
    browser = client_for(reader)

    def add_comments(count: int) -> None:  # older than the reader's own, which stays on the first page
        earlier = utcnow() - timedelta(days=1)
        rows = [
            {"subject_type": Subject.PILLAR, "subject_id": pillar.id, "author_id": writer.id, "body": f"Reactie {n}"}
            | {"created_at": earlier}
            for n in range(count)
        ]
        db.session.execute(insert(Comment), rows)
        db.session.commit()

    def queries() -> int:
        cache.clear()
        browser.get(PAGE)  # renders the shared page
        with counting_queries() as statements:
            html = browser.get(PAGE).get_data(as_text=True)
        assert f"/reacties/{own.id}/verwijderen" in html
        return len(statements)

    add_comments(3)
    small = queries()
    add_comments(300)
    assert queries() == small
    # The person, their endorsement, their held comments, their marks, their own comments on the page.
    assert small <= 5


def test_a_persons_held_comment_shows_to_them_alone(app, shared_pages, make_user, pillar, client_for):
    app.config["COMMENT_HOLD_FIRST"] = 1
    try:
        writer, other = make_user(), make_user()
        held = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Wacht nog op controle")
        assert held.is_held
        other_page = client_for(other).get(PAGE).get_data(as_text=True)
        writer_page = client_for(writer).get(PAGE).get_data(as_text=True)
    finally:
        app.config["COMMENT_HOLD_FIRST"] = 0
    assert "Wacht nog op controle" in writer_page and "Alleen jij ziet deze reactie nu." in writer_page
    assert "Wacht nog op controle" not in other_page


def test_a_message_goes_only_to_the_person_it_is_for(app, shared_pages, two_people):
    _bob, _, bob_browser = two_people["bob"]
    _anna, _, anna_browser = two_people["anna"]
    anna_browser.get(PAGE)
    assert bob_browser.post(f"{PAGE}/steunen", data={"motivation": "Bob doet mee"}).status_code == 302
    page = bob_browser.get(PAGE).get_data(as_text=True)
    assert "Je steunt deze pijler." in page and "Bob doet mee" in page and '<div class="flashes">' in page
    anna_page = anna_browser.get(PAGE).get_data(as_text=True)
    assert '<div class="flashes">' not in anna_page and "Je steunt deze pijler." in anna_page  # her own, not his


def test_an_expired_shared_page_is_renewed_beside_the_request_for_nobody(
    app, shared_pages, monkeypatch, two_people, pillar, make_user
):
    anna, _, anna_browser = two_people["anna"]
    refreshes = []
    monkeypatch.setattr(page_cache, "start_refresh", refreshes.append)
    anna_browser.get(PAGE)
    comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Een nieuwe reactie")
    later = holes.time.time() + 6
    monkeypatch.setattr(holes.time, "time", lambda: later)
    assert "Een nieuwe reactie" not in anna_browser.get(PAGE).get_data(as_text=True)  # the kept page, at once
    assert len(refreshes) == 1
    refreshes.pop()()
    stored = [value for key, value in cache.cache._cache.items() if "shared-page" in key]
    assert stored and anna.share_code.encode() not in repr(stored).encode()
    assert "Een nieuwe reactie" in anna_browser.get(PAGE).get_data(as_text=True)


def test_a_page_without_the_shared_render_is_the_same_as_before(app, two_people):
    """With PAGE_CACHE_SECONDS 0 the holes leave no trace: the page is rendered for the person."""
    _anna, anna_comment, anna_browser = two_people["anna"]
    html = anna_browser.get(PAGE).get_data(as_text=True)
    assert f"/reacties/{anna_comment}/verwijderen" in html and "Je steunt deze pijler." in html
    assert_nothing_of_the_shared_page(app, html)


def test_the_header_and_notes_fit_the_person(app, shared_pages, make_user, client_for):
    moderator = client_for(make_user(role="moderator"))
    unconfirmed = client_for(make_user(email_confirmed_at=None))
    resident = client_for(make_user())
    pages = {
        name: browser.get(PAGE).get_data(as_text=True)
        for name, browser in (("resident", resident), ("moderator", moderator), ("unconfirmed", unconfirmed))
    }
    assert "Moderatie" in pages["moderator"] and "Moderatie" not in pages["resident"]
    assert "Je e-mailadres is nog niet bevestigd" in pages["unconfirmed"]
    assert "Je e-mailadres is nog niet bevestigd" not in pages["resident"] + pages["moderator"]
    for html in pages.values():
        assert "Mijn account" in html and "Ik steun deze pijler" in html
        assert_nothing_of_the_shared_page(app, html)


@pytest.mark.parametrize("path", [f"/manifest/{SLUG}/steunbetuigingen", "/gemeenten", "/gemeenten?q=utr"])
def test_pages_without_personal_parts_come_from_the_shared_page(app, shared_pages, make_user, pillar, client_for, path):
    anna = make_user(display_name="Anna Aalders", show_name=True)
    endorse_pillar(anna, pillar)
    browser = client_for(anna)
    first = browser.get(path).get_data(as_text=True)
    with counting_queries() as statements:
        again = browser.get(path)
    assert len(statements) == 1  # who is logged in; the page itself comes from the shared page
    html = again.get_data(as_text=True)
    assert again.headers["Cache-Control"] == "no-store" and first.count("<li") == html.count("<li")
    assert "Mijn account" in html and "Account maken" not in html
    assert_nothing_of_the_shared_page(app, html)
    visitor = app.test_client().get(path).get_data(as_text=True)
    assert "Mijn account" not in visitor and "Account maken" in visitor
