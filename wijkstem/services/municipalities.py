"""What the municipality pages show: local support per pillar beside the national figures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, select

from wijkstem.extensions import db
from wijkstem.models import Endorsement, Municipality, Pillar, User
from wijkstem.pagination import Page, clamp
from wijkstem.perspectives import POLITICIAN, PROFESSIONAL, RESIDENT
from wijkstem.services import endorsements
from wijkstem.services.content import pillars_in_order
from wijkstem.services.preview_images import add_counts

CBS_CODE = re.compile(r"^GM\d{4}$", re.IGNORECASE)
NAMED_ON_PAGE = 12  # named politicians and professionals on the municipality page; the rest on their own list
NAMED_PER_PAGE = 50


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


def municipality_summary(municipality: Municipality, with_endorsers: bool = True) -> MunicipalitySummary:
    """with_endorsers: the full list of named verified locals (print version and PDF); the page
    shows a bounded list from local_support instead."""
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
        endorsers=endorsements.visible_verified_endorsers(municipality.id) if with_endorsers else [],
    )


@dataclass(frozen=True)
class LocalPeople:
    """People from one municipality who endorse at least one pillar, each counted once."""

    total: int = 0
    resident: int = 0
    professional: int = 0
    politician: int = 0
    verified: int = 0  # verified professionals and politicians
    named: int = 0  # of those, the ones who show their name: the length of the full list


@dataclass(frozen=True)
class LocalSupport:
    """What the municipality page shows: one number, the split, and the first named locals."""

    people: LocalPeople
    summary: MunicipalitySummary  # the endorsements per pillar and per perspective, beside the national ones
    named: list[tuple[User, list[Pillar]]]  # at most NAMED_ON_PAGE

    @property
    def more_named(self) -> int:
        return max(0, self.people.named - len(self.named))


def _is_verified():
    return User.is_verified


def _counted_endorsers(municipality_id: int):
    """Who counts for a municipality, as the counters count: living there, not blocked, endorsing."""
    return (
        User.municipality_id == municipality_id,
        User.blocked_at.is_(None),
        exists().where(Endorsement.user_id == User.id),
    )


def _named(municipality_id: int):
    return (*_counted_endorsers(municipality_id), _is_verified(), User.show_name.is_(True))


def local_people(municipality_id: int) -> LocalPeople:
    """One grouped count over the municipality's people (at most 12 rows), whatever their number."""
    verified = case((_is_verified(), 1), else_=0)
    named = case((and_(_is_verified(), User.show_name.is_(True)), 1), else_=0)
    rows = db.session.execute(
        select(User.perspective, func.count(), func.sum(verified), func.sum(named))
        .where(*_counted_endorsers(municipality_id))
        .group_by(User.perspective)
    ).all()
    by_perspective = {perspective: count for perspective, count, _v, _n in rows}
    return LocalPeople(
        total=sum(by_perspective.values()),
        resident=by_perspective.get(RESIDENT, 0),
        professional=by_perspective.get(PROFESSIONAL, 0),
        politician=by_perspective.get(POLITICIAN, 0),
        verified=sum(int(v or 0) for _p, _c, v, _n in rows),
        named=sum(int(n or 0) for _p, _c, _v, n in rows),
    )


def named_locals(municipality_id: int, limit: int, offset: int = 0) -> list[tuple[User, list[Pillar]]]:
    """Verified professionals and politicians from here who endorse and show their name, by name;
    one statement for a page of `limit` people and the pillars each of them endorses."""
    people = (
        select(User.id).where(*_named(municipality_id)).order_by(User.display_name, User.id).limit(limit).offset(offset)
    )
    rows = db.session.execute(
        select(User, Pillar)
        .join(Endorsement, Endorsement.user_id == User.id)
        .join(Pillar, Pillar.id == Endorsement.pillar_id)
        .where(User.id.in_(people))
        .order_by(User.display_name, User.id, Pillar.position)
    )
    result: dict[int, tuple[User, list[Pillar]]] = {}
    for user, pillar in rows:
        result.setdefault(user.id, (user, []))[1].append(pillar)
    return list(result.values())


def local_support(municipality: Municipality) -> LocalSupport:
    people = local_people(municipality.id)
    summary = municipality_summary(municipality, with_endorsers=False)
    named = named_locals(municipality.id, NAMED_ON_PAGE) if people.named else []
    return LocalSupport(people=people, summary=summary, named=named)


def named_locals_page(municipality: Municipality, number: int) -> Page[tuple[User, list[Pillar]]]:
    total = local_people(municipality.id).named
    number = clamp(number, total, NAMED_PER_PAGE)
    items = named_locals(municipality.id, NAMED_PER_PAGE, (number - 1) * NAMED_PER_PAGE) if total else []
    return Page.counted(items, number, total, NAMED_PER_PAGE)
