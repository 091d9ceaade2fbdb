"""Availability rows: change, add and confirm them, each audited and re-indexed.

`update_availability`, `add_availability` and `confirm_availability` are one write each.
The `stage_` functions do the same work inside the caller's transaction, for a write of
many rows at once (the CSV import), which then commits through `recording.commit`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention, Pdu
from catalogue.reference import CONFIRMATION_METHODS, CONFIRMED_BY_EDITOR, CONFIRMED_BY_IMPORT
from core.audit import field_changes
from core.versions import VersionConflict, check_version
from maintenance.services.checks import AVAILABILITY_FIELDS, check_availability
from maintenance.services.recording import audit_change, commit, raise_if

# When a row was last confirmed as accurate, and by whom (None: never).
Confirmation = tuple[datetime | None, str]
DUPLICATE_PLACE = {"pdu": "That place already has a row: edit it instead"}


def availability_values(row: Availability) -> dict[str, Any]:
    """The editable fields of an availability row."""
    return {name: getattr(row, name) for name in AVAILABILITY_FIELDS}


def update_availability(
    session: Session,
    row: Availability,
    values: dict[str, Any],
    base_version: int | None,
    actor: str,
    via: str = CONFIRMED_BY_EDITOR,
) -> Availability:
    """Save an availability row's values; saving also confirms it as accurate now, in the
    way `via` names (a key of reference.CONFIRMATION_METHODS)."""
    stage_availability_update(session, row, values, base_version, actor, via=via)
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
    row = stage_new_availability(session, intervention, region_slug, pdu_slug, values, actor)
    commit(session, [row], duplicate=DUPLICATE_PLACE)
    return row


def confirm_availability(
    session: Session,
    rows: list[Availability],
    versions: dict[int, int],
    actor: str,
    via: str = CONFIRMED_BY_EDITOR,
) -> int:
    """Confirm rows as still accurate in one transaction; any changed row refuses them all.

    `via` says how the confirmation was made (a key of reference.CONFIRMATION_METHODS).
    """
    _check_method(via)
    changed = [row for row in rows if versions.get(row.id) != row.version]
    if changed:
        raise VersionConflict(changed)
    now = datetime.now()
    for row in rows:
        changes = [
            ("confirmed_at", row.confirmed_at, now),
            ("confirmed_by", row.confirmed_by, actor),
            ("confirmed_via", row.confirmed_via, via),
        ]
        row.confirmed_at, row.confirmed_by, row.confirmed_via = now, actor, via
        audit_change(session, actor, row, "confirm", changes, None, version=row.version + 1)
    commit(session, rows)
    return len(rows)


def stage_availability_update(
    session: Session,
    row: Availability,
    values: dict[str, Any],
    base_version: int | None,
    actor: str,
    confirmed: Confirmation | None = None,
    reason: str | None = None,
    source: str | None = None,
    via: str = CONFIRMED_BY_EDITOR,
) -> None:
    """Check and apply a row's values with their audit and revision; the caller commits.

    The row counts as confirmed at `confirmed` (by default: now, by the actor), in the way
    `via` names; an import's confirmation is always "import"."""
    check_version(row, base_version)
    raise_if(check_availability(values))
    now = datetime.now()
    confirmed_at, confirmed_by = confirmed or (now, actor)
    changes = field_changes(availability_values(row), values)
    action = "update" if changes else "confirm"
    changes += [
        ("confirmed_at", row.confirmed_at, confirmed_at),
        ("confirmed_by", row.confirmed_by, confirmed_by),
    ]
    if confirmed_at != row.confirmed_at:
        method = _method(source, via)
        changes.append(("confirmed_via", row.confirmed_via, method))
        row.confirmed_via = method
    for name in AVAILABILITY_FIELDS:
        setattr(row, name, values[name])
    row.confirmed_at, row.confirmed_by, row.updated_at = confirmed_at, confirmed_by, now
    audit_change(session, actor, row, action, changes, reason, row.version + 1, source)


def stage_new_availability(
    session: Session,
    intervention: Intervention,
    region_slug: str,
    pdu_slug: str | None,
    values: dict[str, Any],
    actor: str,
    confirmed: Confirmation | None = None,
    reason: str | None = None,
    source: str | None = None,
    via: str = CONFIRMED_BY_EDITOR,
) -> Availability:
    """Check and add a row with its audit and revision; the caller commits."""
    errors = check_availability(values)
    pdu = session.get(Pdu, pdu_slug) if pdu_slug else None
    if pdu_slug and (pdu is None or pdu.region_slug != region_slug):
        errors["pdu"] = "Select a PDU in this region"
    elif _has_row(intervention, region_slug, pdu_slug):
        errors["pdu"] = "This intervention already has a row for that place: edit it instead"
    raise_if(errors)
    now = datetime.now()
    confirmed_at, confirmed_by = confirmed or (now, actor)
    row = Availability(
        intervention_id=intervention.id,
        region_slug=region_slug,
        pdu_slug=pdu_slug,
        pdu_key=pdu_slug or "",
        confirmed_at=confirmed_at,
        confirmed_by=confirmed_by,
        confirmed_via=_method(source, via) if confirmed_at else None,
        updated_at=now,
        **{name: values.get(name) for name in AVAILABILITY_FIELDS},
    )
    session.add(row)
    session.flush()
    changes = [c for c in field_changes({}, values) if c[2] is not None]
    changes += [("confirmed_at", None, confirmed_at), ("confirmed_by", None, confirmed_by)]
    changes += [("confirmed_via", None, row.confirmed_via)] if row.confirmed_via else []
    audit_change(session, actor, row, "create", changes, reason, 1, source)
    return row


def _has_row(intervention: Intervention, region_slug: str, pdu_slug: str | None) -> bool:
    return any(
        row.region_slug == region_slug and row.pdu_key == (pdu_slug or "")
        for row in intervention.availability
    )


def _method(source: str | None, via: str) -> str:
    """How a staged confirmation was made: by the import when it is one, else `via`."""
    _check_method(via)
    return CONFIRMED_BY_IMPORT if source == CONFIRMED_BY_IMPORT else via


def _check_method(via: str) -> None:
    if via not in CONFIRMATION_METHODS:
        raise ValueError(f"unknown confirmation method {via!r}")
