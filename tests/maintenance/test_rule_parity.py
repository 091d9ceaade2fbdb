"""The CSV import and the write API refuse whatever the editors refuse, with the same message."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue.models import Intervention
from catalogue.rules import AVAILABILITY_COLUMNS, INTERVENTION_COLUMNS, INTERVENTION_RULES
from maintenance.csv_io import cell_text
from tests.maintenance.editing_support import NEW_INTERVENTION, new_form, row_form

LONG = "x" * 301
# (case, changes as typed into the form and into the CSV cells, the field that is refused).
# Every rule of the table is here except the two flags, which a tick box cannot get wrong.
CASES: list[tuple[str, dict[str, Any], str]] = [
    ("name missing", {"name": ""}, "name"),
    ("name too long", {"name": "x" * 201}, "name"),
    ("name on two lines", {"name": "Bridge\nBuilders"}, "name"),
    ("slug not a slug", {"slug": "Bad Slug"}, "slug"),
    ("slug is a route word", {"slug": "new"}, "slug"),
    ("slug too long", {"slug": "a" * 121}, "slug"),
    ("type unknown", {"type": "si"}, "type"),
    ("summary missing", {"summary": ""}, "summary"),
    ("summary too long", {"summary": LONG}, "summary"),
    ("needs missing", {"needs": []}, "needs"),
    ("needs unknown", {"needs": ["cooking"]}, "needs"),
    ("sessions missing", {"pre_group_sessions": ""}, "pre_group_sessions"),
    ("sessions not a number", {"one_to_one_sessions": "six"}, "one_to_one_sessions"),
    ("sessions negative", {"group_sessions": "-1"}, "group_sessions"),
    ("sessions too many", {"group_sessions": "201"}, "group_sessions"),
    ("minutes too many", {"session_minutes": "601"}, "session_minutes"),
    ("same day not fewer", {"same_day_sessions": "6"}, "same_day_sessions"),
    ("weeks too many", {"weeks_to_complete": "261"}, "weeks_to_complete"),
    ("format unknown", {"format": "choir"}, "format"),
    ("attendance missing", {"attendance": ""}, "attendance"),
    ("gender unknown", {"gender": "male"}, "gender"),
    ("age not a number", {"min_age": "eighteen"}, "min_age"),
    ("ages reversed", {"min_age": "30", "max_age": "20"}, "max_age"),
    ("OGRS3 too high", {"min_ogrs3": "100"}, "min_ogrs3"),
    ("OVP too high", {"min_ovp": "100"}, "min_ovp"),
    ("offence focus unknown", {"offence_focus": "burglary"}, "offence_focus"),
    ("excluded offence unknown", {"excluded_offences": ["theft"]}, "excluded_offences"),
    ("focus excluded", {"offence_focus": "arson"}, "excluded_offences"),
    ("months left too many", {"min_months_left": "121"}, "min_months_left"),
    ("EIP status unknown", {"eip_status": "maybe"}, "eip_status"),
    ("EIP date impossible", {"eip_decided_on": "2026-02-31"}, "eip_decided_on"),
    ("provider too long", {"provider": "x" * 201}, "provider"),
    ("price in tenths of a penny", {"price": "12.345"}, "price"),
    ("price negative", {"price": "-5"}, "price"),
    ("price without unit", {"price_unit": ""}, "price_unit"),
    ("price unit unknown", {"price_unit": "per-hour"}, "price_unit"),
    ("contract reference too long", {"contract_reference": "x" * 101}, "contract_reference"),
    ("status unknown", {"status": "gone"}, "status"),
    ("valid dates reversed", {"valid_from": "2026-05-01", "valid_to": "2026-04-01"}, "valid_to"),
    (
        "structured too short",
        {"type": "structured-intervention", "one_to_one_sessions": "2"},
        "group_sessions",
    ),
    ("description too long", {"description": "x" * 20_001}, "description"),
    ("what they do too long", {"what_you_will_do": "x" * 20_001}, "what_you_will_do"),
    ("notes too long", {"eligibility_notes": "x" * 20_001}, "eligibility_notes"),
]


def editor_message(client: FlaskClient, changes: dict[str, Any], field: str) -> str:
    """The message the "add an intervention" page shows beside the field."""
    page = client.post("/admin/interventions/new", data=new_form(**changes)).get_data(True)
    found = re.search(rf'id="{field}-error"[^>]*>.*?Error:</span> ([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else ""


def import_message(client: FlaskClient, changes: dict[str, Any], field: str) -> str:
    """The message the import preview gives for the field's column of the same record."""
    row = {rule.key: cell_text(NEW_INTERVENTION[rule.name]) for rule in INTERVENTION_RULES.values()}
    row |= {INTERVENTION_RULES[name].key: cell_text(value) for name, value in changes.items()}
    out = io.StringIO()
    writer = csv.DictWriter(out, INTERVENTION_COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    data = {"kind": "interventions", "upload": (io.BytesIO(out.getvalue().encode()), "x.csv")}
    page = client.post("/admin/import", data=data, content_type="multipart/form-data")
    column = INTERVENTION_RULES[field].key
    found = re.search(
        rf'<td class="govuk-table__cell">{column}</td>\s*<td class="govuk-table__cell">([^<]*)<',
        page.get_data(as_text=True),
    )
    return html.unescape(found.group(1)) if found else ""


@pytest.fixture
def editor(app: Flask, client: FlaskClient, login: Callable[..., Any], tmp_path: Path) -> Any:
    """A national interventions editor, who may both edit and import interventions."""
    app.config["IMPORT_DIR"] = str(tmp_path / "imports")
    return login(client, "interventions-editor")


def test_the_valid_record_passes_both_paths(client: FlaskClient, editor: Any) -> None:
    assert editor_message(client, {}, "name") == import_message(client, {}, "name") == ""


@pytest.mark.parametrize(("changes", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_import_refuses_what_the_editor_refuses_with_the_same_message(
    client: FlaskClient, editor: Any, changes: dict[str, Any], field: str
) -> None:
    message = editor_message(client, changes, field)
    assert message, f"the editor accepted {changes}"
    assert import_message(client, changes, field) == message


def test_every_rule_of_the_table_has_a_case() -> None:
    covered = {name for _, changes, _ in CASES for name in changes}
    flags = {r.name for r in INTERVENTION_RULES.values() if r.kind == "flag"}
    assert covered | flags == set(INTERVENTION_RULES)


def test_an_import_cannot_create_an_intervention_at_a_route_word(
    app: Flask, client: FlaskClient, editor: Any
) -> None:
    """The slug `new` was accepted by the import, and /admin/interventions/new is the blank
    form, so the record it made could never be opened."""
    message = import_message(client, {"slug": "new"}, "slug")
    assert message == "The short name new is reserved: choose another"
    with app.extensions["db_sessionmaker"]() as session:
        assert session.scalar(select(Intervention).where(Intervention.slug == "new")) is None


AVAILABILITY_CASES: list[tuple[str, str, str]] = [
    ("status unknown", "status", "opened"),
    ("status missing", "status", ""),
    ("next start impossible", "next_start", "2026-02-30"),
    ("places not a number", "places", "lots"),
    ("places negative", "places", "-1"),
    ("places too many", "places", "10001"),
    ("wait too long", "wait_weeks", "105"),
]


@pytest.mark.parametrize(
    ("field", "value"), [c[1:] for c in AVAILABILITY_CASES], ids=[c[0] for c in AVAILABILITY_CASES]
)
def test_the_grid_the_import_and_the_write_api_refuse_availability_alike(
    client: FlaskClient,
    editor: Any,
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
    field: str,
    value: str,
) -> None:
    row = make_availability(make_intervention(name="Housing Help"), "north-east")
    form = row_form(row, **{field: value})
    page = client.post(f"/admin/regions/north-east/availability/{row.id}", data=form)
    found = re.search(rf'id="{field}-error"[^>]*>.*?Error:</span> ([^<]*)</p>', page.get_data(True))
    assert found, f"the grid accepted {field}={value!r}"
    message = html.unescape(found.group(1))

    cells = {"intervention": "housing-help", "region": "north-east", "status": "open", field: value}
    content = (
        ",".join(AVAILABILITY_COLUMNS)
        + "\n"
        + ",".join(cells.get(name, "") for name in AVAILABILITY_COLUMNS)
    )
    data = {"kind": "availability", "upload": (io.BytesIO(content.encode()), "x.csv")}
    preview = client.post("/admin/import", data=data, content_type="multipart/form-data")
    assert f'<td class="govuk-table__cell">{html.escape(message)}</td>' in preview.get_data(True)

    sent = int(value) if re.fullmatch(r"-?\d+", value) else (value or None)
    url = f"/api/v1/interventions/{row.intervention_id}/availability/north-east"
    answer = client.patch(url, json={field: sent, "version": row.version})
    assert answer.status_code == 422
    assert answer.get_json()["errors"][field] == message
