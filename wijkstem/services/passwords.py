"""Password rules: long enough, not a common password, hashed with scrypt (Werkzeug)."""

from __future__ import annotations

from functools import cache

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


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def password_matches(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


# Checked against when no account exists, so a wrong e-mail takes as long as a wrong password.
DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummys$" + "0" * 128
