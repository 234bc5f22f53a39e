"""Every count above a thousand reads the Dutch way, "1.000", where the code once used "%(num)d" or a
raw number: the digest, the experience form's hint and error, an experience card, the similar
experiences, the writing help and the sharer's profile. (The voting round's progress, the versions page,
the API documentation and the moderators' flash use the same `num=…|getal` / format_decimal.)"""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

from flask import render_template
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from wijkstem.blueprints.experiences.forms import ExperienceForm


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_digest_counts_with_a_thousands_separator(app):
    section = SimpleNamespace(
        title="Utrecht",
        status_steps=[],
        responses=[],
        milestones=[SimpleNamespace(threshold=1000)],
        experiences=[SimpleNamespace(title="Buurtkamer")] * 1000,
        verified_supporters=1234,
        link="http://localhost/gemeente/utrecht",
    )
    with app.test_request_context():
        mail = render_template(
            "mail/digest.txt",
            user=SimpleNamespace(display_name="Sanne"),
            sections=[section],
            unsubscribe_link="x",
            settings_link="y",
            KIND_LABELS={},
            ROLE_LABELS={},
            VOICE_LABELS={},
            STEP_LABELS={},
        )
    assert "Mijlpaal in Utrecht: 1.000 mensen steunen het manifest." in mail
    assert "1.000 nieuwe ervaringen:" in mail
    assert "1.234 nieuwe geverifieerde beroepskrachten en politici steunen het manifest." in mail
    assert not re.search(r"\d{4}", mail.replace("W0", "")), mail  # no four digits in a row anywhere


def test_the_experience_form_says_5000_the_dutch_way(app, client, login, make_user):
    login(make_user())
    page = _text(client.get("/ervaringen/nieuw").get_data(as_text=True))
    assert "Tussen 50 en 5.000 tekens." in page and "5000" not in page
    with app.test_request_context():
        form = ExperienceForm(meta={"csrf": False}, formdata=MultiDict({"story": "woord " * 1200}))
        form.validate()
        assert "Je verhaal moet tussen 50 en 5.000 tekens lang zijn." in form.story.errors
        with force_locale("en"):
            form = ExperienceForm(meta={"csrf": False}, formdata=MultiDict({"story": "kort"}))
            form.validate()
            assert "Your story must be between 50 and 5,000 characters long." in form.story.errors


def test_an_experience_card_and_the_similar_ones_count_the_dutch_way(app):
    experience = SimpleNamespace(
        id=7,
        slug="buurtkamer",
        title="Buurtkamer",
        photo=None,
        kind="goes_well",
        municipality=SimpleNamespace(name="Utrecht"),
        wijk=None,
        approved_at=date(2026, 12, 1),
        recognition_count=1000,
        pillars=[],
    )
    with app.test_request_context():
        card = _text(
            render_template(
                "experiences/_card.html",
                experience=experience,
                kind_labels={},
                author_line=lambda e: "Sanne",
                excerpt=lambda e: "Een verhaal.",
                comment_counts={7: 2500},
            )
        )
        similar = _text(render_template("experiences/_similar.html", similar=[(experience, 0.9)] * 1000))
    assert "1.000 keer herkenbaar" in card and "2.500 reacties" in card
    assert "Er staan al 1.000 ervaringen op wijkstem die op de jouwe lijken." in similar


def test_the_writing_help_counts_the_dutch_way(app):
    sentence = SimpleNamespace(text="Dit is een heel lange zin " * 300, words=1500)
    review = SimpleNamespace(words=1500, has_hints=True, level=None, long_sentences=[sentence] * 1000, rare_words=[])
    with app.test_request_context():
        help_text = _text(render_template("_partials/writing_help.html", writing_review=review))
    assert "1.000 zinnen zijn lang" in help_text and "(1.500 woorden)" in help_text


def test_the_sharers_profile_counts_the_dutch_way(client, login, make_user, monkeypatch):
    import wijkstem.blueprints.accounts.routes as routes

    monkeypatch.setattr(routes, "credited_endorsements", lambda user: 1200)
    login(make_user())
    page = _text(client.get("/account").get_data(as_text=True))
    assert "Via links die jij deelde, kwamen 1.200 steunbetuigingen binnen." in page


def test_the_comment_form_says_2000_the_dutch_way(client, login, make_user):
    login(make_user())
    page = _text(client.get("/manifest/bewoners-leidend").get_data(as_text=True))
    assert "Hoogstens 2.000 tekens." in page and "2000" not in page
