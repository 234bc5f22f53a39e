"""Plausible fake participation, made fast with bulk inserts: `make bench` and `flask wijkstem demo`.

Everyone made here has an e-mail address in DEMO_DOMAIN, which is how the demo command knows a
database holds no real accounts. Rows go in through the driver directly (executemany on SQLite,
COPY on PostgreSQL) in one transaction, with ids chosen here so nothing has to be read back;
the endorsement and comment counters are then rebuilt with the set-based recounts, so every count
reads right at once. The demo command also adds a moderator and an administrator (DEMO_STAFF).
"""

from __future__ import annotations

import itertools
import random
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, Experience, Municipality, Pillar, Point, User
from wijkstem.models.accounts import ADMIN, MODERATOR
from wijkstem.models.experiences import APPROVED, KINDS, SEARCH_TABLE
from wijkstem.perspectives import POLITICIAN, POLITICIAN_ROLES, PROFESSIONAL, PROFESSIONAL_ROLES, RESIDENT
from wijkstem.services.accounts.passwords import hash_password
from wijkstem.services.discussion.comment_counts import recount_comments
from wijkstem.services.endorsements.endorsement_counters import recount_all
from wijkstem.services.experiences.experiences import slugify
from wijkstem.subjects import Subject

PILLAR = Subject.PILLAR.value

DEMO_DOMAIN = "demo.example.org"  # reserved for examples: mail to it reaches nobody
DEMO_PASSWORD = "demo-wachtwoord-wijkstem"  # noqa: S105 (public on purpose) every demo person logs in with it
# The demo's staff, to look at the moderation and admin pages (same password).
DEMO_STAFF = (
    (f"moderator@{DEMO_DOMAIN}", "Demo-moderator", MODERATOR),
    (f"beheerder@{DEMO_DOMAIN}", "Demo-beheerder", ADMIN),
)
BATCH = 20_000
MONTHS = 12


@dataclass(frozen=True)
class DataSetSize:
    users: int
    endorsements: int
    comments: int  # replies included
    replies: int
    helpful_marks: int
    experiences: int  # all approved

    def scaled(self, scale: float) -> DataSetSize:
        return DataSetSize(**{f.name: max(1, round(getattr(self, f.name) * scale)) for f in fields(self)})

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


FULL = DataSetSize(350_000, 1_000_000, 100_000, 30_000, 150_000, 20_000)  # issue 12's petition peak


class RealAccountsPresent(Exception):
    """The database has accounts outside the demo domain: fake data would mix with real people."""


def real_account_count() -> int:
    return db.session.scalar(select(func.count(User.id)).where(~User.email.endswith("@" + DEMO_DOMAIN))) or 0


def demo_user_count() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.email.endswith("@" + DEMO_DOMAIN))) or 0


def fill_with_demo_data(size: DataSetSize) -> dict[str, float]:
    """The demo command's rule: only a database without real accounts gets fake people."""
    if real_account_count():
        raise RealAccountsPresent
    timings = generate(size)
    _add_demo_staff()
    return timings


def _add_demo_staff() -> None:
    """A moderator and an administrator in the demo domain; a second demo run keeps the same two."""
    utrecht = db.session.scalar(select(Municipality).where(Municipality.code == "GM0344"))
    place = utrecht or db.session.scalar(select(Municipality).order_by(Municipality.id))
    password, now = hash_password(DEMO_PASSWORD), utcnow()
    for email, name, role in DEMO_STAFF:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, display_name=name, password_hash=password, perspective=RESIDENT,
                        municipality=place, terms_accepted_at=now, email_confirmed_at=now)  # fmt: skip
            db.session.add(user)
        user.role = role
    db.session.commit()


def generate(size: DataSetSize, seed: int = 12, now: datetime | None = None) -> dict[str, float]:
    """Adds `size` worth of people, endorsements, comments and experiences; returns seconds per step."""
    maker = _Maker(size, random.Random(seed), now or utcnow())
    timings = maker.run()
    db.session.commit()
    started = time.perf_counter()
    recount_all()
    recount_comments()
    db.session.commit()
    timings["recount"] = time.perf_counter() - started
    return timings


