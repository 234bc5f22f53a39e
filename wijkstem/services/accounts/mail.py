"""The outbox: mail is queued in the caller's transaction and delivered later, never lost."""

from __future__ import annotations

import copy
import logging
import re
import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import OutboxMessage

log = logging.getLogger("wijkstem.mail")
LINK = re.compile(r"https?://\S+")


def queue_mail(
    recipient: str,
    subject: str,
    template: str,
    locale: str | None = None,
    about=None,
    headers: dict | None = None,
    **context,
) -> OutboxMessage:
    """Add a message to the outbox in the current transaction; the caller commits.

    about: the person (User) the message names or quotes, when that is someone other than the recipient.
    headers: extra mail headers (e.g. List-Unsubscribe), kept with the message until it is sent.
    """
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template(f"mail/{template}.txt", **context)
        subject = str(subject)
    message = OutboxMessage(
        recipient=recipient,
        subject=subject,
        body_text=body,
        about_user_id=about.id if about is not None else None,
        headers=headers or None,
    )
    db.session.add(message)
    return message


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def _build(message: OutboxMessage) -> EmailMessage:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(idstring=f"outbox{message.id}", domain="wijkstem.nl")
    for name, value in (message.headers or {}).items():
        email[name] = _list_header(name, value)
    email.set_content(message.body_text)
    return email


_OUTSIDE_BRACKETS_COMMA = re.compile(r",(?![^<]*>)")


class _PlainHeader(str):
    """A header that leaves exactly as written: plain ASCII, folded only after a comma.

    RFC 2369 / 8058 (List-Unsubscribe, List-Unsubscribe-Post) need the <URL> as it is. The e-mail
    policy's own folding turns a long unbreakable <URL> into RFC 2047 encoded-words
    (=?utf-8?q?=3Chttp...?=), which mail programs do not read as an unsubscribe link. A value with a
    `name` is passed through by EmailPolicy.header_store_parse and folded by its own fold().
    """

    name: str

    def __new__(cls, name: str, value: str) -> _PlainHeader:
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy) -> str:
        limit = policy.max_line_length or 998
        lines = [f"{self.name}:"]
        parts = [part.strip() for part in _OUTSIDE_BRACKETS_COMMA.split(self)]
        for index, part in enumerate(parts):
            piece = part + ("," if index < len(parts) - 1 else "")
            if len(lines[-1]) + 1 + len(piece) > limit and lines[-1] != f"{self.name}:":
                lines.append("")  # the next line starts with whitespace (a folded header)
            lines[-1] += " " + piece
        return policy.linesep.join(lines) + policy.linesep


def _list_header(name: str, value: str) -> str:
    """Extra headers in plain ASCII (see _PlainHeader); anything else gets the policy's usual encoding."""
    if value.isascii() and "\n" not in value and "\r" not in value:
        return _PlainHeader(name, value)
    return value


def _send_smtp(email: EmailMessage) -> None:
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    with client:
        client.ehlo()
        if not config["MAIL_USE_SSL"] and config["MAIL_USE_TLS"] and client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if config["MAIL_USERNAME"]:
            client.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        email, options = _as_the_server_takes_it(client, email)
        client.send_message(email, mail_options=options)


def _as_the_server_takes_it(client: smtplib.SMTP, email: EmailMessage) -> tuple[EmailMessage, tuple[str, ...]]:
    """An 8bit body is declared with BODY=8BITMIME (RFC 6152) to a server that offers it; any other
    server gets it as quoted-printable, which is plain ASCII."""
    if not any(part.get("Content-Transfer-Encoding") == "8bit" for part in email.walk()):
        return email, ()
    addresses = "".join(address for _, address in getaddresses([email["From"], email["To"]]))
    if not addresses.isascii():
        return email, ()  # smtplib declares SMTPUTF8 and BODY=8BITMIME itself for such addresses
    if client.has_extn("8bitmime"):
        return email, ("BODY=8BITMIME",)
    seven_bit = copy.deepcopy(email)
    seven_bit.set_content(email.get_content(), cte="quoted-printable")
    return seven_bit, ()


def _write_file(message: OutboxMessage, email: EmailMessage) -> None:
    folder = Path(current_app.config["MAIL_FILE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{message.id:06d}.eml"
    path.write_bytes(bytes(email))
    links = " ".join(LINK.findall(message.body_text))
    log.warning("Mail voor %s (%s) staat in %s %s", message.recipient, message.subject, path, links)


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Send what is due; a failure is retried later with back-off. Returns (sent, failed)."""
    now = utcnow()
    due = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
        .where(OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    sent = failed = 0
    for message in due:
        message.attempts += 1
        try:
            email = _build(message)
            if current_app.config["MAIL_SERVER"]:
                _send_smtp(email)
            else:
                _write_file(message, email)
        except (OSError, smtplib.SMTPException) as exc:
            failed += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = utcnow() + _retry_delay(message.attempts)
            if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
                message.failed_at = utcnow()
            log.warning("Bezorgen van mail %s mislukt (poging %s): %s", message.id, message.attempts, exc)
        else:
            sent += 1
            message.sent_at = utcnow()
            message.last_error = None
    db.session.commit()
    return sent, failed


def forget_mail_to(address: str) -> None:
    """Remove every outbox message to an address (account deletion)."""
    db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.recipient == address))


def drop_mail_about(user) -> None:
    """Remove every outbox message that names or quotes this person (account deletion)."""
    db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.about_user_id == user.id))
