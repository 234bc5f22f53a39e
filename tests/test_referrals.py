"""Where endorsements came from: a person's share links carry their code; endorsements through it count."""

import re

from sqlalchemy import select

from wijkstem.models import Endorsement


def test_logged_in_share_links_carry_the_personal_code(client, make_user, login):
    sharer = make_user()
    html = client.get("/manifest/bewoners-leidend").get_data(as_text=True)
    assert "?via=" not in html  # anonymous readers share the plain URL
    login(sharer)
    html = client.get("/manifest/bewoners-leidend").get_data(as_text=True)
    assert f"/manifest/bewoners-leidend?via={sharer.share_code}" in html


def test_endorsement_through_a_shared_link_is_credited_to_the_sharer(app, client, make_user, login, db):
    sharer = make_user()
    visitor = make_user()
    # The visitor follows the link first, then logs in and endorses.
    client.get(f"/manifest/lange-termijn?via={sharer.share_code}")
    login(visitor)
    client.post("/manifest/lange-termijn/steunen", data={"motivation": ""})
    endorsement = db.session.scalar(select(Endorsement).where(Endorsement.user_id == visitor.id))
    assert endorsement.via_code == sharer.share_code

    other = app.test_client()
    other.post("/account/inloggen", data={"email": sharer.email, "password": "een-lange-zin-als-wachtwoord"})
    profile = other.get("/account").get_data(as_text=True)
    assert re.search(r"kwam 1 steunbetuiging binnen", profile)


def test_own_or_unknown_codes_are_not_credited(client, make_user, login, db):
    sharer = make_user()
    login(sharer)
    client.get(f"/manifest/lange-termijn?via={sharer.share_code}")
    client.get("/manifest/lange-termijn?via=<script>")
    client.post("/manifest/lange-termijn/steunen", data={"motivation": ""})
    endorsement = db.session.scalar(select(Endorsement).where(Endorsement.user_id == sharer.id))
    assert endorsement.via_code is None


def test_reading_with_a_code_sets_no_cookie_unless_it_is_someone_elses(client, make_user):
    assert "Set-Cookie" not in client.get("/manifest?via=onbekend123").headers
    sharer = make_user()
    assert "Set-Cookie" in client.get(f"/manifest?via={sharer.share_code}").headers


def test_the_code_is_in_the_data_download(client, make_user, login):
    user = make_user()
    login(user)
    assert client.get("/account/mijn-gegevens").json["account"]["share_code"] == user.share_code
