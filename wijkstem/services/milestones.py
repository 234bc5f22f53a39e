"""Milestones: enough local support (and every perspective present) makes a page "Klaar voor de raad".

Thresholds come from config (MILESTONE_THRESHOLDS, e.g. 25, 100, 500 endorsements from the
municipality's inhabitants). The page reads readiness live from the counters; the digest job
records each milestone once (a unique key per municipality and threshold), and followers hear
about a milestone in the digest that covers the moment it was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from wijkstem.extensions import db
from wijkstem.models import EndorsementCounter, Milestone, Municipality
from wijkstem.perspectives import PERSPECTIVES


@dataclass(frozen=True)
class Readiness:
    """Where a municipality stands: the thresholds reached, the next one, and since when it is ready."""

    total: int
    reached: tuple[int, ...]
    next_threshold: int | None
    missing_perspectives: tuple[str, ...]
    ready_since: datetime | None

    @property
    def is_ready(self) -> bool:
        return bool(self.reached)


def thresholds() -> tuple[int, ...]:
    return tuple(sorted(current_app.config.get("MILESTONE_THRESHOLDS", (25, 100, 500))))


def reached_thresholds(total: int, by_perspective: dict[str, int]) -> tuple[int, ...]:
    """The thresholds this much support reaches; none while a perspective is missing."""
    if any(by_perspective.get(p, 0) < 1 for p in PERSPECTIVES):
        return ()
    return tuple(t for t in thresholds() if total >= t)


def _local_counts(municipality_id: int | None = None) -> dict[int, dict[str, int]]:
    query = select(
        EndorsementCounter.municipality_id, EndorsementCounter.perspective, func.sum(EndorsementCounter.count)
    ).group_by(EndorsementCounter.municipality_id, EndorsementCounter.perspective)
    if municipality_id is not None:
        query = query.where(EndorsementCounter.municipality_id == municipality_id)
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
    """by_perspective: local endorsements per perspective when the caller has them (the page does)."""
    if by_perspective is None:
        by_perspective = _local_counts(municipality.id).get(municipality.id, {})
    total = sum(by_perspective.get(p, 0) for p in PERSPECTIVES)
    recorded = milestones_of(municipality)
    reached = tuple(sorted(set(reached_thresholds(total, by_perspective)) | {m.threshold for m in recorded}))
    return Readiness(
        total=total,
        reached=reached,
        next_threshold=next((t for t in thresholds() if t not in reached and t > total), None),
        missing_perspectives=tuple(p for p in PERSPECTIVES if by_perspective.get(p, 0) < 1),
        ready_since=min((m.reached_at for m in recorded), default=None),
    )


def record_reached_milestones() -> list[Milestone]:
    """Record every milestone reached and not yet recorded, each exactly once, even when two runs race."""
    recorded = {(m, t) for m, t in db.session.execute(select(Milestone.municipality_id, Milestone.threshold))}
    new: list[Milestone] = []
    for place, by_perspective in _local_counts().items():
        total = sum(by_perspective.values())
        for threshold in reached_thresholds(total, by_perspective):
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
