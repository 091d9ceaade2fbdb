"""A signed-in user's own account: name and job title, password, signing out everywhere."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import logout_user
from werkzeug.wrappers import Response

from accounts.auth import require_sign_in, signed_in_user
from accounts.forms import ChangePasswordForm, ProfileForm
from accounts.services import (
    AccountError,
    PasswordRefused,
    change_own_password,
    password_change_errors,
    update_profile,
)
from accounts.sessions import end_all_sessions
from accounts.views import sign_in
from core import db
from web.security import forbid_storing

bp = Blueprint("account", __name__, url_prefix="/account")
bp.before_request(require_sign_in)
bp.after_request(forbid_storing)


@bp.route("", methods=["GET", "POST"])
def profile() -> str | Response:
    """The user's name and job title, as their court reports show them."""
    user = signed_in_user()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        try:
            update_profile(
                db.session(),
                user,
                form.display_name.data or "",
                form.job_title.data or "",
                by=user.email,
            )
        except AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            flash("Your name and job title have been saved.", "success")
            return redirect(url_for(".profile"), code=303)
    return render_template("accounts/profile.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
def change_password() -> str | Response:
    """Change the password (the current one is asked for); every other sign-in ends."""
    user = signed_in_user()
    form = ChangePasswordForm()
    if form.is_submitted():
        current, new = form.current_password.data or "", form.new_password.data or ""
        if form.validate():
            try:
                change_own_password(db.session(), user, current, new)
            except PasswordRefused as exc:
                _show_errors(form, exc.errors)
            else:
                sign_in(user)  # this browser carries on; every other sign-in has ended
                flash(
                    "Your password has been changed. You have been signed out everywhere else.",
                    "success",
                )
                return redirect(url_for(".profile"), code=303)
        elif current:  # say everything that is wrong at once, as GOV.UK forms do
            _show_errors(form, password_change_errors(user, current, new))
    return render_template("accounts/password.html", form=form)


def _show_errors(form: ChangePasswordForm, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        if not form[name].errors:
            form[name].errors = [*form[name].errors, message]


@bp.post("/sign-out-everywhere")
def sign_out_everywhere() -> Response:
    """End every sign-in of this user, on every device, this one included."""
    end_all_sessions(db.session(), signed_in_user())
    db.session().commit()
    logout_user()
    session.clear()
    flash("You have signed out on every device and browser.", "success")
    return redirect(url_for("catalogue.search"), code=303)
