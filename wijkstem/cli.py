"""Command-line tasks: `flask wijkstem ...`, `flask users ...`, `flask mail ...`."""

from __future__ import annotations

import logging
import signal
import threading
import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from werkzeug.serving import run_simple

from wijkstem.extensions import db

wijkstem_cli = AppGroup("wijkstem", help="Inhoud laden en de ontwikkelserver starten.")
users_cli = AppGroup("users", help="Accounts en rollen beheren.")
mail_cli = AppGroup("mail", help="De uitgaande mail bezorgen en de wekelijkse overzichten klaarzetten.")
experiences_cli = AppGroup("experiences", help="Ervaringen en hun foto's onderhouden.")


def init_app(app: Flask) -> None:
    app.cli.add_command(wijkstem_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(experiences_cli)


@wijkstem_cli.command("seed")
@click.option("--force", is_flag=True, help="Overschrijf ook teksten die in de app zijn aangepast.")
def seed_command(force: bool) -> None:
    """Load the manifesto and the municipalities (idempotent)."""
    from wijkstem.services.content.content import load_municipalities, seed_content

    content = seed_content(force=force)
    places = load_municipalities()
    click.echo(
        f"Manifest: {content.created} nieuw, {content.updated} bijgewerkt, {content.removed} verwijderd, "
        f"{content.kept} in de app aangepast en bewaard (--force overschrijft). "
        f"Gemeenten: {places.created} nieuw, {places.updated} bijgewerkt."
    )


@wijkstem_cli.command("recount")
def recount_command() -> None:
    """Rebuild the endorsement and comment counters from the endorsements and comments themselves."""
    from wijkstem.services.discussion.comment_counts import recount_comments
    from wijkstem.services.endorsements.endorsements import recount_all
    from wijkstem.services.statements import recount_votes

    total = recount_all()
    comments = recount_comments()
    db.session.commit()
    votes = recount_votes()
    click.echo(f"Tellers opnieuw opgebouwd: {total} steunbetuigingen, {comments} reacties en {votes} stemmen geteld.")


@wijkstem_cli.command("common-ground")
def common_ground_command() -> None:
    """Compute where residents, professionals and politicians agree and differ (safe to run from cron)."""
    from wijkstem.services.statements.job import run_common_ground

    report = run_common_ground(int(current_app.config["COMMON_GROUND_MIN_VOTERS"]))
    if not report.ran:
        click.echo("Een andere berekening loopt al; deze doet niets.")
        return
    click.echo(f"Gemeenschappelijke grond berekend: {report.results} uitkomsten, {report.statements} stellingen.")


@wijkstem_cli.command("render-pdf")
@click.argument("slugs", nargs=-1)
@click.option("--locale", default="nl", show_default=True, type=click.Choice(["nl", "en"]))
@click.option("--cache-dir", default="", help="Map met de pdf's (standaard die van de app).")
@click.option("--sender-id", default=0, type=int, help="Account dat als afzender op het dossier staat.")
@click.option("--locked", is_flag=True, hidden=True, help="Gestart door een verzoek dat de sloten al heeft.")
def render_pdf_command(slugs: tuple[str, ...], locale: str, cache_dir: str, sender_id: int, locked: bool) -> None:
    """Draw the council PDF of these municipalities (all when none are named) for the data as they are now."""
    from sqlalchemy import select

    from wijkstem.models import Municipality
    from wijkstem.services.council import summary_pdf
    from wijkstem.urls import offline_request

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its progress lines are not news
    if cache_dir:
        current_app.config["PDF_CACHE_DIR"] = cache_dir
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app, not the proxy
    if locked:
        # Launched by a request: a render that hangs ends here (SIGALRM), freeing its locks.
        signal.alarm(int(current_app.config.get("PDF_RENDER_TIMEOUT", 120)))
    for slug in slugs or db.session.scalars(select(Municipality.slug).order_by(Municipality.slug)).all():
        with offline_request(app, locale):
            try:
                summary_pdf.render_summary_pdf(slug, locale, sender_id or None, locked=locked)
            except summary_pdf.UnknownMunicipality:
                raise click.ClickException(f"Onbekende gemeente: {slug}") from None
        db.session.remove()
    click.echo(f"Pdf's gemaakt: {len(slugs) or 'alle gemeenten'}.")


@wijkstem_cli.command("demo")
@click.option("--scale", default=0.005, show_default=True, help="Deel van de bench-gegevens (1 = 350.000 mensen).")
def demo_command(scale: float) -> None:
    """Fill the database with fake people, endorsements, comments and experiences to look around."""
    from wijkstem.services.content.content import load_municipalities, seed_content
    from wijkstem.services.content.demo_data import (
        DEMO_DOMAIN,
        DEMO_PASSWORD,
        DEMO_STAFF,
        FULL,
        RealAccountsPresent,
        fill_with_demo_data,
    )

    seed_content()
    load_municipalities()
    size = FULL.scaled(scale)
    try:
        fill_with_demo_data(size)
    except RealAccountsPresent:
        raise click.ClickException(
            f"Deze database heeft echte accounts (e-mailadres buiten @{DEMO_DOMAIN}); "
            "voorbeeldgegevens komen alleen in een lege database of een demo-database."
        ) from None
    click.echo(
        f"Voorbeeldgegevens gemaakt: {size.users} mensen, {size.endorsements} steunbetuigingen, "
        f"{size.comments} reacties, {size.experiences} ervaringen. "
        f"Inloggen kan als deelnemer<nummer>@{DEMO_DOMAIN} met wachtwoord {DEMO_PASSWORD}; "
        f"moderator: {DEMO_STAFF[0][0]}, beheerder: {DEMO_STAFF[1][0]} (zelfde wachtwoord)."
    )


def _deliver_forever(app: Flask, interval: float) -> None:
    from wijkstem.services.accounts.mail import deliver_pending

    while True:
        with app.app_context():
            try:
                deliver_pending()
            except Exception:  # keep the dev delivery loop alive whatever happens
                app.logger.exception("Mail bezorgen mislukt")
                db.session.rollback()
            finally:
                db.session.remove()
        time.sleep(interval)


@wijkstem_cli.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
def serve_command(host: str, port: int) -> None:
    """Development server that also delivers queued mail in the background."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # current_app is a LocalProxy
    threading.Thread(target=_deliver_forever, args=(app, 3.0), daemon=True, name="mail").start()
    run_simple(host, port, app, use_reloader=False, use_debugger=False, threaded=True)


def _staff_options(command):
    """The options create-admin and create-moderator share; the prompts are Dutch."""
    command = click.option(
        "--password",
        prompt="Wachtwoord",
        confirmation_prompt="Herhaal het wachtwoord",
        hide_input=True,
        envvar="WIJKSTEM_ADMIN_PASSWORD",
        help="Wachtwoord (of WIJKSTEM_ADMIN_PASSWORD); zonder deze optie wordt erom gevraagd.",
    )(command)
    command = click.option(
        "--municipality", default="GM0344", show_default=True, help="CBS-code of naam van de gemeente."
    )(command)
    command = click.option("--name", default="Beheerder", show_default=True, help="Weergavenaam.")(command)
    return click.argument("email")(command)


def _create_staff(email: str, name: str, municipality: str, password: str, role: str) -> None:
    """A new account is made confirmed (no confirmation mail); an existing one only gets the role."""
    from wijkstem.services.accounts.accounts import AccountError, Profile, find_user_by_email, register_user, set_role
    from wijkstem.services.accounts.passwords import MIN_LENGTH, is_common_password
    from wijkstem.services.content.content import find_municipality

    if find_user_by_email(email) is None:
        place = find_municipality(municipality)
        if place is None:
            raise click.ClickException(f"Onbekende gemeente {municipality}; draai eerst 'flask wijkstem seed'.")
        if len(password) < MIN_LENGTH or is_common_password(password):
            raise click.ClickException(f"Kies een wachtwoord van minstens {MIN_LENGTH} tekens dat niet veel voorkomt.")
        user = register_user(email, password, Profile(name, "resident", None, place, None), confirmed=True)
        if user is None:  # created meanwhile by someone else
            raise click.ClickException(f"Er is al een account met {email}; draai dit commando opnieuw.")
        click.echo(f"Account {email} gemaakt en bevestigd; er is geen bevestigingsmail verstuurd.")
    try:
        set_role(email, role)
    except AccountError as error:
        raise click.ClickException(str(error)) from None


@users_cli.command("create-admin")
@_staff_options
def create_admin_command(email: str, name: str, municipality: str, password: str) -> None:
    """Create an admin account (confirmed), or make an existing account admin."""
    from wijkstem.models.accounts import ADMIN

    _create_staff(email, name, municipality, password, ADMIN)
    click.echo(f"{email} is nu beheerder (admin).")


@users_cli.command("create-moderator")
@_staff_options
def create_moderator_command(email: str, name: str, municipality: str, password: str) -> None:
    """Create a moderator account (confirmed), or make an existing account moderator."""
    from wijkstem.models.accounts import MODERATOR

    _create_staff(email, name, municipality, password, MODERATOR)
    click.echo(f"{email} is nu moderator.")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(["participant", "moderator", "admin"]))
def set_role_command(email: str, role: str) -> None:
    """Give an account the role participant, moderator or admin."""
    from wijkstem.services.accounts.accounts import AccountError, set_role

    try:
        set_role(email, role)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{email} heeft nu de rol {role}.")


@mail_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Blijf draaien en bezorg elke paar seconden.")
@click.option("--interval", default=5.0, envvar="MAIL_DELIVER_INTERVAL", type=float)
def deliver_command(loop: bool, interval: float) -> None:
    """Send queued mail; failures are retried later with back-off."""
    from wijkstem.services.accounts.mail import deliver_pending

    while True:
        sent, failed = deliver_pending()
        if sent or failed or not loop:
            click.echo(f"{sent} verstuurd, {failed} mislukt (wordt later opnieuw geprobeerd).")
        if not loop:
            return
        db.session.remove()
        time.sleep(interval)


@experiences_cli.command("purge-drafts")
@click.option("--hours", default=24, show_default=True, type=click.IntRange(min=1), help="Ouder dan dit.")
def purge_drafts_command(hours: int) -> None:
    """Remove uploaded photos that no experience used (run daily, e.g. from cron)."""
    from datetime import timedelta

    from wijkstem.services.experiences.experiences import purge_draft_photos

    removed = purge_draft_photos(timedelta(hours=hours))
    click.echo(f"{removed} ongebruikte foto's verwijderd.")


@mail_cli.command("digests")
def digests_command() -> None:
    """Queue this week's digests for followers (idempotent: safe to run again or on several machines)."""
    from wijkstem.services.council.digests import build_digests

    run = build_digests()
    click.echo(
        f"{run.queued} overzichten klaargezet, {run.nothing_new} zonder nieuws overgeslagen, "
        f"{run.already_sent} deze week al verstuurd."
    )
