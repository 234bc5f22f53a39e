"""Web-layer lookups from an address: the page's subject, or a 404 page. One place, one style."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import make_transient_to_detached

from wijkstem.extensions import db
from wijkstem.models import Pillar


def pillar_or_404(slug: str) -> Pillar:
    """The pillar at /manifest/<slug> (and the pages under it), or the not-found page."""
    return db.first_or_404(db.select(Pillar).filter_by(slug=slug))


def pillar_key_or_404(slug: str) -> Pillar:
    """The pillar at /manifest/<slug> with only its id and slug, for the POSTs that need no more
    (endorse, withdraw, answer a statement); or the not-found page.

    The three pillars are the manifesto's fixed content (seeded once; a new seed keeps their ids and
    slugs), so each process asks the database once per slug and then knows them: one round trip
    less on the busiest POSTs (docs/benchmarks.md). The pillar comes back detached, as if loaded:
    a service that links it to a new row links the existing pillar, never inserts one.
    """
    known: dict[str, tuple[int, str]] = current_app.extensions.setdefault("wijkstem_pillar_keys", {})
    key = known.get(slug)
    if key is None:
        pillar = pillar_or_404(slug)
        key = known[slug] = (pillar.id, pillar.slug)
    pillar = Pillar(id=key[0], slug=key[1])
    make_transient_to_detached(pillar)
    return pillar
