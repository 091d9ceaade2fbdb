"""A regional editor's CSV round trip: export, edit in a spreadsheet, import back."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability
from core.audit import AuditEvent
from tests.maintenance.editing_support import row_form

FIELDS = ("status", "next_start", "places", "wait_weeks", "confirmed_at", "confirmed_by")


@pytest.fixture(autouse=True)
def import_folder(app: Flask, tmp_path: Path) -> None:
    """Keep previewed uploads in the test's own folder."""
    app.config["IMPORT_DIR"] = str(tmp_path / "imports")


@pytest.fixture
def rows(make_intervention: Callable[..., Any], make_availability: Callable[..., Any]) -> Any:
    """Three rows in the North East (one in a PDU) and one in London."""
    housing = make_intervention(name="Housing Help")
    work = make_intervention(name="Work Ready")
    confirmed = datetime.now().replace(microsecond=123456) - timedelta(days=3)
    return {
        "housing": make_availability(housing, "north-east", places=5, confirmed_at=confirmed),
        "work": make_availability(
            work, "north-east", status="waiting-list", wait_weeks=6, confirmed_at=confirmed
        ),
        "pdu": make_availability(
            work, "north-east", pdu="newcastle-upon-tyne", places=2, confirmed_at=confirmed
        ),
        "london": make_availability(housing, "london", status="paused"),
    }


@pytest.fixture
def editor(client: FlaskClient, login: Callable[..., Any]) -> Any:
    """An interventions editor limited to the North East."""
    return login(client, "interventions-editor", regions=("north-east",))


def export(client: FlaskClient) -> list[dict[str, str]]:
    """The availability export as records by column."""
    text = client.get("/admin/export/availability.csv").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def as_csv(records: list[dict[str, str]], bom: bool = False, columns: Any = None) -> bytes:
    """Records written back as a spreadsheet would save them (CRLF line ends)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns or list(records[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: v for k, v in r.items() if k in writer.fieldnames} for r in records)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


def preview(client: FlaskClient, content: bytes) -> str:
    """Upload an availability file; the preview page."""
    data = {"kind": "availability", "upload": (io.BytesIO(content), "north-east.csv")}
    page = client.post("/admin/import", data=data, content_type="multipart/form-data")
    return page.get_data(as_text=True)


def count(page: str, what: str) -> int:
    """A figure from the preview's summary."""
    found = re.search(rf'data-count="{what}">(\d+)<', page)
    assert found, page
    return int(found.group(1))


def apply(client: FlaskClient, page: str) -> str:
    """Apply a previewed upload; the page it leads to."""
    token = re.search(r"/admin/import/([A-Za-z0-9_-]+)/apply", page)
    assert token, page
    response = client.post(f"/admin/import/{token.group(1)}/apply", follow_redirects=True)
    return response.get_data(as_text=True)


def state(session: Session) -> dict[int, tuple[Any, ...]]:
    """Every row's values, version and confirmation, by id."""
    session.expire_all()
    found = session.scalars(select(Availability))
    return {r.id: (*[getattr(r, name) for name in FIELDS], r.version) for r in found}


def uk_excel(record: dict[str, str]) -> dict[str, str]:
    """A record as UK Excel saves it: day-first dates, times without seconds."""
    changed = dict(record)
    for name in ("next_start", "confirmed_at"):
        if changed[name]:
            moment = datetime.fromisoformat(changed[name])
            shape = "%d/%m/%Y %H:%M" if name == "confirmed_at" else "%d/%m/%Y"
            changed[name] = moment.strftime(shape)
    return changed


def test_a_regional_editor_exports_their_regions_only(
    client: FlaskClient, rows: Any, editor: Any, login: Callable[..., Any], app: Flask
) -> None:
    assert {r["region"] for r in export(client)} == {"north-east"}
    assert len(export(client)) == 3
    national = app.test_client()
    login(national, "admin")
    assert {r["region"] for r in export(national)} == {"north-east", "london"}


@pytest.mark.parametrize("spreadsheet", [False, True], ids=["as exported", "uk excel with bom"])
def test_reimporting_an_unchanged_export_changes_nothing_and_says_so(
    client: FlaskClient, session: Session, rows: Any, editor: Any, spreadsheet: bool
) -> None:
    records = export(client)
    if spreadsheet:
        records = [uk_excel(r) for r in records]
    before = state(session)
    page = preview(client, as_csv(records, bom=spreadsheet))
    assert count(page, "errors") == 0, page
    assert (count(page, "new"), count(page, "changed"), count(page, "unchanged")) == (0, 0, 3)
    assert "No changes" in page and "/apply" not in page
    assert state(session) == before


