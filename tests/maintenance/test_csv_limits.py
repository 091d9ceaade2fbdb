"""A hostile CSV upload is refused at once with a clear message: a header of 200,000 commas
(whose checks were once quadratic, tying up a worker past its timeout), and cells holding
control characters."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from maintenance import csv_io


def upload(client: FlaskClient, content: str) -> Any:
    data = {"kind": "availability", "upload": (io.BytesIO(content.encode()), "changes.csv")}
    return client.post("/admin/import", data=data, content_type="multipart/form-data")


def test_a_header_of_200_000_commas_is_refused_by_its_column_count() -> None:
    with pytest.raises(csv_io.UploadRefused) as refused:
        csv_io.read_records("," * 200_000 + "\n", "availability")
    message = str(refused.value)
    assert "200,001 columns" in message and len(message) < 1_000


def test_a_header_just_within_the_cap_is_still_checked_by_name() -> None:
    extra = csv_io.MAX_COLUMNS - len(csv_io.AVAILABILITY_COLUMNS)
    header = csv_io.AVAILABILITY_COLUMNS + [f"extra{n}" for n in range(extra)]
    with pytest.raises(csv_io.UploadRefused) as refused:
        csv_io.read_records(",".join(header) + "\n" + "," * (len(header) - 1), "availability")
    assert "Columns this import does not take" in str(refused.value)


def test_repeated_and_missing_columns_are_still_named() -> None:
    header = ["region", *csv_io.AVAILABILITY_COLUMNS[1:], "region"]
    with pytest.raises(csv_io.UploadRefused) as refused:
        csv_io.read_records(",".join(header) + "\n", "availability")
    assert "Missing columns: 'intervention'" in str(refused.value)
    assert "Columns named twice: 'region'" in str(refused.value)


def test_the_upload_page_answers_the_comma_file_with_the_refusal(
    client: FlaskClient, login: Callable[..., Any]
) -> None:
    login(client, "admin")
    response = upload(client, "," * 200_000 + "\n")
    assert response.status_code == 400
    assert "200,001 columns" in response.get_data(as_text=True)


def test_a_cell_holding_a_control_character_is_an_error_on_its_line() -> None:
    header = ",".join(csv_io.AVAILABILITY_COLUMNS)
    cells = ["housing", "london", "", "open\x1b[2J", "", "", "", "", ""]
    records, errors = csv_io.read_records(f"{header}\n{','.join(cells)}\n", "availability")
    assert records == []
    assert [(e.line, e.column) for e in errors] == [(2, "status")]
    assert "U+001B" in errors[0].message
