"""The experience page with its discussion: comments and reports, built on the comment component."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkstem.blueprints.comments.forms import ReplyForm, ReportExperienceForm, ReportForm, SubjectCommentForm
from wijkstem.blueprints.endorsements.pages import thread_for
from wijkstem.blueprints.experiences import bp
from wijkstem.extensions import db, limiter
from wijkstem.forms import EmptyForm
from wijkstem.models import Experience
from wijkstem.services import comments, experiences, reports
from wijkstem.services import experience_listing as listing
from wijkstem.subjects import Subject


def _limit(name: str):
    return limiter.limit(lambda: current_app.config.get(name, "30 per minute"), methods=["POST"])


def _page_url(experience: Experience, **values) -> str:
    return url_for("experiences.show", experience_id=experience.id, slug=experience.slug, **values)


def render_experience(experience: Experience, comment_form=None, report_form=None, status: int = 200):
    """The page of one experience; a form with mistakes is shown again with what the person typed."""
    context = {}
    if experience.is_public:
        context = {
            "thread": thread_for(Subject.EXPERIENCE, experience.id),
            "comment_total": listing.comment_counts([experience]).get(experience.id, 0),
            "comment_form": comment_form or SubjectCommentForm(),
            "reply_form": ReplyForm(),
            "report_form": ReportForm(),
            "report_experience_form": report_form or ReportExperienceForm(),
            "action_form": EmptyForm(),
            "subject_form_action": url_for("experiences.post_comment", experience_id=experience.id),
            "subject_url": _page_url(experience),
            "has_reported": current_user.is_authenticated
            and reports.has_reported(current_user, Subject.EXPERIENCE, experience.id),
        }
    html = render_template(
        "experiences/show.html",
        experience=experience,
        author_line=listing.author_line(experience),
        kind_label=listing.KIND_LABELS.get(experience.kind),
        has_recognised=experiences.has_recognised(current_user, experience),
        can_edit=experiences.can_edit(current_user, experience),
        form=EmptyForm(),
        **context,
    )
    return html, status


def _public_or_404(experience_id: int) -> Experience:
    experience = db.get_or_404(Experience, experience_id)
    if not experience.is_public:
        abort(404)
    return experience


def _login_first(experience: Experience, message: str):
    flash(message, "info")
    return redirect(url_for("accounts.login", next=_page_url(experience)))


@bp.post("/ervaringen/<int:experience_id>/reacties")
@_limit("RATELIMIT_COMMENT")
def post_comment(experience_id: int):
    experience = _public_or_404(experience_id)
    if not current_user.is_authenticated:
        return _login_first(experience, _("Log in om te reageren."))
    form = SubjectCommentForm()
    if form.validate_on_submit():
        try:
            comment = comments.post_comment(current_user, Subject.EXPERIENCE, experience.id, form.body.data)
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
            return redirect(_page_url(experience, _anchor=f"reactie-{comment.id}"))
    return render_experience(experience, comment_form=form)


@bp.route("/ervaringen/<int:experience_id>/melden", methods=["GET", "POST"])
@_limit("RATELIMIT_REPORT")
def report(experience_id: int):
    experience = _public_or_404(experience_id)
    if not current_user.is_authenticated:
        return _login_first(experience, _("Log in om een ervaring te melden."))
    form = ReportExperienceForm()
    if form.validate_on_submit():
        try:
            reports.report_item(current_user, Subject.EXPERIENCE, experience.id, form.reason.data, form.text.data)
        except reports.AlreadyReported as error:
            flash(str(error), "info")
            return redirect(_page_url(experience))
        except reports.ReportError as error:
            form.reason.errors = [*form.reason.errors, str(error)]
        else:
            flash(_("Bedankt voor je melding. Een moderator kijkt ernaar."), "success")
            return redirect(_page_url(experience))
    return render_template("experiences/report.html", experience=experience, form=form)
