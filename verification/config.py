"""Verification settings: their defaults, the environment variables read, and the clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any


def flag(value: str) -> bool:
    """An environment variable read as yes or no."""
    return value.strip().lower() in ("1", "true", "yes", "on")


# Environment variables the app reads into configuration, with how each is parsed.
ENVIRONMENT: dict[str, Callable[[str], Any]] = {
    "VERIFY_AFTER_DAYS": int,
    "VERIFY_LINK_DAYS": int,
    "PUBLIC_BASE_URL": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": flag,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_DEFAULT_SENDER": str,
    "NOTIFY_API_KEY": str,
    "NOTIFY_TEMPLATE_ID": str,
    "NOTIFY_REMINDER_TEMPLATE_ID": str,
    "NOTIFY_URGENT_TEMPLATE_ID": str,
    "NOTIFY_BASE_URL": str,
}

DEFAULTS: dict[str, Any] = {
    # Ask a row's contact once it has gone this long unconfirmed (stale is at 90).
    "VERIFY_AFTER_DAYS": 60,
    # A link in a message works for this many days.
    "VERIFY_LINK_DAYS": 14,
    # Where the links in messages point: the address providers reach the service on.
    "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
    # No MAIL_SERVER and no NOTIFY_API_KEY: messages stay in the outbox (development).
    "MAIL_SERVER": "",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_DEFAULT_SENDER": "RAR Directory <rar-directory@localhost>",
    "NOTIFY_API_KEY": "",
    "NOTIFY_TEMPLATE_ID": "",
    "NOTIFY_REMINDER_TEMPLATE_ID": "",
    "NOTIFY_URGENT_TEMPLATE_ID": "",
    "NOTIFY_BASE_URL": "https://api.notifications.service.gov.uk",
}


def check(config: Mapping[str, Any]) -> None:
    """Refuse settings that would ask too late or make links that never work."""
    after, stale = config["VERIFY_AFTER_DAYS"], config["STALE_AFTER_DAYS"]
    if not isinstance(after, int) or not 0 < after < stale:
        raise RuntimeError("VERIFY_AFTER_DAYS must be more than 0 and less than STALE_AFTER_DAYS.")
    if not isinstance(config["VERIFY_LINK_DAYS"], int) or config["VERIFY_LINK_DAYS"] < 1:
        raise RuntimeError("VERIFY_LINK_DAYS must be a whole number of days, at least 1.")
    if config["NOTIFY_API_KEY"] and not config["NOTIFY_TEMPLATE_ID"]:
        raise RuntimeError("NOTIFY_API_KEY is set: set NOTIFY_TEMPLATE_ID too.")


def clock(config: Mapping[str, Any]) -> Callable[[], float]:
    """Seconds since the epoch: the real clock, unless tests set VERIFICATION_CLOCK."""
    found = config.get("VERIFICATION_CLOCK")
    return found if callable(found) else time.time


def now(config: Mapping[str, Any]) -> datetime:
    """The current local time by the configured clock, to the second."""
    return datetime.fromtimestamp(int(clock(config)()))
