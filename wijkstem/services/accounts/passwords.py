"""Password rules: long enough, not a common password, hashed with scrypt (Werkzeug)."""

from __future__ import annotations

from functools import cache

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
MAX_LENGTH = 200


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common_password(password: str) -> bool:
    lowered = password.lower()
    return lowered in _common_passwords() or len(set(lowered)) <= 2


# Werkzeug's scrypt cost (N=2^15, r=8, p=1): slow on purpose, so a stolen hash is slow to guess.
PRODUCTION_METHOD = "scrypt:32768:8:1"


def hash_method() -> str:
    """The configured PASSWORD_HASH_METHOD; only the test configuration makes it cheap."""
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_METHOD", PRODUCTION_METHOD)
    return PRODUCTION_METHOD


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=hash_method())


def password_matches(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


def dummy_hash() -> str:
    """Checked against when no account exists, so a wrong e-mail takes as long as a wrong password."""
    return f"{hash_method()}$dummysaltdummys$" + "0" * 128
