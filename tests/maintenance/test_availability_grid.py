"""The availability grid: stale rows first, editing and adding rows, confirming, conflicts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Pdu
from maintenance.services.availability import (
    availability_values,
    update_availability,
)
from tests.maintenance.editing_support import audit_rows, fresh, row_form

LONG_AGO = datetime.now() - timedelta(days=200)
GRID = "/admin/regions/london/availability"


@pytest.fixture
def editor(client: FlaskClient, login: Callable[..., Any]) -> Any:
    """The client signed in as an interventions editor for London."""
    return login(client, "interventions-editor", ("london",))


def pdu_in(session: Session, region: str) -> Pdu:
    """The first PDU of a region, by name."""
    found = session.scalar(select(Pdu).where(Pdu.region_slug == region).order_by(Pdu.name))
    assert found is not None
    return found


@pytest.fixture
def grid(
    session: Session, make_intervention: Callable[..., Any], make_availability: Callable[..., Any]
) -> tuple[Availability, Availability, Availability]:
    """Three London rows: a fresh one, a stale one, and one for a single PDU."""
    alpha = make_availability(make_intervention(name="Alpha Course"), "london", places=4)
    zulu = make_availability(make_intervention(name="Zulu Course"), "london", confirmed_at=LONG_AGO)
    mike = make_availability(
        make_intervention(name="Mike Course"), "london", pdu=pdu_in(session, "london").slug
    )
    return alpha, zulu, mike


def test_the_grid_shows_stale_rows_first_with_a_stale_tag(
    client: FlaskClient, editor: Any, grid: Any
) -> None:
    html = client.get(GRID).get_data(as_text=True)
    assert re.findall(r">(Alpha|Zulu|Mike) Course</a>", html) == ["Zulu", "Alpha", "Mike"]
    assert html.count(">Stale</strong>") == 1
    assert html.count("Confirm still accurate") == 3
    assert "Confirm all" not in html
    assert pdu_name(grid[2]) in html


def pdu_name(row: Availability) -> str:
    """The PDU's name as the grid shows it."""
    return row.pdu.name if row.pdu else "Whole region"


def test_saving_a_row_changes_it_confirms_it_and_audits_each_field(
    app: Flask, client: FlaskClient, editor: Any, grid: Any
) -> None:
    _alpha, zulu, _mike = grid
    data = row_form(
        zulu, status="waiting-list", places="3", wait_weeks="6", next_start="2027-01-11"
    )
    response = client.post(f"{GRID}/{zulu.id}", data=data)
    assert response.status_code == 302
    saved = fresh(app, Availability, zulu.id)
    assert (saved.status, saved.places, saved.wait_weeks, saved.next_start) == (
        "waiting-list",
        3,
        6,
        date(2027, 1, 11),
    )
    assert saved.confirmed_by == editor.email
    assert saved.confirmed_at.date() == date.today()
    assert saved.version == 2
    events = {
        e.field: e for e in audit_rows(app, entity_type="availability", entity_id=str(zulu.id))
    }
    assert (events["status"].old_value, events["status"].new_value) == ("open", "waiting-list")
    assert events["places"].new_value == "3"
    assert {e.action for e in events.values()} == {"update"}


