"""Staff pages: the outbox an editor reads in development, and each region's chase."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention
from maintenance.services.availability import confirm_availability
from verification.sending import send_requests, settings_from


def run(app: Flask, session: Session, now: datetime) -> None:
    with app.app_context():
        send_requests(session, settings_from(app.config), now)


def test_editors_read_queued_messages_and_their_links_in_the_outbox(
    app: Flask,
    client: FlaskClient,
    session: Session,
    login: Callable[..., Any],
    due_row: Callable[..., Availability],
) -> None:
    row = due_row()
    run(app, session, datetime.now())
    login(client, "interventions-editor", ("london",))
    listing = client.get("/admin/outbox").get_data(as_text=True)
    assert "No mail server or GOV.UK Notify key is set" in listing
    assert "provider@example.org" in listing and "Waiting" in listing
    message_url = re.search(r'href="(/admin/outbox/\d+)"', listing).group(1)
    message = client.get(message_url).get_data(as_text=True)
    assert row.intervention.name in message
    assert re.search(r'<a href="http://127\.0\.0\.1:5000/verify/[^"]+"', message)


def test_the_outbox_is_for_editors_and_administrators_only(
    app: Flask, client: FlaskClient, login: Callable[..., Any]
) -> None:
    assert "/login" in client.get("/admin/outbox").headers["Location"]
    login(client, "court-officer")
    assert client.get("/admin/outbox").status_code == 403
    assert client.get("/admin/regions/london/verification").status_code == 403


def test_a_regional_editor_sees_only_their_regions_chase(
    client: FlaskClient, login: Callable[..., Any]
) -> None:
    login(client, "interventions-editor", ("wales",))
    assert client.get("/admin/regions/london/verification").status_code == 403
    assert client.get("/admin/regions/wales/verification").status_code == 200
    assert client.get("/admin/regions/atlantis/verification").status_code in (403, 404)


def test_the_due_view_shows_each_chase_state_and_what_needs_chasing(
    app: Flask,
    client: FlaskClient,
    session: Session,
    login: Callable[..., Any],
    due_row: Callable[..., Availability],
    make_intervention: Callable[..., Intervention],
) -> None:
    day0 = datetime.now() - timedelta(days=15)
    urgent = due_row(
        make_intervention(name="Urgent Course"), email_address="slow@example.org", days=90
    )
    answered = due_row(
        make_intervention(name="Answered Course"), email_address="quick@example.org", days=90
    )
    run(app, session, day0)
    run(app, session, day0 + timedelta(days=7))
    reminded = due_row(
        make_intervention(name="Reminded Course"), email_address="mid@example.org", days=90
    )
    run(app, session, day0 + timedelta(days=7))
    run(app, session, datetime.now() - timedelta(days=1))
    asked = due_row(make_intervention(name="Asked Course"), email_address="new@example.org")
    run(app, session, datetime.now())
    unasked = due_row(make_intervention(name="Unasked Course"), email_address=None)
    due_row(make_intervention(name="Fresh Course"), days=3)
    confirm_availability(
        session,
        [answered],
        {answered.id: answered.version},
        "quick@example.org, by verification link",
    )
    login(client, "interventions-editor", ("london",))
    page = client.get("/admin/regions/london/verification").get_data(as_text=True)

    chasing, everything = page.split("All rows due, being chased or answered")
    assert "Urgent Course" in chasing and "Unasked Course" in chasing
    assert "Reminded Course" not in chasing and "Asked Course" not in chasing
    assert "Fresh Course" not in page
    rows = {
        name: re.search(rf">{name}</a>.*?</tr>", everything, re.S).group(0)
        for name in (
            "Urgent Course",
            "Reminded Course",
            "Asked Course",
            "Unasked Course",
            "Answered Course",
        )
    }
    assert ">Urgent<" in rows["Urgent Course"]
    assert ">Reminded<" in rows["Reminded Course"]
    assert ">Asked<" in rows["Asked Course"]
    assert ">Not asked<" in rows["Unasked Course"] and "No contact" in rows["Unasked Course"]
    assert ">Answered<" in rows["Answered Course"]
    assert "quick@example.org, by verification link" in rows["Answered Course"]
    assert urgent.id and reminded.id and asked.id and unasked.id


def test_the_editors_landing_page_leads_to_each_regions_chase_and_the_outbox(
    client: FlaskClient, login: Callable[..., Any]
) -> None:
    login(client, "interventions-editor", ("london",))
    page = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/regions/london/verification"' in page
    assert 'href="/admin/outbox"' in page
