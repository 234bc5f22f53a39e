"""Checking organisations: the work e-mail check, the moderators' queues, reports, hiding and blocking.

As for professionals (services.accounts.verification): a work address on the organisation's own
domain proves a link to it; a moderator decides, by that or by a check by hand. Every decision is
in the audit log and the requester gets a mail.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Organisation, OrganisationMember, Report, User
from wijkstem.models.organisations import BLOCKED, HIDDEN, REJECTED, REQUESTED, VERIFIED
from wijkstem.models.reports import DISMISSED, OPEN, UPHELD
from wijkstem.services.accounts import tokens
from wijkstem.services.accounts.mail import queue_mail
from wijkstem.services.accounts.verification import confirm_signed_work_email
from wijkstem.services.moderation import audit
from wijkstem.services.moderation.moderation_queue import (
    APPROVE,
    HIDE,
    NOT_FOUND,
    REJECT,
    ItemNotFound,
    QueueItem,
    QueueProvider,
    tell_author,
)
from wijkstem.services.organisations.organisation_listing import KIND_LABELS
from wijkstem.services.organisations.organisations import REPORT_SUBJECT, OrganisationError
from wijkstem.urls import absolute_url

QUEUE = "organisaties"
REPORT_QUEUE = "organisatie-meldingen"


class WorkEmailAlreadyConfirmed(OrganisationError):
    """The work address was confirmed already: a second confirmation changes nothing."""


def queue_work_email_check(organisation: Organisation, user: User, work_email: str) -> None:
    token = tokens.make_token("organisation-email", {"id": organisation.id, "email": work_email})
    queue_mail(
        work_email,
        _l("Bevestig je werk-e-mailadres voor wijkstem"),
        "organisation_work_email",
        locale=user.locale,
        user=user,
        org=organisation,
        link=absolute_url("organisations.confirm_work_email", token=token),
    )


def confirm_work_email(token: str) -> Organisation:
    """The signed link proves someone reads mail at an address on the organisation's domain."""
    return confirm_signed_work_email("organisation-email", token, Organisation, WorkEmailAlreadyConfirmed)


def _requester(organisation: Organisation) -> User | None:
    """The first person acting for it: the one who asked, unless they left."""
    return db.session.scalar(
        select(User)
        .join(OrganisationMember, OrganisationMember.user_id == User.id)
        .where(OrganisationMember.organisation_id == organisation.id)
        .order_by(OrganisationMember.created_at, OrganisationMember.id)
    )


def _snapshot(organisation: Organisation) -> dict:
    return {"status": organisation.status, "name": organisation.name, "website": organisation.website}


def _facts(organisation: Organisation) -> list[tuple[object, str]]:
    facts: list[tuple[object, str]] = [
        (_l("Naam"), organisation.name),
        (_l("Soort organisatie"), str(KIND_LABELS.get(organisation.kind, organisation.kind))),
        (_l("Website"), organisation.website),
        (
            _l("Werkt in"),
            ", ".join(
                f"{place.municipality.name} ({place.wijk})" if place.wijk else place.municipality.name
                for place in organisation.places
            ),
        ),
    ]
    if organisation.evidence_url:
        facts.append((_l("Openbare link"), organisation.evidence_url))
    if organisation.work_email:
        state = _l("bevestigd") if organisation.work_email_confirmed_at else _l("nog niet bevestigd")
        facts.append((_l("Werk-e-mailadres"), f"{organisation.work_email} ({state})"))
    return facts


# The verification queue ----------------------------------------------------------------------


def _as_request_item(organisation: Organisation) -> QueueItem:
    return QueueItem(
        kind=QUEUE,
        id=organisation.id,
        title=organisation.name,
        body=str(_l("Vraagt om op wijkstem te staan als organisatie die het manifest steunt.")),
        author=_requester(organisation),
        created_at=organisation.created_at,
        url=organisation.website,
        facts=_facts(organisation),
    )


def _requested():
    return select(Organisation).where(Organisation.status == REQUESTED)


def pending_requests(limit: int = 50) -> list[QueueItem]:
    rows = db.session.scalars(_requested().order_by(Organisation.created_at, Organisation.id).limit(limit))
    return [_as_request_item(row) for row in rows]


