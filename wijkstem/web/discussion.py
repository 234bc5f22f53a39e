"""The discussion on a subject page (a pillar, an experience): the thread as the address asks for it
(order, group, "more" cursor) and the forms around it, for templates/comments/_thread.html."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user
from flask_wtf import FlaskForm

from wijkstem.forms import EmptyForm, visitor_meta
from wijkstem.forms.comments import ReplyForm, sort_options
from wijkstem.pagination import link_keyset_pages, whole_number
from wijkstem.services.discussion.comments import comment_thread
from wijkstem.subjects import Subject
from wijkstem.web.page_forms import sent_or_new

THREAD_CURSOR = "na"


def thread_cursor() -> int | None:
    """?na=<comment id>: the "Meer reacties" page continues after that comment."""
    return whole_number(request.args.get(THREAD_CURSOR), 2**31 - 1)


def discussion_context(
    subject_type: str,
    subject_id: int,
    comment_form: FlaskForm,
    subject_url: str,
    form_action: str,
    default_sort: str = "nieuw",
) -> dict[str, Any]:
    """default_sort: the order without ?sorteer= (a pillar's thread with enough answers: "iedereen")."""
    # The user object itself, not the proxy: the thread asks it about every comment on the page.
    viewer = current_user._get_current_object() if current_user.is_authenticated else None
    thread = comment_thread(
        subject_type,
        subject_id,
        viewer=viewer,
        sort=request.args.get("sorteer", default_sort),
        perspective=request.args.get("perspectief") or None,
        after=thread_cursor(),
    )
    link_keyset_pages(thread.page, subject_url, THREAD_CURSOR, is_later=thread.after is not None, anchor="#reacties")
    return {
        "thread": thread,
        "comment_form": comment_form,
        # The writing help's tips after "Bekijk je tekst" (blueprints/comments: post_comment), else None.
        "comment_review": sent_or_new("comment_review", lambda: None),
        "reply_form": ReplyForm(meta=visitor_meta()),
        "action_form": EmptyForm(meta=visitor_meta()),
        "subject_form_action": form_action,
        "subject_url": subject_url,
        "sort_options": sort_options(with_bridging=subject_type == Subject.PILLAR),
    }
