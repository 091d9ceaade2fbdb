"""The `users` command: create staff accounts from the shell."""

from __future__ import annotations

import os

import click
from flask.cli import AppGroup, with_appcontext

from accounts.services import AccountError, create_user
from catalogue import db
from catalogue.reference import ROLES

users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--region", "regions", multiple=True, help="Limit an editor to a region.")
@with_appcontext
def create_command(email: str, role: str, regions: tuple[str, ...]) -> None:
    """Create a user; the password comes from $PASSWORD or a prompt."""
    password = os.environ.get("PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        user = create_user(db.session(), email, password, role, regions)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.role} {user.email}.")


DEMO_ACCOUNTS = (
    ("court.officer@example.org", "court-officer", ()),
    ("national.editor@example.org", "interventions-editor", ()),
    ("london.editor@example.org", "interventions-editor", ("london",)),
    ("admin@example.org", "admin", ()),
)


@users_cli.command("demo")
@with_appcontext
def demo_command() -> None:
    """In development only: create demo accounts (password $DEMO_PASSWORD) if missing."""
    from flask import current_app

    from accounts.services import find_user

    if current_app.config["APP_ENV"] != "development":
        raise click.ClickException("Demo accounts are only for APP_ENV=development.")
    password = os.environ.get("DEMO_PASSWORD", "demo-password-123")
    session = db.session()
    for email, role, regions in DEMO_ACCOUNTS:
        if find_user(session, email) is None:
            create_user(session, email, password, role, regions)
    click.echo(f"Demo accounts (development only), password {password!r}:")
    for email, role, regions in DEMO_ACCOUNTS:
        click.echo(f"  {email:30} {role}{' ' + ','.join(regions) if regions else ''}")
