"""The web side of endorsing: the visitor's kept intent, and what an endorse result tells the person.

Pillar pages for visitors are cached and carry no session, so the visitor form is a GET form to
/manifest/<slug>/steunen/start; that page keeps the intent in the session. Registration and log-in
carry it out with services.endorsements.endorsements.endorse; confirmation drops it once it is done.

Every entry point (the endorse form, log-in, registration, confirmation) turns the one
`EndorseResult` into a message and a next step here, in `TOLD`, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, session, url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from wijkstem.models import Pillar
from wijkstem.services.endorsements.endorsements import MAX_MOTIVATION, EndorseResult

KEY = "endorse_intent"


@dataclass(frozen=True)
class Told:
    message: LazyString | None  # flashed, or nothing when the next page says it all
    category: str
    thanks: bool  # True: on to the thank-you step; False: back to the pillar's endorse form


TOLD: dict[EndorseResult, Told] = {
    EndorseResult.COUNTED: Told(None, "success", thanks=True),
    # a double click or a second tab lands on the same thank-you step
    EndorseResult.ALREADY: Told(_l("Je steunt deze pijler al."), "info", thanks=True),
    EndorseResult.PENDING: Told(
        _l("Bevestig eerst je e-mailadres. We onthouden je steun en tellen hem mee zodra je bevestigd hebt."),
        "warning",
        thanks=False,
    ),
    EndorseResult.BLOCKED: Told(_l("Je account is geblokkeerd. Je kunt nu niet steunen."), "error", thanks=False),
    EndorseResult.TOO_LONG: Told(
        _l("Je toelichting mag hoogstens %(n)s tekens lang zijn.", n=MAX_MOTIVATION), "error", thanks=False
    ),
}


def next_step(result: EndorseResult, pillar: Pillar) -> str:
    if TOLD[result].thanks:
        return url_for("endorsements.thanks", slug=pillar.slug)
    return url_for("pillars.pillar", slug=pillar.slug, _anchor="steun")


def tell(result: EndorseResult, pillar: Pillar, *, quiet: bool = False):
    """Flash what the result means (unless the next page says it already) and go to the next step."""
    told = TOLD[result]
    if told.message is not None and not quiet:
        flash(str(told.message), told.category)
    return redirect(next_step(result, pillar))


def keep_intent(pillar_slug: str, motivation: str | None) -> None:
    session[KEY] = {"pillar": pillar_slug, "motivation": (motivation or "").strip()}


def current_intent() -> dict[str, str] | None:
    intent = session.get(KEY)
    if isinstance(intent, dict) and isinstance(intent.get("pillar"), str):
        return {"pillar": intent["pillar"], "motivation": str(intent.get("motivation") or "")}
    return None


def drop_intent() -> dict[str, str] | None:
    intent = current_intent()
    session.pop(KEY, None)
    return intent
