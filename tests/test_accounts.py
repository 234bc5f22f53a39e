import json

from sqlalchemy import func, select

from tests.conftest import PASSWORD, outbox_links, path_of
from wijkstem.models import OutboxMessage, User

FORM = {
    "email": "Anna@Example.org",
    "display_name": "Anna",
    "perspective": "professional",
    "professional_role": "woningcorporatie",
    "politician_role": "",
    "municipality": "Utrecht",
    "wijk": "Kanaleneiland",
    "show_name": "y",
    "password": "fietsen-langs-de-vecht",
    "password_repeat": "fietsen-langs-de-vecht",
    "accept_terms": "y",
}


def register(client, **changes):
    return client.post("/account/registreren", data={**FORM, **changes})


def test_register_confirm_and_log_in(client, db):
    response = register(client)
    assert response.status_code == 302 and response.headers["Location"] == "/account/bevestigen"
    user = db.session.scalar(select(User).where(User.email == "anna@example.org"))
    assert user.perspective == "professional" and user.perspective_role == "woningcorporatie"
    assert user.municipality.code == "GM0344" and user.wijk == "Kanaleneiland"
    assert not user.is_confirmed
    assert user.password_hash.startswith("scrypt:")

    page = client.get("/account/bevestigen", follow_redirects=True).get_data(as_text=True)
    assert "anna@example.org" in page

    link = path_of(outbox_links("anna@example.org")[0])
    assert "Bevestig mijn e-mailadres" in client.get(link).get_data(as_text=True)
    response = client.post(link, follow_redirects=True)
    assert "Je e-mailadres is bevestigd" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.is_confirmed

    client.post("/account/uitloggen")
    assert "Inloggen" in client.get("/").get_data(as_text=True)
    response = client.post("/account/inloggen", data={"email": "ANNA@example.org", "password": FORM["password"]})
    assert response.status_code == 302
    assert "Mijn account" in client.get("/").get_data(as_text=True)


def test_register_errors_are_dutch_next_to_fields_and_keep_input(client, db):
    response = register(
        client,
        email="geen-adres",
        password="kort",
        password_repeat="anders",
        municipality="Atlantis",
        professional_role="",
        accept_terms="",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Controleer wat je hebt ingevuld" in html
    assert 'href="#email"' in html
    assert "Vul een geldig e-mailadres in" in html
    assert "minstens 10 tekens" in html
    assert "Kies waar je werkt." in html
    assert "Je moet akkoord gaan" in html
    assert 'value="geen-adres"' in html and 'value="Kanaleneiland"' in html and 'value="Anna"' in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(select(User)) is None


def test_unknown_municipality_is_refused_with_a_message(client):
    html = register(client, municipality="Atlantis").get_data(as_text=True)
    assert "Kies een gemeente uit de lijst." in html and 'value="Atlantis"' in html


def test_municipality_by_slug_or_code_is_accepted(client, db):
    register(client, municipality="s-gravenhage")
    assert db.session.scalar(select(User)).municipality.code == "GM0518"


def test_common_password_is_refused(client):
    html = register(client, password="password123", password_repeat="password123").get_data(as_text=True)
    assert "komt te vaak voor" in html


def test_registering_a_taken_address_answers_as_new_and_mails_the_owner(client, app, db, make_user):
    owner = make_user(email="anna@example.org", display_name="Anna de Eigenaar")
    taken = register(client)
    fresh = app.test_client().post("/account/registreren", data={**FORM, "email": "nieuw@example.org"})
    assert taken.status_code == fresh.status_code == 302
    assert taken.headers["Location"] == fresh.headers["Location"] == "/account/bevestigen"
    page = client.get("/account/bevestigen", follow_redirects=True).get_data(as_text=True)
    assert "Er is al een account" not in page and "anna@example.org" in page
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "anna@example.org")) == 1
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "anna@example.org")).all()
    assert "Iemand wilde een account maken" in mail.subject
    assert "/account/inloggen" in mail.body_text and "/account/wachtwoord-vergeten" in mail.body_text
    assert "/account/bevestigen/" not in mail.body_text
    assert client.get("/account").status_code == 302  # nobody was logged in to the owner's account
    db.session.refresh(owner)
    assert owner.display_name == "Anna de Eigenaar"


def test_honeypot_filled_is_refused(client, db):
    register(client, website="http://spam.example")
    assert db.session.scalar(select(User)) is None


def test_wrong_password_gives_one_message_for_both_cases(client, make_user):
    make_user(email="piet@example.org")
    wrong = client.post("/account/inloggen", data={"email": "piet@example.org", "password": "fout-wachtwoord!"})
    unknown = client.post("/account/inloggen", data={"email": "niemand@example.org", "password": "fout-wachtwoord!"})
    for response in (wrong, unknown):
        assert "Dit e-mailadres en wachtwoord horen niet bij elkaar." in response.get_data(as_text=True)


def test_blocked_user_cannot_log_in(client, make_user):
    from wijkstem.clock import utcnow

    user = make_user(email="geblokkeerd@example.org", blocked_at=utcnow())
    html = client.post("/account/inloggen", data={"email": user.email, "password": PASSWORD}).get_data(as_text=True)
    assert "geblokkeerd" in html


