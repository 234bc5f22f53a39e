"""Non-zero endorsement counts for sharing tests: the endorse branch owns the real ones."""

from __future__ import annotations

from html.parser import HTMLParser

from wijkstem.services.endorsements import endorsements, people_counters
from wijkstem.services.endorsements.endorsements import EndorsementCounts
from wijkstem.services.endorsements.people_counters import PeopleCounts

NATIONAL = {
    "bewoners-leidend": EndorsementCounts(total=1234, resident=1000, professional=200, politician=34, verified=50),
    "lange-termijn": EndorsementCounts(total=567, resident=400, professional=150, politician=17, verified=20),
    "maak-het-mogelijk": EndorsementCounts(total=89, resident=60, professional=20, politician=9, verified=5),
}
LOCAL = {
    "bewoners-leidend": EndorsementCounts(total=73, resident=61, professional=9, politician=3, verified=4),
    "lange-termijn": EndorsementCounts(total=41, resident=30, professional=8, politician=3, verified=2),
}
# People, each counted once (fewer than the endorsements: some support two pillars).
LOCAL_PEOPLE = PeopleCounts(total=80, resident=66, professional=10, politician=4, verified=5, named=0)
NATIONAL_PEOPLE = PeopleCounts(total=1500, resident=1200, professional=250, politician=50, verified=60)


def patch_counts(
    monkeypatch, national=None, local=None, participation=None, endorsers=None, people=None, national_people=None
) -> None:
    national = NATIONAL if national is None else national
    local = LOCAL if local is None else local
    people = LOCAL_PEOPLE if people is None else people
    national_people = NATIONAL_PEOPLE if national_people is None else national_people
    monkeypatch.setattr(people_counters, "people_in", lambda municipality_id: people)
    monkeypatch.setattr(people_counters, "people_nationally", lambda: national_people)
    monkeypatch.setattr(endorsements, "pillar_counts", lambda: dict(national))
    monkeypatch.setattr(endorsements, "municipality_pillar_counts", lambda municipality_id: dict(local))
    monkeypatch.setattr(endorsements, "municipality_participation", lambda limit=10: list(participation or [])[:limit])
    monkeypatch.setattr(endorsements, "visible_verified_endorsers", lambda municipality_id: list(endorsers or []))


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags_of(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def meta_of(html: str) -> dict[str, str]:
    """og:*, twitter:*, description and canonical of a page."""
    found = {}
    for tag, attrs in tags_of(html):
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            found[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        elif tag == "link" and attrs.get("rel") == "canonical":
            found["canonical"] = attrs["href"]
    return found
