"""Jinja filters and globals shared by all templates."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal
from flask_login import current_user
from markupsafe import Markup, escape

from wijkstem.forms import LanguageForm
from wijkstem.perspectives import (
    PERSPECTIVE_HINTS,
    PERSPECTIVE_PLURALS,
    PERSPECTIVES,
    count_label,
    count_text,
    perspective_counts_text,
)
from wijkstem.services.content.glossary import explain
from wijkstem.services.content.pillar_explanations import plain_explanation
from wijkstem.services.discussion.comment_holding import LINK
from wijkstem.services.endorsements.referrals import with_share_code
from wijkstem.services.sharing.sharing import share_links
from wijkstem.urls import absolute_url


def init_app(app: Flask) -> None:
    app.jinja_env.filters["datum"] = lambda value: format_date(value, "d MMMM yyyy") if value else ""
    app.jinja_env.filters["datumtijd"] = lambda value: format_datetime(value, "d MMMM yyyy HH:mm") if value else ""
    # For <time datetime>: whole seconds in UTC; HTML allows at most three fractional digits.
    app.jinja_env.filters["machinetijd"] = lambda value: value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""
    app.jinja_env.filters["getal"] = lambda value: format_decimal(value or 0)
    app.jinja_env.filters["linkify"] = linkify
    app.jinja_env.globals.update(
        PERSPECTIVES=PERSPECTIVES,
        PERSPECTIVE_PLURALS=PERSPECTIVE_PLURALS,
        PERSPECTIVE_HINTS=PERSPECTIVE_HINTS,
        share_links_for=share_links,
        absolute_url=absolute_url,
        personal_url=personal_url,
        count_label=count_label,
        count_text=count_text,
        perspective_counts_text=perspective_counts_text,
        plain_explanation=plain_explanation,
        explain=explain,
        note_form_errors=note_form_errors,
        page_has_form_errors=page_has_form_errors,
    )
    app.context_processor(language_switch)
    app.context_processor(preview_image)

    @app.context_processor
    def page_context():
        if not has_request_context():  # mail rendered from the CLI
            return {"base_url": current_app.config["WIJKSTEM_BASE_URL"], "organisation": organisation()}
        return {
            "organisation": organisation(),
            "current_locale": session.get("locale") or "nl",
            "base_url": current_app.config["WIJKSTEM_BASE_URL"],
            "canonical_url": current_app.config["WIJKSTEM_BASE_URL"] + request.path,
            "user": current_user,
        }


def note_form_errors() -> str:
    """Called by the error summary macro: the page being rendered shows a form with errors."""
    if has_app_context():
        g.wijkstem_form_errors = True
    return ""


def page_has_form_errors() -> bool:
    """Whether the page rendered so far showed an error summary ("Fout: " goes before its title)."""
    return bool(has_app_context() and g.pop("wijkstem_form_errors", False))


def personal_url(url: str) -> str:
    """A share link with the logged-in person's code, so endorsements it brings in are credited."""
    return with_share_code(url, current_user if current_user.is_authenticated else None)


def language_switch() -> dict:
    if not has_request_context():
        return {}
    other = "en" if (session.get("locale") or "nl") == "nl" else "nl"
    label = "English" if other == "en" else "Nederlands"
    return {
        # formdata=None: never read the request body here; error pages (413, 400) render this too.
        "language_form": LanguageForm(formdata=None, locale=other, next=request.full_path.rstrip("?")),
        "language_label": label,
        "language_other": other,
    }


# The og:image of pages that have their own preview; every other page shows the site's.
PREVIEW_IMAGE_BY_ENDPOINT = {
    "pillars.pillar": ("sharing.pillar_image", "slug"),
    "experiences.show": ("sharing.experience_image", "experience_id"),
}


def preview_image() -> dict:
    if not has_request_context():
        return {}
    image_endpoint, key = PREVIEW_IMAGE_BY_ENDPOINT.get(request.endpoint or "", (None, None))
    if image_endpoint and request.view_args and key in request.view_args:
        return {"share_image_url": absolute_url(image_endpoint, **{key: request.view_args[key]})}
    return {"share_image_url": absolute_url("sharing.site_image")}


@dataclass(frozen=True)
class Organisation:
    name: str
    email: str
    url: str


def organisation() -> Organisation:
    """Who runs this site (config WIJKSTEM_ORGANISATION_*), for the footer, /over and the privacy page."""
    config = current_app.config
    return Organisation(
        name=config.get("WIJKSTEM_ORGANISATION_NAME", ""),
        email=config.get("WIJKSTEM_ORGANISATION_EMAIL", ""),
        url=config.get("WIJKSTEM_ORGANISATION_URL", ""),
    )


TRAILING = ".,;:!?)]}'\""


def linkify(text: str | None) -> Markup:
    """Plain text from users, escaped, with web addresses made into links people can follow
    (rel="nofollow ugc noopener") and line breaks kept. No user HTML ever survives."""
    text = text or ""
    parts: list[str] = []
    position = 0
    for match in LINK.finditer(text):
        url = match.group(0)
        while url and url[-1] in TRAILING and not (url[-1] == ")" and url.count("(") >= url.count(")")):
            url = url[:-1]
        if len(url) < 8:
            continue
        href = url if url.lower().startswith("http") else "https://" + url
        parts.append(escape(text[position : match.start()]))
        parts.append(Markup('<a href="{}" rel="nofollow ugc noopener">{}</a>').format(href, url))
        position = match.start() + len(url)
    parts.append(escape(text[position:]))
    return Markup("").join(parts).replace("\n", Markup("<br>\n"))
