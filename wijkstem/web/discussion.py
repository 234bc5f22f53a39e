"""The discussion on a subject page (a pillar, an experience): the thread as the address asks for it
(order, group, "more" cursor) and the forms around it, for templates/comments/_thread.html."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import get_template_attribute, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from wijkstem.forms import EmptyForm, visitor_meta
from wijkstem.forms.comments import ReplyForm, sort_options
from wijkstem.pagination import link_keyset_pages, whole_number
from wijkstem.services.discussion.comments import (
    can_delete,
    can_edit,
    comment_thread,
    has_held_comments,
    helpful_among,
    own_comments_among,
)
from wijkstem.subjects import Subject
from wijkstem.web.holes import Filler, Hole, WholePageNeeded, render_fragment
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
        "thread_subject": (subject_type, subject_id),
    }


# The holes of templates/comments/_thread.html, for a page served with holes.shared_with_members.


def _no_held_comments(holes: list[Hole]) -> list[str]:
    for subject_type, subject_id in (hole.args for hole in holes):
        if has_held_comments(current_user, subject_type, int(subject_id)):
            raise WholePageNeeded
    return [""] * len(holes)


def _comment_actions(holes: list[Hole]) -> list[str]:
    """Others' comments keep the shared buttons (pressed where the reader marked them); the reader's
    own get their edit and delete links. One query for the marks, one more only for own comments."""
    me = current_user._get_current_object()
    mine = [int(hole.args[0]) for hole in holes if hole.args[1] == str(me.id)]
    marked = helpful_among(me, [int(hole.args[0]) for hole in holes if hole.args[1] != str(me.id)])
    own = {comment.id: _own_actions(comment, me) for comment in own_comments_among(me, mine)}
    pressed = ('aria-pressed="false"', 'aria-pressed="true"')
    return [
        own.get(int(hole.args[0]), hole.default)
        if int(hole.args[0]) in own or int(hole.args[0]) not in marked
        else hole.default.replace(*pressed, 1)
        for hole in holes
    ]


def _own_actions(comment, me) -> str:
    thread = SimpleNamespace(
        editable_ids={comment.id} if can_edit(comment, me) else set(),
        deletable_ids={comment.id} if can_delete(comment, me) else set(),
        markable_ids=set(),
        reportable_ids=set(),
        helpful_ids=set(),
    )
    csrf_field = getattr(EmptyForm(), "csrf_token", None)  # none when CSRF is switched off (tests)
    kit = {"csrf_token": csrf_field() if csrf_field else "", "say": {"helpful": _("Waardevol"), "report": _("Melden")}}
    return str(get_template_attribute("comments/_macros.html", "comment_actions")(comment, thread, kit))


def _unconfirmed_note(holes: list[Hole]) -> list[str]:
    note = "" if current_user.is_confirmed else render_fragment("comments/_unconfirmed_note.html")
    return [note] * len(holes)


THREAD_FILLERS: dict[str, Filler] = {
    "own-held": _no_held_comments,  # first: the whole page may be needed
    "comment-actions": _comment_actions,
    "unconfirmed-note": _unconfirmed_note,
}
