"""The outcome of the hearing a proposal was written for: checked, recorded, audited, shown.

One field table (`FIELDS`) drives the API body, the form, the audit and the JSON answer.
The author may record or change the outcome until `OUTCOME_EDITABLE_DAYS` after the
hearing (a configuration value); after that it is part of the record and stays as it is.
The outcome holds no personal data, so the management information can read it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from core.audit import record_audit
from proposal.types import ValidationError
from proposal.web.inputs import OTHER_REQUIREMENTS
from proposal.web.models import Proposal, ProposalOutcome

SENTENCES = {
    "community-order": "Community order",
    "suspended-sentence-order": "Suspended sentence order",
    "custody": "Custody",
    "fine-or-discharge": "Fine or discharge",
    "other": "Other sentence",
}
# A RAR and the other requirements are parts of a community or suspended sentence order.
WITH_REQUIREMENTS = frozenset({"community-order", "suspended-sentence-order"})
FIELDS = ("sentence", "rar_ordered", "rar_days", "other_requirements", "sentence_date")
MAX_RAR_DAYS = 365  # no statutory maximum; anything above a year is a typing slip


class OutcomeClosed(Exception):
    """The time for recording or changing the outcome has passed."""


@dataclass(frozen=True)
class Outcome:
    """A checked outcome, ready to store."""

    sentence: str
    rar_ordered: bool
    rar_days: int | None
    other_requirements: tuple[str, ...]
    sentence_date: date


def hearing_date(proposal: Proposal) -> date:
    """The hearing date the proposal was written for."""
    return date.fromisoformat(proposal.inputs["defendant"]["hearing_date"])


def editable_until(proposal: Proposal, editable_days: int) -> date:
    """The last day on which the outcome may be recorded or changed."""
    return hearing_date(proposal) + timedelta(days=editable_days)


def parse_outcome(body: object, heard: date, today: date) -> Outcome:
    """Check an outcome body; raises ValidationError naming every problem by field."""
    if not isinstance(body, dict):
        raise ValidationError({"body": "Send a JSON object"})
    errors = {str(k)[:40]: "This field is not recognised" for k in body if k not in FIELDS}
    errors.update({k: "This field is required" for k in FIELDS if k not in body})
    if errors:
        raise ValidationError(errors)
    ordered = body["rar_ordered"]
    sentence = body["sentence"] if isinstance(body["sentence"], str) else ""
    if sentence not in SENTENCES:
        errors["sentence"] = f"Use one of: {', '.join(SENTENCES)}"
    if not isinstance(ordered, bool):
        errors["rar_ordered"] = "Give true or false"
    elif ordered and sentence in SENTENCES and sentence not in WITH_REQUIREMENTS:
        errors["rar_ordered"] = "A RAR is only part of a community or suspended sentence order"
    days = _rar_days(body["rar_days"], ordered, errors)
    requirements = _requirements(body["other_requirements"], sentence, errors)
    when = _sentence_date(body["sentence_date"], heard, today, errors)
    if errors:
        raise ValidationError(errors)
    assert when is not None
    return Outcome(sentence, ordered, days, requirements, when)


def _rar_days(days: object, ordered: object, errors: dict[str, str]) -> int | None:
    if ordered is not True:
        if days is not None:
            errors["rar_days"] = "Leave the days empty (null) when no RAR was ordered"
        return None
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_RAR_DAYS:
        errors["rar_days"] = f"Give the maximum RAR days ordered, from 1 to {MAX_RAR_DAYS}"
        return None
    return days


def _requirements(given: object, sentence: str, errors: dict[str, str]) -> tuple[str, ...]:
    if not isinstance(given, list) or any(
        not isinstance(item, str) or item not in OTHER_REQUIREMENTS for item in given
    ):
        errors["other_requirements"] = (
            f"Give a list using only these identifiers: {', '.join(OTHER_REQUIREMENTS)}"
        )
        return ()
    if given and sentence in SENTENCES and sentence not in WITH_REQUIREMENTS:
        errors["other_requirements"] = (
            "Requirements are only part of a community or suspended sentence order"
        )
    return tuple(dict.fromkeys(given))


def _sentence_date(value: object, heard: date, today: date, errors: dict[str, str]) -> date | None:
    try:
        when = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        when = None
    if when is None:
        errors["sentence_date"] = "Give the sentence date as a real date, like 2025-06-02"
    elif when < heard:
        errors["sentence_date"] = f"The sentence date cannot be before the hearing ({heard})"
    elif when > today:
        errors["sentence_date"] = "The sentence date cannot be in the future"
    return when


def outcome_of(session: Session, proposal_id: uuid.UUID) -> ProposalOutcome | None:
    """The recorded outcome of a proposal, if any."""
    return session.get(ProposalOutcome, proposal_id)


def outcomes_for(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, ProposalOutcome]:
    """The recorded outcomes of these proposals, by proposal id."""
    if not ids:
        return {}
    query = select(ProposalOutcome).where(ProposalOutcome.proposal_id.in_(ids))
    return {row.proposal_id: row for row in session.scalars(query)}


def record_outcome(
    session: Session,
    proposal: Proposal,
    author: User,
    body: object,
    now: datetime,
    editable_days: int,
) -> ProposalOutcome:
    """Record or change the outcome (the author only, within the time allowed); audited."""
    if now.date() > editable_until(proposal, editable_days):
        raise OutcomeClosed()
    outcome = parse_outcome(body, hearing_date(proposal), now.date())
    row = outcome_of(session, proposal.id)
    before: dict[str, Any] = _fields(row) if row else dict.fromkeys(FIELDS)
    if row is None:
        row = ProposalOutcome(proposal_id=proposal.id, recorded_at=now)
        session.add(row)
    row.sentence, row.rar_ordered, row.rar_days = (
        outcome.sentence,
        outcome.rar_ordered,
        outcome.rar_days,
    )
    row.other_requirements = list(outcome.other_requirements)
    row.sentence_date, row.updated_at = outcome.sentence_date, now
    after = _fields(row)
    changes = [(name, before[name], after[name]) for name in FIELDS if before[name] != after[name]]
    record_audit(
        session,
        actor=author.email,
        entity_type="proposal",
        entity_id=str(proposal.id),
        action="record-outcome" if before["sentence"] is None else "change-outcome",
        changes=changes,
        details={"region": proposal.region_slug, "court": proposal.court_slug},
    )
    session.commit()
    return row


def outcome_to_dict(row: ProposalOutcome | None) -> dict[str, Any] | None:
    """The outcome as the API shows it (`outcome` of GET /api/v1/proposals/<id>), or None."""
    return None if row is None else _fields(row)


def _fields(row: ProposalOutcome) -> dict[str, Any]:
    return {
        "sentence": row.sentence,
        "rar_ordered": row.rar_ordered,
        "rar_days": row.rar_days,
        "other_requirements": list(row.other_requirements),
        "sentence_date": row.sentence_date.isoformat(),
    }


def proposal_outcome_json(session: Session, proposal: Proposal) -> dict[str, Any] | None:
    """The `outcome` member of a proposal's JSON: what GET /api/v1/proposals/<id> includes."""
    return outcome_to_dict(outcome_of(session, proposal.id))


def describe(row: ProposalOutcome) -> list[tuple[str, str]]:
    """The outcome as labelled lines for pages: sentence, RAR, other requirements, date."""
    others = [OTHER_REQUIREMENTS.get(item, item) for item in row.other_requirements]
    rar = f"Yes, at most {row.rar_days} days" if row.rar_ordered else "No"
    return [
        ("Sentence", SENTENCES.get(row.sentence, row.sentence)),
        ("RAR ordered", rar),
        ("Other requirements", "; ".join(others) or "None"),
        ("Sentence date", f"{row.sentence_date.day} {row.sentence_date:%B %Y}"),
    ]
