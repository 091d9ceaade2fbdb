"""A process killed in the middle of a CSV import or a proposal save leaves the database
holding everything or nothing: never some rows changed, or a change without its audit trail.

Each run starts a worker process (killed_worker.py) that does the work through the app and
SIGKILLs itself after a chosen number of SQL statements, or as the commit is sent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue.models import Availability, CatalogueChange
from core.audit import AuditEvent
from proposal.web.demand import DemandRecord
from proposal.web.models import Proposal
from tests.conftest import ROOT

KILL_POINTS = ["2", "12", "40", "commit"]
ROWS = 12

pytestmark = pytest.mark.slow


def run_worker(app: Flask, tmp_path: Path, kind: str, kill_at: str, email: str, value: str):
    env = {
        **os.environ,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "SEARCH_INDEX_DIR": str(tmp_path / "worker-index"),
        "IMPORT_DIR": str(tmp_path / "imports"),
    }
    args = [sys.executable, "-m", "tests.robustness.killed_worker", kind, kill_at, email, value]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def count(session: Session, model: Any, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


@pytest.fixture
def london_rows(
    make_intervention: Callable[..., Any], make_availability: Callable[..., Any]
) -> None:
    for n in range(ROWS):
        make_availability(
            make_intervention(name=f"Killed import activity {n:02}"), "london", places=1
        )


def test_a_killed_csv_import_changes_everything_or_nothing(
    app: Flask, session: Session, make_user: Callable[..., Any], london_rows: None, tmp_path: Path
) -> None:
    editor = make_user("interventions-editor")
    outcomes, before, changes_at_start = [], 1, count(session, CatalogueChange)
    for run, kill_at in enumerate([*KILL_POINTS, "never"]):
        value = str(10 + run)
        done = run_worker(
            app,
            tmp_path,
            "import",
            kill_at if kill_at != "never" else "100000",
            editor.email,
            value,
        )
        completed = "completed" in done.stdout
        assert completed or done.returncode == -9, done.stderr[-3000:]
        session.expire_all()
        places = session.scalars(select(Availability.places)).all()
        audits = count(
            session,
            AuditEvent,
            AuditEvent.entity_type == "availability",
            AuditEvent.field == "places",
        )
        if set(places) == {int(value)}:
            outcomes.append("everything")
            before = int(value)
        else:
            assert set(places) == {before}, (kill_at, places)  # nothing: all as before
            outcomes.append("nothing")
        assert audits == ROWS * outcomes.count("everything"), (kill_at, audits)
        changes = count(session, CatalogueChange)
        assert changes == changes_at_start + ROWS * outcomes.count("everything"), (kill_at, changes)
    assert outcomes[0] == "nothing" and outcomes[-1] == "everything", outcomes


def test_a_killed_proposal_save_stores_everything_or_nothing(
    app: Flask,
    session: Session,
    make_user: Callable[..., Any],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
    tmp_path: Path,
) -> None:
    make_availability(make_intervention(name="Housing Advice Service"), "london")
    officer = make_user("court-officer")
    outcomes = []
    for run, kill_at in enumerate([*KILL_POINTS, "never"]):
        done = run_worker(
            app,
            tmp_path,
            "proposal",
            kill_at if kill_at != "never" else "100000",
            officer.email,
            str(run),
        )
        assert "completed" in done.stdout or done.returncode == -9, done.stderr[-3000:]
        session.expire_all()
        proposals = count(session, Proposal)
        assert count(session, DemandRecord) == proposals, kill_at
        created = count(
            session, AuditEvent, AuditEvent.entity_type == "proposal", AuditEvent.action == "create"
        )
        assert created == proposals, kill_at
        outcomes.append(proposals)
    assert outcomes[0] == 0 and outcomes[-1] >= 1, outcomes
    assert all(b - a in (0, 1) for a, b in zip([0, *outcomes], outcomes, strict=False)), outcomes
