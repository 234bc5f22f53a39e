from __future__ import annotations

from datetime import date

from flask import abort, current_app, make_response, redirect, render_template, request, session
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from wijkstem.blueprints.public import bp
from wijkstem.extensions import csrf, db
from wijkstem.forms import LanguageForm
from wijkstem.models import Pillar
from wijkstem.services.content.content import manifesto_texts, pillars_in_order, publication, success_factors
from wijkstem.services.council import milestones
from wijkstem.services.council.council_pdf import render_pdf
from wijkstem.services.endorsements.endorsements import pillar_counts
from wijkstem.services.insight.insight import RATE_MIN_COUNT
from wijkstem.services.sharing.qr_codes import qr_png_data_uri
from wijkstem.urls import absolute_url
from wijkstem.web.error_pages import RETRY_AFTER_SECONDS
from wijkstem.web.navigation import safe_next
from wijkstem.web.page_cache import cached_for_visitors
from wijkstem.web.redis_outage import redis_health


@bp.get("/")
@cached_for_visitors
def home():
    return render_template(
        "public/home.html", pillars=pillars_in_order(), texts=manifesto_texts(), counts=pillar_counts()
    )


@bp.get("/manifest")
def manifest():
    return render_template("public/manifest.html", pillars=pillars_in_order(), texts=manifesto_texts())


@bp.get("/over")
def about():
    return render_template(
        "public/about.html", texts=manifesto_texts(), factors=success_factors(), publication=publication()
    )


def manifest_print_context() -> dict:
    url = absolute_url("public.manifest")
    return {
        "pillars": pillars_in_order(),
        "texts": manifesto_texts(),
        "publication": publication(),
        "url": url,
        "qr_data_uri": qr_png_data_uri(url),
        "today": date.today(),
    }


@bp.get("/manifest/afdrukken")
def manifest_print():
    return render_template("public/manifest_print.html", **manifest_print_context())


@bp.get("/manifest.pdf")
def manifest_pdf():
    response = make_response(render_pdf(render_template("public/manifest_pdf.html", **manifest_print_context())))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = 'attachment; filename="manifest-wijkaanpak.pdf"'
    return response


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/hoe-we-tellen")
@cached_for_visitors
def counting():
    """What every figure on the site counts; each figure links here."""
    return render_template(
        "public/counting.html",
        milestones=[(n, milestones.promise(n)) for n in milestones.thresholds()],
        rate_min_count=RATE_MIN_COUNT,
        min_voters=current_app.config["COMMON_GROUND_MIN_VOTERS"],
    )


@bp.get("/toegankelijkheid")
def accessibility():
    return render_template("public/accessibility.html")


@bp.post("/taal")
@csrf.exempt  # no token, so readers carry no session cookie; cross-site posts are refused instead
def set_language():
    if not is_same_site_post():
        abort(400)
    form = LanguageForm()
    if form.validate_on_submit() and form.locale.data in current_app.config["LANGUAGES"]:
        session["locale"] = form.locale.data
    return redirect(safe_next(form.next.data))


def is_same_site_post() -> bool:
    """The browser says the form came from this site (Sec-Fetch-Site, else Origin); old browsers send neither."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        db.session.scalar(select(Pillar.id).limit(1))
    except SQLAlchemyError:
        db.session.rollback()
        # Load balancers and monitors read Retry-After as people do: back shortly, nothing is wrong for good.
        return {"status": "error", "database": "unreachable"}, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    # Without Redis the site still works (no shared cache, limits per worker): degraded, not down.
    redis = redis_health()
    if redis is None:
        return {"status": "ok", "database": "ok"}
    return {"status": "ok" if redis == "ok" else "degraded", "database": "ok", "redis": redis}
