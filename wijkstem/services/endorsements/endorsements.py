"""Endorsements ("steunen"): one per confirmed person per pillar, counted in the same transaction.

`endorse` is the one way a person endorses (the endorse form, logging in or registering with a kept
intent): it counts the endorsement, or remembers it until the address is confirmed, adds the follows
that were ticked, commits once and returns an `EndorseResult`. The web layer turns that result into a
message in one place (wijkstem/web/endorsing.py).
"""

from __future__ import annotations

from enum import Enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from wijkstem.clock import iso_utc, utcnow
from wijkstem.extensions import db
from wijkstem.models import Endorsement, PendingEndorsement, Pillar, User
from wijkstem.pagination import Page, clamp
from wijkstem.services.council import follows
from wijkstem.services.endorsements import people_counters
from wijkstem.services.endorsements.endorsement_counters import (
    EndorsementCounts,
    counter_key,
    counts_for_pillar,
    move_count,
    municipality_participation,
    municipality_pillar_counts,
    pillar_counts,
    recount_all,
    recount_for_user,
    uncount,
)

__all__ = [
    "AlreadyEndorsed",
    "EndorseResult",
    "EndorsementCounts",
    "EndorsementError",
    "NotAllowed",
    "NotConfirmed",
    "counts_for_pillar",
    "endorse",
    "endorse_pillar",
    "endorsement_of",
    "endorsers_page",
    "latest_endorsed_pillar",
    "motivation_too_long",
    "municipality_participation",
    "municipality_pillar_counts",
    "pillar_counts",
    "recount_all",
    "recount_for_user",
    "remember_endorsement",
    "visible_verified_endorsers",
    "withdraw_endorsement",
]

MAX_MOTIVATION = 280


class EndorseResult(Enum):
    """What became of one "steunen" click; wijkstem/web/endorsing.py says what each means to the person."""

    COUNTED = "counted"  # the endorsement counts now
    PENDING = "pending"  # kept until the e-mail address is confirmed
    ALREADY = "already"  # this person endorsed the pillar before (a double click, a second tab)
    BLOCKED = "blocked"  # a blocked account cannot endorse
    TOO_LONG = "too_long"  # the motivation breaks the one motivation rule; nothing was saved


class EndorsementError(Exception):
    """A rule about endorsing said no; str(error) is a message for the user."""


class AlreadyEndorsed(EndorsementError):
    pass


class NotConfirmed(EndorsementError):
    pass


class NotAllowed(EndorsementError):
    pass


def _normalised(motivation: str | None) -> str:
    # A browser sends a line break in a textarea as two characters (CRLF) but counts it as one.
    return (motivation or "").replace("\r\n", "\n").strip()


def motivation_too_long(motivation: str | None) -> bool:
    """The one motivation rule, for the form, the visitor's kept intent and the service alike:
    at most MAX_MOTIVATION characters once trimmed, a line break counting as one. Never truncated."""
    return len(_normalised(motivation)) > MAX_MOTIVATION


def _clean(motivation: str | None) -> str | None:
    if motivation_too_long(motivation):
        raise EndorsementError(_l("Je toelichting mag hoogstens %(n)s tekens lang zijn.", n=MAX_MOTIVATION))
    return _normalised(motivation) or None


def _short_code(via_code: str | None) -> str | None:
    return (via_code or None) and via_code[:16]


def _check_may_endorse(user: User) -> None:
    if user.is_blocked:
        raise NotAllowed(_l("Je account is geblokkeerd. Je kunt nu niet steunen."))
    if not user.is_confirmed:
        raise NotConfirmed(_l("Bevestig eerst je e-mailadres. Daarna tellen we je steun mee."))


def _add(user: User, pillar_id: int, motivation: str | None, via_code: str | None) -> Endorsement:
    """Insert and count; raises IntegrityError when this person already endorses the pillar.

    The key it is counted under goes in with the row (no second UPDATE), and the counter and the
    hourly history move in one more statement (see move_count)."""
    key = counter_key(user)
    people_counters.lock_person(user.id)
    named = key is not None and people_counters.is_named(user)
    endorsement = Endorsement(
        user_id=user.id,
        pillar_id=pillar_id,
        motivation=motivation,
        via_code=via_code,
        created_at=utcnow(),
        counted_perspective=key[0] if key else None,
        counted_municipality_id=key[1] if key else None,
        counted_verified=key[2] if key else False,
        counted_named=named,
    )
    db.session.add(endorsement)
    db.session.flush()
    if key is not None:
        move_count(pillar_id, key, endorsement.created_at, +1)
        if people_counters.counted_endorsements_of(user.id) == 1:  # a new supporter for the municipality
            people_counters.move_person(None, (*key, named))
    return endorsement


