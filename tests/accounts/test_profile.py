"""A user edits their own name and job title; an administrator sets anyone's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from accounts.models import User
from tests.accounts.test_sessions import signed_in
from tests.maintenance.editing_support import audit_rows, fresh


def test_a_user_edits_their_own_name_and_job_title(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    browser = signed_in(app, user)
    page = browser.get("/account")
    assert page.headers["Cache-Control"] == "no-store"
    response = browser.post(
        "/account",
        data={"display_name": " Sam  Okafor ", "job_title": "Probation Services Officer"},
    )
    assert response.status_code == 303
    saved = fresh(app, User, user.id)
    assert (saved.display_name, saved.job_title) == ("Sam Okafor", "Probation Services Officer")
    events = {e.field: e for e in audit_rows(app, entity_type="user", action="change-profile")}
    assert events["display_name"].new_value == "Sam Okafor"
    assert events["display_name"].actor == user.email


def test_a_name_too_long_or_with_control_characters_is_refused(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    browser = signed_in(app, user)
    long = browser.post("/account", data={"display_name": "x" * 121, "job_title": ""})
    assert 'id="display_name-error"' in long.get_data(as_text=True)
    control = browser.post("/account", data={"display_name": "Sam\x07", "job_title": ""})
    assert control.status_code == 200 and "control character" in control.get_data(as_text=True)
    assert fresh(app, User, user.id).display_name == ""


def test_an_administrator_sets_name_and_job_title_on_creating_and_editing(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    admin = signed_in(app, make_user("admin"))
    created = admin.post(
        "/admin/users/new",
        data={
            "email": "pat@example.org",
            "password": "a long enough password",
            "role": "court-officer",
            "display_name": "Pat Lee",
            "job_title": "Probation Officer",
        },
    )
    assert created.status_code == 302
    listing = admin.get("/admin/users").get_data(as_text=True)
    assert "Pat Lee" in listing and "Probation Officer" in listing
    user = app.extensions["db_sessionmaker"]().query(User).filter_by(email="pat@example.org").one()
    edited = admin.post(
        f"/admin/users/{user.id}",
        data={
            "role": "court-officer",
            "display_name": "Pat Lee-Smith",
            "job_title": "Senior Probation Officer",
        },
    )
    assert edited.status_code == 302
    saved = fresh(app, User, user.id)
    assert (saved.display_name, saved.job_title) == ("Pat Lee-Smith", "Senior Probation Officer")
    events = {
        e.field: e
        for e in audit_rows(app, entity_type="user", entity_id=str(user.id), action="change-role")
    }
    assert events["job_title"].old_value == "Probation Officer"
