"""Verification contacts in the CSV export and import: written, read, audited, never a
confirmation; files made before the contact columns still import."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from catalogue.models import Availability, Intervention
from core.audit import AuditEvent
from maintenance import csv_io
from tests.maintenance.transfer_support import (
    AVAILABILITY_HEADER,
    import_folder,
    parsed_csv,
    token_of,
    upload,
)

pytestmark = pytest.mark.usefixtures("import_folder")
__all__ = ["import_folder"]  # a fixture, used by name

CONTACT_COLUMNS = ["contact_name", "contact_email", "contact_organisation"]


@pytest.fixture
def contacted(make_intervention, make_availability):
    """An intervention with a contact, and a row of it with its own, confirmed 70 days ago."""
    intervention = make_intervention(
        name="Housing Help",
        contact_name="Ida Sample",
        contact_email="ida@example.org",
        contact_organisation="Sample Housing Ltd",
    )
    old = datetime.now().replace(microsecond=0) - timedelta(days=70)
    row = make_availability(
        intervention,
        "north-east",
        confirmed_at=old,
        contact_name="Ron Sample",
        contact_email="ron@example.org",
        contact_organisation="Sample Region Team",
    )
    make_availability(intervention, "london")  # no contact of its own: asks the intervention's
    return intervention, row


def _exported(client, kind: str) -> list[dict[str, str]]:
    rows = parsed_csv(client.get(f"/admin/export/{kind}.csv"))
    assert rows[0][-4:] == [*CONTACT_COLUMNS, "version"]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _csv(rows: list[dict[str, str]]) -> str:
    return csv_io.write_csv("availability", rows)


def test_exports_carry_each_contact(client, login, contacted):
    login(client, "admin")
    interventions = _exported(client, "interventions")
    assert [
        (r["contact_name"], r["contact_email"], r["contact_organisation"]) for r in interventions
    ] == [("Ida Sample", "ida@example.org", "Sample Housing Ltd")]
    rows = {r["region"]: r for r in _exported(client, "availability")}
    assert rows["north-east"]["contact_email"] == "ron@example.org"
    assert rows["north-east"]["contact_organisation"] == "Sample Region Team"
    assert [rows["london"][name] for name in CONTACT_COLUMNS] == ["", "", ""]


def test_an_unchanged_export_imports_with_no_changes(client, login, contacted):
    login(client, "admin")
    for kind in ("availability", "interventions"):
        page = upload(client, kind, client.get(f"/admin/export/{kind}.csv").get_data())
        text = page.get_data(as_text=True)
        assert 'data-count="errors">0<' in text and 'data-count="changed">0<' in text, text


def test_a_changed_contact_is_applied_audited_and_does_not_confirm_the_row(
    client, login, session, contacted
):
    intervention, row = contacted
    confirmed = (row.confirmed_at, row.confirmed_by)
    editor = login(client, "admin")
    rows = _exported(client, "availability")
    for exported in rows:
        if exported["region"] == "north-east":
            exported["contact_email"] = "rona@example.org"
    preview = upload(client, "availability", _csv(rows))
    assert 'data-count="changed">1<' in preview.get_data(as_text=True)
    assert client.post(f"/admin/import/{token_of(preview)}/apply").status_code == 302

    header = parsed_csv(client.get("/admin/export/interventions.csv"))[0]
    ivs = _exported(client, "interventions")
    ivs[0]["contact_name"] = "Ida Example"
    preview = upload(client, "interventions", csv_io.write_csv("interventions", ivs))
    assert header[-4:-1] == CONTACT_COLUMNS
    assert client.post(f"/admin/import/{token_of(preview)}/apply").status_code == 302

    session.expire_all()
    saved = session.get(Availability, row.id)
    assert saved.contact_email == "rona@example.org"
    assert (saved.confirmed_at, saved.confirmed_by) == confirmed
    assert session.get(Intervention, intervention.id).contact_name == "Ida Example"
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "contact")).all()
    found = {(e.entity_id, e.field, e.new_value, e.actor) for e in events}
    assert (str(row.id), "contact_email", "rona@example.org", editor.email) in found
    assert (str(intervention.id), "contact_name", "Ida Example", editor.email) in found
    assert not session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_id == str(row.id), AuditEvent.action.in_(("confirm", "update"))
        )
    ).all()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not an address", "Enter the contact&#39;s email address like name@example.org"),
        ("", "Enter the contact&#39;s email address, or clear the name"),
    ],
)
def test_a_bad_contact_is_refused_with_the_contact_forms_message(
    client, login, session, contacted, email, message
):
    _, row = contacted
    login(client, "admin")
    rows = _exported(client, "availability")
    for exported in rows:
        if exported["region"] == "north-east":
            exported["contact_email"] = email
    page = upload(client, "availability", _csv(rows)).get_data(as_text=True)
    assert message in page
    assert "/apply" not in page
    session.expire_all()
    assert session.get(Availability, row.id).contact_email == "ron@example.org"


def test_a_file_without_the_contact_columns_imports_and_keeps_every_contact(
    client, login, session, contacted
):
    intervention, row = contacted
    login(client, "admin")
    content = "\n".join([AVAILABILITY_HEADER, "housing-help,north-east,,waiting-list,,5,4,,"])
    preview = upload(client, "availability", content)
    assert 'data-count="changed">1<' in preview.get_data(as_text=True)
    assert client.post(f"/admin/import/{token_of(preview)}/apply").status_code == 302

    ivs = _exported(client, "interventions")
    older = [{k: v for k, v in r.items() if k not in CONTACT_COLUMNS} for r in ivs]
    older[0]["summary"] = "A changed summary"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(older[0]))
    writer.writeheader()
    writer.writerows(older)
    preview = upload(client, "interventions", out.getvalue())
    assert 'data-count="changed">1<' in preview.get_data(as_text=True), preview.get_data(
        as_text=True
    )
    assert client.post(f"/admin/import/{token_of(preview)}/apply").status_code == 302

    session.expire_all()
    saved = session.get(Availability, row.id)
    assert saved.status == "waiting-list"
    assert (saved.contact_name, saved.contact_email) == ("Ron Sample", "ron@example.org")
    kept = session.get(Intervention, intervention.id)
    assert kept.summary == "A changed summary"
    assert (kept.contact_name, kept.contact_email) == ("Ida Sample", "ida@example.org")
