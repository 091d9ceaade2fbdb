"""The write API (PATCH availability), the history API, and CSRF on cookie-signed writes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from catalogue.models import Availability
from tests.conftest import PASSWORD, make_app
from tests.maintenance.editing_support import audit_rows, fresh


@pytest.fixture
def row(
    make_intervention: Callable[..., Any], make_availability: Callable[..., Any]
) -> Availability:
    """A stale London row of an intervention."""
    intervention = make_intervention(name="Api Course")
    return make_availability(
        intervention, "london", confirmed_at=datetime.now() - timedelta(days=120)
    )


def url(row: Availability, region: str = "london") -> str:
    """The PATCH address of the row's intervention in a region."""
    return f"/api/v1/interventions/{row.intervention_id}/availability/{region}"


def test_patch_updates_the_row_and_answers_with_it(
    app: Flask, client: FlaskClient, login: Callable[..., Any], row: Availability
) -> None:
    editor = login(client, "interventions-editor", ("london",))
    body = {
        "status": "waiting-list",
        "next_start": "2027-02-01",
        "places": 2,
        "wait_weeks": 5,
        "version": row.version,
    }
    response = client.patch(url(row), json=body)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["status"] == "waiting-list" and answer["next_start"] == "2027-02-01"
    assert (answer["places"], answer["wait_weeks"], answer["version"]) == (2, 5, 2)
    assert answer["stale"] is False and answer["confirmed_by"] == editor.email
    assert answer["confirmed_at"].startswith(date.today().isoformat())
    saved = fresh(app, Availability, row.id)
    assert (saved.status, saved.places, saved.version) == ("waiting-list", 2, 2)


def test_patch_keeps_fields_it_does_not_mention(
    app: Flask, client: FlaskClient, login: Callable[..., Any], row: Availability
) -> None:
    login(client, "interventions-editor")
    response = client.patch(url(row), json={"wait_weeks": 3, "version": 1})
    assert response.status_code == 200
    assert fresh(app, Availability, row.id).status == "open"


def test_a_stale_version_gets_409_with_the_current_row(
    app: Flask, client: FlaskClient, login: Callable[..., Any], row: Availability
) -> None:
    login(client, "interventions-editor")
    assert client.patch(url(row), json={"places": 1, "version": 1}).status_code == 200
    response = client.patch(url(row), json={"places": 7, "version": 1})
    assert response.status_code == 409
    answer = response.get_json()
    assert answer["error"] and answer["current"]["places"] == 1
    assert answer["current"]["version"] == 2
    assert fresh(app, Availability, row.id).places == 1


def test_outside_the_editors_regions_is_403(
    client: FlaskClient, login: Callable[..., Any], row: Availability
) -> None:
    login(client, "interventions-editor", ("wales",))
    response = client.patch(url(row), json={"places": 1, "version": 1})
    assert response.status_code == 403
    assert "error" in response.get_json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "closed", "version": 1}, "status"),
        ({"places": -1, "version": 1}, "places"),
        ({"places": "two", "version": 1}, "places"),
        ({"wait_weeks": 500, "version": 1}, "wait_weeks"),
        ({"next_start": "next week", "version": 1}, "next_start"),
        ({"places": 1}, "version"),
        ({"places": 1, "version": 1, "colour": "red"}, "colour"),
    ],
)
def test_invalid_values_get_422_naming_the_field(
    app: Flask,
    client: FlaskClient,
    login: Callable[..., Any],
    row: Availability,
    body: dict[str, Any],
    field: str,
) -> None:
    login(client, "interventions-editor")
    response = client.patch(url(row), json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert fresh(app, Availability, row.id).version == 1


def test_a_pdu_row_is_chosen_by_its_pdu(
    app: Flask,
    client: FlaskClient,
    login: Callable[..., Any],
    row: Availability,
    make_availability: Callable[..., Any],
    session: Session,
) -> None:
    from tests.maintenance.test_availability_grid import pdu_in

    pdu = pdu_in(session, "london").slug
    pdu_row = make_availability(row.intervention, "london", pdu=pdu)
    login(client, "interventions-editor")
    response = client.patch(url(row), json={"pdu": pdu, "places": 11, "version": 1})
    assert response.get_json()["id"] == pdu_row.id
    assert fresh(app, Availability, pdu_row.id).places == 11
    assert fresh(app, Availability, row.id).places is None
    missing = client.patch(url(row, "wales"), json={"places": 1, "version": 1})
    assert missing.status_code == 404


def test_history_lists_every_change_with_field_old_and_new(
    client: FlaskClient, login: Callable[..., Any], row: Availability
) -> None:
    editor = login(client, "interventions-editor")
    client.patch(url(row), json={"places": 4, "version": 1})
    response = client.get(f"/api/v1/interventions/{row.intervention_id}/history")
    assert response.status_code == 200
    events = response.get_json()
    places = next(e for e in events if e["field"] == "places")
    assert (places["old"], places["new"], places["actor"], places["action"]) == (
        None,
        "4",
        editor.email,
        "update",
    )
    assert {"at", "reason", "entity"} <= set(places)


def test_history_is_for_editors_only(
    client: FlaskClient, login: Callable[..., Any], row: Availability
) -> None:
    assert client.get(f"/api/v1/interventions/{row.intervention_id}/history").status_code == 401
    login(client, "court-officer")
    assert client.get(f"/api/v1/interventions/{row.intervention_id}/history").status_code == 403


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_with_csrf_on_a_write_without_the_token_is_refused(
    database_urls: dict[str, str],
    tmp_path: Path,
    app: Flask,
    row: Availability,
    make_user: Callable[..., Any],
) -> None:
    guarded = make_app(database_urls["work"], tmp_path / "i", WTF_CSRF_ENABLED=True)
    try:
        refuses_writes_without_a_token(guarded, app, row, make_user("interventions-editor"))
    finally:
        guarded.extensions["db_engine"].dispose()


def refuses_writes_without_a_token(
    guarded: Flask, app: Flask, row: Availability, user: Any
) -> None:
    """Sign in with a token, then try writes without and with one."""
    client = guarded.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 400
    )
    signed_in = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    grid = "/admin/regions/london/availability"
    assert client.post(f"{grid}/{row.id}/confirm", data={"version": "1"}).status_code == 400
    assert client.patch(url(row), json={"places": 3, "version": 1}).status_code == 400
    assert fresh(app, Availability, row.id).version == 1
    assert audit_rows(app) == []

    api_token = client.get("/api/v1/csrf-token").get_json()["csrf_token"]
    accepted = client.patch(
        url(row), json={"places": 3, "version": 1}, headers={"X-CSRFToken": api_token}
    )
    assert accepted.status_code == 200
    form_token = csrf_from(client.get(grid).get_data(as_text=True))
    confirmed = client.post(
        f"{grid}/{row.id}/confirm", data={"version": "2", "csrf_token": form_token}
    )
    assert confirmed.status_code == 303