@pytest.mark.parametrize("spreadsheet", [False, True], ids=["as exported", "uk excel with bom"])
def test_one_edit_applies_exactly_that_edit(
    client: FlaskClient, session: Session, rows: Any, editor: Any, spreadsheet: bool
) -> None:
    records = export(client)
    if spreadsheet:
        records = [uk_excel(r) for r in records]
    edited = next(r for r in records if r["intervention"] == "work-ready" and not r["pdu"])
    edited["next_start"] = "13/07/2031" if spreadsheet else "2031-07-13"
    before = state(session)
    page = preview(client, as_csv(records, bom=spreadsheet))
    assert (count(page, "new"), count(page, "changed"), count(page, "unchanged")) == (0, 1, 2)
    assert "Imported north-east.csv: 0 added, 1 changed." in apply(client, page)
    after = state(session)
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {rows["work"].id}
    assert str(after[rows["work"].id][1]) == "2031-07-13"
    assert after[rows["work"].id][5] == editor.email  # editing confirms, as the grid does
    confirmed = session.get(Availability, rows["work"].id)
    assert confirmed is not None and confirmed.confirmed_via == "import"
    fields = {e.field for e in session.scalars(select(AuditEvent)) if e.actor == editor.email}
    assert fields == {"next_start", "confirmed_at", "confirmed_by", "confirmed_via"}


def test_a_row_changed_since_the_export_is_a_conflict_and_is_not_applied(
    app: Flask, client: FlaskClient, session: Session, rows: Any, editor: Any, login: Any
) -> None:
    records = export(client)
    colleague = app.test_client()
    login(colleague, "interventions-editor", regions=("north-east",))
    housing = rows["housing"]
    saved = colleague.post(
        f"/admin/regions/north-east/availability/{housing.id}", data=row_form(housing, places=9)
    )
    assert saved.status_code == 302
    for record in records:
        if record["intervention"] == "housing-help":
            record["status"] = "paused"  # the editor's change to the row someone else changed
        if record["pdu"]:
            record["places"] = "3"  # and a change to a row nobody touched
    page = preview(client, as_csv(records))
    assert count(page, "conflicts") == 1 and count(page, "changed") == 1
    conflict = page[page.index("data-export-conflicts") :]
    assert "Housing Help in North East" in conflict and "status" in conflict
    assert "paused" in conflict and "Last changed by" in conflict
    apply(client, page)
    session.expire_all()
    housing_now = session.get(Availability, housing.id)
    assert housing_now is not None
    assert (housing_now.status, housing_now.places) == ("open", 9)
    pdu_now = session.get(Availability, rows["pdu"].id)
    assert pdu_now is not None and pdu_now.places == 3


def test_a_newer_confirmation_is_never_moved_back(
    app: Flask, client: FlaskClient, session: Session, rows: Any, editor: Any, login: Any
) -> None:
    records = export(client)
    housing = rows["housing"]
    confirmed = client.post(
        f"/admin/regions/north-east/availability/{housing.id}/confirm",
        data={"version": str(housing.version)},
    )
    assert confirmed.status_code == 303
    before = state(session)
    assert before[housing.id][4] > datetime.now() - timedelta(minutes=1)
    page = preview(client, as_csv(records))
    assert "No changes" in page and count(page, "conflicts") == 0
    assert state(session) == before

    # A file without versions (made by hand) shows its age by the confirmation date.
    for record in records:
        if record["intervention"] == "housing-help":
            record["wait_weeks"] = "8"
    columns = [c for c in records[0] if c != "version"]
    page = preview(client, as_csv(records, columns=columns))
    assert count(page, "conflicts") == 1 and "/apply" not in page
    assert state(session) == before


def test_a_confirmation_moved_back_by_hand_is_refused(
    client: FlaskClient, session: Session, rows: Any, editor: Any
) -> None:
    records = export(client)
    housing = next(r for r in records if r["intervention"] == "housing-help")
    housing["confirmed_at"] = "01/01/2020"
    page = preview(client, as_csv(records))
    assert "before the row&#39;s last confirmation" in page
    assert "/apply" not in page


def test_a_newer_confirmation_in_the_file_is_recorded_by_the_importer(
    client: FlaskClient, session: Session, rows: Any, editor: Any
) -> None:
    records = export(client)
    housing = next(r for r in records if r["intervention"] == "housing-help")
    moment = (datetime.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    housing["confirmed_at"] = moment.strftime("%d/%m/%Y %H:%M")
    housing["confirmed_by"] = ""
    page = preview(client, as_csv(records))
    assert count(page, "changed") == 1
    apply(client, page)
    after = state(session)[rows["housing"].id]
    assert after[4] == moment and after[5] == editor.email