FIRST_NAMES = (
    "Anna Bram Chantal Daan Emma Fatima Gerrit Hanneke Ibrahim Jasper Kim Lotte Mohamed Noor Olga Pieter "
    "Quinten Rachid Sanne Tim Ugur Vera Willem Yasmina Zeynep Henk Ingrid Joost Karin Luuk Mila Nadia"
).split()
INITIALS = "BDJKMÖPSVYEH"  # of Bakker, Dekker, Jansen, Kaya, Mulder, Öztürk ...
OPENINGS = (
    "In onze wijk",
    "Bij ons in de straat",
    "Als buurtwerker zie ik",
    "Vanuit de gemeente merken we",
    "Na tien jaar in deze buurt weet ik",
    "Op het buurtplein hoorden we",
)
MIDDLES = (
    "dat bewoners zelf het beste weten wat nodig is",
    "dat een vast aanspreekpunt veel vertrouwen geeft",
    "dat plannen vaak te kort duren om echt iets te veranderen",
    "dat de woningcorporatie en de school nu samen optrekken",
    "dat jongeren een eigen plek willen om af te spreken",
    "dat geld voor de wijk te laat aankomt",
)
ENDINGS = (
    "Dat wil ik vaker zien.",
    "Hoe doen jullie dat?",
    "Daar moeten we op blijven letten.",
    "Mooi om te lezen dat het elders ook lukt.",
    "Het kost tijd, maar het werkt.",
)
MOTIVATIONS = ("Omdat het werkt in mijn wijk.", "Bewoners moeten meebeslissen.", "Eindelijk een plan voor lang.")
TITLES = (
    "Buurtkamer {place}",
    "Moestuin achter de flat in {place}",
    "Huiswerkklas in {place}",
    "Samen de speeltuin opknappen in {place}",
    "Wachten op de gemeente in {place}",
    "Wijkbudget in {place}",
)


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(OPENINGS)} {rng.choice(MIDDLES)}. {rng.choice(ENDINGS)}"


