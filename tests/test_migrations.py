"""The migrations build exactly the schema the models declare, from one head."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.cli import alembic_config, upgrade_database
from catalogue.models import Availability, Intervention
from core.audit import AuditEvent
from core.db import Base, make_engine
from tests.conftest import _database_url, _drop_schemas, load_reference_data


def test_there_is_one_migration_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, heads


def test_the_migrated_database_matches_the_models(app: Flask) -> None:
    engine = app.extensions["db_engine"]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_existing_rows_learn_how_they_were_last_confirmed_from_the_audit(tmp_path: Path) -> None:
    url = _database_url(tmp_path, "backfill")
    engine = make_engine(url)
    try:
        upgrade_database(url)
        with Session(engine) as session:
            ids = _rows_with_their_audit(session)
        command.downgrade(alembic_config(url), "0010_psr3")
        command.upgrade(alembic_config(url), "head")
        with Session(engine) as session:
            found = {row.id: row.confirmed_via for row in session.scalars(select(Availability))}
    finally:
        engine.dispose()
        _drop_schemas([url])
    assert {name: found[row_id] for name, row_id in ids.items()} == {
        "confirmed in the grid": "editor",
        "added in the grid": "editor",
        "imported": "import",
        "imported, then confirmed in the grid": "editor",
        "seeded": "seed",
        "never confirmed": None,
    }


def _rows_with_their_audit(session: Session) -> dict[str, int]:
    """Six availability rows confirmed in different ways, with the audit each way leaves."""
    load_reference_data(session)
    now = datetime.now()
    intervention = Intervention(
        name="Backfill Course",
        slug="backfill-course",
        type="crs",
        summary="A course.",
        format="one-to-one",
        eip_status="not-applicable",
        group_sessions=0,
        one_to_one_sessions=4,
        created_at=now,
        updated_at=now,
        excluded_offences=[],
    )
    session.add(intervention)
    session.flush()
    audits: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
        "confirmed in the grid": [("confirm", "confirmed_at", {"version": 2})],
        "added in the grid": [("create", "status", {"version": 1})],
        "imported": [("update", "confirmed_at", {"version": 3, "source": "import"})],
        "imported, then confirmed in the grid": [
            ("create", "status", {"version": 1, "source": "import"}),
            ("update", "places", {"version": 2}),
            ("confirm", "confirmed_at", {"version": 3}),
        ],
        "seeded": [("update", "places", {"version": 2})],
        "never confirmed": [],
    }
    regions = ["london", "wales", "north-east", "north-west", "south-west", "east-midlands"]
    ids = {}
    for (name, events), region in zip(audits.items(), regions, strict=True):
        confirmed = None if name == "never confirmed" else now
        row = Availability(
            intervention_id=intervention.id,
            region_slug=region,
            pdu_key="",
            status="open",
            confirmed_at=confirmed,
            confirmed_by="x@example.org",
            updated_at=now,
        )
        session.add(row)
        session.flush()
        ids[name] = row.id
        session.add_all(
            AuditEvent(
                at=now,
                actor="x@example.org",
                entity_type="availability",
                entity_id=str(row.id),
                action=action,
                field=field,
                details=details,
            )
            for action, field, details in events
        )
    session.commit()
    return ids
