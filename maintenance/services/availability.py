"""Availability rows: change, add and confirm them, each audited and re-indexed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention, Pdu
from core.audit import field_changes
from maintenance.services.checks import AVAILABILITY_FIELDS, check_availability
from maintenance.services.recording import (
    VersionConflict,
    audit_change,
    check_version,
    commit,
    raise_if,
)


def availability_values(row: Availability) -> dict[str, Any]:
    """The editable fields of an availability row."""
    return {name: getattr(row, name) for name in AVAILABILITY_FIELDS}


def update_availability(
    session: Session,
    row: Availability,
    values: dict[str, Any],
    base_version: int | None,
    actor: str,
) -> Availability:
    """Save an availability row's values; saving also confirms it as accurate now."""
    check_version(row, base_version)
    raise_if(check_availability(values))
    now = datetime.now()
    changes = field_changes(availability_values(row), values)
    changes += [("confirmed_at", row.confirmed_at, now), ("confirmed_by", row.confirmed_by, actor)]
    for name in AVAILABILITY_FIELDS:
        setattr(row, name, values[name])
    row.confirmed_at, row.confirmed_by, row.updated_at = now, actor, now
    action = "update" if len(changes) > 2 else "confirm"
    audit_change(session, actor, row, action, changes, None, version=row.version + 1)
    commit(session, [row])
    return row


def add_availability(
    session: Session,
    intervention: Intervention,
    region_slug: str,
    pdu_slug: str | None,
    values: dict[str, Any],
    actor: str,
) -> Availability:
    """Add a row saying an intervention runs in a region (or one PDU of it)."""
    errors = check_availability(values)
    pdu = session.get(Pdu, pdu_slug) if pdu_slug else None
    if pdu_slug and (pdu is None or pdu.region_slug != region_slug):
        errors["pdu"] = "Select a PDU in this region"
    elif _has_row(intervention, region_slug, pdu_slug):
        errors["pdu"] = "This intervention already has a row for that place: edit it instead"
    raise_if(errors)
    now = datetime.now()
    row = Availability(
        intervention_id=intervention.id,
        region_slug=region_slug,
        pdu_slug=pdu_slug,
        pdu_key=pdu_slug or "",
        confirmed_at=now,
        confirmed_by=actor,
        updated_at=now,
        **{name: values.get(name) for name in AVAILABILITY_FIELDS},
    )
    session.add(row)
    session.flush()
    changes = [c for c in field_changes({}, values) if c[2] is not None]
    audit_change(session, actor, row, "create", changes, None, version=1)
    commit(session, [row], duplicate={"pdu": "That place already has a row: edit it instead"})
    return row


def _has_row(intervention: Intervention, region_slug: str, pdu_slug: str | None) -> bool:
    return any(
        row.region_slug == region_slug and row.pdu_key == (pdu_slug or "")
        for row in intervention.availability
    )


def confirm_availability(
    session: Session, rows: list[Availability], versions: dict[int, int], actor: str
) -> int:
    """Confirm rows as still accurate in one transaction; any changed row refuses them all."""
    changed = [row for row in rows if versions.get(row.id) != row.version]
    if changed:
        raise VersionConflict(changed)
    now = datetime.now()
    for row in rows:
        changes = [
            ("confirmed_at", row.confirmed_at, now),
            ("confirmed_by", row.confirmed_by, actor),
        ]
        row.confirmed_at, row.confirmed_by = now, actor
        audit_change(session, actor, row, "confirm", changes, None, version=row.version + 1)
    commit(session, rows)
    return len(rows)
