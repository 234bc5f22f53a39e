"""Milestones: numbers of people from a municipality (each counted once) that mark its progress.

Thresholds come from config (MILESTONE_THRESHOLDS, e.g. 25, 100, 500 people). Residents can reach
them on their own: no perspective is required; the page shows which perspectives are present. The
page shows progress toward the next threshold, like a petition, and what happens there
(MILESTONE_PROMISE). The page reads it live from the people counters; the digest job records each
milestone once (a unique key per municipality and threshold), and followers hear about a milestone
in the digest that covers the moment it was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import format_decimal, ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from wijkstem.extensions import db
from wijkstem.models import Milestone, Municipality, PeopleCounter
from wijkstem.perspectives import PERSPECTIVES


@dataclass(frozen=True)
class Readiness:
    """Where a municipality stands: the thresholds reached, the next one, and since when it is ready."""

    total: int  # people, each counted once
    reached: tuple[int, ...]
    next_threshold: int | None
    present_perspectives: tuple[str, ...]
    ready_since: datetime | None

    @property
    def next_promise(self) -> str:
        """What happens at the next threshold (in the reader's language)."""
        return promise(self.next_threshold) if self.next_threshold else ""

    @property
    def is_ready(self) -> bool:
        return bool(self.reached)

    @property
    def still_needed(self) -> int:
        return max(0, (self.next_threshold or 0) - self.total)

    @property
    def progress_percent(self) -> int:
        """How far toward the next threshold, for the progress bar (0-100)."""
        if not self.next_threshold:
            return 100
        return min(100, round(100 * self.total / self.next_threshold))

    @property
    def missing_perspectives(self) -> tuple[str, ...]:
        return tuple(p for p in PERSPECTIVES if p not in self.present_perspectives)


def thresholds() -> tuple[int, ...]:
    return tuple(sorted(current_app.config.get("MILESTONE_THRESHOLDS", (25, 100, 500))))


def promise(threshold: int) -> str:
    """What happens at this many people, e.g. 'Bij 100 mensen bieden we het dossier aan de griffie aan.'"""
    configured = current_app.config.get("MILESTONE_PROMISE") or ""
    if configured:
        return configured.replace("{n}", format_decimal(threshold))
    return ngettext(
        "Bij %(people)s persoon bieden we het dossier aan de griffie aan.",
        "Bij %(people)s mensen bieden we het dossier aan de griffie aan.",
        threshold,
        people=format_decimal(threshold),
    )


def reached_thresholds(total: int, by_perspective: dict[str, int] | None = None) -> tuple[int, ...]:
    """The thresholds this many people reach (whoever they are)."""
    return tuple(t for t in thresholds() if total >= t)


def _local_counts(municipality_id: int | None = None) -> dict[int, dict[str, int]]:
    query = select(PeopleCounter.municipality_id, PeopleCounter.perspective, func.sum(PeopleCounter.count)).group_by(
        PeopleCounter.municipality_id, PeopleCounter.perspective
    )
    if municipality_id is not None:
        query = query.where(PeopleCounter.municipality_id == municipality_id)
    counts: dict[int, dict[str, int]] = {}
    for place, perspective, n in db.session.execute(query):
        counts.setdefault(place, {})[perspective] = int(n or 0)
    return counts


def milestones_of(municipality: Municipality) -> list[Milestone]:
    return list(
        db.session.scalars(
            select(Milestone).where(Milestone.municipality_id == municipality.id).order_by(Milestone.threshold)
        )
    )


def readiness(municipality: Municipality, by_perspective: dict[str, int] | None = None) -> Readiness:
    """by_perspective: local people per perspective when the caller has them (the page does)."""
    if by_perspective is None:
        by_perspective = _local_counts(municipality.id).get(municipality.id, {})
    total = sum(by_perspective.get(p, 0) for p in PERSPECTIVES)
    recorded = milestones_of(municipality)
    reached = tuple(sorted(set(reached_thresholds(total)) | {m.threshold for m in recorded}))
    upcoming = next((t for t in thresholds() if t not in reached and t > total), None)
    return Readiness(
        total=total,
        reached=reached,
        next_threshold=upcoming,
        present_perspectives=tuple(p for p in PERSPECTIVES if by_perspective.get(p, 0) > 0),
        ready_since=min((m.reached_at for m in recorded), default=None),
    )


def record_reached_milestones() -> list[Milestone]:
    """Record every milestone reached and not yet recorded, each exactly once, even when two runs race."""
    recorded = {(m, t) for m, t in db.session.execute(select(Milestone.municipality_id, Milestone.threshold))}
    new: list[Milestone] = []
    for place, by_perspective in _local_counts().items():
        for threshold in reached_thresholds(sum(by_perspective.values())):
            if (place, threshold) in recorded:
                continue
            milestone = Milestone(municipality_id=place, threshold=threshold)
            try:
                with db.session.begin_nested():
                    db.session.add(milestone)
            except IntegrityError:
                continue  # another run recorded it a moment ago
            new.append(milestone)
    db.session.commit()
    return new
