"""Data and pages for `make bench`. Capabilities add their bulk data here."""

PAGES = [
    "/",
    "/manifest",
    "/manifest/bewoners-leidend",
    "/over",
    "/account/registreren",
]


def fill(app) -> None:
    return None
