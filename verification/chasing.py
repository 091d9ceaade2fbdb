"""Where each row of a region stands in the chase, for the "due for verification" view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention, current_on
from verification.contacts import Contact, contact_for
from verification.models import RequestRow, VerificationRequest
from verification.policy import ANSWERED, CHASE_STATES, NOT_ASKED, ChasePolicy


@dataclass(frozen=True)
class RowState:
    """One row on the view: its chase state, who is asked, and who answered when."""

    row: Availability
    state: str
    contact: Contact | None
    asked_at: datetime | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    needs_chasing: bool = False


def latest_requests(session: Session, row_ids: list[int]) -> dict[int, VerificationRequest]:
    """The newest request that asked about each row."""
    query = (
        select(RequestRow.availability_id, VerificationRequest)
        .join(VerificationRequest)
        .where(RequestRow.availability_id.in_(row_ids))
        .order_by(VerificationRequest.asked_at, VerificationRequest.id)
    )
    return {row_id: request for row_id, request in session.execute(query)}


def row_state(
    row: Availability, request: VerificationRequest | None, policy: ChasePolicy, today: date
) -> RowState | None:
    """Where a row stands; None for a fresh row that is in no chase."""
    contact = contact_for(row)
    if request is not None and row.confirmed_at and row.confirmed_at >= request.asked_at:
        if not policy.is_due(row.confirmed_at, today):
            return RowState(
                row, ANSWERED, contact, request.asked_at, row.confirmed_by, row.confirmed_at
            )
    elif request is not None and request.is_open:
        return RowState(
            row,
            request.stage,
            contact,
            request.asked_at,
            needs_chasing=policy.needs_chasing(request.stage),
        )
    if policy.is_due(row.confirmed_at, today):
        return RowState(row, NOT_ASKED, contact, needs_chasing=contact is None)
    return None


def region_states(
    session: Session, region: str, policy: ChasePolicy, today: date
) -> list[RowState]:
    """The region's rows that are due, being chased or answered, in chase-state order."""
    rows = list(
        session.scalars(
            select(Availability)
            .join(Intervention)
            .where(Availability.region_slug == region, current_on(today))
        )
    )
    requests = latest_requests(session, [row.id for row in rows])
    states = [row_state(row, requests.get(row.id), policy, today) for row in rows]
    found = [state for state in states if state is not None]
    return sorted(
        found,
        key=lambda s: (
            CHASE_STATES.index(s.state),
            s.row.intervention.name.casefold(),
            s.row.pdu.name if s.row.pdu else "",
        ),
    )
