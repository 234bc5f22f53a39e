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


def organisation_pages(client, member: User, moderator: User) -> dict[str, str]:
    """Every organisation page in its states, rendered (label -> HTML), for the HTML and NLDS checks.
    Leaves `client` signed in as the moderator."""
    from tests.moderation_fixtures import sign_in

    organisation = supporting(
        member, make_organisation(member, name="Buurtteam Oost", verified=True), "lange-termijn", motivation="Ja"
    )
    make_organisation(member, name="Wacht Nog", work_email="iemand@bewonersraad-lombok.nl")
    slug = organisation.slug
    pages: dict[str, str] = {}

    def visit(label: str, path: str) -> None:
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        pages[f"{label} {path}"] = response.get_data(as_text=True)

    for path in ("/organisaties", "/organisaties?soort=welzijn&gemeente=utrecht", f"/organisaties/{slug}"):
        visit("anon", path)
    pages["anon /embed/organisatie"] = client.get(f"/embed/organisatie/{slug}").get_data(as_text=True)
    sign_in(client, member)
    for path in (
        "/organisaties",
        "/organisaties/nieuw",
        f"/organisaties/{slug}/beheer",
        f"/organisaties/{slug}/melden",
    ):
        visit("member", path)
    visit("member", "/organisaties/wacht-nog")
    pages["errors POST /organisaties/nieuw"] = client.post("/organisaties/nieuw", data={}).get_data(as_text=True)
    sign_in(client, moderator)
    for path in ("/moderatie/organisaties", f"/organisaties/{slug}/beheer"):
        visit("moderator", path)
    return pages


def organisations_in_utrecht(count: int) -> None:
    """`count` verified organisations with long names supporting a pillar: the dossier's longest line."""
    from tests.factories import UserFactory

    for number in range(count):
        member = UserFactory()
        name = f"Stichting Bewonersondersteuning en Opbouwwerk Utrecht-Noordwest {number + 1}"
        supporting(member, make_organisation(member, name=name, verified=True), "lange-termijn")
