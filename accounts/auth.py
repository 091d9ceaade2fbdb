"""Sign-in plumbing: the login manager, CSRF, and role checks for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from accounts.models import User
from catalogue import db
from web.numbers import whole_number

login_manager = LoginManager()
csrf = CSRFProtect()
F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    """Install Flask-Login and CSRF protection."""
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    csrf.init_app(app)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The active user with this id, if any."""
    number = whole_number(user_id)
    if number is None:
        return None
    user = db.session().get(User, number)
    return user if user is not None and user.is_active else None


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
