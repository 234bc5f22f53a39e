"""Experiences in account deletion and in 'download my data'."""

from __future__ import annotations

import base64
import io
import json

from PIL import Image
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.experience_builders import make_experience, png_bytes
from wijkstem.models import Experience, ExperiencePhoto, Recognition, User
from wijkstem.services.experiences.experiences import store_draft_photo, toggle_recognition


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _delete_account(client, choice: str):
    return client.post("/account/verwijderen", data={"password": PASSWORD, "confirm": "y", "experiences": choice})


def _setup(make_user):
    author, moderator, reader = make_user(display_name="Sanne"), make_user(role="moderator"), make_user()
    photo = store_draft_photo(author, io.BytesIO(png_bytes()))
    published = make_experience(author, moderator, photo=photo, photo_alt="Muur")
    make_experience(author, title="Nog in de wachtrij", approve=False)
    store_draft_photo(author, io.BytesIO(png_bytes()))  # an abandoned draft upload
    others = make_experience(reader, moderator, title="Van iemand anders")
    toggle_recognition(author, others)
    toggle_recognition(reader, published)
    return author, published, others


def test_the_delete_form_offers_the_choice(client, make_user, login):
    login(make_user())
    page = client.get("/account/verwijderen").get_data(as_text=True)
    assert "Wat doen we met de ervaringen die je hebt gedeeld?" in page
    assert "Laat geplaatste ervaringen staan, zonder mijn naam" in page


def test_deleting_the_account_can_delete_every_experience(client, db, make_user, login):
    author, published, others = _setup(make_user)
    login(author)
    author_id, published_id, others_id = author.id, published.id, others.id
    assert _delete_account(client, "verwijderen").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, author_id) is None
    assert [e.title for e in db.session.scalars(select(Experience))] == ["Van iemand anders"]
    assert _count(db, ExperiencePhoto) == 0 and _count(db, Recognition) == 0
    assert db.session.get(Experience, others_id).recognition_count == 0
    assert client.get(f"/ervaringen/{published_id}").status_code == 404
    assert "Plantenbakken" not in client.get("/ervaringen?q=plantenbakken").get_data(as_text=True)


def test_deleting_the_account_can_keep_published_experiences_anonymised(client, db, make_user, login):
    author, published, others = _setup(make_user)
    login(author)
    assert _delete_account(client, "bewaren").status_code == 302
    db.session.expire_all()
    kept = db.session.get(Experience, published.id)
    assert kept.author_id is None and kept.status == "approved" and kept.recognition_count == 1
    assert {e.title for e in db.session.scalars(select(Experience))} == {
        "Plantenbakken in de straat",
        "Van iemand anders",
    }
    assert _count(db, ExperiencePhoto) == 1  # the published photo stays, the draft is gone
    assert db.session.get(Experience, others.id).recognition_count == 0
    page = client.get(f"/ervaringen/{kept.id}-{kept.slug}").get_data(as_text=True)
    assert "Door een bewoner uit Utrecht" in page and "Sanne" not in page
    assert client.get(f"/ervaringen/foto/{kept.photo_id}.jpg").status_code == 200


def test_download_my_data_includes_experiences_and_photos(client, make_user, login):
    author, published, others = _setup(make_user)
    login(author)
    data = json.loads(client.get("/account/mijn-gegevens").data)
    section = data["experiences"]
    assert {e["title"] for e in section["written"]} == {"Plantenbakken in de straat", "Nog in de wachtrij"}
    assert section["herkenbaar"] == [others.id]
    [with_photo] = [e for e in section["written"] if e["photo"]]
    photo = with_photo["photo"]
    assert photo["alt"] == "Muur" and photo["content_type"] == "image/jpeg"
    assert Image.open(io.BytesIO(base64.b64decode(photo["base64"]))).size == (photo["width"], photo["height"])
