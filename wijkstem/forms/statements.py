from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired

from wijkstem.models.statements import AGREE, DISAGREE, UNSURE

# The answer as it travels in the form (Dutch, like the URLs) -> as it is stored.
ANSWERS = {"eens": AGREE, "oneens": DISAGREE, "weet-niet": UNSURE}


class AnswerForm(FlaskForm):
    """One of the three buttons of a statement: each is its own small form, so it works without JavaScript."""

    stelling = HiddenField(validators=[DataRequired(message=_l("Deze stelling bestaat niet meer."))])
    keuze = HiddenField(validators=[AnyOf(list(ANSWERS), message=_l("Kies Eens, Oneens of Weet ik niet."))])
