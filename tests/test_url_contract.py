"""Shared links never break: every public URL shape that can be shared keeps answering."""

import pytest

CONTRACT = [
    "/",
    "/manifest",
    "/manifest/bewoners-leidend",
    "/manifest/lange-termijn",
    "/manifest/maak-het-mogelijk",
    "/manifest/bewoners-leidend/steunbetuigingen",
    "/manifest/bewoners-leidend/stellingen",
    "/manifest/lange-termijn/stellingen?stelling=punt-1",
    "/cijfers/gemeenschappelijke-grond.csv",
    "/cijfers/gemeente/utrecht/gemeenschappelijke-grond.json",
    "/manifest/lange-termijn/poster",
    "/over",
    "/privacy",
    "/toegankelijkheid",
    "/ervaringen",
    "/ervaringen?gemeente=utrecht&pijler=lange-termijn",
    "/ervaringen/feed.xml",
    "/ervaringen/feed/utrecht.xml",
    "/gemeenten",
    "/gemeente/utrecht",
    "/gemeente/s-gravenhage",
    "/gemeente/utrecht/afdrukken",
    "/gemeente/utrecht/afdrukken?afzender=ik",
    "/gemeente/utrecht/poster",
    "/gemeente/utrecht/samenvatting.pdf",
    "/gemeente/utrecht/politici-en-beroepskrachten",
    "/embed/pillar/bewoners-leidend",
    "/embed/pillar/bewoners-leidend/badge.svg",
    "/delen/afbeelding/pijler/bewoners-leidend.png",
    "/delen/afbeelding/gemeente/utrecht.png",
    "/delen/qr.svg?url=/manifest/bewoners-leidend",
    "/api/v1/pillars",
    "/api/v1/pillars/maak-het-mogelijk",
    "/api/v1/experiences?municipality=GM0344",
    "/hoe-we-tellen",
    "/embed/gemeente/utrecht",
    "/embed/gemeente/utrecht/badge.svg",
    "/cijfers/gemeenten.csv",
    "/cijfers/gemeenten.json",
    "/organisaties",
    "/organisaties?soort=woningcorporatie&gemeente=utrecht",
    "/cijfers/organisaties.csv",
    "/cijfers/organisaties.json",
    "/api/v1/organisations",
    "/api/v1/organisations?municipality=GM0344",
]

REDIRECTS = {
    "/gemeente/GM0344": "/gemeente/utrecht",
    "/gemeente/gm0518": "/gemeente/s-gravenhage",
}


# Steps of the journey that need an account: a visitor who follows such a link is sent on (to
# registration or log-in), never shown a 404.
JOURNEY = [
    "/manifest/bewoners-leidend/steunen/start",
    "/manifest/bewoners-leidend/bedankt",
    "/account/welkom",
    "/gemeente/utrecht/raad/beheer",
]


@pytest.mark.parametrize("path", JOURNEY)
def test_journey_links_send_a_visitor_on(client, path):
    assert client.get(path).status_code in (200, 302)


@pytest.mark.parametrize("path", CONTRACT)
def test_shared_url_answers(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(("path", "target"), REDIRECTS.items())
def test_old_forms_redirect_permanently(client, path, target):
    response = client.get(path)
    assert response.status_code == 301 and response.headers["Location"].endswith(target)


def test_experience_links_survive_a_new_title(client, make_user, db):
    from tests.experience_builders import make_experience

    experience = make_experience(make_user(), make_user(role="moderator"), title="Eerste titel")
    old = f"/ervaringen/{experience.id}-eerste-titel"
    assert client.get(old).status_code == 200
    experience.title, experience.slug = "Een nieuwe titel", "een-nieuwe-titel"  # as an approved edit does
    db.session.commit()
    response = client.get(old)
    assert response.status_code == 301 and response.headers["Location"].endswith(
        f"/ervaringen/{experience.id}-een-nieuwe-titel"
    )
    assert client.get(f"/ervaringen/{experience.id}").status_code == 301


def test_organisation_links_answer_once_verified(client, make_user):
    from tests.organisation_fixtures import make_organisation

    member = make_user()
    make_organisation(member, name="Woonstichting Vooruit", verified=True)
    for path in (
        "/organisaties/woonstichting-vooruit",
        "/organisaties/woonstichting-vooruit?via=onbekend123",
        "/embed/organisatie/woonstichting-vooruit",
        "/embed/organisatie/woonstichting-vooruit/badge.svg",
    ):
        assert client.get(path).status_code == 200, path
