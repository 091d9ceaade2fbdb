"""Uploading CSV files in tests: the file form, the preview's token, a download's rows."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

AVAILABILITY_HEADER = (
    "intervention,region,pdu,status,next_start,places,wait_weeks,confirmed_at,confirmed_by"
)


@pytest.fixture
def import_folder(app, tmp_path: Path) -> Path:
    """Keep previewed uploads in the test's own folder."""
    folder = tmp_path / "imports"
    app.config["IMPORT_DIR"] = str(folder)
    return folder


def upload(client, kind: str, content: str | bytes, filename: str = "changes.csv"):
    """Post a file to the import form."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    data = {"kind": kind, "upload": (io.BytesIO(raw), filename)}
    return client.post("/admin/import", data=data, content_type="multipart/form-data")


def token_of(response) -> str:
    """The token in the preview's Apply form."""
    found = re.search(r"/admin/import/([A-Za-z0-9_-]+)/apply", response.get_data(as_text=True))
    assert found, response.get_data(as_text=True)
    return found.group(1)


def parsed_csv(response) -> list[list[str]]:
    """A CSV download as rows of cells."""
    return list(csv.reader(io.StringIO(response.get_data(as_text=True), newline="")))


@pytest.fixture
def catalogue(make_intervention, make_availability):
    """Two interventions; one open in the North East, one on a waiting list in a PDU."""
    first = make_intervention(name="Housing Help", needs=["accommodation"])
    second = make_intervention(name="Work Ready", needs=["ete", "finance-benefits-debt"])
    make_availability(first, "north-east", status="open", places=5, wait_weeks=1)
    make_availability(second, "london", pdu="camden-and-islington", status="waiting-list")
    return first, second
