from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkstem.blueprints.admin import bp
from wijkstem.blueprints.admin.forms import ROLE_LABELS, AuditFilterForm, RoleForm, TextForm, UserSearchForm
from wijkstem.extensions import db
from wijkstem.forms.moderation import BlockForm, UnblockForm
from wijkstem.models import User
from wijkstem.pagination import PAGE_ARG, link_pages, page_number
from wijkstem.services.content import content_editing
from wijkstem.services.moderation import audit, user_admin
from wijkstem.services.moderation.audit_sentences import log_lines
from wijkstem.services.moderation.moderation_queue import STANDARD_REASONS
from wijkstem.web.access import admin_required
from wijkstem.web.limits import post_limit


@bp.get("")
@admin_required
def index():
    return render_template("admin/index.html")


def _audit_filter() -> tuple[AuditFilterForm, audit.AuditFilter]:
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("Alle acties"))] + [(a, audit.action_label(a)) for a in audit.known_actions()]
    form.validate()
    criteria = audit.AuditFilter(
        action=form.action.data or "",
        actor=form.actor.data or "",
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
    )
    return form, criteria


@bp.get("/logboek")
@admin_required
def audit_log():
    form, criteria = _audit_filter()
    query = {k: v for k, v in request.args.items() if k != PAGE_ARG}
    page = link_pages(audit.audit_page(criteria, page_number()), "admin.audit_log", args=query)
    return render_template(
        "admin/audit_log.html",
        form=form,
        entries=log_lines(page.items),
        page=page,
        query=query,
        action_label=audit.action_label,
    )


@bp.get("/logboek.csv")
@admin_required
def audit_log_csv():
    _form, criteria = _audit_filter()
    return Response(
        audit.audit_csv(criteria),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="wijkstem-logboek.csv"'},
    )


@bp.get("/gebruikers")
@admin_required
def users():
    form = UserSearchForm(request.args)
    page = user_admin.search_users(form.q.data or "", page_number())
    link_pages(page, "admin.users", args={"q": form.q.data} if form.q.data else {})
    return render_template("admin/users.html", form=form, people=page.items, page=page, role_labels=ROLE_LABELS)


@bp.get("/gebruikers/<int:user_id>")
@admin_required
def user_detail(user_id: int):
    person = db.get_or_404(User, user_id)
    return render_template(
        "admin/user.html",
        person=person,
        role_form=RoleForm(role=person.role),
        block_form=BlockForm(),
        unblock_form=UnblockForm(),
        reasons=STANDARD_REASONS,
        decisions=audit.decisions_about([person.id], limit=50)[person.id],
        action_label=audit.action_label,
        role_labels=ROLE_LABELS,
    )


@bp.post("/gebruikers/<int:user_id>/rol")
@admin_required
@post_limit("RATELIMIT_ADMIN")
def change_role(user_id: int):
    person = db.get_or_404(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            user_admin.change_role(current_user, person, form.role.data)
        except user_admin.UserAdminError as error:
            flash(str(error), "error")
        else:
            flash(
                _("De rol van %(name)s is nu: %(role)s.", name=person.display_name, role=ROLE_LABELS[person.role]),
                "success",
            )
    else:
        flash(_("Kies een rol uit de lijst."), "error")
    return redirect(url_for("admin.user_detail", user_id=person.id))


@bp.get("/teksten")
@admin_required
def texts():
    return render_template("admin/texts.html", texts=content_editing.editable_texts())


@bp.route("/teksten/<key>", methods=["GET", "POST"])
@admin_required
@post_limit("RATELIMIT_ADMIN")
def edit_text(key: str):
    try:
        current = content_editing.find_text(key)
    except content_editing.UnknownText:
        abort(404)
    form = TextForm(text=current.text) if request.method == "GET" else TextForm()
    if form.validate_on_submit():
        try:
            changed = content_editing.edit_text(current_user, key, form.text.data or "")
        except content_editing.EmptyText as error:
            form.text.errors = [str(error)]
        else:
            flash(_("De tekst is opgeslagen.") if changed else _("Er was niets veranderd."), "success")
            return redirect(url_for("admin.edit_text", key=key))
    return render_template("admin/text.html", form=form, current=current, revisions=content_editing.revisions_of(key))
