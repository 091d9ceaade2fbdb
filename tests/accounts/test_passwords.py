"""Users change their own password (the current one is asked for); an administrator can
reset one, and the user must then choose a new one before doing anything else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from accounts.models import User
from tests.accounts.test_sessions import signed_in
from tests.conftest import PASSWORD
from tests.maintenance.editing_support import audit_rows, fresh

NEW = "a brand new password"


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (
            {"current_password": "wrong password", "new_password": NEW, "confirm_password": NEW},
            "current_password",
            "Your current password is not right",
        ),
        (
            {"current_password": PASSWORD, "new_password": "short", "confirm_password": "short"},
            "new_password",
            "at least 10 characters",
        ),
        (
            {"current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW + "x"},
            "confirm_password",
            "The new passwords do not match",
        ),
        (
            {"current_password": PASSWORD, "new_password": PASSWORD, "confirm_password": PASSWORD},
            "new_password",
            "must be different",
        ),
        (
            {"current_password": "", "new_password": NEW, "confirm_password": NEW},
            "current_password",
            "Enter your current password",
        ),
    ],
)
def test_a_password_change_that_breaks_a_rule_is_refused_beside_the_field(
    app: Flask, make_user: Callable[..., Any], form: dict[str, str], field: str, message: str
) -> None:
    user = make_user("court-officer")
    browser = signed_in(app, user)
    response = browser.post("/account/password", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html and message in html
    assert fresh(app, User, user.id).check_password(PASSWORD)


def test_changing_the_password_is_audited_without_the_password(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    browser = signed_in(app, user)
    browser.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW},
    )
    assert fresh(app, User, user.id).check_password(NEW)
    [event] = audit_rows(app, entity_type="user", action="change-password")
    assert event.actor == user.email and event.entity_id == str(user.id)
    assert NEW not in repr(vars(event))


def test_after_a_reset_the_user_must_choose_a_new_password_first(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    admin = signed_in(app, make_user("admin"))
    admin.post(f"/admin/users/{user.id}/password", data={"password": "temporary-123"})
    [event] = audit_rows(app, entity_type="user", action="reset-password")
    assert "temporary-123" not in repr(vars(event))

    browser = app.test_client()
    first = browser.post("/login", data={"email": user.email, "password": "temporary-123"})
    assert first.headers["Location"] == "/account/password"
    for page in ("/", "/proposals", "/account"):
        assert browser.get(page).headers.get("Location") == "/account/password", page
    refused = browser.get("/api/v1/proposals/csrf-token")
    assert refused.status_code == 403 and "new password" in refused.get_json()["error"]
    assert "Choose a new password" in browser.get("/account/password").get_data(as_text=True)
    assert browser.get("/session").get_json()["signed_in"] is True  # the timeout warning works

    browser.post(
        "/account/password",
        data={"current_password": "temporary-123", "new_password": NEW, "confirm_password": NEW},
    )
    assert browser.get("/proposals").status_code == 200
    assert fresh(app, User, user.id).must_change_password is False


def test_a_reset_password_must_be_long_enough(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user("court-officer")
    admin = signed_in(app, make_user("admin"))
    response = admin.post(f"/admin/users/{user.id}/password", data={"password": "short"})
    assert response.status_code == 200
    assert 'id="password-error"' in response.get_data(as_text=True)
    assert fresh(app, User, user.id).check_password(PASSWORD)


def test_only_administrators_reset_passwords(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    editor = signed_in(app, make_user("interventions-editor"))
    response = editor.post(f"/admin/users/{user.id}/password", data={"password": "temporary-123"})
    assert response.status_code == 403
    assert fresh(app, User, user.id).check_password(PASSWORD)


def test_every_problem_with_a_password_change_is_shown_at_once(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    browser = signed_in(app, make_user("court-officer"))
    response = browser.post(
        "/account/password",
        data={"current_password": "wrong one", "new_password": "short", "confirm_password": "x"},
    )
    html = response.get_data(as_text=True)
    for field in ("current_password", "new_password", "confirm_password"):
        assert f'id="{field}-error"' in html, field
