"""The audit log read as sentences: "Reactie van A. de Vries verborgen: spam — door moderator Bo"."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkstem.extensions import db
from wijkstem.models import AuditEntry, User

# %(who)s is the person the decision is about; %(what)s the kind of item ("Reactie", "Ervaring").
SENTENCES = {
    "report.hide": _l("%(what)s van %(who)s verborgen"),
    "report.approve": _l("%(what)s van %(who)s goedgekeurd na een melding"),
    "report.restore": _l("%(what)s van %(who)s weer zichtbaar gemaakt"),
    "review.approve": _l("Reactie van %(who)s geplaatst na controle"),
    "review.reject": _l("Reactie van %(who)s afgewezen na controle"),
    "experience.approved": _l("Ervaring van %(who)s goedgekeurd"),
    "experience.rejected": _l("Ervaring van %(who)s afgewezen"),
    "experience.edit_approved": _l("Wijziging in de ervaring van %(who)s goedgekeurd"),
    "experience.edit_rejected": _l("Wijziging in de ervaring van %(who)s afgewezen"),
    "user.block": _l("Account van %(who)s geblokkeerd"),
    "user.unblock": _l("Account van %(who)s weer geopend"),
    "user.role": _l("%(who)s is nu %(role)s"),
    "verification.approved": _l("Rol van %(who)s bevestigd"),
    "verification.rejected": _l("Rol van %(who)s niet bevestigd"),
    "verification.ended": _l("Verificatie van %(who)s gestopt, omdat het profiel veranderde"),
    "council.clerk_ended": _l("Griffie-markering van %(who)s gestopt, omdat de naam veranderde"),
    "content.edit": _l("Tekst van het manifest aangepast"),
}
ITEM_KINDS = {"comment": _l("Reactie"), "experience": _l("Ervaring")}
ROLES = {"participant": _l("deelnemer"), "moderator": _l("moderator"), "admin": _l("beheerder")}


@dataclass(frozen=True)
class LogLine:
    entry: AuditEntry
    sentence: str
    about_name: str | None


def _people(entries: list[AuditEntry]) -> dict[int, User]:
    ids = {e.about_user_id for e in entries if e.about_user_id} | {e.actor_id for e in entries if e.actor_id}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def describe(entry: AuditEntry, people: dict[int, User]) -> str:
    about = people.get(entry.about_user_id) if entry.about_user_id else None
    who = about.display_name if about else _("een verwijderd account")
    template = SENTENCES.get(entry.action)
    if template is None:
        sentence = entry.action
    else:
        role = (entry.after or {}).get("role", "")
        sentence = str(template) % {
            "who": who,
            "what": str(ITEM_KINDS.get(entry.subject_type, _("Bijdrage"))),
            "role": str(ROLES.get(role, role)),
        }
    if entry.reason:
        sentence = f"{sentence}: {entry.reason}"
    actor = people.get(entry.actor_id) if entry.actor_id else None
    by = f"{ROLES[actor.role]} {entry.actor_label}" if actor and actor.role in ROLES else entry.actor_label
    return _("%(sentence)s — door %(actor)s", sentence=sentence, actor=by)


def log_lines(entries: list[AuditEntry]) -> list[LogLine]:
    """The page's entries as sentences (one query for all the names)."""
    people = _people(entries)
    return [
        LogLine(
            entry,
            describe(entry, people),
            people[entry.about_user_id].display_name if entry.about_user_id in people else None,
        )
        for entry in entries
    ]
