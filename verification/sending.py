"""The daily run: close what was confirmed, chase what was not, ask about what is due.

Running it again on the same day sends nothing twice: a row in an open request is never
asked about again, and a request moves to each chasing stage once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention, current_on
from verification.contacts import Contact, contact_for
from verification.links import answer_url, make_token
from verification.messages import compose
from verification.models import RequestRow, VerificationRequest
from verification.outbox import enqueue
from verification.policy import ASKED, ChasePolicy


@dataclass(frozen=True)
class SendSettings:
    """What the run needs from the configuration."""

    policy: ChasePolicy
    secret_key: str
    base_url: str
    link_days: int


def settings_from(config: Mapping[str, Any]) -> SendSettings:
    """The run's settings from the app configuration."""
    return SendSettings(
        policy=policy_from(config),
        secret_key=str(config["SECRET_KEY"]),
        base_url=str(config["PUBLIC_BASE_URL"]),
        link_days=int(config["VERIFY_LINK_DAYS"]),
    )


def policy_from(config: Mapping[str, Any]) -> ChasePolicy:
    """The chasing policy with the configured number of days before asking."""
    return ChasePolicy(ask_after_days=int(config["VERIFY_AFTER_DAYS"]))


@dataclass
class SendReport:
    """What one run did, for the command to print."""

    asked: int = 0
    asked_rows: int = 0
    reminded: int = 0
    urgent: int = 0
    closed: int = 0
    without_contact: int = 0


def send_requests(session: Session, settings: SendSettings, now: datetime) -> SendReport:
    """Do the day's asking and chasing, queueing each message in the outbox; one commit."""
    report = SendReport()
    for request in open_requests(session):
        rows = unconfirmed_rows(request)
        if not rows:
            request.closed_at = now
            report.closed += 1
        else:
            _chase(session, settings, request, rows, now, report)
    _ask(session, settings, now, report)
    session.commit()
    return report


def open_requests(session: Session) -> list[VerificationRequest]:
    """Requests still waiting for an answer, oldest first."""
    query = select(VerificationRequest).where(VerificationRequest.closed_at.is_(None))
    return list(session.scalars(query.order_by(VerificationRequest.id)))


def unconfirmed_rows(request: VerificationRequest) -> list[Availability]:
    """A request's rows nobody has confirmed since it was first sent."""
    return [
        link.availability
        for link in request.rows
        if link.availability.confirmed_at is None
        or link.availability.confirmed_at < request.asked_at
    ]


def due_rows(session: Session, policy: ChasePolicy, today: date) -> list[Availability]:
    """Rows of current interventions due to be asked about and not in an open request."""
    asking = (
        select(RequestRow.availability_id)
        .join(VerificationRequest)
        .where(VerificationRequest.closed_at.is_(None))
    )
    query = (
        select(Availability)
        .join(Intervention)
        .where(current_on(today), Availability.id.not_in(asking))
        .order_by(Availability.id)
    )
    return [row for row in session.scalars(query) if policy.is_due(row.confirmed_at, today)]


def _ask(session: Session, settings: SendSettings, now: datetime, report: SendReport) -> None:
    groups: dict[str, list[Availability]] = defaultdict(list)
    contacts: dict[str, Contact] = {}
    for row in due_rows(session, settings.policy, now.date()):
        contact = contact_for(row)
        if contact is None:
            report.without_contact += 1
            continue
        contacts.setdefault(contact.key, contact)
        groups[contact.key].append(row)
    for key, rows in groups.items():
        contact = contacts[key]
        request = VerificationRequest(
            contact_email=contact.email,
            contact_name=contact.name,
            contact_organisation=contact.organisation,
            asked_at=now,
            stage=ASKED,
            stage_at=now,
            rows=[RequestRow(availability_id=row.id) for row in rows],
        )
        session.add(request)
        session.flush()
        _queue(session, settings, request, rows, ASKED, now)
        report.asked += 1
        report.asked_rows += len(rows)


def _chase(
    session: Session,
    settings: SendSettings,
    request: VerificationRequest,
    rows: list[Availability],
    now: datetime,
    report: SendReport,
) -> None:
    step = settings.policy.next_step(request.stage, request.asked_at.date(), now.date())
    if step is None:
        return
    request.stage, request.stage_at = step.stage, now
    _queue(session, settings, request, rows, step.stage, now)
    if step.stage == "urgent":
        report.urgent += 1
    else:
        report.reminded += 1


def _queue(
    session: Session,
    settings: SendSettings,
    request: VerificationRequest,
    rows: list[Availability],
    stage: str,
    now: datetime,
) -> None:
    token = make_token(settings.secret_key, request.id, clock=now.timestamp)
    link = answer_url(settings.base_url, token)
    contact = Contact(request.contact_name, request.contact_email, request.contact_organisation)
    expires_on = now.date() + timedelta(days=settings.link_days)
    message = compose(contact, rows, stage, link, expires_on)
    enqueue(session, message, stage, [row.id for row in rows], now, request_id=request.id)
