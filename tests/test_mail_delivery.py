"""Mail that is never lost: delivered through a real SMTP server, kept and retried when it is down."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from tests.conftest import free_port
from tests.test_accounts import register
from wijkstem.clock import utcnow
from wijkstem.models import OutboxMessage, User
from wijkstem.services.accounts.mail import deliver_pending, queue_mail

ADDRESS = "anna@example.org"  # FORM's e-mail address, normalised


def _outbox(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_queued_mail_is_delivered_over_smtp_and_reads_back(client, db, smtp_server):
    assert register(client).status_code == 302
    assert smtp_server.messages == []  # the action only queues; delivery comes later

    assert deliver_pending() == (1, 0)

    [message] = smtp_server.to(ADDRESS)
    assert message["X-Envelope-To"] == ADDRESS
    assert message["Subject"] == "Bevestig je e-mailadres voor wijkstem"
    assert "wijkstem" in message["From"]
    assert message.get_content().startswith("Hallo Anna,")
    [link] = smtp_server.links_to(ADDRESS)
    assert link.startswith("http://localhost/account/bevestigen/")

    [queued] = _outbox(db)
    assert queued.sent_at is not None and queued.attempts == 1 and queued.last_error is None
    assert deliver_pending() == (0, 0)  # sent once, never twice
    assert len(smtp_server.messages) == 1


def test_the_link_in_the_delivered_mail_confirms_the_account(client, db, smtp_server):
    register(client)
    deliver_pending()
    [link] = smtp_server.links_to(ADDRESS)
    path = link.removeprefix("http://localhost")
    response = client.post(path, follow_redirects=True)
    assert "Je e-mailadres is bevestigd" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == ADDRESS)).is_confirmed


def test_smtp_outage_keeps_the_message_and_retries_later(app, client, db, smtp_server):
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens here: connection refused

    response = register(client)
    assert response.status_code == 302 and response.headers["Location"] == "/account/bevestigen"
    assert db.session.scalar(select(User).where(User.email == ADDRESS)) is not None

    before = utcnow()
    assert deliver_pending() == (0, 1)
    [message] = _outbox(db)
    assert message.sent_at is None and message.failed_at is None
    assert message.attempts == 1
    assert message.last_error and "Connection" in message.last_error
    assert message.next_attempt_at > before
    first_retry = message.next_attempt_at

    assert deliver_pending() == (0, 0)  # not due yet: back-off

    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert deliver_pending() == (0, 1)
    [message] = _outbox(db)
    assert message.attempts == 2
    assert message.next_attempt_at - utcnow() > first_retry - before  # waits longer each time

    app.config["MAIL_PORT"] = working_port  # the server is back
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert deliver_pending() == (1, 0)
    [message] = _outbox(db)
    assert message.sent_at is not None and message.attempts == 3 and message.last_error is None
    [delivered] = smtp_server.to(ADDRESS)
    assert delivered["Subject"] == "Bevestig je e-mailadres voor wijkstem"


def test_other_actions_still_work_while_mail_is_down(app, client, db, smtp_server):
    app.config["MAIL_PORT"] = free_port()
    register(client)
    response = client.post("/account/bevestigen/opnieuw", follow_redirects=True)
    assert response.status_code == 200
    assert "nieuwe bevestigingsmail" in response.get_data(as_text=True)
    assert deliver_pending() == (0, 2)
    assert [m.attempts for m in _outbox(db)] == [1, 1]


def test_without_a_mail_server_mail_is_written_as_eml_file(app, db):
    assert app.config["MAIL_SERVER"] == ""
    folder = Path(app.config["MAIL_FILE_DIR"])
    queue_mail(
        "bram@example.org",
        "Bevestig je e-mailadres voor wijkstem",
        "confirm_email",
        user=User(display_name="Bram"),
        link="http://localhost/account/bevestigen/abc",
    )
    db.session.commit()
    assert deliver_pending() == (1, 0)

    [message] = _outbox(db)
    path = folder / f"{message.id:06d}.eml"
    assert path.exists()
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert parsed["To"] == "bram@example.org"
    assert parsed["Subject"] == "Bevestig je e-mailadres voor wijkstem"
    assert "http://localhost/account/bevestigen/abc" in parsed.get_content()
    assert message.sent_at is not None
