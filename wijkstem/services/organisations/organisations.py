"""An organisation asked for, the people who act for it, the pillars it supports, and deleting it.

Only a member acts for an organisation; every member may add and remove the others. A blocked
organisation cannot be changed by its members any more. Services commit; callers map errors to messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from wijkstem.clock import iso_utc
from wijkstem.extensions import db
from wijkstem.models import (
    Endorsement,
    Municipality,
    Organisation,
    OrganisationEndorsement,
    OrganisationMember,
    OrganisationMunicipality,
    PendingEndorsement,
    Pillar,
    Report,
    User,
)
from wijkstem.models.organisations import BLOCKED, KINDS
from wijkstem.services.accounts.mail import forget_mail_to
from wijkstem.services.experiences.experiences import slugify
from wijkstem.services.moderation import audit

REPORT_SUBJECT = "organisation"  # Report.subject_type of a report about an organisation
MAX_PLACES = 10


class OrganisationError(Exception):
    """A rule said no; str(error) is a message for the person."""


class NotAMember(OrganisationError):
    """The person does not speak for this organisation."""


@dataclass
class OrganisationRequest:
    name: str
    kind: str
    website: str
    evidence_url: str | None = None
    work_email: str | None = None
    # (municipality, wijk or None), the first one is where the organisation is based
    places: list[tuple[Municipality, str | None]] = field(default_factory=list)


def is_member(user: User | None, organisation: Organisation) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(OrganisationMember.id).where(
                OrganisationMember.organisation_id == organisation.id, OrganisationMember.user_id == user.id
            )
        )
        is not None
    )


def require_member(user: User, organisation: Organisation) -> None:
    if not is_member(user, organisation):
        raise NotAMember(_l("Je handelt niet namens deze organisatie."))
    if organisation.status == BLOCKED:
        raise OrganisationError(_l("Deze organisatie is geblokkeerd. Je kunt er niets meer aan veranderen."))


def organisations_of(user: User) -> list[Organisation]:
    """The organisations this person acts for, by name."""
    return list(
        db.session.scalars(
            select(Organisation)
            .join(OrganisationMember, OrganisationMember.organisation_id == Organisation.id)
            .where(OrganisationMember.user_id == user.id)
            .order_by(Organisation.name)
        )
    )


def _free_slug(name: str) -> str:
    base = slugify(name)[:120] or "organisatie"
    taken = set(db.session.scalars(select(Organisation.slug).where(Organisation.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def work_email_fits(work_email: str, website: str) -> bool:
    """The work address is on the organisation's own domain (or a subdomain of it)."""
    from urllib.parse import urlsplit

    domain = (urlsplit(website).hostname or "").lower().removeprefix("www.")
    mail_domain = work_email.rpartition("@")[2].lower()
    return bool(domain) and (mail_domain == domain or mail_domain.endswith("." + domain))


def request_organisation(user: User, application: OrganisationRequest) -> Organisation:
    """A confirmed person asks to add an organisation and acts for it; it stays hidden until verified."""
    from wijkstem.services.organisations.organisation_verification import queue_work_email_check

    if application.kind not in KINDS:
        raise OrganisationError(_l("Kies wat voor organisatie het is."))
    if not application.places:
        raise OrganisationError(_l("Kies minstens één gemeente waar de organisatie werkt."))
    work_email = (application.work_email or "").strip().lower() or None
    if work_email and not work_email_fits(work_email, application.website):
        raise OrganisationError(
            _l(
                "Het werk-e-mailadres moet bij de website van de organisatie horen, zoals naam@%(domain)s.",
                domain=_domain(application.website),
            )
        )
    organisation = Organisation(
        name=application.name.strip(),
        slug=_free_slug(application.name),
        kind=application.kind,
        website=application.website.strip(),
        evidence_url=(application.evidence_url or "").strip() or None,
        work_email=work_email,
    )
    db.session.add(organisation)
    seen: set[int] = set()
    for municipality, wijk in application.places[:MAX_PLACES]:
        if municipality.id in seen:
            continue
        seen.add(municipality.id)
        organisation.places.append(
            OrganisationMunicipality(municipality=municipality, wijk=(wijk or "").strip() or None)
        )
    organisation.members.append(OrganisationMember(user=user))
    db.session.flush()
    if work_email:
        queue_work_email_check(organisation, user, work_email)
    db.session.commit()
    return organisation


def _domain(website: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(website).hostname or "").lower().removeprefix("www.") or "organisatie.nl"


# Members ------------------------------------------------------------------------------------


def members_of(organisation: Organisation) -> list[OrganisationMember]:
    return list(
        db.session.scalars(
            select(OrganisationMember)
            .where(OrganisationMember.organisation_id == organisation.id)
            .order_by(OrganisationMember.created_at, OrganisationMember.id)
        )
    )


def add_member(actor: User, organisation: Organisation, email: str) -> User:
    """A member adds someone with a confirmed wijkstem account (found by e-mail address)."""
    require_member(actor, organisation)
    person = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if person is None or not person.is_confirmed or person.is_blocked:
        raise OrganisationError(
            _l("Er is geen account met dit e-mailadres. Vraag de persoon eerst een account te maken.")
        )
    if is_member(person, organisation):
        raise OrganisationError(_l("Deze persoon handelt al namens de organisatie."))
    db.session.add(OrganisationMember(organisation=organisation, user=person))
    audit.record(
        actor,
        "organisation.member_added",
        "organisation",
        organisation.id,
        None,
        None,
        {"member": person.id},
        about=person,
    )
    try:
        db.session.commit()
    except IntegrityError:  # added twice at the same moment
        db.session.rollback()
        raise OrganisationError(_l("Deze persoon handelt al namens de organisatie.")) from None
    return person


