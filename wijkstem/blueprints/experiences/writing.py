"""Writing and editing experiences, and the author's own overview."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkstem.blueprints.experiences import bp
from wijkstem.blueprints.experiences.forms import ExperienceForm, WritingHelpForm, alt_text_needed
from wijkstem.extensions import db
from wijkstem.models import Experience, ExperiencePhoto
from wijkstem.services.content.content import find_municipality, municipalities_by_name, pillars_in_order
from wijkstem.services.experiences import experiences, writing_help
from wijkstem.services.experiences.photos import PhotoRefused
from wijkstem.services.experiences.similar_experiences import similar_experiences
from wijkstem.web.access import confirmed_required
from wijkstem.web.limits import post_limit

# The second button of the form: shows the writing help and the similar experiences, sends nothing.
REVIEW_BUTTON = "bekijk_tekst"


def _was_submitted(response) -> bool:
    # Only what was actually submitted counts against the limit, not a form shown again with mistakes.
    return response.status_code == 302


def _without_photo() -> bool:
    # Every uploaded photo is decoded, also in a form sent back with a mistake: each upload counts.
    return not getattr(request.files.get("photo"), "filename", "")


def _photo_for(form: ExperienceForm) -> ExperiencePhoto | None:
    """The photo the form ends up with. A good upload is stored at once as a draft, so it survives
    mistakes elsewhere in the form; a refused one gets its message next to the field."""
    if form.has_new_upload:
        try:
            photo = experiences.store_draft_photo(current_user, form.photo.data.stream)
        except PhotoRefused as refusal:
            form.photo.errors = [str(refusal)]
        else:
            form.kept_photo.data = str(photo.id)
            form.remove_photo.data = False
            return photo
    if form.remove_photo.data:
        form.kept_photo.data = ""
        return None
    return experiences.find_draft_photo(current_user, form.kept_photo.data)


def _draft_from(form: ExperienceForm) -> experiences.Draft | None:
    """Validates the whole form (keeping every field) and returns the draft, or None on mistakes."""
    valid = form.validate()
    photo = _photo_for(form)
    form.photo_preview = photo
    alt_text_needed(form, photo is not None)
    municipality = find_municipality(form.municipality.data or "")
    if form.municipality.data and municipality is None:
        form.municipality.errors = [*form.municipality.errors, _("Kies een gemeente uit de lijst.")]
    if not valid or municipality is None or form.photo.errors or form.photo_alt.errors:
        return None
    chosen = set(form.pillars.data or [])
    return experiences.Draft(
        title=form.title.data or "",
        story=form.story.data or "",
        municipality=municipality,
        wijk=form.wijk.data,
        kind=form.kind.data,
        pillars=[pillar for pillar in form.pillar_objects if pillar.slug in chosen],
        photo=photo,
        photo_alt=form.photo_alt.data,
    )


def _prepare(form: ExperienceForm) -> ExperienceForm:
    form.pillar_objects = pillars_in_order()
    form.pillars.choices = [(pillar.slug, pillar.title) for pillar in form.pillar_objects]
    form.photo_preview = None
    return form


def _render(form: ExperienceForm, experience: Experience | None = None, review: bool = False, similar=()):
    return render_template(
        "experiences/form.html",
        form=form,
        experience=experience,
        municipalities=municipalities_by_name(),
        writing_review=writing_help.review_text(form.story.data or "") if review else None,
        similar=similar,
    )


def _wants_review() -> bool:
    return request.method == "POST" and REVIEW_BUTTON in request.form


def _render_review(form: ExperienceForm, experience: Experience | None = None):
    """The "Bekijk je tekst" step: everything typed comes back with hints; no mistakes are marked yet."""
    form.photo_preview = _photo_for(form)
    similar = []
    if experience is None:
        municipality = find_municipality(form.municipality.data or "")
        similar = similar_experiences(
            form.title.data or "", form.story.data or "", municipality.id if municipality else None
        )
    return _render(form, experience, review=True, similar=similar)


def _similar_to_show(form: ExperienceForm, draft: experiences.Draft) -> list:
    """Shown once before a new experience is sent; "Toch versturen" then sends it."""
    if form.similar_shown.data:
        return []
    found = similar_experiences(draft.title, draft.story, draft.municipality.id)
    if found:
        form.similar_shown.data = "1"
    return found


@bp.route("/ervaringen/nieuw", methods=["GET", "POST"])
@confirmed_required
@post_limit("RATELIMIT_EXPERIENCE", "5 per hour", deduct_when=_was_submitted)
@post_limit("RATELIMIT_PHOTO", "10 per hour; 30 per day", exempt_when=_without_photo)
def new():
    form = _prepare(ExperienceForm())
    if request.method == "GET":
        form.municipality.data = current_user.municipality.name
        form.wijk.data = current_user.wijk
    elif _wants_review():
        return _render_review(form)
    elif (draft := _draft_from(form)) is not None:
        if similar := _similar_to_show(form, draft):
            return _render(form, similar=similar)
        try:
            experiences.submit_experience(current_user, draft)
        except experiences.ExperienceError as error:
            flash(str(error), "error")
        else:
            flash(_("Bedankt! Een moderator bekijkt je ervaring. Daarna staat hij op wijkstem. Je krijgt een mail."))
            return redirect(url_for("experiences.mine"))
    return _render(form)


def _defaults(experience: Experience) -> SimpleNamespace:
    source = experiences.draft_from_revision(experience.revision) if experience.revision else experience
    photo = source.photo
    return SimpleNamespace(
        title=source.title,
        story=source.story,
        municipality=source.municipality.name,
        wijk=source.wijk,
        kind=source.kind,
        pillars=[pillar.slug for pillar in source.pillars],
        photo_alt=source.photo_alt,
        kept_photo=str(photo.id) if photo else "",
    )


@bp.route("/ervaringen/<int:experience_id>/bewerken", methods=["GET", "POST"])
@confirmed_required
@post_limit("RATELIMIT_PHOTO", "10 per hour; 30 per day", exempt_when=_without_photo)
def edit(experience_id: int):
    experience = db.get_or_404(Experience, experience_id)
    if not experiences.can_edit(current_user, experience):
        abort(403)
    form = _prepare(ExperienceForm(obj=None if request.method == "POST" else _defaults(experience)))
    if request.method == "GET":
        form.photo_preview = experiences.find_draft_photo(current_user, form.kept_photo.data)
    elif _wants_review():
        return _render_review(form, experience)
    elif (draft := _draft_from(form)) is not None:
        was_approved = experience.is_approved
        try:
            experiences.edit_experience(current_user, experience, draft)
        except experiences.ExperienceError as error:
            flash(str(error), "error")
            return _render(form, experience)
        if was_approved:
            flash(_("Je wijziging wacht op een moderator. Tot die tijd blijft de vorige versie staan."))
        else:
            flash(_("Je wijziging is opgeslagen. Een moderator bekijkt je ervaring."))
        return redirect(url_for("experiences.mine"))
    return _render(form, experience)


@bp.get("/account/ervaringen")
@login_required
def mine():
    return render_template("experiences/mine.html", experiences=experiences.experiences_of(current_user))


@bp.post("/ervaringen/schrijfhulp")
@confirmed_required
@post_limit("RATELIMIT_WRITING_HELP", "60 per minute")
def writing_help_hints():
    """The same hints as the "Bekijk je tekst" step, for the script that shows them while someone types."""
    form = WritingHelpForm()
    if not form.validate_on_submit():
        abort(400)
    return render_template(
        "_partials/writing_help.html", writing_review=writing_help.review_text(form.tekst.data or "")
    )
