"""Sign-in rate limits (Flask-Limiter): per account and per address, failed attempts only.

Each app gets its own Limiter, so apps built side by side (tests, several configurations)
never share counters or the on/off switch. `RATELIMIT_ENABLED` (Flask-Limiter's own
setting) turns the limits off; the test suite does so except where it tests them.

Storage is Flask-Limiter's in-memory store unless `RATELIMIT_STORAGE_URI` names another
(for example `redis://…`). In memory, each gunicorn worker counts for itself, so an
attacker gets at most `workers ×` the limit; that still turns a password guesser's
thousands of tries into a handful. The address is the connecting one (`remote_addr`):
behind a reverse proxy, set `PROXY_FIX_HOPS` (app.py wraps the app in werkzeug's
`ProxyFix`), or every user shares the proxy's address.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

LOGIN_ENDPOINT = "accounts.login"
DEFAULTS = {
    # Failed sign-ins allowed for one email address, from anywhere...
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    # ...and from one network address, whichever email addresses are tried.
    "LOGIN_LIMIT_PER_ADDRESS": "20 per 15 minutes",
    "RATELIMIT_STORAGE_URI": "memory://",
}
ACCOUNT_MESSAGE = (
    "There have been too many failed attempts to sign in to this account. "
    "Wait 15 minutes, then try again. If you have forgotten your password, ask an administrator."
)
ADDRESS_MESSAGE = (
    "There have been too many failed sign-in attempts from your network. "
    "Wait 15 minutes, then try again."
)


def account_key() -> str:
    """The account being signed in to: the email typed, as the service compares it."""
    return "account:" + (request.form.get("email") or "").strip().lower()


def address_key() -> str:
    """The address the attempt comes from."""
    return "address:" + (get_remote_address() or "unknown")


def failed_sign_in(response: Response) -> bool:
    """A sign-in that did not succeed (success redirects); only these count."""
    return response.status_code != 302


def init_app(app: Flask) -> None:
    """Give the app its own limiter and limit POSTs to the sign-in view (after blueprints)."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    limiter = Limiter(
        key_func=address_key, storage_uri=app.config["RATELIMIT_STORAGE_URI"], app=app
    )
    app.extensions["login_limiter"] = limiter
    view = app.view_functions[LOGIN_ENDPOINT]
    per_account = limiter.limit(
        lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
        key_func=account_key,
        methods=["POST"],
        deduct_when=failed_sign_in,
        error_message=ACCOUNT_MESSAGE,
    )
    per_address = limiter.limit(
        lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
        key_func=address_key,
        methods=["POST"],
        deduct_when=failed_sign_in,
        error_message=ADDRESS_MESSAGE,
    )
    # Flask-Limiter's decorator types lose the sync/async split of Flask's view type.
    app.view_functions[LOGIN_ENDPOINT] = per_address(per_account(view))  # type: ignore[assignment]
