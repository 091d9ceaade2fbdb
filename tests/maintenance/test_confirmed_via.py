"""A CSV import that confirms a row, or adds one, records that the import confirmed it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue.models import Availability
from tests.maintenance.editing_support import audit_rows, fresh

HEADER = "intervention,region,pdu,status,next_start,places,wait_weeks,confirmed_at,confirmed_by"
LONG_AGO = datetime.now().replace(microsecond=0) - timedelta(days=200)


@pytest.fixture(autouse=True)
def import_folder(app: Flask, tmp_path: Path) -> None:
    """Keep previewed uploads in the test's own folder."""
    app.config["IMPORT_DIR"] = str(tmp_path / "imports")


def imported(client: FlaskClient, lines: list[str]) -> None:
    """Upload an availability CSV and apply it."""
    raw = "\n".join([HEADER, *lines]).encode("utf-8")
    data = {"kind": "availability", "upload": (io.BytesIO(raw), "changes.csv")}
    preview = client.post("/admin/import", data=data, content_type="multipart/form-data")
    found = re.search(r"/admin/import/([A-Za-z0-9_-]+)/apply", preview.get_data(as_text=True))
    assert found, preview.get_data(as_text=True)
    assert client.post(f"/admin/import/{found.group(1)}/apply").status_code == 302


def test_an_import_that_confirms_rows_records_it_and_audits_it(
    app: Flask,
    client: FlaskClient,
    login: Callable[..., Any],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    login(client, "interventions-editor", ("north-east",))
    changed = make_availability(
        make_intervention(name="Housing Help"),
        "north-east",
        confirmed_at=LONG_AGO,
        confirmed_via="editor",
    )
    make_intervention(name="Money Matters")
    imported(
        client,
        [
            "housing-help,north-east,,waiting-list,,,,,",
            "money-matters,north-east,,open,,,,,",
        ],
    )
    assert fresh(app, Availability, changed.id).confirmed_via == "import"
    events = audit_rows(app, entity_type="availability", entity_id=str(changed.id))
    assert ("confirmed_via", "editor", "import") in {
        (e.field, e.old_value, e.new_value) for e in events
    }
    with app.extensions["db_sessionmaker"]() as session:
        added = session.scalars(select(Availability).where(Availability.id != changed.id)).one()
        assert (added.confirmed_via, added.confirmed_at.date()) == ("import", date.today())
