"""User administration pages: administrators create accounts, set roles and regions, disable."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from accounts.administration import (
    AccountRefused,
    change_account,
    create_account,
    reset_account_password,
    set_active,
)
from accounts.auth import require_admin
from accounts.forms import NewUserForm, ResetPasswordForm, UserRoleForm
from accounts.models import User
from catalogue import queries
from core import db
from web.forms import ConfirmForm, attach_errors, options
from web.loading import get_or_404
from web.security import forbid_storing

bp = Blueprint("users_admin", __name__, url_prefix="/admin/users")
bp.before_request(require_admin)
bp.after_request(forbid_storing)  # who has which account and role is nobody's cache's business


@bp.get("")
def list_users() -> str:
    """Every account with its role, regions and whether it is active."""
    users = db.session().scalars(select(User).order_by(User.email)).all()
    return render_template("accounts/admin/users.html", users=users, form=ConfirmForm())


@bp.route("/new", methods=["GET", "POST"])
def new_user() -> str | Response:
    """Create an account with a role (and regions for a regional editor)."""
    session = db.session()
    form = _with_regions(session, NewUserForm())
    if form.validate_on_submit():
        try:
            user = create_account(session, form.data, _actor())
        except AccountRefused as exc:
            attach_errors(form, exc.errors)
        else:
            flash(f"The account for {user.email} has been created.", "success")
            return redirect(url_for(".list_users"))
    return render_template("accounts/admin/user_form.html", form=form, user=None)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> str | Response:
    """Change a user's name, job title, role and regions."""
    session = db.session()
    user = get_or_404(User, user_id)
    data = {
        "role": user.role,
        "regions": user.region_slugs,
        "display_name": user.display_name,
        "job_title": user.job_title,
    }
    form = _with_regions(session, UserRoleForm(data=data))
    if form.validate_on_submit():
        try:
            change_account(session, user, form.data, _actor())
        except AccountRefused as exc:
            attach_errors(form, exc.errors)
        else:
            flash(f"{user.email} is now saved with the new details.", "success")
            return redirect(url_for(".list_users"))
    return render_template("accounts/admin/user_form.html", form=form, user=user)


@bp.route("/<int:user_id>/password", methods=["GET", "POST"])
def reset_password(user_id: int) -> str | Response:
    """Give a user a temporary password; they must change it when they next sign in."""
    session = db.session()
    user = get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_account_password(session, user, form.password.data or "", _actor())
        except AccountRefused as exc:
            attach_errors(form, exc.errors)
        else:
            flash(
                f"{user.email} has a temporary password and is signed out everywhere. "
                "They must choose a new one when they next sign in.",
                "success",
            )
            return redirect(url_for(".list_users"), code=303)
    return render_template("accounts/admin/user_password.html", form=form, user=user)


@bp.post("/<int:user_id>/disable")
def disable_user(user_id: int) -> Response:
    """Disable an account: the person is signed out and cannot sign in."""
    return _set_active(user_id, False)


@bp.post("/<int:user_id>/enable")
def enable_user(user_id: int) -> Response:
    """Enable a disabled account again."""
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool) -> Response:
    session = db.session()
    user = get_or_404(User, user_id)
    try:
        set_active(session, user, active, _actor())
    except AccountRefused as exc:
        flash(next(iter(exc.errors.values())), "info")
    else:
        flash(f"{user.email} has been {'enabled' if active else 'disabled'}.", "success")
    return redirect(url_for(".list_users"), code=303)


def _with_regions(session: Session, form: UserRoleForm) -> UserRoleForm:
    form.regions.choices = options((r.slug, r.name) for r in queries.regions(session))
    return form


def _actor() -> str:
    return str(current_user.email)
