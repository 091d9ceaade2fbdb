"""CSRF: every state-changing route refuses a request without a valid token, forms and
cookie-authenticated API calls alike. Only the open, store-nothing API calls are exempt.

The walk reads the app's own URL map, so a route added later is covered without editing
this file; only a new deliberate exemption needs adding to OPEN_API.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from tests.security.conftest import csrf_token_from

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
# Open like the directory, and they store nothing: no session to ride on, nothing to forge.
OPEN_API = {"/api/v1/recommendations", "/api/v1/ogrs3", "/api/v1/ogrs4"}


def unsafe_routes(app: Flask) -> list[tuple[Rule, str]]:
    return sorted(
        (
            (rule, method)
            for rule in app.url_map.iter_rules()
            for method in sorted(set(rule.methods or ()) & set(UNSAFE))
        ),
        key=lambda pair: (pair[0].rule, pair[1]),
    )


def sample_values(rule: Rule, known: dict[str, Any]) -> dict[str, Any]:
    """A value for every URL parameter: a real record's where one is known, else a valid form."""
    values: dict[str, Any] = {}
    for name in rule.arguments:
        converter = type(rule._converters[name]).__name__
        if name in known:
            values[name] = known[name]
        elif converter == "IntegerConverter":
            values[name] = 1
        elif converter == "UUIDConverter":
            values[name] = uuid.uuid4()
        else:
            values[name] = "a" * 32
    return values


def send(
    client: FlaskClient,
    app: Flask,
    rule: Rule,
    method: str,
    known: dict[str, Any],
    token: str | None,
) -> TestResponse:
    with app.test_request_context():
        from flask import url_for

        url = url_for(rule.endpoint, **sample_values(rule, known))
    if url.startswith("/api/"):
        headers = {"X-CSRFToken": token} if token else {}
        return client.open(url, method=method, json={}, headers=headers)
    data = {"csrf_token": token} if token else {}
    return client.open(url, method=method, data=data)


def refused_for_csrf(response: TestResponse) -> bool:
    return response.status_code in (400, 403) and "CSRF" in response.get_data(as_text=True)


def test_every_state_changing_route_refuses_a_request_without_a_token(
    csrf_app: Flask,
    signed_in_csrf_client: tuple[FlaskClient, str, Any],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    client, token, admin = signed_in_csrf_client
    intervention = make_intervention(name="Csrf walk activity")
    row = make_availability(intervention, "london")
    known = {
        "slug": intervention.slug,
        "key": str(intervention.id),
        "id_or_slug": intervention.slug,
        "region": "london",
        "row_id": row.id,
        "user_id": admin.id,
        "term_id": 1,
    }
    walked = []
    for rule, method in unsafe_routes(csrf_app):
        if rule.rule in OPEN_API:
            continue
        walked.append(f"{method} {rule.rule}")
        without = send(client, csrf_app, rule, method, known, token=None)
        assert refused_for_csrf(without), (method, rule.rule, without.status_code)
        forged = send(client, csrf_app, rule, method, known, token="forged-" + token[7:])
        assert refused_for_csrf(forged), (method, rule.rule, forged.status_code)
    assert {"POST /login", "POST /logout"} <= set(walked)
    assert any(w.startswith("PATCH /api/v1/") for w in walked), walked


def test_the_same_requests_with_the_token_get_past_the_check(
    csrf_app: Flask,
    signed_in_csrf_client: tuple[FlaskClient, str, Any],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    """The control: the refusals above are the CSRF check, not a missing record or role."""
    client, token, admin = signed_in_csrf_client
    intervention = make_intervention(name="Csrf control activity")
    row = make_availability(intervention, "london")
    known = {
        "slug": intervention.slug,
        "key": str(intervention.id),
        "id_or_slug": intervention.slug,
        "region": "london",
        "row_id": row.id,
        "user_id": admin.id,
        "term_id": 1,
    }
    for rule, method in unsafe_routes(csrf_app):
        if rule.endpoint in ("accounts.logout", "account.sign_out_everywhere"):
            continue  # signing out would end the session the rest of the walk needs
        response = send(client, csrf_app, rule, method, known, token=token)
        assert not refused_for_csrf(response), (method, rule.rule, response.status_code)
        assert response.status_code != 500, (method, rule.rule)


def test_a_cookie_authenticated_api_write_needs_the_token_header(
    signed_in_csrf_client: tuple[FlaskClient, str, Any],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    client, token, _admin = signed_in_csrf_client
    intervention = make_intervention(name="Csrf api activity")
    make_availability(intervention, "london")
    url = f"/api/v1/interventions/{intervention.id}/availability/london"
    current = client.get(f"/api/v1/interventions/{intervention.slug}").get_json()
    body = {"status": "paused", "version": current["availability"][0].get("version", 1)}

    refused = client.patch(url, json=body)
    assert refused.status_code == 400
    assert "CSRF" in refused.get_json()["error"]
    accepted = client.patch(url, json=body, headers={"X-CSRFToken": token})
    assert not refused_for_csrf(accepted), accepted.get_data(as_text=True)


def test_signing_in_needs_the_token_too(csrf_app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user("court-officer")
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": user.email, "password": "whatever-it-is"})
    assert refused_for_csrf(response)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    other = csrf_app.test_client()  # a token from another session is no good either
    response = other.post("/login", data={"email": user.email, "csrf_token": token})
    assert refused_for_csrf(response)


def test_only_the_open_store_nothing_api_calls_are_exempt(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    for rule, method in unsafe_routes(csrf_app):
        if rule.rule in OPEN_API:
            response = client.open(rule.rule, method=method, json={})
            assert not refused_for_csrf(response), rule.rule
            assert response.status_code in (200, 400, 422), rule.rule
