"""The perspectives people take part from, with their sub-types (the glossary of who is who)."""

from __future__ import annotations

from flask_babel import format_decimal, ngettext, npgettext
from flask_babel import lazy_gettext as _l

RESIDENT = "resident"
PROFESSIONAL = "professional"
POLITICIAN = "politician"

PERSPECTIVES = {
    RESIDENT: _l("Bewoner"),
    PROFESSIONAL: _l("Beroepskracht"),
    POLITICIAN: _l("Politicus of bestuurder"),
}

PERSPECTIVE_PLURALS = {
    RESIDENT: _l("bewoners"),
    PROFESSIONAL: _l("beroepskrachten"),
    POLITICIAN: _l("politici"),
}

ENDORSEMENTS = "endorsements"
PEOPLE = "people"  # people, each counted once: the headline number of a municipality


def count_label(kind: str, n: int) -> str:
    """The word that goes with a count, singular or plural: 'bewoner' for 1, 'bewoners' for 0 and 2.

    `kind` is a perspective, PEOPLE or ENDORSEMENTS; images, embeds, badges and mails draw the number
    and this word separately.
    """
    if kind == RESIDENT:
        return ngettext("bewoner", "bewoners", n)
    if kind == PROFESSIONAL:
        return ngettext("beroepskracht", "beroepskrachten", n)
    if kind == POLITICIAN:
        return ngettext("politicus", "politici", n)
    if kind == PEOPLE:
        return npgettext("aantal", "persoon", "mensen", n)
    return ngettext("steunbetuiging", "steunbetuigingen", n)


def count_text(kind: str, n: int) -> str:
    """'1 bewoner', '2.500 steunbetuigingen': a formatted number with its word."""
    return f"{format_decimal(n or 0)} {count_label(kind, n or 0)}"


def perspective_counts_text(counts) -> str:
    """'1 bewoner, 0 beroepskrachten, 2 politici' for an EndorsementCounts."""
    return ", ".join(count_text(kind, getattr(counts, kind)) for kind in (RESIDENT, PROFESSIONAL, POLITICIAN))


PERSPECTIVE_HINTS = {
    RESIDENT: _l("Je woont in een wijk en praat mee als bewoner."),
    PROFESSIONAL: _l("Je werkt in of voor de wijk, bijvoorbeeld bij de gemeente of een woningcorporatie."),
    POLITICIAN: _l("Je bent gekozen of benoemd, bijvoorbeeld als raadslid of wethouder."),
}

PROFESSIONAL_ROLES = {
    "gemeente": _l("Gemeente"),
    "opbouwwerk": _l("Opbouwwerk of sociaal werk"),
    "woningcorporatie": _l("Woningcorporatie"),
    "zorg-welzijn": _l("Zorg of welzijn"),
    "onderwijs": _l("Onderwijs"),
    "politie": _l("Politie"),
    "anders": _l("Anders"),
}

POLITICIAN_ROLES = {
    "raadslid": _l("Raadslid"),
    "wethouder": _l("Wethouder"),
    "burgemeester": _l("Burgemeester"),
    "statenlid": _l("Statenlid"),
    "kamerlid": _l("Kamerlid"),
    "anders": _l("Anders"),
}

ROLES_BY_PERSPECTIVE = {RESIDENT: {}, PROFESSIONAL: PROFESSIONAL_ROLES, POLITICIAN: POLITICIAN_ROLES}


def describe(perspective: str, role: str | None) -> str:
    """'Beroepskracht (woningcorporatie)' or 'Bewoner': how a person is shown next to their name."""
    label = str(PERSPECTIVES.get(perspective, perspective))
    role_label = ROLES_BY_PERSPECTIVE.get(perspective, {}).get(role or "")
    return f"{label} ({str(role_label).lower()})" if role_label else label
