"""Answers holding tokens or account details tell browsers and proxies to keep no copy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("admin", "/admin/users"),
        ("admin", "/admin/users/new"),
        ("admin", "/admin/users/{id}"),
        ("admin", "/admin/users/{id}/password"),
        ("interventions-editor", "/api/v1/csrf-token"),
        ("court-officer", "/api/v1/proposals/csrf-token"),
        ("court-officer", "/account"),
        ("court-officer", "/account/password"),
        ("court-officer", "/session"),
    ],
)
def test_account_pages_and_csrf_tokens_are_not_stored(
    client: FlaskClient, login: Callable[..., Any], role: str, path: str
) -> None:
    user = login(client, role)
    response = client.get(path.format(id=user.id))
    assert response.status_code == 200, path
    assert response.headers.get("Cache-Control") == "no-store", path


def test_public_pages_may_still_be_cached(client: FlaskClient) -> None:
    assert "no-store" not in client.get("/regions").headers.get("Cache-Control", "")
