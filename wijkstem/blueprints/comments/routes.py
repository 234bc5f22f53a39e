"""Every comment write, whatever its subject: a new comment, a reply, an edit, removing, 'waardevol'
and reporting. Each goes back to the subject's page (services.discussion.comments.subject_location)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wijkstem.blueprints.comments import bp
from wijkstem.extensions import db
from wijkstem.forms import EmptyForm
from wijkstem.forms.comments import EditCommentForm, ReplyForm, ReportForm, new_comment_form
from wijkstem.models import Comment, Experience, Point
from wijkstem.services.discussion import comments, reports
from wijkstem.services.experiences import writing_help
from wijkstem.subjects import Subject
from wijkstem.web.access import login_first
from wijkstem.web.limits import post_limit
from wijkstem.web.lookups import pillar_or_404
from wijkstem.web.page_forms import show_page_again


@dataclass
class CommentTarget:
    """What a new comment is about, with a pillar's points to choose from."""

    type: Subject
    id: int
    points: list[Point] | None = field(default=None)  # a pillar's points; None: no points to choose

    def location(self) -> tuple[str, dict]:
        return comments.subject_location(self.type, self.id)

    def url(self, **values) -> str:
        endpoint, location_values = self.location()
        return url_for(endpoint, **location_values, **values)


def _subject_or_404(slug: str | None = None, experience_id: int | None = None) -> CommentTarget:
    """What a new comment is about, from its address: a pillar, or an experience everyone can read."""
    if slug is not None:
        pillar = pillar_or_404(slug)
        return CommentTarget(Subject.PILLAR, pillar.id, list(pillar.points))
    experience = db.get_or_404(Experience, experience_id)
    if not experience.is_public:
        abort(404)
    return CommentTarget(Subject.EXPERIENCE, experience.id)


def _subject_page(**view_args) -> str:
    return _subject_or_404(**view_args).url()


def _comment_or_404(comment_id: int) -> Comment:
    comment = comments.find_comment(comment_id)
    if comment is None:
        abort(404)
    return comment


def _comment_page(comment_id: int) -> str:
    return _subject_url(_comment_or_404(comment_id))


def _subject_url(comment: Comment) -> str:
    endpoint, values = comments.subject_location(comment.subject_type, comment.subject_id)
    return url_for(endpoint, **values)


def _back(comment: Comment, anchor_id: int | None = None, **args):
    endpoint, values = comments.subject_location(comment.subject_type, comment.subject_id)
    return redirect(url_for(endpoint, **values, **args, _anchor=f"reactie-{anchor_id or comment.id}"))


def _render(template: str, comment: Comment, form, status: int = 200):
    return render_template(template, comment=comment, form=form, subject_url=_subject_url(comment)), status


def _thank_for(comment: Comment, is_reply: bool = False) -> None:
    if comment.is_held:
        flash(
            _("Bedankt. Je antwoord wacht op controle door een moderator. Daarna kan iedereen het lezen.")
            if is_reply
            else _("Bedankt. Je reactie wacht op controle door een moderator. Daarna kan iedereen hem lezen."),
            "info",
        )
    else:
        flash(_("Bedankt, je antwoord staat erbij.") if is_reply else _("Bedankt, je reactie staat erbij."), "success")


REVIEW_BUTTON = "bekijk_tekst"


def _is_review() -> bool:
    return REVIEW_BUTTON in request.form


def _is_not_review() -> bool:
    return not _is_review()


@bp.post("/manifest/<slug>/reacties")
@bp.post("/ervaringen/<int:experience_id>/reacties")
@post_limit("RATELIMIT_COMMENT", exempt_when=_is_review)
@post_limit("RATELIMIT_WRITING_HELP", "60 per minute", exempt_when=_is_not_review)
@login_first(_l("Log in om te reageren."), back_to=_subject_page)
def post_comment(slug: str | None = None, experience_id: int | None = None):
    subject = _subject_or_404(slug, experience_id)
    form = new_comment_form(subject.points)
    endpoint, values = subject.location()
    if _is_review():
        # "Bekijk je tekst": the page comes back with the text as typed and tips below it; nothing is stored.
        review = writing_help.review_text(form.body.data or "")
        return show_page_again(endpoint, values, comment_form=form, comment_review=review)
    if form.validate_on_submit():
        point = next((p for p in subject.points or [] if str(p.id) == form.point.data), None)
        try:
            comment = comments.post_comment(current_user, subject.type, subject.id, form.body.data, point)
        except comments.CommentError as error:
            form.body.errors = [*form.body.errors, str(error)]
        else:
            _thank_for(comment)
            return redirect(subject.url(_anchor=f"reactie-{comment.id}"))
    return show_page_again(endpoint, values, comment_form=form)


