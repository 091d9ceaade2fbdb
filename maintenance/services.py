"""Changing the catalogue: validate, persist, audit and record a revision, commit, re-index.

Each function takes a Session, the record, plain values and the actor's email. A save
based on an older version than the row's raises VersionConflict before anything is
written; SQLAlchemy's StaleDataError (another process committed in between) is turned
into the same. Nothing reaches the search index unless the commit succeeded.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from catalogue import search
from catalogue.changes import record_revision
from catalogue.models import Availability, Intervention, NeedArea, Pdu
from catalogue.reference import (
    ATTENDANCE,
    AVAILABILITY_STATUSES,
    EIP_STATUSES,
    ELIGIBLE_GENDERS,
    FORMATS,
    INTERVENTION_TYPES,
    LIFECYCLE_STATUSES,
    OFFENCE_TYPES,
    PRICE_UNITS,
)
from core.audit import AuditEvent, as_text, field_changes, record_audit

log = logging.getLogger(__name__)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
INTERVENTION_FIELDS = (
    "name", "slug", "type", "summary", "description", "what_you_will_do", "needs",
    "pre_group_sessions", "one_to_one_sessions", "group_sessions", "same_day_sessions",
    "session_minutes", "weeks_to_complete", "format", "attendance", "gender", "min_age",
    "max_age", "min_ogrs3", "min_ovp", "offence_focus", "excluded_offences",
    "not_if_programme_eligible", "min_months_left", "eligibility_notes", "eip_status",
    "eip_decided_on", "provider", "price", "price_unit", "contract_reference", "is_sample",
    "status", "valid_from", "valid_to",
)  # fmt: skip
# Addresses under /admin/interventions/ that a slug must not take.
RESERVED_SLUGS = frozenset({"new"})
AVAILABILITY_FIELDS = ("status", "next_start", "places", "wait_weeks")
# Vocabulary fields and the message when a value is not in them (None allowed where noted).
CHOICES: dict[str, tuple[dict[str, str], str, bool]] = {
    "type": (INTERVENTION_TYPES, "Select the type of intervention", False),
    "format": (FORMATS, "Select the format", False),
    "attendance": (ATTENDANCE, "Select how people attend", False),
    "gender": (ELIGIBLE_GENDERS, "Select who it is for", False),
    "eip_status": (EIP_STATUSES, "Select the EIP status", False),
    "status": (LIFECYCLE_STATUSES, "Select the status", False),
    "offence_focus": (OFFENCE_TYPES, "Select an offence focus from the list", True),
    "price_unit": (PRICE_UNITS, "Select a price unit from the list", True),
}
# A structured intervention has at least this many sessions (DOMAIN.md 4).
MIN_STRUCTURED_SESSIONS = 4


class ValidationFailed(ValueError):
    """The values break a rule; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class VersionConflict(Exception):
    """The record changed since the version the save was based on; `current` is it now."""

    def __init__(self, current: Any) -> None:
        super().__init__("The record was changed by someone else")
        self.current = current


def slugify(name: str) -> str:
    """A slug made from a name: lower-case words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))[:120].strip("-")


def intervention_values(intervention: Intervention) -> dict[str, Any]:
    """The editable fields of an intervention as plain values (needs as slugs)."""
    values = {name: getattr(intervention, name) for name in INTERVENTION_FIELDS}
    values["needs"] = intervention.need_slugs
    return values


def availability_values(row: Availability) -> dict[str, Any]:
    """The editable fields of an availability row."""
    return {name: getattr(row, name) for name in AVAILABILITY_FIELDS}


def check_intervention(
    session: Session, values: dict[str, Any], current_id: uuid.UUID | None = None
) -> dict[str, str]:
    """Every rule an intervention's values break, keyed by field."""
    errors = _check_choices(values) | _check_numbers(values)
    if not (values.get("name") or "").strip():
        errors["name"] = "Enter the name of the intervention"
    if len(values.get("summary") or "") > 300:
        errors["summary"] = "The summary must be 300 characters or fewer"
    slug = values.get("slug") or ""
    if not re.fullmatch(SLUG_PATTERN, slug):
        errors["slug"] = "Use only lower-case letters, numbers and hyphens"
    elif slug in RESERVED_SLUGS:
        errors["slug"] = f"The short name {slug} is reserved: choose another"
    elif _slug_taken(session, slug, current_id):
        errors["slug"] = f"Another intervention already uses the short name {slug}"
    known = set(session.scalars(select(NeedArea.slug)))
    if not values.get("needs") or set(values["needs"]) - known:
        errors["needs"] = "Select at least one need area from the list"
    return errors


