"""The council summary of one municipality, printable and as a PDF: what it shows, and one render of
the PDF (started by `flask wijkstem render-pdf` or by the PDF page's render thread)."""

from __future__ import annotations

from datetime import date
from functools import partial

from flask import render_template

from wijkstem.extensions import db
from wijkstem.models import Municipality, User
from wijkstem.services.council import council_pdf
from wijkstem.services.council.council_dossier import dossier_common_ground, experience_excerpts, local_voices
from wijkstem.services.council.council_overview import council_overview
from wijkstem.services.council.council_responses import KIND_LABELS, ROLE_LABELS, VOICE_LABELS
from wijkstem.services.insight.municipalities import local_people, municipality_by_slug, municipality_summary
from wijkstem.services.organisations.organisation_listing import organisation_support
from wijkstem.services.sharing.qr_codes import qr_png_data_uri
from wijkstem.urls import absolute_url


class UnknownMunicipality(Exception):
    pass


def print_context(municipality: Municipality, today: date | None = None, sender: str | None = None) -> dict:
    """The dossier (print version and PDF): `sender`, the name of the logged-in person who asked to be
    named as offering it."""
    url = absolute_url("municipalities.show", slug=municipality.slug)
    summary = municipality_summary(municipality)
    return {
        "summary": summary,
        "people": local_people(municipality.id),
        "municipality": municipality,
        "url": url,
        "qr_data_uri": qr_png_data_uri(url),
        "today": today or date.today(),
        "voices": local_voices(municipality),
        "experiences": experience_excerpts(municipality),
        "ground": dossier_common_ground(municipality, [row.pillar for row in summary.pillars]),
        "council": council_overview(municipality, summary.local_total.as_dict()),
        "kind_labels": KIND_LABELS,
        "role_labels": ROLE_LABELS,
        "voice_labels": VOICE_LABELS,
        "sender": sender,
        "organisation_support": organisation_support(municipality=municipality),
    }


def pdf_html(municipality: Municipality, today: date, sender: str | None = None) -> str:
    return render_template("municipalities/pdf.html", **print_context(municipality, today, sender))


def render_summary_pdf(slug: str, locale: str, sender_id: int | None = None, locked: bool = False) -> None:
    """Draw the council PDF of one municipality for the data as they are now, in the language of the
    current (offline) request: see wijkstem.urls.offline_request. With `sender_id`, the dossier that
    names that person as offering it, kept apart."""
    municipality = municipality_by_slug(slug)
    if municipality is None:
        raise UnknownMunicipality(slug)
    sender = db.session.get(User, sender_id) if sender_id else None
    name = council_pdf.dossier_name(municipality.slug, locale, sender.id if sender else None)
    council_pdf.render_summary(
        name, partial(pdf_html, municipality, sender=sender.display_name if sender else None), locked=locked
    )
