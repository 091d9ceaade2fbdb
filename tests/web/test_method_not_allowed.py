"""A 405 names the methods the resource does allow, in an `Allow` header (RFC 9110 15.5.6)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/", {"GET", "HEAD", "OPTIONS"}),
        ("PUT", "/api/v1/interventions", {"GET", "HEAD", "OPTIONS"}),
        ("GET", "/api/v1/recommendations", {"POST", "OPTIONS"}),
        ("POST", "/regions", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_a_405_carries_allow(
    client: FlaskClient, method: str, path: str, allowed: set[str]
) -> None:
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed
