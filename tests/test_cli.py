from sqlalchemy import select

from wijkstem.models import User


def test_create_admin_and_set_role(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create-admin", "beheer@example.org", "--password", "beheer-wachtwoord-lang"])
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "beheer@example.org"))
    assert admin.role == "admin" and admin.is_confirmed

    result = runner.invoke(args=["users", "set-role", "beheer@example.org", "moderator"])
    assert result.exit_code == 0
    db.session.refresh(admin)
    assert admin.role == "moderator"

    result = runner.invoke(args=["users", "set-role", "niemand@example.org", "admin"])
    assert result.exit_code != 0 and "Geen account" in result.output


def test_seed_command_is_idempotent(app):
    result = app.test_cli_runner().invoke(args=["wijkstem", "seed"])
    assert result.exit_code == 0
    assert "0 nieuw, 0 bijgewerkt" in result.output
