"""Issue 25, findings 1 and 3: a verification belongs to one person, one name, one role and one
municipality. Changing any of them ends it: the badge goes everywhere, speaking for the council is
refused, the person is told why on the spot, and the moderator sees it. Past council responses keep
the name, role and party they were published under."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.council_fixtures import clerk, council_member, place, publish
from tests.moderation_fixtures import make_request
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import AuditEntry, CouncilResponse, User, VerificationRequest
from wijkstem.services.discussion import comments
from wijkstem.services.endorsements.endorsements import endorse_pillar
from wijkstem.subjects import Subject

PROFILE = {"display_name": "Jan Raad", "perspective": "politician", "politician_role": "raadslid",
           "municipality": "Utrecht", "wijk": "", "show_name": "y", "notify_replies": "y"}  # fmt: skip
WORDS = {"municipality": "je gemeente", "name": "je naam", "role": "je rol", "perspective": "je perspectief en je rol"}
CHANGES = {
    "municipality": {"municipality": "Amsterdam"},
    "name": {"display_name": "Burgemeester Sharon Dijksma"},
    "role": {"politician_role": "wethouder"},
    "perspective": {"perspective": "professional", "professional_role": "gemeente"},
}


def _council_part(page: str) -> str:
    return page.split('id="raad"')[1].split("</section>")[0]


def _save_profile(client, **changes):
    return client.post("/account", data={**PROFILE, **changes}, follow_redirects=True).get_data(as_text=True)


def test_a_council_member_who_moves_to_amsterdam_cannot_speak_for_amsterdam(client, login):
    """The attack of finding 1: a verified raadslid of Utrecht sets municipality=Amsterdam, then posts."""
    member = council_member(display_name="Jan Raad", party="Partij V")
    login(member)
    page = _save_profile(client, municipality="Amsterdam")
    for slug in ("amsterdam", "utrecht"):
        assert client.get(f"/gemeente/{slug}/raad/nieuw").status_code == 403
        refused = client.post(
            f"/gemeente/{slug}/raad/nieuw",
            data={"kind": "response", "body": "Namens de raad", "happened_on": "2026-11-20"},
        )
        assert refused.status_code == 403
    assert db.session.scalar(select(CouncilResponse)) is None
    amsterdam = client.get("/gemeente/amsterdam").get_data(as_text=True)
    assert "Namens de raad" not in amsterdam and "geverifieerd" not in _council_part(amsterdam)
    # Told on the spot, and where to ask again.
    assert "Je bent niet meer geverifieerd, omdat je je gemeente hebt veranderd." in page
    assert "Verificatie van je rol" in page


@pytest.mark.parametrize("changed", list(CHANGES))
def test_changing_name_role_perspective_or_municipality_ends_the_verification_everywhere(
    client, login, make_user, pillar, changed
):
    member = council_member(display_name="Jan Raad", email="jan@example.org")
    endorse_pillar(member, pillar)
    comments.post_comment(member, Subject.PILLAR, pillar.id, "Een reactie van het raadslid")
    publish(member, "Wat de raad deed, voor de wijziging.")
    login(member)
    assert "geverifieerd" in _council_part(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert client.get("/api/v1/pillars").json["pillars"][0]["endorsements"]["verified"] == 1

    page = _save_profile(client, **CHANGES[changed])

    db.session.expire_all()
    assert not member.is_verified and member.verified_at is None
    assert db.session.scalar(select(User.id).where(User.is_verified)) is None  # the SQL check agrees
    # The badge is gone everywhere the site shows it.
    assert "badge--verified" not in page  # the profile
    assert "badge--verified" not in client.get(f"/manifest/{pillar.slug}/steunbetuigingen").get_data(as_text=True)
    assert "badge--verified" not in client.get(f"/manifest/{pillar.slug}").get_data(as_text=True)  # the comment
    assert "badge--verified" not in client.get("/gemeente/utrecht").get_data(as_text=True)
    assert "badge--verified" not in client.get("/gemeente/utrecht/politici-en-beroepskrachten").get_data(as_text=True)
    assert client.get("/api/v1/pillars").json["pillars"][0]["endorsements"]["verified"] == 0
    # Responding for the council is refused, here and in the municipality the profile now names.
    for slug in ("utrecht", "amsterdam"):
        assert client.get(f"/gemeente/{slug}/raad/nieuw").status_code == 403
    # The moderator sees it: one audit entry about this person, saying what changed.
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "verification.ended"))
    assert entry is not None and entry.about_user_id == member.id and entry.after["changed"][0] == changed
    assert entry.before["name"] == "Jan Raad" and entry.before["municipality"] == "GM0344"
    # The person was told on the spot.
    assert f"Je bent niet meer geverifieerd, omdat je {WORDS[changed]} hebt veranderd." in page


def test_the_profile_form_warns_before_saving(client, login, make_user):
    login(council_member(display_name="Jan Raad"))
    page = client.get("/account").get_data(as_text=True)
    assert "Let op: je bent geverifieerd als Jan Raad, politicus of bestuurder (raadslid) in Utrecht." in page
    assert "Dan stopt je verificatie meteen." in page
    client.post("/account/uitloggen")
    login(make_user(perspective="politician", perspective_role="raadslid"))
    assert "data-verification-warning" not in client.get("/account").get_data(as_text=True)


def test_saving_without_changing_the_bound_facts_keeps_the_verification(client, login):
    member = council_member(display_name="Jan Raad")
    login(member)
    page = _save_profile(client, wijk="Lombok", show_name="")
    assert "niet meer geverifieerd" not in page
    db.session.expire_all()
    assert member.is_verified and db.session.scalar(select(AuditEntry)) is None
    mine = json.loads(client.get("/account/mijn-gegevens").data)["account"]["verified_as"]
    assert mine == {"display_name": "Jan Raad", "perspective": "politician", "perspective_role": "raadslid",
                    "municipality": "GM0344"}  # fmt: skip


def test_a_renamed_wethouder_posts_without_the_badge(client, login, pillar):
    """Finding 3: the name is fixed once verified; a new name is not verified."""
    wethouder = council_member(role="wethouder", display_name="Sharon Jansen")
    login(wethouder)
    _save_profile(client, display_name="Burgemeester Sharon Dijksma", politician_role="wethouder")
    comments.post_comment(wethouder, Subject.PILLAR, pillar.id, "Ik ben de burgemeester.")
    page = client.get(f"/manifest/{pillar.slug}").get_data(as_text=True)
    assert "Burgemeester Sharon Dijksma" in page and "badge--verified" not in page
    assert client.get("/gemeente/utrecht/raad/nieuw").status_code == 403


def test_past_responses_keep_the_name_role_and_party_they_were_published_under(client, login):
    member = council_member(display_name="Jan Raad", party="Partij V")
    publish(member, "Wat de raad deed.")
    login(member)
    _save_profile(client, display_name="Iemand Anders", municipality="Amsterdam")
    council = _council_part(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert "Wat de raad deed." in council
    assert "<strong>Jan Raad</strong>, raadslid (Partij V)" in council
    assert "Iemand Anders" not in council and "geverifieerd" not in council
    mine = json.loads(client.get("/account/mijn-gegevens").data)["council_responses"]["responses"][0]
    assert (mine["respondent_name"], mine["respondent_role"], mine["respondent_body"]) == (
        "Jan Raad",
        "raadslid",
        "Partij V",
    )


def test_no_badge_on_a_response_whose_name_was_never_verified(client):
    """A response published under a name the verification is not for (possible before this fix)
    shows without the badge, even while its author is verified again under another name."""
    member = council_member(display_name="Jan Raad")
    response = publish(member, "Oud bericht.")
    response.respondent_name = "Burgemeester Sharon Dijksma"  # as published by the renamed account on c21f188
    db.session.commit()
    publish(member, "Nieuw bericht.")
    council = _council_part(client.get("/gemeente/utrecht").get_data(as_text=True))
    old, new = (
        council.split("Oud bericht.")[0].rsplit("<li", 1)[1],
        council.split("Nieuw bericht.")[0].rsplit("<li", 1)[1],
    )
    assert "geverifieerd" in new and "geverifieerd" not in old


def test_a_waiting_request_stops_when_the_profile_changes(client, login, make_user):
    person = make_user(perspective="politician", perspective_role="raadslid", display_name="Jan Raad")
    make_request(person)
    login(person)
    page = _save_profile(client, municipality="Amsterdam")
    assert "Je aanvraag voor verificatie is gestopt, omdat je je gemeente hebt veranderd." in page
    request = db.session.scalar(select(VerificationRequest))
    assert request is not None and request.status == "withdrawn"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "verification.ended")) is not None


def test_asking_again_shows_the_moderator_what_changed_and_binds_the_new_profile(client, login, make_user):
    member = council_member(display_name="Jan Raad", email="jan@example.org")
    login(member)
    _save_profile(client, municipality="Amsterdam")
    page = client.get("/account/verificatie").get_data(as_text=True)
    assert "Je verificatie is gestopt" in page
    client.post(
        "/account/verificatie",
        data={"organisation": "Gemeente Amsterdam", "function": "raadslid", "evidence_url": "https://example.org/a"},
    )
    client.post("/account/uitloggen")
    moderator = make_user(role="moderator")
    login(moderator)
    queue = client.get("/moderatie/verificatie").get_data(as_text=True)
    assert "Verificatie gestopt: profiel veranderd (Veranderd: gemeente)" in queue
    assert "Je verifieert de naam" in queue and "Jan Raad" in queue and "Amsterdam" in queue
    request = db.session.scalars(select(VerificationRequest).order_by(VerificationRequest.id.desc())).first()
    client.post(f"/moderatie/verificatie/{request.id}/besluit", data={"action": "approve"})
    db.session.expire_all()
    assert member.is_verified and member.verified_municipality_id == place("GM0363").id


def test_python_and_sql_agree_on_who_is_verified(make_user):
    """Every check (pages, counters, insight, exports) uses User.is_verified: one definition."""
    now = utcnow()
    bound = make_user(perspective="professional", perspective_role="gemeente", verified_at=now)
    renamed = make_user(perspective="professional", perspective_role="gemeente", verified_at=now)
    renamed.display_name = "Iemand anders"
    moved = make_user(perspective="politician", perspective_role="raadslid", verified_at=now)
    moved.municipality = place("GM0363")
    unbound = make_user(perspective="professional", perspective_role="gemeente")
    unbound.verified_at = now  # a verified_at without what it was checked for does not count
    resident = make_user(verified_at=now)
    db.session.commit()
    people = [bound, renamed, moved, unbound, resident]
    in_python = {p.id for p in people if p.is_verified}
    in_sql = set(db.session.scalars(select(User.id).where(User.is_verified)))
    assert in_python == in_sql == {bound.id}


def test_a_griffie_who_renames_is_no_longer_the_griffie(client, login):
    """The moderator marked the account under its name then; a new name was never accepted."""
    griffier = clerk(display_name="Griffie Utrecht", email="griffie@utrecht.example")
    publish(griffier, "De griffie plant een gesprek.")
    login(griffier)
    assert "Let op: je bent de griffie van Utrecht op wijkstem." in client.get("/account").get_data(as_text=True)
    page = client.post(
        "/account",
        data={"display_name": "Burgemeester Sharon Dijksma", "perspective": "professional",
              "professional_role": "gemeente", "municipality": "Utrecht", "show_name": "y"},
        follow_redirects=True,
    ).get_data(as_text=True)  # fmt: skip
    assert "Je bent niet meer de griffie van Utrecht op wijkstem, omdat je je naam hebt veranderd." in page
    assert client.get("/gemeente/utrecht/raad/nieuw").status_code == 403
    council = _council_part(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert "<strong>Griffie Utrecht</strong>" in council and "geverifieerd" not in council
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "council.clerk_ended"))
    assert entry is not None and entry.about_user_id == griffier.id and entry.before["name"] == "Griffie Utrecht"