class _Maker:
    """One generation run: the random choices, kept in lists so later tables can refer back."""

    def __init__(self, size: DataSetSize, rng: random.Random, now: datetime) -> None:
        self.size, self.rng, self.now = size, rng, now
        self.start = now - timedelta(days=30 * MONTHS)
        self.out = _BulkWriter()

    def run(self) -> dict[str, float]:
        timings = {}
        for step in (self.users, self.endorsements, self.comments, self.experiences):
            started = time.perf_counter()
            step()
            timings[step.__name__] = time.perf_counter() - started
        return timings

    def _moment_after(self, moment: datetime, within: timedelta | None = None) -> datetime:
        room = (self.now - moment) if within is None else min(within, self.now - moment)
        return moment + room * self.rng.random()

    def users(self) -> None:
        rng, count = self.rng, self.size.users
        places = db.session.execute(select(Municipality.id, Municipality.population).order_by(Municipality.id)).all()
        self.place_ids = [place_id for place_id, _ in places]
        weights = list(itertools.accumulate(max(population, 1000) for _, population in places))
        self.first_user = (db.session.scalar(select(func.max(User.id))) or 0) + 1
        span = self.now - self.start
        # More people join as the manifesto spreads: sign-ups lean towards the recent months.
        self.joined = sorted(self.start + span * (rng.random() ** 0.6) for _ in range(count))
        self.place = rng.choices(self.place_ids, cum_weights=weights, k=count)
        self.perspective = rng.choices((RESIDENT, PROFESSIONAL, POLITICIAN), (80, 16, 4), k=count)
        self.verified = [p != RESIDENT and rng.random() < 0.3 for p in self.perspective]
        password = hash_password(DEMO_PASSWORD)
        roles: dict[str, list[str | None]] = {
            RESIDENT: [None],
            PROFESSIONAL: list(PROFESSIONAL_ROLES),
            POLITICIAN: list(POLITICIAN_ROLES),
        }

        def rows() -> Iterator[tuple]:
            for n in range(count):
                uid, joined, perspective = self.first_user + n, self.joined[n], self.perspective[n]
                name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {INITIALS[(n // 7) % len(INITIALS)]}."
                role, verified = rng.choice(roles[perspective]), self.verified[n]
                # A verification is bound to the name, perspective, role and place it was checked for.
                binding = (name, perspective, role, self.place[n]) if verified else (None, None, None, None)
                yield (
                    uid, f"deelnemer{uid}@{DEMO_DOMAIN}", name, password, perspective,
                    role, self.place[n], "participant", joined, joined, joined,
                    joined + timedelta(days=3) if verified else None, *binding,
                    n % 5 != 0, True, 1, f"demo{uid}",
                )  # fmt: skip

        self.out.write(
            "users",
            "id email display_name password_hash perspective perspective_role municipality_id role created_at "
            "terms_accepted_at email_confirmed_at verified_at verified_name verified_perspective verified_role "
            "verified_municipality_id show_name notify_replies session_version share_code",
            rows(),
        )
        self.out.advance_sequence("users")

    def endorsements(self) -> None:
        rng, users = self.rng, self.size.users
        pillar_ids = db.session.scalars(select(Pillar.id).order_by(Pillar.position)).all()
        for pillar_id, quota in zip(pillar_ids, _quotas(self.size.endorsements, users, len(pillar_ids)), strict=True):
            chosen = sorted(rng.sample(range(users), quota))

            def rows(chosen=chosen, pillar_id=pillar_id) -> Iterator[tuple]:
                for n in chosen:
                    motivation = rng.choice(MOTIVATIONS) if rng.random() < 0.2 else None
                    yield (
                        self.first_user + n, pillar_id, motivation,
                        self._moment_after(self.joined[n], timedelta(days=30)),
                        self.perspective[n], self.place[n], self.verified[n],
                    )  # fmt: skip

            self.out.write(
                "endorsements",
                "user_id pillar_id motivation created_at counted_perspective counted_municipality_id counted_verified",
                rows(),
            )

    def comments(self) -> None:
        rng, size = self.rng, self.size
        points = db.session.execute(select(Point.pillar_id, Point.id)).all()
        pillar_ids = db.session.scalars(select(Pillar.id).order_by(Pillar.position)).all()
        points_of = {pid: [point for owner, point in points if owner == pid] for pid in pillar_ids}
        first = (db.session.scalar(select(func.max(Comment.id))) or 0) + 1
        tops = max(size.comments - size.replies, 1)
        rows: list[list] = []  # id, subject, point, parent, author, created
        for n in range(size.comments):
            author = rng.randrange(size.users)
            if n < tops:
                pillar = rng.choices(pillar_ids, (5, 3, 2)[: len(pillar_ids)] or None)[0]
                point = rng.choice(points_of[pillar]) if points_of[pillar] and rng.random() < 0.5 else None
                rows.append([first + n, pillar, point, None, author, self._moment_after(self.joined[author])])
            else:
                parent = rows[int(tops * rng.random() ** 2)]  # early comments draw the most replies
                created = self._moment_after(max(parent[5], self.joined[author]), timedelta(days=14))
                rows.append([first + n, parent[1], parent[2], parent[0], author, created])
        marks = self._helpful_marks(rows)
        helpful = Counter(comment for comment, _ in marks)
        self.out.write(
            "comments",
            "id subject_type subject_id point_id parent_id author_id body created_at helpful_count",
            (
                (cid, PILLAR, subject, point, parent, self.first_user + author, _sentence(rng), created, helpful[cid])
                for cid, subject, point, parent, author, created in rows
            ),
        )
        self.out.advance_sequence("comments")
        posted = {row[0]: row[5] for row in rows}
        self.out.write(
            "helpful_marks",
            "comment_id user_id created_at",
            ((cid, self.first_user + who, self._moment_after(posted[cid], timedelta(days=7))) for cid, who in marks),
        )

    def _helpful_marks(self, comments: list[list]) -> list[tuple[int, int]]:
        rng, wanted = self.rng, min(self.size.helpful_marks, len(comments) * self.size.users)
        marks: set[tuple[int, int]] = set()
        while len(marks) < wanted:
            marks.add((comments[int(len(comments) * rng.random() ** 3)][0], rng.randrange(self.size.users)))
        return sorted(marks)

    def experiences(self) -> None:
        rng, size = self.rng, self.size
        names = dict(db.session.execute(select(Municipality.id, Municipality.name)).tuples().all())
        pillar_ids = db.session.scalars(select(Pillar.id).order_by(Pillar.position)).all()
        first = (db.session.scalar(select(func.max(Experience.id))) or 0) + 1
        rows, links = [], []
        for n in range(size.experiences):
            author, eid = rng.randrange(size.users), first + n
            title = rng.choice(TITLES).format(place=names[self.place[author]])
            created = self._moment_after(self.joined[author])
            approved = self._moment_after(created, timedelta(days=3))
            story = " ".join(_sentence(rng) for _ in range(4))
            rows.append(
                (
                    eid, self.first_user + author, self.perspective[author], title, slugify(title)[:140], story,
                    self.place[author], rng.choice(KINDS), APPROVED, 0, created, approved, approved,
                )
            )  # fmt: skip
            links += [(eid, pillar) for pillar in rng.sample(pillar_ids, rng.choice((1, 1, 2)))]
        self.out.write(
            "experiences",
            "id author_id author_perspective title slug story municipality_id kind status recognition_count created_at "
            "updated_at approved_at",
            rows,
        )
        self.out.advance_sequence("experiences")
        self.out.write("experience_pillars", "experience_id pillar_id", links)
        if self.out.is_sqlite:
            # Rows left behind by deleted experiences would collide with the ids given out here.
            db.session.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid >= :first"), {"first": first})  # noqa: S608
            db.session.execute(
                text(f"INSERT INTO {SEARCH_TABLE} (rowid, title, story) SELECT id, title, story FROM experiences "  # noqa: S608
                     "WHERE id >= :first"),
                {"first": first},
            )  # fmt: skip


def _quotas(total: int, people: int, pillars: int) -> list[int]:
    """Endorsements per pillar: the first pillar the most, nobody endorsing a pillar twice."""
    total = min(total, people * pillars)
    weights = [1.15 - 0.15 * i for i in range(pillars)]
    quotas = [min(people, int(total * w / sum(weights))) for w in weights]
    for i in itertools.cycle(range(pillars)):
        if sum(quotas) >= total:
            return quotas
        quotas[i] += min(people - quotas[i], total - sum(quotas))
    raise AssertionError("not reached: cycle() never ends")


class _BulkWriter:
    """Rows straight into the driver inside the session's transaction: COPY or executemany."""

    def __init__(self) -> None:
        self.connection = db.session.connection()
        self.is_sqlite = self.connection.dialect.name == "sqlite"
        self.raw: Any = self.connection.connection.driver_connection  # sqlite3 or psycopg, never None here

    def write(self, table: str, columns: str, rows: Iterable[tuple]) -> None:
        names = columns.split()
        if self.is_sqlite:
            statement = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608
            rows = iter(rows)
            while batch := [tuple(map(_sqlite_value, row)) for row in itertools.islice(rows, BATCH)]:
                self.raw.executemany(statement, batch)
            return
        with self.raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def advance_sequence(self, table: str) -> None:
        """On PostgreSQL ids chosen here must not be handed out again by the sequence."""
        if not self.is_sqlite:
            self.connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
            )


def _sqlite_value(value):
    # SQLAlchemy's own text form for DateTime on SQLite, so the ORM reads these rows back unchanged.
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value
