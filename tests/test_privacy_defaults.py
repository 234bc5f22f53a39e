"""Privacy by default: showing your name is opt-in, and a claimed role is public only once it is checked."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.participation_fixtures import SLUG
from wijkstem.clock import utcnow
from wijkstem.models import User
from wijkstem.services.discussion import comments
from wijkstem.services.endorsements import endorsements
from wijkstem.subjects import Subject

REGISTRATION = {
    "email": "sanne@example.org",
    "display_name": "Sanne",
    "perspective": "resident",
    "municipality": "Utrecht",
    "password": "fietsen-langs-de-vecht",
    "password_repeat": "fietsen-langs-de-vecht",
    "accept_terms": "y",
}


def test_show_my_name_is_unticked_at_registration_and_stays_off_unless_ticked(client, db):
    page = client.get("/account/registreren").get_data(as_text=True)
    checkbox = re.search(r'<input[^>]*id="show_name"[^>]*>', page)
    assert checkbox and "checked" not in checkbox.group(0)

    assert client.post("/account/registreren", data=REGISTRATION).status_code == 302
    assert db.session.scalar(select(User.show_name).where(User.email == "sanne@example.org")) is False


def test_ticking_show_my_name_shows_it(client, db):
    client.post("/account/registreren", data={**REGISTRATION, "show_name": "y"})
    assert db.session.scalar(select(User.show_name).where(User.email == "sanne@example.org")) is True


def _mayor(make_user, *, verified: bool) -> User:
    return make_user(
        display_name="Els",
        perspective="politician",
        perspective_role="burgemeester",
        verified_at=utcnow() if verified else None,
    )


def test_unverified_role_is_not_on_the_endorsers_list(client, make_user, pillar):
    endorsements.endorse_pillar(_mayor(make_user, verified=False), pillar)
    html = client.get(f"/manifest/{SLUG}/steunbetuigingen").get_data(as_text=True)
    assert "Els" in html and "Politicus of bestuurder" in html and "nog niet geverifieerd" in html
    assert "burgemeester" not in html.lower().split("<main", 1)[1]
    assert "badge--verified" not in html


def test_verified_role_is_on_the_endorsers_list(client, make_user, pillar):
    endorsements.endorse_pillar(_mayor(make_user, verified=True), pillar)
    html = client.get(f"/manifest/{SLUG}/steunbetuigingen").get_data(as_text=True)
    assert "(burgemeester)" in html and "geverifieerd" in html and "nog niet geverifieerd" not in html


def test_unverified_role_is_not_beside_a_comment(client, make_user, pillar):
    comments.post_comment(_mayor(make_user, verified=False), Subject.PILLAR, pillar.id, "Goed plan, dit steun ik.")
    html = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    who = re.search(r'<p class="comment__author">.*?</p>', html, re.S)
    assert who and "Politicus of bestuurder" in who.group(0) and "nog niet geverifieerd" in who.group(0)
    assert "burgemeester" not in who.group(0)


def test_verified_role_is_beside_a_comment(client, make_user, pillar):
    comments.post_comment(_mayor(make_user, verified=True), Subject.PILLAR, pillar.id, "Goed plan, dit steun ik.")
    html = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Politicus of bestuurder (burgemeester)" in html and "nog niet geverifieerd" not in html
