"""Responses of a municipality's council on its municipality page, in two voices.

"Reactie van een raadslid" (voice MEMBER): any verified raadslid, wethouder or burgemeester of
*that* municipality, shown with the party checked at verification. "Antwoord namens de
gemeenteraad" (voice COUNCIL): only its griffie, or a person the griffie or a moderator marked as
speaking for the council. When that stops (perspective or municipality changed, verification or
mark revoked, blocked) their responses stay, without the badge, and they cannot publish or edit
any more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import LazyString, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from wijkstem.clock import today_in_the_netherlands, utcnow
from wijkstem.extensions import db
from wijkstem.models import (
    CouncilClerk,
    CouncilResponse,
    CouncilResponseRevision,
    CouncilStatusStep,
    Municipality,
    User,
)
from wijkstem.models.council import (
    COUNCIL,
    DECISION,
    GRIFFIE,
    MEMBER,
    MOTION,
    RESPONSE,
    RESPONSE_KINDS,
    SPOKESPERSON,
)
from wijkstem.models.moderation import APPROVED, VerificationRequest
from wijkstem.perspectives import POLITICIAN
from wijkstem.subjects import Subject, forget_subjects

CLERK = GRIFFIE
COUNCIL_ROLES = ("raadslid", "wethouder", "burgemeester")
ROLE_LABELS = {
    "raadslid": _l("Raadslid"),
    "wethouder": _l("Wethouder"),
    "burgemeester": _l("Burgemeester"),
    CLERK: _l("Griffie"),
    SPOKESPERSON: _l("Woordvoerder namens de gemeenteraad"),
}
KIND_LABELS = {RESPONSE: _l("Antwoord"), MOTION: _l("Motie"), DECISION: _l("Besluit")}
VOICE_LABELS = {MEMBER: _l("Reactie van een raadslid"), COUNCIL: _l("Antwoord namens de gemeenteraad")}
MAX_BODY = 4000
# The earliest date a council response can have: the day the "Manifest voor een succesvolle wijkaanpak"
# was published (15 November 2023, wijkstem/content/manifest.toml). What a council did before the
# manifesto existed cannot be a response to it. wijkstem itself went live later (its history starts
# 23 November 2026), but a council may record a motion it adopted between the manifesto and then.
FIRST_RESPONSE_DATE = date(2023, 11, 15)
NOT_A_RESPONDENT = _l(
    "Alleen geverifieerde raadsleden, wethouders, de burgemeester en de griffie van deze gemeente kunnen hier reageren."
)
NOT_FOR_THE_COUNCIL = _l(
    "Alleen de griffie, of wie de griffie of een moderator daarvoor aanwijst, antwoordt namens de gemeenteraad."
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
    voice: str | None = None  # None: the person's own voice, a member's reaction when they have both


def _is_councillor(user: User, municipality: Municipality) -> bool:
    return (
        user.is_verified
        and user.perspective == POLITICIAN
        and user.perspective_role in COUNCIL_ROLES
        and user.municipality_id == municipality.id
    )


def _roles_by_voice(user: User, municipality: Municipality, clerk_role: str | None) -> dict[str, str]:
    """The voices this person may use for this council now, each with the role shown beside it."""
    if user.is_blocked or not user.is_confirmed:
        return {}
    roles: dict[str, str] = {}
    if _is_councillor(user, municipality):
        roles[MEMBER] = str(user.perspective_role)
    if clerk_role is not None:
        roles[COUNCIL] = clerk_role
    return roles


def voices_of(user: User, municipality: Municipality) -> dict[str, str]:
    """{voice: role} for a logged-in person; empty when they may not respond for this council."""
    if not user.is_authenticated:
        return {}
    clerk = active_clerk(user, municipality)
    return _roles_by_voice(user, municipality, clerk.role if clerk else None)


def respondent_role(user: User, municipality: Municipality, voice: str | None = None) -> str | None:
    """The role in which this person may speak for this municipality's council now (in `voice`), or None."""
    roles = voices_of(user, municipality)
    if voice is not None:
        return roles.get(voice)
    return roles.get(MEMBER) or roles.get(COUNCIL)


def can_respond(user: User, municipality: Municipality) -> bool:
    return bool(voices_of(user, municipality))


def active_clerk(user: User, municipality: Municipality) -> CouncilClerk | None:
    """The person's griffie or spokesperson mark for this municipality, if it stands."""
    return db.session.scalar(
        select(CouncilClerk).where(
            CouncilClerk.user_id == user.id,
            CouncilClerk.municipality_id == municipality.id,
            CouncilClerk.revoked_at.is_(None),
        )
    )


def _body_as_verified(user: User, voice: str, municipality: Municipality) -> str | None:
    """The party or body the moderator checked: the organisation of the approved verification."""
    if voice == COUNCIL:
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
    return ResponseDraft(kind=draft.kind, body=body, happened_on=draft.happened_on, document_url=url, voice=draft.voice)


def publish_response(user: User, municipality: Municipality, draft: ResponseDraft) -> CouncilResponse:
    """Only a current respondent of this municipality, in a voice they have; who they are is kept as
    verified today."""
    roles = voices_of(user, municipality)
    if not roles:
        raise NotARespondent(NOT_A_RESPONDENT)
    voice = draft.voice or (MEMBER if MEMBER in roles else COUNCIL)
    role = roles.get(voice)
    if role is None:
        raise NotARespondent(NOT_FOR_THE_COUNCIL if voice == COUNCIL else NOT_A_RESPONDENT)
    draft = _check_draft(draft)
    response = CouncilResponse(
        municipality_id=municipality.id,
        author_id=user.id,
        kind=draft.kind,
        voice=voice,
        respondent_name=user.display_name,
        respondent_role=role,
        respondent_body=_body_as_verified(user, voice, municipality),
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
        and response.voice in voices_of(user, response.municipality)
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
    municipality, in the voice and role the response was published under, and a councillor's verification
    is still for the very name on the response. So no badge ever shows a name that was not verified."""
    if not any(r.author is not None for r in responses):
        return set()
    clerk_roles = dict(
        db.session.execute(
            select(CouncilClerk.user_id, CouncilClerk.role).where(
                CouncilClerk.municipality_id == municipality.id, CouncilClerk.revoked_at.is_(None)
            )
        )
        .tuples()
        .all()
    )
    badged = set()
    for r in responses:
        author = r.author
        if author is None:
            continue
        voices = _roles_by_voice(author, municipality, clerk_roles.get(author.id))
        if r.voice not in voices or r.respondent_role != voices[r.voice]:
            continue
        if r.voice == MEMBER and r.respondent_name != author.verified_name:
            continue
        badged.add(r.id)
    return badged


# Account data ---------------------------------------------------------------------------------


def forget_council_responses(user: User) -> None:
    """Account deletion: this person's responses (their history and the reports about them) and griffie
    marks go with it; the council status steps they set stay (public record), without who set them."""
    own = list(db.session.scalars(select(CouncilResponse.id).where(CouncilResponse.author_id == user.id)))
    forget_subjects(Subject.COUNCIL_RESPONSE, own)
    db.session.execute(delete(CouncilResponse).where(CouncilResponse.author_id == user.id))
    db.session.execute(delete(CouncilClerk).where(CouncilClerk.user_id == user.id))
    db.session.execute(update(CouncilStatusStep).where(CouncilStatusStep.set_by_id == user.id).values(set_by_id=None))


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
