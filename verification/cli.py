"""`flask verification send` (run daily) and `flask verification deliver` (the outbox)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from core import db
from verification import config
from verification.outbox import DeliveryReport, deliver_pending
from verification.sending import send_requests, settings_from
from verification.transports import transport_from

verification_cli = AppGroup("verification", help="Ask providers to confirm availability.")


@verification_cli.command("send")
def send_command() -> None:
    """Ask contacts about the rows due, chase unanswered requests, then deliver the outbox."""
    settings = settings_from(current_app.config)
    report = send_requests(db.session(), settings, config.now(current_app.config))
    click.echo(
        f"Asked {report.asked} contacts about {report.asked_rows} rows; sent "
        f"{report.reminded} reminders and {report.urgent} urgent messages; closed "
        f"{report.closed} requests whose rows were confirmed another way."
    )
    if report.without_contact:
        click.echo(
            f"{report.without_contact} rows are due but have no verification contact: "
            "add one on the availability row or the intervention."
        )
    _deliver()


@verification_cli.command("deliver")
def deliver_command() -> None:
    """Deliver the outbox's pending messages that are due an attempt."""
    _deliver()


def _deliver() -> None:
    settings = current_app.config
    transport = transport_from(settings)
    policy = settings_from(settings).policy
    report = deliver_pending(db.session(), transport, policy, config.now(settings))
    click.echo(_delivery_line(report, transport.name if transport else None))


def _delivery_line(report: DeliveryReport, transport: str | None) -> str:
    if transport is None:
        return (
            f"No MAIL_SERVER or NOTIFY_API_KEY is set: {report.kept} messages stay in the "
            "outbox (staff can read them at /admin/outbox)."
        )
    return (
        f"Delivered {report.sent} messages by {transport}; {report.retrying} will be retried; "
        f"{report.failed} refused for good (see /admin/outbox)."
    )
