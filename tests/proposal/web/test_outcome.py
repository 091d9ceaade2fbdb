"""Recording what the court ordered: the API, the author's form, the time allowed, the audit."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import AuditEvent
from proposal.web.models import ProposalOutcome
from tests.conftest import PASSWORD
from tests.proposal.web.conftest import form_data, proposal_id

TODAY = date.today()


def valid(**changes: Any) -> dict[str, Any]:
    """A community order with a 20-day RAR and unpaid work, sentenced today."""
    body: dict[str, Any] = {
        "sentence": "community-order",
        "rar_ordered": True,
        "rar_days": 20,
        "other_requirements": ["unpaid-work"],
        "sentence_date": TODAY.isoformat(),
    }
    body.update(changes)
    return body


@pytest.fixture
def heard_today(client: FlaskClient, officer: Any, london: Any) -> uuid.UUID:
    """A draft proposal for a hearing today, saved by the signed-in officer."""
    data = form_data(hearing_date=TODAY.isoformat())
    return proposal_id(client.post("/proposals/new", data=data))


def date_boxes(day: date) -> dict[str, str]:
    """The GOV.UK date input's three boxes for the sentence date."""
    return {f"sentence_date-{part}": str(getattr(day, part)) for part in ("day", "month", "year")}


def put(client: FlaskClient, pid: uuid.UUID, body: Any) -> Any:
    return client.put(f"/api/v1/proposals/{pid}/outcome", json=body)


def test_the_author_records_the_outcome_and_it_is_audited(
    client: FlaskClient, heard_today: uuid.UUID, session: Session
) -> None:
    response = put(client, heard_today, valid())
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["outcome"] == valid()
    until = TODAY.fromisoformat(response.get_json()["editable_until"])
    assert until == TODAY + timedelta(days=56)
    stored = session.get(ProposalOutcome, heard_today)
    assert stored is not None and stored.rar_days == 20 and stored.sentence_date == TODAY
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_id == str(heard_today))
    ).all()
    recorded = {e.field: e.new_value for e in events if e.action == "record-outcome"}
    assert recorded["rar_days"] == "20" and recorded["sentence"] == "community-order"


