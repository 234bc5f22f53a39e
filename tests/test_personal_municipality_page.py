"""Logged-in people get the shared municipality page with their own parts filled in (issue 23).

The parts that differ per person on /gemeente/<slug>: the follow form (follow or stop following) and,
for the griffie, councillors and moderators, the links to manage, answer and edit. Two residents and
a visitor read the page: each sees only their own follow form, nobody a council control; the council
people get the page rendered for them alone, with their controls.
"""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from tests.conftest import counting_queries
from tests.council_fixtures import clerk, council_member, place, publish
from tests.test_personal_pages import assert_nothing_of_the_shared_page, csrf_tokens
from wijkstem.extensions import cache, db
from wijkstem.models import CouncilResponse
from wijkstem.services.council.follows import follow_municipality

PAGE = "/gemeente/utrecht"
FOLLOW = "/gemeente/utrecht/volgen"
STAFF_ONLY = ("Pas de status aan", "Schrijf een bericht", "Pas dit bericht aan")


@pytest.fixture
def shared_pages(app):
    app.config["PAGE_CACHE_SECONDS"] = 5
    cache.clear()
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    app.config["WTF_CSRF_ENABLED"] = False
    cache.clear()


@pytest.fixture
def member_response(app):
    """A councillor's published reaction on the Utrecht page."""
    member = council_member(display_name="Fatima de Vries")
    publish(member, "We zetten het manifest op de agenda.")
    return member


def follow_form_of(html: str) -> str:
    return html.split('id="volgen"')[1].split("</section>")[0]


def test_two_residents_and_a_visitor_each_get_their_own_follow_form(
    app, shared_pages, make_user, client_for, member_response
):
    anna, bob = make_user(display_name="Anna Aalders"), make_user(display_name="Bob Bakker")
    follow_municipality(anna, place())
    anna_browser, bob_browser = client_for(anna), client_for(bob)
    app.config["WTF_CSRF_ENABLED"] = True  # after logging in; shared_pages switches it off again
    anna_page = anna_browser.get(PAGE).get_data(as_text=True)
    with counting_queries() as statements:  # Bob's page comes from the one rendered for Anna's request
        bob_page = bob_browser.get(PAGE).get_data(as_text=True)
    assert len(statements) <= 6  # who he is, the municipality, griffie/clerk marks, his follow
    visitor_page = app.test_client().get(PAGE).get_data(as_text=True)

    assert "Niet meer volgen" in follow_form_of(anna_page) and "/raad/ontvolgen" not in follow_form_of(bob_page)
    assert "Niet meer volgen" not in bob_page and "Houd me op de hoogte" in follow_form_of(bob_page)
    assert "Log in om op de hoogte te blijven" in visitor_page
    for page in (anna_page, bob_page):
        assert "We zetten het manifest op de agenda." in page and "Meld dit bericht" in page
        assert not any(text in page for text in STAFF_ONLY)
        assert "Mijn account" in page
    for private in ("Mijn account", "csrf_token", "Niet meer volgen", *STAFF_ONLY):
        assert private not in visitor_page
    for page in (anna_page, bob_page, visitor_page):
        assert_nothing_of_the_shared_page(app, page)
    anna_tokens, bob_tokens = csrf_tokens(anna_page), csrf_tokens(bob_page)
    assert len(anna_tokens) == len(bob_tokens) == 1 and not anna_tokens & bob_tokens
    assert anna.share_code in anna_page and anna.share_code not in bob_page + visitor_page


def test_following_shows_at_once_and_the_token_works(app, shared_pages, make_user, client_for):
    bob = make_user()
    browser = client_for(bob)
    app.config["WTF_CSRF_ENABLED"] = True
    token = csrf_tokens(browser.get(PAGE).get_data(as_text=True)).pop()
    action = follow_form_of(browser.get(PAGE).get_data(as_text=True)).split('action="')[1].split('"')[0]
    assert browser.post(action, data={"csrf_token": token}).status_code == 302
    assert "Niet meer volgen" in follow_form_of(browser.get(PAGE).get_data(as_text=True))


@pytest.mark.parametrize("who", ["griffie", "author", "moderator"])
def test_council_people_get_their_own_controls(app, shared_pages, make_user, client_for, member_response, who):
    person = {
        "griffie": lambda: clerk(display_name="Griet Griffie"),
        "author": lambda: member_response,
        "moderator": lambda: make_user(role="moderator"),
    }[who]()
    resident = client_for(make_user())
    resident.get(PAGE)  # the shared page is there
    page = client_for(person).get(PAGE).get_data(as_text=True)
    if who in ("griffie", "moderator"):
        assert "Pas de status aan" in page
    if who in ("griffie", "author"):
        assert "Schrijf een bericht" in page
    if who == "author":
        assert "Pas dit bericht aan" in page
    assert_nothing_of_the_shared_page(app, page)
    assert not any(text in resident.get(PAGE).get_data(as_text=True) for text in STAFF_ONLY)


def test_the_logged_in_page_costs_the_same_queries_however_many_responses(
    app, shared_pages, make_user, client_for, member_response
):
    reader = make_user()
    follow_municipality(reader, place())
    browser = client_for(reader)

    def queries() -> int:
        cache.clear()
        browser.get(PAGE)  # renders the shared page
        with counting_queries() as statements:
            html = browser.get(PAGE).get_data(as_text=True)
        assert "Niet meer volgen" in html
        return len(statements)

    small = queries()
    first = db.session.query(CouncilResponse).first()
    rows = [
        {c.name: getattr(first, c.name) for c in CouncilResponse.__table__.columns if c.name != "id"} for _ in range(30)
    ]
    db.session.execute(insert(CouncilResponse), rows)
    db.session.commit()
    assert queries() == small
    assert small <= 6


def test_a_page_without_the_shared_render_is_the_same_as_before(app, make_user, client_for):
    """PAGE_CACHE_SECONDS=0 (the tests' default): every page rendered for its reader, no markers."""
    page = client_for(make_user()).get(PAGE).get_data(as_text=True)
    assert "Houd me op de hoogte" in follow_form_of(page)
    assert_nothing_of_the_shared_page(app, page)
