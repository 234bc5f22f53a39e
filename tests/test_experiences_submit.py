"""Submitting an experience: the form, the photo (safe, stripped, kept as a draft) and the limits."""

from __future__ import annotations

import io
import re

import pytest
from PIL import ExifTags, Image
from sqlalchemy import func, select

from tests.experience_builders import (
    SVG_WITH_SCRIPT,
    TEXT_AS_JPEG,
    form_data,
    huge_png,
    jpeg_with_gps,
    png_bytes,
)
from wijkstem.extensions import limiter
from wijkstem.models import Experience, ExperiencePhoto


def _post(client, data, files=None, url="/ervaringen/nieuw"):
    payload = dict(data)
    for name, (content, filename) in (files or {}).items():
        payload[name] = (io.BytesIO(content), filename)
    return client.post(url, data=payload, content_type="multipart/form-data")


def _only_experience(db) -> Experience:
    return db.session.scalars(select(Experience)).one()


def test_guests_and_unconfirmed_people_cannot_submit(client, make_user, login):
    assert client.get("/ervaringen/nieuw").status_code == 302
    login(make_user(email_confirmed_at=None))
    response = client.get("/ervaringen/nieuw")
    assert response.status_code == 302 and "/account/bevestigen" in response.location


def test_form_defaults_to_the_users_municipality(client, make_user, login):
    login(make_user(wijk="Lombok"))
    page = client.get("/ervaringen/nieuw").get_data(as_text=True)
    assert 'value="Utrecht"' in page and 'value="Lombok"' in page
    assert "Wat goed gaat" in page and "Wat beter kan" in page


def test_submission_with_photo_is_pending_and_served_without_gps(client, db, make_user, login):
    author = make_user()
    login(author)
    upload = jpeg_with_gps()
    assert Image.open(io.BytesIO(upload)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test file has GPS
    response = _post(client, form_data(photo_alt="Buren bij de plantenbakken"), {"photo": (upload, "IMG_0001.JPG")})
    assert response.status_code == 302 and response.location.endswith("/account/ervaringen")
    mine = client.get(response.location).get_data(as_text=True)
    assert "Een moderator bekijkt je ervaring" in mine and "Wacht op beoordeling" in mine

    experience = _only_experience(db)
    assert experience.status == "pending" and experience.author_id == author.id
    assert experience.municipality.code == "GM0344" and experience.wijk == "Lombok"
    assert [p.position for p in experience.pillars] == [1]
    page = client.get(f"/ervaringen/{experience.id}-{experience.slug}").get_data(as_text=True)
    src = re.search(r'<img class="experience-photo" src="([^"]+)" alt="Buren bij de plantenbakken"', page).group(1)

    served = client.get(src)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["Cache-Control"] == "private, no-store"  # not public while pending
    image = Image.open(io.BytesIO(served.data))
    exif = image.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and ExifTags.Base.GPSInfo not in exif
    assert ExifTags.Base.Make not in exif and b"TestCam" not in served.data
    assert max(image.size) == 1600

    client.post("/account/uitloggen")
    assert client.get(src).status_code == 404  # pending: not for others
    assert client.get(f"/ervaringen/{experience.id}-{experience.slug}").status_code == 404


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (TEXT_AS_JPEG, "vakantie.jpg", "Dit bestand is geen foto die we kunnen lezen"),
        (huge_png(), "groot.png", "Deze foto heeft te veel pixels"),
        (SVG_WITH_SCRIPT, "tekening.svg", "Dit bestand is geen foto die we kunnen lezen"),
        (SVG_WITH_SCRIPT, "tekening.jpg", "Dit bestand is geen foto die we kunnen lezen"),
        (b"", "leeg.jpg", None),  # an empty file input: just no photo
    ],
)
def test_hostile_uploads_are_refused_next_to_the_field(client, db, make_user, login, content, filename, message):
    login(make_user())
    response = _post(client, form_data(photo_alt="Een foto", story="te kort"), {"photo": (content, filename)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Plantenbakken in de straat" in page  # what was typed stays
    if message:
        assert message in page and 'id="photo-error"' in page
    assert db.session.scalar(select(func.count()).select_from(ExperiencePhoto)) == 0
    assert db.session.scalar(select(func.count()).select_from(Experience)) == 0


def test_a_refused_photo_blocks_an_otherwise_valid_submission(client, db, make_user, login):
    login(make_user())
    response = _post(client, form_data(photo_alt="x"), {"photo": (TEXT_AS_JPEG, "foto.jpg")})
    assert response.status_code == 200 and "Controleer wat je hebt ingevuld" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Experience)) == 0


