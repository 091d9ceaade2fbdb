"""Sign in and sign out. Failed sign-ins are rate-limited by web/limits.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_login import login_required, login_user, logout_user
from werkzeug.wrappers import Response

from accounts.forms import LoginForm
from accounts.services import authenticate
from catalogue import db

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Show the sign-in form, and sign in with a matching email and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db.session(), form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("The email address or password is not right")
    return render_template("accounts/login.html", form=form)


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
    """Sign out and go back to the directory."""
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("catalogue.search"))


def _safe_next(target: str | None) -> str:
    """Only follow a `next` that stays on this site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("catalogue.search")
