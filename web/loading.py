"""One way for a view to load what it is about: the object, or the request ends with 404/403.

As flaskr's `get_post`: a view asks for its object and gets it, or the request is answered
404 (nothing there, or nothing this user may know of) or 403 (there, but not theirs to
change). The error handlers answer a page, or JSON under /api/, with the message given.
"""

from __future__ import annotations

from typing import Any

from flask import abort

from core import db


def get_or_404[T](model: type[T], key: Any, message: str | None = None) -> T:
    """The row of `model` with this primary key, or 404."""
    return found_or_404(db.session().get(model, key), message)


def found_or_404[T](found: T | None, message: str | None = None) -> T:
    """What a lookup found, or 404 when it found nothing."""
    if found is None:
        abort(404, message)
    return found


def allowed_or_403[T](found: T, allowed: bool, message: str | None = None) -> T:
    """The object when the user may act on it, else 403."""
    if not allowed:
        abort(403, message)
    return found
