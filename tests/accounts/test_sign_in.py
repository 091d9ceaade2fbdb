"""Signing in: only a path on this site is followed afterwards, and the time taken does not
tell which email addresses have accounts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from accounts.services import create_user
from tests.conftest import PASSWORD

HOME = "/"


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example",  # browsers drop the tab and go to //evil.example
        "/\n/x",  # a header line break: this was a 500 after a good sign-in
        "/\r\n/x",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "http:/evil.example",
        "javascript:alert(1)",
        " /x",
        "/ /x",
        "/\x7f/x",
        "/caf\u00e9",
        "evil.example",
        "",
    ],
    ids=repr,
)
def test_sign_in_goes_home_unless_next_is_a_path_on_this_site(
    client: FlaskClient, make_user: Callable[..., Any], target: str
) -> None:
    user = make_user("court-officer")
    response = client.post(
        f"/login?next={quote(target, safe='')}", data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == HOME


@pytest.mark.parametrize("target", ["/proposals", "/regions/london?type=crs&need=ete", "/a/b#c"])
def test_sign_in_follows_a_path_on_this_site(
    client: FlaskClient, make_user: Callable[..., Any], target: str
) -> None:
    user = make_user("court-officer")
    response = client.post(
        f"/login?next={quote(target, safe='')}", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == target


class ScryptCalls:
    """Counts the password-hash derivations werkzeug asks hashlib for."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.costs: list[int] = []
        real = hashlib.scrypt

        def counting(*args: Any, **kwargs: Any) -> bytes:
            self.costs.append(int(kwargs["n"]))
            return real(*args, **kwargs)

        monkeypatch.setattr(hashlib, "scrypt", counting)


def test_an_unknown_email_costs_the_same_password_hash_as_a_real_account(
    client: FlaskClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = create_user(session, "real@example.org", PASSWORD, "court-officer")  # scrypt
    disabled = create_user(session, "gone@example.org", PASSWORD, "court-officer")
    disabled.is_active = False
    session.commit()
    calls = ScryptCalls(monkeypatch)
    attempts = {
        "wrong password": {"email": real.email, "password": "not the password"},
        "disabled account": {"email": disabled.email, "password": PASSWORD},
        "unknown email": {"email": "nobody@example.org", "password": "not the password"},
    }
    costs = {}
    for name, form in attempts.items():
        calls.costs.clear()
        assert client.post("/login", data=form).status_code == 200, name
        costs[name] = list(calls.costs)
    assert costs["unknown email"] == costs["wrong password"] == costs["disabled account"]
    assert len(costs["unknown email"]) == 1 and costs["unknown email"][0] >= 2**14


def test_the_unknown_account_hash_is_made_as_real_passwords_are() -> None:
    from werkzeug.security import generate_password_hash

    from accounts.models import PASSWORD_HASH_METHOD
    from accounts.services import UNKNOWN_ACCOUNT_HASH

    real = generate_password_hash("any password at all", method=PASSWORD_HASH_METHOD)
    assert UNKNOWN_ACCOUNT_HASH.split("$")[0] == real.split("$")[0]