def find_request(item_id: int) -> QueueItem | None:
    organisation = db.session.get(Organisation, item_id)
    return _as_request_item(organisation) if organisation is not None and organisation.status == REQUESTED else None


def count_requests() -> int:
    return db.session.scalar(select(func.count()).select_from(_requested().subquery())) or 0


def _set_status(moderator: User, organisation: Organisation, status: str, action: str, reason: str | None) -> None:
    before = _snapshot(organisation)
    organisation.status = status
    organisation.reason = reason
    if status == VERIFIED and organisation.verified_at is None:
        organisation.verified_at = utcnow()
    audit.record(moderator, action, "organisation", organisation.id, reason, before, _snapshot(organisation))


def _tell_requester(organisation: Organisation, decision: str, reason: str | None) -> None:
    """Mail the person who asked for the organisation what was decided, with a link to manage it."""
    tell_author(
        _requester(organisation),
        str(_l("de organisatie %(name)s", name=organisation.name)),
        decision,
        reason,
        absolute_url("organisations.manage", slug=organisation.slug),
    )


def _organisation(item_id: int) -> Organisation:
    organisation = db.session.get(Organisation, item_id)
    if organisation is None:
        raise ItemNotFound(NOT_FOUND)
    return organisation


def approve_organisation(moderator: User, item_id: int, reason: str | None = None) -> None:
    organisation = _organisation(item_id)
    _set_status(moderator, organisation, VERIFIED, "organisation.approved", reason)
    tell_author(
        _requester(organisation),
        str(_l("de organisatie %(name)s", name=organisation.name)),
        str(_l("geverifieerd")),
        reason,
        absolute_url("organisations.show", slug=organisation.slug),
        next_step=str(
            _l(
                "Laat nu zien welke pijlers de organisatie steunt: %(link)s",
                link=absolute_url("organisations.manage", slug=organisation.slug),
            )
        ),
    )


def reject_organisation(moderator: User, item_id: int, reason: str | None = None) -> None:
    organisation = _organisation(item_id)
    _set_status(moderator, organisation, REJECTED, "organisation.rejected", reason)
    _tell_requester(organisation, str(_l("afgewezen")), reason)


QUEUE_PROVIDER = QueueProvider(
    name=QUEUE,
    label=_l("Organisaties die willen meedoen"),
    pending=pending_requests,
    find=find_request,
    count=count_requests,
    handlers={APPROVE: approve_organisation, REJECT: reject_organisation},
    reasons=(
        _l("De organisatie is niet te vinden op de website"),
        _l("Het werk-e-mailadres hoort niet bij de organisatie"),
        _l("Niet te controleren"),
    ),
    action_hints={
        APPROVE: _l("De organisatie komt op de site en kan pijlers steunen. De aanvrager krijgt een mail."),
        REJECT: _l("De organisatie komt niet op de site. De aanvrager krijgt een mail met de reden."),
    },
)


# Reports about organisations ------------------------------------------------------------------


def report_organisation(reporter: User, organisation: Organisation, reason: str, text: str | None) -> None:
    """Anyone logged in may report a public organisation once; it goes to the moderators' queue."""
    if not organisation.is_public:
        raise OrganisationError(_l("Deze organisatie staat niet op de site."))
    exists = db.session.scalar(
        select(Report.id).where(
            Report.reporter_id == reporter.id,
            Report.subject_type == REPORT_SUBJECT,
            Report.subject_id == organisation.id,
        )
    )
    if exists is not None:
        raise OrganisationError(_l("Je hebt deze organisatie al gemeld. Een moderator kijkt ernaar."))
    db.session.add(
        Report(
            subject_type=REPORT_SUBJECT,
            subject_id=organisation.id,
            reporter_id=reporter.id,
            reason=reason,
            text=(text or "").strip()[:500] or None,
        )
    )
    db.session.commit()


def _reported():
    return (
        select(Report.subject_id, func.min(Report.created_at).label("first"))
        .where(Report.subject_type == REPORT_SUBJECT, Report.status == OPEN)
        .group_by(Report.subject_id)
    )


