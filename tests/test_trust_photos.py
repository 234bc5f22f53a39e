"""Photo uploads cannot exhaust the server, leave nothing but pixels, and drafts do not pile up."""

from __future__ import annotations

import io
import threading
import time
from datetime import timedelta

from PIL import Image
from sqlalchemy import func, select, update

from tests.experience_builders import form_data, huge_png, make_experience, png_bytes
from tests.test_experiences_submit import _post
from wijkstem.clock import utcnow
from wijkstem.extensions import limiter
from wijkstem.models import ExperiencePhoto
from wijkstem.services.experiences import experiences, photos

SECRET = b"Geheim: sleutel ligt onder de mat, Kerkstraat 1"


def _jpeg_with_comment() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), (10, 90, 200)).save(out, "JPEG", comment=SECRET)
    return out.getvalue()


def test_jpeg_comment_is_dropped_on_re_encode():
    raw = _jpeg_with_comment()
    assert SECRET in raw
    processed = photos.process_photo(io.BytesIO(raw))
    assert SECRET not in processed.data
    assert "comment" not in Image.open(io.BytesIO(processed.data)).info


def test_png_text_and_icc_profile_are_dropped():
    from PIL import ImageCms, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET.decode())
    out = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGBA", (60, 40), (1, 2, 3, 100)).save(out, "PNG", pnginfo=info, icc_profile=profile)
    processed = photos.process_photo(io.BytesIO(out.getvalue()))
    result = Image.open(io.BytesIO(processed.data))
    assert SECRET not in processed.data and "icc_profile" not in result.info and not result.text


def test_a_png_that_needs_a_full_decode_has_a_lower_pixel_cap(app):
    # 20 megapixels: fine for a JPEG (decoded at reduced scale), too much to decode fully as PNG.
    try:
        photos.process_photo(io.BytesIO(huge_png(5000, 4000)))
    except photos.PhotoRefused as refusal:
        with app.test_request_context():
            assert "hoogstens 16 megapixel" in str(refusal)
    else:
        raise AssertionError("a 20 MP PNG was decoded")


def test_only_one_photo_is_decoded_at_a_time(monkeypatch):
    busy, most = [0], [0]
    lock = threading.Lock()

    def slow_process(raw):
        with lock:
            busy[0] += 1
            most[0] = max(most[0], busy[0])
        time.sleep(0.05)
        with lock:
            busy[0] -= 1
        return None

    monkeypatch.setattr(photos, "_process", slow_process)
    threads = [threading.Thread(target=photos.process_photo, args=(io.BytesIO(png_bytes()),)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1


def _drafts_of(db, user) -> int:
    return db.session.scalar(select(func.count()).where(ExperiencePhoto.owner_id == user.id))


def test_forms_with_mistakes_keep_only_a_few_draft_photos_per_person(client, db, make_user, login):
    user = make_user()
    login(user)
    for number in range(8):
        response = _post(client, form_data(story="te kort", photo_alt="x"), {"photo": (png_bytes(), f"{number}.png")})
        assert response.status_code == 200
    assert _drafts_of(db, user) == experiences.DRAFT_PHOTOS_PER_PERSON
    # The newest draft is the one the form keeps, and it still works.
    newest = db.session.scalar(select(func.max(ExperiencePhoto.id)).where(ExperiencePhoto.owner_id == user.id))
    assert _post(client, form_data(photo_alt="Een bankje", kept_photo=str(newest))).status_code == 302


def test_photo_uploads_are_rate_limited_even_in_forms_with_mistakes(app, client, db, make_user, login):
    user = make_user()
    login(user)
    app.config["RATELIMIT_PHOTO"] = "3 per hour"
    limiter.enabled = True
    try:
        statuses = [
            _post(client, form_data(story="te kort", photo_alt="x"), {"photo": (png_bytes(), "a.png")}).status_code
            for _ in range(5)
        ]
        # A form without a new photo is not counted.
        without_photo = _post(client, form_data(story="te kort")).status_code
    finally:
        limiter.enabled = False
        app.config["RATELIMIT_PHOTO"] = "10 per hour; 30 per day"
    assert statuses == [200, 200, 200, 429, 429]
    assert without_photo == 200


def test_purge_drafts_removes_unused_uploads_older_than_a_day(app, db, make_user):
    user, author = make_user(), make_user()
    used = experiences.store_draft_photo(author, io.BytesIO(png_bytes()))
    make_experience(author, make_user(role="moderator"), photo=used, photo_alt="Een straat")
    old_draft = experiences.store_draft_photo(user, io.BytesIO(png_bytes()))
    new_draft = experiences.store_draft_photo(user, io.BytesIO(png_bytes()))
    two_days_ago = utcnow() - timedelta(days=2)
    db.session.execute(
        update(ExperiencePhoto).where(ExperiencePhoto.id.in_([old_draft.id, used.id])).values(created_at=two_days_ago)
    )
    db.session.commit()
    ids = [old_draft.id, new_draft.id, used.id]

    result = app.test_cli_runner().invoke(args=["experiences", "purge-drafts"])
    assert result.exit_code == 0, result.output
    assert "1 ongebruikte foto's verwijderd" in result.output
    db.session.expire_all()
    remaining = set(db.session.scalars(select(ExperiencePhoto.id).where(ExperiencePhoto.id.in_(ids))))
    assert remaining == {new_draft.id, used.id}