def test_a_bad_number_is_refused_beside_the_field_and_kept_as_typed(
    app: Flask, client: FlaskClient, editor: Any, grid: Any
) -> None:
    alpha, _zulu, _mike = grid
    response = client.post(
        f"{GRID}/{alpha.id}", data=row_form(alpha, places="lots", wait_weeks="200")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="places-error"' in html and "Places must be a whole number" in html
    assert 'id="wait_weeks-error"' in html
    assert 'value="lots"' in html
    assert fresh(app, Availability, alpha.id).places == 4


def test_an_edit_based_on_an_old_version_shows_the_conflict_and_can_be_re_applied(
    app: Flask, client: FlaskClient, editor: Any, grid: Any, session: Session
) -> None:
    alpha, _zulu, _mike = grid
    mine = row_form(alpha, places="9")
    row = session.get(Availability, alpha.id)
    with app.app_context():
        values = availability_values(row) | {"places": 7}
        update_availability(session, row, values, 1, "colleague@example.org")

    refused = client.post(f"{GRID}/{alpha.id}", data=mine)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "colleague@example.org" in html
    assert re.search(r">Places</th>\s*<td[^>]*>9", html)
    assert fresh(app, Availability, alpha.id).places == 7
    reapply = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    assert client.post(f"{GRID}/{alpha.id}", data=reapply).status_code == 302
    assert fresh(app, Availability, alpha.id).places == 9


def test_confirming_a_row_sets_confirmed_at_and_by(
    app: Flask, client: FlaskClient, editor: Any, grid: Any
) -> None:
    _alpha, zulu, _mike = grid
    response = client.post(f"{GRID}/{zulu.id}/confirm", data={"version": zulu.version})
    assert response.status_code == 303
    saved = fresh(app, Availability, zulu.id)
    assert saved.confirmed_at.date() == date.today() and saved.confirmed_by == editor.email
    [event, _by, via] = audit_rows(app, entity_type="availability", entity_id=str(zulu.id))
    assert (event.action, event.field) == ("confirm", "confirmed_at")
    assert event.old_value == LONG_AGO.isoformat()
    assert (via.field, via.old_value, via.new_value) == ("confirmed_via", None, "editor")
    assert saved.confirmed_via == "editor"
    assert ">Stale</strong>" not in client.get(GRID).get_data(as_text=True)


def test_confirming_a_row_that_changed_meanwhile_confirms_nothing(
    app: Flask, client: FlaskClient, editor: Any, grid: Any
) -> None:
    _alpha, zulu, _mike = grid
    response = client.post(
        f"{GRID}/{zulu.id}/confirm", data={"version": "0"}, follow_redirects=True
    )
    assert "Nothing was confirmed" in response.get_data(as_text=True)
    assert fresh(app, Availability, zulu.id).confirmed_at == LONG_AGO


def test_adding_a_row_for_a_pdu(
    app: Flask,
    client: FlaskClient,
    editor: Any,
    session: Session,
    make_intervention: Callable[..., Any],
) -> None:
    intervention = make_intervention(name="New Course")
    pdu = pdu_in(session, "london")
    data = {"intervention": str(intervention.id), "pdu": pdu.slug, "status": "open", "places": "8"}
    assert client.post(f"{GRID}/new", data=data).status_code == 302
    [row] = session.scalars(
        select(Availability).where(Availability.intervention_id == intervention.id)
    ).all()
    assert (row.region_slug, row.pdu_slug, row.places, row.confirmed_by) == (
        "london",
        pdu.slug,
        8,
        editor.email,
    )
    again = client.post(f"{GRID}/new", data=data)
    assert "already has a row for that place" in again.get_data(as_text=True)


def test_a_row_cannot_be_added_for_a_pdu_of_another_region(
    client: FlaskClient, editor: Any, session: Session, make_intervention: Callable[..., Any]
) -> None:
    intervention = make_intervention(name="New Course")
    data = {
        "intervention": str(intervention.id),
        "pdu": pdu_in(session, "wales").slug,
        "status": "open",
    }
    response = client.post(f"{GRID}/new", data=data)
    assert response.status_code == 200
    assert 'id="pdu-error"' in response.get_data(as_text=True)


def test_saving_or_adding_a_row_records_that_an_editor_confirmed_it(
    app: Flask,
    client: FlaskClient,
    editor: Any,
    grid: Any,
    session: Session,
    make_intervention: Callable[..., Any],
) -> None:
    _alpha, zulu, _mike = grid
    assert client.post(f"{GRID}/{zulu.id}", data=row_form(zulu, places="3")).status_code == 302
    assert fresh(app, Availability, zulu.id).confirmed_via == "editor"
    intervention = make_intervention(name="New Course")
    data = {"intervention": str(intervention.id), "pdu": "", "status": "open"}
    assert client.post(f"{GRID}/new", data=data).status_code == 302
    added = session.scalar(
        select(Availability).where(Availability.intervention_id == intervention.id)
    )
    assert added is not None and added.confirmed_via == "editor"


def test_the_region_pages_say_when_a_current_row_was_last_confirmed(
    client: FlaskClient,
    editor: Any,
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    latest = datetime.now() - timedelta(days=12)
    make_availability(make_intervention(name="Old Course"), "london", confirmed_at=LONG_AGO)
    make_availability(make_intervention(name="Recent Course"), "london", confirmed_at=latest)
    withdrawn = make_intervention(name="Withdrawn Course", status="withdrawn")
    make_availability(withdrawn, "london", confirmed_at=datetime.now())
    make_availability(make_intervention(name="Welsh Course"), "wales", confirmed_at=datetime.now())
    expected = f"<strong>Last updated:</strong> {latest.day} {latest:%B %Y}"
    assert expected in client.get(GRID).get_data(as_text=True)
    assert expected in client.get("/regions/london").get_data(as_text=True)
    never = "<strong>Last updated:</strong> no entry in Kent, Surrey and Sussex has been confirmed"
    assert never in client.get("/regions/kent-surrey-sussex").get_data(as_text=True)
