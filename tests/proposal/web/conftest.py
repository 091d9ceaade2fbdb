"""Fixtures for the proposal shell: a small London catalogue, a signed-in officer, a filled form.

The seeded app is read-only, so each test builds the few interventions it needs on the
empty app (reference data only) with the shared factories.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.models import Intervention
from tests.conftest import make_app

NAME = "Alexandra Testcase"
DATE_OF_BIRTH = "1990-03-27"
CASE_REFERENCE = "CR-2025-0042"
COURT = "highbury-corner"  # Camden and Islington PDU, London


@dataclass
class LondonCatalogue:
    """The interventions a London proposal can name, and one it cannot."""

    housing: Intervention
    thinking: Intervention
    paused: Intervention


@pytest.fixture
def london(make_intervention: Callable[..., Any], make_availability: Callable[..., Any]) -> Any:
    """An accommodation CRS and a thinking-skills SI open in London; a paused ETE service."""
    housing = make_intervention(
        name="Housing Advice Service",
        needs=["accommodation"],
        type="crs",
        one_to_one_sessions=4,
        summary="Help to find and keep a home.",
    )
    thinking = make_intervention(
        name="Thinking Skills Group",
        needs=["attitudes-thinking-behaviour", "emotional-management"],
        type="structured-intervention",
        eip_status="approved",
        pre_group_sessions=1,
        one_to_one_sessions=0,
        group_sessions=6,
        format="group",
    )
    paused = make_intervention(name="Paused Work Club", needs=["ete"])
    make_availability(housing, "london")
    make_availability(thinking, "london", wait_weeks=3)
    make_availability(paused, "london", status="paused")
    return LondonCatalogue(housing, thinking, paused)


@pytest.fixture
def officer(client: FlaskClient, login: Callable[..., Any]) -> Any:
    """The client signed in as a court officer; returns the user."""
    return login(client, "court-officer")


def form_data(**changes: Any) -> dict[str, Any]:
    """A complete, valid proposal form for a 35-year-old man at Highbury Corner, OGRS3 62%."""
    data: dict[str, Any] = {
        "court": COURT,
        "defendant_name": NAME,
        "date_of_birth": DATE_OF_BIRTH,
        "case_reference": CASE_REFERENCE,
        "hearing_date": "2025-06-02",
        "gender": "male",
        "age": "",
        "predictor": "OGRS3",
        "score": "62",
        "age_at_first_sanction": "",
        "previous_sanctions": "",
        "offence_category": "",
        "reoffending": ["accommodation", "attitudes-thinking-behaviour", "finance-benefits-debt"],
        "harm": ["attitudes-thinking-behaviour"],
        "order_type": "community-order",
        "order_months": "12",
        "other_requirements": ["unpaid-work"],
        "exceptional_circumstances": "",
    }
    data.update(changes)
    for key in ("date_of_birth", "hearing_date"):
        data.update(date_boxes(key, data.pop(key, None)))
    return {key: value for key, value in data.items() if value is not None}


def date_boxes(name: str, value: Any) -> dict[str, Any]:
    """A GOV.UK date input's three boxes: an ISO date is typed as day, month and year
    ("2025-06-02" → 2, 6, 2025, as a person types it); a dict gives the boxes as typed."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {f"{name}-{part}": typed for part, typed in value.items()}
    year, month, day = str(value).split("-")
    return {f"{name}-day": str(int(day)), f"{name}-month": str(int(month)), f"{name}-year": year}


def api_body(**changes: Any) -> dict[str, Any]:
    """The issue's example request body (London, male 30, OGRS3 62, accommodation)."""
    body: dict[str, Any] = {
        "region": "london",
        "pdu": None,
        "gender": "male",
        "age": 30,
        "predictor": {"name": "OGRS3", "score": 62},
        "needs": [
            {"area": "accommodation", "linked_to_reoffending": True, "linked_to_harm": False}
        ],
        "flags": {
            "alcohol_dependent": False,
            "drug_treatment_suitable": False,
            "mental_health_treatment_suitable": False,
            "accredited_programme_eligible": False,
            "sexual_offence": False,
            "domestic_abuse": False,
        },
        "order": {"type": "community-order", "months": 12},
        "exceptional_circumstances": None,
    }
    body.update(changes)
    return body


def defendant(**changes: Any) -> dict[str, Any]:
    """The defendant object of a POST /api/v1/proposals body."""
    return {
        "name": NAME,
        "date_of_birth": DATE_OF_BIRTH,
        "case_reference": CASE_REFERENCE,
        "court": COURT,
        "hearing_date": "2025-06-02",
        **changes,
    }


def proposal_id(response: Any) -> uuid.UUID:
    """The id of the proposal a form post redirected to."""
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    found = re.search(r"/proposals/([0-9a-f-]{36})$", response.headers["Location"])
    assert found, response.headers["Location"]
    return uuid.UUID(found.group(1))


@pytest.fixture
def saved(client: FlaskClient, officer: Any, london: LondonCatalogue) -> uuid.UUID:
    """A draft proposal saved through the form by the signed-in officer."""
    return proposal_id(client.post("/proposals/new", data=form_data()))


@pytest.fixture
def csrf_app(app: Flask, database_urls: dict[str, str], tmp_path: Path) -> Iterator[Flask]:
    """The same database, with CSRF protection on as in production."""
    application = make_app(database_urls["work"], tmp_path / "csrf-index", WTF_CSRF_ENABLED=True)
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def csrf_client(csrf_app: Flask) -> FlaskClient:
    """A client of the CSRF-protected app."""
    return csrf_app.test_client()
