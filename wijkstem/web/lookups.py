"""Web-layer lookups from an address: the page's subject, or a 404 page. One place, one style."""

from __future__ import annotations

from wijkstem.extensions import db
from wijkstem.models import Pillar


def pillar_or_404(slug: str) -> Pillar:
    """The pillar at /manifest/<slug> (and the pages under it), or the not-found page."""
    return db.first_or_404(db.select(Pillar).filter_by(slug=slug))
