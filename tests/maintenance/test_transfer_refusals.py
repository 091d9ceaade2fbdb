"""CSV import refusals: every row error with its line and column, and whole files refused."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from catalogue.models import Availability
from core.audit import AuditEvent
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


# --- Row errors -----------------------------------------------------------------------------


def test_every_row_error_is_listed_with_line_and_column_and_nothing_changes(
    client, login, session, catalogue
):
    login(client, "admin")
    content = "\n".join(
        [
            AVAILABILITY_HEADER,
            "housing-help,north-east,,paused,,,,,",
            "housing-help,atlantis,,open,,,,,",
            "housing-help,north-east,camden-and-islington,open,,,,,",
            "no-such-thing,london,no-such-pdu,opened,31/13/2025,lots,-2,+3d,",
            "housing-help,north-east,,open,,,,,",
            "work-ready,london,,open,2025-02-30,,999,2999-01-01,",
        ]
    )
    response = upload(client, "availability", content)
    page = response.get_data(as_text=True)
    cells = re.findall(
        r'<td class="govuk-table__cell">(\d+)</td>\s*<td class="govuk-table__cell">([^<]*)</td>',
        page,
    )
    assert set(cells) >= {
        ("3", "region"),
        ("4", "pdu"),
        ("5", "intervention"),
        ("5", "status"),
        ("5", "next_start"),
        ("5", "places"),
        ("5", "wait_weeks"),
        ("5", "confirmed_at"),
        ("6", "intervention"),
        ("7", "next_start"),
        ("7", "wait_weeks"),
        ("7", "confirmed_at"),
    }
    assert "Line 2 already gives the same place" in page
    assert "/apply" not in page
    session.expire_all()
    assert {r.status for r in session.scalars(select(Availability))} == {"open", "waiting-list"}


def test_intervention_rows_are_checked_by_the_rule_table(client, login, catalogue):
    login(client, "admin")
    exported = parsed_csv(client.get("/admin/export/interventions.csv"))
    header, row = exported[0], dict(zip(exported[0], exported[1], strict=True))
    bad = {
        **row,
        "type": "structured-intervention",
        "group_sessions": "1",
        "one_to_one_sessions": "0",
    }
    worse = {
        **row,
        "slug": "Bad Slug",
        "needs": "accommodation; cooking",
        "sample": "maybe",
        "price": "12.345",
        "format": "choir",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, header)
    writer.writeheader()
    writer.writerows([bad, worse])
    page = upload(client, "interventions", out.getvalue()).get_data(as_text=True)
    assert "A structured intervention has at least 4 sessions in all" in page
    for column in ("slug", "needs", "sample", "price", "format"):
        assert f'<td class="govuk-table__cell">{column}</td>' in page


# --- Whole-file refusals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"intervention,region\nx,y\n", "Missing columns"),
        ((AVAILABILITY_HEADER + ",colour\n").encode(), "does not take: &#39;colour&#39;"),
        (
            AVAILABILITY_HEADER.encode() + b"\nhousing-help,north-east,,open,,,,,caf\xe9\n",
            "not UTF-8",
        ),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "not a CSV file"),
        (AVAILABILITY_HEADER.encode() + b"\n", "no rows under the header"),
        ((AVAILABILITY_HEADER + '\nhousing-help,"north-east\n').encode(), "not valid CSV"),
    ],
)
def test_a_broken_file_is_refused_with_a_message(
    client, login, session, catalogue, content, message
):
    login(client, "admin")
    response = upload(client, "availability", content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(AuditEvent.id)) is None


def test_an_interventions_file_sent_as_availability_says_so(client, login, catalogue):
    login(client, "admin")
    exported = client.get("/admin/export/interventions.csv").get_data()
    page = upload(client, "availability", exported).get_data(as_text=True)
    assert "looks like an interventions file" in page


def test_a_byte_order_mark_is_accepted(client, login, catalogue):
    login(client, "admin")
    content = "\ufeff" + AVAILABILITY_HEADER + "\nhousing-help,north-east,,paused,,5,1,,\n"
    response = upload(client, "availability", content)
    assert response.status_code == 200
    assert token_of(response)


def test_an_upload_over_the_limit_is_refused(app, client, login, catalogue):
    login(client, "admin")
    app.config["MAX_UPLOAD_BYTES"] = 1000
    big = AVAILABILITY_HEADER + "\n" + "housing-help,north-east,,open,,,,,\n" * 100
    response = upload(client, "availability", big)
    assert response.status_code == 400
    assert "larger than" in response.get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    assert upload(client, "availability", big).status_code == 413
