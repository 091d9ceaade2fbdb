"""The daily run: who is asked about what, once a day at most, and how they are chased."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention
from maintenance.services.availability import confirm_availability
from verification.models import OutboxMessage, VerificationRequest
from verification.sending import SendReport, send_requests, settings_from


def run(app: Flask, session: Session, now: datetime | None = None) -> SendReport:
    with app.app_context():
        return send_requests(session, settings_from(app.config), now or datetime.now())


def outbox(session: Session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_each_contact_gets_one_message_listing_all_its_due_rows(
    app: Flask,
    session: Session,
    due_row: Callable[..., Availability],
    make_intervention: Callable[..., Intervention],
) -> None:
    first = due_row(make_intervention(name="Housing Help"), "london")
    second = due_row(make_intervention(name="Debt Advice"), "wales")
    other = due_row(email_address="someone.else@example.org")

    report = run(app, session)

    messages = outbox(session)
    assert report.asked == 2 and report.asked_rows == 3
    by_recipient = {m.recipient: m for m in messages}
    assert sorted(by_recipient["provider@example.org"].rows) == sorted([first.id, second.id])
    assert by_recipient["someone.else@example.org"].rows == [other.id]
    body = by_recipient["provider@example.org"].body
    assert "Housing Help, London" in body and "Debt Advice, Wales" in body
    assert "/verify/" in body and body.count("http://127.0.0.1:5000/verify/") == 1


def test_running_twice_the_same_day_sends_nothing_twice(
    app: Flask, session: Session, due_row: Callable[..., Availability]
) -> None:
    due_row()
    due_row()
    morning = datetime.now().replace(hour=6)
    run(app, session, morning)
    second = run(app, session, morning + timedelta(hours=10))
    assert (second.asked, second.reminded, second.urgent) == (0, 0, 0)
    assert len(outbox(session)) == 1


def test_rows_not_yet_due_and_withdrawn_interventions_are_not_asked_about(
    app: Flask,
    session: Session,
    due_row: Callable[..., Availability],
    make_intervention: Callable[..., Intervention],
) -> None:
    due_row(days=59)
    due_row(make_intervention(status="withdrawn"), days=200)
    assert run(app, session).asked == 0
    assert outbox(session) == []


def test_a_row_without_a_contact_of_its_own_asks_the_interventions_contact(
    app: Flask,
    session: Session,
    due_row: Callable[..., Availability],
    make_intervention: Callable[..., Intervention],
) -> None:
    intervention = make_intervention(
        contact_name="Sam Central",
        contact_email="central@example.org",
        contact_organisation="Sample Trust",
    )
    due_row(intervention, "london", email_address=None)
    due_row(intervention, "wales", email_address="wales.team@example.org")
    run(app, session)
    assert sorted(m.recipient for m in outbox(session)) == [
        "central@example.org",
        "wales.team@example.org",
    ]


def test_rows_with_no_contact_anywhere_are_counted_not_sent(
    app: Flask, session: Session, due_row: Callable[..., Availability]
) -> None:
    due_row(email_address=None)
    report = run(app, session)
    assert (report.asked, report.without_contact) == (0, 1)


def test_an_unanswered_request_is_reminded_after_7_days_and_urgent_after_14(
    app: Flask, session: Session, due_row: Callable[..., Availability]
) -> None:
    due_row()
    day0 = datetime.now()
    run(app, session, day0)
    stages: list[Any] = []
    for day in range(1, 22):
        report = run(app, session, day0 + timedelta(days=day))
        stages.append((day, report.reminded, report.urgent))
    sent = [(day, r, u) for day, r, u in stages if r or u]
    assert sent == [(7, 1, 0), (14, 0, 1)]
    messages = outbox(session)
    assert [m.stage for m in messages] == ["asked", "reminded", "urgent"]
    assert messages[1].subject.startswith("Reminder: ")
    assert messages[2].subject.startswith("Urgent: ")
    # each message carries a fresh link, so the urgent one works for another 14 days
    links = {m.personalisation["link"] for m in messages}
    assert len(links) == 3


def test_a_row_an_editor_confirmed_meanwhile_is_no_longer_chased(
    app: Flask, session: Session, due_row: Callable[..., Availability]
) -> None:
    row = due_row()
    day0 = datetime.now() - timedelta(days=8)
    run(app, session, day0)
    confirm_availability(session, [row], {row.id: row.version}, "editor@example.org")
    report = run(app, session, day0 + timedelta(days=8))
    assert (report.reminded, report.closed) == (0, 1)
    assert session.scalars(select(VerificationRequest)).one().closed_at is not None


def test_the_reminder_lists_only_the_rows_still_unconfirmed(
    app: Flask,
    session: Session,
    due_row: Callable[..., Availability],
    make_intervention: Callable[..., Intervention],
) -> None:
    kept = due_row(make_intervention(name="Kept Row"))
    confirmed = due_row(make_intervention(name="Confirmed Row"))
    day0 = datetime.now() - timedelta(days=7)
    run(app, session, day0)
    confirm_availability(
        session, [confirmed], {confirmed.id: confirmed.version}, "editor@example.org"
    )
    run(app, session, day0 + timedelta(days=7))
    reminder = outbox(session)[-1]
    assert reminder.stage == "reminded" and reminder.rows == [kept.id]
    assert "Kept Row" in reminder.body and "Confirmed Row" not in reminder.body


def test_the_message_carries_no_price(
    app: Flask,
    session: Session,
    due_row: Callable[..., Availability],
    make_intervention: Callable[..., Intervention],
) -> None:
    due_row(make_intervention(price=987.65, price_unit="per-place", contract_reference="C-77"))
    run(app, session)
    message = outbox(session)[0]
    text = message.body + repr(message.personalisation)
    assert "987" not in text and "C-77" not in text
