"""The weekly digest: one mail per follower per ISO week, only when something changed.

`build_digests()` is safe to run from cron on several machines at once: each digest row
(unique per person and period) is inserted in the same transaction as its outbox message, so a
second run for the same week finds the row and sends nothing. Delivery and retries are the
outbox's job (services.accounts.mail).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import (
    CouncilResponse,
    CouncilStatusStep,
    Digest,
    Endorsement,
    Experience,
    Follow,
    Milestone,
    Municipality,
    Pillar,
    User,
)
from wijkstem.models.experiences import APPROVED, experience_pillars
from wijkstem.services.accounts.mail import queue_mail
from wijkstem.services.council import council_status, follows, milestones
from wijkstem.services.council.council_responses import KIND_LABELS, ROLE_LABELS, VOICE_LABELS
from wijkstem.urls import absolute_url

WINDOW = timedelta(days=7)


@dataclass
class Section:
    """What changed for one followed municipality or pillar."""

    title: str
    link: str
    responses: list[CouncilResponse] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    experiences: list[Experience] = field(default_factory=list)
    verified_supporters: int = 0
    status_steps: list[CouncilStatusStep] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        return bool(
            self.responses or self.milestones or self.experiences or self.verified_supporters or self.status_steps
        )

    def as_summary(self) -> dict:
        return {
            "about": self.title,
            "responses": len(self.responses),
            "milestones": [m.threshold for m in self.milestones],
            "experiences": len(self.experiences),
            "verified_supporters": self.verified_supporters,
            "council_status": [s.step for s in self.status_steps],
        }


@dataclass
class DigestRun:
    queued: int = 0
    nothing_new: int = 0
    already_sent: int = 0


def period_of(moment: datetime) -> str:
    year, week, _day = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _municipality_section(place: Municipality, since: datetime, until: datetime) -> Section:
    section = Section(title=place.name, link=absolute_url("municipalities.show", slug=place.slug))
    section.responses = list(
        db.session.scalars(
            select(CouncilResponse)
            .where(
                CouncilResponse.municipality_id == place.id,
                CouncilResponse.hidden_at.is_(None),
                func.coalesce(CouncilResponse.edited_at, CouncilResponse.created_at) >= since,
                func.coalesce(CouncilResponse.edited_at, CouncilResponse.created_at) < until,
            )
            .order_by(CouncilResponse.happened_on, CouncilResponse.id)
        )
    )
    section.milestones = list(
        db.session.scalars(
            select(Milestone)
            .where(Milestone.municipality_id == place.id, Milestone.reached_at >= since, Milestone.reached_at < until)
            .order_by(Milestone.threshold)
        )
    )
    section.status_steps = council_status.status_changes(place.id, since, until)
    section.experiences = _approved_experiences(since, until, Experience.municipality_id == place.id)
    section.verified_supporters = _new_verified_supporters(
        since, until, Endorsement.counted_municipality_id == place.id
    )
    return section


def _pillar_section(pillar: Pillar, since: datetime, until: datetime) -> Section:
    # The pillar URL is a public contract (README), whichever blueprint serves it.
    section = Section(title=pillar.title, link=f"{current_app.config['WIJKSTEM_BASE_URL']}/manifest/{pillar.slug}")
    in_pillar = Experience.id.in_(
        select(experience_pillars.c.experience_id).where(experience_pillars.c.pillar_id == pillar.id)
    )
    section.experiences = _approved_experiences(since, until, in_pillar)
    section.verified_supporters = _new_verified_supporters(since, until, Endorsement.pillar_id == pillar.id)
    return section


def _approved_experiences(since: datetime, until: datetime, where) -> list[Experience]:
    return list(
        db.session.scalars(
            select(Experience)
            .where(
                where,
                Experience.status == APPROVED,
                Experience.hidden_at.is_(None),
                Experience.approved_at >= since,
                Experience.approved_at < until,
            )
            .order_by(Experience.approved_at)
            .limit(5)
        ).unique()
    )


def _new_verified_supporters(since: datetime, until: datetime, where) -> int:
    return (
        db.session.scalar(
            select(func.count(func.distinct(Endorsement.user_id))).where(
                where,
                Endorsement.counted_verified.is_(True),
                Endorsement.created_at >= since,
                Endorsement.created_at < until,
            )
        )
        or 0
    )


def sections_for(user: User, since: datetime, until: datetime) -> list[Section]:
    """What changed in [since, until) for everything this person follows; only sections with news."""
    current = follows.following(user)
    sections = [_municipality_section(m, since, until) for m in current.municipalities]
    sections += [_pillar_section(p, since, until) for p in current.pillars]
    return [s for s in sections if s.has_news]


def _recipients() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(select(Follow.user_id)),
                User.digest_frequency == follows.WEEKLY,
                User.email_confirmed_at.is_not(None),
                User.blocked_at.is_(None),
            )
            .order_by(User.id)
        )
    )


def _window_start(user: User, now: datetime) -> datetime:
    last = db.session.scalar(select(func.max(Digest.covers_until)).where(Digest.user_id == user.id))
    return max(last, now - WINDOW) if last else now - WINDOW


def _already_sent(user: User, period: str) -> bool:
    return db.session.scalar(select(Digest.id).where(Digest.user_id == user.id, Digest.period == period)) is not None


def build_digests(now: datetime | None = None) -> DigestRun:
    """Queue this week's digests: at most one per follower per ISO week, none without news."""
    milestones.record_reached_milestones()  # before "now", so this run's digests include them
    now = now or utcnow()
    period = period_of(now)
    run = DigestRun()
    for user in _recipients():
        if _already_sent(user, period):
            run.already_sent += 1
            continue
        since = _window_start(user, now)
        sections = sections_for(user, since, now)
        if not sections:
            run.nothing_new += 1
            continue
        if _queue_digest(user, period, since, now, sections):
            run.queued += 1
        else:
            run.already_sent += 1
    return run


def _queue_digest(user: User, period: str, since: datetime, until: datetime, sections: list[Section]) -> bool:
    """The digest row and its mail in one transaction; False when another run got there first."""
    unsubscribe_link = absolute_url("council.unsubscribe", token=follows.unsubscribe_token(user))
    try:
        message = queue_mail(
            user.email,
            _l("Wat er veranderde op wijkstem"),
            "digest",
            locale=user.locale,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            user=user,
            sections=sections,
            unsubscribe_link=unsubscribe_link,
            settings_link=absolute_url("council.preferences"),
            KIND_LABELS=KIND_LABELS,
            ROLE_LABELS=ROLE_LABELS,
            VOICE_LABELS=VOICE_LABELS,
            STEP_LABELS=council_status.STEP_LABELS,
        )
        db.session.flush()
        db.session.add(
            Digest(
                user_id=user.id,
                period=period,
                covers_from=since,
                covers_until=until,
                outbox_message_id=message.id,
                summary={"sections": [s.as_summary() for s in sections]},
            )
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


# Account data ---------------------------------------------------------------------------------


def forget_digests(user: User) -> None:
    """Account deletion: the record of which digests were sent goes with the account."""
    db.session.execute(delete(Digest).where(Digest.user_id == user.id))


def export_digests(user: User) -> tuple[str, list[dict]]:
    rows = db.session.scalars(select(Digest).where(Digest.user_id == user.id).order_by(Digest.id))
    return "digests", [
        {
            "period": d.period,
            "covers_from": d.covers_from.isoformat() + "Z",
            "covers_until": d.covers_until.isoformat() + "Z",
            "summary": d.summary,
            "created_at": d.created_at.isoformat() + "Z",
        }
        for d in rows
    ]