def _check_choices(values: dict[str, Any]) -> dict[str, str]:
    errors = {}
    for name, (vocabulary, message, optional) in CHOICES.items():
        value = values.get(name)
        if not (value in vocabulary or (optional and value is None)):
            errors[name] = message
    if set(values.get("excluded_offences") or ()) - set(OFFENCE_TYPES):
        errors["excluded_offences"] = "Select offences from the list"
    return errors


def _check_numbers(values: dict[str, Any]) -> dict[str, str]:
    errors = {}
    total = sum(values.get(k) or 0 for k in ("pre_group_sessions", "one_to_one_sessions",
                                              "group_sessions"))  # fmt: skip
    if (values.get("same_day_sessions") or 0) > max(total - 1, 0):
        errors["same_day_sessions"] = "This must be fewer than the total number of sessions"
    if values.get("type") == "structured-intervention" and total < MIN_STRUCTURED_SESSIONS:
        errors["group_sessions"] = "A structured intervention has at least 4 sessions in all"
    if None not in (values.get("min_age"), values.get("max_age")) and (
        values["min_age"] > values["max_age"]
    ):
        errors["max_age"] = "The maximum age must be the same as or more than the minimum age"
    if None not in (values.get("valid_from"), values.get("valid_to")) and (
        values["valid_from"] > values["valid_to"]
    ):
        errors["valid_to"] = "Valid to must be the same as or after valid from"
    if (values.get("price") is None) != (values.get("price_unit") is None):
        field = "price_unit" if values.get("price") is not None else "price"
        errors[field] = "Enter both the price and its unit, or neither"
    return errors


def _slug_taken(session: Session, slug: str, current_id: uuid.UUID | None) -> bool:
    query = select(Intervention.id).where(Intervention.slug == slug)
    if current_id is not None:
        query = query.where(Intervention.id != current_id)
    return session.scalar(query) is not None


def create_intervention(
    session: Session, values: dict[str, Any], actor: str, reason: str | None = None
) -> Intervention:
    """Add an intervention, audited field by field, and index it."""
    values = {**values, "slug": values.get("slug") or slugify(values.get("name") or "")}
    _raise_if(check_intervention(session, values))
    now = datetime.now()
    intervention = Intervention(created_at=now, created_by=actor, updated_at=now, updated_by=actor)
    _apply(session, intervention, values)
    session.add(intervention)
    session.flush()
    changes = [c for c in field_changes({}, values) if c[2] not in (None, "", [])]
    _audit(session, actor, intervention, "create", changes, reason, version=1)
    _commit(session, [intervention], duplicate={"slug": "Another intervention uses that name"})
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
    _check_version(intervention, base_version)
    values = {**values, "slug": values.get("slug") or slugify(values.get("name") or "")}
    errors = check_intervention(session, values, intervention.id)
    action = _lifecycle_action(intervention.status, values.get("status"))
    if action == "withdraw" and not (reason or "").strip():
        errors["reason"] = "Enter the reason for withdrawing it"
    _raise_if(errors)
    changes = field_changes(intervention_values(intervention), values)
    if not changes:
        return intervention
    _apply(session, intervention, values)
    intervention.updated_at, intervention.updated_by = datetime.now(), actor
    _audit(session, actor, intervention, action, changes, reason, version=intervention.version + 1)
    _commit(session, [intervention], duplicate={"slug": "Another intervention uses that name"})
    return intervention


def _lifecycle_action(old_status: str, new_status: str | None) -> str:
    if old_status != new_status and new_status == "withdrawn":
        return "withdraw"
    if old_status == "withdrawn" and new_status != "withdrawn":
        return "reinstate"
    return "update"


def withdraw_intervention(
    session: Session, intervention: Intervention, base_version: int | None, reason: str, actor: str
) -> Intervention:
    """Mark an intervention withdrawn, with the reason kept in the history."""
    values = intervention_values(intervention) | {"status": "withdrawn"}
    return update_intervention(session, intervention, values, base_version, actor, reason)


def _apply(session: Session, intervention: Intervention, values: dict[str, Any]) -> None:
    needs = session.scalars(select(NeedArea).where(NeedArea.slug.in_(list(values["needs"]))))
    intervention.needs = list(needs)
    for name in INTERVENTION_FIELDS:
        if name == "excluded_offences":
            intervention.excluded_offences = sorted(values.get(name) or [])
        elif name != "needs":
            setattr(intervention, name, values.get(name))


def check_availability(values: dict[str, Any]) -> dict[str, str]:
    """Every rule an availability row's values break, keyed by field."""
    errors = {}
    if values.get("status") not in AVAILABILITY_STATUSES:
        errors["status"] = "Select the availability status"
    for name, label, top in (("places", "Places", 10_000), ("wait_weeks", "Typical wait", 104)):
        value = values.get(name)
        if value is not None and not (isinstance(value, int) and 0 <= value <= top):
            errors[name] = f"{label} must be a whole number from 0 to {top}"
    return errors