@bp.route("/reacties/<int:comment_id>/reageren", methods=["GET", "POST"])
@post_limit("RATELIMIT_COMMENT")
@login_first(_l("Log in om te reageren."), back_to=_comment_page)
def reply(comment_id: int):
    comment = _comment_or_404(comment_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            answer = comments.reply_to(current_user, comment, form.body.data)
        except comments.CommentError as error:
            form.body.errors = [*form.body.errors, str(error)]
        else:
            _thank_for(answer, is_reply=True)
            return _back(comment, answer.id)
    return _render("comments/reply.html", comment, form)


@bp.route("/reacties/<int:comment_id>/bewerken", methods=["GET", "POST"])
@post_limit("RATELIMIT_COMMENT")
@login_first(_l("Log in om je reactie aan te passen."), back_to=_comment_page)
def edit(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not comments.can_edit(comment, current_user):
        flash(_("Je kunt een reactie alleen in de eerste 15 minuten aanpassen."), "error")
        return _back(comment)
    form = EditCommentForm(data={"body": comment.body} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            comments.edit_comment(current_user, comment, form.body.data)
        except comments.CommentError as error:
            form.body.errors = [*form.body.errors, str(error)]
        else:
            flash(_("Je reactie is aangepast."), "success")
            return _back(comment)
    return _render("comments/edit.html", comment, form)


@bp.post("/reacties/<int:comment_id>/verwijderen")
@login_first(_l("Log in om je reactie te verwijderen."), back_to=_comment_page)
def delete(comment_id: int):
    comment = _comment_or_404(comment_id)
    if EmptyForm().validate_on_submit():
        try:
            comments.delete_comment(current_user, comment)
            flash(_("Je reactie is verwijderd."), "success")
        except comments.CommentError as error:
            flash(str(error), "error")
    return _back(comment)


@bp.post("/reacties/<int:comment_id>/waardevol")
@post_limit("RATELIMIT_COMMENT")
@login_first(_l("Log in om een reactie waardevol te vinden."), back_to=_comment_page)
def helpful(comment_id: int):
    comment = _comment_or_404(comment_id)
    if EmptyForm().validate_on_submit():
        try:
            marked = comments.toggle_helpful(current_user, comment)
            flash(
                _("Je vindt deze reactie waardevol.") if marked else _("Je vindt deze reactie niet meer waardevol."),
                "success",
            )
        except comments.CommentError as error:
            flash(str(error), "error")
    return _back(comment)


@bp.route("/reacties/<int:comment_id>/melden", methods=["GET", "POST"])
@post_limit("RATELIMIT_REPORT")
@login_first(_l("Log in om een reactie te melden."), back_to=_comment_page)
def report(comment_id: int):
    """The "Melden" link under a comment leads here; after sending, this page says thanks and links back."""
    comment = _comment_or_404(comment_id)
    if request.method == "GET" and reports.has_reported(current_user, Subject.COMMENT, comment.id):
        return render_template(
            "comments/report.html", comment=comment, form=None, reported=True, subject_url=_subject_url(comment)
        )
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.report_item(current_user, Subject.COMMENT, comment.id, form.reason.data, form.text.data)
        except reports.AlreadyReported as error:
            flash(str(error), "info")
            return redirect(url_for("comments.report", comment_id=comment.id))
        except reports.ReportError as error:
            form.reason.errors = [*form.reason.errors, str(error)]
        else:
            flash(_("Bedankt voor je melding. Een moderator kijkt ernaar."), "success")
            return redirect(url_for("comments.report", comment_id=comment.id))
    return _render("comments/report.html", comment, form)
