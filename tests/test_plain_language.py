"""Plain Dutch (B1): no interface string uses a word from wijkstem/content/banned_words.txt."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
BANNED_FILE = ROOT / "wijkstem" / "content" / "banned_words.txt"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def banned_words() -> list[str]:
    lines = BANNED_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def pattern_for(word: str) -> re.Pattern:
    start = r"(?<!\w)" if word[0].isalnum() else ""
    end = r"(?![\w])" if word[-1].isalnum() else ""
    return re.compile(start + re.escape(word) + end, re.IGNORECASE)


def dutch_ui_strings(tmp_path: Path) -> list[tuple[str, str]]:
    """Every msgid in templates and code (the same extraction as the translations use)."""
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "_l", "--ignore-dirs", ".*", "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        messages = [m for m in read_po(fh) if m.id]
    strings = []
    for message in messages:
        where = f"{message.locations[0][0]}:{message.locations[0][1]}" if message.locations else "?"
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            strings.append((where, PLACEHOLDER.sub("", text)))
    return strings


def test_the_word_list_is_there():
    assert {"Atom-feed", "JSON", "?via=", "homepage", "Toon"} <= set(banned_words())


def test_pattern_matches_whole_words_only():
    assert pattern_for("Toon").search("Toon")
    assert not pattern_for("Toon").search("Dit toont je reacties")
    assert pattern_for("?via=").search("met een code (?via=abc)")
    assert pattern_for("feed").search("Atom-feed")


def test_no_interface_string_uses_a_banned_word(tmp_path):
    patterns = {word: pattern_for(word) for word in banned_words()}
    found = [
        f"{where}: {word!r} in {text[:80]!r}"
        for where, text in dutch_ui_strings(tmp_path)
        for word, pattern in patterns.items()
        if pattern.search(text)
    ]
    assert found == [], "say what it does in plain Dutch instead:\n" + "\n".join(found)
