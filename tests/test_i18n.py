"""English is a full second locale: every Dutch text in the code has an English translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def test_every_message_in_the_code_is_translated_to_english(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            # Babel skips folders starting with "_" by default; templates/_partials holds UI text too.
            "--ignore-dirs",
            ".*",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with (ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb") as fh:
        english = {m.id: m.string for m in read_po(fh) if m.id}
    with pot.open("rb") as fh:
        wanted = [m.id for m in read_po(fh) if m.id]
    key = lambda i: i[0] if isinstance(i, tuple) else i  # noqa: E731
    missing = [key(i) for i in wanted if not english.get(i) or (isinstance(english[i], tuple) and not all(english[i]))]
    assert missing == [], "run `make extract-messages` and translate these in translations/en: " + repr(missing[:20])
