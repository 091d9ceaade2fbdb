"""CSV export and import: the columns, the preview, apply all or nothing, and who may import."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from catalogue import rules
from catalogue.models import Availability, CatalogueChange, Intervention
from catalogue.search.service import catalogue_revision
from core.audit import AuditEvent
from maintenance import csv_io
from tests.maintenance.transfer_support import (
    AVAILABILITY_HEADER,
    catalogue,
    import_folder,
    parsed_csv,
    token_of,
    upload,
)

pytestmark = pytest.mark.usefixtures("import_folder")
__all__ = ["catalogue", "import_folder"]  # fixtures, used by name


# --- Export ---------------------------------------------------------------------------------


def test_availability_export_has_the_import_columns_and_neutralises_formulas(
    client, login, make_intervention, make_availability
):
    iv = make_intervention(name="Housing Help")
    make_availability(iv, "north-east", confirmed_by='=HYPERLINK("http://x")', places=3)
    login(client, "court-officer")
    response = client.get("/admin/export/availability.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "utf-8" in response.content_type.lower()
    rows = parsed_csv(response)
    contact = ",".join(rules.CONTACT_COLUMNS)
    assert ",".join(rows[0]) == f"{AVAILABILITY_HEADER},{contact},version"
    assert rows[1][:4] == ["housing-help", "north-east", "", "open"]
    assert rows[1][5] == "3"
    assert rows[1][8] == '\'=HYPERLINK("http://x")'


def test_intervention_export_has_every_seed_field_and_neutralises_formulas(
    client, login, make_intervention
):
    make_intervention(name="Plus Group", summary="-1 is not a formula", needs=["ete", "drugs"])
    login(client, "court-officer")
    rows = parsed_csv(client.get("/admin/export/interventions.csv"))
    assert rows[0] == [*rules.INTERVENTION_COLUMNS, *rules.CONTACT_COLUMNS, "version"]
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["summary"] == "'-1 is not a formula"
    assert record["needs"] == "ete; drugs"


@pytest.mark.parametrize(
    "path", ["/admin/export/availability.csv", "/admin/export/interventions.csv"]
)
def test_exports_need_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_round_trip(cell):
    assert csv_io.neutralise(cell) == "'" + cell
    assert csv_io.unescape(csv_io.neutralise(cell)) == cell
    assert csv_io.neutralise("plain") == "plain"


def test_exported_files_import_with_no_changes(client, login, catalogue, make_intervention):
    make_intervention(
        name="Full Record",
        price=Decimal("12.50"),
        price_unit="per-session",
        excluded_offences=["sexual", "arson"],
        eip_decided_on=date(2024, 5, 1),
        valid_to=date(2030, 1, 1),
        description='Line one,\nline "two"',
        min_age=18,
    )
    login(client, "admin")
    for kind in ("availability", "interventions"):
        exported = client.get(f"/admin/export/{kind}.csv").get_data()
        page = upload(client, kind, exported).get_data(as_text=True)
        assert 'data-count="errors">0<' in page, page
        assert 'data-count="new">0<' in page and 'data-count="changed">0<' in page
        assert "nothing to import" in page


# --- Preview and apply ----------------------------------------------------------------------


def test_preview_lists_changes_then_apply_writes_them_with_audit_and_revisions(
    app, client, login, session, catalogue
):
    first, _ = catalogue
    editor = login(client, "interventions-editor", regions=("north-east",))
    before = catalogue_revision(session)
    content = "\n".join(
        [
            AVAILABILITY_HEADER,
            "housing-help,north-east,,waiting-list,2030-01-06,5,4,,",
            "housing-help,north-east,newcastle-upon-tyne,open,,2,0,,",
        ]
    )
    preview = upload(client, "availability", content)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Housing Help in North East" in page
    assert "open</del> →" in page and "<ins>waiting-list</ins>" in page
    assert 'data-count="new">1<' in page and 'data-count="changed">1<' in page
    token = token_of(preview)
    assert (Path(app.config["IMPORT_DIR"]) / f"{token}.json").exists()
    assert session.scalar(select(Availability.status).where(Availability.pdu_key == "")) == "open"

    applied = client.post(f"/admin/import/{token}/apply")
    assert applied.status_code == 302
    session.expire_all()
    rows = {
        r.pdu_key: r
        for r in session.scalars(
            select(Availability).where(Availability.intervention_id == first.id)
        )
    }
    assert rows[""].status == "waiting-list" and rows[""].wait_weeks == 4
    assert rows[""].next_start == date(2030, 1, 6)
    assert rows[""].confirmed_by == editor.email  # editing confirms, as the grid does
    assert rows["newcastle-upon-tyne"].places == 2
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "availability"))
    fields = {(e.entity_id, e.field, e.new_value) for e in events if e.actor == editor.email}
    assert (str(rows[""].id), "status", "waiting-list") in fields
    assert (str(rows["newcastle-upon-tyne"].id), "places", "2") in fields
    assert catalogue_revision(session) > before
    assert app.extensions["search"].revision == catalogue_revision(session)
    assert not (Path(app.config["IMPORT_DIR"]) / f"{token}.json").exists()
    assert "Imported changes.csv: 1 added, 1 changed" in client.get("/admin/import").get_data(
        as_text=True
    )


def test_interventions_import_creates_and_changes_interventions(client, login, session, catalogue):
    login(client, "admin")
    exported = parsed_csv(client.get("/admin/export/interventions.csv"))
    header, rows = exported[0], [dict(zip(exported[0], r, strict=True)) for r in exported[1:]]
    rows[0]["name"] = "Housing Help Plus"
    rows[1]["status"] = "withdrawn"
    rows.append(
        {
            **rows[0],
            "slug": "money-matters",
            "name": "Money Matters",
            "needs": "finance-benefits-debt; ete",
            "group_sessions": "3",
        }
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, header)
    writer.writeheader()
    writer.writerows(rows)
    preview = upload(client, "interventions", out.getvalue())
    assert 'data-count="new">1<' in preview.get_data(as_text=True)
    assert client.post(f"/admin/import/{token_of(preview)}/apply").status_code == 302
    session.expire_all()
    by_slug = {iv.slug: iv for iv in session.scalars(select(Intervention))}
    assert by_slug["housing-help"].name == "Housing Help Plus"
    assert by_slug["work-ready"].status == "withdrawn"
    assert by_slug["money-matters"].need_slugs == ["ete", "finance-benefits-debt"]
    actions = {(e.entity_id, e.action) for e in session.scalars(select(AuditEvent))}
    assert (str(by_slug["money-matters"].id), "create") in actions
    assert (str(by_slug["work-ready"].id), "withdraw") in actions
    changed = set(session.scalars(select(CatalogueChange.intervention_id)))
    assert by_slug["money-matters"].id in changed


def test_apply_refuses_everything_when_a_record_changed_since_the_preview(
    client, login, session, catalogue
):
    first, second = catalogue
    login(client, "admin")
    content = "\n".join(
        [
            AVAILABILITY_HEADER,
            "housing-help,north-east,,paused,,5,1,,",
            "work-ready,london,camden-and-islington,open,,,,,",
        ]
    )
    token = token_of(upload(client, "availability", content))
    row = session.scalars(
        select(Availability).where(Availability.region_slug == "north-east")
    ).one()
    row.places = 9
    session.commit()

    refused = client.post(f"/admin/import/{token}/apply")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Nothing was imported" in page and "housing-help / north-east" in page
    assert '<td class="govuk-table__cell">places</td>' in page
    session.expire_all()
    statuses = {r.region_slug: (r.status, r.places) for r in session.scalars(select(Availability))}
    assert statuses == {"north-east": ("open", 9), "london": ("waiting-list", None)}

    again = client.post(f"/admin/import/{token}/recheck")
    assert "9</del> →" in again.get_data(as_text=True)
    assert client.post(f"/admin/import/{token_of(again)}/apply").status_code == 302


def test_an_upload_belongs_to_the_user_who_previewed_it(app, client, login, catalogue):
    login(client, "admin")
    content = AVAILABILITY_HEADER + "\nhousing-help,north-east,,paused,,,,,\n"
    token = token_of(upload(client, "availability", content))
    other = app.test_client()
    login(other, "admin")
    assert other.post(f"/admin/import/{token}/apply").status_code == 404
    assert other.post("/admin/import/not-a-token/apply").status_code == 404


# --- Who may import -------------------------------------------------------------------------


def test_a_regional_editor_imports_availability_only_in_their_regions(client, login, catalogue):
    login(client, "interventions-editor", regions=("north-east",))
    content = AVAILABILITY_HEADER + "\nwork-ready,london,camden-and-islington,open,,,,,\n"
    page = upload(client, "availability", content).get_data(as_text=True)
    assert "You may change availability only in North East" in page
    assert "/apply" not in page
    refused = upload(client, "interventions", "slug\n")
    assert refused.status_code == 403
    assert "Only national editors and administrators import interventions" in refused.get_data(
        as_text=True
    )


def test_court_officers_and_visitors_cannot_import(client, login):
    assert client.get("/admin/import").status_code == 302
    login(client, "court-officer")
    assert client.get("/admin/import").status_code == 403
    assert upload(client, "availability", AVAILABILITY_HEADER).status_code == 403


def test_the_upload_form_shows(client, login):
    login(client, "interventions-editor")
    page = client.get("/admin/import").get_data(as_text=True)
    assert "Import a CSV file" in page and 'type="file"' in page
