from __future__ import annotations

import factory
from sqlalchemy import select

from tests.conftest import PASSWORD
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Municipality, User
from wijkstem.services.accounts.passwords import hash_password

_HASH = None


def _password_hash() -> str:
    # Hashing with scrypt is slow on purpose; every factory user shares one hash.
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


class UserFactory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        model = User
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Persoon {n}")
    password_hash = factory.LazyFunction(_password_hash)
    perspective = "resident"
    perspective_role = None
    municipality = factory.LazyFunction(
        lambda: db.session.scalar(select(Municipality).where(Municipality.code == "GM0344"))
    )
    email_confirmed_at = factory.LazyFunction(utcnow)
    role = "participant"
    show_name = True
    # make_user(verified_at=...) means "verified as this profile", as a moderator's approval binds it.
    verified_at = None
    verified_name = factory.LazyAttribute(lambda o: o.display_name if o.verified_at else None)
    verified_perspective = factory.LazyAttribute(lambda o: o.perspective if o.verified_at else None)
    verified_role = factory.LazyAttribute(lambda o: o.perspective_role if o.verified_at else None)
    verified_municipality_id = factory.LazyAttribute(lambda o: o.municipality.id if o.verified_at else None)
