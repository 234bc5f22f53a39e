"""The council dossier: two A4 pages that say who in a municipality supports the manifesto, in their
own words, and what the council did with it (print version and PDF, one template).

What is quoted is what anyone can already read on the site: motivations of people who are not
blocked, with their name only when they show it; approved experiences that are not hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkstem.extensions import db
from wijkstem.models import Endorsement, Experience, Municipality, Pillar, User
from wijkstem.perspectives import PERSPECTIVE_PLURALS, PERSPECTIVES, POLITICIAN, PROFESSIONAL, RESIDENT, count_text
from wijkstem.services.experiences.experience_listing import author_line, excerpt, latest_experiences_for_municipality
from wijkstem.services.statements.results import NATIONAL, results_for_scope

MAX_VOICES = 6  # motivations on page 2
CANDIDATES = 4  # newest motivations looked at per perspective per pillar, so one person is quoted once
VOICE_LENGTH = 220  # characters of a motivation; longer ones end in "…"
EXPERIENCE_EXCERPT = 150  # about two printed lines
EXPERIENCES = 3
GROUND_ITEMS = 2  # statements per list (agree, differ) in the dossier
GROUND_LENGTH = 90  # characters of a statement's text
PERSPECTIVE_ORDER = (RESIDENT, PROFESSIONAL, POLITICIAN)


@dataclass(frozen=True)
class Voice:
    """One motivation as the dossier quotes it."""

    text: str
    who: str  # the name, or "een bewoner uit Utrecht" when the person hides it
    perspective: str
    pillar: Pillar
    verified: bool
    given_at: datetime


@dataclass(frozen=True)
class ExperienceExcerpt:
    experience: Experience
    text: str
    author: str


def _shorten(text: str, length: int) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"


def _who(user: User, municipality: Municipality) -> str:
    if user.show_name:
        return f"{user.display_name}, {user.perspective_label.lower()}"
    return str(
        _l("een %(who)s uit %(place)s", who=str(PERSPECTIVES[user.perspective]).lower(), place=municipality.name)
    )


def local_voices(municipality: Municipality, limit: int = MAX_VOICES) -> list[Voice]:
    """The most recent public motivation per perspective per pillar from people of this municipality,
    taken in turn per perspective (resident, professional, politician) so no group fills the page,
    and each person quoted once (then the next most recent one of that pillar and perspective)."""
    newest = (
        select(
            Endorsement.id,
            func.row_number()
            .over(
                partition_by=(Endorsement.pillar_id, User.perspective),
                order_by=(Endorsement.created_at.desc(), Endorsement.id.desc()),
            )
            .label("rank"),
        )
        .join(User, User.id == Endorsement.user_id)
        .where(
            User.municipality_id == municipality.id,
            User.blocked_at.is_(None),
            Endorsement.motivation.is_not(None),
            Endorsement.motivation != "",
        )
        .subquery()
    )
    rows = db.session.execute(
        select(Endorsement, User, Pillar)
        .join(newest, newest.c.id == Endorsement.id)
        .join(User, User.id == Endorsement.user_id)
        .join(Pillar, Pillar.id == Endorsement.pillar_id)
        .where(newest.c.rank <= CANDIDATES)
        .order_by(Pillar.position, newest.c.rank)
    ).all()
    # Per perspective: for each pillar, its candidates newest first.
    queues: dict[str, dict[int, list[tuple[Endorsement, User, Pillar]]]] = {p: {} for p in PERSPECTIVE_ORDER}
    for endorsement, user, pillar in rows:
        queues.setdefault(user.perspective, {}).setdefault(pillar.position, []).append((endorsement, user, pillar))
    chosen: list[Voice] = []
    quoted: set[int] = set()
    turn = 0
    while len(chosen) < limit and any(any(q.values()) for q in queues.values()):
        for perspective in PERSPECTIVE_ORDER:
            pillars_left = [n for n, candidates in sorted(queues.get(perspective, {}).items()) if candidates]
            if not pillars_left or len(chosen) >= limit:
                continue
            position = pillars_left[turn % len(pillars_left)]
            candidates = queues[perspective][position]
            while candidates:
                endorsement, user, pillar = candidates.pop(0)
                if user.id not in quoted:
                    quoted.add(user.id)
                    chosen.append(_voice(endorsement, user, pillar, municipality))
                    break
        turn += 1
    return chosen


def _voice(endorsement: Endorsement, user: User, pillar: Pillar, municipality: Municipality) -> Voice:
    return Voice(
        text=_shorten(endorsement.motivation or "", VOICE_LENGTH),
        who=_who(user, municipality),
        perspective=user.perspective,
        pillar=pillar,
        verified=user.is_verified,
        given_at=endorsement.created_at,
    )


def experience_excerpts(municipality: Municipality, limit: int = EXPERIENCES) -> list[ExperienceExcerpt]:
    """The newest approved, visible experiences of this municipality, each with about two lines of its story."""
    return [
        ExperienceExcerpt(experience=e, text=excerpt(e, EXPERIENCE_EXCERPT), author=author_line(e))
        for e in latest_experiences_for_municipality(municipality, limit)
    ]


@dataclass(frozen=True)
class DossierStatement:
    pillar_position: int
    text: str  # shortened
    figures: str  # "Eens: 7 van 9 bewoners · 8 van 10 beroepskrachten · 6 van 7 politici"
    note: str | None = None  # for a difference: who agrees more


@dataclass(frozen=True)
class DossierGround:
    """The common ground the dossier shows: of this municipality when enough people there voted on
    at least one pillar, else of the whole country (`local` False, the dossier says so)."""

    local: bool
    common: list[DossierStatement]
    differences: list[DossierStatement]

    @property
    def shown(self) -> bool:
        return bool(self.common or self.differences)


def _statement(position: int, item: dict, difference: bool) -> DossierStatement:
    groups = item["groups"]
    figures = " · ".join(
        _("%(agree)s van %(people)s", agree=format_decimal(groups[g]["agree"]), people=count_text(g, groups[g]["seen"]))
        for g in PERSPECTIVE_ORDER
    )
    note = None
    if difference:
        more, less = PERSPECTIVE_PLURALS[item["more"]], PERSPECTIVE_PLURALS[item["less"]]
        note = _("%(more)s zijn het vaker eens dan %(less)s.", more=str(more).capitalize(), less=less)
    return DossierStatement(
        position, _shorten(item["text"], GROUND_LENGTH), _("Eens: %(figures)s", figures=figures), note
    )


def _in_turn(per_pillar: list[tuple[int, list[dict]]], limit: int, difference: bool) -> list[DossierStatement]:
    """The best statement of each pillar first, then the second best, and so on: no pillar fills the list."""
    taken: list[DossierStatement] = []
    rank = 0
    while len(taken) < limit and any(rank < len(items) for _n, items in per_pillar):
        for position, items in per_pillar:
            if rank < len(items) and len(taken) < limit:
                taken.append(_statement(position, items[rank], difference))
        rank += 1
    return taken


def dossier_common_ground(
    municipality: Municipality, pillars: list[Pillar], limit: int = GROUND_ITEMS
) -> DossierGround:
    """What the job stored for this municipality (the pillars where enough people there voted), else
    for the whole country; never computed here."""
    for local, scope in ((True, municipality.code), (False, NATIONAL)):
        stored = results_for_scope(scope)
        enough = [(p.position, stored[p.id]) for p in pillars if stored.get(p.id, {}).get("enough")]
        if enough:
            return DossierGround(
                local,
                _in_turn([(n, data["common_ground"]) for n, data in enough], limit, difference=False),
                _in_turn([(n, data["differences"]) for n, data in enough], limit, difference=True),
            )
    return DossierGround(False, [], [])
