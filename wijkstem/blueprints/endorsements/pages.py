"""The pillar page with everything people do on it; also rendered again when a form has errors."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from wijkstem.blueprints.comments.forms import CommentForm, ReplyForm, ReportForm
from wijkstem.blueprints.endorsements.forms import EndorseForm
from wijkstem.forms import EmptyForm
from wijkstem.models import Pillar
from wijkstem.models.comments import PILLAR
from wijkstem.services.comments import comment_counts_by_point, comment_thread
from wijkstem.services.endorsements import counts_for_pillar, endorsement_of, pending_endorsement_of
from wijkstem.services.experience_listing import latest_experiences_for_pillar


def point_choices(pillar: Pillar) -> list[tuple[str, str]]:
    return [("", _("De hele pijler"))] + [
        (str(point.id), _("Punt %(n)s: %(text)s", n=point.position, text=point.text[:80])) for point in pillar.points
    ]


def page_number() -> int:
    value = request.args.get("pagina", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


def thread_cursor() -> int | None:
    """?na=<comment id>: the "Meer reacties" page continues after that comment."""
    value = request.args.get("na", "")
    return int(value) if value.isdigit() and 0 < int(value) < 2**31 else None


def thread_for(subject_type: str, subject_id: int):
    return comment_thread(
        subject_type,
        subject_id,
        viewer=current_user,
        sort=request.args.get("sorteer", "nieuw"),
        perspective=request.args.get("perspectief") or None,
        after=thread_cursor(),
    )


def render_pillar_page(pillar: Pillar, pillars: list[Pillar], endorse_form=None, comment_form=None, status=200):
    endorsement = pending = None
    if current_user.is_authenticated:
        endorsement = endorsement_of(current_user, pillar)
        if endorsement is None and not current_user.is_confirmed:
            pending = pending_endorsement_of(current_user, pillar)
    # A visitor can only log in from here: their forms make no CSRF token, so no session cookie
    # and the page is the same for every visitor (it may be cached, see page_cache.py).
    meta = {} if current_user.is_authenticated else {"csrf": False}
    if comment_form is None:
        comment_form = CommentForm(meta=meta)
    comment_form.point.choices = point_choices(pillar)
    point_counts = comment_counts_by_point(PILLAR, pillar.id)
    html = render_template(
        "endorsements/pillar.html",
        pillar=pillar,
        pillars=pillars,
        counts=counts_for_pillar(pillar.id),
        endorsement=endorsement,
        pending=pending,
        endorse_form=endorse_form or EndorseForm(meta=meta),
        comment_form=comment_form,
        reply_form=ReplyForm(meta=meta),
        report_form=ReportForm(meta=meta),
        action_form=EmptyForm(meta=meta),
        point_counts=point_counts,
        comment_total=sum(point_counts.values()),
        thread=thread_for(PILLAR, pillar.id),
        latest_experiences=latest_experiences_for_pillar(pillar),
        subject_url=request.base_url,
    )
    return html, status
