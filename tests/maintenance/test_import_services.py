"""The CSV import writes through the editor's services: the same checks, audit and refusals."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from sqlalchemy import select

from catalogue.models import Availability, Intervention
from core.audit import AuditEvent
from core.versions import VersionConflict
from maintenance import csv_io, import_plan
from maintenance.services import imports
from maintenance.services.availability import availability_values, update_availability
from maintenance.services.interventions import create_intervention, intervention_values

HEADER = "intervention,region,pdu,status,next_start,places,wait_weeks,confirmed_at,confirmed_by"
IMPORTER = "importer@example.org"


@pytest.fixture
def rows(make_intervention, make_availability):
    """Housing Help open in the North East and in London."""
    housing = make_intervention(name="Housing Help", needs=["accommodation"])
    north = make_availability(housing, "north-east", status="open", places=5, wait_weeks=1)
    london = make_availability(housing, "london", status="open", places=5, wait_weeks=1)
    return north, london


def availability_plan(session, *lines: str) -> csv_io.Plan:
    """The plan for an availability file of these lines, as a national editor's."""
    records, errors = csv_io.read_records("\n".join([HEADER, *lines]), "availability")
    assert not errors
    return import_plan.plan_availability(session, records, IMPORTER, None)


def versions_of(plan: csv_io.Plan) -> dict[str, int | None]:
    """Each record's version as the plan saw it."""
    return {key: seen["version"] for key, seen in plan.seen.items()}


def audit_of(session, row: Availability) -> list[AuditEvent]:
    """The audit events of one availability row, oldest first."""
    query = select(AuditEvent).where(
        AuditEvent.entity_type == "availability", AuditEvent.entity_id == str(row.id)
    )
    return list(session.scalars(query.order_by(AuditEvent.id)))


def test_an_imported_change_is_audited_as_an_editor_save_is_and_says_it_came_from_the_import(
    app, session, rows
):
    north, london = rows
    plan = availability_plan(session, "housing-help,north-east,,open,,7,1,,")
    with app.app_context():
        imports.apply_plan(session, plan, IMPORTER, "CSV import: changes.csv", versions_of(plan))
        values = availability_values(london) | {"places": 7}
        update_availability(session, london, values, london.version, "editor@example.org")
    session.expire_all()

    imported, edited = audit_of(session, north), audit_of(session, london)
    assert [(e.action, e.field) for e in imported] == [(e.action, e.field) for e in edited]
    assert {e.field for e in imported} == {
        "places",
        "confirmed_at",
        "confirmed_by",
        "confirmed_via",
    }
    assert {e.action for e in imported} == {"update"}
    imported_details, edited_details = imported[0].details or {}, edited[0].details or {}
    assert set(imported_details) == set(edited_details) | {"source"}
    assert (imported_details["source"], imported_details["version"]) == ("import", 2)
    assert imported[0].reason == "CSV import: changes.csv"
    assert session.get(Availability, north.id).places == 7


def test_an_import_planned_before_an_editor_saved_the_row_gets_the_editor_s_version_conflict(
    app, session, rows
):
    north, _ = rows
    plan = availability_plan(session, "housing-help,north-east,,paused,,5,1,,")
    with app.app_context():
        values = availability_values(north) | {"places": 9}
        update_availability(session, north, values, north.version, "editor@example.org")
        with pytest.raises(VersionConflict):
            imports.apply_plan(session, plan, IMPORTER, "CSV import: old.csv", versions_of(plan))
    session.expire_all()

    row = session.get(Availability, north.id)
    assert (row.status, row.places, row.version) == ("open", 9, 2)
    assert not [e for e in audit_of(session, row) if e.actor == IMPORTER]


def test_a_slug_taken_since_the_preview_is_refused_on_its_line_and_nothing_is_written(
    app, client, login, session, rows
):
    login(client, "admin")
    exported = client.get("/admin/export/interventions.csv").get_data(as_text=True)
    table = list(csv.DictReader(io.StringIO(exported, newline="")))
    table.append({**table[0], "slug": "money-matters", "name": "Money Matters"})
    table.append({**table[0], "slug": "debt-advice", "name": "Debt Advice"})
    records, errors = csv_io.read_records(_csv(table), "interventions")
    plan = import_plan.plan_interventions(session, records)
    assert not errors and not plan.errors and len(plan.changes) == 2
    housing = session.scalars(select(Intervention)).one()
    taken = intervention_values(housing) | {"slug": "money-matters", "name": "Money Matters"}
    with app.app_context():
        create_intervention(session, taken, "editor@example.org")
        with pytest.raises(imports.ImportRefused) as refused:
            imports.apply_plan(session, plan, IMPORTER, "CSV import: new.csv", versions_of(plan))

    line = plan.changes[0].line
    message = "Another intervention already uses the short name money-matters"
    assert refused.value.errors == [csv_io.RowError(line, "slug", message)]
    slugs = set(session.scalars(select(Intervention.slug)))
    assert slugs == {"housing-help", "money-matters"}
    assert session.scalar(select(AuditEvent.id).where(AuditEvent.actor == IMPORTER)) is None


def test_the_preview_refuses_a_slug_the_editor_refuses(app, client, login, session, rows, tmp_path):
    login(client, "admin")
    exported = client.get("/admin/export/interventions.csv").get_data(as_text=True)
    table = list(csv.DictReader(io.StringIO(exported, newline="")))
    table.append({**table[0], "slug": "new", "name": "New"})
    app.config["IMPORT_DIR"] = str(tmp_path)
    data = {"kind": "interventions", "upload": (io.BytesIO(_csv(table).encode()), "new.csv")}
    preview = client.post("/admin/import", data=data, content_type="multipart/form-data")

    page = preview.get_data(as_text=True)
    assert "The short name new is reserved" in page
    assert "/apply" not in page
    assert session.scalar(select(Intervention.id).where(Intervention.slug == "new")) is None


def _csv(table: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(table[0]))
    writer.writeheader()
    writer.writerows(table)
    return out.getvalue()