# The endorse and withdraw of the busiest minute of a campaign, on PostgreSQL: the row, the counter,
# the hourly history and the people counter move in ONE statement (data-modifying CTEs), after the
# person's row is locked (people_counters.lock_person: 'first' and 'last' pillar are then exact).
# The NOT EXISTS reads the snapshot from before the statement, so it sees the person's other
# endorsements and not the one inserted (or, on withdrawing, sees the one deleted: hence pillar_id <>).
# Measured in docs/benchmarks.md ("The endorse POST"): 5 round trips instead of 11 on endorsing.
_MOVE_COUNTERS = """
counted AS (
  SELECT * FROM changed WHERE counted_perspective IS NOT NULL AND counted_municipality_id IS NOT NULL
), counter AS (
  INSERT INTO endorsement_counters (pillar_id, perspective, municipality_id, verified, count)
  SELECT pillar_id, counted_perspective, counted_municipality_id, counted_verified, :delta FROM counted
  ON CONFLICT (pillar_id, perspective, municipality_id, verified)
  DO UPDATE SET count = endorsement_counters.count + excluded.count
), history AS (
  INSERT INTO endorsement_hourly (pillar_id, municipality_id, perspective, verified, day, hour, count)
  SELECT pillar_id, counted_municipality_id, counted_perspective, counted_verified, CAST(created_at AS date),
         CAST(extract(hour FROM created_at) AS integer), :delta FROM counted
  ON CONFLICT (pillar_id, municipality_id, perspective, verified, day, hour)
  DO UPDATE SET count = endorsement_hourly.count + excluded.count
), person AS (
  INSERT INTO people_counters (municipality_id, perspective, verified, named, count)
  SELECT counted_municipality_id, counted_perspective, counted_verified, counted_named, :delta FROM counted
  WHERE NOT EXISTS (SELECT 1 FROM endorsements other WHERE other.user_id = :user_id
                    AND other.pillar_id <> :pillar_id AND other.counted_municipality_id IS NOT NULL)
  ON CONFLICT (municipality_id, perspective, verified, named)
  DO UPDATE SET count = people_counters.count + excluded.count
)
SELECT count(*) FROM changed
"""
_RETURNING = (
    "RETURNING pillar_id, created_at, counted_perspective, counted_municipality_id, counted_verified, counted_named"
)
_ENDORSE_PG = text(
    f"""WITH changed AS (
  INSERT INTO endorsements (user_id, pillar_id, motivation, via_code, created_at, counted_perspective,
                            counted_municipality_id, counted_verified, counted_named)
  VALUES (:user_id, :pillar_id, :motivation, :via_code, :created_at, :perspective, :municipality_id,
          :verified, :named)
  ON CONFLICT (user_id, pillar_id) DO NOTHING
  {_RETURNING}
), {_MOVE_COUNTERS}"""  # noqa: S608 (constant SQL put together once; values travel as parameters)
)
_WITHDRAW_PG = text(
    f"""WITH changed AS (
  DELETE FROM endorsements WHERE user_id = :user_id AND pillar_id = :pillar_id
  {_RETURNING}
), {_MOVE_COUNTERS}"""  # noqa: S608 (as above)
)


def _on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _add_counted_in_one_statement(user: User, pillar_id: int, motivation: str | None, via_code: str | None) -> bool:
    """PostgreSQL: insert and count a confirmed, unblocked person's endorsement; False when it was there."""
    key = counter_key(user)
    assert key is not None  # noqa: S101 (endorse() checked the block)
    people_counters.lock_person(user.id)
    parameters = {
        "user_id": user.id,
        "pillar_id": pillar_id,
        "motivation": motivation,
        "via_code": via_code,
        "created_at": utcnow(),
        "perspective": key[0],
        "municipality_id": key[1],
        "verified": key[2],
        "named": people_counters.is_named(user),
        "delta": 1,
    }
    return bool(db.session.execute(_ENDORSE_PG, parameters).scalar())


