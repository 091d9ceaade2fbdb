"""Recording catalogue changes: the revision the search index follows.

Each process keeps state derived from the catalogue (the search index, the proposal
assistant's facts) and reads `catalogue_revision` / `changed_since` to catch up.

Call `record_revision` before `session.commit()`, in the same transaction as the change
itself (with `core.audit.record_audit`), then call `catalogue.search.sync(session)` after
the commit. A change that is rolled back leaves no revision, so it never reaches the index.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from catalogue.models import CatalogueChange

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
