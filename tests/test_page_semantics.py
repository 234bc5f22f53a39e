"""Issue 26: what a screen reader's lists of links, landmarks and headings make of a page. Links
with the same name go to the same place; a comment is no article without a heading; aria-label
only where the element takes a name."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from wijkstem.extensions import db
from wijkstem.models import Pillar
from wijkstem.services.discussion.comments import post_comment, reply_to

# Elements whose implicit role takes no aria-label when it has no role of its own (ARIA in HTML);
# ol and ul are lists, which the Nu checker flags as a possible misuse.
NAMELESS = {"ol", "ul", "li", "p", "span", "div", "strong", "em", "b", "i", "small"}


class Reading(HTMLParser):
    """The links (name -> targets), the articles (with or without a heading) and misplaced aria-labels."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, set[str]] = {}
        self.articles: list[bool] = []
        self.misplaced_labels: list[str] = []
        self._link: dict | None = None
        self._open_articles: list[int] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "aria-label" in attributes and tag in NAMELESS and "role" not in attributes:
            self.misplaced_labels.append(self.get_starttag_text() or tag)
        if tag == "a" and "href" in attributes:
            self._link = {"href": attributes["href"], "label": attributes.get("aria-label"), "text": ""}
        if tag == "article":
            self.articles.append(False)
            self._open_articles.append(len(self.articles) - 1)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self._open_articles:
            self.articles[self._open_articles[-1]] = True

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            name = " ".join((self._link["label"] or self._link["text"]).split()).lower()
            # One place: the same address, written absolute or relative, with or without a fragment.
            target = re.sub(r"^https?://[^/]+", "", self._link["href"].split("#")[0])
            self.links.setdefault(name, set()).add(target)
            self._link = None
        if tag == "article" and self._open_articles:
            self._open_articles.pop()

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data


def read(client, path: str) -> Reading:
    response = client.get(path)
    assert response.status_code == 200, path
    reading = Reading()
    reading.feed(response.get_data(as_text=True))
    return reading


def test_links_with_one_name_lead_to_one_place_on_the_municipality_pages(client):
    for path in ("/gemeente/utrecht", "/cijfers/gemeente/utrecht"):
        reading = read(client, path)
        same_name_other_target = {name: targets for name, targets in reading.links.items() if len(targets) > 1}
        assert same_name_other_target == {}, path
        assert "download de cijfers als tabel" in reading.links and "download de ervaringen als tabel" in reading.links


def test_comments_and_their_replies_read_without_warnings(client, make_user):
    anna, ben = make_user(display_name="Anna"), make_user(display_name="Ben")
    pillar = db.session.scalar(db.select(Pillar).filter_by(slug="bewoners-leidend"))
    comment = post_comment(anna, "pillar", pillar.id, "Bij ons werkt de buurtkamer goed.")
    reply_to(ben, comment, "Waar staat die buurtkamer?")
    reading = read(client, "/manifest/bewoners-leidend")
    assert all(reading.articles)  # no article without a heading (each comment was one)
    assert reading.misplaced_labels == []
    page = client.get("/manifest/bewoners-leidend").get_data(as_text=True)
    assert 'role="group" aria-label="Antwoorden"' in page and "Waar staat die buurtkamer?" in page