def endorse(
    user: User,
    pillar: Pillar,
    motivation: str | None = None,
    *,
    via_code: str | None = None,
    follow_pillar: bool = False,
    follow_municipality: bool = False,
) -> EndorseResult:
    """One "steunen" click, in one transaction: counted when the address is confirmed, else kept until
    it is; the ticked "Houd me op de hoogte" boxes are saved with it (also after a double click)."""
    if motivation_too_long(motivation):
        return EndorseResult.TOO_LONG
    text = _normalised(motivation) or None
    if user.is_blocked:
        result = EndorseResult.BLOCKED
    elif not user.is_confirmed:
        _remember(user, pillar.id, text, _short_code(via_code))
        result = EndorseResult.PENDING
    elif _on_postgresql():
        # ON CONFLICT DO NOTHING: the unique constraint catches double clicks and parallel tabs.
        counted = _add_counted_in_one_statement(user, pillar.id, text, _short_code(via_code))
        result = EndorseResult.COUNTED if counted else EndorseResult.ALREADY
    else:
        try:
            with db.session.begin_nested():
                _add(user, pillar.id, text, _short_code(via_code))
            result = EndorseResult.COUNTED
        except IntegrityError:
            # The unique constraint catches double clicks and parallel tabs a read-then-write would miss.
            result = EndorseResult.ALREADY
    follows.follow_after_endorsing(
        user, pillar if follow_pillar else None, user.municipality if follow_municipality else None
    )
    db.session.commit()
    return result


def endorse_pillar(
    user: User, pillar: Pillar, motivation: str | None = None, via_code: str | None = None
) -> Endorsement:
    """For scripts and tests: endorse a confirmed person's pillar now, raising when a rule says no."""
    _check_may_endorse(user)
    motivation = _clean(motivation)
    try:
        endorsement = _add(user, pillar.id, motivation, _short_code(via_code))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyEndorsed(_l("Je steunt deze pijler al.")) from None
    return endorsement


def _remember(user: User, pillar_id: int, motivation: str | None, via_code: str | None) -> None:
    pending = db.session.scalar(
        select(PendingEndorsement).where(
            PendingEndorsement.user_id == user.id, PendingEndorsement.pillar_id == pillar_id
        )
    )
    try:
        with db.session.begin_nested():
            if pending is None:
                pending = PendingEndorsement(user_id=user.id, pillar_id=pillar_id)
                db.session.add(pending)
            pending.motivation = motivation
            pending.via_code = via_code
    except IntegrityError:
        pass  # the same click arrived twice; one remembered click is enough


def remember_endorsement(
    user: User, pillar: Pillar, motivation: str | None = None, via_code: str | None = None
) -> None:
    """For scripts and tests: keep an unconfirmed person's click until they confirm their address."""
    _remember(user, pillar.id, _clean(motivation), _short_code(via_code))
    db.session.commit()


def latest_endorsed_pillar(user: User, preferred_slug: str | None = None) -> Pillar | None:
    """The pillar to thank someone for: the one they meant to endorse, else their newest endorsement."""
    query = (
        select(Pillar)
        .join(Endorsement, Endorsement.pillar_id == Pillar.id)
        .where(Endorsement.user_id == user.id)
        .order_by(Endorsement.created_at.desc(), Endorsement.id.desc())
    )
    if preferred_slug and (pillar := db.session.scalar(query.where(Pillar.slug == preferred_slug))):
        return pillar
    return db.session.scalar(query.limit(1))


def withdraw_endorsement(user: User, pillar: Pillar) -> bool:
    """Withdrawing is one click; twice is harmless. True when there was something to withdraw.

    One DELETE ... RETURNING finds and removes the endorsement: a parallel request that withdrew it
    already gets no row back, so it is uncounted exactly once."""
    people_counters.lock_person(user.id)
    if _on_postgresql():
        removed = _withdraw_in_one_statement(user, pillar.id)
    else:
        removed = _withdraw(user, pillar.id)
    if not user.is_confirmed:  # a click kept until confirmation; a confirmed person has none left
        pending = delete(PendingEndorsement).where(
            PendingEndorsement.user_id == user.id, PendingEndorsement.pillar_id == pillar.id
        )
        # a DML statement gives a CursorResult, typed as Result
        removed = db.session.execute(pending).rowcount > 0 or removed  # type: ignore[attr-defined]
    db.session.commit()
    return removed


def _withdraw_in_one_statement(user: User, pillar_id: int) -> bool:
    """PostgreSQL: delete and uncount under the key the endorsement was counted under (kept on the row)."""
    parameters = {"user_id": user.id, "pillar_id": pillar_id, "delta": -1}
    return bool(db.session.execute(_WITHDRAW_PG, parameters).scalar())


