"""Finding a municipality from what a person types: official names, common names, small typos.

Order of trust: the exact name, slug or CBS code; a common name from content/gemeente_aliassen.toml
("Den Bosch"); the name without its province in brackets ("Hengelo" for "Hengelo (O.)"). Anything
else is a suggestion ("Bedoel je Utrecht?"), never a silent guess.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from wijkstem.extensions import db
from wijkstem.models import Municipality

ALIASES_FILE = Path(__file__).resolve().parent.parent.parent / "content" / "gemeente_aliassen.toml"
QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")
LEADING_S = re.compile(r"^'s-")


def normalised(text: str) -> str:
    """Lower case, accents and punctuation gone: "Súdwest-Fryslân" and "sudwest fryslan" are equal."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Common name (normalised) -> CBS name."""
    with ALIASES_FILE.open("rb") as fh:
        return {normalised(common): official for common, official in tomllib.load(fh).items()}


def aliases_by_name() -> list[tuple[str, str]]:
    """(common name, CBS name) as written in the file, for the A-Z index."""
    with ALIASES_FILE.open("rb") as fh:
        return sorted(tomllib.load(fh).items(), key=lambda item: normalised(item[0]))


def index_letter(name: str) -> str:
    """The letter a name is listed under: 's-Gravenhage under G, Súdwest-Fryslân under S."""
    key = normalised(LEADING_S.sub("", name))
    return key[:1].upper() if key[:1].isalpha() else "#"


@dataclass(frozen=True)
class IndexEntry:
    label: str  # the official name, or a common name ("Den Bosch")
    municipality: Municipality
    official: str | None  # for a common name: the CBS name it stands for


@dataclass(frozen=True)
class IndexLetter:
    letter: str
    entries: list[IndexEntry]


def a_to_z(municipalities: list[Municipality]) -> list[IndexLetter]:
    """The A-Z index: every municipality and every common name of one, grouped by letter, each group
    in alphabetical order (case ignored). One pass here, so the page's template only writes rows."""
    by_name = {m.name: m for m in municipalities}
    entries = [IndexEntry(m.name, m, None) for m in municipalities]
    for common, official in aliases_by_name():
        if official in by_name:
            entries.append(IndexEntry(common, by_name[official], official))
    groups: dict[str, list[IndexEntry]] = {}
    for entry in sorted(entries, key=lambda e: e.label.lower()):
        groups.setdefault(index_letter(entry.label), []).append(entry)
    return [IndexLetter(letter, groups[letter]) for letter in sorted(groups)]


def _all() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def _exact(text: str, municipalities: list[Municipality]) -> Municipality | None:
    wanted = normalised(text)
    if not wanted:
        return None
    official = aliases().get(wanted)
    base_matches = []
    for municipality in municipalities:
        if municipality.code == text.strip().upper() or municipality.slug == text.strip().lower():
            return municipality
        if normalised(municipality.name) == wanted or municipality.name == official:
            return municipality
        if normalised(QUALIFIER.sub("", municipality.name)) == wanted:
            base_matches.append(municipality)
    return base_matches[0] if len(base_matches) == 1 else None


def _starts_with(municipality: Municipality, wanted: str) -> bool:
    name = normalised(municipality.name)
    return name.startswith(wanted) or normalised(LEADING_S.sub("", municipality.name)).startswith(wanted)


def find_municipality(text: str) -> Municipality | None:
    """Accepts the name, a common name, the slug or the CBS code; None when unsure."""
    if not (text or "").strip():
        return None
    return _exact(text, _all())


def suggestions(text: str, limit: int = 3) -> list[Municipality]:
    """Names a person probably meant: those starting with what they typed, else the closest spellings."""
    wanted = normalised(text)
    if not wanted:
        return []
    municipalities = _all()
    by_key = {normalised(m.name): m for m in municipalities}
    starts = [m for m in municipalities if _starts_with(m, wanted)]
    if starts:
        return starts[:limit]
    close = difflib.get_close_matches(wanted, list(by_key) + list(aliases()), n=limit, cutoff=0.75)
    found: list[Municipality] = []
    for key in close:
        municipality = by_key.get(key) or next((m for m in municipalities if m.name == aliases().get(key)), None)
        if municipality is not None and municipality not in found:
            found.append(municipality)
    return found


@dataclass(frozen=True)
class SearchResult:
    municipalities: list[Municipality]
    suggestions: list[Municipality]


def search_municipalities(query: str) -> SearchResult:
    """Exact and common names first, then names starting with the query, then names or provinces
    containing it; when nothing matches, the closest spellings as suggestions."""
    municipalities = _all()
    if not (query or "").strip():
        return SearchResult(municipalities, [])
    wanted = normalised(query[:100])
    if not wanted:  # only punctuation, like "%"
        return SearchResult([], [])
    exact = _exact(query, municipalities)

    def rank(municipality: Municipality) -> int | None:
        name = normalised(municipality.name)
        if municipality is exact:
            return 0
        if _starts_with(municipality, wanted):
            return 1
        if wanted in name:
            return 2
        if wanted in normalised(municipality.province):
            return 3
        return None

    ranked = sorted(
        ((rank(m), m.name, m) for m in municipalities if rank(m) is not None), key=lambda row: (row[0], row[1])
    )
    found = [m for _rank, _name, m in ranked]
    return SearchResult(found, [] if found else suggestions(query))
