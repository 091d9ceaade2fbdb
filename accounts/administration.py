"""Administrators' changes to accounts: create, name, role and regions, enable, reset; audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from accounts.services import AccountError, clean_name, create_user, reset_password
from accounts.sessions import end_all_sessions
from catalogue.models import Region
from core.audit import as_text, record_audit
from core.roles import ROLES

Changes = list[tuple[str, Any, Any]]


class AccountRefused(ValueError):
    """The change breaks a rule; `errors` maps each form field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def create_account(session: Session, values: dict[str, Any], by: str) -> User:
    """Create a user as an administrator asked, and audit who did it."""
    try:
        user = create_user(
            session,
            values["email"],
            values["password"],
            values["role"],
            values["regions"],
            display_name=values.get("display_name") or "",
            job_title=values.get("job_title") or "",
        )
    except AccountError as exc:
        session.rollback()
        raise AccountRefused({_account_field(str(exc)): str(exc)}) from None
    created = [
        ("role", None, user.role),
        ("regions", None, user.region_slugs),
        ("display_name", None, user.display_name),
        ("job_title", None, user.job_title),
    ]
    _audit_user(session, user, by, "create", created)
    session.commit()
    return user


def change_account(session: Session, user: User, values: dict[str, Any], by: str) -> User:
    """Set a user's name and job title, role and regions, as an administrator asked."""
    try:
        name = clean_name(values.get("display_name") or "", "The name")
        title = clean_name(values.get("job_title") or "", "The job title")
    except AccountError as exc:
        raise AccountRefused({_account_field(str(exc)): str(exc)}) from None
    changes = [("display_name", user.display_name, name), ("job_title", user.job_title, title)]
    user.display_name, user.job_title = name, title
    role, regions = values["role"] or "", values["regions"] or []
    try:
        return change_role(session, user, role, regions, by, changes)
    except AccountRefused:
        session.rollback()
        raise


def change_role(
    session: Session,
    user: User,
    role: str,
    regions: list[str],
    by: str,
    other_changes: Changes | None = None,
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
        raise AccountRefused(errors)
    changes = [("role", user.role, role), ("regions", user.region_slugs, sorted(regions))]
    changes += other_changes or []
    user.role, user.regions = role, found
    _audit_user(session, user, by, "change-role", changes)
    session.commit()
    return user


def set_active(session: Session, user: User, active: bool, by: str) -> User:
    """Enable or disable an account (a disabled user is signed out and cannot sign in)."""
    if user.email == by and not active:
        raise AccountRefused({"account": "You cannot disable your own account"})
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
        raise AccountRefused({"password": str(exc)}) from None


def _audit_user(session: Session, user: User, by: str, action: str, changes: Changes) -> None:
    real = [c for c in changes if as_text(c[1]) != as_text(c[2])]
    record_audit(
        session,
        actor=by,
        entity_type="user",
        entity_id=str(user.id),
        action=action,
        changes=real,
        details={"email": user.email},
    )


# Which form field an account error belongs beside, by a word in its message.
ERROR_FIELDS = (
    ("password", "password"),
    ("email", "email"),
    ("region", "regions"),
    ("job title", "job_title"),
    ("name", "display_name"),
)


def _account_field(message: str) -> str:
    """Which form field an account error belongs beside."""
    for word, name in ERROR_FIELDS:
        if word in message.lower():
            return name
    return "role"
