"""Recording catalogue changes: the audit trail and the revision the search index follows.

Each process keeps state derived from the catalogue (the search index, the proposal
assistant's facts) and reads `catalogue_revision` / `changed_since` to catch up.

Call these before `session.commit()`, in the same transaction as the change itself, then
call `catalogue.search.sync(session)` after the commit. A change that is rolled back
leaves no audit row and no revision, so it never reaches the index.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue.models import AuditEvent, CatalogueChange


def record_revision(session: Session, intervention_id: uuid.UUID | None) -> None:
    """Move the catalogue revision on for one intervention (None: for everything)."""
    session.add(CatalogueChange(intervention_id=intervention_id, changed_at=datetime.now()))


def catalogue_revision(session: Session) -> int:
    """The newest committed catalogue revision (0 for an empty catalogue)."""
    return session.scalar(select(func.coalesce(func.max(CatalogueChange.revision), 0))) or 0


def changed_since(session: Session, revision: int) -> set[str] | None:
    """Interventions changed after a revision; None when a change touched everything."""
    rows = session.execute(
        select(CatalogueChange.intervention_id).where(CatalogueChange.revision > revision)
    ).scalars()
    changed: set[str] = set()
    for intervention_id in rows:
        if intervention_id is None:
            return None
        changed.add(str(intervention_id))
    return changed


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
    triples = list(changes) or [(None, None, None)]
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
