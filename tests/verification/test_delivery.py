"""Delivery from the outbox: a real SMTP server and a recording Notify stand-in on loopback,
retries with backoff when the server is away, and nothing lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import jwt
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability
from tests.verification.conftest import NOTIFY_KEY, REFUSED, SmtpServer
from verification.models import OutboxMessage
from verification.outbox import DeliveryReport, deliver_pending
from verification.policy import ChasePolicy
from verification.sending import send_requests, settings_from
from verification.transports import transport_from

NOTIFY_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"


def queue_and_deliver(
    app: Flask, session: Session, config: dict[str, Any], now: datetime | None = None
) -> DeliveryReport:
    now = now or datetime.now()
    with app.app_context():
        send_requests(session, settings_from(app.config), now)
    return deliver(session, config, now)


def deliver(session: Session, config: dict[str, Any], now: datetime) -> DeliveryReport:
    return deliver_pending(session, transport_from(config), ChasePolicy(), now)


def messages(session: Session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_message_is_delivered_over_smtp_and_read_back_from_the_server(
    app: Flask, session: Session, due_row: Callable[..., Availability], smtp_server: SmtpServer
) -> None:
    row = due_row()
    report = queue_and_deliver(app, session, smtp_server.config())

    assert report.sent == 1
    [received] = smtp_server.mailbox.messages
    assert received["To"] == "Pat Provider <provider@example.org>"
    assert received["From"] == "RAR Directory <rar-directory@example.org>"
    assert received["Subject"] == "Please check 1 RAR activity in the RAR Directory"
    body = received.get_payload(decode=True).decode()
    assert row.intervention.name in body and "http://127.0.0.1:5000/verify/" in body
    [stored] = messages(session)
    assert (stored.state, stored.attempts, stored.sent_via) == ("sent", 1, "smtp")


def test_a_send_that_fails_is_kept_and_retried_once_the_server_is_back(
    app: Flask,
    session: Session,
    due_row: Callable[..., Availability],
    smtp_server_down: SmtpServer,
) -> None:
    due_row()
    now = datetime.now()
    first = queue_and_deliver(app, session, smtp_server_down.config(), now)
    [stored] = messages(session)
    assert first.retrying == 1 and stored.state == "pending" and stored.attempts == 1
    assert "Connection refused" in (stored.last_error or "")
    assert stored.next_attempt_at == now + timedelta(minutes=5)

    smtp_server_down.start()
    early = deliver(session, smtp_server_down.config(), now + timedelta(minutes=4))
    assert early.sent == 0 and smtp_server_down.mailbox.messages == []  # backing off

    later = deliver(session, smtp_server_down.config(), now + timedelta(minutes=5))
    assert later.sent == 1
    assert len(smtp_server_down.mailbox.messages) == 1
    [stored] = messages(session)
    assert (stored.state, stored.attempts, stored.last_error) == ("sent", 2, None)
    again = deliver(session, smtp_server_down.config(), now + timedelta(days=1))
    assert again.sent == 0 and len(smtp_server_down.mailbox.messages) == 1


def test_an_address_the_server_refuses_is_kept_as_refused_not_retried(
    app: Flask, session: Session, due_row: Callable[..., Availability], smtp_server: SmtpServer
) -> None:
    due_row(email_address=REFUSED)
    report = queue_and_deliver(app, session, smtp_server.config())
    [stored] = messages(session)
    assert report.failed == 1 and stored.state == "failed"
    assert "550" in (stored.last_error or "") or "refused" in (stored.last_error or "")


def test_without_mail_settings_messages_stay_in_the_outbox(
    app: Flask, session: Session, due_row: Callable[..., Availability]
) -> None:
    due_row()
    report = queue_and_deliver(app, session, {})
    [stored] = messages(session)
    assert report.kept == 1 and stored.state == "pending" and stored.attempts == 0


def notify_config(base_url: str) -> dict[str, Any]:
    return {
        "NOTIFY_API_KEY": NOTIFY_KEY,
        "NOTIFY_TEMPLATE_ID": NOTIFY_TEMPLATE,
        "NOTIFY_BASE_URL": base_url,
        "MAIL_SERVER": "127.0.0.1",  # Notify is preferred when both are set
    }


def test_notify_receives_the_template_the_address_and_the_fields(
    app: Flask, session: Session, due_row: Callable[..., Availability], notify_server: Any
) -> None:
    row = due_row()
    report = queue_and_deliver(app, session, notify_config(notify_server.base_url))

    assert report.sent == 1
    [request] = notify_server.received
    assert request["path"] == "/v2/notifications/email"
    sent = request["json"]
    assert sent["email_address"] == "provider@example.org"
    assert sent["template_id"] == NOTIFY_TEMPLATE
    assert sent["reference"] == f"outbox-{messages(session)[0].id}"
    fields = sent["personalisation"]
    assert fields["link"].startswith("http://127.0.0.1:5000/verify/")
    assert row.intervention.name in fields["rows"] and fields["name"] == "Pat Provider"
    token = request["authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, NOTIFY_KEY[-36:], algorithms=["HS256"])
    assert claims["iss"] == NOTIFY_KEY[-73:-37]
    assert messages(session)[0].sent_via == "notify"


def test_notify_down_is_retried_and_a_rejected_request_is_not(
    app: Flask, session: Session, due_row: Callable[..., Availability], notify_server: Any
) -> None:
    due_row()
    notify_server.status.extend([500])
    now = datetime.now()
    config = notify_config(notify_server.base_url)
    assert queue_and_deliver(app, session, config, now).retrying == 1
    assert deliver(session, config, now + timedelta(minutes=5)).sent == 1
    assert len(notify_server.received) == 2

    due_row(email_address="second@example.org")
    notify_server.status.extend([400])
    assert queue_and_deliver(app, session, config, now).failed == 1
    assert messages(session)[-1].state == "failed"
