"""Failed sign-ins are limited per account and per address, with a message saying what to do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, make_app

PER_ACCOUNT, PER_ADDRESS = 5, 20


@pytest.fixture
def limited_app(app: Flask, database_urls: dict[str, str], tmp_path: Path) -> Iterator[Flask]:
    """The test app's database with the sign-in limits switched on (as in production)."""
    made = make_app(database_urls["work"], tmp_path / "limited-index", RATELIMIT_ENABLED=True)
    yield made
    made.extensions["db_engine"].dispose()


def attempt(client: FlaskClient, email: str, password: str, address: str) -> Any:
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_limits_are_those_documented(limited_app: Flask) -> None:
    assert limited_app.config["LOGIN_LIMIT_PER_ACCOUNT"] == f"{PER_ACCOUNT} per 15 minutes"
    assert limited_app.config["LOGIN_LIMIT_PER_ADDRESS"] == f"{PER_ADDRESS} per 15 minutes"


def test_an_account_is_locked_after_repeated_failures_from_anywhere(
    limited_app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    client = limited_app.test_client()
    for n in range(PER_ACCOUNT):
        response = attempt(client, user.email, "wrong-password", f"10.0.0.{n + 1}")
        assert response.status_code == 200, n

    # Even the right password, from a new address, in another letter case: refused for now.
    refused = attempt(client, user.email.upper(), PASSWORD, "10.0.1.1")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "too many failed attempts to sign in to this account" in page
    assert "Wait 15 minutes" in page
    assert "govuk-error-summary" in page and '<h1 class="govuk-heading-l">Sign in</h1>' in page
    assert int(refused.headers["Retry-After"]) > 0

    other = make_user("court-officer")  # other accounts are not affected
    assert attempt(client, other.email, PASSWORD, "10.0.1.1").status_code == 302


def test_an_address_is_limited_whichever_accounts_it_tries(
    limited_app: Flask, make_user: Callable[..., Any]
) -> None:
    client = limited_app.test_client()
    for n in range(PER_ADDRESS):
        response = attempt(client, f"guess{n}@example.org", "wrong-password", "192.0.2.7")
        assert response.status_code == 200, n

    user = make_user("court-officer")
    refused = attempt(client, user.email, PASSWORD, "192.0.2.7")
    assert refused.status_code == 429
    assert "too many failed sign-in attempts from your network" in refused.get_data(as_text=True)
    assert attempt(client, user.email, PASSWORD, "192.0.2.8").status_code == 302


def test_successful_sign_ins_do_not_count(
    limited_app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    client = limited_app.test_client()
    for _ in range(PER_ACCOUNT + 3):
        assert attempt(client, user.email, PASSWORD, "10.9.9.9").status_code == 302
        client.post("/logout")


def test_the_limits_are_off_when_ratelimit_enabled_is_false(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    user = make_user("court-officer")
    for _ in range(PER_ACCOUNT + 2):
        assert attempt(client, user.email, "wrong-password", "10.0.0.1").status_code == 200
    assert attempt(client, user.email, PASSWORD, "10.0.0.1").status_code == 302


def test_behind_a_trusted_proxy_the_limit_is_per_client_address(
    app: Flask, database_urls: dict[str, str], tmp_path: Path, make_user: Callable[..., Any]
) -> None:
    proxied = make_app(
        database_urls["work"], tmp_path / "proxied-index", RATELIMIT_ENABLED=True, PROXY_FIX_HOPS=1
    )
    client = proxied.test_client()

    def through_proxy(email: str, password: str, client_address: str) -> Any:
        return client.post(
            "/login",
            data={"email": email, "password": password},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
            headers={"X-Forwarded-For": client_address},
        )

    for n in range(PER_ADDRESS):
        assert through_proxy(f"guess{n}@example.org", "wrong", "198.51.100.9").status_code == 200
    user = make_user("court-officer")
    assert through_proxy(user.email, PASSWORD, "198.51.100.9").status_code == 429
    assert through_proxy(user.email, PASSWORD, "198.51.100.10").status_code == 302
    proxied.extensions["db_engine"].dispose()


def test_the_storage_of_the_counters_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app import load_config

    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("PROXY_FIX_HOPS", "2")
    config = load_config({})
    assert (config["RATELIMIT_STORAGE_URI"], config["PROXY_FIX_HOPS"]) == (
        "redis://127.0.0.1:6379/3",
        2,
    )
