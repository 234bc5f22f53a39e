"""The discussion on a subject page (a pillar, an experience): the thread as the address asks for it
(order, group, page) and the forms around it, for templates/comments/_thread.html."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user
from flask_wtf import FlaskForm

from wijkstem.forms import EmptyForm
from wijkstem.forms.comments import ReplyForm, ReportForm, sort_options
from wijkstem.pagination import link_pages_at, page_number
from wijkstem.services.comments import comment_thread


def discussion_context(
    subject_type: str, subject_id: int, comment_form: FlaskForm, subject_url: str, form_action: str
) -> dict[str, Any]:
    thread = comment_thread(
        subject_type,
        subject_id,
        viewer=current_user,
        sort=request.args.get("sorteer", "nieuw"),
        perspective=request.args.get("perspectief") or None,
        page=page_number(),
    )
    link_pages_at(thread.page, subject_url, anchor="#reacties")
    return {
        "thread": thread,
        "comment_form": comment_form,
        "reply_form": ReplyForm(),
        "report_form": ReportForm(),
        "action_form": EmptyForm(),
        "subject_form_action": form_action,
        "subject_url": subject_url,
        "sort_options": sort_options(),
    }
