"""Administrators manage accounts: create, change role and regions, disable; all audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from accounts.models import User
from tests.conftest import PASSWORD
from tests.maintenance.editing_support import audit_rows, fresh


@pytest.fixture
def admin(client: FlaskClient, login: Callable[..., Any]) -> Any:
    """The client signed in as an administrator."""
    return login(client, "admin")


def test_creating_an_account(app: Flask, client: FlaskClient, admin: Any) -> None:
    data = {"email": "New.Editor@Example.org", "password": "a long enough password",
            "role": "interventions-editor", "regions": ["london", "wales"]}  # fmt: skip
    assert client.post("/admin/users/new", data=data).status_code == 302
    fresh_client = app.test_client()
    signed_in = fresh_client.post(
        "/login", data={"email": "new.editor@example.org", "password": "a long enough password"}
    )
    assert signed_in.status_code == 302
    assert fresh_client.get("/admin/regions/wales/availability").status_code == 200
    assert fresh_client.get("/admin/regions/kent-surrey-sussex/availability").status_code == 403
    [event, *_] = audit_rows(app, entity_type="user", action="create")
    assert event.actor == admin.email


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password": "short"}, "password", "at least 10 characters"),
        ({"email": "not-an-address"}, "email", "Enter an email address"),
        ({"role": "court-officer", "regions": ["london"]}, "regions", "Only interventions editors"),
        ({"role": ""}, "role", "Select a role"),
    ],
)
def test_an_account_that_breaks_a_rule_is_refused_with_the_form_kept(
    client: FlaskClient, admin: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    data = {"email": "someone@example.org", "password": "a long enough password",
            "role": "interventions-editor", "regions": []} | changes  # fmt: skip
    response = client.post("/admin/users/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html and message in html
    assert data["email"] in html


def test_a_duplicate_email_is_refused(
    client: FlaskClient, admin: Any, make_user: Callable[..., Any]
) -> None:
    make_user("court-officer", email="taken@example.org")
    data = {"email": "taken@example.org", "password": "a long enough password", "role": "admin"}
    response = client.post("/admin/users/new", data=data)
    assert "already exists" in response.get_data(as_text=True)


def test_changing_role_and_regions_is_audited(
    app: Flask, client: FlaskClient, admin: Any, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    data = {"role": "interventions-editor", "regions": ["north-east"]}
    assert client.post(f"/admin/users/{user.id}", data=data).status_code == 302
    saved = fresh(app, User, user.id)
    assert saved.role == "interventions-editor"
    events = {e.field: e for e in audit_rows(app, entity_type="user", entity_id=str(user.id))}
    assert (events["role"].old_value, events["role"].new_value) == (
        "court-officer", "interventions-editor",
    )  # fmt: skip
    assert events["regions"].new_value == "north-east"


def test_a_disabled_account_cannot_sign_in(
    app: Flask, client: FlaskClient, admin: Any, make_user: Callable[..., Any]
) -> None:
    user = make_user("interventions-editor")
    assert client.post(f"/admin/users/{user.id}/disable").status_code == 303
    other = app.test_client()
    refused = other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 200
    assert client.post(f"/admin/users/{user.id}/enable").status_code == 303
    assert other.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302


def test_administrators_cannot_lock_themselves_out(
    app: Flask, client: FlaskClient, admin: Any
) -> None:
    client.post(f"/admin/users/{admin.id}/disable")
    demoted = client.post(f"/admin/users/{admin.id}", data={"role": "court-officer"})
    assert "cannot take away your own administrator role" in demoted.get_data(as_text=True)
    saved = fresh(app, User, admin.id)
    assert (saved.is_active, saved.role) == (True, "admin")
