"""Catalogue revisions become visible in the order they are numbered.

Readers (each process's search index and proposal facts) take the highest committed
revision and later ask what changed after it; a revision committed after a higher one would
never be seen. So revisions are written at commit, one writer at a time.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue.changes import REVISION_LOCK, catalogue_revision, record_revision
from catalogue.models import Intervention


def _edit(app: Flask, intervention_id: Any) -> Session:
    writer = app.extensions["db_sessionmaker"]()
    writer.get(Intervention, intervention_id).summary = "Changed."
    record_revision(writer, intervention_id)
    return writer


def test_a_revision_is_written_only_when_its_transaction_commits(
    app: Flask, session: Session, make_intervention: Any
) -> None:
    intervention = make_intervention(name="Counted")
    before = catalogue_revision(session)
    writer = _edit(app, intervention.id)
    writer.flush()
    assert catalogue_revision(writer) == before  # nothing numbered before the commit
    writer.rollback()
    assert catalogue_revision(session) == before
    writer = _edit(app, intervention.id)
    writer.commit()
    writer.close()
    assert catalogue_revision(session) == before + 1


def test_on_postgresql_a_writer_waits_for_the_one_numbering_before_it(
    app: Flask, session: Session, make_intervention: Any
) -> None:
    if app.extensions["db_engine"].dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time already; runs in the PostgreSQL pass")
    intervention = make_intervention(name="Ordered")
    before = catalogue_revision(session)
    holder = app.extensions["db_sessionmaker"]()  # another writer, between numbering and commit
    holder.execute(select(func.pg_advisory_xact_lock(REVISION_LOCK)))
    writer = _edit(app, intervention.id)
    committing = threading.Thread(target=writer.commit)
    committing.start()
    committing.join(timeout=1.0)
    assert committing.is_alive()  # waits: it may not number a revision yet
    assert catalogue_revision(session) == before
    holder.rollback()
    committing.join(timeout=30)
    assert not committing.is_alive()
    assert catalogue_revision(session) == before + 1
    holder.close()
    writer.close()
