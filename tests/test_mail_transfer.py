"""Issue 26: a body with letters outside ASCII (één, café) is 8bit. The SMTP conversation declares
that with BODY=8BITMIME when the server offers 8BITMIME, and sends quoted-printable when it does not."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.conftest import MAIL_SETTINGS, SMTPInbox, free_port
from wijkstem.models import OutboxMessage
from wijkstem.services.accounts.mail import deliver_pending

BODY = "Hallo Anna,\n\néén café, één reactie.\n"


@dataclass
class ListeningInbox(SMTPInbox):
    """Also keeps what the client said in MAIL FROM, and can leave 8BITMIME out of its EHLO answer."""

    offers_8bitmime: bool = True
    mail_options: list[list[str]] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802 (aiosmtpd's hook name)
        session.host_name = hostname
        return responses if self.offers_8bitmime else [line for line in responses if "8BITMIME" not in line]

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.mail_options.append(list(envelope.mail_options))
        self.raw.append(envelope.original_content)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture(params=[True, False], ids=["offers-8bitmime", "7bit-only"])
def inbox(app, request):
    from aiosmtpd.controller import Controller

    inbox = ListeningInbox(host="127.0.0.1", port=free_port(), offers_8bitmime=request.param)
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port, decode_data=False)
    controller.start()
    saved = {key: app.config[key] for key in MAIL_SETTINGS}
    app.config.update(MAIL_SERVER=inbox.host, MAIL_PORT=inbox.port, MAIL_USE_TLS=False, MAIL_USE_SSL=False)
    app.config.update(MAIL_USERNAME="", MAIL_TIMEOUT=5)
    yield inbox
    app.config.update(saved)
    controller.stop()


def _send(db, body: str = BODY) -> None:
    db.session.add(OutboxMessage(recipient="anna@example.org", subject="Eén reactie", body_text=body))
    db.session.commit()
    assert deliver_pending() == (1, 0)


def test_an_8bit_body_is_declared_or_sent_as_quoted_printable(db, inbox):
    _send(db)
    [options] = inbox.mail_options
    [raw] = inbox.raw
    [message] = inbox.messages
    assert message.get_content().replace("\r\n", "\n") == BODY  # the reader gets the same letters either way
    if inbox.offers_8bitmime:
        assert "BODY=8BITMIME" in options
        assert message["Content-Transfer-Encoding"] == "8bit"
    else:
        assert not any(option.startswith("BODY=") for option in options)
        assert message["Content-Transfer-Encoding"] == "quoted-printable"
        assert raw.isascii()  # nothing 8bit goes to a server that did not offer it


def test_a_plain_ascii_body_declares_nothing(db, inbox):
    _send(db, "Hallo Anna,\n\nBedankt.\n")
    [options] = inbox.mail_options
    assert not any(option.startswith("BODY=") for option in options)
    assert inbox.messages[0]["Content-Transfer-Encoding"] == "7bit"
