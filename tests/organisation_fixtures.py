"""Helpers for the organisation tests (issue 27): an organisation asked for, or already verified."""

from __future__ import annotations

from sqlalchemy import select

from wijkstem.extensions import db
from wijkstem.models import Municipality, Organisation, Pillar, User
from wijkstem.models.organisations import VERIFIED
from wijkstem.services.organisations.organisations import OrganisationRequest, request_organisation, support_pillar


def place(code: str = "GM0344") -> Municipality:
    return db.session.scalar(select(Municipality).where(Municipality.code == code))


def pillar_by_slug(slug: str) -> Pillar:
    return db.session.scalar(select(Pillar).where(Pillar.slug == slug))


def make_organisation(
    member: User, name: str = "Bewonersraad Lombok", verified: bool = False, code: str = "GM0344", **values
) -> Organisation:
    organisation = request_organisation(
        member,
        OrganisationRequest(
            name=name,
            kind=values.pop("kind", "bewonersorganisatie"),
            website=values.pop("website", "https://www.bewonersraad-lombok.nl"),
            evidence_url=values.pop("evidence_url", None),
            work_email=values.pop("work_email", None),
            places=[(place(code), values.pop("wijk", "Lombok"))],
        ),
    )
    if verified:
        organisation.status = VERIFIED
        db.session.commit()
    return organisation


def supporting(member: User, organisation: Organisation, *slugs: str, motivation: str | None = None) -> Organisation:
    for slug in slugs:
        support_pillar(member, organisation, pillar_by_slug(slug), motivation)
    return organisation