def test_changing_the_outcome_audits_only_what_changed(
    client: FlaskClient, heard_today: uuid.UUID, session: Session
) -> None:
    assert put(client, heard_today, valid()).status_code == 200
    changed = valid(sentence="custody", rar_ordered=False, rar_days=None, other_requirements=[])
    assert put(client, heard_today, changed).status_code == 200
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "change-outcome")).all()
    assert {e.field for e in events} == {
        "sentence",
        "rar_ordered",
        "rar_days",
        "other_requirements",
    }
    assert session.get(ProposalOutcome, heard_today).sentence == "custody"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (valid(sentence="probation"), "sentence"),
        (valid(sentence=["custody"]), "sentence"),
        (valid(rar_ordered="yes"), "rar_ordered"),
        (valid(sentence="custody", other_requirements=[]), "rar_ordered"),
        (valid(rar_days=0), "rar_days"),
        (valid(rar_days=366), "rar_days"),
        (valid(rar_days="20"), "rar_days"),
        (valid(rar_days=True), "rar_days"),
        (valid(rar_ordered=False), "rar_days"),
        (valid(other_requirements=["flogging"]), "other_requirements"),
        (valid(other_requirements="unpaid-work"), "other_requirements"),
        (
            valid(sentence="fine-or-discharge", rar_ordered=False, rar_days=None),
            "other_requirements",
        ),
        (valid(sentence_date="2025-02-30"), "sentence_date"),
        (valid(sentence_date=(TODAY + timedelta(days=1)).isoformat()), "sentence_date"),
        (valid(sentence_date=(TODAY - timedelta(days=1)).isoformat()), "sentence_date"),
        (valid(sentence_date=20250602), "sentence_date"),
        ({k: v for k, v in valid().items() if k != "rar_days"}, "rar_days"),
        (valid(verdict="guilty"), "verdict"),
        (["community-order"], "body"),
    ],
)
def test_bad_input_is_answered_422_with_the_field_named(
    client: FlaskClient, heard_today: uuid.UUID, session: Session, body: Any, field: str
) -> None:
    response = put(client, heard_today, body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert session.get(ProposalOutcome, heard_today) is None


def test_a_body_that_is_not_json_is_answered_422(
    client: FlaskClient, heard_today: uuid.UUID
) -> None:
    response = client.put(f"/api/v1/proposals/{heard_today}/outcome", data="{nope")
    assert response.status_code == 422 and "body" in response.get_json()["errors"]


def test_the_outcome_closes_the_configured_number_of_days_after_the_hearing(
    app: Flask, client: FlaskClient, officer: Any, london: Any
) -> None:
    heard = TODAY - timedelta(days=10)
    pid = proposal_id(client.post("/proposals/new", data=form_data(hearing_date=heard.isoformat())))
    app.config["OUTCOME_EDITABLE_DAYS"] = 9
    response = put(client, pid, valid())
    assert response.status_code == 409 and "no longer be changed" in response.get_json()["error"]
    page = client.post(f"/proposals/{pid}/outcome", data={"sentence": "custody"})
    assert page.status_code == 409 and "no longer be changed" in page.get_data(as_text=True)
    app.config["OUTCOME_EDITABLE_DAYS"] = 10
    assert put(client, pid, valid()).status_code == 200


def test_only_the_author_records_the_outcome(
    app: Flask, client: FlaskClient, heard_today: uuid.UUID, login: Callable[..., Any]
) -> None:
    other = app.test_client()
    login(other, "court-officer")
    assert put(other, heard_today, valid()).status_code == 404
    admin = app.test_client()
    login(admin, "admin")
    response = put(admin, heard_today, valid())
    assert response.status_code == 403 and "wrote the proposal" in response.get_json()["error"]
    anonymous = app.test_client()
    assert put(anonymous, heard_today, valid()).status_code == 401
    editor = app.test_client()
    login(editor, "interventions-editor")
    assert put(editor, heard_today, valid()).status_code == 403


def test_the_form_records_the_outcome_and_my_proposals_shows_which_lack_one(
    client: FlaskClient, heard_today: uuid.UUID, session: Session
) -> None:
    listing = client.get("/proposals").get_data(as_text=True)
    assert "1 proposal still lacks the outcome" in listing and "Outcome needed" in listing
    form = client.get(f"/proposals/{heard_today}/outcome")
    html = form.get_data(as_text=True)
    assert (
        form.status_code == 200
        and f'name="sentence_date-year" type="text" inputmode="numeric" value="{TODAY.year}"'
        in html
    )
    data = {
        "sentence": "suspended-sentence-order",
        "rar_ordered": "yes",
        "rar_days": "15",
        "other_requirements": ["curfew", "ATR"],
        **date_boxes(TODAY),
    }
    saved = client.post(f"/proposals/{heard_today}/outcome", data=data)
    assert saved.status_code == 302
    stored = session.get(ProposalOutcome, heard_today)
    assert stored is not None and stored.other_requirements == ["curfew", "ATR"]
    listing = client.get("/proposals").get_data(as_text=True)
    assert "still lack" not in listing and "Recorded" in listing
    page = client.get(f"/proposals/{heard_today}").get_data(as_text=True)
    assert "Yes, at most 15 days" in page and "Suspended sentence order" in page


def test_the_form_shows_the_shared_checks_beside_the_fields(
    client: FlaskClient, heard_today: uuid.UUID, session: Session
) -> None:
    data = {"sentence": "custody", "rar_ordered": "yes", "rar_days": "20", **date_boxes(TODAY)}
    response = client.post(f"/proposals/{heard_today}/outcome", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "A RAR is only part of a community or suspended sentence order" in html
    assert 'href="#rar_ordered"' in html
    assert session.get(ProposalOutcome, heard_today) is None


def test_an_officer_cannot_open_another_officers_outcome_form(
    app: Flask, heard_today: uuid.UUID, make_user: Callable[..., Any]
) -> None:
    other = app.test_client()
    user = make_user("court-officer")
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.get(f"/proposals/{heard_today}/outcome").status_code == 404


def test_the_openapi_document_describes_the_outcome_endpoint(client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    operation = doc["paths"]["/api/v1/proposals/{id}/outcome"]["put"]
    assert set(operation["responses"]) >= {"200", "401", "403", "404", "409", "422"}
    schema = doc["components"]["schemas"]["ProposalOutcome"]
    assert set(schema["required"]) == set(valid())


def test_get_proposal_includes_the_outcome_as_recorded(
    client: FlaskClient, heard_today: uuid.UUID
) -> None:
    assert client.get(f"/api/v1/proposals/{heard_today}").get_json()["outcome"] is None
    put(client, heard_today, valid())
    assert client.get(f"/api/v1/proposals/{heard_today}").get_json()["outcome"] == valid()
    doc = client.get("/api/v1/openapi.json").get_json()
    proposal = doc["components"]["schemas"]["Proposal"]
    assert "outcome" in proposal["required"]
