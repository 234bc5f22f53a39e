from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.moderation_fixtures import admin, audit_actions, moderator, sign_in
from wijkstem.extensions import db
from wijkstem.models import ContentRevision, Pillar
from wijkstem.services.content.content import seed_content

__all__ = ["admin", "moderator"]


@pytest.fixture
def restore_texts():
    yield
    seed_content(force=True)


def test_admin_searches_users_by_name_or_email(client, admin, make_user):
    make_user(display_name="Fatima Bakker", email="fatima@example.org")
    make_user(display_name="Jan Jansen", email="jan@voorbeeld.nl")
    sign_in(client, admin)
    html = client.get("/beheer").get_data(as_text=True)
    assert ">Beheer</a>" in html and ">Moderatie</a>" in html
    html = client.get("/beheer/gebruikers?q=bakker").get_data(as_text=True)
    assert "Fatima Bakker" in html and "Jan Jansen" not in html
    html = client.get("/beheer/gebruikers?q=VOORBEELD").get_data(as_text=True)
    assert "Jan Jansen" in html and "Fatima Bakker" not in html
    html = client.get("/beheer/gebruikers?q=%25").get_data(as_text=True)
    assert "Niemand gevonden." in html  # % is searched literally


def test_admin_changes_a_role_which_is_logged(client, admin, make_user):
    person = make_user(display_name="Nieuwe Moderator")
    sign_in(client, admin)
    html = client.post(f"/beheer/gebruikers/{person.id}/rol", data={"role": "moderator"}, follow_redirects=True)
    assert "De rol van Nieuwe Moderator is nu: Moderator." in html.get_data(as_text=True)
    db.session.refresh(person)
    assert person.role == "moderator" and audit_actions() == ["user.role"]
    html = client.post(f"/beheer/gebruikers/{person.id}/rol", data={"role": "keizer"}, follow_redirects=True)
    assert "Kies een rol uit de lijst." in html.get_data(as_text=True)


def test_admin_cannot_change_own_role(client, admin):
    sign_in(client, admin)
    html = client.get(f"/beheer/gebruikers/{admin.id}").get_data(as_text=True)
    assert "Dit is je eigen account." in html
    html = client.post(f"/beheer/gebruikers/{admin.id}/rol", data={"role": "participant"}, follow_redirects=True)
    assert "Je kunt je eigen rol niet veranderen." in html.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == "admin" and audit_actions() == []


def test_admin_blocks_a_moderator_from_the_user_page(client, admin, moderator):
    sign_in(client, admin)
    page = f"/beheer/gebruikers/{moderator.id}"
    assert "Mo Derator blokkeren" in client.get(page).get_data(as_text=True)
    response = client.post(
        f"/moderatie/gebruikers/{moderator.id}/blokkeren", data={"reason_text": "Misbruik", "next": page}
    )
    assert response.headers["Location"] == page
    html = client.get(page).get_data(as_text=True)
    assert "geblokkeerd sinds" in html and "Account geblokkeerd" in html and "Misbruik" in html


def test_admin_edits_a_pillar_text_with_history_and_the_slug_stays(client, admin, restore_texts):
    sign_in(client, admin)
    html = client.get("/beheer/teksten").get_data(as_text=True)
    assert "/beheer/teksten/pillar:lange-termijn:title" in html and "/beheer/teksten/manifesto:manifest.intro" in html
    url = "/beheer/teksten/pillar:lange-termijn:title"
    assert "nog niet in de app aangepast" in client.get(url).get_data(as_text=True)
    html = client.post(url, data={"text": "Kies echt voor de lange termijn"}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "De tekst is opgeslagen." in html and "door Ad Min" in html and "Kies voor de lange termijn" in html
    assert "Kies echt voor de lange termijn" in client.get("/manifest/lange-termijn").get_data(as_text=True)
    pillar = db.session.scalar(select(Pillar).where(Pillar.title == "Kies echt voor de lange termijn"))
    assert pillar.slug == "lange-termijn"
    revision = db.session.scalar(select(ContentRevision))
    assert (revision.old_text, revision.editor_id) == ("Kies voor de lange termijn", admin.id)
    assert audit_actions() == ["content.edit"]
    html = client.post(url, data={"text": "Kies echt voor de lange termijn"}, follow_redirects=True)
    assert "Er was niets veranderd." in html.get_data(as_text=True)


def test_text_errors_and_unknown_texts(client, admin, restore_texts):
    sign_in(client, admin)
    response = client.post("/beheer/teksten/point:bewoners-leidend:2", data={"text": "   "})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Vul een tekst in." in html and "Controleer wat je hebt ingevuld" in html
    assert client.get("/beheer/teksten/point:bewoners-leidend:99").status_code == 404
    assert client.get("/beheer/teksten/pillar:lange-termijn:slug").status_code == 404
    assert client.get("/beheer/teksten/iets").status_code == 404


def test_seed_keeps_texts_edited_in_the_app_unless_forced(client, admin, restore_texts):
    sign_in(client, admin)
    client.post("/beheer/teksten/point:bewoners-leidend:1", data={"text": "Werk waarderend, altijd"})
    client.post("/beheer/teksten/manifesto:manifest.for_whom_title", data={"text": "Voor jou"})
    report = seed_content()
    assert report.kept == 2 and report.updated == 0
    html = client.get("/manifest").get_data(as_text=True)
    assert "Werk waarderend, altijd" in html and "Voor jou" in html
    report = seed_content(force=True)
    assert report.updated == 2
    assert "Werk waarderend en uitnodigend" in client.get("/manifest").get_data(as_text=True)
