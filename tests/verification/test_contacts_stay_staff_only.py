"""Verification contacts are for staff: never on public pages, the API, ORUK or documents."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from catalogue.models import Availability, Intervention
from tests.conftest import SEED
from tests.proposal.web.conftest import form_data, proposal_id


def sample_contacts() -> tuple[set[str], set[str]]:
    """The seed's contact email addresses and names."""
    with open(SEED / "contacts.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {r["email"] for r in rows}, {r["name"] for r in rows}


def readable(response: Any) -> str:
    """The answer as text: a PDF's extracted text, or the body itself."""
    assert response.status_code == 200, response.status_code
    if response.mimetype == "application/pdf":
        pages = PdfReader(io.BytesIO(response.data)).pages
        return "\n".join(page.extract_text() for page in pages)
    return response.get_data(as_text=True)


def leaked(text: str, emails: set[str], names: set[str]) -> list[str]:
    return sorted(value for value in emails | names if value in text)


def test_the_seed_gives_every_row_a_contact_of_its_own_or_its_interventions(
    seeded_app: Flask,
) -> None:
    from core import db
    from verification.contacts import contact_for

    with seeded_app.app_context():
        rows = db.session().query(Availability).all()
        assert rows and all(contact_for(row) for row in rows)
        assert all(contact_for(row).email.endswith("@example.org") for row in rows)


PUBLIC_PATHS = [
    "/",
    "/?q=housing",
    "/?q=better+solutions&region=london",
    "/regions",
    "/regions/london",
    "/regions/north-west",
    "/interventions/better-solutions",
    "/interventions/crs-accommodation-london",
    "/api/v1/interventions",
    "/api/v1/interventions?region=london",
    "/api/v1/interventions/better-solutions",
    "/api/v1/interventions/crs-accommodation-london",
    "/api/v1/openapi.json",
    "/oruk/services",
    "/oruk/services?per_page=100&page=2",
    "/regions/london/summary.pdf",
    "/regions/north-west/summary.pdf",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_api_oruk_and_summaries_never_show_a_contact(
    seeded_client: FlaskClient, path: str
) -> None:
    emails, names = sample_contacts()
    assert leaked(readable(seeded_client.get(path)), emails, names) == []


def test_an_oruk_service_never_shows_its_contact(seeded_client: FlaskClient) -> None:
    emails, names = sample_contacts()
    listing = seeded_client.get("/oruk/services").get_json()
    for service in listing["contents"][:5]:
        text = readable(seeded_client.get(f"/oruk/services/{service['id']}"))
        assert leaked(text, emails, names) == []


def test_a_court_proposal_and_its_documents_never_show_a_contact(
    app: Flask,
    client: FlaskClient,
    login: Callable[..., Any],
    make_intervention: Callable[..., Intervention],
    make_availability: Callable[..., Availability],
) -> None:
    contact = {
        "contact_name": "Casey Contact",
        "contact_email": "casey.contact@example.org",
        "contact_organisation": "Sample Contact Org",
    }
    housing = make_intervention(name="Housing Advice Service", needs=["accommodation"], **contact)
    thinking = make_intervention(
        name="Thinking Skills Group",
        needs=["attitudes-thinking-behaviour"],
        type="structured-intervention",
        eip_status="approved",
        pre_group_sessions=1,
        one_to_one_sessions=0,
        group_sessions=6,
        format="group",
    )
    row_contact = {"contact_name": "Robin Row", "contact_email": "robin.row@example.org"}
    make_availability(housing, "london", **row_contact)
    make_availability(thinking, "london", **row_contact)
    login(client, "court-officer")
    key = proposal_id(client.post("/proposals/new", data=form_data()))
    emails = {"casey.contact@example.org", "robin.row@example.org"}
    names = {"Casey Contact", "Robin Row", "Sample Contact Org"}
    for path in (
        f"/proposals/{key}",
        f"/proposals/{key}/psr.pdf",
        f"/proposals/{key}/defendant.pdf",
        f"/api/v1/proposals/{key}",
    ):
        assert leaked(readable(client.get(path)), emails, names) == [], path
