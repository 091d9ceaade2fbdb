"""Rows of an upload whose record the directory changed after the file was exported.

An export carries each record's version. A row whose record has moved on since is shown in
the preview beside the values the directory holds now, as the editor's refused save does,
and is never applied. A confirmation older than the row's own is never written back: a file
without versions shows its age by its confirmation dates instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from catalogue.models import Availability, Intervention
from maintenance.csv_io import VERSION_COLUMN, Record, RowError
from web.numbers import whole_number

CONFIRMATION = ("confirmed_at", "confirmed_by")


@dataclass(frozen=True)
class Conflict:
    """A row not imported: its record changed after the export. Fields are (name, the
    file's value, the directory's value now)."""

    key: str
    label: str
    line: int
    fields: list[tuple[str, Any, Any]]
    changed_by: str
    changed_at: datetime | None


def exported_version(record: Record) -> tuple[int | None, list[RowError]]:
    """The version the row's record had when it was exported, if the file says."""
    text = record.cells.get(VERSION_COLUMN, "").strip()
    number = whole_number(text)
    if text and number is None:
        return None, [RowError(record.line, VERSION_COLUMN, "Leave the version as exported")]
    return number, []


def confirmation_age(text: str, given: datetime | None, current: datetime | None) -> str:
    """How the file's confirmation compares with the row's: "newer", "same" (at the
    precision the file writes: a day, a minute or a second), "older", or "none" given."""
    if given is None:
        return "none"
    if current is None:
        return "newer"
    text = text.strip()
    if ":" not in text:
        mine, theirs = given.date(), current.date()
        return "same" if mine == theirs else ("newer" if mine > theirs else "older")
    seconds = text.count(":") > 1
    theirs_at = (
        current.replace(microsecond=0) if seconds else current.replace(second=0, microsecond=0)
    )
    if given == theirs_at:
        return "same"
    return "newer" if given > theirs_at else "older"


def settle_confirmation(
    record: Record, values: dict[str, Any], row: Availability, exported: int | None
) -> tuple[bool, list[RowError]]:
    """Keep the row's own confirmation unless the file's is newer; say whether the row moved
    on since the export, and refuse a confirmation moved back by hand."""
    age = confirmation_age(record.cells["confirmed_at"], values["confirmed_at"], row.confirmed_at)
    if age != "newer":
        values["confirmed_at"], values["confirmed_by"] = row.confirmed_at, row.confirmed_by
    moved_on = row.version > exported if exported is not None else age == "older"
    if age == "older" and not moved_on:
        when = row.confirmed_at.strftime("%d/%m/%Y %H:%M") if row.confirmed_at else ""
        problem = (
            f"Confirmed at is before the row's last confirmation ({when}): leave it as exported"
        )
        return moved_on, [RowError(record.line, "confirmed_at", problem)]
    return moved_on, []


def conflict(
    key: str, label: str, line: int, fields: list[tuple[str, Any, Any]], record: Any
) -> Conflict:
    """A row that changed in the directory since the export, shown as the editor shows one."""
    shown = [(name, yours, now) for name, now, yours in fields if name not in CONFIRMATION]
    shown = shown or [(name, yours, now) for name, now, yours in fields]
    if isinstance(record, Intervention):
        return Conflict(key, label, line, shown, record.updated_by, record.updated_at)
    return Conflict(key, label, line, shown, record.confirmed_by, record.confirmed_at)
