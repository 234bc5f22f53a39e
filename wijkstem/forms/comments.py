"""The comment forms, rendered on every page with a discussion and handled by the comments blueprint."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from wijkstem.forms import lazy_number, visitor_meta
from wijkstem.models import Point
from wijkstem.services.discussion.comments import MAX_LENGTH, MIN_LENGTH, SORTS
from wijkstem.services.discussion.reports import MAX_TEXT
from wijkstem.services.discussion.reports import REASON_LABELS as REASONS


def _body_field(label):
    return TextAreaField(
        label,
        validators=[
            InputRequired(message=_l("Schrijf eerst je reactie.")),
            Length(
                min=MIN_LENGTH,
                max=MAX_LENGTH,
                message=_l(
                    "Je reactie moet tussen %(min)s en %(max)s tekens lang zijn.",
                    min=lazy_number(MIN_LENGTH),
                    max=lazy_number(MAX_LENGTH),
                ),
            ),
        ],
    )


class CommentForm(FlaskForm):
    """A new comment; the view fills the point choices for its subject."""

    body = _body_field(_l("Je reactie"))
    point = SelectField(_l("Over welk punt gaat je reactie? (niet verplicht)"), choices=[], validate_choice=True)


class SubjectCommentForm(FlaskForm):
    """A new comment on a subject without points, such as an experience."""

    body = _body_field(_l("Je reactie"))


class ReplyForm(FlaskForm):
    body = _body_field(_l("Je antwoord"))


class EditCommentForm(FlaskForm):
    body = _body_field(_l("Je reactie"))


def _reason_field(label):
    return RadioField(label, choices=list(REASONS.items()), validators=[InputRequired(message=_l("Kies een reden."))])


class ReportForm(FlaskForm):
    reason = _reason_field(_l("Waarom meld je deze reactie?"))
    text = TextAreaField(
        _l("Toelichting (niet verplicht)"),
        validators=[Optional(), Length(max=MAX_TEXT, message=_l("Gebruik hoogstens %(max)d tekens.", max=MAX_TEXT))],
    )


class ReportExperienceForm(ReportForm):
    reason = _reason_field(_l("Waarom meld je deze ervaring?"))


def point_choices(points: list[Point]) -> list[tuple[str, str]]:
    return [("", _("De hele pijler"))] + [
        (str(point.id), _("Punt %(n)s: %(text)s", n=point.position, text=point.text[:80])) for point in points
    ]


def new_comment_form(points: list[Point] | None = None) -> CommentForm | SubjectCommentForm:
    """The form for a new comment; a subject with points (a pillar) asks which point it is about."""
    if points is None:
        return SubjectCommentForm(meta=visitor_meta())
    form = CommentForm(meta=visitor_meta())
    form.point.choices = point_choices(points)
    return form


SORT_LABELS = {
    "nieuw": _l("Nieuwste eerst"),
    "oud": _l("Oudste eerst"),
    "waardevol": _l("Meest waardevol"),
    "iedereen": _l("Waardevol voor iedereen"),
}


def sort_options(with_bridging: bool = False) -> list[tuple[str, str]]:
    """The orders a discussion can be read in, as the comments service knows them; "Waardevol voor
    iedereen" only where comments are statements (a pillar)."""
    return [(key, str(SORT_LABELS[key])) for key in SORTS if with_bridging or key != "iedereen"]
