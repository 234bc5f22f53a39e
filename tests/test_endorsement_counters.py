"""The counters always equal the truth, whatever people do in whatever order."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from tests.participation_fixtures import counter_totals
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Endorsement, EndorsementCounter, Municipality, Pillar, User
from wijkstem.services.accounts.personal_data import erase_account
from wijkstem.services.endorsements import endorsements


def truth() -> dict:
    """Counted straight from the endorsements: what the counters must say."""
    db.session.expire_all()
    rows = db.session.execute(select(Endorsement, User).join(User, User.id == Endorsement.user_id))
    totals = Counter(
        (e.pillar_id, u.perspective, u.municipality_id, u.is_verified) for e, u in rows if not u.is_blocked
    )
    return dict(totals)


def _delete_account(user: User) -> None:
    # What services.accounts.accounts.delete_account does after checking the (slow to hash) password.
    erase_account(user)
    db.session.delete(user)
    db.session.commit()


def _set(user: User, **changes) -> None:
    for key, value in changes.items():
        setattr(user, key, value)
    db.session.flush()
    endorsements.recount_for_user(user)
    db.session.commit()


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["endorse", "withdraw", "delete", "block", "unblock", "verify", "perspective", "move"]),
        st.integers(0, 3),
        st.integers(0, 2),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_counters_equal_the_truth_after_any_sequence(app, make_user, operations):
    pillars = db.session.scalars(select(Pillar).order_by(Pillar.position)).all()
    places = db.session.scalars(select(Municipality).order_by(Municipality.id).limit(2)).all()
    people = [make_user(perspective=p) for p in ("resident", "professional", "politician", "professional")]
    alive = list(people)
    try:
        for action, who, which in operations:
            user, pillar = alive[who % len(alive)] if alive else None, pillars[which]
            if user is None:
                break
            if action == "endorse":
                try:
                    endorsements.endorse_pillar(user, pillar, "m")
                except endorsements.EndorsementError:
                    pass
            elif action == "withdraw":
                endorsements.withdraw_endorsement(user, pillar)
            elif action == "delete":
                _delete_account(user)
                alive.remove(user)
            elif action == "block":
                _set(user, blocked_at=utcnow())
            elif action == "unblock":
                _set(user, blocked_at=None)
            elif action == "verify":
                _set(user, verified_at=None if user.verified_at else utcnow())
            elif action == "perspective":
                _set(user, perspective="resident" if user.perspective != "resident" else "politician")
            elif action == "move":
                _set(user, municipality_id=places[which % 2].id)
            assert counter_totals() == truth()
        endorsements.recount_all()
        assert counter_totals() == truth()
    finally:
        db.session.rollback()
        db.session.execute(delete(Endorsement))
        db.session.execute(delete(EndorsementCounter))
        db.session.execute(delete(User))
        db.session.commit()


def test_recount_command_rebuilds_broken_counters(app, make_user):
    pillar = db.session.scalar(select(Pillar).limit(1))
    for _ in range(3):
        endorsements.endorse_pillar(make_user(), pillar)
    db.session.execute(delete(EndorsementCounter))
    db.session.commit()
    assert counter_totals() == {}
    result = app.test_cli_runner().invoke(args=["wijkstem", "recount"])
    assert result.exit_code == 0 and "3 steunbetuigingen" in result.output
    assert counter_totals() == truth() and sum(truth().values()) == 3


def test_endorsements_stop_counting_while_blocked(app, make_user):
    pillar = db.session.scalar(select(Pillar).limit(1))
    user = make_user()
    endorsements.endorse_pillar(user, pillar)
    user.blocked_at = utcnow()
    endorsements.recount_for_user(user)
    db.session.commit()
    assert endorsements.counts_for_pillar(pillar.id).total == 0
    user.blocked_at = None
    endorsements.recount_for_user(user)
    db.session.commit()
    assert endorsements.counts_for_pillar(pillar.id).total == 1


def test_changing_perspective_in_the_profile_moves_the_count(client, login, make_user):
    pillar = db.session.scalar(select(Pillar).limit(1))
    user = make_user()
    endorsements.endorse_pillar(user, pillar)
    login(user)
    response = client.post(
        "/account",
        data={
            "display_name": "Nieuwe Naam",
            "perspective": "politician",
            "politician_role": "raadslid",
            "municipality": "Utrecht",
            "show_name": "y",
        },
    )
    assert response.status_code == 302
    counts = endorsements.counts_for_pillar(pillar.id)
    assert (counts.resident, counts.politician) == (0, 1)
    assert db.session.scalar(select(User.notify_replies).where(User.id == user.id)) is False


def test_recount_keeps_every_index_and_constraint_and_endorsing_works_after_it(make_user, utrecht):
    from sqlalchemy import inspect

    from wijkstem.services.endorsements.endorsement_counters import recount_all

    def shape() -> dict:
        inspector = inspect(db.engine)
        return {
            table: (
                sorted(i["name"] for i in inspector.get_indexes(table)),
                sorted(c["name"] for c in inspector.get_unique_constraints(table)),
                sorted(f["name"] or "" for f in inspector.get_foreign_keys(table)),
            )
            for table in ("endorsement_counters", "endorsement_hourly")
        }

    pillar_id = db.session.scalars(select(Pillar.id)).first()
    endorsements.endorse_pillar(make_user(municipality=utrecht), db.session.get(Pillar, pillar_id))
    before = shape()
    assert recount_all() == 1
    assert shape() == before
    endorsements.endorse_pillar(make_user(municipality=utrecht), db.session.get(Pillar, pillar_id))
    assert sum(counter_totals().values()) == 2 and counter_totals() == truth()