def test_a_photo_over_ten_megabytes_is_refused(client, make_user, login):
    login(make_user())
    response = _post(client, form_data(photo_alt="x"), {"photo": (b"\xff\xd8" + b"0" * (10 * 1024 * 1024), "a.jpg")})
    assert "groter dan 10 MB" in response.get_data(as_text=True)


def test_validation_error_keeps_every_field_and_the_photo(client, db, make_user, login):
    login(make_user())
    data = form_data(story="Te kort.", wijk="Zuilen", kind="could-be-better", photo_alt="Een bankje")
    response = _post(client, data, {"photo": (png_bytes(), "bankje.png")})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Je verhaal moet tussen 50 en 5.000 tekens lang zijn." in page
    assert 'value="Plantenbakken in de straat"' in page and 'value="Zuilen"' in page and "Te kort." in page
    assert re.search(r'<input checked [^>]*value="could-be-better"', page) and 'value="Een bankje"' in page
    assert "Deze foto is bewaard" in page
    draft_id = re.search(r'id="kept_photo" name="kept_photo" type="hidden" value="(\d+)"', page).group(1)

    response = _post(client, form_data(wijk="Zuilen", photo_alt="Een bankje", kept_photo=draft_id))
    assert response.status_code == 302
    experience = _only_experience(db)
    assert experience.photo_id == int(draft_id) and experience.photo_alt == "Een bankje"


def test_someone_elses_draft_photo_cannot_be_attached(client, db, make_user, login):
    other = make_user()
    login(other)
    page = _post(client, form_data(story="kort", photo_alt="x"), {"photo": (png_bytes(), "a.png")}).get_data(True)
    draft_id = re.search(r'id="kept_photo" name="kept_photo" type="hidden" value="(\d+)"', page).group(1)
    client.post("/account/uitloggen")
    login(make_user())
    assert _post(client, form_data(kept_photo=draft_id, photo_alt="x")).status_code == 302
    assert _only_experience(db).photo_id is None


def test_a_photo_needs_a_description(client, db, make_user, login):
    login(make_user())
    response = _post(client, form_data(photo_alt=""), {"photo": (png_bytes(), "a.png")})
    assert "Beschrijf kort wat er op de foto staat." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Experience)) == 0


def test_missing_fields_are_explained_in_dutch(client, make_user, login):
    login(make_user())
    response = _post(client, {"title": "", "story": "", "municipality": "Nergenshuizen"})
    page = response.get_data(as_text=True)
    for message in (
        "Geef je ervaring een titel.",
        "Vertel je verhaal.",
        "Kies een gemeente uit de lijst.",
        "Kies minstens één pijler.",
        "Kies ‘wat goed gaat’ of ‘wat beter kan’.",
        "Geef toestemming om je ervaring te publiceren.",
    ):
        assert message in page
    assert 'value="Nergenshuizen"' in page


def test_submissions_are_rate_limited_but_mistakes_do_not_count(app, client, make_user, login):
    login(make_user())
    app.config["RATELIMIT_EXPERIENCE"] = "2 per hour"
    limiter.enabled = True
    try:
        for _ in range(3):
            assert _post(client, form_data(story="kort")).status_code == 200
        assert _post(client, form_data()).status_code == 302
        assert _post(client, form_data(title="Tweede ervaring")).status_code == 302
        assert _post(client, form_data(title="Derde ervaring")).status_code == 429
    finally:
        limiter.enabled = False
        app.config["RATELIMIT_EXPERIENCE"] = "5 per hour; 20 per day"
