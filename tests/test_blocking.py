"""What blocking, unblocking and verifying someone does to their content and to the counters."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.experience_builders import make_experience
from tests.moderation_fixtures import make_request, sign_in
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, Endorsement, Experience, Pillar, Report
from wijkstem.services.discussion import comments, reports
from wijkstem.services.endorsements import endorsements
from wijkstem.services.endorsements.endorsement_counters import recount_all
from wijkstem.services.endorsements.endorsements import counts_for_pillar
from wijkstem.services.experiences import experiences
from wijkstem.services.moderation import content_visibility
from wijkstem.subjects import Subject


@pytest.fixture
def pillar(app) -> Pillar:
    return db.session.scalar(select(Pillar).order_by(Pillar.position))


def _block(client, user, hide: bool):
    data = {"reason_text": "Blijft schelden", **({"hide_content": "y"} if hide else {})}
    return client.post(f"/moderatie/gebruikers/{user.id}/blokkeren", data=data, follow_redirects=True)


def _unblock(client, user):
    return client.post(f"/moderatie/gebruikers/{user.id}/deblokkeren", follow_redirects=True)


def _hidden_reasons(model) -> dict[int, str | None]:
    db.session.expire_all()
    return dict(db.session.execute(select(model.id, model.hidden_reason)).tuples().all())


def test_block_with_hiding_and_unblock_restores_only_what_the_block_hid(app, client, make_user, pillar):
    person = make_user(display_name="Boze Bert")
    said = comments.post_comment(person, Subject.PILLAR, pillar.id, "Iets wat Bert zei")
    reported = comments.post_comment(person, Subject.PILLAR, pillar.id, "Iets wat al gemeld was")
    content_visibility.hide(Subject.COMMENT, reported.id, content_visibility.BY_REPORTS)
    db.session.commit()
    story = make_experience(person, make_user(role="moderator"))
    endorsements.endorse_pillar(person, pillar)
    assert counts_for_pillar(pillar.id).total == 1

    sign_in(client, make_user(role="moderator"))
    assert "Boze Bert is geblokkeerd." in _block(client, person, hide=True).get_data(as_text=True)
    assert _hidden_reasons(Comment) == {said.id: "blocked", reported.id: "reports"}
    assert _hidden_reasons(Experience) == {story.id: "blocked"}
    assert counts_for_pillar(pillar.id).total == 0
    visitor = app.test_client()
    assert "Iets wat Bert zei" not in visitor.get(f"/manifest/{pillar.slug}").get_data(as_text=True)
    assert visitor.get(f"/ervaringen/{story.id}-{story.slug}").status_code == 404
    assert "Plantenbakken" not in visitor.get("/ervaringen").get_data(as_text=True)

    assert "niet meer geblokkeerd" in _unblock(client, person).get_data(as_text=True)
    assert _hidden_reasons(Comment) == {said.id: None, reported.id: "reports"}
    assert _hidden_reasons(Experience) == {story.id: None}
    assert counts_for_pillar(pillar.id).total == 1
    assert "Iets wat Bert zei" in visitor.get(f"/manifest/{pillar.slug}").get_data(as_text=True)
    assert visitor.get(f"/ervaringen/{story.id}-{story.slug}").status_code == 200


def test_block_without_hiding_leaves_content_but_stops_counting(client, make_user, pillar):
    person = make_user(perspective="professional", perspective_role="gemeente", verified_at=utcnow())
    comments.post_comment(person, Subject.PILLAR, pillar.id, "Blijft staan")
    endorsements.endorse_pillar(person, pillar)
    assert (counts_for_pillar(pillar.id).professional, counts_for_pillar(pillar.id).verified) == (1, 1)
    sign_in(client, make_user(role="admin"))
    _block(client, person, hide=False)
    assert set(_hidden_reasons(Comment).values()) == {None}
    assert counts_for_pillar(pillar.id).total == 0
    # the counters equal a full recount, so nothing was skipped
    before = counts_for_pillar(pillar.id)
    recount_all()
    assert counts_for_pillar(pillar.id) == before


def test_approving_reports_does_not_unhide_what_a_block_hid(app, client, make_user, pillar):
    person = make_user()
    said = comments.post_comment(person, Subject.PILLAR, pillar.id, "Verborgen door blokkade")
    reports.report_item(make_user(), "comment", said.id, "offensive")
    sign_in(client, make_user(role="moderator"))
    _block(client, person, hide=True)
    item = db.session.scalar(select(db.func.min(Report.id)))
    client.post(f"/moderatie/gemeld/{item}/besluit", data={"action": "approve"})
    assert _hidden_reasons(Comment) == {said.id: "blocked"}


def test_verification_and_losing_it_move_the_verified_counts(app, client, make_user, pillar):
    politician = make_user(
        display_name="Raadslid Ria", perspective="politician", perspective_role="raadslid", show_name=True
    )
    endorsements.endorse_pillar(politician, pillar)
    request = make_request(politician)
    visitor = app.test_client()
    assert "geverifieerde" not in visitor.get(f"/manifest/{pillar.slug}").get_data(as_text=True)

    sign_in(client, make_user(role="moderator"))
    client.post(f"/moderatie/verificatie/{request.id}/besluit", data={"action": "approve"})
    assert counts_for_pillar(pillar.id).verified == 1
    page = visitor.get(f"/manifest/{pillar.slug}").get_data(as_text=True)
    assert "Waarvan 1 geverifieerde beroepskracht of politicus." in page  # under the big count
    municipality = visitor.get(f"/gemeente/{politician.municipality.slug}").get_data(as_text=True)
    assert "Van hen is 1 beroepskracht of politicus geverifieerd." in municipality and "Raadslid Ria" in municipality

    from wijkstem.services.accounts.accounts import Profile, update_profile

    db.session.refresh(politician)
    update_profile(
        politician,
        Profile(
            display_name=politician.display_name,
            perspective="resident",
            perspective_role=None,
            municipality=politician.municipality,
            wijk=None,
            show_name=True,
        ),
    )
    assert counts_for_pillar(pillar.id).verified == 0 and counts_for_pillar(pillar.id).resident == 1


def test_blocked_people_cannot_comment_endorse_or_submit(app, make_user, pillar):
    person = make_user(blocked_at=utcnow())
    with pytest.raises(comments.NotAllowed):
        comments.post_comment(person, Subject.PILLAR, pillar.id, "Hallo")
    with pytest.raises(endorsements.NotAllowed):
        endorsements.endorse_pillar(person, pillar)
    with pytest.raises(experiences.ExperienceError):
        make_experience(person, approve=False)
    assert db.session.scalar(select(db.func.count()).select_from(Endorsement)) == 0

    story = make_experience(make_user(), make_user(role="moderator"))
    browser = app.test_client()
    sign_in(browser, person)
    for url, data in (
        (f"/manifest/{pillar.slug}/reacties", {"body": "Hallo"}),
        (f"/manifest/{pillar.slug}/steunen", {}),
        (f"/ervaringen/{story.id}/reacties", {"body": "Hallo"}),
        ("/ervaringen/nieuw", {}),
    ):
        response = browser.post(url, data=data)
        assert response.status_code == 302 and response.location.startswith("/account/inloggen"), url
        sign_in(browser, person)
    assert db.session.scalar(select(db.func.count()).select_from(Comment)) == 0
