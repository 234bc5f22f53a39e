"""Every page and state the browser tests visit is built from NL Design System components: its headings,
links, tables, buttons and form controls carry the `utrecht-*` classes of the vendored library
(static/vendor/nlds/nlds.css), so the look comes from one component layer and the wijkstem theme's tokens,
not from own copies of those components. The few exceptions are listed, each with its reason, below.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from tests.council_fixtures import council_member, publish
from tests.experience_builders import make_experience
from tests.moderation_fixtures import make_request, sign_in
from tests.organisation_fixtures import organisation_pages
from tests.test_valid_html import PUBLIC, SIGNED_IN
from wijkstem.extensions import db
from wijkstem.models import Pillar
from wijkstem.services.discussion.comments import post_comment, reply_to

# The class (any one of them) that makes an element an NLDS component.
TEXT_INPUTS = ("utrecht-textbox",)
NEEDS: dict[str, tuple[str, ...]] = {
    "h1": ("utrecht-heading-1",),
    "h2": ("utrecht-heading-2",),
    "a": ("utrecht-link", "utrecht-button-link", "utrecht-button", "utrecht-skip-link"),
    "table": ("utrecht-table",),
    "caption": ("utrecht-table__caption",),
    "th": ("utrecht-table__header-cell",),
    "td": ("utrecht-table__cell",),
    "button": ("utrecht-button",),
    "select": ("utrecht-select",),
    "textarea": ("utrecht-textarea",),
    "input": TEXT_INPUTS,
}
INPUT_NEEDS = {"checkbox": ("utrecht-checkbox",), "submit": ("utrecht-button",)}

# The own copies of NLDS components that wijkstem.css no longer has: nothing may still rely on them.
RETIRED = {"button", "button--primary", "button--secondary", "button--danger", "input"}

# Elements that may go without an NLDS class, and why.
ALLOWED: dict[str, str] = {
    "radio__input": (
        "radio buttons: the vendored @utrecht/component-library-css has no radio-button component; "
        "the own .radio rule only lays the label beside the native control."
    ),
    "link-button": (
        "a form button that reads as a link (Uitloggen, the other language, Verwijderen, Nuttig): the "
        "vendored library has no link-button component; the own rule makes it look like utrecht-link."
    ),
    "svg": (
        "the map's regions on /cijfers are SVG <a> elements (keyboard users get the table beside it); "
        "the HTML link component does not apply to SVG, and a class there only draws a checker warning."
    ),
    "honeypot": "the field robots fill in; hidden from people and screen readers, so it has no look at all.",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.total: Counter[str] = Counter()
        self.nlds: Counter[str] = Counter()
        self.missing: list[str] = []
        self.retired: list[str] = []
        self._honeypot_depth = 0
        self._depth = 0
        self._in_svg = False

    def handle_starttag(self, tag, attrs):  # noqa: C901 (one table of rules)
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if RETIRED.intersection(classes):
            self.retired.append(self.get_starttag_text() or tag)
        if tag == "svg":
            self._in_svg = True
        if tag in ("div",):
            self._depth += 1
            if "honeypot" in classes:
                self._honeypot_depth = self._depth
        if tag not in NEEDS:
            return
        needs = NEEDS[tag]
        if tag == "input":
            kind = values.get("type", "text")
            if kind == "hidden":
                return
            needs = INPUT_NEEDS.get(kind, TEXT_INPUTS)
            if kind == "radio" and "radio__input" in classes:
                return
        if self._honeypot_depth or self._in_svg:
            return
        if "link-button" in classes:
            return
        self.total[tag] += 1
        if any(c == need or c.startswith(need + "--") for c in classes for need in needs):
            self.nlds[tag] += 1
        else:
            self.missing.append(self.get_starttag_text() or tag)

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg = False
        if tag == "div":
            if self._honeypot_depth == self._depth:
                self._honeypot_depth = 0
            self._depth -= 1


def _pages(client, make_user) -> dict[str, str]:
    admin = make_user(display_name="Ad Min", role="admin")
    resident = make_user(display_name="Rosa Bewoner")
    pillar = db.session.scalar(db.select(Pillar).filter_by(slug="bewoners-leidend"))
    comment = post_comment(resident, "pillar", pillar.id, "Bij ons werkt de buurtkamer goed.")
    reply_to(admin, comment, "Mooi, waar staat die buurtkamer?")
    experience = make_experience(resident, admin)
    make_request(make_user(display_name="Pim Professional"))
    member = council_member()
    said = publish(member)

    pages: dict[str, str] = {}

    def visit(label: str, path: str) -> None:
        response = client.get(path, follow_redirects=True)
        assert response.status_code in (200, 404), path
        pages[f"{label} {path}"] = response.get_data(as_text=True)

    for path in [
        *PUBLIC,
        f"/ervaringen/{experience.id}",
        f"/gemeente/utrecht/raad/{said.id}/versies",
        f"/gemeente/utrecht/raad/{said.id}/melden",
        f"/delen/mastodon?url=/manifest/{pillar.slug}",
    ]:
        visit("anon", path)
    pages.update(organisation_pages(client, make_user(display_name="Olga Organisatie"), admin))  # issue 27
    client.post("/account/uitloggen")
    pages["errors POST /account/registreren"] = client.post("/account/registreren", data={}).get_data(as_text=True)
    pages["errors POST /account/inloggen"] = client.post("/account/inloggen", data={}).get_data(as_text=True)

    sign_in(client, member)
    for path in ("/gemeente/utrecht", "/gemeente/utrecht/raad/nieuw", f"/gemeente/utrecht/raad/{said.id}/bewerken"):
        visit("council", path)

    sign_in(client, admin)
    for path in [
        *SIGNED_IN,
        f"/reacties/{comment.id}/melden",
        f"/reacties/{comment.id}/reageren",
        f"/ervaringen/{experience.id}",
        f"/ervaringen/{experience.id}/melden",
        f"/beheer/gebruikers/{resident.id}",
        "/gemeente/utrecht",
    ]:
        visit("admin", path)
    pages["errors POST /ervaringen/nieuw"] = client.post("/ervaringen/nieuw", data={}).get_data(as_text=True)
    return pages


def test_every_heading_link_table_button_and_control_is_an_nlds_component(client, make_user):
    collected = _Collector()
    missing: list[str] = []
    for name, html in _pages(client, make_user).items():
        collected.missing = []
        collected.feed(html)
        collected.close()
        collected.reset()
        missing.extend(f"{name}: {tag}" for tag in collected.missing)
    summary = ", ".join(f"{tag} {collected.nlds[tag]}/{collected.total[tag]}" for tag in NEEDS)
    assert sum(collected.total.values()) > 1000, summary  # the pages really were rendered
    assert missing == [], summary + "\n" + "\n".join(sorted(set(missing))[:200])
    assert collected.retired == [], "\n".join(sorted(set(collected.retired)))
