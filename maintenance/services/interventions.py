"""Adding, changing and withdrawing interventions, each audited field by field.

`create_intervention` and `update_intervention` are one write each. The `stage_` functions
do the same work inside the caller's transaction, for a write of many records at once (the
CSV import), which then commits through `recording.commit`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Intervention, NeedArea
from catalogue.rules import slugify
from core.audit import field_changes
from core.versions import check_version
from maintenance.services.checks import INTERVENTION_FIELDS, check_intervention
from maintenance.services.recording import audit_change, commit, raise_if

DUPLICATE_SLUG = {"slug": "Another intervention uses that name"}


def intervention_values(intervention: Intervention) -> dict[str, Any]:
    """The editable fields of an intervention as plain values (needs as slugs)."""
    values = {name: getattr(intervention, name) for name in INTERVENTION_FIELDS}
    values["needs"] = intervention.need_slugs
    return values


def create_intervention(
    session: Session, values: dict[str, Any], actor: str, reason: str | None = None
) -> Intervention:
    """Add an intervention, audited field by field, and index it."""
    intervention = stage_new_intervention(session, values, actor, reason)
    commit(session, [intervention], duplicate=DUPLICATE_SLUG)
    return intervention


def update_intervention(
    session: Session,
    intervention: Intervention,
    values: dict[str, Any],
    base_version: int | None,
    actor: str,
    reason: str | None = None,
) -> Intervention:
    """Save new values over the version the editor saw; withdrawing needs a reason."""
    if stage_intervention_update(session, intervention, values, base_version, actor, reason):
        commit(session, [intervention], duplicate=DUPLICATE_SLUG)
    return intervention


def withdraw_intervention(
    session: Session, intervention: Intervention, base_version: int | None, reason: str, actor: str
) -> Intervention:
    """Mark an intervention withdrawn, with the reason kept in the history."""
    values = intervention_values(intervention) | {"status": "withdrawn"}
    return update_intervention(session, intervention, values, base_version, actor, reason)


def stage_new_intervention(
    session: Session,
    values: dict[str, Any],
    actor: str,
    reason: str | None = None,
    source: str | None = None,
) -> Intervention:
    """Check and add an intervention with its audit and revision; the caller commits."""
    values = {**values, "slug": values.get("slug") or slugify(values.get("name") or "")}
    raise_if(check_intervention(session, values))
    now = datetime.now()
    intervention = Intervention(created_at=now, created_by=actor, updated_at=now, updated_by=actor)
    _assign(session, intervention, values)
    session.add(intervention)
    session.flush()
    changes = [c for c in field_changes({}, values) if c[2] not in (None, "", [])]
    audit_change(session, actor, intervention, "create", changes, reason, 1, source)
    return intervention


def stage_intervention_update(
    session: Session,
    intervention: Intervention,
    values: dict[str, Any],
    base_version: int | None,
    actor: str,
    reason: str | None = None,
    source: str | None = None,
) -> bool:
    """Check and apply new values with their audit and revision; the caller commits.

    False when the values change nothing (then nothing is written)."""
    check_version(intervention, base_version)
    values = {**values, "slug": values.get("slug") or slugify(values.get("name") or "")}
    errors = check_intervention(session, values, intervention.id)
    action = lifecycle_action(intervention.status, values.get("status"))
    if action == "withdraw" and not (reason or "").strip():
        errors["reason"] = "Enter the reason for withdrawing it"
    raise_if(errors)
    changes = field_changes(intervention_values(intervention), values)
    if not changes:
        return False
    _assign(session, intervention, values)
    intervention.updated_at, intervention.updated_by = datetime.now(), actor
    version = intervention.version + 1
    audit_change(session, actor, intervention, action, changes, reason, version, source)
    return True


def lifecycle_action(old_status: str, new_status: str | None) -> str:
    """The audit action a status change amounts to: withdraw, reinstate or update."""
    if old_status != new_status and new_status == "withdrawn":
        return "withdraw"
    if old_status == "withdrawn" and new_status != "withdrawn":
        return "reinstate"
    return "update"


def _assign(session: Session, intervention: Intervention, values: dict[str, Any]) -> None:
    needs = session.scalars(select(NeedArea).where(NeedArea.slug.in_(list(values["needs"]))))
    intervention.needs = list(needs)
    for name in INTERVENTION_FIELDS:
        if name == "excluded_offences":
            intervention.excluded_offences = sorted(values.get(name) or [])
        elif name != "needs":
            setattr(intervention, name, values.get(name))
