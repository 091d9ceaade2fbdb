"""Administrators manage accounts: create, change role and regions, disable; all audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from accounts.models import User
from core.audit import AuditEvent
from tests.conftest import PASSWORD


def audit_rows(app: Flask, **where: Any) -> list[AuditEvent]:
    """Audit events matching the column values given, oldest first."""
    with app.extensions["db_sessionmaker"]() as session:
        return list(session.scalars(select(AuditEvent).filter_by(**where).order_by(AuditEvent.id)))


def fresh(app: Flask, user_id: int) -> User:
    """The user as the database holds them now."""
    with app.extensions["db_sessionmaker"]() as session:
        found = session.get(User, user_id)
        assert found is not None
        session.expunge(found)
        return found


@pytest.fixture
def admin(client: FlaskClient, login: Callable[..., Any]) -> Any:
    """The client signed in as an administrator."""
    return login(client, "admin")


def test_creating_an_account(app: Flask, client: FlaskClient, admin: Any) -> None:
    data = {
        "email": "New.Editor@Example.org",
        "password": "a long enough password",
        "role": "interventions-editor",
        "regions": ["london", "wales"],
    }
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
    data = {
        "email": "someone@example.org",
        "password": "a long enough password",
        "role": "interventions-editor",
        "regions": [],
    } | changes
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
    saved = fresh(app, user.id)
    assert saved.role == "interventions-editor"
    events = {e.field: e for e in audit_rows(app, entity_type="user", entity_id=str(user.id))}
    role = events["role"]
    assert (role.old_value, role.new_value) == ("court-officer", "interventions-editor")
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
    saved = fresh(app, admin.id)
    assert (saved.is_active, saved.role) == (True, "admin")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users",
        "/admin/users/new",
        "/admin/users/{id}",
        "/admin/users/{id}/password",
    ],
)
@pytest.mark.parametrize("role", ["court-officer", "interventions-editor"])
def test_only_administrators_open_the_user_pages(
    client: FlaskClient, login: Callable[..., Any], path: str, role: str
) -> None:
    someone = login(client, role)
    assert client.get(path.format(id=someone.id)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    for path in ("/admin/users", f"/admin/users/{user.id}"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(f"/admin/users/{user.id}/disable").status_code in (302, 400)
    assert fresh(client.application, user.id).is_active


def test_administrators_open_every_user_page(
    client: FlaskClient, admin: Any, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    for path in ("/admin/users", "/admin/users/new", f"/admin/users/{user.id}"):
        assert client.get(path).status_code == 200
    assert client.get(f"/admin/users/{user.id}/password").status_code == 200


def test_an_unknown_account_is_not_found(client: FlaskClient, admin: Any) -> None:
    for path in ("/admin/users/999999", "/admin/users/999999/password"):
        assert client.get(path).status_code == 404
    assert client.post("/admin/users/999999/disable").status_code == 404


def test_the_list_shows_every_account_with_its_role_and_regions(
    client: FlaskClient, admin: Any, make_user: Callable[..., Any]
) -> None:
    make_user("interventions-editor", ("wales",), email="welsh.editor@example.org")
    html = client.get("/admin/users").get_data(as_text=True)
    assert "welsh.editor@example.org" in html and "Interventions editor" in html
    assert "Wales" in html and admin.email in html


def test_changing_name_and_job_title_is_audited(
    app: Flask, client: FlaskClient, admin: Any, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    data = {"role": "court-officer", "display_name": "  Sam   Okafor ", "job_title": "PSO"}
    assert client.post(f"/admin/users/{user.id}", data=data).status_code == 302
    saved = fresh(app, user.id)
    assert (saved.display_name, saved.job_title) == ("Sam Okafor", "PSO")
    events = {e.field: e for e in audit_rows(app, entity_type="user", entity_id=str(user.id))}
    assert events["display_name"].new_value == "Sam Okafor"
    assert set(events) == {"display_name", "job_title"}


def test_a_name_with_control_characters_is_refused_beside_its_field(
    app: Flask, client: FlaskClient, admin: Any, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    data = {"role": "court-officer", "display_name": "Sam\u200bOkafor\x07"}
    response = client.post(f"/admin/users/{user.id}", data=data)
    assert response.status_code == 200
    assert 'id="display_name-error"' in response.get_data(as_text=True)
    assert fresh(app, user.id).display_name != data["display_name"]