def _as_report_item(organisation: Organisation) -> QueueItem:
    reports = list(
        db.session.scalars(
            select(Report)
            .where(Report.subject_type == REPORT_SUBJECT, Report.subject_id == organisation.id, Report.status == OPEN)
            .order_by(Report.id)
        )
    )
    return QueueItem(
        kind=REPORT_QUEUE,
        id=organisation.id,
        title=organisation.name,
        body="\n".join(report.text or "" for report in reports).strip(),
        author=None,
        created_at=reports[0].created_at if reports else organisation.created_at,
        reports=reports,
        url=organisation.website,
        facts=_facts(organisation),
        page=("organisations.show", {"slug": organisation.slug}),
    )


def reported_items(limit: int = 50) -> list[QueueItem]:
    rows = db.session.execute(_reported().order_by("first").limit(limit)).all()
    found = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_([r[0] for r in rows])))}
    return [_as_report_item(found[row[0]]) for row in rows if row[0] in found]


def find_reported(item_id: int) -> QueueItem | None:
    organisation = db.session.get(Organisation, item_id)
    if organisation is None or not db.session.scalar(_reported().where(Report.subject_id == item_id)):
        return None
    return _as_report_item(organisation)


def count_reported() -> int:
    return db.session.scalar(select(func.count()).select_from(_reported().subquery())) or 0


def _close_reports(moderator: User, organisation: Organisation, status: str) -> None:
    db.session.execute(
        update(Report)
        .where(Report.subject_type == REPORT_SUBJECT, Report.subject_id == organisation.id, Report.status == OPEN)
        .values(status=status, handled_at=utcnow(), handled_by_id=moderator.id)
    )


def keep_reported(moderator: User, item_id: int, reason: str | None = None) -> None:
    organisation = _organisation(item_id)
    before = {**_snapshot(organisation), "open_reports": find_reported(item_id) is not None}
    _close_reports(moderator, organisation, DISMISSED)
    audit.record(
        moderator,
        "organisation.reports_dismissed",
        "organisation",
        organisation.id,
        reason,
        before,
        {**_snapshot(organisation), "open_reports": False},
    )


def hide_reported(moderator: User, item_id: int, reason: str | None = None) -> None:
    organisation = _organisation(item_id)
    _close_reports(moderator, organisation, UPHELD)
    _hide(moderator, organisation, reason)


def _hide(moderator: User, organisation: Organisation, reason: str | None) -> None:
    _set_status(moderator, organisation, HIDDEN, "organisation.hidden", reason)
    _tell_requester(organisation, str(_l("verborgen")), reason)


REPORT_QUEUE_PROVIDER = QueueProvider(
    name=REPORT_QUEUE,
    label=_l("Meldingen over organisaties"),
    pending=reported_items,
    find=find_reported,
    count=count_reported,
    handlers={APPROVE: keep_reported, HIDE: hide_reported},
    action_hints={
        APPROVE: _l("De organisatie blijft op de site. De meldingen zijn afgehandeld."),
        HIDE: _l("De organisatie en haar steun gaan van de site. Wie namens haar handelt krijgt een mail."),
    },
)


# A moderator's own decision on the organisation's page ------------------------------------------

MODERATOR_ACTIONS = ("hide", "block", "restore")


def moderate_organisation(moderator: User, organisation: Organisation, action: str, reason: str | None) -> None:
    """Hide (can come back), block (for good; its people cannot change it) or restore (public again)."""
    reason = (reason or "").strip() or None
    if action not in MODERATOR_ACTIONS:
        raise OrganisationError(_l("Deze actie kan niet."))
    if action in ("hide", "block") and not reason:
        raise OrganisationError(_l("Kies of schrijf een reden."))
    if action == "hide":
        _hide(moderator, organisation, reason)
    elif action == "block":
        _set_status(moderator, organisation, BLOCKED, "organisation.blocked", reason)
    else:
        _set_status(moderator, organisation, VERIFIED, "organisation.restored", reason)
    _close_reports(moderator, organisation, UPHELD if action != "restore" else DISMISSED)
    db.session.commit()
