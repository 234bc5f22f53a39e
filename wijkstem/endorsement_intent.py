"""A visitor's "I want to endorse this pillar", kept in the session while they make an account or log in.

Pillar pages for visitors are cached and carry no session, so the visitor form is a GET form to
/manifest/<slug>/steunen/start; that page stores the intent here. Registration, confirmation and
log-in read it (services.endorsement_intents carries it out) and drop it once it is done.
"""

from __future__ import annotations

from flask import session

from wijkstem.services.endorsement_intents import clean_motivation

KEY = "endorse_intent"


def keep_intent(pillar_slug: str, motivation: str | None) -> None:
    session[KEY] = {"pillar": pillar_slug, "motivation": clean_motivation(motivation)}


def current_intent() -> dict[str, str] | None:
    intent = session.get(KEY)
    if isinstance(intent, dict) and isinstance(intent.get("pillar"), str):
        return {"pillar": intent["pillar"], "motivation": str(intent.get("motivation") or "")}
    return None


def drop_intent() -> dict[str, str] | None:
    intent = current_intent()
    session.pop(KEY, None)
    return intent
