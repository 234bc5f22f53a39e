"""The experience page with its discussion (written through the comments blueprint), and reporting an experience."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wijkstem.blueprints.experiences import bp
from wijkstem.extensions import db
from wijkstem.forms import EmptyForm
from wijkstem.forms.comments import ReportExperienceForm, new_comment_form
from wijkstem.models import Experience
from wijkstem.services.discussion import reports
from wijkstem.services.experiences import experience_listing as listing
from wijkstem.services.experiences import experiences
from wijkstem.subjects import Subject
from wijkstem.web.access import login_first
from wijkstem.web.discussion import discussion_context
from wijkstem.web.limits import post_limit
from wijkstem.web.page_forms import sent_or_new


def _page_url(experience: Experience, **values) -> str:
    return url_for("experiences.show", experience_id=experience.id, slug=experience.slug, **values)


def render_experience(experience: Experience):
    """The page of one experience; a comment with mistakes (page_forms) is shown again as it was typed."""
    context = {}
    if experience.is_public:
        context = {
            **discussion_context(
                Subject.EXPERIENCE,
                experience.id,
                comment_form=sent_or_new("comment_form", new_comment_form),
                subject_url=_page_url(experience),
                form_action=url_for("comments.post_comment", experience_id=experience.id),
            ),
            "comment_total": listing.comment_counts([experience]).get(experience.id, 0),
            "report_experience_form": ReportExperienceForm(),
            "may_report": current_user.is_authenticated and experience.author_id != current_user.id,
            "has_reported": current_user.is_authenticated
            and reports.has_reported(current_user, Subject.EXPERIENCE, experience.id),
        }
    return render_template(
        "experiences/show.html",
        experience=experience,
        author_line=listing.author_line(experience),
        kind_label=listing.KIND_LABELS.get(experience.kind),
        has_recognised=experiences.has_recognised(current_user, experience),
        can_edit=experiences.can_edit(current_user, experience),
        form=EmptyForm(),
        **context,
    )


def _public_or_404(experience_id: int) -> Experience:
    experience = db.get_or_404(Experience, experience_id)
    if not experience.is_public:
        abort(404)
    return experience


def _experience_page(experience_id: int) -> str:
    return _page_url(_public_or_404(experience_id))


@bp.route("/ervaringen/<int:experience_id>/melden", methods=["GET", "POST"])
@post_limit("RATELIMIT_REPORT")
@login_first(_l("Log in om een ervaring te melden."), back_to=_experience_page)
def report(experience_id: int):
    experience = _public_or_404(experience_id)
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
