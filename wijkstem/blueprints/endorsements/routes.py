from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkstem.blueprints.comments.forms import CommentForm
from wijkstem.blueprints.endorsements import bp
from wijkstem.blueprints.endorsements.forms import EndorseForm
from wijkstem.blueprints.endorsements.pages import page_number, point_choices, render_pillar_page
from wijkstem.extensions import limiter
from wijkstem.forms import EmptyForm
from wijkstem.models.comments import PILLAR
from wijkstem.services import comments, endorsements, follows
from wijkstem.services.content import pillars_in_order
from wijkstem.services.referrals import sharer_code


def _limit(name: str):
    return limiter.limit(lambda: current_app.config.get(name, "30 per minute"), methods=["POST"])


def _pillars(slug: str):
    pillars = pillars_in_order()
    pillar = next((p for p in pillars if p.slug == slug), None)
    if pillar is None:
        abort(404)
    return pillar, pillars


def _to_login(slug: str, message: str):
    flash(message, "info")
    return redirect(url_for("accounts.login", next=url_for("public.pillar", slug=slug)))


@bp.post("/manifest/<slug>/steunen")
@_limit("RATELIMIT_ENDORSE")
def endorse(slug: str):
    pillar, pillars = _pillars(slug)
    if not current_user.is_authenticated:
        return _to_login(slug, _("Log in om deze pijler te steunen."))
    form = EndorseForm()
    if not form.validate_on_submit():
        return render_pillar_page(pillar, pillars, endorse_form=form)
    try:
        endorsements.endorse_pillar(
            current_user, pillar, form.motivation.data, via_code=sharer_code(session.get("via"), current_user)
        )
        flash(_("Bedankt! Je steunt nu deze pijler."), "success")
    except endorsements.NotConfirmed:
        endorsements.remember_endorsement(
            current_user, pillar, form.motivation.data, via_code=sharer_code(session.get("via"), current_user)
        )
        flash(
            _("Bevestig eerst je e-mailadres. We onthouden je steun en tellen hem mee zodra je bevestigd hebt."),
            "warning",
        )
    except endorsements.AlreadyEndorsed as error:
        flash(str(error), "info")
    except endorsements.EndorsementError as error:
        flash(str(error), "error")
    if form.follow_pillar.data or form.follow_municipality.data:
        follows.follow_after_endorsing(
            current_user,
            pillar if form.follow_pillar.data else None,
            current_user.municipality if form.follow_municipality.data else None,
        )
    return redirect(url_for("public.pillar", slug=slug, _anchor="steun"))


@bp.post("/manifest/<slug>/steun-intrekken")
@_limit("RATELIMIT_ENDORSE")
def withdraw(slug: str):
    pillar, _pillar_list = _pillars(slug)
    if not current_user.is_authenticated:
        return _to_login(slug, _("Log in om je steun in te trekken."))
    if EmptyForm().validate_on_submit():
        if endorsements.withdraw_endorsement(current_user, pillar):
            flash(_("Je steun is ingetrokken."), "success")
        else:
            flash(_("Je steunde deze pijler niet."), "info")
    return redirect(url_for("public.pillar", slug=slug, _anchor="steun"))


@bp.get("/manifest/<slug>/steunbetuigingen")
def endorsers(slug: str):
    pillar, _pillar_list = _pillars(slug)
    counts = endorsements.counts_for_pillar(pillar.id)
    page = endorsements.endorsers_page(pillar, counts.total, page_number())
    return render_template("endorsements/endorsers.html", pillar=pillar, counts=counts, page=page)


@bp.get("/manifest/<slug>/reacties")
def comments_anchor(slug: str):
    return redirect(url_for("public.pillar", slug=slug, _anchor="reacties"))


@bp.post("/manifest/<slug>/reacties")
@_limit("RATELIMIT_COMMENT")
def post_comment(slug: str):
    pillar, pillars = _pillars(slug)
    if not current_user.is_authenticated:
        return _to_login(slug, _("Log in om te reageren."))
    form = CommentForm()
    form.point.choices = point_choices(pillar)
    if form.validate_on_submit():
        point = next((p for p in pillar.points if str(p.id) == form.point.data), None)
        try:
            comment = comments.post_comment(current_user, PILLAR, pillar.id, form.body.data, point)
        except comments.CommentError as error:
            form.body.errors = [*form.body.errors, str(error)]
        else:
            if comment.is_held:
                flash(
                    _("Bedankt. Je reactie wacht op controle door een moderator. Daarna kan iedereen hem lezen."),
                    "info",
                )
            else:
                flash(_("Bedankt, je reactie staat erbij."), "success")
            return redirect(url_for("public.pillar", slug=slug, _anchor=f"reactie-{comment.id}"))
    return render_pillar_page(pillar, pillars, comment_form=form)
