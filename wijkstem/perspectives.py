"""The perspectives people take part from, with their sub-types (the glossary of who is who)."""

from __future__ import annotations

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
