"""Municipality pages for councils: local support, print version, PDF, poster and the index."""

from __future__ import annotations

import threading
from functools import partial

from flask import (
    abort,
    current_app,
    get_template_attribute,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup

from wijkstem.blueprints.municipalities import bp
from wijkstem.extensions import db
from wijkstem.forms import EmptyForm, visitor_meta
from wijkstem.models import Municipality, User
from wijkstem.pagination import link_pages, page_number
from wijkstem.services.council import council_pdf, summary_pdf
from wijkstem.services.council.council_overview import council_overview
from wijkstem.services.council.council_responses import KIND_LABELS, ROLE_LABELS, VOICE_LABELS, can_respond
from wijkstem.services.council.council_status import can_manage_council
from wijkstem.services.council.follows import is_following_municipality
from wijkstem.services.council.summary_pdf import pdf_html, print_context
from wijkstem.services.experiences.experience_listing import latest_experiences_for_municipality
from wijkstem.services.insight.municipalities import (
    local_people,
    local_support,
    most_participation,
    municipality_by_code,
    municipality_by_slug,
    named_locals_page,
)
from wijkstem.services.insight.municipality_search import a_to_z, search_municipalities
from wijkstem.services.organisations.organisation_listing import organisation_support
from wijkstem.services.sharing.sharing import council_message, mailto
from wijkstem.urls import absolute_url, offline_request
from wijkstem.web.fragments import kept_fragment
from wijkstem.web.holes import Hole, WholePageNeeded, is_shared_render, shared_with_members
from wijkstem.web.limits import account_or_ip
from wijkstem.web.page_cache import cached_for_visitors


def municipality_or_404(slug: str) -> Municipality:
    municipality = municipality_by_slug(slug)
    if municipality is None:
        abort(404)
    return municipality


def a_to_z_index(municipalities: list[Municipality]) -> Markup:
    """The drawn A-Z index, kept per process until a municipality's name, address or province changes."""
    version = tuple((m.id, m.name, m.slug, m.province) for m in municipalities)
    return kept_fragment(
        ("a-to-z", version), lambda: render_template("municipalities/_a_to_z.html", letters=a_to_z(municipalities))
    )


@bp.get("/gemeenten")
@cached_for_visitors
@shared_with_members({})  # nothing on it depends on the person but the header
def index():
    query = request.args.get("q", "").strip()
    result = search_municipalities(query)
    return render_template(
        "municipalities/index.html",
        query=query,
        municipalities=result.municipalities,
        suggestions=result.suggestions,
        a_to_z=None if query else a_to_z_index(result.municipalities),
        top=[] if query else most_participation(10),
    )


def fill_council_staff(holes: list[Hole]) -> list[str]:
    """The shared page is the one for someone who may not manage, answer or edit for this council;
    the griffie, councillors and moderators get the page rendered for them."""
    for hole in holes:
        municipality = db.session.get(Municipality, int(hole.args[0]))
        person = current_user._get_current_object()
        if municipality is None or can_manage_council(person, municipality) or can_respond(person, municipality):
            raise WholePageNeeded
    return [""] * len(holes)


def fill_council_follow(holes: list[Hole]) -> list[str]:
    """The stand-in's "Houd me op de hoogte" form fits everyone who does not follow this municipality yet."""
    parts = []
    for hole in holes:
        municipality = db.session.get(Municipality, int(hole.args[0]))
        if municipality is None or not is_following_municipality(current_user, municipality):
            parts.append(hole.default)
            continue
        follow_form = get_template_attribute("council/_council.html", "follow_form")
        parts.append(str(follow_form(True, municipality, EmptyForm())))
    return parts


@bp.get("/gemeente/<slug>")
@cached_for_visitors
@shared_with_members({"council-staff": fill_council_staff, "council-follow": fill_council_follow})  # staff first
def show(slug: str):
    municipality = municipality_by_slug(slug)
    if municipality is None:
        by_code = municipality_by_code(slug)
        if by_code is None:
            abort(404)
        return redirect(url_for("municipalities.show", slug=by_code.slug), code=301)
    support = local_support(municipality)
    url = absolute_url("municipalities.show", slug=municipality.slug)
    # The prepared mail to the council only once there is support to report.
    subject, body = council_message(municipality.name, url, support.people.total) if support.people.total else ("", "")
    return render_template(
        "municipalities/show.html",
        support=support,
        municipality=municipality,
        url=url,
        council_subject=subject,
        council_body=body,
        council_mailto=mailto(subject, body, municipality.griffie_email or "") if support.people.total else None,
        share_image_url=absolute_url("sharing.municipality_image", slug=municipality.slug),
        latest_experiences=latest_experiences_for_municipality(municipality),
        organisation_support=organisation_support(municipality=municipality),
        # The shared page for logged-in people is rendered for nobody in particular (its holes: council-*).
        council=council_overview(
            municipality, support.summary.local_total.as_dict(), None if is_shared_render() else current_user
        ),
        kind_labels=KIND_LABELS,
        role_labels=ROLE_LABELS,
        voice_labels=VOICE_LABELS,
        action_form=EmptyForm(meta=visitor_meta()),  # a visitor's page makes no CSRF token: cacheable
    )


@bp.get("/gemeente/<slug>/politici-en-beroepskrachten")
@cached_for_visitors
def named(slug: str):
    municipality = municipality_or_404(slug)
    page = named_locals_page(municipality, page_number())
    return render_template(
        "municipalities/named.html",
        municipality=municipality,
        page=link_pages(page, "municipalities.named", slug=municipality.slug),
    )


def _sender_asked() -> User | None:
    """The logged-in person, when they ticked "zet mijn naam erop" (?afzender=ik)."""
    return current_user if current_user.is_authenticated and request.args.get("afzender") == "ik" else None


@bp.get("/gemeente/<slug>/afdrukken")
def printable(slug: str):
    municipality = municipality_or_404(slug)
    sender = _sender_asked()
    return render_template(
        "municipalities/print.html",
        **print_context(municipality, sender=sender.display_name if sender else None),
        named=sender is not None,
    )


@bp.get("/gemeente/<slug>/samenvatting.pdf")
def pdf(slug: str):
    municipality = municipality_or_404(slug)
    locale = str(session.get("locale") or "nl")
    locale = locale if locale in current_app.config["LANGUAGES"] else "nl"
    sender = _sender_asked()
    # A dossier with a person's name is drawn and kept apart, for that person only.
    name = council_pdf.dossier_name(municipality.slug, locale, sender.id if sender else None)
    found = council_pdf.summary_pdf(
        name,
        partial(pdf_html, municipality, sender=sender.display_name if sender else None),
        partial(start_pdf_render, municipality.slug, locale, sender.id if sender else None),
        fresh=current_user.is_authenticated,
        visitor=account_or_ip(),
    )
    if found is None:  # the render takes longer than a request may wait: come back shortly
        retry = council_pdf.RETRY_AFTER_SECONDS
        page = render_template("council/pdf_pending.html", municipality=municipality)
        return page, 503, {"Retry-After": str(retry), "Cache-Control": "no-store"}
    response = make_response(found.path.read_bytes())
    response.mimetype = "application/pdf"
    response.set_etag(found.digest)
    response.headers["Content-Disposition"] = f'attachment; filename="wijkstem-{municipality.slug}.pdf"'
    return response.make_conditional(request)


def start_pdf_render(slug: str, locale: str, sender_id: int | None, ticket: council_pdf.RenderTicket) -> None:
    """One render of the council PDF away from this request, holding the ticket's locks until it ends:
    a process of its own (production) or a thread (tests, PDF_RENDER_IN=thread)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app, not the proxy
    if app.config.get("PDF_RENDER_IN") == "thread":

        def render_then_let_go() -> None:
            try:
                with offline_request(app, locale):
                    summary_pdf.render_summary_pdf(slug, locale, sender_id, locked=True)
            finally:
                ticket.close()

        threading.Thread(target=render_then_let_go, daemon=True).start()
        return
    cache_dir = str(council_pdf.cache_root().resolve())
    argv = ["wijkstem", "render-pdf", slug, "--locale", locale, "--cache-dir", cache_dir, "--locked"]
    council_pdf.launch_process(argv + (["--sender-id", str(sender_id)] if sender_id else []), ticket)


@bp.get("/gemeente/<slug>/poster")
def poster(slug: str):
    municipality = municipality_or_404(slug)
    return render_template(
        "sharing/poster.html",
        heading=municipality.name,
        url=absolute_url("municipalities.show", slug=municipality.slug),
        total=local_people(municipality.id).total,
        municipality=municipality,
    )
