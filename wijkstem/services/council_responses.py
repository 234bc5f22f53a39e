"""Official responses of a municipality's council on its municipality page.

Only people who speak for *that* municipality may publish: a verified raadslid, wethouder or
burgemeester of the municipality, or a person a moderator marked as its griffie. When that stops
(perspective or municipality changed, verification or griffie mark revoked, blocked) their
responses stay, without the badge, and they cannot publish or edit any more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import LazyString, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from wijkstem.clock import today_in_the_netherlands, utcnow
from wijkstem.extensions import db
from wijkstem.models import CouncilClerk, CouncilResponse, CouncilResponseRevision, Municipality, User
from wijkstem.models.council import DECISION, MOTION, RESPONSE, RESPONSE_KINDS
from wijkstem.models.moderation import APPROVED, VerificationRequest
from wijkstem.perspectives import POLITICIAN
from wijkstem.subjects import Subject, forget_subjects

CLERK = "griffie"
COUNCIL_ROLES = ("raadslid", "wethouder", "burgemeester")
ROLE_LABELS = {
    "raadslid": _l("Raadslid"),
    "wethouder": _l("Wethouder"),
    "burgemeester": _l("Burgemeester"),
    CLERK: _l("Griffie"),
}
KIND_LABELS = {RESPONSE: _l("Antwoord"), MOTION: _l("Motie"), DECISION: _l("Besluit")}
MAX_BODY = 4000
# The earliest date a council response can have: the day the "Manifest voor een succesvolle wijkaanpak"
# was published (15 November 2023, wijkstem/content/manifest.toml). What a council did before the
# manifesto existed cannot be a response to it. wijkstem itself went live later (its history starts
# 23 November 2026), but a council may record a motion it adopted between the manifesto and then.
FIRST_RESPONSE_DATE = date(2023, 11, 15)
NOT_A_RESPONDENT = _l(
    "Alleen geverifieerde raadsleden, wethouders, de burgemeester en de griffie van deze gemeente kunnen hier reageren."
)


class CouncilResponseError(Exception):
    """A rule said no; str(error) is a message for the person."""


class NotARespondent(CouncilResponseError):
    pass


class ResponseDateOutOfRange(CouncilResponseError):
    """The date is in the future or before FIRST_RESPONSE_DATE."""


def response_date_problem(day: date) -> LazyString | None:
    """What is wrong with the date of a response, in plain Dutch, or None. Today counts in Europe/Amsterdam."""
    if day > today_in_the_netherlands():
        return _l("Deze datum ligt in de toekomst. Vul de dag in waarop het gebeurde: vandaag of eerder.")
    if day < FIRST_RESPONSE_DATE:
        return _l(
            "Deze datum ligt vóór %(first)s, toen het manifest verscheen. Vul een datum in vanaf %(first)s.",
            first=LazyString(format_date, FIRST_RESPONSE_DATE, "d MMMM yyyy"),
        )
    return None


@dataclass
class ResponseDraft:
    kind: str
    body: str
    happened_on: date
    document_url: str | None = None


def respondent_role(user: User, municipality: Municipality) -> str | None:
    """The role in which this person may speak for this municipality's council now, or None."""
    if not user.is_authenticated:
        return None
    return _role(user, municipality, lambda: active_clerk(user, municipality) is not None)


def _role(user: User, municipality: Municipality, is_clerk) -> str | None:
    if user.is_blocked or not user.is_confirmed:
        return None
    if (
        user.is_verified
        and user.perspective == POLITICIAN
        and user.perspective_role in COUNCIL_ROLES
        and user.municipality_id == municipality.id
    ):
        return user.perspective_role
    return CLERK if is_clerk() else None


def can_respond(user: User, municipality: Municipality) -> bool:
    return respondent_role(user, municipality) is not None


def active_clerk(user: User, municipality: Municipality) -> CouncilClerk | None:
    return db.session.scalar(
        select(CouncilClerk).where(
            CouncilClerk.user_id == user.id,
            CouncilClerk.municipality_id == municipality.id,
            CouncilClerk.revoked_at.is_(None),
        )
    )


def _body_as_verified(user: User, role: str, municipality: Municipality) -> str | None:
    """The party or body the moderator checked: the organisation of the approved verification."""
    if role == CLERK:
        return municipality.name  # shown as "griffie (Utrecht)"
    return db.session.scalar(
        select(VerificationRequest.organisation)
        .where(VerificationRequest.user_id == user.id, VerificationRequest.status == APPROVED)
        .order_by(VerificationRequest.id.desc())
        .limit(1)
    )


def _check_draft(draft: ResponseDraft) -> ResponseDraft:
    body = (draft.body or "").strip()
    if not body:
        raise CouncilResponseError(_l("Schrijf wat de raad heeft gedaan."))
    if len(body) > MAX_BODY:
        raise CouncilResponseError(_l("Gebruik hoogstens %(max)d tekens.", max=MAX_BODY))
    if draft.kind not in RESPONSE_KINDS:
        raise CouncilResponseError(_l("Kies wat voor bericht het is."))
    if (problem := response_date_problem(draft.happened_on)) is not None:
        raise ResponseDateOutOfRange(problem)
    url = (draft.document_url or "").strip() or None
    if url and not url.lower().startswith(("https://", "http://")):
        raise CouncilResponseError(_l("Een link begint met https://"))
    return ResponseDraft(kind=draft.kind, body=body, happened_on=draft.happened_on, document_url=url)


