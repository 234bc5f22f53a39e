from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from wijkstem.forms import honeypot_field, lazy_number
from wijkstem.models.experiences import COULD_BE_BETTER, GOES_WELL

STORY_MIN, STORY_MAX = 50, 5000


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ExperienceForm(FlaskForm):
    """Shape only. The view fills pillar choices; the photo is checked by the photo service."""

    story_min, story_max = STORY_MIN, STORY_MAX  # for the hint

    title = StringField(
        _l("Titel"),
        validators=[
            InputRequired(message=_l("Geef je ervaring een titel.")),
            Length(min=5, max=120, message=_l("De titel moet tussen 5 en 120 tekens lang zijn.")),
        ],
    )
    story = TextAreaField(
        _l("Je verhaal"),
        validators=[
            InputRequired(message=_l("Vertel je verhaal.")),
            Length(
                min=STORY_MIN,
                max=STORY_MAX,
                message=_l(
                    "Je verhaal moet tussen %(min)s en %(max)s tekens lang zijn.",
                    min=lazy_number(STORY_MIN),
                    max=lazy_number(STORY_MAX),
                ),
            ),
        ],
    )
    municipality = StringField(
        _l("Gemeente"),
        validators=[InputRequired(message=_l("Kies een gemeente.")), Length(max=100)],
    )
    wijk = StringField(
        _l("Wijk of buurt (niet verplicht)"),
        validators=[Optional(), Length(max=80, message=_l("Gebruik hoogstens 80 tekens."))],
    )
    pillars = CheckboxesField(
        _l("Over welke pijler gaat het?"),
        coerce=str,
        validators=[InputRequired(message=_l("Kies minstens één pijler."))],
    )
    kind = RadioField(
        _l("Gaat het over wat goed gaat of wat beter kan?"),
        choices=[(GOES_WELL, _l("Wat goed gaat")), (COULD_BE_BETTER, _l("Wat beter kan"))],
        validators=[InputRequired(message=_l("Kies ‘wat goed gaat’ of ‘wat beter kan’."))],
    )
    photo = FileField(_l("Foto (niet verplicht)"))
    photo_alt = StringField(
        _l("Beschrijf wat er op de foto staat"),
        validators=[Optional(), Length(max=250, message=_l("Gebruik hoogstens 250 tekens."))],
    )
    kept_photo = HiddenField()
    remove_photo = BooleanField(_l("Geen foto gebruiken"))
    # Set once the similar experiences were shown, so the next "Versturen" sends.
    similar_shown = HiddenField()
    consent = BooleanField(
        _l("Ik geef toestemming om deze ervaring op wijkstem te publiceren"),
        validators=[InputRequired(message=_l("Geef toestemming om je ervaring te publiceren."))],
    )
    website = honeypot_field()

    @property
    def has_new_upload(self) -> bool:
        return bool(self.photo.data and getattr(self.photo.data, "filename", ""))


class WritingHelpForm(FlaskForm):
    """The text the writing help looks at while someone types (the script posts it)."""

    tekst = TextAreaField(validators=[Optional(), Length(max=STORY_MAX * 2)])


class FilterForm(FlaskForm):
    """The filters on /ervaringen: a GET form, so every combination is a URL to share."""

    class Meta:
        csrf = False

    q = StringField(_l("Zoeken"), validators=[Optional(), Length(max=200)])
    gemeente = StringField(_l("Gemeente"), validators=[Optional(), Length(max=100)])
    provincie = SelectField(_l("Provincie"), validate_choice=False)
    pijler = SelectField(_l("Pijler"), validate_choice=False)
    soort = SelectField(
        _l("Soort"),
        choices=[("", _l("Alles")), ("wat-goed-gaat", _l("Wat goed gaat")), ("wat-beter-kan", _l("Wat beter kan"))],
        validate_choice=False,
    )
    perspectief = SelectField(
        _l("Geschreven door"),
        choices=[
            ("", _l("Iedereen")),
            ("bewoner", _l("Bewoners")),
            ("beroepskracht", _l("Beroepskrachten")),
            ("politicus", _l("Politici")),
        ],
        validate_choice=False,
    )


def alt_text_needed(form: ExperienceForm, has_photo: bool) -> None:
    """With a photo, a description for people who cannot see it."""
    if has_photo and not (form.photo_alt.data or "").strip():
        form.photo_alt.errors = [*form.photo_alt.errors, _l("Beschrijf kort wat er op de foto staat.")]
