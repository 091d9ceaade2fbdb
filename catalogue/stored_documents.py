"""Documents made from the catalogue once and served from the database after that.

A document is stored under a name with the catalogue revision and the day it was made
for; a request on the same day at the same revision gets the stored bytes, anything else
makes it afresh and replaces the stored copy. Every instance shares the database, so a
document is made once per revision and day, not once per worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalogue.changes import catalogue_revision
from catalogue.models import StoredDocument
from core import db


def stored_or_made(session: Session, name: str, today: date, make: Callable[[], bytes]) -> bytes:
    """The stored document if it was made for this revision and day, else a new one, kept."""
    revision = catalogue_revision(session)  # read first: a later change makes it stale
    stored = session.get(StoredDocument, name)
    if stored is not None and stored.revision == revision and stored.made_for == today:
        return stored.content
    content = make()
    _keep(name, revision, today, content)
    return content


def _keep(name: str, revision: int, today: date, content: bytes) -> None:
    """Store the document in a session of its own, leaving the request's untouched."""
    with db.new_session() as own:
        row = own.get(StoredDocument, name) or StoredDocument(name=name)
        if row.revision is not None and row.revision > revision:
            return  # another worker already stored a newer one
        row.revision, row.made_for, row.made_at, row.content = (
            revision,
            today,
            datetime.now(),
            content,
        )
        own.add(row)
        try:
            own.commit()
        except IntegrityError:  # another worker stored it first: theirs serves as well
            own.rollback()
