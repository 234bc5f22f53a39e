"""Open data: what the API and the downloads give away, and the anonymised research export.

Only public data leaves through here: counts, approved and visible experiences, municipality
facts. Never an e-mail address, a pending or hidden item, or a name (not even a chosen one:
the downloads name no people at all).
"""

from __future__ import annotations

import csv
import io
import secrets
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Endorsement, EndorsementCounter, Experience, Municipality, PeopleCounter, Pillar, User
from wijkstem.models.experiences import APPROVED, experience_pillars
from wijkstem.perspectives import POLITICIAN, PROFESSIONAL
from wijkstem.services.endorsements import people_counters
from wijkstem.services.endorsements.endorsement_counters import EndorsementCounts, municipality_pillar_counts
from wijkstem.services.experiences import experience_listing

PER_PAGE = 50
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class MunicipalityPage:
    items: list[tuple[Municipality, int]]  # municipality, endorsements (all pillars)
    page: int
    per_page: int
    total: int
    people: dict[int, int] = field(default_factory=dict)  # municipality id -> people, each counted once

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def municipalities_page(page: int, per_page: int = PER_PAGE, province: str | None = None) -> MunicipalityPage:
    """One page of municipalities by CBS code with their endorsements and people: two queries."""
    conditions = [Municipality.province == province] if province else []
    total = db.session.scalar(select(func.count()).select_from(Municipality).where(*conditions)) or 0
    endorsements = (
        select(func.sum(EndorsementCounter.count))
        .where(EndorsementCounter.municipality_id == Municipality.id)
        .scalar_subquery()
    )
    people = select(func.sum(PeopleCounter.count)).where(PeopleCounter.municipality_id == Municipality.id)
    municipalities = list(
        db.session.execute(
            select(Municipality, endorsements, people.scalar_subquery())
            .where(*conditions)
            .order_by(Municipality.code)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return MunicipalityPage(
        [(m, int(endorsements or 0)) for m, endorsements, _people in municipalities],
        page,
        per_page,
        total,
        {m.id: int(people or 0) for m, _endorsements, people in municipalities},
    )


def municipality_item(municipality: Municipality, endorsements: int, url: str, people: int = 0) -> dict:
    """`people`: who from here supports at least one pillar, each counted once (the page's number);
    `endorsements`: all pillars added up (one person may count up to three times)."""
    return {
        "code": municipality.code,
        "name": municipality.name,
        "province": municipality.province,
        "population": municipality.population,
        "people": people,
        "endorsements": endorsements,
        "url": url,
    }


def _visible_experiences_of(municipality: Municipality):
    return (
        select(func.count())
        .where(
            Experience.municipality_id == municipality.id,
            Experience.status == APPROVED,
            Experience.hidden_at.is_(None),
        )
        .scalar_subquery()
    )


def people_and_experiences(municipality: Municipality) -> tuple[people_counters.PeopleCounts, int]:
    """The people (each counted once) and the visible experiences of a municipality: one query."""
    rows = db.session.execute(
        select(
            PeopleCounter.perspective,
            PeopleCounter.verified,
            PeopleCounter.named,
            PeopleCounter.count,
            _visible_experiences_of(municipality),
        )
        .select_from(Municipality)
        .outerjoin(PeopleCounter, PeopleCounter.municipality_id == Municipality.id)
        .where(Municipality.id == municipality.id)
    ).all()
    return people_counters.fold(row[:4] for row in rows), int(rows[0][4] or 0) if rows else 0


def municipality_figures(municipality: Municipality, pillars: list[Pillar], url: str) -> dict:
    """Counts by pillar and perspective and the number of visible experiences (two queries)."""
    counts = municipality_pillar_counts(municipality.id)
    per_pillar = {p.slug: counts.get(p.slug, EndorsementCounts()).as_dict() for p in pillars}
    total = sum(c["total"] for c in per_pillar.values())
    people, experiences = people_and_experiences(municipality)
    return {
        **municipality_item(municipality, total, url, people.total),
        "people_by_perspective": people.as_dict(),
        "pillars": per_pillar,
        "experiences": experiences,
    }


FIGURE_COLUMNS = ("pillar", "total", "resident", "professional", "politician", "verified")
# Dutch spreadsheets (Excel with Dutch settings) open a file in columns when it is separated by ";"
# and read it as UTF-8 when it starts with a byte order mark; the headers are Dutch.
CSV_BOM = "\ufeff"
FIGURE_HEADERS = (
    "CBS-code",
    "Gemeente",
    "Pijler",
    "Mensen",
    "Bewoners",
    "Beroepskrachten",
    "Politici",
    "Waarvan geverifieerd",
    "Ervaringen",
)
ALL_PILLARS = "Alle pijlers (iedereen één keer geteld)"


def spreadsheet_csv(header: tuple, rows) -> str:
    """CSV as Dutch spreadsheets open it: ';' between fields, a BOM, one header row."""
    out = io.StringIO()
    out.write(CSV_BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def figures_csv(figures: dict) -> str:
    """One row for the people (each counted once), then one per pillar (people who support it)."""
    people = figures.get("people_by_perspective") or {}
    first = (figures["code"], figures["name"], ALL_PILLARS, *(people.get(c, 0) for c in FIGURE_COLUMNS[1:]))
    rows = [(*first, figures["experiences"])]
    for slug, counts in figures["pillars"].items():
        rows.append(
            (figures["code"], figures["name"], slug, *(counts[c] for c in FIGURE_COLUMNS[1:]), figures["experiences"])
        )
    return spreadsheet_csv(FIGURE_HEADERS, rows)


NATIONAL_HEADERS = (
    "CBS-code",
    "Gemeente",
    "Provincie",
    "Inwoners",
    "Mensen",
    "Bewoners",
    "Beroepskrachten",
    "Politici",
    "Waarvan geverifieerd",
    "Steunbetuigingen (alle pijlers)",
)


def national_figures(url_for_municipality) -> list[dict]:
    """Every municipality with its people (each counted once) and endorsements: three queries."""
    places = list(db.session.scalars(select(Municipality).order_by(Municipality.code)))
    people = people_counters.people_by_municipality()
    endorsements = dict(
        db.session.execute(
            select(EndorsementCounter.municipality_id, func.sum(EndorsementCounter.count)).group_by(
                EndorsementCounter.municipality_id
            )
        )
        .tuples()
        .all()
    )
    empty = people_counters.PeopleCounts()
    items = []
    for m in places:
        here = people.get(m.id, empty)
        item = municipality_item(m, int(endorsements.get(m.id) or 0), url_for_municipality(m), here.total)
        items.append({**item, "people_by_perspective": here.as_dict()})
    return items


def national_csv(items: list[dict]) -> str:
    return spreadsheet_csv(
        NATIONAL_HEADERS,
        (
            (
                i["code"],
                i["name"],
                i["province"],
                i["population"],
                *(i["people_by_perspective"][c] for c in FIGURE_COLUMNS[1:]),
                i["endorsements"],
            )
            for i in items
        ),
    )


def visible_experiences(municipality: Municipality, url_for_experience) -> list[dict]:
    """Every approved, visible experience of one municipality, newest first (three queries)."""
    experiences = experience_listing.approved_for_municipality(municipality)
    comment_counts = experience_listing.comment_counts(experiences)
    return [experience_listing.api_item(e, url_for_experience(e), comment_counts.get(e.id, 0)) for e in experiences]


EXPERIENCE_COLUMNS = (
    "id",
    "title",
    "kind",
    "pillars",
    "wijk",
    "herkenbaar_count",
    "comment_count",
    "approved_at",
    "url",
)


EXPERIENCE_HEADERS = (
    "Nummer",
    "Titel",
    "Soort",
    "Pijlers",
    "Wijk",
    "Herkenbaar",
    "Reacties",
    "Gepubliceerd op",
    "Webadres",
)


def experiences_csv(items: list[dict]) -> str:
    return spreadsheet_csv(
        EXPERIENCE_HEADERS,
        ([" ".join(item[c]) if c == "pillars" else item[c] for c in EXPERIENCE_COLUMNS] for item in items),
    )


# Every combination of the columns that describe a person (perspective, role, verified, municipality,
# province) that the research export shows is shared by at least this many different people.
K_ANONYMITY = 5

RESEARCH_README = f"""wijkstem: anonymised export for research ({{date}})

endorsements.csv  one row per endorsement that counts now (blocked accounts do not count)
  person          a number for one person, new in every export (so exports cannot be linked)
  pillar          the pillar's slug
  day             the day the endorsement was given (UTC), no time
  perspective     resident, professional or politician
  role            the sector of a professional or the office of a politician (empty for residents,
                  and empty where it was left out, see below)
  verified        1 when wijkstem checked the professional or politician
  municipality    CBS code of the person's municipality (empty where it was left out); province

  Nobody can be singled out by who they are and where they live (k-anonymity, k = {K_ANONYMITY}):
  every combination of perspective, role, verified, municipality and province in this file
  belongs to at least {K_ANONYMITY} different people. A person whose combination is rarer is shown
  coarser, taking the first step that puts them in a group of at least {K_ANONYMITY}:
    1. role and municipality as they are;
    2. role left out (the perspective stays), municipality kept;
    3. municipality left out (the province stays), role kept;
    4. role and municipality left out;
    5. role, municipality and province left out (the whole country).
  Each group counts only the people shown exactly that way. People who are still rarer are left
  out of the file altogether. So the one burgemeester of a small municipality never appears with
  that municipality and that office together. The day and pillar of an endorsement are not
  coarsened: someone who knows when a person endorsed which pillar can still look for that row.

experiences.csv   one row per approved, visible experience (no title, story, neighbourhood or photo)
  experience      the experience's public number (as in its web address)
  pillars         pillar slugs, space separated
  kind            goes-well or could-be-better
  perspective     the author's perspective when writing
  municipality    CBS code; province
  day             the day it was published (UTC)
  herkenbaar      how many people recognise it
  (Experiences are public on the site, with their number; this file adds nothing that identifies
  their authors.)

Not in this export: e-mail addresses, names, passwords, motivations, comments, report texts,
moderation notes, anything pending or hidden.
"""

# How a person is described, finest first: (keep the role, keep the municipality, keep the province).
_GENERALISATIONS = (
    (True, True, True),
    (False, True, True),
    (True, False, True),
    (False, False, True),
    (False, False, False),
)


@dataclass(frozen=True)
class _Person:
    perspective: str
    role: str
    verified: int
    municipality: str
    province: str

    def shown(self, keep_role: bool, keep_municipality: bool, keep_province: bool) -> tuple[str, str, int, str, str]:
        return (
            self.perspective,
            self.role if keep_role else "",
            self.verified,
            self.municipality if keep_municipality else "",
            self.province if keep_province else "",
        )


def k_anonymous_descriptions(people: dict[int, _Person], k: int = K_ANONYMITY) -> tuple[dict[int, tuple], list[int]]:
    """Each person's description at the finest step whose group (of the people shown exactly so) has at
    least k members; the people no step fits are returned apart, to be left out. Returns (shown, per step)."""
    shown: dict[int, tuple] = {}
    per_step: list[int] = []
    waiting = dict(people)
    for step in _GENERALISATIONS:
        groups: dict[tuple, list[int]] = defaultdict(list)
        for person_id, person in waiting.items():
            groups[person.shown(*step)].append(person_id)
        placed = 0
        for description, members in groups.items():
            if len(members) >= k:
                for person_id in members:
                    shown[person_id] = description
                    del waiting[person_id]
                placed += len(members)
        per_step.append(placed)
    per_step.append(len(waiting))  # left out
    return shown, per_step


def _summary(per_step: list[int]) -> str:
    labels = (
        "as they are",
        "role left out",
        "municipality left out",
        "role and municipality left out",
        "only perspective and verified",
        "left out of the file",
    )
    lines = [f"  {label:<32}{count} people" for label, count in zip(labels, per_step, strict=True)]
    return "\nIn this export (people per step above):\n" + "\n".join(lines) + "\n"


def _csv(rows: list[tuple], header: tuple) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def research_export() -> bytes:
    """A ZIP with two CSV files and a README; three queries whatever the size."""
    pillars = dict(db.session.execute(select(Pillar.id, Pillar.slug)).tuples().all())
    rows = db.session.execute(
        select(
            Endorsement.user_id,
            Endorsement.pillar_id,
            Endorsement.created_at,
            User.perspective,
            User.perspective_role,
            User.is_verified,
            Municipality.code,
            Municipality.province,
        )
        .join(User, User.id == Endorsement.user_id)
        .join(Municipality, Municipality.id == User.municipality_id)
        .where(User.blocked_at.is_(None))
    ).all()
    people = {
        r.user_id: _Person(
            r.perspective,
            (r.perspective_role or "") if r.perspective in (PROFESSIONAL, POLITICIAN) else "",
            int(bool(r.is_verified)),
            r.code,
            r.province,
        )
        for r in rows
    }
    shown, per_step = k_anonymous_descriptions(people)
    numbers = list(shown)
    secrets.SystemRandom().shuffle(numbers)
    pseudonym = {user_id: n for n, user_id in enumerate(numbers, start=1)}
    endorsements = sorted(
        (pseudonym[r.user_id], pillars[r.pillar_id], r.created_at.date().isoformat(), *shown[r.user_id])
        for r in rows
        if r.user_id in shown
    )
    experience_pillar_slugs: dict[int, list[str]] = defaultdict(list)
    visible = select(Experience.id).where(Experience.status == APPROVED, Experience.hidden_at.is_(None))
    for experience_id, pillar_id in db.session.execute(
        select(experience_pillars.c.experience_id, experience_pillars.c.pillar_id).where(
            experience_pillars.c.experience_id.in_(visible)
        )
    ):
        experience_pillar_slugs[experience_id].append(pillars[pillar_id])
    experiences = [
        (
            e.id,
            " ".join(sorted(experience_pillar_slugs[e.id])),
            e.kind,
            e.author_perspective,
            code,
            province,
            e.approved_at.date().isoformat() if e.approved_at else "",
            e.recognition_count,
        )
        for e, code, province in db.session.execute(
            select(Experience, Municipality.code, Municipality.province)
            .join(Municipality, Municipality.id == Experience.municipality_id)
            .where(Experience.id.in_(visible))
            .order_by(Experience.id)
        )
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", RESEARCH_README.format(date=utcnow().date().isoformat()) + _summary(per_step))
        archive.writestr(
            "endorsements.csv",
            _csv(
                endorsements, ("person", "pillar", "day", "perspective", "role", "verified", "municipality", "province")
            ),
        )
        archive.writestr(
            "experiences.csv",
            _csv(
                experiences,
                ("experience", "pillars", "kind", "perspective", "municipality", "province", "day", "herkenbaar"),
            ),
        )
    return buffer.getvalue()
