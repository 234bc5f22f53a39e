"""The council summary of one municipality, printable and as a PDF: what it shows, and one render of
the PDF (started by `flask wijkstem render-pdf` or by the PDF page's render thread)."""

from __future__ import annotations

from datetime import date
from functools import partial

from flask import render_template

from wijkstem.models import Municipality
from wijkstem.services import council_pdf
from wijkstem.services.council_overview import council_overview
from wijkstem.services.council_responses import KIND_LABELS, ROLE_LABELS
from wijkstem.services.experience_listing import latest_experiences_for_municipality
from wijkstem.services.municipalities import municipality_by_slug, municipality_summary
from wijkstem.services.qr_codes import qr_png_data_uri
from wijkstem.urls import absolute_url


class UnknownMunicipality(Exception):
    pass


def print_context(municipality: Municipality, today: date | None = None) -> dict:
    url = absolute_url("municipalities.show", slug=municipality.slug)
    summary = municipality_summary(municipality)
    return {
        "summary": summary,
        "municipality": municipality,
        "url": url,
        "qr_data_uri": qr_png_data_uri(url),
        "today": today or date.today(),
        "latest_experiences": latest_experiences_for_municipality(municipality),
        "council": council_overview(municipality, summary.local_total.as_dict()),
        "kind_labels": KIND_LABELS,
        "role_labels": ROLE_LABELS,
    }


def pdf_html(municipality: Municipality, today: date) -> str:
    return render_template("municipalities/pdf.html", **print_context(municipality, today))


def render_summary_pdf(slug: str, locale: str, locked: bool = False) -> None:
    """Draw the council PDF of one municipality for the data as they are now, in the language of the
    current (offline) request: see wijkstem.urls.offline_request."""
    municipality = municipality_by_slug(slug)
    if municipality is None:
        raise UnknownMunicipality(slug)
    council_pdf.render_summary(f"{municipality.slug}-{locale}", partial(pdf_html, municipality), locked=locked)
