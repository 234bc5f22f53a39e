"""The council's responses on a municipality page, following, digest preferences and unsubscribing."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from wijkstem.blueprints.council import bp
from wijkstem.blueprints.council.forms import (
    ClerkForm,
    GriffieEmailForm,
    PreferencesForm,
    ReportResponseForm,
    ResponseForm,
    RevokeClerkForm,
    RevokeVerificationForm,
    SpokespersonForm,
    StatusStepForm,
)
from wijkstem.clock import today_in_the_netherlands
from wijkstem.extensions import csrf, db
from wijkstem.forms import EmptyForm
from wijkstem.models import CouncilResponse, Municipality
from wijkstem.services.accounts.tokens import InvalidToken
from wijkstem.services.content.content import find_municipality, pillars_in_order
from wijkstem.services.council import council_responses, council_roles, council_status, follows
from wijkstem.services.discussion import reports
from wijkstem.subjects import Subject
from wijkstem.web.access import confirmed_required, moderator_required
from wijkstem.web.limits import post_limit


def _municipality(slug: str) -> Municipality:
    return db.first_or_404(select(Municipality).filter_by(slug=slug))


def _response(municipality: Municipality, response_id: int) -> CouncilResponse:
    response = council_responses.response_in(municipality, response_id)
    if response is None or response.is_hidden:
        abort(404)
    return response


def _draft(form: ResponseForm) -> council_responses.ResponseDraft:
    return council_responses.ResponseDraft(
        kind=form.kind.data,
        body=form.body.data or "",  # required fields: the validators saw them filled in
        happened_on=form.happened_on.data or date.today(),
        document_url=form.document_url.data,
        voice=form.voice.data,
    )


def _response_form_for(municipality: Municipality, response: CouncilResponse | None = None) -> ResponseForm:
    """Only the voices this person has; editing keeps the voice the response was written in."""
    form = ResponseForm(obj=response)
    voices = council_responses.voices_of(current_user, municipality)
    form.voice.choices = [
        (voice, label)
        for voice, label in council_responses.VOICE_LABELS.items()
        if (voice == response.voice if response else voice in voices)
    ]
    if request.method == "GET" and len(form.voice.choices) == 1:
        form.voice.data = form.voice.choices[0][0]
    if response is not None:
        form.voice.data = response.voice
    return form


def _response_form(form: ResponseForm, municipality: Municipality, response: CouncilResponse | None):
    roles = council_responses.voices_of(current_user, municipality)
    role_labels = {
        voice: str(council_responses.ROLE_LABELS.get(role, role)).lower() for voice, role in roles.items()
    }
    return render_template(
        "council/response_form.html",
        form=form,
        municipality=municipality,
        role_labels=role_labels,
        voice_labels=council_responses.VOICE_LABELS,
        response=response,
        first_date=council_responses.FIRST_RESPONSE_DATE,
        today=today_in_the_netherlands(),
    )


def _page(municipality: Municipality, response_id: int | None = None) -> str:
    anchor = f"raad-{response_id}" if response_id else "raad"
    return url_for("municipalities.show", slug=municipality.slug, _anchor=anchor)


@bp.route("/gemeente/<slug>/raad/nieuw", methods=["GET", "POST"])
@confirmed_required
@post_limit("RATELIMIT_COMMENT")
def new_response(slug: str):
    municipality = _municipality(slug)
    if not council_responses.can_respond(current_user, municipality):
        return render_template("council/not_allowed.html", municipality=municipality), 403
    form = _response_form_for(municipality)
    if request.method == "GET":
        form.happened_on.data = today_in_the_netherlands()
    if form.validate_on_submit():
        try:
            response = council_responses.publish_response(current_user, municipality, _draft(form))
        except council_responses.ResponseDateOutOfRange as error:
            form.happened_on.errors = [*form.happened_on.errors, str(error)]
        except council_responses.CouncilResponseError as error:
            form.body.errors = [*form.body.errors, str(error)]
        else:
            flash(_("Je bericht staat op de pagina van %(name)s.", name=municipality.name), "success")
            return redirect(_page(municipality, response.id))
    return _response_form(form, municipality, None)


@bp.route("/gemeente/<slug>/raad/<int:response_id>/bewerken", methods=["GET", "POST"])
@confirmed_required
@post_limit("RATELIMIT_COMMENT")
def edit_response(slug: str, response_id: int):
    municipality = _municipality(slug)
    response = _response(municipality, response_id)
    if not council_responses.can_edit(current_user, response):
        return render_template("council/not_allowed.html", municipality=municipality), 403
    form = _response_form_for(municipality, response)
    if form.validate_on_submit():
        try:
            council_responses.edit_response(current_user, response, _draft(form))
        except council_responses.ResponseDateOutOfRange as error:
            form.happened_on.errors = [*form.happened_on.errors, str(error)]
        except council_responses.CouncilResponseError as error:
            form.body.errors = [*form.body.errors, str(error)]
        else:
            flash(_("Je bericht is aangepast. De eerdere versie blijft te zien."), "success")
            return redirect(_page(municipality, response.id))
    return _response_form(form, municipality, response)


@bp.get("/gemeente/<slug>/raad/<int:response_id>/versies")
def response_versions(slug: str, response_id: int):
    municipality = _municipality(slug)
    response = _response(municipality, response_id)
    return render_template(
        "council/versions.html",
        municipality=municipality,
        response=response,
        revisions=council_responses.revisions_of(response),
        kind_labels=council_responses.KIND_LABELS,
    )


@bp.route("/gemeente/<slug>/raad/<int:response_id>/melden", methods=["GET", "POST"])
@confirmed_required
@post_limit("RATELIMIT_REPORT")
def report_response(slug: str, response_id: int):
    municipality = _municipality(slug)
    response = _response(municipality, response_id)
    form = ReportResponseForm()
    if form.validate_on_submit():
        try:
            reports.report_item(current_user, Subject.COUNCIL_RESPONSE, response.id, form.reason.data, form.text.data)
        except reports.ReportError as error:
            flash(str(error), "info")
        else:
            flash(_("Bedankt voor je melding. Een moderator kijkt ernaar."), "success")
        return redirect(_page(municipality, response.id))
    return render_template("council/report.html", form=form, municipality=municipality, response=response)


# Following ------------------------------------------------------------------------------------


@bp.post("/gemeente/<slug>/volgen")
@login_required
def follow_municipality(slug: str):
    municipality = _municipality(slug)
    if EmptyForm().validate_on_submit():
        follows.follow_municipality(current_user, municipality)
        flash(_("We houden je op de hoogte van %(name)s.", name=municipality.name), "success")
    return redirect(url_for("municipalities.show", slug=slug, _anchor="volgen"))


@bp.post("/gemeente/<slug>/niet-meer-volgen")
@login_required
def unfollow_municipality(slug: str):
    municipality = _municipality(slug)
    if EmptyForm().validate_on_submit():
        follows.unfollow_municipality(current_user, municipality)
        flash(_("Je volgt %(name)s niet meer.", name=municipality.name), "success")
    if request.form.get("terug") == "account":
        return redirect(url_for("council.preferences"))
    return redirect(url_for("municipalities.show", slug=slug, _anchor="volgen"))


def _pillar(slug: str):
    pillar = next((p for p in pillars_in_order() if p.slug == slug), None)
    if pillar is None:
        abort(404)
    return pillar


@bp.post("/manifest/<slug>/volgen")
@login_required
def follow_pillar(slug: str):
    pillar = _pillar(slug)
    if EmptyForm().validate_on_submit():
        follows.follow_pillar(current_user, pillar)
        flash(_("We houden je op de hoogte van deze pijler."), "success")
    return redirect(url_for("pillars.pillar", slug=pillar.slug))


@bp.post("/manifest/<slug>/niet-meer-volgen")
@login_required
def unfollow_pillar(slug: str):
    pillar = _pillar(slug)
    if EmptyForm().validate_on_submit():
        follows.unfollow_pillar(current_user, pillar)
        flash(_("Je volgt deze pijler niet meer."), "success")
    return redirect(url_for("council.preferences"))


@bp.route("/account/op-de-hoogte", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm()
    if request.method == "GET":
        form.frequency.data = current_user.digest_frequency
    if form.validate_on_submit():
        follows.set_digest_frequency(current_user, form.frequency.data)
        flash(_("Je keuze is opgeslagen."), "success")
        return redirect(url_for("council.preferences"))
    return render_template(
        "council/preferences.html", form=form, following=follows.following(current_user), action_form=EmptyForm()
    )


# Unsubscribing from the digest: no login; the signed link is the proof (RFC 8058) -----------


@bp.get("/afmelden/<token>")
def unsubscribe(token: str):
    try:
        follows.user_for_unsubscribe_token(token)
    except InvalidToken:
        return render_template("council/unsubscribe.html", invalid=True), 400
    return render_template("council/unsubscribe.html", invalid=False, token=token, done=False)


@bp.post("/afmelden/<token>")
@csrf.exempt  # mail programs post here without a form (List-Unsubscribe-Post); the signed token is the check
def unsubscribe_confirm(token: str):
    try:
        follows.unsubscribe(token)
    except InvalidToken:
        return render_template("council/unsubscribe.html", invalid=True), 400
    return render_template("council/unsubscribe.html", invalid=False, token=token, done=True)


# Moderators: who speaks for a council --------------------------------------------------------


@bp.route("/moderatie/raad", methods=["GET", "POST"])
@moderator_required
@post_limit("RATELIMIT_MODERATION")
def council_roles_page():
    clerk_form, revoke_form = ClerkForm(prefix="griffie"), RevokeVerificationForm(prefix="intrekken")
    if request.method == "POST" and "griffie-email" in request.form:
        if clerk_form.validate_on_submit():
            municipality = find_municipality(clerk_form.municipality.data or "")
            if municipality is None:
                clerk_form.municipality.errors = [*clerk_form.municipality.errors, _("Kies een gemeente uit de lijst.")]
            else:
                try:
                    council_roles.mark_clerk(
                        current_user, clerk_form.email.data or "", municipality, clerk_form.reason.data
                    )
                except council_roles.CouncilRoleError as error:
                    clerk_form.email.errors = [*clerk_form.email.errors, str(error)]
                else:
                    flash(_("Gemarkeerd als griffie van %(name)s.", name=municipality.name), "success")
                    return redirect(url_for("council.council_roles_page"))
    elif request.method == "POST" and revoke_form.validate_on_submit():
        try:
            council_roles.revoke_verification(current_user, revoke_form.email.data or "", revoke_form.reason.data)
        except council_roles.CouncilRoleError as error:
            revoke_form.email.errors = [*revoke_form.email.errors, str(error)]
        else:
            flash(_("De verificatie is ingetrokken."), "success")
            return redirect(url_for("council.council_roles_page"))
    return render_template(
        "council/moderation.html",
        clerk_form=clerk_form,
        revoke_form=revoke_form,
        revoke_clerk_form=RevokeClerkForm(),
        clerks=council_roles.active_clerks(),
    )


@bp.post("/moderatie/raad/griffie/<int:clerk_id>/intrekken")
@moderator_required
@post_limit("RATELIMIT_MODERATION")
def revoke_clerk(clerk_id: int):
    form = RevokeClerkForm()
    if form.validate_on_submit():
        try:
            council_roles.revoke_clerk(current_user, clerk_id, form.reason.data)
        except council_roles.CouncilRoleError as error:
            flash(str(error), "error")
        else:
            flash(_("De griffie-markering is ingetrokken."), "success")
    return redirect(url_for("council.council_roles_page"))


# The griffie or a moderator: the council's status, its e-mail address, who speaks for it ----------


def _save_council_form(municipality: Municipality, form) -> str:
    """One service call for the form that was sent; the message to show after it."""
    if isinstance(form, StatusStepForm):
        step = form.step.data or ""
        day = form.happened_on.data or today_in_the_netherlands()
        council_status.set_status_step(current_user, municipality, step, day, form.document_url.data)
        return _("De status is opgeslagen: %(step)s.", step=council_status.STEP_LABELS[step])
    if isinstance(form, GriffieEmailForm):
        council_status.set_griffie_email(current_user, municipality, form.griffie_email.data)
        return _("Het e-mailadres van de griffie is opgeslagen.")
    council_status.mark_spokesperson(current_user, municipality, form.email.data or "")
    return _("Deze persoon kan nu antwoorden namens de gemeenteraad.")


def _council_admin_page(municipality: Municipality, status_form, email_form, speaker_form):
    return render_template(
        "council/manage.html",
        municipality=municipality,
        status=council_status.council_status(municipality),
        speakers=council_status.speakers_for(municipality),
        status_form=status_form,
        email_form=email_form,
        speaker_form=speaker_form,
        role_labels=council_responses.ROLE_LABELS,
        step_hints=council_status.STEP_EXPLANATIONS,
    )


@bp.route("/gemeente/<slug>/raad/beheer", methods=["GET", "POST"])
@confirmed_required
@post_limit("RATELIMIT_MODERATION")
def manage_council(slug: str):
    municipality = _municipality(slug)
    if not council_status.can_manage_council(current_user, municipality):
        return render_template("council/not_allowed.html", municipality=municipality), 403
    status_form, speaker_form = StatusStepForm(prefix="status"), SpokespersonForm(prefix="woordvoerder")
    email_form = GriffieEmailForm(prefix="griffie")
    if request.method == "GET":
        status_form.happened_on.data = today_in_the_netherlands()
        email_form.griffie_email.data = municipality.griffie_email
    forms: dict[str, FlaskForm] = {"status": status_form, "griffie": email_form, "woordvoerder": speaker_form}
    chosen = forms.get(request.form.get("formulier", "")) if request.method == "POST" else None
    if chosen is not None and chosen.validate_on_submit():
        try:
            flash(_save_council_form(municipality, chosen), "success")
        except council_status.CouncilStatusError as error:
            form_field = chosen[error.field or "step"]
            form_field.errors = [*form_field.errors, str(error)]
        else:
            anchor = "raad-status" if chosen is status_form else None
            if anchor:
                return redirect(url_for("municipalities.show", slug=slug, _anchor=anchor))
            return redirect(url_for("council.manage_council", slug=slug))
    return _council_admin_page(municipality, status_form, email_form, speaker_form)
