"""The `users` command: create staff accounts from the shell."""

from __future__ import annotations

import os

import click
from flask.cli import AppGroup, with_appcontext

from accounts.services import AccountError, create_user
from core import db
from core.roles import ROLES

users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--region", "regions", multiple=True, help="Limit an editor to a region.")
@click.option("--name", "display_name", default="", help="The name documents show, e.g. Sam Lee.")
@click.option("--job-title", default="", help="e.g. Probation Services Officer.")
@with_appcontext
def create_command(
    email: str, role: str, regions: tuple[str, ...], display_name: str, job_title: str
) -> None:
    """Create a user; the password comes from $PASSWORD or a prompt."""
    password = os.environ.get("PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        user = create_user(
            db.session(),
            email,
            password,
            role,
            regions,
            display_name=display_name,
            job_title=job_title,
        )
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    named = f" ({user.display_name}, {user.job_title})" if user.display_name else ""
    click.echo(f"Created {user.role} {user.email}{named}.")


# Sample people (fictional) so documents made with demo accounts show a real-looking author.
DEMO_ACCOUNTS = (
    ("court.officer@example.org", "court-officer", (), "Sam Okafor", "Probation Services Officer"),
    (
        "national.editor@example.org",
        "interventions-editor",
        (),
        "Priya Shah",
        "Interventions Manager",
    ),
    (
        "london.editor@example.org",
        "interventions-editor",
        ("london",),
        "Tom Ellis",
        "Interventions Coordinator",
    ),
    ("admin@example.org", "admin", (), "Jo Bennett", "Service Administrator"),
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
    for email, role, regions, name, title in DEMO_ACCOUNTS:
        user = find_user(session, email)
        if user is None:
            create_user(session, email, password, role, regions, display_name=name, job_title=title)
        elif not user.display_name:  # made before accounts had names
            user.display_name, user.job_title = name, title
            session.commit()
    click.echo(f"Demo accounts (development only), password {password!r}:")
    for email, role, regions, name, _title in DEMO_ACCOUNTS:
        click.echo(f"  {email:30} {role}{' ' + ','.join(regions) if regions else ''} ({name})")
