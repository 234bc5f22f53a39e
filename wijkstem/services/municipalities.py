"""What the municipality pages show: local support per pillar beside the national figures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from wijkstem.extensions import db
from wijkstem.models import Municipality, Pillar, User
from wijkstem.services import endorsements
from wijkstem.services.content import pillars_in_order
from wijkstem.services.preview_images import add_counts

CBS_CODE = re.compile(r"^GM\d{4}$", re.IGNORECASE)


@dataclass(frozen=True)
class PillarSupport:
    pillar: Pillar
    local: endorsements.EndorsementCounts
    national: endorsements.EndorsementCounts


@dataclass(frozen=True)
class MunicipalitySummary:
    municipality: Municipality
    pillars: list[PillarSupport]
    local_total: endorsements.EndorsementCounts
    national_total: endorsements.EndorsementCounts
    endorsers: list[tuple[User, list[Pillar]]]


def municipality_by_slug(slug: str) -> Municipality | None:
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


def municipality_by_code(code: str) -> Municipality | None:
    """Old links and council documents use the CBS code (GM0344); the page lives at the slug."""
    if not CBS_CODE.match(code or ""):
        return None
    return db.session.scalar(select(Municipality).where(Municipality.code == code.upper()))


def most_participation(limit: int = 10) -> list[tuple[Municipality, int]]:
    return [(m, n) for m, n in endorsements.municipality_participation(limit) if n > 0]


def municipality_summary(municipality: Municipality) -> MunicipalitySummary:
    national = endorsements.pillar_counts()
    local = endorsements.municipality_pillar_counts(municipality.id)
    empty = endorsements.EndorsementCounts()
    rows = [
        PillarSupport(pillar=p, local=local.get(p.slug, empty), national=national.get(p.slug, empty))
        for p in pillars_in_order()
    ]
    return MunicipalitySummary(
        municipality=municipality,
        pillars=rows,
        local_total=add_counts(row.local for row in rows),
        national_total=add_counts(row.national for row in rows),
        endorsers=endorsements.visible_verified_endorsers(municipality.id),
    )
