"""The signed link in a verification message: made for one request, readable only as one.

The token is signed with the app's secret key under a salt used for nothing else, so no
other signed value (a session, a CSRF token) can pass for it, and it expires after
VERIFY_LINK_DAYS. That it is used only once is kept in the database (the request is
answered), not in the token.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

SALT = "rar-directory.verification-link"
ANSWER_PATH = "/verify/"


class LinkExpired(Exception):
    """The link was genuine but is older than VERIFY_LINK_DAYS."""


class LinkInvalid(Exception):
    """The link was altered, cut short or signed with another key or purpose."""


def _serializer(secret_key: str, clock: Callable[[], float]) -> URLSafeTimedSerializer:
    class ClockedSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock())

    return URLSafeTimedSerializer(secret_key, salt=SALT, signer=ClockedSigner)


def make_token(secret_key: str, request_id: int, clock: Callable[[], float] = time.time) -> str:
    """A token naming one verification request, stamped with the time it was made."""
    return str(_serializer(secret_key, clock).dumps({"request": request_id}))


def read_token(
    secret_key: str, token: str, max_age_days: int, clock: Callable[[], float] = time.time
) -> int:
    """The request a token names; LinkExpired or LinkInvalid when it may not be used."""
    try:
        payload: Any = _serializer(secret_key, clock).loads(token, max_age=max_age_days * 86400)
    except SignatureExpired as exc:
        raise LinkExpired from exc
    except BadSignature as exc:
        raise LinkInvalid from exc
    request_id = payload.get("request") if isinstance(payload, dict) else None
    if not isinstance(request_id, int):
        raise LinkInvalid
    return request_id


def answer_url(base_url: str, token: str) -> str:
    """The full address of the answer page for a token, on the public base URL."""
    return f"{base_url.rstrip('/')}{ANSWER_PATH}{token}"
