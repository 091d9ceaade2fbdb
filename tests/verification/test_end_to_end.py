"""The whole loop: a row due, the daily command, the message over SMTP, the link, "still
accurate", and the row fresh in search and on the region page, with the audit saying who."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from html.parser import HTMLParser

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention
from core.audit import AuditEvent
from tests.conftest import PASSWORD
from tests.verification.conftest import SmtpServer


class Form(HTMLParser):
    """The answer form as a browser fills it: every row "still accurate"."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag != "input" or "name" not in found:
            return
        kind = found.get("type", "text")
        if kind == "radio":
            if found.get("value") == "accurate":
                self.data[found["name"]] = "accurate"
            elif "checked" in found and found["name"] not in self.data:
                self.data[found["name"]] = found.get("value", "")
        else:
            self.data[found["name"]] = found.get("value", "")


def stale_flag(page: str, row_id: int) -> str:
    match = re.search(rf'data-availability-id="{row_id}"[^>]*data-stale="(\w+)"', page)
    assert match, f"row {row_id} is not on the page"
    return match.group(1)


def test_a_due_row_is_asked_about_answered_by_link_and_fresh_everywhere(
    app: Flask,
    session: Session,
    smtp_server: SmtpServer,
    make_intervention: Callable[..., Intervention],
    due_row: Callable[..., Availability],
    make_user: Callable[..., object],
) -> None:
    intervention = make_intervention(name="Tenancy Skills Course")
    row = due_row(intervention, "london", days=95)  # already stale: the page says so
    client = app.test_client()
    search_url = "/?q=Tenancy+Skills+Course&region=london"
    assert stale_flag(client.get("/regions/london").get_data(as_text=True), row.id) == "true"
    assert stale_flag(client.get(search_url).get_data(as_text=True), row.id) == "true"

    app.config.update(smtp_server.config())
    result = app.test_cli_runner().invoke(args=["verification", "send"])
    assert result.exit_code == 0, result.output
    assert "Asked 1 contacts about 1 rows" in result.output
    assert "Delivered 1 messages by smtp" in result.output

    editor = make_user("interventions-editor", ("london",))
    staff = app.test_client()
    staff.post("/login", data={"email": editor.email, "password": PASSWORD})
    outbox = staff.get("/admin/outbox").get_data(as_text=True)
    assert "provider@example.org" in outbox and "Sent" in outbox

    [message] = smtp_server.mailbox.messages
    body = message.get_payload(decode=True).decode()
    link = re.search(r"http://127\.0\.0\.1:5000(/verify/\S+)", body).group(1)
    page = client.get(link).get_data(as_text=True)
    form = Form()
    form.feed(page)
    answered = client.post(link, data=form.data)
    assert answered.status_code == 200, answered.get_data(as_text=True)

    assert stale_flag(client.get("/regions/london").get_data(as_text=True), row.id) == "false"
    assert stale_flag(client.get(search_url).get_data(as_text=True), row.id) == "false"
    session.expire_all()
    fresh = session.get(Availability, row.id)
    assert fresh.confirmed_by == "provider@example.org, by verification link"
    assert fresh.confirmed_via == "provider link"
    assert fresh.confirmed_at.date() == datetime.now().date()
    [event] = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_id == str(row.id), AuditEvent.field == "confirmed_by"
        )
    ).all()
    assert event.actor == "provider@example.org, by verification link"
    assert event.action == "confirm"
    for public in (
        f"/interventions/{intervention.slug}",
        f"/api/v1/interventions/{intervention.slug}",
        f"/oruk/services/{intervention.id}",
        "/regions/london",
        search_url,
    ):  # who confirmed it is for staff: the contact's address is never shown publicly
        answer = client.get(public)
        assert answer.status_code == 200 and b"provider@example.org" not in answer.data, public
    history = staff.get(f"/admin/interventions/{intervention.slug}").get_data(as_text=True)
    assert "provider@example.org, by verification link" in history
    due = staff.get("/admin/regions/london/verification").get_data(as_text=True)
    assert "Answered" in due and "provider@example.org, by verification link" in due
