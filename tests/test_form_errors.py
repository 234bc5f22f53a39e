"""Form errors the GOV.UK / NL Design System way: one summary that says what to do, links to each field,
"Fout: " before the page title, the message beside the field, and no error marking before sending."""

from __future__ import annotations

import re
from html import unescape

from tests.participation_fixtures import SLUG


def _title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match
    return unescape(match.group(1)).strip()


def _summary(html: str) -> str:
    match = re.search(r'<div class="[^"]*\berror-summary\b[^"]*"[^>]*>.*?</ul>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def test_failed_registration_says_what_to_do_and_links_every_message_to_its_field(client):
    html = client.post("/account/registreren", data={"email": "geen-adres", "display_name": "Anna"}).get_data(as_text=True)

    assert _title(html).startswith("Fout: Account maken")
    summary = _summary(html)
    assert "Controleer wat je hebt ingevuld" in summary and "Er ging iets mis" not in summary
    assert "autofocus" in summary and 'tabindex="-1"' in summary  # focus lands on it, also without JavaScript
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets[:2] == ["email", "perspective"]  # in the order the page shows the fields
    for target in targets:
        assert f'id="{target}"' in html, f"summary link #{target} leads nowhere"
    # The message also stands beside the field, and the field points at it.
    assert '<p class="field__error utrecht-form-field-error-message" id="email-error">' in html
    assert re.search(r'<input[^>]*aria-describedby="email-hint email-error"[^>]*aria-invalid="true"', html)
    assert 'value="geen-adres"' in html and 'value="Anna"' in html  # nothing typed is lost


def test_forms_on_load_have_no_error_marking_and_no_fout_in_the_title(client, login, make_user, pillar):
    html = client.get("/account/registreren").get_data(as_text=True)
    assert _title(html) == "Account maken · wijkstem"
    assert "data-error-summary" not in html and 'aria-invalid="true"' not in html

    login(make_user())
    page = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert not _title(page).startswith("Fout:")
    assert "data-error-summary" not in page and 'aria-invalid="true"' not in page


def test_failed_comment_puts_fout_in_the_title_of_the_pillar_page(client, login, make_user, pillar):
    login(make_user())
    html = client.post(f"/manifest/{SLUG}/reacties", data={"body": "x"}).get_data(as_text=True)
    assert _title(html).startswith("Fout: ")
    assert 'href="#body"' in _summary(html)


def test_english_summary_and_title(client):
    with client.session_transaction() as session:
        session["locale"] = "en"
    html = client.post("/account/registreren", data={}).get_data(as_text=True)
    assert _title(html).startswith("Error: ")
    assert "Check what you have entered" in _summary(html)


def test_vendored_invalid_red_is_held_back_until_touched_or_sent(client):
    css = client.get("/static/css/wijkstem.css").get_data(as_text=True)
    assert ".utrecht-textarea--html-textarea:invalid:not(:user-invalid, [aria-invalid=true])" in css
    # The heading of the summary is never squeezed into a column beside the list.
    assert ".error-summary.utrecht-alert { display: block; }" in css
