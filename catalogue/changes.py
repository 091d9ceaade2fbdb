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

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from catalogue.models import AuditEvent, CatalogueChange

# Taken (on PostgreSQL) by a committing transaction just before it writes its revisions.
REVISION_LOCK = 0x52415231  # "RAR1"
PENDING = "catalogue_revisions_pending"


def record_revision(session: Session, intervention_id: uuid.UUID | None) -> None:
    """Move the catalogue revision on for one intervention (None: for everything), when the
    session's transaction commits.

    Readers take the highest committed revision and later ask what changed after it, so
    revisions must become visible in order. On PostgreSQL two writers could take numbers
    10 and 11 from the sequence and commit 11 first; a reader syncing between the two
    commits would record 11 and never see 10. So the revision rows are written at commit,
    under a transaction-scoped advisory lock: writers number and commit them one at a time.
    The transaction's other rows are flushed before the lock is asked for, so a writer
    holding it only inserts new rows and cannot wait on another writer (no deadlock). A
    rolled-back transaction writes none. (SQLite already allows one writer at a time.)
    """
    session.info.setdefault(PENDING, []).append(intervention_id)


@event.listens_for(Session, "before_commit")
def _write_revisions(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(REVISION_LOCK)))
    now = datetime.now()
    session.add_all(CatalogueChange(intervention_id=key, changed_at=now) for key in pending)


@event.listens_for(Session, "after_rollback")
def _forget_revisions(session: Session) -> None:
    session.info.pop(PENDING, None)


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
