"""Server-side sign-in sessions.

Each sign-in is a `user_sessions` row; the signed cookie carries only a random token whose
SHA-256 names the row. Signing out deletes the row, so a copy of the cookie stops working
too; a password change, a reset or disabling the account deletes every row of that user.
An idle session expires on the server after `SESSION_IDLE_MINUTES`, whatever the browser
does; the timeout warning in the page (static/session-timeout.js) only says so in time.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from accounts.models import User, UserSession

# Key of the token in Flask's signed session cookie.
TOKEN_KEY = "sign_in_token"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def start_session(session: Session, user: User, now: datetime, idle: timedelta) -> str:
    """Record a new sign-in of the user (clearing their expired ones); returns its token."""
    session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.last_seen_at < now - idle
        )
    )
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=_token_hash(token), user_id=user.id, created_at=now, last_seen_at=now
        )
    )
    session.commit()
    return token


def find_session(session: Session, token: object) -> UserSession | None:
    """The sign-in this token names, if it has not been ended (it may have gone idle)."""
    if not isinstance(token, str) or not token:
        return None
    return session.get(UserSession, _token_hash(token))


def is_idle(row: UserSession, now: datetime, idle: timedelta) -> bool:
    """Whether the sign-in has had no request for longer than the idle limit."""
    return now - row.last_seen_at > idle


def touch(session: Session, row: UserSession, now: datetime, idle: timedelta) -> None:
    """Restart the idle clock; written at most every idle/30, so most requests write nothing."""
    if now - row.last_seen_at >= idle / 30:
        row.last_seen_at = now
        session.commit()


def seconds_left(row: UserSession, now: datetime, idle: timedelta) -> int:
    """Seconds until this sign-in expires unless the user does something, rounded up: 0
    only once it has expired, so the warning never leaves a sign-in that is still live."""
    return max(0, math.ceil((row.last_seen_at + idle - now).total_seconds()))


def end_session(session: Session, token: object) -> None:
    """End one sign-in (signing out); a token that names none is ignored."""
    if isinstance(token, str) and token:
        session.execute(delete(UserSession).where(UserSession.token_hash == _token_hash(token)))
        session.commit()


def end_all_sessions(session: Session, user: User) -> int:
    """Delete every sign-in of the user, in the caller's transaction; returns how many."""
    result = session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    return int(getattr(result, "rowcount", 0) or 0)
