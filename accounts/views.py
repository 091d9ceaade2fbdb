"""Sign in and sign out, and the idle clock the timeout warning reads and restarts.

Failed sign-ins are rate-limited by web/limits.py.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from accounts.auth import idle_limit, idle_text, signed_in_user, warning_seconds
from accounts.forms import LoginForm
from accounts.models import User, UserSession
from accounts.services import authenticate
from accounts.sessions import (
    TOKEN_KEY,
    end_all_sessions,
    end_session,
    seconds_left,
    start_session,
)
from core import db
from web.security import no_store

bp = Blueprint("accounts", __name__)

# A path on this site: printable ASCII only (no spaces or control characters, which
# browsers drop, turning "/\t/evil.example" into "//evil.example"), not "//" or "/\".
SAME_SITE_PATH = re.compile(r"/(?![/\\])[!-~]*")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Show the sign-in form, and sign in with a matching email and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db.session(), form.email.data or "", form.password.data or "")
        if user is not None:
            sign_in(user)
            if user.must_change_password:
                flash("An administrator has reset your password. Choose a new one.", "info")
                return redirect(url_for("account.change_password"))
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append("The email address or password is not right")
    return render_template("accounts/login.html", form=form)


def sign_in(user: User) -> None:
    """Start a new server-side sign-in for this browser, ending any it had before."""
    end_session(db.session(), session.get(TOKEN_KEY))
    token = start_session(db.session(), user, datetime.now(), idle_limit())
    session.clear()  # nothing from before signing in is carried over
    session[TOKEN_KEY] = token
    login_user(user)


@bp.errorhandler(RateLimitExceeded)
def too_many_attempts(exc: RateLimitExceeded) -> tuple[str, int, dict[str, str]]:
    """The sign-in page again, saying why the attempt was refused and how long to wait."""
    form = LoginForm()
    form.form_errors.append(exc.description or "Too many sign-in attempts. Wait, then try again.")
    retry_after = str(exc.limit.limit.get_expiry())
    return render_template("accounts/login.html", form=form), 429, {"Retry-After": retry_after}


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Sign out everywhere: end every sign-in of this user on the server, so no copy of any
    earlier cookie (another browser, a copied one) still works."""
    end_all_sessions(db.session(), signed_in_user())
    db.session().commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("catalogue.search"))


@bp.get("/signed-out")
def signed_out() -> str | Response:
    """Where the timeout warning sends a browser whose sign-in the server has ended."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    next_path = safe_next(request.args.get("next"))
    return render_template("accounts/signed_out.html", idle=idle_text(), next_path=next_path)


@bp.get("/session")
@no_store
def session_status() -> Response:
    """How long this sign-in has left; reading it does not restart the idle clock."""
    row = _live_row()
    left = seconds_left(row, datetime.now(), idle_limit()) if row else 0
    return jsonify(
        {"signed_in": row is not None, "seconds_left": left, "warning_seconds": warning_seconds()}
    )


@bp.post("/session/extend")
@no_store
def extend_session() -> Response | tuple[Response, int]:
    """ "Stay signed in": restart the idle clock now."""
    row = _live_row()
    if row is None:
        message = "You are not signed in, or your sign-in has ended: sign in again."
        return jsonify({"signed_in": False, "seconds_left": 0, "error": message}), 401
    row.last_seen_at = datetime.now()
    db.session().commit()
    left = seconds_left(row, row.last_seen_at, idle_limit())
    return jsonify({"signed_in": True, "seconds_left": left})


def _live_row() -> UserSession | None:
    return g.get("user_session") if current_user.is_authenticated else None


def safe_next(target: str | None) -> str:
    """Only follow a `next` that is a path on this site; anything else goes home."""
    if target and SAME_SITE_PATH.fullmatch(target):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("catalogue.search")
