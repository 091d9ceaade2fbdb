"""Creating users and checking credentials."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.models import NAME_MAX, PASSWORD_HASH_METHOD, User
from catalogue.models import Region
from catalogue.reference import ROLES


class AccountError(ValueError):
    """A user could not be created as asked."""


def create_user(
    session: Session,
    email: str,
    password: str,
    role: str,
    regions: Sequence[str] = (),
    hash_method: str = PASSWORD_HASH_METHOD,
    *,
    display_name: str = "",
    job_title: str = "",
) -> User:
    """Create and commit a user; regions only make sense for interventions editors."""
    email = email.strip().lower()
    display_name = clean_name(display_name, "The name")
    job_title = clean_name(job_title, "The job title")
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}")
    if "@" not in email:
        raise AccountError("Enter an email address like name@example.org")
    if len(password) < 10:
        raise AccountError("The password must be at least 10 characters")
    if regions and role != "interventions-editor":
        raise AccountError("Only interventions editors are limited to regions")
    if find_user(session, email) is not None:
        raise AccountError(f"A user with email {email} already exists")
    found = session.scalars(select(Region).where(Region.slug.in_(regions))).all()
    unknown = sorted(set(regions) - {r.slug for r in found})
    if unknown:
        raise AccountError(f"Unknown region: {', '.join(unknown)}")
    user = User(
        email=email,
        display_name=display_name,
        job_title=job_title,
        role=role,
        created_at=datetime.now(),
        regions=list(found),
    )
    user.set_password(password, hash_method)
    session.add(user)
    session.commit()
    return user


def clean_name(value: str, what: str) -> str:
    """A display name or job title with outer spaces removed, or AccountError saying why not."""
    if not value.isprintable() or not _encodable(value):
        raise AccountError(f"{what} must not contain control or invalid characters")
    value = " ".join(value.split())
    if len(value) > NAME_MAX:
        raise AccountError(f"{what} must be {NAME_MAX} characters or fewer")
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def find_user(session: Session, email: str) -> User | None:
    """The user with this email address (case-insensitive)."""
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user whose password matches, else None."""
    user = find_user(session, email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user
