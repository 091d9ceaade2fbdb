"""Helpers for the security tests: an app with CSRF on, and signing in through the real form."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, make_app

CSRF_INPUT = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)


def csrf_token_from(html: str) -> str:
    """The CSRF token a page's form carries."""
    match = CSRF_INPUT.search(html)
    assert match, "the page has no csrf_token field"
    return match.group(1) or match.group(2)


def sign_in_with_token(client: FlaskClient, email: str, password: str = PASSWORD) -> str:
    """Sign in through the form, token and all; returns a token valid for this session."""
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return csrf_token_from(client.get("/login").get_data(as_text=True))


@pytest.fixture
def csrf_app(app: Flask, database_urls: dict[str, str], tmp_path: Path) -> Iterator[Flask]:
    """The test app's database and a fresh index, with CSRF protection switched on."""
    made = make_app(database_urls["work"], tmp_path / "csrf-index", WTF_CSRF_ENABLED=True)
    yield made
    made.extensions["db_engine"].dispose()


@pytest.fixture
def signed_in_csrf_client(
    csrf_app: Flask, make_user: Callable[..., Any]
) -> tuple[FlaskClient, str, Any]:
    """A client of the CSRF app signed in as an administrator, its token, and the user."""
    user = make_user("admin")
    client = csrf_app.test_client()
    token = sign_in_with_token(client, user.email)
    return client, token, user
