"""Data and pages for `make bench`: a busy platform, built fast with bulk inserts."""

from __future__ import annotations

from sqlalchemy import insert, select

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, Endorsement, Municipality, Pillar, User
from wijkstem.services.accounts.passwords import hash_password
from wijkstem.services.endorsements.endorsement_counters import recount_all
from wijkstem.subjects import Subject

PEOPLE = 7_000  # each endorses every pillar: 21,000 endorsements
COMMENTS = 2_000  # on the first pillar

PAGES = [
    "/",
    "/manifest",
    "/manifest/bewoners-leidend",
    "/manifest/bewoners-leidend/steunbetuigingen",
    "/manifest/bewoners-leidend/steunbetuigingen?pagina=40",
    "/gemeenten",
    "/gemeente/utrecht",
    "/ervaringen",
    "/api/v1/pillars",
    "/over",
    "/account/registreren",
]


def fill(app) -> None:
    now = utcnow()
    password = hash_password("bench-wachtwoord-lang")
    places = db.session.scalars(select(Municipality.id).order_by(Municipality.population.desc()).limit(40)).all()
    perspectives = ["resident"] * 6 + ["professional"] * 3 + ["politician"]
    db.session.execute(
        insert(User),
        [
            {
                "email": f"bench{n}@example.org",
                "display_name": f"Deelnemer {n}",
                "password_hash": password,
                "perspective": perspectives[n % len(perspectives)],
                "municipality_id": places[n % len(places)],
                "role": "participant",
                "created_at": now,
                "terms_accepted_at": now,
                "email_confirmed_at": now,
                "verified_at": now if n % 7 == 0 else None,
                "show_name": n % 2 == 0,
                "session_version": 1,
            }
            for n in range(PEOPLE)
        ],
    )
    users = db.session.execute(select(User.id, User.perspective, User.municipality_id)).all()
    pillars = db.session.scalars(select(Pillar).order_by(Pillar.position)).all()
    db.session.execute(
        insert(Endorsement),
        [
            {
                "user_id": uid,
                "pillar_id": pillar.id,
                "created_at": now,
                "motivation": "Omdat het werkt" if uid % 3 == 0 else None,
                "counted_perspective": perspective,
                "counted_municipality_id": municipality_id,
                "counted_verified": False,
            }
            for uid, perspective, municipality_id in users
            for pillar in pillars
        ],
    )
    first = pillars[0]
    db.session.execute(
        insert(Comment),
        [
            {
                "subject_type": Subject.PILLAR,
                "subject_id": first.id,
                "point_id": first.points[n % len(first.points)].id if n % 3 else None,
                "author_id": users[n % len(users)][0],
                "body": f"Reactie {n}: in onze wijk werkt dit goed, zie https://example.org/{n}",
                "created_at": now,
                "helpful_count": n % 5,
            }
            for n in range(COMMENTS)
        ],
    )
    db.session.commit()
    recount_all()
    db.session.commit()
