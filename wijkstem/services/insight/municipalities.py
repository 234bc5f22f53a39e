"""What the municipality pages show: local support per pillar beside the national figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import exists, select

from wijkstem.extensions import db
from wijkstem.models import Endorsement, Municipality, Pillar, User
from wijkstem.pagination import Page, clamp
from wijkstem.services.content.content import pillars_in_order
from wijkstem.services.endorsements import endorsements, people_counters

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
    pillars: list[PillarSupport]  # per pillar: the people who support it (one endorsement each)
    # The headline: people from here who support at least one pillar, each counted once (as
    # EndorsementCounts, so a table row can show it beside the pillars), and the same nationally.
    local_total: endorsements.EndorsementCounts
    national_total: endorsements.EndorsementCounts
    endorsers: list[tuple[User, list[Pillar]]]
    people: LocalPeople = field(default_factory=lambda: LocalPeople())


def municipality_by_slug(slug: str) -> Municipality | None:
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


def municipality_by_code(code: str) -> Municipality | None:
    """Old links and council documents use the CBS code (GM0344); the page lives at the slug."""
    if not CBS_CODE.match(code or ""):
        return None
    return db.session.scalar(select(Municipality).where(Municipality.code == code.upper()))


def municipality_by_exact_code(code: str) -> Municipality | None:
    """The API's filters take the code exactly as documented: GM0344, not gm0344."""
    place = municipality_by_code(code)
    return place if place is not None and place.code == code else None


def most_participation(limit: int = 10) -> list[tuple[Municipality, int]]:
    return [(m, n) for m, n in endorsements.municipality_participation(limit) if n > 0]


def municipality_summary(
    municipality: Municipality, with_endorsers: bool = True, people: LocalPeople | None = None
) -> MunicipalitySummary:
    """with_endorsers: the print version and PDF, with the full list of named verified locals and the
    national people (the page shows a bounded list from local_support and no national total).
    people: the local people when the caller has them."""
    national = endorsements.pillar_counts()
    local = endorsements.municipality_pillar_counts(municipality.id)
    empty = endorsements.EndorsementCounts()
    rows = [
        PillarSupport(pillar=p, local=local.get(p.slug, empty), national=national.get(p.slug, empty))
        for p in pillars_in_order()
    ]
    people = people if people is not None else local_people(municipality.id)
    return MunicipalitySummary(
        municipality=municipality,
        pillars=rows,
        local_total=endorsements.EndorsementCounts(**people.as_dict()),
        national_total=endorsements.EndorsementCounts(
            **(people_counters.people_nationally() if with_endorsers else LocalPeople()).as_dict()
        ),
        endorsers=endorsements.visible_verified_endorsers(municipality.id) if with_endorsers else [],
        people=people,
    )


# People from one municipality who support at least one pillar, each counted once (total, per
# perspective, verified, named): read from the people counters.
LocalPeople = people_counters.PeopleCounts


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
    """THE people number of a municipality: one query over its few counter rows, whatever its size."""
    return people_counters.people_in(municipality_id)


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
    summary = municipality_summary(municipality, with_endorsers=False, people=people)
    named = named_locals(municipality.id, NAMED_ON_PAGE) if people.named else []
    return LocalSupport(people=people, summary=summary, named=named)


def named_locals_page(municipality: Municipality, number: int) -> Page[tuple[User, list[Pillar]]]:
    total = local_people(municipality.id).named
    number = clamp(number, total, NAMED_PER_PAGE)
    items = named_locals(municipality.id, NAMED_PER_PAGE, (number - 1) * NAMED_PER_PAGE) if total else []
    return Page.counted(items, number, total, NAMED_PER_PAGE)
