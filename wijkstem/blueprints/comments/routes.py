"""Actions on an existing comment, whatever its subject; each goes back to the subject's page."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkstem.blueprints.comments import bp
from wijkstem.blueprints.comments.forms import EditCommentForm, ReplyForm, ReportForm
from wijkstem.extensions import limiter
from wijkstem.forms import EmptyForm
from wijkstem.models import Comment
from wijkstem.services import comments, reports


def _limit(name: str):
    return limiter.limit(lambda: current_app.config.get(name, "30 per minute"), methods=["POST"])


def _comment_or_404(comment_id: int) -> Comment:
    comment = comments.find_comment(comment_id)
    if comment is None:
        abort(404)
    return comment


def _back(comment: Comment, anchor_id: int | None = None, **args):
    endpoint, values = comments.subject_location(comment.subject_type, comment.subject_id)
    return redirect(url_for(endpoint, **values, **args, _anchor=f"reactie-{anchor_id or comment.id}"))


def _subject_url(comment: Comment) -> str:
    endpoint, values = comments.subject_location(comment.subject_type, comment.subject_id)
    return url_for(endpoint, **values)


def _login_first(comment: Comment, message: str):
    flash(message, "info")
    return redirect(url_for("accounts.login", next=_subject_url(comment)))


def _render(template: str, comment: Comment, form, status: int = 200):
    return render_template(template, comment=comment, form=form, subject_url=_subject_url(comment)), status


@bp.route("/<int:comment_id>/reageren", methods=["GET", "POST"])
@_limit("RATELIMIT_COMMENT")
def reply(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not current_user.is_authenticated:
        return _login_first(comment, _("Log in om te reageren."))
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            answer = comments.reply_to(current_user, comment, form.body.data)
        except comments.CommentError as error:
            form.body.errors = [*form.body.errors, str(error)]
        else:
            if answer.is_held:
                flash(
                    _("Bedankt. Je antwoord wacht op controle door een moderator. Daarna kan iedereen het lezen."),
                    "info",
                )
            else:
                flash(_("Bedankt, je antwoord staat erbij."), "success")
            return _back(comment, answer.id)
    return _render("comments/reply.html", comment, form)


@bp.route("/<int:comment_id>/bewerken", methods=["GET", "POST"])
@_limit("RATELIMIT_COMMENT")
def edit(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not current_user.is_authenticated:
        return _login_first(comment, _("Log in om je reactie aan te passen."))
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


@bp.post("/<int:comment_id>/verwijderen")
def delete(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not current_user.is_authenticated:
        return _login_first(comment, _("Log in om je reactie te verwijderen."))
    if EmptyForm().validate_on_submit():
        try:
            comments.delete_comment(current_user, comment)
            flash(_("Je reactie is verwijderd."), "success")
        except comments.CommentError as error:
            flash(str(error), "error")
    return _back(comment)


@bp.post("/<int:comment_id>/waardevol")
@_limit("RATELIMIT_COMMENT")
def helpful(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not current_user.is_authenticated:
        return _login_first(comment, _("Log in om een reactie waardevol te vinden."))
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


@bp.route("/<int:comment_id>/melden", methods=["GET", "POST"])
@_limit("RATELIMIT_REPORT")
def report(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not current_user.is_authenticated:
        return _login_first(comment, _("Log in om een reactie te melden."))
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.report_item(current_user, comments.COMMENT, comment.id, form.reason.data, form.text.data)
        except reports.AlreadyReported as error:
            flash(str(error), "info")
            return _back(comment)
        except reports.ReportError as error:
            form.reason.errors = [*form.reason.errors, str(error)]
        else:
            flash(_("Bedankt voor je melding. Een moderator kijkt ernaar."), "success")
            # The page opens at the comment, far below the flash: it shows the thanks there too.
            return _back(comment, gemeld=comment.id)
    return _render("comments/report.html", comment, form)
