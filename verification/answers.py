"""Recording a contact's answer: through the same availability services editors use.

Every row is confirmed (or changed and confirmed) with the contact named as
"<email>, by verification link", so the revision, the audit and the search index follow the
one write path. The request is marked answered in the same transaction as the first write,
and only if nobody answered it first, so a link is used once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from catalogue.models import Availability
from catalogue.reference import CONFIRMED_BY_PROVIDER_LINK
from core.versions import VersionConflict
from maintenance.services.availability import confirm_availability, update_availability
from maintenance.services.checks import check_availability
from maintenance.services.recording import ValidationFailed
from verification.models import VerificationRequest

ACCURATE, CHANGED = "accurate", "changed"


class AlreadyAnswered(Exception):
    """Someone answered this request first (the link was used)."""


@dataclass(frozen=True)
class RowAnswer:
    """A contact's answer for one row: still accurate, or these new values."""

    row: Availability
    version: int | None
    outcome: str
    values: dict[str, Any]


def answered_by(request: VerificationRequest) -> str:
    """How the audit and `confirmed_by` name a confirmation made through the link."""
    return f"{request.contact_email}, by verification link"


def record_answer(
    session: Session, request: VerificationRequest, answers: list[RowAnswer], now: datetime
) -> None:
    """Confirm or change each row as the contact said; nothing is written on a conflict."""
    changed = [answer.row for answer in answers if answer.version != answer.row.version]
    if changed:
        raise VersionConflict(changed)
    for answer in answers:  # every answer is checked before the first one is written
        errors = check_availability(answer.values) if answer.outcome == CHANGED else {}
        if errors:
            raise ValidationFailed(errors)
    claimed = session.execute(
        update(VerificationRequest)
        .where(VerificationRequest.id == request.id, VerificationRequest.answered_at.is_(None))
        .values(answered_at=now, closed_at=now)
        .execution_options(synchronize_session=False)
    )
    if not getattr(claimed, "rowcount", 0):
        session.rollback()
        raise AlreadyAnswered
    outcomes = {answer.row.id: answer.outcome for answer in answers}
    for link in request.rows:
        link.outcome = outcomes.get(link.availability_id)
    actor = answered_by(request)
    accurate = [answer for answer in answers if answer.outcome == ACCURATE]
    if accurate:
        versions = {answer.row.id: answer.row.version for answer in accurate}
        confirm_availability(
            session, [a.row for a in accurate], versions, actor, CONFIRMED_BY_PROVIDER_LINK
        )
    for answer in answers:
        if answer.outcome == CHANGED:
            update_availability(
                session,
                answer.row,
                answer.values,
                answer.row.version,
                actor,
                CONFIRMED_BY_PROVIDER_LINK,
            )
    session.refresh(request)
