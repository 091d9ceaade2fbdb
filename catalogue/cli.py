"""Command-line tools: migrate the database, load the seed, rebuild the search index."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click
from alembic import command
from alembic.config import Config
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from catalogue import search, seed
from core import db

ROOT = Path(__file__).resolve().parent.parent

db_cli = AppGroup("db", help="Database schema migrations.")
search_cli = AppGroup("search", help="The derived search index.")


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointed at the given database."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    return config


def upgrade_database(url: str) -> None:
    """Bring the schema at the URL up to the newest migration."""
    command.upgrade(alembic_config(url), "head")


@db_cli.command("upgrade")
@with_appcontext
def upgrade_command() -> None:
    """Apply every migration not yet applied."""
    upgrade_database(current_app.config["DATABASE_URL"])
    click.echo("Database is at the newest migration.")


@click.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when the catalogue has data.")
@click.option("--directory", type=click.Path(exists=True, file_okay=False), default=None)
@click.option(
    "--sample-proposals",
    is_flag=True,
    help="Also load the labelled sample of anonymous proposals and outcomes for the MI pages "
    "(once; refused when APP_ENV is production).",
)
@with_appcontext
def seed_command(if_empty: bool, directory: str | None, sample_proposals: bool) -> None:
    """Load the sample catalogue from seed_data/ (validated; a bad file changes nothing)."""
    if sample_proposals and current_app.config["APP_ENV"] == "production":
        raise click.ClickException("The sample proposals are never loaded in production.")
    folder = Path(directory) if directory else ROOT / "seed_data"
    session = db.session()
    if if_empty and seed.catalogue_has_data(session):
        added = seed.load_thesaurus_if_empty(session, folder)
        search.sync(session)
        click.echo(f"Catalogue already has data; seed not loaded ({added} thesaurus terms added).")
    else:
        _load_catalogue(session, folder)
    if sample_proposals:
        _load_sample_proposals(session)


def _load_catalogue(session: Any, folder: Path) -> None:
    from reporting.snapshots import record_snapshot

    try:
        counts = seed.load_seed(session, folder)
    except seed.SeedError as exc:
        raise click.ClickException(str(exc)) from exc
    search.sync(session)
    # The first availability snapshot: how fresh the catalogue is on the day it arrives.
    record_snapshot(session, date.today(), int(current_app.config["STALE_AFTER_DAYS"]))
    click.echo("Loaded " + ", ".join(f"{n} {name}" for name, n in counts.items()) + ".")


def _load_sample_proposals(session: Any) -> None:
    from proposal.web.recommending import policy_for
    from reporting import sample

    if sample.has_sample(session):
        click.echo("Sample proposals already loaded.")
        return
    stale_after = int(current_app.config["STALE_AFTER_DAYS"])
    loaded = sample.load_sample(session, date.today(), policy_for(stale_after), stale_after)
    click.echo(
        f"Loaded the labelled sample: {loaded.proposals} proposals, {loaded.outcomes} "
        f"outcomes, {loaded.snapshots} availability snapshots."
    )


@search_cli.command("rebuild")
@with_appcontext
def rebuild_command() -> None:
    """Rebuild the whole search index from the database."""
    count = search.rebuild(db.session())
    click.echo(f"Indexed {count} interventions.")


@search_cli.command("sync")
@with_appcontext
def sync_command() -> None:
    """Bring the index up to the catalogue revision in the database (rebuilding if needed)."""
    revision = search.sync(db.session())
    click.echo(f"Search index is at catalogue revision {revision}.")
