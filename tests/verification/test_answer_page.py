"""The page behind the link: only the contact's rows, no prices, no account, no JavaScript;
an answer goes through the editors' write path; a bad link changes nothing."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention
from core.audit import AuditEvent
from maintenance.services.availability import (
    availability_values,
    confirm_availability,
    update_availability,
)
from verification.models import OutboxMessage, VerificationRequest
from verification.sending import send_requests, settings_from


def ask(app: Flask, session: Session, now: datetime | None = None) -> dict[str, str]:
    """Run the daily send; the path of each recipient's link."""
    with app.app_context():
        send_requests(session, settings_from(app.config), now or datetime.now())
    found = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    return {m.recipient: m.personalisation["link"].split("5000", 1)[1] for m in found}


class FormReader(HTMLParser):
    """What a browser would send back unchanged: hidden and text inputs, checked radios."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.accurate: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag != "input" or "name" not in found:
            return
        kind, name, value = found.get("type", "text"), found["name"], found.get("value", "")
        if kind in ("hidden", "text") or (kind == "radio" and "checked" in found):
            self.fields[name] = value
        if kind == "radio" and value == "accurate":
            self.accurate.append(name)


def read_form(page: str) -> FormReader:
    reader = FormReader()
    reader.feed(page)
    return reader


def form_fields(page: str) -> dict[str, str]:
    return read_form(page).fields


def all_accurate(page: str) -> dict[str, str]:
    reader = read_form(page)
    return reader.fields | {name: "accurate" for name in reader.accurate}


@pytest.fixture
def two_contacts(
    due_row: Callable[..., Availability], make_intervention: Callable[..., Intervention]
) -> tuple[Availability, Availability]:
    mine = due_row(
        make_intervention(name="Housing Help", price=123.45, price_unit="per-place"),
        places=6,
        wait_weeks=2,
    )
    theirs = due_row(
        make_intervention(name="Other Provider Course"), email_address="other@example.org"
    )
    return mine, theirs


def test_the_page_lists_only_the_contacts_rows_with_an_accurate_option_and_no_price(
    app: Flask, client: FlaskClient, session: Session, two_contacts: Any
) -> None:
    links = ask(app, session)
    response = client.get(links["provider@example.org"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Housing Help" in page and "Other Provider Course" not in page
    assert "123.45" not in page and "£" not in page
    assert re.search(r'type="radio" value="accurate"', page)
    assert 'value="changed"' in page
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script" not in page.split("</form>")[0].split("<form")[1]


def test_still_accurate_confirms_the_row_as_the_contact_and_audits_how(
    app: Flask, client: FlaskClient, session: Session, two_contacts: Any
) -> None:
    mine, _ = two_contacts
    links = ask(app, session)
    page = client.get(links["provider@example.org"]).get_data(as_text=True)
    response = client.post(links["provider@example.org"], data=all_accurate(page))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Your answers have been recorded" in response.get_data(as_text=True)
    session.expire_all()
    row = session.get(Availability, mine.id)
    assert row.confirmed_by == "provider@example.org, by verification link"
    assert row.confirmed_via == "provider link"
    assert row.confirmed_at and row.confirmed_at > datetime.now() - timedelta(minutes=1)
    assert (row.places, row.wait_weeks) == (6, 2)
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_id == str(row.id), AuditEvent.action == "confirm"
        )
    ).all()
    assert {e.actor for e in events} == {"provider@example.org, by verification link"}
    request = session.scalars(
        select(VerificationRequest).where(
            VerificationRequest.contact_email == "provider@example.org"
        )
    ).one()
    assert request.answered_at is not None and request.rows[0].outcome == "accurate"


def test_changed_saves_the_new_values_through_the_editors_service(
    app: Flask, client: FlaskClient, session: Session, due_row: Callable[..., Availability]
) -> None:
    row = due_row(places=6)
    link = ask(app, session)["provider@example.org"]
    page = client.get(link).get_data(as_text=True)
    data = form_fields(page) | {
        "rows-0-answer": "changed",
        "rows-0-status": "waiting-list",
        "rows-0-places": "0",
        "rows-0-wait_weeks": "5",
        "rows-0-next_start-day": "3",
        "rows-0-next_start-month": "2",
        "rows-0-next_start-year": "2027",
    }
    assert client.post(link, data=data).status_code == 200
    session.expire_all()
    saved = session.get(Availability, row.id)
    assert (saved.status, saved.places, saved.wait_weeks) == ("waiting-list", 0, 5)
    assert saved.next_start.isoformat() == "2027-02-03"
    assert saved.confirmed_via == "provider link"
    assert saved.confirmed_by == "provider@example.org, by verification link"
    actions = {
        e.action
        for e in session.scalars(select(AuditEvent).where(AuditEvent.entity_id == str(row.id)))
    }
    assert "update" in actions


def test_a_missing_answer_shows_the_error_summary_and_saves_nothing(
    app: Flask, client: FlaskClient, session: Session, due_row: Callable[..., Availability]
) -> None:
    row = due_row()
    link = ask(app, session)["provider@example.org"]
    page = client.get(link).get_data(as_text=True)
    response = client.post(link, data=form_fields(page))
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in text and "There is a problem" in text
    assert f"Select whether {row.intervention.name} in London is still accurate" in text
    assert 'href="#rows-0-answer"' in text
    session.expire_all()
    assert session.get(Availability, row.id).confirmed_by == "editor@example.org"


def test_changed_without_a_status_or_with_bad_numbers_is_refused_with_messages(
    app: Flask, client: FlaskClient, session: Session, due_row: Callable[..., Availability]
) -> None:
    due_row()
    link = ask(app, session)["provider@example.org"]
    page = client.get(link).get_data(as_text=True)
    data = form_fields(page) | {
        "rows-0-answer": "changed",
        "rows-0-places": "lots",
        "rows-0-status": "",
    }
    text = client.post(link, data=data).get_data(as_text=True)
    assert "Places must be a whole number" in text


def test_a_used_link_gets_a_clear_page_and_changes_nothing(
    app: Flask, client: FlaskClient, session: Session, due_row: Callable[..., Availability]
) -> None:
    row = due_row()
    link = ask(app, session)["provider@example.org"]
    page = client.get(link).get_data(as_text=True)
    client.post(link, data=all_accurate(page))
    session.expire_all()
    version = session.get(Availability, row.id).version
    again = client.post(link, data=all_accurate(page))
    assert again.status_code == 410
    assert "This link has already been used" in again.get_data(as_text=True)
    assert client.get(link).status_code == 410
    session.expire_all()
    assert session.get(Availability, row.id).version == version


def test_an_expired_link_gets_a_clear_page_and_changes_nothing(
    app: Flask, session: Session, due_row: Callable[..., Availability]
) -> None:
    row = due_row()
    sent = datetime.now()
    link = ask(app, session, sent)["provider@example.org"]
    app.config["VERIFICATION_CLOCK"] = lambda: sent.timestamp() + 14 * 86400 + 60
    client = app.test_client()
    for response in (client.get(link), client.post(link, data={"rows-0-answer": "accurate"})):
        assert response.status_code == 410
        assert "This link has expired" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Availability, row.id).confirmed_by == "editor@example.org"
    app.config["VERIFICATION_CLOCK"] = lambda: sent.timestamp() + 13 * 86400
    assert client.get(link).status_code == 200


@pytest.mark.parametrize(
    "alter",
    [
        lambda link: link[:-2] + ("xy" if not link.endswith("xy") else "zz"),
        lambda link: link.rsplit(".", 2)[0],
        lambda link: "/verify/eyJyZXF1ZXN0Ijo5OTl9.aaaa.bbbb",
    ],
)
def test_a_tampered_link_gets_a_clear_page_and_changes_nothing(
    app: Flask,
    client: FlaskClient,
    session: Session,
    due_row: Callable[..., Availability],
    alter: Callable[[str], str],
) -> None:
    row = due_row()
    link = ask(app, session)["provider@example.org"]
    for response in (
        client.get(alter(link)),
        client.post(alter(link), data={"rows-0-answer": "accurate"}),
    ):
        assert response.status_code == 404
        assert "This link does not work" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Availability, row.id).confirmed_by == "editor@example.org"


def test_a_row_an_editor_changed_after_the_page_was_opened_is_shown_again(
    app: Flask, client: FlaskClient, session: Session, due_row: Callable[..., Availability]
) -> None:
    row = due_row()
    link = ask(app, session)["provider@example.org"]
    page = client.get(link).get_data(as_text=True)
    values = availability_values(row) | {"places": 1}
    update_availability(session, row, values, row.version, "editor@example.org")
    response = client.post(link, data=all_accurate(page))
    assert response.status_code == 400
    assert "changed" in response.get_data(as_text=True) and "since you opened" in response.get_data(
        as_text=True
    )
    session.expire_all()
    assert (
        session.get(VerificationRequest, 1) is None
        or session.scalars(select(VerificationRequest)).one().answered_at is None
    )
    assert (
        client.post(link, data=all_accurate(client.get(link).get_data(as_text=True))).status_code
        == 200
    )


def test_rows_confirmed_by_the_team_meanwhile_leave_nothing_to_answer(
    app: Flask, client: FlaskClient, session: Session, due_row: Callable[..., Availability]
) -> None:
    row = due_row()
    link = ask(app, session, datetime.now() - timedelta(days=1))["provider@example.org"]
    confirm_availability(session, [row], {row.id: row.version}, "editor@example.org")
    ask(app, session)  # the daily run closes the request
    response = client.get(link)
    assert response.status_code == 410
    assert "already been confirmed" in response.get_data(as_text=True)


def test_the_page_needs_no_account(
    app: Flask, client: FlaskClient, session: Session, due_row: Any
) -> None:
    due_row()
    link = ask(app, session)["provider@example.org"]
    assert time.time() and client.get(link).status_code == 200