def test_login_next_never_leaves_the_site(client, make_user):
    user = make_user()
    response = client.post(
        "/account/inloggen?next=https://evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"
    client.post("/account/uitloggen")
    response = client.post("/account/inloggen?next=/over", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/over"


def test_profile_requires_login(client):
    response = client.get("/account")
    assert response.status_code == 302 and "/account/inloggen" in response.headers["Location"]


def test_resend_confirmation_queues_a_new_mail(client, make_user, login):
    user = make_user(email_confirmed_at=None)
    login(user)
    client.post("/account/bevestigen/opnieuw")
    assert len(outbox_links(user.email)) == 1


def test_confirmation_link_that_was_changed_is_refused(client, make_user):
    response = client.post("/account/bevestigen/nep-token", follow_redirects=True)
    assert "Deze link klopt niet" in response.get_data(as_text=True)


def test_forgotten_password_reset_works_once(client, make_user, db):
    user = make_user(email="vergeet@example.org")
    response = client.post("/account/wachtwoord-vergeten", data={"email": "vergeet@example.org"}, follow_redirects=True)
    assert "Als er een account met dit e-mailadres is" in response.get_data(as_text=True)
    link = path_of(outbox_links(user.email)[0])
    response = client.post(link, data={"password": "nieuw-en-lang-genoeg", "password_repeat": "nieuw-en-lang-genoeg"})
    assert response.status_code == 302
    client.post("/account/uitloggen")
    assert (
        client.post("/account/inloggen", data={"email": user.email, "password": "nieuw-en-lang-genoeg"}).status_code
        == 302
    )
    again = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "Deze link werkt niet meer" in again


def test_forgotten_password_for_unknown_address_says_the_same(client, db):
    response = client.post(
        "/account/wachtwoord-vergeten", data={"email": "onbekend@example.org"}, follow_redirects=True
    )
    assert "Als er een account met dit e-mailadres is" in response.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMessage)) is None


def test_change_password_logs_out_other_sessions(app, client, make_user, login):
    user = make_user()
    login(user)
    other = app.test_client()
    other.post("/account/inloggen", data={"email": user.email, "password": PASSWORD})
    assert other.get("/account").status_code == 200

    response = client.post(
        "/account/wachtwoord",
        data={
            "current_password": PASSWORD,
            "password": "een-ander-lang-wachtwoord",
            "password_repeat": "een-ander-lang-wachtwoord",
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_change_password_needs_the_current_one(client, make_user, login):
    user = make_user()
    login(user)
    html = client.post(
        "/account/wachtwoord",
        data={
            "current_password": "niet-het-goede",
            "password": "nieuw-lang-genoeg",
            "password_repeat": "nieuw-lang-genoeg",
        },
    ).get_data(as_text=True)
    assert "Je huidige wachtwoord klopt niet." in html


def test_edit_profile_and_changing_perspective_drops_verification(client, make_user, login, db):
    from wijkstem.clock import utcnow

    user = make_user(perspective="politician", perspective_role="raadslid", verified_at=utcnow())
    login(user)
    page = client.get("/account").get_data(as_text=True)
    assert 'value="Utrecht"' in page
    response = client.post(
        "/account",
        data={
            "display_name": "Nieuwe naam",
            "perspective": "resident",
            "municipality": "Amsterdam",
            "wijk": "",
            "show_name": "",
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.perspective, user.perspective_role) == ("Nieuwe naam", "resident", None)
    assert user.municipality.code == "GM0363" and user.verified_at is None and user.show_name is False


def test_change_email_is_confirmed_first(client, make_user, login, db):
    user = make_user(email="oud@example.org")
    login(user)
    client.post("/account/e-mailadres", data={"email": "nieuw@example.org", "password": PASSWORD})
    db.session.refresh(user)
    assert user.email == "oud@example.org" and user.pending_email == "nieuw@example.org"
    link = path_of(outbox_links("nieuw@example.org")[0])
    client.post(link)
    db.session.refresh(user)
    assert user.email == "nieuw@example.org" and user.pending_email is None


def test_download_my_data(client, make_user, login):
    user = make_user(email="data@example.org", wijk="Lombok")
    login(user)
    response = client.get("/account/mijn-gegevens")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data())
    assert data["account"]["email"] == "data@example.org"
    assert data["account"]["wijk"] == "Lombok"
    assert "password_hash" not in json.dumps(data)


def test_delete_account_removes_personal_data(client, make_user, login, db):
    user = make_user(email="weg@example.org")
    user_id = user.id
    login(user)
    client.post("/account/wachtwoord-vergeten", data={"email": "weg@example.org"})
    html = client.post("/account/verwijderen", data={"password": PASSWORD}).get_data(as_text=True)
    assert "Vink aan" in html
    response = client.post("/account/verwijderen", data={"password": PASSWORD, "confirm": "y"}, follow_redirects=True)
    assert "Je account en je gegevens zijn verwijderd." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "weg@example.org")) is None


def test_login_is_rate_limited_with_a_dutch_page(client, make_user):
    from wijkstem.extensions import limiter

    limiter.enabled = True
    try:
        statuses = [
            client.post("/account/inloggen", data={"email": "x@example.org", "password": "fout-fout-fout"}).status_code
            for _ in range(12)
        ]
        assert statuses[-1] == 429
        response = client.post("/account/inloggen", data={"email": "x@example.org", "password": "fout"})
        assert "Even rustig aan" in response.get_data(as_text=True)
    finally:
        limiter.enabled = False


def test_csrf_is_required_on_forms(app, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        response = client.post("/account/inloggen", data={"email": "a@example.org", "password": "whatever-long"})
        assert response.status_code == 400
        assert "Het formulier was verlopen" in response.get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_english_registration_page(client):
    client.post("/taal", data={"locale": "en", "next": "/"})
    html = client.get("/account/registreren").get_data(as_text=True)
    assert "Create an account" in html


def test_error_summary_lists_fields_in_the_order_of_the_page(client):
    import re

    html = register(client, email="", display_name="", password="", password_repeat="").get_data(as_text=True)
    summary = html[html.index("error-summary") : html.index("</ul>", html.index("error-summary"))]
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links[:2] == ["email", "display_name"] and links.index("password") < links.index("password_repeat")
