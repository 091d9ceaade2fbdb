"""Who may do what in catalogue maintenance: the checks, and administrators' changes to them.

Pages send anonymous visitors to sign in and refuse other roles with 403; the write API
answers 401 and 403 as JSON. The rules themselves live on User (may_edit_region,
may_edit_definitions) so pages, API and templates agree.
"""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from accounts.auth import login_manager
from accounts.models import User
from accounts.services import AccountError, clean_name, create_user, reset_password
from accounts.sessions import end_all_sessions
from catalogue.models import Region
from core.audit import as_text, record_audit
from core.roles import ROLES
from maintenance.services import ValidationFailed

EDITOR_ROLES = ("admin", "interventions-editor")


def require_editor() -> Response | None:
    """Before a page: signed in as an interventions editor or an administrator."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()  # type: ignore[no-any-return]
    if current_user.role not in EDITOR_ROLES:
        abort(403)
    return None


def require_admin() -> Response | None:
    """Before a page: signed in as an administrator."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()  # type: ignore[no-any-return]
    if current_user.role != "admin":
        abort(403)
    return None


def require_api_editor() -> tuple[Response, int] | None:
    """Before an API call: 401 unless signed in, 403 unless an editor or administrator."""
    if not current_user.is_authenticated:
        return jsonify({"error": "Sign in as an interventions editor first."}), 401
    if current_user.role not in EDITOR_ROLES:
        return jsonify({"error": "Only interventions editors may do that."}), 403
    return None


def require_definitions() -> None:
    """Refuse (403) unless the user may create, edit and withdraw interventions."""
    if not current_user.may_edit_definitions:
        abort(403, "Only national interventions editors and administrators change interventions.")


def require_region(region_slug: str) -> None:
    """Refuse (403) unless the user may change availability in the region."""
    if not current_user.may_edit_region(region_slug):
        abort(403, "You may only change availability in your own regions.")


def actor() -> str:
    """The signed-in user as the audit trail names them."""
    return str(current_user.email)


def editable_regions(session: Session) -> list[Region]:
    """The regions whose availability the signed-in user may change, by name."""
    query = select(Region).order_by(Region.name)
    if current_user.role != "admin" and current_user.region_slugs:
        query = query.where(Region.slug.in_(current_user.region_slugs))
    return list(session.scalars(query))


# -- changing who may do what (administrators) ------------------------------------------


def create_account(session: Session, values: dict[str, Any], by: str) -> User:
    """Create a user as an administrator asked, and audit who did it."""
    try:
        user = create_user(
            session, values["email"], values["password"], values["role"], values["regions"],
            display_name=values.get("display_name") or "",
            job_title=values.get("job_title") or "",
        )  # fmt: skip
    except AccountError as exc:
        session.rollback()
        raise ValidationFailed({_account_field(str(exc)): str(exc)}) from None
    _audit_user(session, user, by, "create", [("role", None, user.role),
                ("regions", None, user.region_slugs), ("display_name", None, user.display_name),
                ("job_title", None, user.job_title)])  # fmt: skip
    session.commit()
    return user


def change_account(session: Session, user: User, values: dict[str, Any], by: str) -> User:
    """Set a user's name and job title, role and regions, as an administrator asked."""
    try:
        name = clean_name(values.get("display_name") or "", "The name")
        title = clean_name(values.get("job_title") or "", "The job title")
    except AccountError as exc:
        raise ValidationFailed({_account_field(str(exc)): str(exc)}) from None
    changes = [("display_name", user.display_name, name), ("job_title", user.job_title, title)]
    user.display_name, user.job_title = name, title
    try:
        return change_role(session, user, values["role"] or "", values["regions"] or [], by,
                           changes)  # fmt: skip
    except ValidationFailed:
        session.rollback()
        raise


def change_role(
    session: Session,
    user: User,
    role: str,
    regions: list[str],
    by: str,
    other_changes: list[tuple[str, Any, Any]] | None = None,
) -> User:
    """Give a user a role and (interventions editors only) regions; audited."""
    errors = {}
    if role not in ROLES:
        errors["role"] = "Select a role"
    if regions and role != "interventions-editor":
        errors["regions"] = "Only interventions editors are limited to regions"
    found = list(session.scalars(select(Region).where(Region.slug.in_(regions))))
    if len(found) != len(set(regions)):
        errors["regions"] = "Select regions from the list"
    if user.email == by and role != "admin":
        errors["role"] = "You cannot take away your own administrator role"
    if errors:
        raise ValidationFailed(errors)
    changes = [("role", user.role, role), ("regions", user.region_slugs, sorted(regions))]
    changes += other_changes or []
    user.role, user.regions = role, found
    _audit_user(session, user, by, "change-role", changes)
    session.commit()
    return user


def set_active(session: Session, user: User, active: bool, by: str) -> User:
    """Enable or disable an account (a disabled user is signed out and cannot sign in)."""
    if user.email == by and not active:
        raise ValidationFailed({"account": "You cannot disable your own account"})
    changes = [("is_active", user.is_active, active)]
    user.is_active = active
    if not active:  # every sign-in ends now, so enabling again never revives an old cookie
        end_all_sessions(session, user)
    _audit_user(session, user, by, "enable" if active else "disable", changes)
    session.commit()
    return user


def reset_account_password(session: Session, user: User, temporary: str, by: str) -> None:
    """Give a user a temporary password to change at next sign-in; their sign-ins end."""
    try:
        reset_password(session, user, temporary, by)
    except AccountError as exc:
        session.rollback()
        raise ValidationFailed({"password": str(exc)}) from None


def _audit_user(
    session: Session, user: User, by: str, action: str, changes: list[tuple[str, Any, Any]]
) -> None:
    real = [c for c in changes if as_text(c[1]) != as_text(c[2])]
    record_audit(session, actor=by, entity_type="user", entity_id=str(user.id), action=action,
                 changes=real, details={"email": user.email})  # fmt: skip


def _account_field(message: str) -> str:
    """Which form field an account error belongs beside."""
    for word, name in (("password", "password"), ("email", "email"), ("region", "regions"),
                       ("job title", "job_title"), ("name", "display_name")):  # fmt: skip
        if word in message.lower():
            return name
    return "role"
