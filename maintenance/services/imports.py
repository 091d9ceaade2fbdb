"""Applying a checked CSV import through the editor's own services, in one transaction.

Every row goes through the same checks, audit, revision and re-index as a save in the
editor, with `source: import` in its audit details; any refusal writes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from catalogue.models import Intervention
from catalogue.reference import CONFIRMED_BY_IMPORT
from catalogue.rules import CONTACT_COLUMNS
from core.versions import VersionConflict
from maintenance.csv_io import Change, Plan, RowError
from maintenance.services.availability import stage_availability_update, stage_new_availability
from maintenance.services.checks import AVAILABILITY_FIELDS, check_intervention
from maintenance.services.interventions import stage_intervention_update, stage_new_intervention
from maintenance.services.recording import ValidationFailed, commit
from verification.contact_editing import stage_contact

SOURCE = "import"
# The import's column for a field the services name otherwise.
COLUMN_OF = {"is_sample": "sample"}
SAME_MOMENT = {"file": "Another save added the same record at the same moment"}


class ImportRefused(Exception):
    """The editor's rules refuse some rows; `errors` lists them by line and column."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} rows refused")
        self.errors = errors


def refusals(session: Session, plan: Plan) -> list[RowError]:
    """What the editor's rules refuse among a plan's intervention changes, by line."""
    if plan.kind != "interventions":
        return []  # the plan checks availability with the editor's rules already
    found = []
    for change in plan.changes:
        current_id = change.record.id if change.record is not None else None
        errors = check_intervention(session, intervention_values(change), current_id)
        found += _row_errors(change, errors)
    return found


def apply_plan(
    session: Session, plan: Plan, actor: str, reason: str, versions: dict[str, int | None]
) -> None:
    """Write every change of the plan and commit once, then re-index.

    `versions` are the records' versions when the plan was previewed: a record changed
    since raises VersionConflict, as in the editor. ImportRefused lists the rows the
    editor's rules refuse. Either way nothing is written."""
    stage = _stage_intervention if plan.kind == "interventions" else _stage_availability
    errors: list[RowError] = []
    try:
        for change in plan.changes:
            try:
                stage(session, change, actor, reason, versions.get(change.key))
            except ValidationFailed as failed:
                errors += _row_errors(change, failed.errors)
    except (StaleDataError, IntegrityError):  # another save flushed first
        session.rollback()
        raise VersionConflict(None) from None
    except Exception:
        session.rollback()
        raise
    if errors:
        session.rollback()
        raise ImportRefused(errors)
    existing = [change.record for change in plan.changes if change.record is not None]
    try:
        commit(session, existing, duplicate=SAME_MOMENT)
    except ValidationFailed:
        raise VersionConflict(existing) from None


def intervention_values(change: Change) -> dict[str, object]:
    """An intervention row of the import as the editor's values."""
    values = {k: v for k, v in change.values.items() if k not in CONTACT_COLUMNS}
    values["is_sample"] = values.pop("sample")
    return values


def _stage_contact(session: Session, change: Change, record: Any, actor: str) -> None:
    """The row's contact, as the staff contact form sets it: its own audit, no confirmation."""
    contact = {name: change.values[name] for name in CONTACT_COLUMNS}
    if record.id is None and any(contact.values()):
        session.flush()  # a new row's id, for its audit
    stage_contact(session, record, contact, actor, SOURCE)


def _stage_intervention(
    session: Session, change: Change, actor: str, reason: str, version: int | None
) -> None:
    values = intervention_values(change)
    if change.record is None:
        record = stage_new_intervention(session, values, actor, reason, SOURCE)
    else:
        record = change.record
        stage_intervention_update(session, record, values, version, actor, reason, SOURCE)
    _stage_contact(session, change, record, actor)


def _stage_availability(
    session: Session, change: Change, actor: str, reason: str, version: int | None
) -> None:
    values = change.values
    content = {name: values[name] for name in AVAILABILITY_FIELDS}
    confirmed = (values["confirmed_at"], values["confirmed_by"])
    if change.record is not None:
        row = change.record
        # A row whose only change is its contact is not confirmed by the import.
        if any(name not in CONTACT_COLUMNS for name, _, _ in change.fields):
            stage_availability_update(
                session, row, content, version, actor, confirmed, reason, SOURCE
            )
        _stage_contact(session, change, row, actor)
        return
    intervention = session.get(Intervention, values["intervention_id"])
    if intervention is None:
        raise VersionConflict(None)
    added = stage_new_availability(
        session,
        intervention,
        values["region"],
        values["pdu"],
        content,
        actor,
        confirmed,
        reason,
        SOURCE,
    )
    added.confirmed_via = CONFIRMED_BY_IMPORT
    _stage_contact(session, change, added, actor)


def _row_errors(change: Change, errors: dict[str, str]) -> list[RowError]:
    return [RowError(change.line, COLUMN_OF.get(name, name), text) for name, text in errors.items()]
