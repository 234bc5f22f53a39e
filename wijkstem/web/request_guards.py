"""Input no page can use is refused up front with a Dutch 400 page, before it reaches forms or the database.

- A NUL character (\\x00) cannot be typed, and PostgreSQL refuses it in text: it would turn a
  query or an insert into a server error.
- HTML pages read forms, not JSON. Flask-WTF would otherwise fill a form from a JSON body,
  where numbers and nested objects break validators that expect text.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _

NUL = "\x00"
# Blueprints that read JSON bodies themselves (an API); every other POST must be a form.
JSON_BLUEPRINTS: set[str] = {"api"}


def _has_nul(pairs) -> bool:
    return any(NUL in key or NUL in value for key, value in pairs)


def _refuse(reason: str):
    return render_template("errors/error.html", kind="400", reason=reason), 400


def refuse_unusable_input():
    if NUL in request.path or _has_nul(request.args.items(multi=True)):
        return _refuse(_("Het adres bevat een teken dat we niet kunnen verwerken."))
    if request.method not in {"POST", "PUT", "PATCH"}:
        return None
    if request.is_json and request.blueprint not in JSON_BLUEPRINTS:
        return _refuse(_("Stuur dit formulier vanaf de pagina op de website."))
    if _has_nul(request.form.items(multi=True)):
        return _refuse(
            _(
                "Je invoer bevat een onzichtbaar teken dat we niet kunnen verwerken. "
                "Typ de tekst opnieuw en probeer het nog een keer."
            )
        )
    return None


def init_app(app: Flask) -> None:
    app.before_request(refuse_unusable_input)
