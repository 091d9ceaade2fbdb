"""Sign-in plumbing: the login manager, CSRF, server-side sessions and role checks for views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, flash, g, jsonify, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_url, logout_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from accounts.models import User
from accounts.sessions import TOKEN_KEY, find_session, is_idle, touch
from core import db
from web.numbers import whole_number

login_manager = LoginManager()
csrf = CSRFProtect()
F = TypeVar("F", bound=Callable[..., Any])

SIGN_IN_MESSAGE = "Sign in to see that page."
# Seconds of warning before the server ends an idle sign-in: two minutes, as GOV.UK services.
WARNING_SECONDS = 120
# Endpoints that read the idle clock without restarting it (the timeout warning asks them).
CLOCK_READERS = {"accounts.session_status"}
# Where someone who must choose a new password may still go.
BEFORE_NEW_PASSWORD = {
    "account.change_password",
    "accounts.logout",
    "accounts.login",
    "static",
    "accounts.session_status",
    "accounts.extend_session",
    "accounts.signed_out",
}


def init_app(app: Flask) -> None:
    """Install Flask-Login, CSRF protection and the server-side session check."""
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    csrf.init_app(app)
    app.before_request(resume_session)
    app.before_request(require_new_password)
    app.jinja_env.globals.update(
        idle_seconds=lambda: int(idle_limit().total_seconds()), warning_seconds=warning_seconds
    )


def idle_limit() -> timedelta:
    """How long a sign-in lasts without a request (SESSION_IDLE_MINUTES)."""
    return timedelta(minutes=float(current_app.config["SESSION_IDLE_MINUTES"]))


def warning_seconds() -> int:
    """How long before the end the warning shows: two minutes, or half of a short limit."""
    return min(WARNING_SECONDS, int(idle_limit().total_seconds()) // 2)


def resume_session() -> None:
    """Before each request: find the sign-in the cookie names, restarting its idle clock."""
    g.user_session = None
    token = session.get(TOKEN_KEY)
    if token is None or request.endpoint == "static":
        return
    now, idle = datetime.now(), idle_limit()
    row = find_session(db.session(), token)
    if row is None or is_idle(row, now, idle):  # the cookie is worth nothing now
        logout_user()
        session.pop(TOKEN_KEY, None)
        g.signed_out_reason = "ended" if row is None else "idle"
        return
    if request.endpoint not in CLOCK_READERS:
        touch(db.session(), row, now, idle)
    g.user_session = row


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The active user with this id, if the request carries a live sign-in of theirs."""
    row = g.get("user_session")
    number = whole_number(user_id)
    if row is None or number is None or row.user_id != number or g.get("database_down"):
        return None
    user = db.session().get(User, number)
    return user if user is not None and user.is_active else None


def signed_in_user() -> User:
    """The signed-in user as their database row, for services that change it (Flask-Login's
    `current_user` is a proxy; the row comes from the request's session, already loaded)."""
    user = db.session().get(User, current_user.id)
    if user is None:  # the account was deleted during the request
        abort(401)
    return user


@login_manager.unauthorized_handler
def ask_to_sign_in() -> Response:
    """Send the visitor to sign in, saying why if the server ended their sign-in."""
    reason = g.get("signed_out_reason")
    if reason == "idle":
        flash(
            f"You have been signed out because you had not done anything for "
            f"{idle_text()}. Sign in again to continue.",
            "info",
        )
    elif reason == "ended":
        flash(
            "Your sign-in has ended (you signed out, or your password or account "
            "changed). Sign in again to continue.",
            "info",
        )
    else:
        flash(SIGN_IN_MESSAGE, "info")
    return redirect(login_url("accounts.login", request.url))


def require_sign_in() -> Response | None:
    """Before a page: send anonymous visitors to sign in."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()  # type: ignore[no-any-return]
    return None


def require_new_password() -> Response | tuple[Response, int] | None:
    """After an administrator's reset, nothing but choosing a new password (or signing out)."""
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    if request.endpoint in BEFORE_NEW_PASSWORD:
        return None
    if request.path.startswith("/api/"):
        return jsonify({"error": "Choose a new password first (an administrator reset it)."}), 403
    return redirect(url_for("account.change_password"))


def require_admin() -> Response | None:
    """Before a page: signed in as an administrator."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()  # type: ignore[no-any-return]
    if current_user.role != "admin":
        abort(403)
    return None


def role_required(*roles: str) -> Callable[[F], F]:
    """Refuse (sign in first, then 403) unless the current user has one of the roles."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def idle_text() -> str:
    """The idle limit in words: "30 minutes"."""
    idle = idle_limit()
    minutes = idle.total_seconds() / 60
    if minutes >= 1 and minutes == int(minutes):
        return f"{int(minutes)} minute{'s' if minutes != 1 else ''}"
    return f"{int(idle.total_seconds())} seconds"
