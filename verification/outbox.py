"""The outbox: every message is stored first, then delivered with retries and backoff.

A message is only ever added in the transaction that records why it is sent, so a request
is never recorded without its message, nor a message lost when delivery fails: a failed
attempt leaves it pending with the error and the time of the next attempt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from verification.messages import Message
from verification.models import OutboxMessage
from verification.policy import ChasePolicy
from verification.transports import DeliveryFailed, Transport

log = logging.getLogger(__name__)
ERROR_LIMIT = 2000


@dataclass
class DeliveryReport:
    """What one delivery run did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    # Pending messages left in the outbox because no transport is configured.
    kept: int = 0


def enqueue(
    session: Session,
    message: Message,
    stage: str,
    rows: list[int],
    now: datetime,
    request_id: int | None = None,
) -> OutboxMessage:
    """Add a message to the outbox, due at once (committed with the caller's transaction)."""
    queued = OutboxMessage(
        created_at=now,
        request_id=request_id,
        stage=stage,
        recipient=message.recipient,
        recipient_name=message.recipient_name,
        subject=message.subject,
        body=message.body,
        personalisation=message.personalisation,
        rows=rows,
        state="pending",
        attempts=0,
        next_attempt_at=now,
        sent_via="",
    )
    session.add(queued)
    return queued


def pending(session: Session, now: datetime) -> list[OutboxMessage]:
    """Messages due an attempt now, oldest first."""
    query = select(OutboxMessage).where(
        OutboxMessage.state == "pending", OutboxMessage.next_attempt_at <= now
    )
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def deliver_pending(
    session: Session, transport: Transport | None, policy: ChasePolicy, now: datetime
) -> DeliveryReport:
    """Try each message that is due; with no transport, count what stays in the outbox."""
    report = DeliveryReport()
    due = pending(session, now)
    if transport is None:
        report.kept = len(due)
        return report
    for message in due:
        if _claim(session, message, policy, now):
            _attempt(session, transport, message, now, report)
    return report


def _claim(session: Session, message: OutboxMessage, policy: ChasePolicy, now: datetime) -> bool:
    """Count the attempt and set the next one before sending, so that a second sender
    skips it and a crash mid-send is retried after the backoff instead of never."""
    attempts = message.attempts + 1
    claimed = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message.id,
            OutboxMessage.state == "pending",
            OutboxMessage.attempts == message.attempts,
        )
        .values(attempts=attempts, next_attempt_at=now + policy.retry_delay(attempts))
        .execution_options(synchronize_session=False)
    )
    session.commit()
    session.refresh(message)
    return bool(getattr(claimed, "rowcount", 0))


def _attempt(
    session: Session,
    transport: Transport,
    message: OutboxMessage,
    now: datetime,
    report: DeliveryReport,
) -> None:
    try:
        transport.send(message)
    except DeliveryFailed as exc:
        message.last_error = str(exc)[:ERROR_LIMIT]
        if exc.permanent:
            message.state, message.next_attempt_at = "failed", None
            report.failed += 1
        else:
            report.retrying += 1
        log.warning(
            "outbox message %s not delivered (attempt %s): %s",
            message.id,
            message.attempts,
            "permanent" if exc.permanent else "will retry",
        )
    else:
        message.state, message.sent_at, message.sent_via = "sent", now, transport.name
        message.next_attempt_at, message.last_error = None, None
        report.sent += 1
    session.commit()