def update_availability(
    session: Session, row: Availability, values: dict[str, Any], base_version: int | None,
    actor: str,
) -> Availability:  # fmt: skip
    """Save an availability row's values; saving also confirms it as accurate now."""
    _check_version(row, base_version)
    _raise_if(check_availability(values))
    now = datetime.now()
    changes = field_changes(availability_values(row), values)
    changes += [("confirmed_at", row.confirmed_at, now), ("confirmed_by", row.confirmed_by, actor)]
    for name in AVAILABILITY_FIELDS:
        setattr(row, name, values[name])
    row.confirmed_at, row.confirmed_by, row.updated_at = now, actor, now
    action = "update" if len(changes) > 2 else "confirm"
    _audit(session, actor, row, action, changes, None, version=row.version + 1)
    _commit(session, [row])
    return row


def add_availability(
    session: Session, intervention: Intervention, region_slug: str, pdu_slug: str | None,
    values: dict[str, Any], actor: str,
) -> Availability:  # fmt: skip
    """Add a row saying an intervention runs in a region (or one PDU of it)."""
    errors = check_availability(values)
    pdu = session.get(Pdu, pdu_slug) if pdu_slug else None
    if pdu_slug and (pdu is None or pdu.region_slug != region_slug):
        errors["pdu"] = "Select a PDU in this region"
    elif any(r.region_slug == region_slug and r.pdu_key == (pdu_slug or "")
             for r in intervention.availability):  # fmt: skip
        errors["pdu"] = "This intervention already has a row for that place: edit it instead"
    _raise_if(errors)
    now = datetime.now()
    row = Availability(
        intervention_id=intervention.id, region_slug=region_slug, pdu_slug=pdu_slug,
        pdu_key=pdu_slug or "", confirmed_at=now, confirmed_by=actor, updated_at=now,
        **{name: values.get(name) for name in AVAILABILITY_FIELDS},
    )  # fmt: skip
    session.add(row)
    session.flush()
    changes = [c for c in field_changes({}, values) if c[2] is not None]
    _audit(session, actor, row, "create", changes, None, version=1)
    _commit(session, [row], duplicate={"pdu": "That place already has a row: edit it instead"})
    return row


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
        _audit(session, actor, row, "confirm", changes, None, version=row.version + 1)
    _commit(session, rows)
    return len(rows)


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
    session: Session, record: Intervention | Availability, base_version: int | None,
    yours: dict[str, Any],
) -> tuple[list[ConflictField], dict[str, Any]]:  # fmt: skip
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
        .where(AuditEvent.entity_type == _kind(record), AuditEvent.entity_id == str(record.id))
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


def _kind(record: Intervention | Availability) -> str:
    return "intervention" if isinstance(record, Intervention) else "availability"


def _check_version(record: Intervention | Availability, base_version: int | None) -> None:
    if base_version != record.version:
        raise VersionConflict(record)


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _audit(
    session: Session, actor: str, record: Intervention | Availability, action: str,
    changes: list[tuple[str, Any, Any]], reason: str | None, version: int,
) -> None:  # fmt: skip
    """Audit a change and move the revision on; `details.version` is the version it made."""
    details: dict[str, Any]
    if isinstance(record, Intervention):
        kind, intervention_id, details = "intervention", record.id, {"version": version}
    else:
        kind, intervention_id = "availability", record.intervention_id
        details = {"version": version, "intervention_id": str(record.intervention_id),
                   "region": record.region_slug, "pdu": record.pdu_slug}  # fmt: skip
    record_audit(
        session, actor=actor, entity_type=kind, entity_id=str(record.id), action=action,
        changes=changes, reason=reason or None, details=details,
    )  # fmt: skip
    record_revision(session, intervention_id)


def _commit(session: Session, records: list[Any], duplicate: dict[str, str] | None = None) -> None:
    """Commit, mapping a lost race to VersionConflict or ValidationFailed; then re-index."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        for record in records:
            session.refresh(record)
        raise VersionConflict(records[0] if len(records) == 1 else records) from None
    except IntegrityError:
        session.rollback()
        if duplicate is None:
            raise
        raise ValidationFailed(duplicate) from None
    except Exception:
        session.rollback()
        raise
    reindex(session)


def reindex(session: Session) -> None:
    """Bring the search index up to the committed catalogue; a failure only delays it."""
    try:
        search.sync(session)
    except Exception:  # the next search syncs again, so the edit is not lost
        log.exception("search index not updated after a committed edit")
