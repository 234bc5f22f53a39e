"""Links in mail confirm once and never hand over an account; logging out ends the session everywhere."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import PASSWORD, outbox_links, path_of
from tests.test_accounts import FORM, register
from wijkstem.models import OutboxMessage, User
from wijkstem.services.accounts import accounts


def _logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def _confirmation_link(email: str) -> str:
    return path_of(next(link for link in outbox_links(email) if "/account/bevestigen/" in link))


def test_confirmation_link_confirms_once_and_never_logs_in_another_browser(app, client, db):
    register(client)
    link = _confirmation_link("anna@example.org")

    forwarded = app.test_client()  # someone who got the mail forwarded, without the registering browser
    page = forwarded.post(link, follow_redirects=True).get_data(as_text=True)
    assert "Je e-mailadres is bevestigd. Log nu in" in page
    assert not _logged_in(forwarded)
    assert db.session.scalar(select(User).where(User.email == "anna@example.org")).is_confirmed

    again = app.test_client()
    page = again.post(link, follow_redirects=True).get_data(as_text=True)
    assert "Je e-mailadres is al bevestigd." in page
    assert not _logged_in(again)
    # Not even the registering browser gets logged in by a second use.
    assert "al bevestigd" in client.post(link, follow_redirects=True).get_data(as_text=True)
    assert not _logged_in(client)


def test_registering_browser_is_logged_in_by_its_own_link(client):
    register(client)
    assert not _logged_in(client)  # registering says the same for every address, so it logs nobody in
    page = client.post(_confirmation_link("anna@example.org"), follow_redirects=True).get_data(as_text=True)
    assert "Welkom bij wijkstem" in page and _logged_in(client)


def test_confirmation_link_never_logs_in_after_a_password_change(client, db):
    register(client)
    link = _confirmation_link("anna@example.org")
    user = db.session.scalar(select(User).where(User.email == "anna@example.org"))
    accounts.change_password(user, FORM["password"], "een-heel-ander-wachtwoord")
    page = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "Log nu in" in page and not _logged_in(client)


def test_copied_session_cookie_stops_working_after_logout(app, client, make_user, login):
    user = make_user()
    login(user)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert _logged_in(copy)
    client.post("/account/uitloggen")
    assert not _logged_in(copy)


def test_old_remember_token_alone_stops_working_after_logout(app, client, make_user, login):
    user = make_user()
    login(user, remember=True)
    token = client.get_cookie("remember_token").value
    thief = app.test_client()
    thief.set_cookie("remember_token", token)
    assert _logged_in(thief)
    client.post("/account/uitloggen")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", token)
    assert not _logged_in(fresh)


def test_log_out_everywhere_from_the_account_page(app, client, make_user, login):
    user = make_user()
    login(user)
    phone = app.test_client()
    phone.post("/account/inloggen", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert _logged_in(phone)
    assert "Log overal uit" in client.get("/account").get_data(as_text=True)
    page = client.post("/account/overal-uitloggen", follow_redirects=True).get_data(as_text=True)
    assert "Je bent nu op al je apparaten uitgelogd." in page
    assert not _logged_in(client) and not _logged_in(phone)
    remembered = app.test_client()
    remembered.set_cookie("remember_token", phone.get_cookie("remember_token").value)
    assert not _logged_in(remembered)
    # Logging in again works as before.
    login(user)
    assert _logged_in(client)


def _request_change(client, user, new="nieuw@example.org"):
    client.post("/account/e-mailadres", data={"email": new, "password": PASSWORD})
    return path_of(outbox_links(new)[-1])


def test_email_change_link_confirms_once_never_logs_in_and_ends_other_sessions(app, client, make_user, login, db):
    user = make_user(email="oud@example.org")
    login(user)
    laptop = app.test_client()
    laptop.post("/account/inloggen", data={"email": user.email, "password": PASSWORD})
    link = _request_change(client, user)

    stranger = app.test_client()
    page = stranger.post(link, follow_redirects=True).get_data(as_text=True)
    assert "Je nieuwe e-mailadres is bevestigd. Log in" in page
    assert not _logged_in(stranger)
    db.session.refresh(user)
    assert user.email == "nieuw@example.org"
    assert not _logged_in(client) and not _logged_in(laptop)  # sessions of before the change ended

    page = stranger.post(link, follow_redirects=True).get_data(as_text=True)
    assert "Dit e-mailadres is al bevestigd." in page and not _logged_in(stranger)


def test_email_change_confirmed_in_the_same_browser_keeps_it_logged_in(app, client, make_user, login, db):
    user = make_user(email="oud@example.org")
    login(user)
    laptop = app.test_client()
    laptop.post("/account/inloggen", data={"email": user.email, "password": PASSWORD})
    link = _request_change(client, user)
    page = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "Op andere apparaten ben je nu uitgelogd." in page
    assert _logged_in(client) and not _logged_in(laptop)


def test_old_address_is_told_and_can_stop_the_change(app, client, make_user, login, db):
    user = make_user(email="oud@example.org")
    login(user)
    confirm_link = _request_change(client, user)
    [notice] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "oud@example.org")).all()
    assert "wordt veranderd" in notice.subject
    stop_link = path_of(next(link for link in outbox_links("oud@example.org") if "/stoppen/" in link))

    outsider = app.test_client()
    assert "Stop de wijziging" in outsider.get(stop_link).get_data(as_text=True)
    page = outsider.post(stop_link, follow_redirects=True).get_data(as_text=True)
    assert "De wijziging van je e-mailadres is gestopt." in page
    db.session.refresh(user)
    assert user.pending_email is None
    # The confirmation link for the new address no longer works, and the mail to it is gone.
    assert outbox_links("nieuw@example.org") == []
    page = outsider.post(confirm_link, follow_redirects=True).get_data(as_text=True)
    assert "Deze link werkt niet meer" in page
    db.session.refresh(user)
    assert user.email == "oud@example.org"
    assert "al bevestigd of gestopt" in outsider.post(stop_link, follow_redirects=True).get_data(as_text=True)


def test_work_email_link_says_already_confirmed_the_second_time(app, client, make_user, login, db):
    user = make_user(perspective="professional", perspective_role="gemeente")
    login(user)
    client.post(
        "/account/verificatie",
        data={
            "organisation": "Gemeente Utrecht",
            "function": "Wijkregisseur",
            "evidence_url": "https://www.utrecht.nl/team",
            "work_email": "pia@utrecht.nl",
        },
    )
    link = path_of(outbox_links("pia@utrecht.nl")[0])
    other = app.test_client()
    assert "Je werk-e-mailadres is bevestigd" in other.post(link, follow_redirects=True).get_data(as_text=True)
    page = other.post(link, follow_redirects=True).get_data(as_text=True)
    assert "Dit werk-e-mailadres is al bevestigd." in page
    assert not _logged_in(other)
