"""Saving over a version: a save based on an older version than the record's is refused.

Versioned records (interventions, availability rows, proposals) carry a `version` column
that SQLAlchemy checks on every UPDATE (`version_id_col`). A save names the version it was
based on: `check_version` refuses an older one before anything is written, and
`commit_versioned` turns the race the column catches at commit (another save committed in
between) into the same VersionConflict, so every caller handles one exception.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError


class Versioned(Protocol):
    """A record with a version column."""

    @property
    def version(self) -> int:
        """The version SQLAlchemy checks on every UPDATE."""


class VersionConflict(Exception):
    """The record changed since the version the save was based on; `current` is it now."""

    def __init__(self, current: Any = None) -> None:
        super().__init__("The record was changed by someone else")
        self.current = current


def check_version(record: Versioned, base_version: int | None) -> None:
    """Refuse a save based on a version other than the record's own."""
    if base_version != record.version:
        raise VersionConflict(record)


def commit_versioned(session: Session, records: Sequence[Any] = ()) -> None:
    """Commit; when another save committed first, roll back, reload `records` and raise
    VersionConflict. Any other failure rolls back and is raised as it is."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        for record in records:
            session.refresh(record)
        raise VersionConflict(records[0] if len(records) == 1 else list(records)) from None
    except Exception:
        session.rollback()
        raise
