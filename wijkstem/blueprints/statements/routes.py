"""One statement at a time with three buttons; each answer shows the next (POST, then redirect)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wijkstem.forms import visitor_meta
from wijkstem.forms.statements import ANSWERS, AnswerForm
from wijkstem.services import statements
from wijkstem.services.statements.round import answer_of, round_state, statement_item
from wijkstem.web.access import login_first
from wijkstem.web.limits import post_limit
from wijkstem.web.lookups import pillar_key_or_404, pillar_or_404
from wijkstem.web.page_cache import cached_for_visitors

bp = Blueprint("statements", __name__)

ANSWER_WORDS = {"agree": _l("Eens"), "disagree": _l("Oneens"), "pass": _l("Weet ik niet")}


def _round_page(slug: str) -> str:
    return url_for("statements.voting_round", slug=pillar_or_404(slug).slug)


@bp.get("/manifest/<slug>/stellingen")
@cached_for_visitors
def voting_round(slug: str):
    pillar = pillar_or_404(slug)
    viewer = current_user._get_current_object() if current_user.is_authenticated else None
    state = round_state(pillar, viewer)
    chosen = statements.StatementRef.parse(request.args.get("stelling"))
    item = statement_item(pillar, chosen, viewer) if chosen else None
    previous = statements.StatementRef.parse(request.args.get("vorige"))
    previous_answer = answer_of(viewer, previous) if previous and viewer else None
    current = item or state.item
    return render_template(
        "statements/round.html",
        pillar=pillar,
        state=state,
        item=current,
        changing=item is not None,
        current_answer=answer_of(viewer, current.ref) if viewer and current else None,
        previous=previous if previous_answer else None,
        previous_answer=ANSWER_WORDS.get(previous_answer or ""),
        forms={value: AnswerForm(meta=visitor_meta(), keuze=value) for value in ANSWERS},
        answer_words={
            "eens": ANSWER_WORDS["agree"],
            "oneens": ANSWER_WORDS["disagree"],
            "weet-niet": ANSWER_WORDS["pass"],
        },
        stored_answers=ANSWERS,
    )


@bp.post("/manifest/<slug>/stellingen")
@post_limit("RATELIMIT_VOTE")
@login_first(_l("Log in om over stellingen te stemmen."), back_to=_round_page)
def answer(slug: str):
    pillar = pillar_key_or_404(slug)  # its id and slug, without a query once this process knows them
    slug = pillar.slug
    form = AnswerForm()
    ref = statements.StatementRef.parse(form.stelling.data)
    if not form.validate_on_submit() or ref is None:
        messages = [m for errors in form.errors.values() for m in errors] or [_("Deze stelling bestaat niet meer.")]
        flash(" ".join(str(m) for m in messages), "error")
        return redirect(url_for("statements.voting_round", slug=pillar.slug))
    choice = ANSWERS[str(form.keuze.data)]
    try:
        statements.answer_statement(current_user, pillar, ref, choice)
    except statements.VoteError as error:
        flash(str(error), "error")
        return redirect(url_for("statements.voting_round", slug=slug))
    flash(_("Opgeslagen: %(answer)s.", answer=ANSWER_WORDS[choice]), "success")
    return redirect(url_for("statements.voting_round", slug=slug, vorige=str(ref)))
