"""What changed since the version an editor saw, and the audit trail of an intervention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention
from core.audit import AuditEvent, as_text
from maintenance.services.availability import availability_values
from maintenance.services.interventions import intervention_values
from maintenance.services.recording import entity_type


@dataclass(frozen=True)
class ConflictField:
    """One field of a refused save: your value, the value saved meanwhile, who saved it."""

    name: str
    yours: Any
    current: Any
    # "both": you and someone else changed it; "theirs": only they did, so their value is
    # kept when you re-apply; "yours": only you did.
    kind: str
    changed_by: str | None = None
    changed_at: datetime | None = None


def merge_conflict(
    session: Session,
    record: Intervention | Availability,
    base_version: int | None,
    yours: dict[str, Any],
) -> tuple[list[ConflictField], dict[str, Any]]:
    """What changed since the version the editor saw, and their values merged onto now.

    Fields they left alone keep the saved value. When the audit cannot account for every
    version in between, every differing field counts as changed by both.
    """
    current = _values_of(record)
    base, last = _changes_since(session, record, base_version)
    merged, found = dict(yours), []
    for name, mine in yours.items():
        if as_text(mine) == as_text(current[name]):
            continue
        event = last.get(name)
        if base is None or (name in base and base[name] != as_text(mine)):
            kind = "both"
        elif name in base:
            kind, merged[name] = "theirs", current[name]
        else:
            kind = "yours"
        found.append(ConflictField(name, mine, current[name], kind, *_who(event)))
    return found, merged


def _values_of(record: Intervention | Availability) -> dict[str, Any]:
    if isinstance(record, Intervention):
        return intervention_values(record)
    return availability_values(record)


def _who(event: AuditEvent | None) -> tuple[str | None, datetime | None]:
    return (event.actor, event.at) if event else (None, None)


def _changes_since(
    session: Session, record: Intervention | Availability, base_version: int | None
) -> tuple[dict[str, str | None] | None, dict[str, AuditEvent]]:
    """Each field's value at the base version (None if unknown), and its latest change."""
    events = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.entity_type == entity_type(record), AuditEvent.entity_id == str(record.id)
        )
        .order_by(AuditEvent.id)
    ).all()
    later = [e for e in events if int((e.details or {}).get("version", 0)) > (base_version or 0)]
    base: dict[str, str | None] = {}
    last: dict[str, AuditEvent] = {}
    for event in later:
        if event.field:
            base.setdefault(event.field, event.old_value)
            last[event.field] = event
    complete = base_version is not None and len(
        {e.details["version"] for e in later if e.details}
    ) == (record.version - base_version)
    return (base if complete else None), last


def history_events(session: Session, intervention: Intervention) -> list[AuditEvent]:
    """The audit trail of an intervention and its availability rows, newest first."""
    row_ids = [str(row.id) for row in intervention.availability]
    query = select(AuditEvent).where(
        or_(
            (AuditEvent.entity_type == "intervention")
            & (AuditEvent.entity_id == str(intervention.id)),
            (AuditEvent.entity_type == "availability") & AuditEvent.entity_id.in_(row_ids),
        )
    )
    return list(session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())))