def _withdraw(user: User, pillar_id: int) -> bool:
    statement = (
        delete(Endorsement)
        .where(Endorsement.user_id == user.id, Endorsement.pillar_id == pillar_id)
        .returning(
            Endorsement.counted_perspective,
            Endorsement.counted_municipality_id,
            Endorsement.counted_verified,
            Endorsement.counted_named,
            Endorsement.created_at,
        )
        .execution_options(synchronize_session=False)
    )
    gone = db.session.execute(statement).first()
    if gone is not None and gone.counted_perspective is not None and gone.counted_municipality_id is not None:
        key = (gone.counted_perspective, gone.counted_municipality_id, bool(gone.counted_verified))
        move_count(pillar_id, key, gone.created_at, -1)
        if people_counters.counted_endorsements_of(user.id) == 0:  # their last pillar: no longer a supporter
            people_counters.move_person((*key, bool(gone.counted_named)), None)
    return gone is not None


def endorsement_of(user: User, pillar: Pillar) -> Endorsement | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Endorsement).where(Endorsement.user_id == user.id, Endorsement.pillar_id == pillar.id)
    )


def pillars_not_endorsed(user: User) -> list[Pillar]:
    """The pillars this person does not support yet, in the manifesto's order (the thank-you step offers them)."""
    endorsed = select(Endorsement.pillar_id).where(Endorsement.user_id == user.id)
    return list(db.session.scalars(select(Pillar).where(Pillar.id.not_in(endorsed)).order_by(Pillar.position)))


def pending_endorsement_of(user: User, pillar: Pillar) -> PendingEndorsement | None:
    return db.session.scalar(
        select(PendingEndorsement).where(
            PendingEndorsement.user_id == user.id, PendingEndorsement.pillar_id == pillar.id
        )
    )


def endorsers_page(pillar: Pillar, total: int, page: int = 1, per_page: int = 50) -> Page[Endorsement]:
    """Newest first, from people who are counted (not blocked); `total` comes from the counters."""
    page = clamp(page, total, per_page)
    items = db.session.scalars(
        select(Endorsement)
        .join(Endorsement.user)
        .options(joinedload(Endorsement.user))
        .where(Endorsement.pillar_id == pillar.id, User.blocked_at.is_(None))
        .order_by(Endorsement.created_at.desc(), Endorsement.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page.counted(items, page, total, per_page)


def visible_verified_endorsers(municipality_id: int) -> list[tuple[User, list[Pillar]]]:
    """Verified professionals and politicians from this municipality who endorse and show their name."""
    rows = db.session.execute(
        select(User, Pillar)
        .join(Endorsement, Endorsement.user_id == User.id)
        .join(Pillar, Pillar.id == Endorsement.pillar_id)
        .where(
            User.municipality_id == municipality_id,
            User.is_verified,
            User.show_name.is_(True),
            User.blocked_at.is_(None),
        )
        .order_by(User.display_name, User.id, Pillar.position)
    )
    result: dict[int, tuple[User, list[Pillar]]] = {}
    for user, pillar in rows:
        result.setdefault(user.id, (user, []))[1].append(pillar)
    return list(result.values())


def complete_pending_endorsements(user: User) -> None:
    """Once the e-mail address is confirmed, what the person endorsed before counts. Does not commit."""
    pendings = db.session.scalars(select(PendingEndorsement).where(PendingEndorsement.user_id == user.id)).all()
    endorsed = set(db.session.scalars(select(Endorsement.pillar_id).where(Endorsement.user_id == user.id)))
    for pending in pendings:
        if not user.is_blocked and pending.pillar_id not in endorsed:
            _add(user, pending.pillar_id, pending.motivation, pending.via_code)
        db.session.delete(pending)


def forget_endorsements(user: User) -> None:
    """On account deletion: the endorsements stop counting and go."""
    mine = db.session.scalars(select(Endorsement).where(Endorsement.user_id == user.id)).all()
    people_counters.move_person(people_counters.key_of_endorsements(mine), None)
    for endorsement in mine:
        uncount(endorsement)
        db.session.delete(endorsement)
    db.session.execute(delete(PendingEndorsement).where(PendingEndorsement.user_id == user.id))
    db.session.flush()


def export_endorsements(user: User) -> tuple[str, list]:
    rows = db.session.execute(
        select(Endorsement, Pillar.slug)
        .join(Pillar, Pillar.id == Endorsement.pillar_id)
        .where(Endorsement.user_id == user.id)
        .order_by(Endorsement.created_at)
    )
    return (
        "endorsements",
        [{"pillar": slug, "motivation": e.motivation, "created_at": iso_utc(e.created_at)} for e, slug in rows],
    )
