"""The forms to block and unblock someone: on the moderation queue and on the admin's page of a person."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length

from wijkstem.services.moderation.moderation_queue import STANDARD_REASONS

OTHER = ""


def reason_choices():
    return [(OTHER, _l("Kies een reden, of schrijf er een hieronder"))] + [(str(r), r) for r in STANDARD_REASONS]


class ReasonFields:
    """A reason picked from the list, or written; the written one wins."""

    reason_choice: SelectField
    reason_text: StringField

    def reason(self) -> str:
        return (self.reason_text.data or "").strip() or (self.reason_choice.data or "").strip()


class BlockForm(FlaskForm, ReasonFields):
    reason_choice = SelectField(_l("Reden uit de lijst"), choices=reason_choices, validate_choice=False)
    reason_text = StringField(
        _l("Of schrijf een reden"), validators=[Length(max=500, message=_l("Houd de reden korter dan 500 tekens."))]
    )
    hide_content = BooleanField(_l("Verberg ook alles wat deze persoon al heeft geplaatst"))
    next = StringField()


class UnblockForm(FlaskForm):
    next = StringField()
