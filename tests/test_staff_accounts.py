"""Admins and moderators made on the command line: Dutch prompts, confirmed, no confirmation mail."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from wijkstem.models import OutboxMessage, User

PASSWORD = "beheer-wachtwoord-lang"


@pytest.mark.parametrize(("command", "role"), [("create-admin", "admin"), ("create-moderator", "moderator")])
def test_create_staff_account_asks_in_dutch_and_sends_no_mail(app, db, monkeypatch, command, role):
    monkeypatch.delenv("WIJKSTEM_ADMIN_PASSWORD", raising=False)
    result = app.test_cli_runner().invoke(
        args=["users", command, "staf@example.org", "--name", "Sam Staf"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Wachtwoord:" in result.output and "Herhaal het wachtwoord:" in result.output
    assert "geen bevestigingsmail" in result.output
    person = db.session.scalar(select(User).where(User.email == "staf@example.org"))
    assert person.role == role and person.is_confirmed and person.display_name == "Sam Staf"
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_create_moderator_gives_an_existing_account_the_role(app, db, make_user):
    person = make_user(email="bestaand@example.org")
    result = app.test_cli_runner().invoke(args=["users", "create-moderator", "bestaand@example.org", "--password", "x"])
    assert result.exit_code == 0, result.output
    db.session.refresh(person)
    assert person.role == "moderator" and "bestaand@example.org is nu moderator." in result.output
