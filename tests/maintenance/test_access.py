"""Who may do what: each permission rule, checked on the server for pages and the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from accounts.models import User
from catalogue.models import Availability, Intervention
from tests.maintenance.editing_support import edit_form, fresh, new_form, row_form


@pytest.fixture
def offered(make_intervention: Callable[..., Any], make_availability: Callable[..., Any]) -> Any:
    """One intervention with a row in London and a row in Wales."""
    intervention = make_intervention(name="Guarded Activity")
    london = make_availability(intervention, "london", places=5)
    wales = make_availability(intervention, "wales", places=5)
    return intervention, london, wales


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_anonymous_api_callers_get_401_json(client: FlaskClient, offered: Any) -> None:
    intervention, _london, _wales = offered
    response = client.patch(
        f"/api/v1/interventions/{intervention.id}/availability/london", json={"version": 1}
    )
    assert response.status_code == 401
    assert "error" in response.get_json()


def test_court_officers_change_nothing(
    app: Flask, client: FlaskClient, login: Callable[..., Any], offered: Any
) -> None:
    intervention, london, _wales = offered
    login(client, "court-officer")
    assert client.get("/admin/").status_code == 403
    posted = client.post(
        f"/admin/regions/london/availability/{london.id}", data=row_form(london, places=9)
    )
    assert posted.status_code == 403
    api = client.patch(
        f"/api/v1/interventions/{intervention.id}/availability/london",
        json={"places": 9, "version": london.version},
    )
    assert api.status_code == 403
    assert fresh(app, Availability, london.id).places == 5


def test_regional_editors_change_availability_in_their_regions_only(
    app: Flask, client: FlaskClient, login: Callable[..., Any], offered: Any
) -> None:
    intervention, london, wales = offered
    login(client, "interventions-editor", ("london",))
    assert client.get("/admin/regions/london/availability").status_code == 200
    assert client.get("/admin/regions/wales/availability").status_code == 403
    refused = client.post(
        f"/admin/regions/wales/availability/{wales.id}", data=row_form(wales, places=9)
    )
    assert refused.status_code == 403
    confirm = client.post(
        f"/admin/regions/wales/availability/{wales.id}/confirm", data={"version": wales.version}
    )
    assert confirm.status_code == 403
    api = client.patch(
        f"/api/v1/interventions/{intervention.id}/availability/wales",
        json={"places": 9, "version": wales.version},
    )
    assert api.status_code == 403
    assert fresh(app, Availability, wales.id).places == 5
    saved = client.post(
        f"/admin/regions/london/availability/{london.id}", data=row_form(london, places=9)
    )
    assert saved.status_code == 302
    assert fresh(app, Availability, london.id).places == 9


def test_regional_editors_cannot_change_intervention_definitions(
    app: Flask, client: FlaskClient, login: Callable[..., Any], offered: Any
) -> None:
    intervention, _london, _wales = offered
    login(client, "interventions-editor", ("london",))
    slug = intervention.slug
    assert client.get("/admin/interventions/new").status_code == 403
    assert client.post("/admin/interventions/new", data=new_form()).status_code == 403
    edit = client.post(f"/admin/interventions/{slug}/edit", data=edit_form(intervention, name="X"))
    assert edit.status_code == 403
    withdraw = client.post(f"/admin/interventions/{slug}/withdraw", data={"reason": "No"})
    assert withdraw.status_code == 403
    assert fresh(app, Intervention, intervention.id).name == "Guarded Activity"
    assert client.get(f"/admin/interventions/{slug}").status_code == 200


def test_national_editors_change_definitions_and_every_region(
    client: FlaskClient, login: Callable[..., Any], offered: Any
) -> None:
    intervention, _london, _wales = offered
    login(client, "interventions-editor")
    assert client.get("/admin/interventions/new").status_code == 200
    assert client.get(f"/admin/interventions/{intervention.slug}/edit").status_code == 200
    assert client.get("/admin/regions/wales/availability").status_code == 200
    assert client.get("/admin/users").status_code == 403


def test_the_dashboard_offers_only_what_the_user_may_do(
    client: FlaskClient, login: Callable[..., Any]
) -> None:
    login(client, "interventions-editor", ("london",))
    html = client.get("/admin/").get_data(as_text=True)
    assert "/admin/regions/london/availability" in html
    assert "/admin/regions/wales/availability" not in html
    assert "/admin/interventions/new" not in html
    assert "/admin/users" not in html


def test_a_disabled_account_loses_access_at_once(
    app: Flask, client: FlaskClient, login: Callable[..., Any]
) -> None:
    editor = login(client, "interventions-editor")
    assert client.get("/admin/").status_code == 200
    with app.extensions["db_sessionmaker"]() as session:
        session.get(User, editor.id).is_active = False  # type: ignore[union-attr]
        session.commit()
    assert client.get("/admin/").status_code == 302
