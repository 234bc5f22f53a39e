"""Test data for the figures pages and the open data: endorsements spread over places, people and days."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from tests.factories import UserFactory
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Endorsement, Municipality, Pillar
from wijkstem.services.endorsements.endorsement_counters import recount_all
from wijkstem.services.endorsements.endorsements import endorse_pillar

# (municipality code, perspective, role, verified, pillar positions, days ago)
PEOPLE = (
    ("GM0344", "resident", None, False, (1, 2), 40),
    ("GM0344", "resident", None, False, (1,), 10),
    ("GM0344", "professional", "woningcorporatie", True, (1, 3), 5),
    ("GM0344", "professional", "gemeente", False, (2,), 2),
    ("GM0344", "politician", "raadslid", True, (1, 2, 3), 0),
    ("GM0363", "resident", None, False, (1,), 100),
    ("GM0363", "politician", "wethouder", False, (3,), 1),
    ("GM0014", "resident", None, False, (2,), 20),
)


def municipality(code: str) -> Municipality:
    return db.session.scalar(select(Municipality).where(Municipality.code == code))


def pillar_at(position: int) -> Pillar:
    return db.session.scalar(select(Pillar).where(Pillar.position == position))


def spread_endorsements(people=PEOPLE, copies: int = 1) -> list:
    """People endorse through the real service, then their endorsements are moved back in time
    and `flask wijkstem recount` rebuilds the history, as after an import."""
    users = []
    for _ in range(copies):
        for code, perspective, role, verified, positions, days_ago in people:
            user = UserFactory(
                municipality=municipality(code),
                perspective=perspective,
                perspective_role=role,
                verified_at=utcnow() if verified else None,
            )
            for position in positions:
                endorse_pillar(user, pillar_at(position))
            db.session.execute(
                update(Endorsement)
                .where(Endorsement.user_id == user.id)
                .values(created_at=utcnow() - timedelta(days=days_ago))
            )
            users.append(user)
    db.session.commit()
    recount_all()
    return users
