"""The audit log: who changed what, when and why, written in the changing transaction.

Call `record_audit` before `session.commit()`, in the same transaction as the change: a
change that is rolled back leaves no audit row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base


class AuditEvent(Base):
    """An append-only record of who changed what, when, and why."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(80), index=True)
    action: Mapped[str] = mapped_column(String(40))
    field: Mapped[str | None] = mapped_column(String(80))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def as_text(value: Any) -> str | None:
    """A field value as the audit trail stores it."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def field_changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[tuple[str, Any, Any]]:
    """The (field, old, new) triples where the two snapshots differ."""
    return [
        (name, before.get(name), after[name])
        for name in sorted(after)
        if as_text(before.get(name)) != as_text(after[name])
    ]


def record_audit(
    session: Session,
    *,
    actor: str,
    entity_type: str,
    entity_id: str,
    action: str,
    changes: Iterable[tuple[str, Any, Any]] = (),
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append audit events: one per changed field, or one for an action with no fields."""
    now = datetime.now()
    triples: list[tuple[str | None, Any, Any]] = [*changes] or [(None, None, None)]
    session.add_all(
        AuditEvent(
            at=now,
            actor=actor,
            entity_type=entity_type,
            entity_id=entity_id,
            action=action,
            field=name,
            old_value=as_text(old),
            new_value=as_text(new),
            reason=reason,
            details=details,
        )
        for name, old, new in triples
    )