def remove_member(actor: User, organisation: Organisation, member_user_id: int) -> None:
    """A member removes someone (or themselves: leaving); the last one cannot leave, they delete instead."""
    if actor.id == member_user_id:  # leaving is allowed even for a blocked organisation
        _require_own_membership(actor, organisation)
    else:
        require_member(actor, organisation)
    member = db.session.scalar(
        select(OrganisationMember).where(
            OrganisationMember.organisation_id == organisation.id, OrganisationMember.user_id == member_user_id
        )
    )
    if member is None:
        raise OrganisationError(_l("Deze persoon handelt niet namens de organisatie."))
    if _member_count(organisation) <= 1:
        raise OrganisationError(
            _l(
                "Je bent de enige die namens de organisatie handelt. "
                "Voeg eerst iemand toe, of verwijder de organisatie."
            )
        )
    action = "organisation.member_left" if actor.id == member_user_id else "organisation.member_removed"
    audit.record(
        actor, action, "organisation", organisation.id, None, {"member": member_user_id}, None, about=member.user
    )
    db.session.delete(member)
    db.session.commit()


def _require_own_membership(user: User, organisation: Organisation) -> None:
    if not is_member(user, organisation):
        raise NotAMember(_l("Je handelt niet namens deze organisatie."))


def _member_count(organisation: Organisation) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(OrganisationMember)
            .where(OrganisationMember.organisation_id == organisation.id)
        )
        or 0
    )


# Support ------------------------------------------------------------------------------------


def support_of(organisation: Organisation) -> dict[int, OrganisationEndorsement]:
    """pillar id -> the organisation's endorsement."""
    rows = db.session.scalars(
        select(OrganisationEndorsement).where(OrganisationEndorsement.organisation_id == organisation.id)
    )
    return {row.pillar_id: row for row in rows}


def support_pillar(actor: User, organisation: Organisation, pillar: Pillar, motivation: str | None) -> None:
    """The organisation supports a pillar (or changes its motivation), through a person acting for it."""
    require_member(actor, organisation)
    motivation = (motivation or "").strip()[:280] or None
    current = support_of(organisation).get(pillar.id)
    if current is None:
        db.session.add(OrganisationEndorsement(organisation=organisation, pillar=pillar, motivation=motivation))
    else:
        current.motivation = motivation
    try:
        db.session.commit()
    except IntegrityError:  # a double click: the first one counts
        db.session.rollback()


def withdraw_support(actor: User, organisation: Organisation, pillar: Pillar) -> None:
    require_member(actor, organisation)
    db.session.execute(
        delete(OrganisationEndorsement).where(
            OrganisationEndorsement.organisation_id == organisation.id, OrganisationEndorsement.pillar_id == pillar.id
        )
    )
    db.session.commit()


# Deletion -----------------------------------------------------------------------------------


def _forget_organisation(organisation: Organisation) -> None:
    """Everything that names the organisation goes; the audit log keeps the decisions without its name."""
    if organisation.work_email:
        forget_mail_to(organisation.work_email)
    for model in (Endorsement, PendingEndorsement):
        db.session.execute(
            update(model).where(model.via_code == organisation.share_code).values(via_code=None),
            execution_options={"synchronize_session": False},
        )
    db.session.execute(
        delete(Report).where(Report.subject_type == REPORT_SUBJECT, Report.subject_id == organisation.id)
    )
    audit.redact_subject_snapshots("organisation", organisation.id)
    db.session.delete(organisation)  # members, places and support go with it (cascade)


def delete_organisation(actor: User, organisation: Organisation) -> None:
    """A member (or a moderator) deletes the organisation with everything that names it."""
    if not actor.is_moderator:
        _require_own_membership(actor, organisation)
    audit.record(actor, "organisation.deleted", "organisation", organisation.id, None, None, None)
    _forget_organisation(organisation)
    db.session.commit()


def forget_memberships(user: User) -> None:
    """On account deletion (caller's transaction): the person stops acting for every organisation.
    An organisation that others still act for stays. One with nobody left is deleted with everything
    that names it: nobody could answer for it any more, and it would never be checked again."""
    organisations = organisations_of(user)
    db.session.execute(delete(OrganisationMember).where(OrganisationMember.user_id == user.id))
    for organisation in organisations:
        if _member_count(organisation) == 0:
            _forget_organisation(organisation)


def export_memberships(user: User) -> tuple[str, list]:
    return "organisations", [
        {"name": o.name, "kind": o.kind, "website": o.website, "status": o.status, "created_at": iso_utc(o.created_at)}
        for o in organisations_of(user)
    ]


def set_logo(actor: User, organisation: Organisation, data: bytes, content_type: str) -> None:
    """A logo that went through the photo pipeline (re-encoded, no metadata)."""
    require_member(actor, organisation)
    organisation.logo = data
    organisation.logo_type = content_type
    db.session.commit()
