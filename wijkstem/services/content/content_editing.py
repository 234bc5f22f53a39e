"""Editing the manifesto texts in the app, with a version history. Slugs never change here.

Every text has a key: 'pillar:<slug>:title', 'pillar:<slug>:intro', 'point:<slug>:<position>',
'manifesto:<key>'. A text with a revision was edited in the app; `flask wijkstem seed` leaves it
alone unless run with --force (see services/content.seed_content).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkstem.extensions import db
from wijkstem.models import ContentRevision, Manifesto, Pillar, Point, User
from wijkstem.services.content.content import pillars_in_order
from wijkstem.services.moderation import audit

DELETED_EDITOR = "verwijderd account"


class UnknownText(Exception):
    pass


class EmptyText(Exception):
    def __str__(self) -> str:
        return str(_l("Vul een tekst in."))


@dataclass
class EditableText:
    key: str
    label: str
    text: str
    multiline: bool


# What an editor sees instead of the storage key ("manifest.for_whom_title").
TEXT_LABELS = {
    "manifest.title": _l("Manifest: titel"),
    "manifest.intro": _l("Manifest: inleiding"),
    "manifest.for_whom_title": _l("Manifest: kop boven 'Voor wie'"),
    "manifest.for_whom": _l("Manifest: voor wie"),
    "manifest.makers_title": _l("Manifest: kop boven 'De makers'"),
    "manifest.makers": _l("Manifest: de makers"),
    "dossier.title": _l("Dossier: titel"),
    "dossier.intro": _l("Dossier: inleiding"),
    "dossier.factors_intro": _l("Dossier: zin boven de vier factoren"),
}


def _manifesto_label(key: str) -> str:
    return str(TEXT_LABELS.get(key, key))


def _pillar_texts(pillar: Pillar) -> list[EditableText]:
    texts = [
        EditableText(f"pillar:{pillar.slug}:title", f"{pillar.position}. {_l('Titel')}", pillar.title, False),
        EditableText(f"pillar:{pillar.slug}:intro", f"{pillar.position}. {_l('Inleiding')}", pillar.intro, True),
    ]
    for point in pillar.points:
        label = f"{pillar.position}.{point.position} {_l('Punt')}"
        texts.append(EditableText(f"point:{pillar.slug}:{point.position}", label, point.text, True))
    return texts


def editable_texts() -> list[EditableText]:
    texts = [
        EditableText(f"manifesto:{row.key}", _manifesto_label(row.key), row.text, len(row.text) > 120)
        for row in db.session.scalars(select(Manifesto).order_by(Manifesto.key))
    ]
    for pillar in pillars_in_order():
        texts.extend(_pillar_texts(pillar))
    return texts


def _locate(key: str) -> tuple[object, str]:
    """The row and attribute holding the text with this key."""
    kind, _, rest = key.partition(":")
    if kind == "manifesto":
        row: Manifesto | Pillar | Point | None = db.session.scalar(select(Manifesto).where(Manifesto.key == rest))
        if row is not None:
            return row, "text"
    elif kind == "pillar":
        slug, _, attr = rest.partition(":")
        row = db.session.scalar(select(Pillar).where(Pillar.slug == slug))
        if row is not None and attr in ("title", "intro"):
            return row, attr
    elif kind == "point":
        slug, _, position = rest.partition(":")
        if position.isdigit():
            row = db.session.scalar(
                select(Point).join(Pillar).where(Pillar.slug == slug, Point.position == int(position))
            )
            if row is not None:
                return row, "text"
    raise UnknownText(key)


def find_text(key: str) -> EditableText:
    row, attr = _locate(key)
    text = getattr(row, attr)
    label = next((t.label for t in editable_texts() if t.key == key), key)
    return EditableText(key, label, text, attr != "title")


def edit_text(editor: User, key: str, new_text: str) -> bool:
    """Saves a new version with who and when; returns False when nothing changed."""
    row, attr = _locate(key)
    new_text = (new_text or "").strip().replace("\r\n", "\n")
    if not new_text:
        raise EmptyText
    old_text = getattr(row, attr)
    if new_text == old_text:
        return False
    setattr(row, attr, new_text)
    db.session.add(
        ContentRevision(
            text_key=key, old_text=old_text, new_text=new_text, editor_id=editor.id, editor_label=editor.display_name
        )
    )
    audit.record(
        editor, "content.edit", "text", None, None, {"key": key, "text": old_text}, {"key": key, "text": new_text}
    )
    db.session.commit()
    return True


def revisions_of(key: str) -> list[ContentRevision]:
    return list(
        db.session.scalars(
            select(ContentRevision).where(ContentRevision.text_key == key).order_by(ContentRevision.id.desc())
        )
    )


def anonymise_editor(user: User) -> None:
    """On account deletion: the history of texts stays, without who edited them."""
    db.session.execute(
        db.update(ContentRevision)
        .where(ContentRevision.editor_id == user.id)
        .values(editor_id=None, editor_label=DELETED_EDITOR)
    )
