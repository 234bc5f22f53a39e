"""The pillar page; also rendered again (page_forms) when an endorsement or comment sent from it has mistakes."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from wijkstem.forms import EmptyForm, visitor_meta
from wijkstem.forms.comments import new_comment_form
from wijkstem.forms.endorsements import EndorseForm
from wijkstem.models import Pillar
from wijkstem.services.discussion.comments import comment_counts_by_point
from wijkstem.services.endorsements.endorsements import counts_for_pillar, endorsement_of, pending_endorsement_of
from wijkstem.services.experiences.experience_listing import latest_experiences_for_pillar
from wijkstem.services.organisations.organisation_listing import organisation_support
from wijkstem.services.statements.results import pillars_with_results, present
from wijkstem.subjects import Subject
from wijkstem.web.discussion import THREAD_FILLERS, discussion_context
from wijkstem.web.holes import Hole, is_shared_render, render_fragment, shared_with_members
from wijkstem.web.page_cache import cached_for_visitors
from wijkstem.web.page_forms import sent_or_new, shows_sent_forms

bp = Blueprint("pillars", __name__)


def endorse_context(pillar: Pillar) -> dict:
    """What templates/pillars/_endorse.html shows the person: their endorsement, or the form."""
    endorsement = pending = None
    if current_user.is_authenticated and not is_shared_render():
        endorsement = endorsement_of(current_user, pillar)
        if endorsement is None and not current_user.is_confirmed:
            pending = pending_endorsement_of(current_user, pillar)
    return {
        "endorsement": endorsement,
        "pending": pending,
        "endorse_form": sent_or_new("endorse_form", lambda: EndorseForm(meta=visitor_meta())),
    }


def fill_endorse(holes: list[Hole]) -> list[str]:
    """The endorse hole of the shared pillar page, for the person of this request. The stand-in's
    part (the form) fits everyone confirmed who has not endorsed yet."""
    parts = []
    for hole in holes:
        pillar_id, slug = hole.args
        # Not loaded: the endorsement queries read only its id, the template only its slug.
        pillar = Pillar(id=int(pillar_id), slug=slug)
        context = endorse_context(pillar)
        if context["endorsement"] is None and context["pending"] is None and current_user.is_confirmed:
            parts.append(hole.default)
        else:
            parts.append(render_fragment("pillars/_endorse.html", pillar=pillar, action_form=EmptyForm(), **context))
    return parts


@bp.get("/manifest/<slug>")
@shows_sent_forms(bp)
@cached_for_visitors
@shared_with_members(THREAD_FILLERS | {"endorse": fill_endorse})  # the thread's first: it may need the whole page
def pillar(slug: str):
    # The stored common ground comes with the pillars (the same queries): no statistics per request.
    pillars, results = pillars_with_results()
    current = next((p for p in pillars if p.slug == slug), None)
    if current is None:
        abort(404)
    point_counts = comment_counts_by_point(Subject.PILLAR, current.id)
    common_ground = present(results.get(current.id), current_app.config["COMMON_GROUND_MIN_VOTERS"])
    return render_template(
        "pillars/pillar.html",
        pillar=current,
        pillars=pillars,
        counts=counts_for_pillar(current.id),
        organisation_support=organisation_support(pillar=current),
        **endorse_context(current),
        point_counts=point_counts,
        comment_total=sum(point_counts.values()),
        latest_experiences=latest_experiences_for_pillar(current),
        common_ground=common_ground,
        **discussion_context(
            Subject.PILLAR,
            current.id,
            comment_form=sent_or_new("comment_form", lambda: new_comment_form(current.points)),
            subject_url=request.base_url,
            form_action=url_for("comments.post_comment", slug=current.slug),
            # Once every perspective has answered enough, the thread opens with what bridges them.
            default_sort="iedereen" if common_ground.enough else "nieuw",
        ),
    )


@bp.get("/manifest/<slug>/reacties")
def comments_anchor(slug: str):
    return redirect(url_for("pillars.pillar", slug=slug, _anchor="reacties"))
