"""One word per idea, and the few uncommon words the site needs, each explained where it appears.

tests/test_b1_language.py reads this module: the pages use the chosen word of each idea and never its
other names, and a page that uses an explained term also gives its one-sentence explanation.
Templates show an explanation with `{{ explain('griffie') }}`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

# The chosen word for each idea, and the other names the pages no longer use for it (whole words,
# lowercase). A moderator checks that a professional or politician really does that work: the site says
# "geverifieerd" (the check itself: "verificatie"), never "gecontroleerd" or "vinkje".
ONE_WORD_PER_IDEA: dict[str, tuple[str, ...]] = {
    "geverifieerd": ("gecontroleerd", "gecontroleerde", "ongecontroleerd", "vinkje", "vinkjes"),
    "reactie": ("comment", "comments", "commentaar"),
    "steunen": ("onderschrijven", "endorsen"),
    "beroepskracht": ("professional", "professionals"),
    "nieuwe ervaringen volgen": ("nieuwslezer", "feed"),
}

_VERIFIED = _l("Geverifieerd betekent: een moderator van wijkstem heeft gekeken of iemand echt dat werk doet.")
_GRIFFIE = _l("De griffie is het bureau dat de gemeenteraad helpt en post doorstuurt naar alle raadsleden.")

# Uncommon words the site needs, with the sentence that explains them on each page where they appear.
EXPLAINED_TERMS: dict[str, object] = {
    "griffie": _GRIFFIE,
    "geverifieerd": _VERIFIED,
    "geverifieerde": _VERIFIED,
    "verificatie": _VERIFIED,
    "verifiëren": _VERIFIED,
}

# Words outside wordfreq's common Dutch words that readers of this site know, reviewed one by one:
# everyday words of the web and of forms, names of services, and compounds of the site's own words.
ACCEPTED_WORDS: frozenset[str] = frozenset(
    {
        # the web and forms
        *("inloggen", "ingelogd", "uitgelogd", "loggen", "inlogde", "opslaan", "annuleren", "selecteer"),
        *("kopieer", "venster", "klikt", "klikbaar", "browser", "cookie", "cookies", "filteren", "filters"),
        *("wissen", "bevestig", "beschrijf", "formulieren", "afgedrukt", "bladzijden", "hoogstens", "vink"),
        # names of services and tools
        *("linkedin", "bluesky", "mastodon", "english"),
        # the site's own words and their compounds
        *("steunbetuiging", "steunbetuigingen", "moderatie", "moderatoren", "modereren", "afdrukversie"),
        *("woningcorporatie", "opbouwwerk", "raadsleden", "geagendeerd"),
        # ordinary word forms that a frequency list misses
        *("geantwoord", "insturen", "toevoegt", "verkleinen", "herkenbare", "opleverde", "kwetsend"),
        *("beledigend", "ongedaan", "bespreekt", "inziet", "versleuteld", "afgehandelde", "onthoudt"),
        *("mijlpaal", "mijlpalen", "programmeurs", "uitkomst", "uitkomsten", "toelichtingen", "verstoort"),
        *("goedgekeurde", "zichtbare", "mailadressen", "programma’s", "komma"),
        # on the page for programmers (the open-data documentation) only
        *("json", "header", "parameters", "slug"),
    }
)


def explain(term: str) -> Markup:
    """The one-sentence explanation of a term (see EXPLAINED_TERMS), ready for a template."""
    return Markup.escape(str(EXPLAINED_TERMS[term]))
