"""A minimal moderation queue for experiences; the moderation capability will replace these pages.

The rules live in services.experiences (approve_experience, reject_experience).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkstem.access import moderator_required
from wijkstem.blueprints.experiences import bp
from wijkstem.blueprints.experiences.forms import RejectForm
from wijkstem.extensions import db
from wijkstem.forms import EmptyForm
from wijkstem.models import Experience
from wijkstem.services import experiences


def _reject_form(experience_id: int, formdata=None) -> RejectForm:
    # One form per experience on the page, each with its own field ids.
    return RejectForm(formdata=formdata, prefix=f"afwijzen-{experience_id}")


def _queue(failed: RejectForm | None = None, rejecting: int | None = None):
    pending = experiences.pending_experiences()
    forms = {experience.id: _reject_form(experience.id) for experience in pending}
    if failed is not None:
        forms[rejecting] = failed
    return render_template(
        "experiences/moderation.html", pending=pending, form=EmptyForm(), reject_forms=forms, rejecting=rejecting
    )


@bp.get("/moderatie/ervaringen")
@moderator_required
def moderation_queue():
    return _queue()


@bp.post("/moderatie/ervaringen/<int:experience_id>/goedkeuren")
@moderator_required
def approve(experience_id: int):
    experience = db.get_or_404(Experience, experience_id)
    if EmptyForm().validate_on_submit():
        try:
            experiences.approve_experience(current_user, experience)
        except experiences.ExperienceError as error:
            flash(str(error), "error")
        else:
            flash(_("De ervaring is goedgekeurd en de schrijver krijgt een mail."), "success")
    return redirect(url_for("experiences.moderation_queue"))


@bp.post("/moderatie/ervaringen/<int:experience_id>/afwijzen")
@moderator_required
def reject(experience_id: int):
    experience = db.get_or_404(Experience, experience_id)
    form = _reject_form(experience.id, formdata=request.form)
    if not form.validate_on_submit():
        return _queue(form, rejecting=experience.id), 400
    try:
        experiences.reject_experience(current_user, experience, form.reason.data)
    except experiences.ExperienceError as error:
        flash(str(error), "error")
    else:
        flash(_("De ervaring is afgewezen en de schrijver krijgt een mail met je reden."), "success")
    return redirect(url_for("experiences.moderation_queue"))
