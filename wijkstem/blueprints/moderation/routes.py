from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wijkstem.blueprints.moderation import bp
from wijkstem.blueprints.moderation.forms import BulkDecisionForm, DecisionForm
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.forms.moderation import BlockForm, UnblockForm
from wijkstem.models import User
from wijkstem.services.moderation import moderation_queue as mq
from wijkstem.services.moderation.audit import action_label, decisions_about
from wijkstem.services.moderation.user_admin import UserAdminError, block_user, unblock_user
from wijkstem.web.access import moderator_required
from wijkstem.web.limits import post_limit
from wijkstem.web.navigation import safe_next

QUEUE_PAGE_SIZE = 50
DONE = {
    mq.APPROVE: _l("Goedgekeurd."),
    mq.REJECT: _l("Afgewezen. De schrijver krijgt een mail met de reden."),
    mq.HIDE: _l("Verborgen. De schrijver krijgt een mail met de reden."),
    mq.RESTORE: _l("Teruggezet."),
}


def _queue_or_404(name: str) -> mq.QueueProvider:
    provider = mq.queue(name)
    if provider is None:
        abort(404)
    return provider


@bp.get("")
@moderator_required
def overview():
    return render_template("moderation/overview.html", counts=mq.queue_counts())


@bp.get("/<name>")
@moderator_required
def queue(name: str):
    provider = _queue_or_404(name)
    items = provider.pending(QUEUE_PAGE_SIZE)
    authors = {item.author.id for item in items if item.author is not None}
    return render_template(
        "moderation/queue.html",
        provider=provider,
        items=items,
        total=provider.count(),
        decisions=decisions_about(sorted(authors)),
        action_label=action_label,
        decision_form=DecisionForm(),
        bulk_form=BulkDecisionForm(),
        block_form=BlockForm(),
        unblock_form=UnblockForm(),
        reasons=provider.reasons,
        block_reasons=mq.STANDARD_REASONS,
        labels=mq.ACTION_LABELS,
        now=utcnow(),
        other_moderators=mq.other_moderators(current_user),
    )


def _flash_form_errors(form) -> None:
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}: {error}" if field.label.text else str(error), "error")


@bp.post("/<name>/<int:item_id>/besluit")
@moderator_required
@post_limit("RATELIMIT_MODERATION")
def decide(name: str, item_id: int):
    provider = _queue_or_404(name)
    form = DecisionForm()
    if not form.validate_on_submit():
        _flash_form_errors(form)
    else:
        try:
            mq.decide(provider, current_user, form.action.data or "", item_id, form.reason())
        except mq.ModerationError as error:
            flash(str(error), "error")
        else:
            flash(str(DONE[form.action.data or ""]), "success")
    return redirect(url_for("moderation.queue", name=name))


@bp.post("/<name>/selectie")
@moderator_required
@post_limit("RATELIMIT_MODERATION")
def decide_selected(name: str):
    provider = _queue_or_404(name)
    form = BulkDecisionForm()
    if not form.validate_on_submit() or form.action.data not in (mq.APPROVE, mq.REJECT):
        flash(_("Kies goedkeuren of afwijzen."), "error")
    elif not form.ids.data:
        flash(_("Kies eerst een of meer items."), "error")
    else:
        try:
            done, skipped = mq.decide_many(provider, current_user, form.action.data, form.ids.data, form.reason())
        except mq.ModerationError as error:
            flash(str(error), "error")
        else:
            if done:
                flash(
                    ngettext(
                        "%(count)s item afgehandeld.", "%(count)s items afgehandeld.", done, count=format_decimal(done)
                    ),
                    "success",
                )
            for message in skipped:
                flash(message, "warning")
    return redirect(url_for("moderation.queue", name=name))


@bp.post("/gebruikers/<int:user_id>/blokkeren")
@moderator_required
@post_limit("RATELIMIT_MODERATION")
def block(user_id: int):
    person = db.get_or_404(User, user_id)
    form = BlockForm()
    if form.validate_on_submit():
        try:
            block_user(current_user, person, form.reason(), bool(form.hide_content.data))
        except UserAdminError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s is geblokkeerd.", name=person.display_name), "success")
    else:
        _flash_form_errors(form)
    return redirect(safe_next(form.next.data, "moderation.overview"))


@bp.post("/gebruikers/<int:user_id>/deblokkeren")
@moderator_required
@post_limit("RATELIMIT_MODERATION")
def unblock(user_id: int):
    person = db.get_or_404(User, user_id)
    form = UnblockForm()
    if form.validate_on_submit():
        try:
            unblock_user(current_user, person)
        except UserAdminError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s is niet meer geblokkeerd.", name=person.display_name), "success")
    return redirect(safe_next(form.next.data, "moderation.overview"))
