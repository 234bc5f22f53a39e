"""Every route times every role, from the URL map: a new route without a decision here fails."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from tests.council_fixtures import council_member, publish
from tests.experience_builders import jpeg_with_gps, make_experience
from tests.moderation_fixtures import make_request, sign_in
from tests.organisation_fixtures import make_organisation
from wijkstem.clock import utcnow
from wijkstem.extensions import db, limiter
from wijkstem.models import Pillar, User, VerificationRequest
from wijkstem.services.discussion.comments import post_comment
from wijkstem.services.experiences.experiences import store_draft_photo

ROLES = ("anonymous", "unconfirmed", "participant", "blocked", "moderator", "admin")
OK, LOGIN, CONFIRM, FORBIDDEN = "ok", "login", "confirm", "forbidden"

PUBLIC = dict.fromkeys(ROLES, OK)
LOGGED_IN = {**PUBLIC, "anonymous": LOGIN, "blocked": LOGIN}
CONFIRMED = {**LOGGED_IN, "unconfirmed": CONFIRM}
MODERATORS = {**LOGGED_IN, "unconfirmed": FORBIDDEN, "participant": FORBIDDEN}
ADMINS = {**MODERATORS, "moderator": FORBIDDEN}
# Someone else's item (the sample items belong to another person).
AUTHOR_ONLY = {**CONFIRMED, "participant": FORBIDDEN, "moderator": FORBIDDEN, "admin": FORBIDDEN}
# Only a verified council member or griffie of that municipality; none of the sample people is one.
COUNCIL_ONLY = AUTHOR_ONLY
# The municipality's griffie (none among ROLES) or a moderator: the council's status and contacts.
COUNCIL_MANAGERS = {**CONFIRMED, "participant": FORBIDDEN}
# The people acting for an organisation (the sample one's member is someone else) or a moderator.
ORGANISATION_MANAGERS = {**CONFIRMED, "participant": FORBIDDEN}
# The sample token is not a valid signed link: everyone gets the "this link does not work" page.
BROKEN_LINK = dict.fromkeys(ROLES, "status 400")

# A blocked person is logged out on their next request, so they get what anonymous visitors get.
EXPECTED: dict[str, dict[str, str]] = {
    "static": PUBLIC,
    "public.home": PUBLIC,
    "public.manifest": PUBLIC,
    "pillars.pillar": PUBLIC,
    "public.about": PUBLIC,
    "public.privacy": PUBLIC,
    "public.accessibility": PUBLIC,
    "public.manifest_print": PUBLIC,
    "public.manifest_pdf": PUBLIC,
    "public.set_language": PUBLIC,
    "public.healthz": PUBLIC,
    "public.counting": PUBLIC,
    "accounts.register": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": PUBLIC,
    "accounts.confirm": PUBLIC,
    "accounts.resend_confirmation": PUBLIC,
    "accounts.forgot_password": PUBLIC,
    "accounts.reset_password": PUBLIC,
    "accounts.confirm_email_change": PUBLIC,
    "accounts.stop_email_change": PUBLIC,  # the signed link is the proof
    "accounts.logout_everywhere": LOGGED_IN,
    "accounts.unconfirmed": LOGGED_IN,
    "accounts.profile": LOGGED_IN,
    "accounts.welcome": LOGGED_IN,
    "accounts.change_password": LOGGED_IN,
    "accounts.change_email": LOGGED_IN,
    "accounts.export_data": LOGGED_IN,
    "accounts.delete_account": LOGGED_IN,
    "accounts.my_reports": LOGGED_IN,
    "verification.request_verification": CONFIRMED,
    "verification.withdraw": CONFIRMED,
    "verification.confirm_work_email": PUBLIC,  # the signed link is the proof
    "moderation.overview": MODERATORS,
    "moderation.queue": MODERATORS,
    "moderation.decide": MODERATORS,
    "moderation.decide_selected": MODERATORS,
    "moderation.block": MODERATORS,
    "moderation.unblock": MODERATORS,
    "admin.index": ADMINS,
    "admin.users": ADMINS,
    "admin.user_detail": ADMINS,
    "admin.change_role": ADMINS,
    "admin.audit_log": ADMINS,
    "admin.audit_log_csv": ADMINS,
    "admin.texts": ADMINS,
    "admin.edit_text": ADMINS,
    "sharing.pillar_image": PUBLIC,
    "sharing.municipality_image": PUBLIC,
    "sharing.site_image": PUBLIC,
    "sharing.experience_image": PUBLIC,
    "sharing.qr_code_svg": PUBLIC,
    "sharing.qr_code_png": PUBLIC,
    "sharing.mastodon": PUBLIC,
    "sharing.pillar_poster": PUBLIC,
    "municipalities.index": PUBLIC,
    "municipalities.show": PUBLIC,
    "municipalities.printable": PUBLIC,
    "municipalities.pdf": PUBLIC,
    "municipalities.poster": PUBLIC,
    "municipalities.named": PUBLIC,
    "embed.pillar": PUBLIC,
    "embed.badge": PUBLIC,
    "embed.municipality": PUBLIC,
    "embed.municipality_badge": PUBLIC,
    "endorsements.endorse": LOGGED_IN,
    "endorsements.withdraw": LOGGED_IN,
    "endorsements.endorsers": PUBLIC,
    "endorsements.start": PUBLIC,
    "endorsements.thanks": LOGGED_IN,
    "pillars.comments_anchor": PUBLIC,
    "comments.post_comment": LOGGED_IN,
    "comments.reply": LOGGED_IN,
    "comments.edit": LOGGED_IN,
    "comments.delete": LOGGED_IN,
    "comments.helpful": LOGGED_IN,
    "comments.report": LOGGED_IN,
    "api.pillars": PUBLIC,
    "api.pillar": PUBLIC,
    "experiences.index": PUBLIC,
    "experiences.show": PUBLIC,
    "experiences.photo": PUBLIC,
    "experiences.feed": PUBLIC,
    "experiences.municipality_feed": PUBLIC,
    "experiences.recognise": CONFIRMED,
    "experiences.new": CONFIRMED,
    "experiences.writing_help_hints": CONFIRMED,
    "experiences.edit": AUTHOR_ONLY,
    "experiences.mine": LOGGED_IN,
    "experiences.report": LOGGED_IN,
    "experiences_api.list_experiences": PUBLIC,
    "api.municipalities": PUBLIC,
    "api.municipality": PUBLIC,
    "api.timeseries": PUBLIC,
    "api.openapi": PUBLIC,
    "api.documentation": PUBLIC,
    "insight.dashboard": PUBLIC,
    "insight.municipality": PUBLIC,
    "insight.municipality_figures": PUBLIC,
    "insight.municipality_experiences": PUBLIC,
    "insight.national_figures": PUBLIC,
    "insight.common_ground_figures": PUBLIC,
    "insight.municipality_common_ground": PUBLIC,
    "api.common_ground": PUBLIC,
    "statements.voting_round": PUBLIC,
    "statements.answer": LOGGED_IN,  # unconfirmed: back to the round, told to confirm first (service)
    "insight.moderation": PUBLIC,
    "insight.research": ADMINS,
    "insight.research_export": ADMINS,
    "council.new_response": COUNCIL_ONLY,
    "council.edit_response": AUTHOR_ONLY,
    "council.response_versions": PUBLIC,
    "council.report_response": CONFIRMED,
    "council.follow_municipality": LOGGED_IN,
    "council.unfollow_municipality": LOGGED_IN,
    "council.follow_pillar": LOGGED_IN,
    "council.unfollow_pillar": LOGGED_IN,
    "council.preferences": LOGGED_IN,
    "council.unsubscribe": BROKEN_LINK,  # the signed link is the proof; no login needed
    "council.unsubscribe_confirm": BROKEN_LINK,
    "council.council_roles_page": MODERATORS,
    "council.revoke_clerk": MODERATORS,
    "council.manage_council": COUNCIL_MANAGERS,
    "organisations.index": PUBLIC,
    "organisations.show": PUBLIC,
    "organisations.logo": PUBLIC,
    "organisations.new": CONFIRMED,
    "organisations.manage": ORGANISATION_MANAGERS,
    "organisations.support": ORGANISATION_MANAGERS,
    "organisations.withdraw": ORGANISATION_MANAGERS,
    "organisations.add_member": ORGANISATION_MANAGERS,
    "organisations.remove_member": ORGANISATION_MANAGERS,
    "organisations.delete": ORGANISATION_MANAGERS,  # a moderator may delete one too; an empty form deletes nothing
    "organisations.moderate": ORGANISATION_MANAGERS,  # members who are not moderators get 403 (tested apart)
    "organisations.report": LOGGED_IN,
    "organisations.confirm_work_email": PUBLIC,  # the signed link is the proof
    "embed.organisation": PUBLIC,
    "embed.organisation_badge": PUBLIC,
    "insight.organisation_figures": PUBLIC,
    "api.organisations": PUBLIC,
}

# URL values that differ from the defaults by parameter name (municipality slugs, not pillar slugs).
VALUES = {
    "sharing.municipality_image": {"slug": "utrecht"},
    "municipalities.show": {"slug": "utrecht"},
    "municipalities.printable": {"slug": "utrecht"},
    "municipalities.pdf": {"slug": "utrecht"},
    "municipalities.poster": {"slug": "utrecht"},
    "municipalities.named": {"slug": "utrecht"},
    "experiences.municipality_feed": {"slug": "utrecht"},
    "api.municipality": {"code": "GM0344"},
    "insight.municipality": {"slug": "utrecht"},
    "insight.municipality_figures": {"slug": "utrecht", "fmt": "csv"},
    "insight.municipality_experiences": {"slug": "utrecht", "fmt": "json"},
    "insight.national_figures": {"fmt": "csv"},
    "insight.common_ground_figures": {"fmt": "csv"},
    "insight.municipality_common_ground": {"slug": "utrecht", "fmt": "json"},
    "embed.municipality": {"slug": "utrecht"},
    "embed.municipality_badge": {"slug": "utrecht"},
    "council.new_response": {"slug": "utrecht"},
    "council.manage_council": {"slug": "utrecht"},
    "council.edit_response": {"slug": "utrecht"},
    "council.response_versions": {"slug": "utrecht"},
    "council.report_response": {"slug": "utrecht"},
    "council.follow_municipality": {"slug": "utrecht"},
    "council.unfollow_municipality": {"slug": "utrecht"},
    **{
        endpoint: {"slug": "doelwit-buurthuis"}
        for endpoint in (
            "organisations.show",
            "organisations.logo",
            "organisations.manage",
            "organisations.support",
            "organisations.withdraw",
            "organisations.add_member",
            "organisations.remove_member",
            "organisations.delete",
            "organisations.moderate",
            "organisations.report",
            "embed.organisation",
            "embed.organisation_badge",
        )
    },
    "insight.organisation_figures": {"fmt": "csv"},
}

# Query strings for routes that need one to answer (added to the URL the matrix builds).
QUERY = {
    "sharing.qr_code_svg": "?url=/manifest",
    "sharing.qr_code_png": "?url=/manifest",
    "sharing.mastodon": "?url=/manifest",
}


@pytest.fixture
def people(make_user) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "unconfirmed": make_user(email_confirmed_at=None),
        "participant": make_user(perspective="professional", perspective_role="gemeente"),
        "blocked": make_user(blocked_at=utcnow()),
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="admin"),
    }


@pytest.fixture
def url_values(make_user) -> dict[str, object]:
    """Sample values for URL parameters, by parameter name."""
    target = make_user(display_name="Doelwit")
    photo = store_draft_photo(target, io.BytesIO(jpeg_with_gps((64, 48))))
    experience = make_experience(target, make_user(role="moderator"), photo=photo, photo_alt="Een straat met bakken")
    request = make_request(make_user(perspective="politician", perspective_role="raadslid"))
    organisation = make_organisation(target, name="Doelwit Buurthuis", verified=True)
    organisation.logo, organisation.logo_type = b"\x89PNG", "image/png"
    db.session.commit()
    return {
        "slug": "bewoners-leidend",
        "token": "ongeldig",
        "filename": "css/wijkstem.css",
        "name": "verificatie",
        "item_id": request.id,
        "user_id": target.id,
        "key": "pillar:lange-termijn:title",
        "experience_id": experience.id,
        "photo_id": experience.photo_id,
        "ext": "jpg",
        "response_id": publish(council_member()).id,
        "clerk_id": 1,
        "comment_id": post_comment(target, "pillar", db.session.scalar(select(Pillar.id).limit(1)), "Een reactie").id,
    }


def outcome(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code in (301, 302, 303) and location.startswith("/account/inloggen"):
        return LOGIN
    if response.status_code in (301, 302, 303) and location.startswith("/account/bevestigen?"):
        return CONFIRM
    if response.status_code < 400:
        return OK
    return f"status {response.status_code}"


def test_every_route_has_a_decision(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(EXPECTED) == set(), "decide who may use these new routes in EXPECTED"
    assert set(EXPECTED) - endpoints == set(), "these routes no longer exist"


def test_every_route_for_every_role(app, people, url_values, monkeypatch):
    # Other tests build apps of their own, which switches the shared limiter back on.
    monkeypatch.setattr(limiter, "enabled", False)
    failures = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint not in EXPECTED:
            continue
        values = {**url_values, **VALUES.get(rule.endpoint, {})}
        url = rule.build({arg: values[arg] for arg in rule.arguments})[1] + QUERY.get(rule.endpoint, "")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for role in ROLES:
                client = app.test_client()
                if people[role] is not None:
                    sign_in(client, people[role])
                got = outcome(client.open(url, method=method, data={}))
                if got != EXPECTED[rule.endpoint][role]:
                    failures.append(f"{method} {url} as {role}: expected {EXPECTED[rule.endpoint][role]}, got {got}")
    assert failures == [], "\n".join(failures)


def test_a_participant_cannot_decide_or_manage_by_changing_ids(client, people, url_values):
    participant = people["participant"]
    sign_in(client, participant)
    item_id, user_id = url_values["item_id"], url_values["user_id"]
    assert client.post(f"/moderatie/verificatie/{item_id}/besluit", data={"action": "approve"}).status_code == 403
    assert (
        client.post("/moderatie/verificatie/selectie", data={"action": "approve", "ids": [item_id]}).status_code == 403
    )
    assert client.post(f"/moderatie/gebruikers/{user_id}/blokkeren", data={"reason_text": "x"}).status_code == 403
    assert client.post(f"/beheer/gebruikers/{participant.id}/rol", data={"role": "admin"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(VerificationRequest, item_id).status == "pending"
    assert db.session.get(User, user_id).blocked_at is None
    assert db.session.get(User, participant.id).role == "participant"


def test_a_moderator_cannot_promote_anyone(client, people, url_values):
    sign_in(client, people["moderator"])
    assert client.post(f"/beheer/gebruikers/{people['moderator'].id}/rol", data={"role": "admin"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(User, people["moderator"].id).role == "moderator"


def test_only_moderators_moderate_an_organisation_and_only_its_people_change_it(client, make_user):
    member = make_user()
    organisation = make_organisation(member, verified=True)
    sign_in(client, member)
    assert client.post(f"/organisaties/{organisation.slug}/moderatie", data={"action": "hide"}).status_code == 403
    sign_in(client, make_user())
    assert client.post(f"/organisaties/{organisation.slug}/verwijderen", data={"sure": "y"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(type(organisation), organisation.id).status == "verified"