def publish_response(user: User, municipality: Municipality, draft: ResponseDraft) -> CouncilResponse:
    """Only a current respondent of this municipality; who they are is kept as verified today."""
    role = respondent_role(user, municipality)
    if role is None:
        raise NotARespondent(NOT_A_RESPONDENT)
    draft = _check_draft(draft)
    response = CouncilResponse(
        municipality_id=municipality.id,
        author_id=user.id,
        kind=draft.kind,
        respondent_name=user.display_name,
        respondent_role=role,
        respondent_body=_body_as_verified(user, role, municipality),
        body=draft.body,
        document_url=draft.document_url,
        happened_on=draft.happened_on,
    )
    db.session.add(response)
    db.session.commit()
    return response


def can_edit(user: User, response: CouncilResponse) -> bool:
    return (
        user.is_authenticated
        and response.author_id == user.id
        and not response.is_hidden
        and can_respond(user, response.municipality)
    )


def edit_response(user: User, response: CouncilResponse, draft: ResponseDraft) -> CouncilResponse:
    """The author edits while still a respondent; the earlier version is kept and the edit shown."""
    if not can_edit(user, response):
        raise NotARespondent(_l("Je kunt dit bericht niet meer aanpassen."))
    draft = _check_draft(draft)
    unchanged = (response.kind, response.body, response.document_url, response.happened_on) == (
        draft.kind,
        draft.body,
        draft.document_url,
        draft.happened_on,
    )
    if unchanged:
        return response
    db.session.add(
        CouncilResponseRevision(
            response_id=response.id,
            kind=response.kind,
            body=response.body,
            document_url=response.document_url,
            happened_on=response.happened_on,
            written_at=response.edited_at or response.created_at,
        )
    )
    response.kind, response.body = draft.kind, draft.body
    response.document_url, response.happened_on = draft.document_url, draft.happened_on
    response.edited_at = utcnow()
    db.session.commit()
    return response


def response_in(municipality: Municipality, response_id: int) -> CouncilResponse | None:
    response = db.session.get(CouncilResponse, response_id)
    return response if response is not None and response.municipality_id == municipality.id else None


def visible_responses(municipality: Municipality) -> list[CouncilResponse]:
    """Newest first, as the page and the PDF show them; hidden ones are left out."""
    return list(
        db.session.scalars(
            select(CouncilResponse)
            .options(joinedload(CouncilResponse.author))
            .where(CouncilResponse.municipality_id == municipality.id, CouncilResponse.hidden_at.is_(None))
            .order_by(CouncilResponse.happened_on.desc(), CouncilResponse.id.desc())
        )
    )


def revisions_of(response: CouncilResponse) -> list[CouncilResponseRevision]:
    return list(
        db.session.scalars(
            select(CouncilResponseRevision)
            .where(CouncilResponseRevision.response_id == response.id)
            .order_by(CouncilResponseRevision.id.desc())
        )
    )


def badged_responses(municipality: Municipality, responses: list[CouncilResponse]) -> set[int]:
    """Ids of the responses that keep the "geverifieerd" badge: their author may still speak for this
    municipality, in the role the response was published under, and a politician's verification is
    still for the very name on the response. So no badge ever shows a name that was not verified."""
    authors = {r.author for r in responses if r.author is not None}
    if not authors:
        return set()
    clerks = set(
        db.session.scalars(
            select(CouncilClerk.user_id).where(
                CouncilClerk.municipality_id == municipality.id, CouncilClerk.revoked_at.is_(None)
            )
        )
    )
    roles = {a.id: _role(a, municipality, lambda a=a: a.id in clerks) for a in authors}
    badged = set()
    for r in responses:
        author = r.author
        if author is None or r.respondent_role not in (roles[author.id], CLERK):
            continue
        if r.respondent_role == CLERK:
            if author.id in clerks and not author.is_blocked and author.is_confirmed:
                badged.add(r.id)
        elif r.respondent_name == author.verified_name:
            badged.add(r.id)
    return badged


# Account data ---------------------------------------------------------------------------------


def forget_council_responses(user: User) -> None:
    """Account deletion: this person's responses (their history and the reports about them) and griffie
    marks go with it."""
    own = list(db.session.scalars(select(CouncilResponse.id).where(CouncilResponse.author_id == user.id)))
    forget_subjects(Subject.COUNCIL_RESPONSE, own)
    db.session.execute(delete(CouncilResponse).where(CouncilResponse.author_id == user.id))
    db.session.execute(delete(CouncilClerk).where(CouncilClerk.user_id == user.id))


def export_council_responses(user: User) -> tuple[str, dict]:
    """What "download my data" shows about responses and griffie marks."""
    responses = db.session.scalars(
        select(CouncilResponse).where(CouncilResponse.author_id == user.id).order_by(CouncilResponse.id)
    ).all()
    clerks = db.session.scalars(select(CouncilClerk).where(CouncilClerk.user_id == user.id)).all()
    return "council_responses", {
        "responses": [
            {
                "municipality": r.municipality.code,
                "kind": r.kind,
                "respondent_name": r.respondent_name,
                "respondent_role": r.respondent_role,
                "respondent_body": r.respondent_body,
                "text": r.body,
                "document_url": r.document_url,
                "date": r.happened_on.isoformat(),
                "created_at": r.created_at.isoformat() + "Z",
                "edited_at": r.edited_at.isoformat() + "Z" if r.edited_at else None,
                "hidden": r.is_hidden,
                "earlier_versions": [
                    {"kind": v.kind, "text": v.body, "document_url": v.document_url, "date": v.happened_on.isoformat()}
                    for v in revisions_of(r)
                ],
            }
            for r in responses
        ],
        "griffie": [
            {
                "municipality": c.municipality.code,
                "since": c.created_at.isoformat() + "Z",
                "revoked": c.revoked_at is not None,
            }
            for c in clerks
        ],
    }
