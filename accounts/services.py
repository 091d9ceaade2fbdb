"""Creating users and checking credentials."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from accounts.models import NAME_MAX, PASSWORD_HASH_METHOD, User
from accounts.sessions import end_all_sessions
from catalogue.models import Region
from core.audit import record_audit
from core.roles import ROLES


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
    check_new_password(password)
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
    """The active user whose password matches, else None.

    Every attempt costs one password hash, whether or not the account exists or is active,
    so the time taken does not tell which email addresses have accounts.
    """
    user = find_user(session, email)
    if user is None:
        check_password_hash(UNKNOWN_ACCOUNT_HASH, password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


# What an unknown email's password is checked against, so it costs what a real account's
# check costs. Made like PASSWORD_HASH_METHOD's hashes (scrypt:32768:8:1) from a random
# password nobody kept; a match would still sign no one in.
UNKNOWN_ACCOUNT_HASH = (
    "scrypt:32768:8:1$IRv4erzVRaH22hEp$fd6ad1bba2cf4f41f6239235ab9fb8153c0ee80ba081553e31c2b2"
    "94a3ddf4c2052ce8db183713c9cc0556afe514d89d408eea157179d24e0714084dbe5674a0"
)


def check_new_password(password: str) -> None:
    """Refuse a password too short (or too long) to be kept."""
    problem = new_password_problem(password)
    if problem:
        raise AccountError(problem)


def new_password_problem(password: str) -> str | None:
    """What is wrong with a password as a new one, if anything."""
    if len(password) < 10:
        return "The password must be at least 10 characters"
    if len(password) > 200:
        return "The password must be 200 characters or fewer"
    return None


class PasswordRefused(AccountError):
    """A password change refused, with a message for each field at fault."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def password_change_errors(user: User, current: str, new: str) -> dict[str, str]:
    """Every reason to refuse changing the user's password from current to new."""
    errors = {}
    if not user.check_password(current):
        errors["current_password"] = "Your current password is not right"
    problem = new_password_problem(new)
    if problem is None and new == current:
        problem = "The new password must be different from the current one"
    if problem:
        errors["new_password"] = problem
    return errors


def change_own_password(session: Session, user: User, current: str, new: str) -> None:
    """Change a user's password after checking the current one; ends all their sign-ins."""
    errors = password_change_errors(user, current, new)
    if errors:
        raise PasswordRefused(errors)
    user.set_password(new)
    user.must_change_password = False
    end_all_sessions(session, user)
    record_audit(
        session,
        actor=user.email,
        entity_type="user",
        entity_id=str(user.id),
        action="change-password",
    )
    session.commit()


def reset_password(session: Session, user: User, temporary: str, by: str) -> None:
    """An administrator sets a temporary password; the user must change it at next sign-in."""
    check_new_password(temporary)
    user.set_password(temporary)
    user.must_change_password = True
    end_all_sessions(session, user)
    record_audit(
        session,
        actor=by,
        entity_type="user",
        entity_id=str(user.id),
        action="reset-password",
        details={"email": user.email},
    )
    session.commit()


def update_profile(
    session: Session, user: User, display_name: str, job_title: str, by: str
) -> None:
    """Set the name and job title documents show for the user; audited."""
    name, title = clean_name(display_name, "The name"), clean_name(job_title, "The job title")
    changes = [("display_name", user.display_name, name), ("job_title", user.job_title, title)]
    changes = [c for c in changes if c[1] != c[2]]
    if not changes:
        return
    user.display_name, user.job_title = name, title
    record_audit(
        session,
        actor=by,
        entity_type="user",
        entity_id=str(user.id),
        action="change-profile",
        changes=changes,
    )
    session.commit()
