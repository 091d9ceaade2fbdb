"""A sign-in lives on the server: signing out, changing or resetting the password and
disabling the account end it wherever its cookie has been copied; it also ends after the
idle time, whatever the browser does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts.models import UserSession
from tests.conftest import PASSWORD

PRIVATE = "/account"  # any page that needs a sign-in


def signed_in(app: Flask, user: Any, password: str = PASSWORD) -> FlaskClient:
    """A new client (browser) signed in as the user through the form."""
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def copy_of_cookie(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another client holding a copy of the client's session cookie, as a thief would."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def works(client: FlaskClient) -> bool:
    return client.get(PRIVATE).status_code == 200


def test_a_cookie_copied_before_signing_out_no_longer_works(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    browser = signed_in(app, make_user("court-officer"))
    thief = copy_of_cookie(app, browser)
    assert works(thief)
    assert browser.post("/logout").status_code == 302
    assert not works(thief)
    assert not works(browser)


def test_signing_out_ends_every_earlier_sign_in_of_that_user_only(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user, colleague = make_user("court-officer"), make_user("court-officer")
    laptop, phone, other = signed_in(app, user), signed_in(app, user), signed_in(app, colleague)
    assert phone.post("/logout").status_code == 302
    assert not works(laptop) and not works(phone)
    assert works(other)


def test_sign_out_everywhere_ends_every_sign_in_of_that_user_only(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user, colleague = make_user("court-officer"), make_user("court-officer")
    laptop, phone, other = signed_in(app, user), signed_in(app, user), signed_in(app, colleague)
    response = phone.post("/account/sign-out-everywhere")
    assert response.status_code == 303
    assert not works(laptop) and not works(phone)
    assert works(other)


def test_changing_the_password_ends_every_other_sign_in_and_keeps_this_one(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    laptop, phone = signed_in(app, user), signed_in(app, user)
    stolen = copy_of_cookie(app, laptop)
    new = "a brand new password"
    changed = laptop.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )
    assert changed.status_code == 303
    assert works(laptop)
    assert not works(phone) and not works(stolen)
    assert (
        app.test_client()
        .post("/login", data={"email": user.email, "password": PASSWORD})
        .status_code
        == 200
    )
    signed_in(app, user, new)


def test_an_administrators_reset_ends_every_sign_in_of_the_user(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    phone = signed_in(app, user)
    admin = signed_in(app, make_user("admin"))
    response = admin.post(f"/admin/users/{user.id}/password", data={"password": "temporary-123"})
    assert response.status_code == 303
    # Not merely sent to choose a new password: signed out.
    assert phone.get("/account/password").headers["Location"].startswith("/login")


def test_disabling_a_user_ends_their_sign_ins_for_good(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    phone = signed_in(app, user)
    admin = signed_in(app, make_user("admin"))
    assert admin.post(f"/admin/users/{user.id}/disable").status_code == 303
    assert not works(phone)
    assert admin.post(f"/admin/users/{user.id}/enable").status_code == 303
    assert not works(phone)  # enabling again does not revive the old cookie


def age_sign_ins(session: Session, minutes: float) -> None:
    """Pretend every sign-in's last request was this many minutes ago."""
    then = datetime.now() - timedelta(minutes=minutes)
    session.execute(update(UserSession).values(last_seen_at=then))
    session.commit()


def test_a_sign_in_idle_for_longer_than_the_limit_ends_on_the_server(
    app: Flask, session: Session, make_user: Callable[..., Any]
) -> None:
    browser = signed_in(app, make_user("court-officer"))
    age_sign_ins(session, 29)
    assert works(browser)  # and that request restarted the clock
    age_sign_ins(session, 31)
    response = browser.get(PRIVATE)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "had not done anything for 30 minutes" in page


def test_the_idle_limit_is_configurable(
    app: Flask,
    database_urls: dict[str, str],
    tmp_path: Any,
    session: Session,
    make_user: Callable[..., Any],
) -> None:
    from tests.conftest import make_app

    short = make_app(database_urls["work"], tmp_path / "short", SESSION_IDLE_MINUTES=5)
    browser = signed_in(short, make_user("court-officer"))
    status = browser.get("/session").get_json()
    assert 290 <= status["seconds_left"] <= 300 and status["warning_seconds"] == 120
    age_sign_ins(session, 6)
    assert not works(browser)
    short.extensions["db_engine"].dispose()


@pytest.mark.parametrize("value", ["0", "-5", "abc", "5000"])
def test_a_bad_idle_limit_stops_the_app_from_starting(
    monkeypatch: pytest.MonkeyPatch, database_urls: dict[str, str], tmp_path: Any, value: str
) -> None:
    from tests.conftest import make_app

    monkeypatch.setenv("SESSION_IDLE_MINUTES", value)
    with pytest.raises((RuntimeError, ValueError)):
        make_app(database_urls["work"], tmp_path / "bad")


def test_reading_the_time_left_does_not_restart_the_clock_but_staying_signed_in_does(
    app: Flask, session: Session, make_user: Callable[..., Any]
) -> None:
    browser = signed_in(app, make_user("court-officer"))
    age_sign_ins(session, 29)
    status = browser.get("/session")
    assert status.headers["Cache-Control"] == "no-store"
    assert status.get_json()["signed_in"] is True
    assert 50 <= status.get_json()["seconds_left"] <= 60
    session.expire_all()
    last_seen = session.scalars(select(UserSession.last_seen_at)).one()
    assert datetime.now() - last_seen > timedelta(minutes=28)
    extended = browser.post("/session/extend").get_json()
    assert extended == {"signed_in": True, "seconds_left": 1800}
    assert browser.get("/session").get_json()["seconds_left"] >= 1790


def test_after_the_idle_limit_the_clock_says_signed_out_and_cannot_be_restarted(
    app: Flask, session: Session, make_user: Callable[..., Any]
) -> None:
    browser = signed_in(app, make_user("court-officer"))
    age_sign_ins(session, 31)
    assert browser.post("/session/extend").status_code == 401
    assert browser.get("/session").get_json() == {
        "signed_in": False,
        "seconds_left": 0,
        "warning_seconds": 120,
    }
    page = browser.get("/signed-out?next=/proposals").get_data(as_text=True)
    assert "had not done anything for 30 minutes" in page
    assert "/login?next=/proposals" in page


def test_signing_in_gives_a_new_cookie_and_ends_the_browsers_earlier_sign_in(
    app: Flask, session: Session, make_user: Callable[..., Any]
) -> None:
    first, second = make_user("court-officer"), make_user("court-officer")
    browser = signed_in(app, first)
    before = copy_of_cookie(app, browser)
    assert (
        browser.post("/login", data={"email": second.email, "password": PASSWORD}).status_code
        == 302
    )
    assert not works(before)
    assert session.scalars(select(UserSession.user_id)).all() == [second.id]
