"""Issue 24, item 1: plain Dutch (B1), measured on every public page and state, and on the mails.

Per page (the site's own words only: the manifesto's verbatim text and people's own words are left out,
see tests/b1_text.py): the Flesch-Douma score (textstat, lang "nl", syllables by pyphen), sentences of
at most 20 words, and no word outside wordfreq's common Dutch words unless the glossary
(wijkstem/services/content/glossary.py) accepts or explains it. One word per idea: the other names of an
idea are not used. An explained term comes with its explanation on the same page.

Thresholds (docs/plain_language.md): the B1 sample story of tests/test_writing_help.py scores 84, the
B1 texts of the site that readers praised (the "Hoe we tellen" and privacy pages) score 60 to 75, and
officialese scores below 30. A page passes at MIN_SCORE or more.

`B1_REPORT=1 pytest tests/test_b1_language.py -s` prints the table of docs/plain_language.md.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.b1_text import html_blocks, mail_blocks, manifesto_verbatim, measure, without_quotes
from tests.conftest import PASSWORD, log_in
from tests.council_fixtures import council_member, publish
from tests.experience_builders import form_data, make_experience
from tests.moderation_fixtures import make_request
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Municipality, OutboxMessage, Pillar
from wijkstem.services.accounts import verification
from wijkstem.services.content.glossary import EXPLAINED_TERMS, ONE_WORD_PER_IDEA
from wijkstem.services.council import digests, follows
from wijkstem.services.discussion.comments import post_comment
from wijkstem.services.experiences import experience_moderation
from wijkstem.services.experiences.writing_help import review_text

ROOT = Path(__file__).resolve().parents[1]
MIN_SCORE = 60.0
MAX_SENTENCE_WORDS = 20

# People's own words in the scene below: quoted on the pages, not ours to measure.
STORY = (
    "In onze straat staan nu plantenbakken. De buren zorgen er samen voor. Kinderen helpen met water geven."
)
COMMENT = "Bij ons in de wijk werkt dit ook goed, vooral de buurtkamer op woensdag."
REPLY = "Dat herken ik, bij ons is het de moestuin."
COUNCIL_TEXT = "De raad bespreekt het manifest op 12 januari."
HARD_TEXT = "De integrale benadering vereist structurele samenwerking tussen gemeente en partners."
OWN_WORDS = [
    HARD_TEXT,
    *review_text(HARD_TEXT).rare_words,  # quoted back to the writer in the tips
    STORY,
    COMMENT,
    REPLY,
    COUNCIL_TEXT,
    "Plantenbakken in de straat",
    "Een buurtkamer voor iedereen",
    "Partij voor de Wijk",
    "Wijkregisseur",
    "Gemeente Utrecht",
    "Spam of reclame",
]


def quoted_texts() -> list[str]:
    names = [m.name for m in db.session.scalars(select(Municipality))]
    aliases = tomllib.loads((ROOT / "wijkstem" / "content" / "gemeente_aliassen.toml").read_text(encoding="utf-8"))
    names += [*aliases, *(part for name in names for part in re.split(r"[- ]", name) if len(part) > 3)]
    people = [f"Persoon {n}" for n in range(0, 400)]
    return [*manifesto_verbatim(), *OWN_WORDS, *names, *people, "Ria Raadslid", "Anna", "Bram"]


@pytest.fixture
def scene(app, make_user):
    """A site in use: people of every kind, an experience, a comment thread, a council response."""
    moderator = make_user(role="moderator", display_name="Mo Derator")
    resident = make_user(display_name="Anna", email="anna@example.org")
    professional = make_user(display_name="Bram", perspective="professional", perspective_role="gemeente")
    member = council_member(display_name="Ria Raadslid")
    pillar = db.session.scalar(select(Pillar).where(Pillar.position == 1))
    experience = make_experience(resident, moderator, story=STORY)
    make_experience(resident, title="Een buurtkamer voor iedereen", approve=False)
    comment = post_comment(resident, "pillar", pillar.id, COMMENT)
    response = publish(member, COUNCIL_TEXT)
    make_request(professional)
    return {
        "moderator": moderator,
        "resident": resident,
        "professional": professional,
        "member": member,
        "pillar": pillar,
        "experience": experience,
        "comment": comment,
        "response": response,
    }


ANONYMOUS_PAGES = [
    "/",
    "/manifest",
    "/manifest/bewoners-leidend",
    "/manifest/lange-termijn",
    "/manifest/maak-het-mogelijk",
    "/manifest/bewoners-leidend/stellingen",
    "/manifest/bewoners-leidend/steunbetuigingen",
    "/manifest/bewoners-leidend/steunen/start",
    "/manifest/afdrukken",
    "/over",
    "/hoe-we-tellen",
    "/privacy",
    "/toegankelijkheid",
    "/gemeenten",
    "/gemeente/utrecht",
    "/gemeente/utrecht/politici-en-beroepskrachten",
    "/gemeente/utrecht/afdrukken",
    "/gemeente/amsterdam",
    "/ervaringen",
    "/ervaringen?gemeente=utrecht",
    "/cijfers",
    "/cijfers/gemeente/utrecht",
    "/cijfers/moderatie",
    "/api/v1/documentatie",
    "/account/registreren",
    "/account/inloggen",
    "/account/wachtwoord-vergeten",
    "/account/bevestigen/opnieuw",
    "/account/nieuw-wachtwoord/ongeldig",
    "/embed/pillar/bewoners-leidend",
    "/embed/gemeente/utrecht",
    "/organisaties",
    "/bestaat-niet",
]

RESIDENT_PAGES = [
    "/account",
    "/account/welkom",
    "/account/ervaringen",
    "/account/meldingen",
    "/account/op-de-hoogte",
    "/account/wachtwoord",
    "/account/e-mailadres",
    "/account/verwijderen",
    "/ervaringen/nieuw",
    "/organisaties/nieuw",
    "/manifest/bewoners-leidend/bedankt",
]

PROFESSIONAL_PAGES = ["/account", "/account/verificatie"]


def _scene_pages(scene) -> list[tuple[str, str]]:
    experience, comment, response = scene["experience"], scene["comment"], scene["response"]
    return [
        ("anonymous", f"/ervaringen/{experience.id}"),
        ("anonymous", f"/gemeente/utrecht/raad/{response.id}/versies"),
        ("resident", f"/reacties/{comment.id}/reageren"),
        ("resident", f"/reacties/{comment.id}/bewerken"),
        ("professional", f"/reacties/{comment.id}/melden"),
        ("professional", f"/ervaringen/{experience.id}/melden"),
        ("resident", f"/ervaringen/{experience.id}/bewerken"),
        ("member", "/gemeente/utrecht/raad/nieuw"),
    ]


def _clients(app, scene):
    clients = {"anonymous": app.test_client()}
    for role in ("resident", "professional", "member"):
        clients[role] = app.test_client()
        log_in(clients[role], scene[role], PASSWORD)
    return clients


FORM_STATES = [
    # (who, url, form data): a form sent with mistakes, and the writing-help step.
    ("anonymous", "/account/registreren", {"email": "geen-adres", "password": "kort"}),
    ("anonymous", "/account/inloggen", {"email": "anna@example.org", "password": "fout-wachtwoord"}),
    ("resident", "/ervaringen/nieuw", {"title": "", "story": ""}),
    ("professional", "/account/verificatie", {"organisation": "", "function": ""}),
]


def _names_in(document: object) -> list[str]:
    """The names in the OpenAPI document (fields, schemas, values): code, English on purpose."""
    if isinstance(document, dict):
        names = [key for key in document if re.fullmatch(r"[\w$./{}-]+", key)]
        for key, value in document.items():
            names += _names_in(value)
            if key in {"enum", "required", "example", "$ref", "name", "type", "format", "in", "operationId"}:
                names += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
        return names
    if isinstance(document, list):
        return [n for item in document for n in _names_in(item)]
    return []


def rendered_pages(app, scene) -> dict[str, list[str]]:
    """Page name -> its blocks of visible text (the site's own words only)."""
    clients = _clients(app, scene)
    pages: dict[str, list[str]] = {}
    quoted = quoted_texts()
    api_names = _names_in(clients["anonymous"].get("/api/v1/openapi.json").get_json())

    def read(who: str, url: str, data: dict | None = None, label: str = "") -> None:
        client = clients[who]
        response = client.post(url, data=data) if data is not None else client.get(url, follow_redirects=True)
        assert response.status_code in (200, 400, 404, 422), f"{url} as {who}: {response.status_code}"
        html = response.get_data(as_text=True)
        name = label or (url if who == "anonymous" else f"{url} ({who})")
        pages[name] = without_quotes(html_blocks(html), quoted + (api_names if "/api/" in url else []))
        if "layout (kop en voet)" not in pages and who == "anonymous":
            pages["layout (kop en voet)"] = without_quotes(html_blocks(html, "frame"), quoted)

    for url in ANONYMOUS_PAGES:
        read("anonymous", url)
    for url in RESIDENT_PAGES:
        read("resident", url)
    for url in PROFESSIONAL_PAGES:
        read("professional", url)
    for who, url in _scene_pages(scene):
        read(who, url)
    for who, url, data in FORM_STATES:
        read(who, url, data, label=f"{url}, fouten ({who})")
    hard = form_data(story=HARD_TEXT)
    read("resident", "/ervaringen/nieuw", {**hard, "bekijk_tekst": "1"}, label="/ervaringen/nieuw, Bekijk je tekst")
    return pages


def mails(app, scene) -> dict[str, list[str]]:
    """Mail name -> its blocks of text: registration, confirmation, digest, verification decisions."""
    client = app.test_client()
    client.post(
        "/account/registreren",
        data={
            "email": "nieuw@example.org",
            "display_name": "Nieuw",
            "perspective": "resident",
            "municipality": "Utrecht",
            "show_name": "y",
            "password": "fietsen-langs-de-vecht",
            "password_repeat": "fietsen-langs-de-vecht",
            "accept_terms": "y",
        },
    )
    client.post(
        "/account/registreren",
        data={"email": "anna@example.org", "display_name": "Anna", "perspective": "resident",
              "municipality": "Utrecht", "password": "fietsen-langs-de-vecht",
              "password_repeat": "fietsen-langs-de-vecht", "accept_terms": "y"},
    )
    app.test_client().post("/account/wachtwoord-vergeten", data={"email": "anna@example.org"})
    with app.test_request_context():
        moderator = scene["moderator"]
        request = db.session.scalar(select(verification.VerificationRequest))
        verification.approve_verification(moderator, request.id, None)
        other = make_request(scene["resident"], organisation="Bewonersgroep")
        verification.reject_verification(moderator, other.id, "Niet te controleren")
        waiting = make_experience(scene["resident"], title="Een buurtkamer", approve=False)
        experience_moderation.reject(moderator, waiting.id, "Spam of reclame")
        second = make_experience(scene["resident"], title="Een buurtkamer", approve=False)
        experience_moderation.approve(moderator, second.id)
        db.session.commit()
        follower = scene["resident"]
        follows.follow_municipality(follower, follower.municipality)
        publish(scene["member"], COUNCIL_TEXT)
        digests.build_digests(now=utcnow() + timedelta(minutes=1))
    found: dict[str, list[str]] = {}
    quoted = quoted_texts()
    for message in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)):
        name = f"mail: {message.subject}"
        name = name if name not in found else f"{name} ({sum(n.startswith(name) for n in found) + 1})"
        found[name] = without_quotes(mail_blocks(message.subject + "\n\n" + message.body_text), quoted)
    return found


