""" "In gewone woorden": our own short explanation of each pillar, at B1 level, keyed by pillar slug.

The manifesto text itself is never changed (wijkstem/content/manifest.toml); these texts are written
by wijkstem and the page says so. English in translations/en/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

PLAIN_EXPLANATIONS = {
    "bewoners-leidend": _l(
        "Bewoners weten het best wat er in hun wijk speelt. Daarom beslissen zij mee over plannen voor hun wijk. "
        "De gemeente en mensen die in de wijk werken, luisteren eerst. Ze kijken naar wat al goed gaat "
        "en bouwen daarop verder. Iedereen telt even zwaar mee."
    ),
    "lange-termijn": _l(
        "Een wijk wordt niet in een paar jaar beter. Toch stoppen plannen vaak als het geld op is "
        "of als er een nieuwe wethouder komt. Deze pijler vraagt: maak afspraken voor veel jaren. "
        "Dan weten bewoners waar ze aan toe zijn, en blijven bekende mensen en plannen in de wijk."
    ),
    "maak-het-mogelijk": _l(
        "Mensen die in de wijk werken, zijn veel tijd kwijt aan formulieren en verslagen. "
        "Die tijd gaat af van het werk met bewoners. Deze pijler vraagt: geef hen ruimte en vertrouwen. "
        "En zoek nieuwe manieren om te laten zien wat het werk oplevert, met minder papierwerk."
    ),
}


def plain_explanation(slug: str) -> str | None:
    text = PLAIN_EXPLANATIONS.get(slug)
    return str(text) if text is not None else None
