"""Issue 25: migration 0012 binds the verifications that exist to what the profile says at upgrade time,
so nobody loses their badge by the upgrade itself, and a verified_at on a resident still never counts."""

from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import select, text

from config import TestConfig
from tests.test_migrations import empty_database
from wijkstem import create_app
from wijkstem.extensions import db
from wijkstem.models import User

USER_COLUMNS = (
    "id, email, display_name, password_hash, perspective, perspective_role, municipality_id, role, created_at, "
    "terms_accepted_at, verified_at, show_name, notify_replies, digest_frequency, session_version, share_code"
)


def test_existing_verifications_are_bound_to_the_profile_they_have(tmp_path):
    with empty_database(tmp_path) as url:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade(revision="0011_council")
            now = "2026-11-30 12:00:00"
            db.session.execute(
                text("INSERT INTO municipalities (id, code, name, province, slug, population) "
                     "VALUES (1, 'GM0096', 'Vlieland', 'Fryslân', 'vlieland', 1255)")
            )  # fmt: skip
            for n, (perspective, role, verified) in enumerate(
                [("politician", "burgemeester", True), ("professional", None, True), ("resident", None, True),
                 ("politician", "raadslid", False)],
                start=1,
            ):  # fmt: skip
                db.session.execute(
                    text(f"INSERT INTO users ({USER_COLUMNS}) VALUES (:id, :email, :name, 'x', :perspective, :role, "  # noqa: S608
                         "1, 'participant', :now, :now, :verified, true, true, 'weekly', 1, :code)"),
                    {"id": n, "email": f"p{n}@example.org", "name": f"Persoon {n}", "perspective": perspective,
                     "role": role, "now": now, "verified": now if verified else None, "code": f"code{n}"},
                )  # fmt: skip
            db.session.commit()
            upgrade()
            db.session.expire_all()
            people = {u.id: u for u in db.session.scalars(select(User))}
            burgemeester = people[1]
            assert (burgemeester.verified_name, burgemeester.verified_perspective, burgemeester.verified_role) == (
                "Persoon 1",
                "politician",
                "burgemeester",
            )
            assert burgemeester.verified_municipality_id == 1 and burgemeester.is_verified
            assert people[2].is_verified and people[2].verified_role is None  # a professional without a sector
            assert not people[3].is_verified and people[3].verified_name is None  # residents are never verified
            assert not people[4].is_verified and people[4].verified_name is None
            assert set(db.session.scalars(select(User.id).where(User.is_verified))) == {1, 2}
            db.session.remove()
            db.engine.dispose()
