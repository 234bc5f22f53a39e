"""The digest's one-click unsubscribe, as a mail program reads it from the raw message (RFC 2369 / 8058)."""

from __future__ import annotations

import re

from tests.conftest import path_of
from tests.council_fixtures import council_member, place, publish
from wijkstem.extensions import db
from wijkstem.services.accounts import mail
from wijkstem.services.council import digests, follows


def _raw_header_lines(raw: bytes, name: str) -> list[str]:
    """The header's physical lines exactly as sent (the first line and its folded continuation lines)."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # the header block must be plain ASCII
    lines = head.split("\r\n")
    start = next(i for i, line in enumerate(lines) if line.lower().startswith(name.lower() + ":"))
    found = [lines[start]]
    for line in lines[start + 1 :]:
        if not line[:1].isspace():
            break
        found.append(line)
    return found


def test_list_unsubscribe_leaves_as_plain_ascii_a_mail_program_can_use(client, make_user, smtp_server, monkeypatch):
    raw_messages: list[bytes] = []
    receive = smtp_server.handle_DATA

    async def keep_raw(server, session, envelope):
        raw_messages.append(envelope.original_content or envelope.content)
        return await receive(server, session, envelope)

    monkeypatch.setattr(smtp_server, "handle_DATA", keep_raw)
    follower = make_user(email="volger@example.org")
    follows.follow_municipality(follower, place())
    publish(council_member())
    digests.build_digests()
    assert mail.deliver_pending() == (1, 0)

    [raw] = raw_messages
    unsubscribe = _raw_header_lines(raw, "List-Unsubscribe")
    assert "=?" not in "".join(unsubscribe)  # no RFC 2047 encoded-words
    assert len(unsubscribe) == 1 and all(len(line) <= 998 for line in unsubscribe)
    link = re.fullmatch(r"List-Unsubscribe: <(https?://[^>\s]+/afmelden/[^>\s]+)>", unsubscribe[0])
    assert link, unsubscribe
    assert _raw_header_lines(raw, "List-Unsubscribe-Post") == ["List-Unsubscribe-Post: List-Unsubscribe=One-Click"]

    # What a mail program does with it: POST to the URL, no login, no form.
    assert "Je bent afgemeld" in client.post(path_of(link.group(1))).get_data(as_text=True)
    db.session.expire_all()
    assert follower.digest_frequency == "never"


def test_several_list_headers_fold_only_after_a_comma():
    header = mail._list_header("List-Unsubscribe", "<mailto:uit@example.org?subject=a,b>, <https://example.org/" + "x" * 90 + ">")
    folded = header.fold(policy=__import__("email.policy").policy.SMTP)
    first, second = folded.split("\r\n")[:2]
    assert first == "List-Unsubscribe: <mailto:uit@example.org?subject=a,b>,"  # never inside the <...>
    assert second.startswith(" <https://example.org/x") and "=?" not in folded
