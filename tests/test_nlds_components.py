"""Every page and state the browser tests visit is built from NL Design System components: its headings,
links, tables, buttons and form controls carry the `utrecht-*` classes of the vendored library
(static/vendor/nlds/nlds.css), so the look comes from one component layer and the wijkstem theme's tokens,
not from own copies of those components. The few exceptions are listed, each with its reason, below.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

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
    "button": ("utrecht-button", "utrecht-link-button"),
    "select": ("utrecht-select",),
    "textarea": ("utrecht-textarea",),
    "input": TEXT_INPUTS,
}
INPUT_NEEDS = {"checkbox": ("utrecht-checkbox",), "radio": ("utrecht-radio-button",), "submit": ("utrecht-button",)}

# The own copies of NLDS components that wijkstem.css no longer has: nothing may still rely on them.
RETIRED = {"button", "button--primary", "button--secondary", "button--danger", "input"}

# Elements that may go without an NLDS class, and why.
ALLOWED: dict[str, str] = {
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
        if self._honeypot_depth or self._in_svg:
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


# Templates build these components with the macros of templates/_partials/components.html (imported as `nl`),
# never with the raw classes: one place decides the markup of a heading, link, button, table, alert,
# pagination, skip link and page header/footer.
MACRO_FILES = {"_partials/components.html"}
RAW_COMPONENT = re.compile(
    r'class="[^"]*\butrecht-(heading-[1-6]|link|link-button|button|table|alert|page-header|page-footer|pagination'
    r"|skip-link|paragraph|radio-button)\b"
)
# Raw component classes a template may still write, and why (none today).
RAW_ALLOWED: dict[str, str] = {}


def test_templates_use_the_component_macros_not_raw_classes():
    root = Path(__file__).resolve().parent.parent
    raw = []
    for path in sorted((root / "templates").rglob("*.html")):
        name = path.relative_to(root / "templates").as_posix()
        if name in MACRO_FILES or name in RAW_ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RAW_COMPONENT.search(line):
                raw.append(f"templates/{name}:{number}: {line.strip()[:120]}")
    assert raw == [], "use the nl.* macros (scripts/use_component_macros.py converts most):\n" + "\n".join(raw)


def test_the_conversion_script_finds_nothing_left_to_convert():
    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("use_component_macros", root / "scripts" / "use_component_macros.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, script)  # the script's dataclass looks its module up there
    spec.loader.exec_module(script)
    left = []
    for path in sorted((root / "templates").rglob("*.html")):
        name = path.relative_to(root / "templates").as_posix()
        text = path.read_text(encoding="utf-8")
        if name not in MACRO_FILES and script.convert(text, set(script.AREAS), name) != text:
            left.append(name)
    assert left == []
