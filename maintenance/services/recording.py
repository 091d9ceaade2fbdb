"""The steps every catalogue write shares: check the values, audit, commit, re-index.

Versions are checked as every versioned write does (`core.versions`): a save based on an
older version than the row's, or one that loses the race at commit, raises VersionConflict.
Nothing reaches the search index unless the commit succeeded.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalogue import search
from catalogue.changes import record_revision
from catalogue.models import Availability, Intervention
from core.audit import record_audit
from core.versions import commit_versioned

log = logging.getLogger(__name__)


class ValidationFailed(ValueError):
    """The values break a rule; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def entity_type(record: Intervention | Availability) -> str:
    """The audit trail's name for the kind of record."""
    return "intervention" if isinstance(record, Intervention) else "availability"


def raise_if(errors: dict[str, str]) -> None:
    """Refuse the values when any rule is broken."""
    if errors:
        raise ValidationFailed(errors)


def audit_change(
    session: Session,
    actor: str,
    record: Intervention | Availability,
    action: str,
    changes: list[tuple[str, Any, Any]],
    reason: str | None,
    version: int,
    source: str | None = None,
) -> None:
    """Audit a change and move the revision on; `details.version` is the version it made
    and `details.source` how it was made, when not by hand (e.g. "import")."""
    details: dict[str, Any] = {"version": version}
    if source:
        details["source"] = source
    if isinstance(record, Intervention):
        intervention_id = record.id
    else:
        intervention_id = record.intervention_id
        details |= {
            "intervention_id": str(record.intervention_id),
            "region": record.region_slug,
            "pdu": record.pdu_slug,
        }
    record_audit(
        session,
        actor=actor,
        entity_type=entity_type(record),
        entity_id=str(record.id),
        action=action,
        changes=changes,
        reason=reason or None,
        details=details,
    )
    record_revision(session, intervention_id)


def commit(session: Session, records: list[Any], duplicate: dict[str, str] | None = None) -> None:
    """Commit, mapping a lost race to VersionConflict or ValidationFailed; then re-index."""
    try:
        commit_versioned(session, records)
    except IntegrityError:
        if duplicate is None:
            raise
        raise ValidationFailed(duplicate) from None
    reindex(session)


def reindex(session: Session) -> None:
    """Bring the search index up to the committed catalogue; a failure only delays it."""
    try:
        search.sync(session)
    except Exception:  # the next search syncs again, so the edit is not lost
        log.exception("search index not updated after a committed edit")
