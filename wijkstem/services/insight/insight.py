"""Figures for the dashboard (/cijfers) and the open data time series.

Read from aggregates, never from every endorsement: EndorsementHourly is kept up to date in the
same transaction as each endorsement (services/endorsements/endorsement_counters.py) and rebuilt by
`flask wijkstem recount`. So every function here runs a fixed number of grouped queries, whatever
the number of endorsements; the rows they return grow with days x pillars, not with people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Endorsement, EndorsementHourly, Experience, Municipality, PeopleCounter, Pillar, User
from wijkstem.models.experiences import APPROVED, KINDS, experience_pillars
from wijkstem.perspectives import PERSPECTIVE_PLURALS, PERSPECTIVES, POLITICIAN, PROFESSIONAL, ROLES_BY_PERSPECTIVE
from wijkstem.services.experiences.experience_listing import KIND_LABELS, PERSPECTIVE_SLUGS
from wijkstem.services.insight import charts

# URL values of the period filter (part of shared links): days back from today, None = everything.
PERIODS = {
    "alles": (None, _l("Alles")),
    "jaar": (365, _l("Afgelopen jaar")),
    "90-dagen": (90, _l("Afgelopen 90 dagen")),
    "30-dagen": (30, _l("Afgelopen 30 dagen")),
}
# URL values of the map's colouring.
MAP_MEASURES = {
    "per-1000": _l("Per 1.000 inwoners"),
    "aantal": _l("Aantal steunbetuigingen"),
}


@dataclass(frozen=True)
class InsightFilter:
    """What a reader asked for; each field comes from the query string, so each view has its own URL."""

    period: str = "alles"
    province: str = ""
    perspective: str = ""
    measure: str = "per-1000"

    @classmethod
    def from_args(cls, args, provinces: list[str]) -> InsightFilter:
        """Unknown values fall back to the default, so an old or mistyped link still shows a page."""
        period = args.get("periode", "alles")
        province = args.get("provincie", "")
        perspective = PERSPECTIVE_SLUGS.get(args.get("perspectief", ""), "")
        measure = args.get("kaart", "per-1000")
        return cls(
            period=period if period in PERIODS else "alles",
            province=province if province in provinces else "",
            perspective=perspective,
            measure=measure if measure in MAP_MEASURES else "per-1000",
        )

    @property
    def perspective_slug(self) -> str:
        return next((slug for slug, code in PERSPECTIVE_SLUGS.items() if code == self.perspective), "")

    def since(self, today: date) -> date | None:
        days = PERIODS[self.period][0]
        return today - timedelta(days=days) if days else None

    def history_conditions(self) -> list:
        conditions = []
        if self.perspective:
            conditions.append(EndorsementHourly.perspective == self.perspective)
        if self.province:
            conditions.append(
                EndorsementHourly.municipality_id.in_(
                    select(Municipality.id).where(Municipality.province == self.province)
                )
            )
        return conditions


@dataclass
class Dashboard:
    pillars: list[Pillar]
    since: date | None
    days: list[date]
    cumulative: dict[int, list[int]]  # pillar id -> cumulative count on each of `days`
    by_perspective: dict[int, Counter]  # pillar id -> perspective -> endorsements given in the period
    verified: dict[int, int]  # pillar id -> verified professionals and politicians among them
    experiences: dict[int, Counter]  # pillar id -> kind -> approved experiences in the period
    per_municipality: dict[int, int]  # municipality id -> what the map counts (see counts_people)
    municipalities: list[Municipality] = field(default_factory=list)
    # True: the map counts people who support now, each once (the one number): per 1,000 inhabitants
    # over all time. False: endorsements given in the period (the history keeps no people per period).
    counts_people: bool = False

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.by_perspective.values())


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def dashboard(wanted: InsightFilter, pillars: list[Pillar], municipalities: list[Municipality]) -> Dashboard:
    """Three grouped queries (history per pillar and day, per municipality, experiences)."""
    today = utcnow().date()
    since = wanted.since(today)
    conditions = wanted.history_conditions()
    people = wanted.measure == "per-1000" and since is None  # per 1,000 inhabitants: people, when known
    rows = db.session.execute(
        select(
            EndorsementHourly.pillar_id,
            EndorsementHourly.day,
            EndorsementHourly.perspective,
            EndorsementHourly.verified,
            func.sum(EndorsementHourly.count),
        )
        .where(*conditions)
        .group_by(
            EndorsementHourly.pillar_id,
            EndorsementHourly.day,
            EndorsementHourly.perspective,
            EndorsementHourly.verified,
        )
    ).all()
    per_day: dict[int, Counter] = defaultdict(Counter)
    by_perspective: dict[int, Counter] = defaultdict(Counter)
    verified: Counter = Counter()
    for pillar_id, day, perspective, is_verified, count in rows:
        count = int(count or 0)
        per_day[pillar_id][day] += count
        if since is None or day >= since:
            by_perspective[pillar_id][perspective] += count
            if is_verified and perspective in (PROFESSIONAL, POLITICIAN):
                verified[pillar_id] += count
    first = since or min((day for _pillar, day, *_ in rows), default=today)
    days = _days(first, today)
    cumulative = {}
    for pillar in pillars:
        counts = per_day.get(pillar.id, Counter())
        running = sum(n for day, n in counts.items() if day < first)
        line = []
        for day in days:
            running += counts.get(day, 0)
            line.append(running)
        cumulative[pillar.id] = line
    return Dashboard(
        pillars=pillars,
        since=since,
        days=days,
        cumulative=cumulative,
        by_perspective=by_perspective,
        verified=dict(verified),
        experiences=_experiences_by_pillar_and_kind(wanted, since),
        per_municipality=_people_per_municipality(wanted) if people else _per_municipality(conditions, since),
        municipalities=municipalities,
        counts_people=people,
    )


def _people_per_municipality(wanted: InsightFilter) -> dict[int, int]:
    """From the people counters: one grouped query, whatever the number of people."""
    statement = select(PeopleCounter.municipality_id, func.sum(PeopleCounter.count))
    if wanted.perspective:
        statement = statement.where(PeopleCounter.perspective == wanted.perspective)
    rows = db.session.execute(statement.group_by(PeopleCounter.municipality_id))
    return {municipality_id: int(count or 0) for municipality_id, count in rows if count}


def _per_municipality(conditions: list, since: date | None) -> dict[int, int]:
    statement = select(EndorsementHourly.municipality_id, func.sum(EndorsementHourly.count)).where(*conditions)
    if since is not None:
        statement = statement.where(EndorsementHourly.day >= since)
    rows = db.session.execute(statement.group_by(EndorsementHourly.municipality_id))
    return {municipality_id: int(count or 0) for municipality_id, count in rows if count}


def _experiences_by_pillar_and_kind(wanted: InsightFilter, since: date | None) -> dict[int, Counter]:
    statement = (
        select(experience_pillars.c.pillar_id, Experience.kind, func.count())
        .join(experience_pillars, experience_pillars.c.experience_id == Experience.id)
        .where(Experience.status == APPROVED, Experience.hidden_at.is_(None))
        .group_by(experience_pillars.c.pillar_id, Experience.kind)
    )
    if since is not None:
        statement = statement.where(Experience.approved_at >= datetime.combine(since, datetime.min.time()))
    if wanted.perspective:
        statement = statement.where(Experience.author_perspective == wanted.perspective)
    if wanted.province:
        statement = statement.join(Municipality, Municipality.id == Experience.municipality_id).where(
            Municipality.province == wanted.province
        )
    result: dict[int, Counter] = defaultdict(Counter)
    for pillar_id, kind, count in db.session.execute(statement):
        result[pillar_id][kind] = int(count)
    return result


@dataclass(frozen=True)
class CoalitionCell:
    total: int
    verified: int


def coalition(municipality: Municipality) -> dict[tuple[str, str], dict[int, CoalitionCell]]:
    """Who supports which pillar in one municipality: (perspective, role) -> pillar id -> counts.

    One grouped query over this municipality's endorsers (users.municipality_id is indexed); blocked
    people do not count, as everywhere. Roles matter here (the sector of a professional), which the
    counters do not keep, so this reads the endorsements of this one place.
    """
    is_verified = User.is_verified
    rows = db.session.execute(
        select(Endorsement.pillar_id, User.perspective, User.perspective_role, is_verified, func.count())
        .join(User, User.id == Endorsement.user_id)
        .where(User.municipality_id == municipality.id, User.blocked_at.is_(None))
        .group_by(Endorsement.pillar_id, User.perspective, User.perspective_role, is_verified)
    )
    sums: dict[tuple[str, str], dict[int, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for pillar_id, perspective, role, verified, count in rows:
        role = "" if perspective not in (PROFESSIONAL, POLITICIAN) else (role or "anders")
        cell = sums[(perspective, role)][pillar_id]
        cell["total"] += int(count)
        if verified:
            cell["verified"] += int(count)
    return {
        group: {pillar_id: CoalitionCell(c["total"], c["verified"]) for pillar_id, c in cells.items()}
        for group, cells in sums.items()
    }


@dataclass(frozen=True)
class TimeSeries:
    daily: dict[int, list[tuple[date, int]]]  # pillar id -> (day, endorsements given that day)
    hourly: dict[int, list[tuple[datetime, int]]]  # pillar id -> (hour, given that hour), last 7 days


def time_series(municipality: Municipality | None = None) -> TimeSeries:
    """Endorsements standing now, by the day (and for the last 7 days the hour) they were given.

    Two grouped queries on the hourly history."""
    conditions = [EndorsementHourly.municipality_id == municipality.id] if municipality else []
    daily: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for pillar_id, day, count in db.session.execute(
        select(EndorsementHourly.pillar_id, EndorsementHourly.day, func.sum(EndorsementHourly.count))
        .where(*conditions)
        .group_by(EndorsementHourly.pillar_id, EndorsementHourly.day)
        .order_by(EndorsementHourly.pillar_id, EndorsementHourly.day)
    ):
        if count:
            daily[pillar_id].append((day, int(count)))
    week_ago = utcnow() - timedelta(days=7)
    hourly: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for pillar_id, day, hour, count in db.session.execute(
        select(
            EndorsementHourly.pillar_id,
            EndorsementHourly.day,
            EndorsementHourly.hour,
            func.sum(EndorsementHourly.count),
        )
        .where(*conditions, EndorsementHourly.day >= week_ago.date())
        .group_by(EndorsementHourly.pillar_id, EndorsementHourly.day, EndorsementHourly.hour)
        .order_by(EndorsementHourly.pillar_id, EndorsementHourly.day, EndorsementHourly.hour)
    ):
        moment = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
        if count and moment >= week_ago.replace(minute=0, second=0, microsecond=0):
            hourly[pillar_id].append((moment, int(count)))
    return TimeSeries(daily=dict(daily), hourly=dict(hourly))


# A rate per 1,000 inhabitants is shown only from this many people (or, for a period, endorsements)
# in a municipality: below it, one person more or less swings the rate of a small place (3 in
# Rozendaal = 1.638 per 1.000).
RATE_MIN_COUNT = 10


def _per_thousand(count: int, population: int) -> float:
    """Rounded as it is shown: one decimal, two below 1."""
    if not population:
        return 0.0
    rate = count * 1000 / population
    return round(rate, 1) if rate >= 1 else round(rate, 2)


def dashboard_charts(figures: Dashboard, wanted: InsightFilter) -> dict:
    """Coordinates and colours for the four pictures on /cijfers (no queries)."""
    pillars = figures.pillars
    titles = [f"{p.position}. {p.title}" for p in pillars]
    per_code: dict[str, float] = {}
    too_few: set[str] = set()
    rates = wanted.measure == "per-1000"
    counted = figures.per_municipality
    for place in figures.municipalities:
        count = counted.get(place.id, 0)
        if wanted.province and place.province != wanted.province:
            continue
        per_code[place.code] = _per_thousand(count, place.population) if rates else count
        if rates and 0 < count < RATE_MIN_COUNT:
            too_few.add(place.code)
    places = [m for m in figures.municipalities if not wanted.province or m.province == wanted.province]
    return {
        "line": charts.line_chart(
            figures.days, [(t, figures.cumulative[p.id]) for t, p in zip(titles, pillars, strict=True)]
        ),
        "perspectives": charts.bar_chart(
            [
                (t, [(str(PERSPECTIVES[k]), figures.by_perspective.get(p.id, Counter())[k]) for k in PERSPECTIVES])
                for t, p in zip(titles, pillars, strict=True)
            ]
        ),
        "experiences": charts.bar_chart(
            [
                (t, [(str(KIND_LABELS[k]), figures.experiences.get(p.id, Counter())[k]) for k in KINDS])
                for t, p in zip(titles, pillars, strict=True)
            ]
        ),
        "map": charts.choropleth(places, per_code, too_few=frozenset(too_few)),
        # (municipality, people or endorsements, value shown or None when too few for a rate), largest first
        "map_rows": sorted(
            (
                (m, counted[m.id], None if m.code in too_few else per_code.get(m.code, 0))
                for m in places
                if counted.get(m.id)
            ),
            key=lambda row: (row[2] is None, -(row[2] or 0), -row[1], row[0].name),
        ),
        "rate_min_count": RATE_MIN_COUNT,
        "map_counts_people": figures.counts_people,
    }


@dataclass(frozen=True)
class CoalitionRow:
    perspective: str
    label: str
    cells: dict[int, CoalitionCell]


def coalition_rows(groups: dict[tuple[str, str], dict[int, CoalitionCell]]) -> list[CoalitionRow]:
    """Residents first, then each sector of professionals, then each office of politicians."""
    rows = []
    for perspective in PERSPECTIVES:
        roles = (
            [""]
            if perspective not in ROLES_BY_PERSPECTIVE or not ROLES_BY_PERSPECTIVE[perspective]
            else list(ROLES_BY_PERSPECTIVE[perspective])
        )
        for role in roles:
            cells = groups.get((perspective, role))
            if not cells:
                continue
            label = str(PERSPECTIVE_PLURALS[perspective])
            if role:
                label = f"{PERSPECTIVES[perspective]}: {str(ROLES_BY_PERSPECTIVE[perspective][role]).lower()}"
            rows.append(CoalitionRow(perspective, label, cells))
    return rows
