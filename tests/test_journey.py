"""Steun → deel → raad: a visitor's intent to endorse survives making an account, confirming and
logging in; the thank-you step; professionals and politicians are asked to have their role confirmed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, outbox_links, path_of
from wijkstem.extensions import db
from wijkstem.models import Endorsement, PendingEndorsement, Pillar, User
from wijkstem.services.discussion.comments import post_comment
from wijkstem.services.endorsements.endorsements import counts_for_pillar, endorse_pillar

SLUG = "bewoners-leidend"
TITLE = "Bewoners en hun ervaring en kennis zijn leidend"
FORM = {
    "email": "noor@example.org",
    "display_name": "Noor",
    "perspective": "resident",
    "professional_role": "",
    "politician_role": "",
    "municipality": "Utrecht",
    "wijk": "",
    "show_name": "y",
    "password": "fietsen-langs-de-vecht",
    "password_repeat": "fietsen-langs-de-vecht",
    "accept_terms": "y",
}


def _pillar(slug: str = SLUG) -> Pillar:
    return db.session.scalar(select(Pillar).where(Pillar.slug == slug))


def _use_locale(client, locale: str) -> None:
    with client.session_transaction() as session:
        session["locale"] = locale


def test_the_visitor_button_says_what_happens_and_sits_before_the_manifesto_text(client):
    html = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    button = html.index("Steun deze pijler — maak een account, 2 minuten")
    assert html.index("<h1 ") < html.index('class="participation pillar-action"') < button
    assert button < html.index("Wat het manifest zegt") < html.index("Werk waarderend en uitnodigend")
    assert "Ik heb al een account:" in html and 'name="account" value="inloggen"' in html
    assert "0 mensen steunen deze pijler" in html
    # Share options come after the action; Mastodon's server field is behind a disclosure.
    assert button < html.index('class="share-panel"')
    assert "<summary>Deel op Mastodon</summary>" in html


def test_in_plain_words_is_marked_as_ours_and_the_manifesto_text_stays(client):
    html = client.get("/manifest/lange-termijn").get_data(as_text=True)
    assert "In gewone woorden" in html and "Uitleg van wijkstem, niet de tekst van het manifest." in html
    assert "Een wijk wordt niet in een paar jaar beter." in html
    assert "Borgen van continuïteit in de uitvoering" in html  # verbatim
    _use_locale(client, "en")
    html = client.get("/manifest/lange-termijn").get_data(as_text=True)
    assert "In plain words" in html and "A neighbourhood does not get better in a few years." in html


def test_intent_survives_register_and_confirm_and_counts_with_the_motivation(client):
    response = client.get(f"/manifest/{SLUG}/steunen/start", query_string={"motivation": "  Wij weten wat werkt.  "})
    assert response.status_code == 302 and response.headers["Location"] == "/account/registreren"
    page = client.get("/account/registreren").get_data(as_text=True)
    assert "Na het bevestigen van je e-mailadres steun je:" in page and TITLE in page
    assert "Wij weten wat werkt." in page

    assert client.post("/account/registreren", data=FORM).headers["Location"] == "/account/bevestigen"
    user = db.session.scalar(select(User).where(User.email == "noor@example.org"))
    pending = db.session.scalar(select(PendingEndorsement).where(PendingEndorsement.user_id == user.id))
    assert pending.motivation == "Wij weten wat werkt."
    assert counts_for_pillar(_pillar().id).total == 0  # not yet: the address is not confirmed
    page = client.get("/account/bevestigen").get_data(as_text=True)
    assert "We onthouden je steun. Die telt mee zodra je je e-mailadres bevestigt:" in page

    link = path_of(outbox_links("noor@example.org")[0])
    response = client.post(link)
    assert response.headers["Location"] == f"/manifest/{SLUG}/bedankt"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Bedankt, je steunt nu ‘{TITLE}’" in html
    assert "Je e-mailadres is bevestigd. Je steun telt nu mee." in html
    assert "Je bent de eerste: 1 persoon steunt deze pijler." in html and "Wij weten wat werkt." in html
    endorsement = db.session.scalar(select(Endorsement).where(Endorsement.user_id == user.id))
    assert endorsement.motivation == "Wij weten wat werkt."
    assert counts_for_pillar(_pillar().id).total == 1
    assert "Je rol is nog niet bevestigd." not in client.get("/account").get_data(as_text=True)  # a resident


def test_confirming_in_another_browser_logs_in_there_and_then_thanks(app, client):
    client.get(f"/manifest/{SLUG}/steunen/start", query_string={"motivation": "Ja!"})
    client.post("/account/registreren", data=FORM)
    other = app.test_client()
    link = path_of(outbox_links("noor@example.org")[0])
    response = other.post(link)
    assert response.headers["Location"].startswith("/account/inloggen?next=/manifest/")
    response = other.post(response.headers["Location"], data={"email": FORM["email"], "password": FORM["password"]})
    assert response.headers["Location"] == f"/manifest/{SLUG}/bedankt"


def test_intent_survives_logging_in(client, make_user):
    user = make_user(email="kees@example.org")
    response = client.get(
        f"/manifest/{SLUG}/steunen/start", query_string={"motivation": "Omdat het werkt.", "account": "inloggen"}
    )
    assert response.headers["Location"].startswith("/account/inloggen?next=")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Log in om deze pijler te steunen." in page and "Na het inloggen steun je:" in page
    response = client.post(response.headers["Location"], data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == f"/manifest/{SLUG}/bedankt"
    endorsement = db.session.scalar(select(Endorsement).where(Endorsement.user_id == user.id))
    assert endorsement.motivation == "Omdat het werkt."
    # The intent is used once: logging in again later does not endorse anything.
    client.post("/account/uitloggen")
    response = client.post("/account/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] != f"/manifest/{SLUG}/bedankt"


def test_an_unconfirmed_person_logging_in_has_the_intent_kept(client, make_user):
    user = make_user(email="nog@example.org", email_confirmed_at=None)
    client.get(f"/manifest/{SLUG}/steunen/start", query_string={"motivation": "Later", "account": "inloggen"})
    response = client.post("/account/inloggen", data={"email": user.email, "password": PASSWORD}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "We onthouden je steun. Bevestig je e-mailadres, dan tellen we hem mee." in html
    assert (
        db.session.scalar(select(PendingEndorsement.motivation).where(PendingEndorsement.user_id == user.id)) == "Later"
    )


@pytest.mark.parametrize(
    ("locale", "first", "second"),
    [
        ("nl", "Je bent de eerste: 1 persoon steunt deze pijler.", "Met jou steunen nu 2 mensen deze pijler."),
        ("en", "You are the first: 1 person endorses this pillar.", "With you, 2 people now endorse this pillar."),
    ],
)
def test_thank_you_step_counts_you_in_singular_and_plural(client, make_user, login, locale, first, second):
    user = make_user()
    login(user)
    _use_locale(client, locale)
    response = client.post(f"/manifest/{SLUG}/steunen", data={"motivation": "Goed plan"})
    assert response.headers["Location"] == f"/manifest/{SLUG}/bedankt"
    html = client.get(f"/manifest/{SLUG}/bedankt").get_data(as_text=True)
    assert first in html
    # The personal share link, the share buttons, the poster and the council.
    assert f"/manifest/{SLUG}?via={user.share_code}" in html
    assert "Jouw eigen link naar deze pijler" in html or "Your own link to this pillar" in html
    assert f"/manifest/{SLUG}/poster" in html and "https://wa.me/" in html
    assert "/gemeente/utrecht#gemeenteraad-titel" in html
    endorse_pillar(make_user(), _pillar())
    assert second in client.get(f"/manifest/{SLUG}/bedankt").get_data(as_text=True)


def test_thank_you_step_needs_an_endorsement(client, make_user, login):
    assert client.get(f"/manifest/{SLUG}/bedankt").headers["Location"].startswith("/account/inloggen")
    login(make_user())
    assert client.get(f"/manifest/{SLUG}/bedankt").headers["Location"] == f"/manifest/{SLUG}#steun"


def test_a_professional_is_asked_to_have_the_role_confirmed_with_the_form_filled_in(client, make_user, login):
    user = make_user(perspective="politician", perspective_role="raadslid")
    login(user)
    client.post(f"/manifest/{SLUG}/steunen", data={})
    assert "Laat je rol bevestigen" in client.get(f"/manifest/{SLUG}/bedankt").get_data(as_text=True)
    profile = client.get("/account").get_data(as_text=True)
    assert "Je rol is nog niet bevestigd." in profile and "/account/verificatie" in profile
    form = client.get("/account/verificatie").get_data(as_text=True)
    assert 'value="Gemeente Utrecht"' in form and 'value="Raadslid"' in form

    professional = make_user(perspective="professional", perspective_role="gemeente")
    client.post("/account/uitloggen")
    login(professional)
    assert 'value="Gemeente Utrecht"' in client.get("/account/verificatie").get_data(as_text=True)


def test_confirming_without_an_endorsement_leads_to_a_next_step(client):
    client.post("/account/registreren", data={**FORM, "perspective": "professional", "professional_role": "onderwijs"})
    response = client.post(path_of(outbox_links("noor@example.org")[0]))
    assert response.headers["Location"] == "/account/welkom"
    html = client.get("/account/welkom").get_data(as_text=True)
    assert "Steun een pijler van het manifest" in html and "Laat je rol bevestigen" in html


def test_sort_and_filter_appear_only_with_something_to_sort(client, make_user):
    assert 'class="comment-filter"' not in client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    author = make_user()
    post_comment(author, "pillar", _pillar().id, "Eerste reactie over de buurtkamer.")
    assert 'class="comment-filter"' not in client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    post_comment(author, "pillar", _pillar().id, "Tweede reactie over de speeltuin.")
    assert 'class="comment-filter"' in client.get(f"/manifest/{SLUG}").get_data(as_text=True)
