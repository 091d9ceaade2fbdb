"""`flask mi snapshot`: record today's availability freshness per region (run it daily)."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from core import db
from reporting.snapshots import record_snapshot

mi_cli = AppGroup("mi", help="Management information.")


@mi_cli.command("snapshot")
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The day to record (default today); the count uses the rows as they are now.",
)
@with_appcontext
def snapshot_command(day: object) -> None:
    """Record how many availability rows each region has and how many are fresh."""
    today = day.date() if day is not None else date.today()  # type: ignore[attr-defined]
    stale_after = int(current_app.config["STALE_AFTER_DAYS"])
    rows = record_snapshot(db.session(), today, stale_after)
    fresh, total = sum(r.rows_fresh for r in rows), sum(r.rows_total for r in rows)
    click.echo(
        f"Recorded {today}: {fresh} of {total} availability rows fresh in {len(rows)} regions."
    )
