"""Helpers for the endorsement and comment tests (pillars, logged-in clients, counting queries)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import log_in
from wijkstem.extensions import db
from wijkstem.models import EndorsementCounter, Pillar

SLUG = "bewoners-leidend"


@pytest.fixture
def pillar(app) -> Pillar:
    return db.session.scalar(select(Pillar).where(Pillar.slug == SLUG))


@pytest.fixture
def client_for(app):
    """A separate logged-in browser per person: client_for(user)."""

    def make(user):
        browser = app.test_client()
        log_in(browser, user)
        return browser

    return make


def counter_totals() -> dict:
    """(pillar_id, perspective, municipality_id, verified) -> count, leaving out zero rows."""
    db.session.expire_all()
    return {
        (c.pillar_id, c.perspective, c.municipality_id, bool(c.verified)): c.count
        for c in db.session.scalars(select(EndorsementCounter))
        if c.count
    }