@pytest.fixture
def texts(app, scene):
    return {**rendered_pages(app, scene), **mails(app, scene)}


def _words_lower(blocks: list[str]) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", " ".join(blocks))}


def test_every_page_and_mail_reads_at_b1(texts):
    rows = {name: measure(blocks) for name, blocks in texts.items()}
    if os.environ.get("B1_REPORT"):
        print("\n| page | words | sentences | Flesch-Douma | over 20 words | uncommon words |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name, m in rows.items():
            print(f"| {name} | {m.words} | {m.sentences} | {m.score} | {len(m.long_sentences)} | {', '.join(m.rare_words)} |")
        for name in os.environ.get("B1_SHOW", "").split("|"):
            if name in texts:
                print(f"TEXT {name}:", " / ".join(texts[name]))
        for name, m in rows.items():
            for sentence in m.long_sentences:
                print(f"LONG {name}: {sentence}")
    problems = []
    for name, m in rows.items():
        if m.score is not None and m.words >= 20 and m.score < MIN_SCORE:
            problems.append(f"{name}: Flesch-Douma {m.score} < {MIN_SCORE}")
        problems.extend(f"{name}: long sentence: {s}" for s in m.long_sentences)
        if m.rare_words:
            problems.append(f"{name}: uncommon words {', '.join(m.rare_words)}")
    assert problems == [], "\n".join(problems)


def test_one_word_per_idea(texts):
    problems = []
    for name, blocks in texts.items():
        words = _words_lower(blocks)
        for chosen, others in ONE_WORD_PER_IDEA.items():
            used = sorted(words & set(others))
            if used:
                problems.append(f"{name}: {', '.join(used)} (say {chosen!r})")
    assert problems == [], "\n".join(problems)


def test_explained_terms_come_with_their_explanation(texts):
    problems = []
    for name, blocks in texts.items():
        words = _words_lower(blocks)
        text = " ".join(blocks)
        for term, explanation in EXPLAINED_TERMS.items():
            if term in words and str(explanation) not in text:
                problems.append(f"{name}: {term!r} without {str(explanation)!r}")
    assert problems == [], "\n".join(problems)


def test_the_extraction_leaves_out_quotes_and_keeps_our_words():
    html = (
        "<html><body><header><a>Home</a></header><main><h1>Kies voor de lange termijn</h1>"
        "<p>Steun deze pijler.</p><script>var x = 1;</script><p hidden>Verborgen</p>"
        f"<blockquote>{COMMENT}</blockquote><code>GET /api</code></main></body></html>"
    )
    blocks = without_quotes(html_blocks(html), quoted_texts_static())
    assert blocks == ["Steun deze pijler."]
    assert html_blocks(html, "frame") == ["Home"]


def quoted_texts_static() -> list[str]:
    return [*manifesto_verbatim(), *OWN_WORDS]


def test_the_measure_tells_b1_from_officialese():
    from tests.test_writing_help import B1_STORY, HARD_STORY

    easy, hard = measure([B1_STORY]), measure([HARD_STORY])
    assert easy.score is not None and easy.score >= MIN_SCORE and not easy.long_sentences
    assert hard.score is not None and hard.score < MIN_SCORE and hard.long_sentences and hard.rare_words


def test_the_dossier_quotes_keep_their_wording_with_our_summary_beside_them(client):
    html = client.get("/over").get_data(as_text=True)
    # The dossier's own words, as published (quotes: not rewritten).
    assert "opeenstapeling van armoede" in html and "de baat is evident" in html
    summaries = re.findall(r"<p class=\"b1-summary\" data-b1-summary>(.*?)</p>", html, re.S)
    assert len(summaries) == 2 and all("In gewone woorden, door wijkstem:" in s for s in summaries)
    assert measure([re.sub(r"<[^>]+>", " ", s) for s in summaries]).score >= MIN_SCORE
