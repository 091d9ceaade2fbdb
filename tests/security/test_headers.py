"""Security headers on every kind of response, and a CSP whose nonce is the only way in."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

STRICT_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}


class ScriptsAndStyles(HTMLParser):
    """Collects script elements, inline event handlers and inline styles of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.inline_styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        if tag == "style" and "nonce" not in attributes:
            self.inline_styles.append("<style>")
        for name, _value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name == "style":
                self.inline_styles.append(f"<{tag} style=...>")


def directives(response: TestResponse) -> dict[str, list[str]]:
    """The Content-Security-Policy as directive name → sources."""
    policy = response.headers.get("Content-Security-Policy")
    assert policy, f"{response.request.path} has no Content-Security-Policy"
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_security_headers(response: TestResponse) -> None:
    """The headers every response must carry, whatever it is."""
    path = response.request.path
    csp = directives(response)
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src is not None, path
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, path
    assert not {"*", "http:", "https:", "data:"} & set(script_src), path
    assert csp.get("frame-ancestors") == ["'none'"], path
    assert csp.get("object-src") == ["'none'"], path
    assert csp.get("default-src") == ["'self'"], path
    assert "base-uri" in csp, path
    assert response.headers.get("X-Content-Type-Options") == "nosniff", path
    assert response.headers.get("Referrer-Policy") in STRICT_REFERRER, path
    assert response.headers.get("X-Frame-Options") == "DENY", path


def parameterless_get_routes(app: Flask) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments
    )


def test_every_parameterless_page_and_endpoint_carries_the_headers(
    seeded_app: Flask, seeded_client: FlaskClient
) -> None:
    routes = parameterless_get_routes(seeded_app)
    assert len(routes) >= 8, routes
    for route in routes:
        assert_security_headers(seeded_client.get(route))


@pytest.mark.parametrize(
    "url",
    [
        "/?q=accommodation&region=london",
        "/interventions/better-solutions",
        "/interventions/no-such-thing",  # 404 page
        "/regions/london",
        "/regions/london/summary.pdf",
        "/api/v1/interventions?need=accommodation",
        "/api/v1/interventions?page=0",  # JSON 400
        "/api/v1/interventions/no-such-thing",  # JSON 404
        "/oruk/services?page=2",
        "/static/app.css",
        "/static/govuk/govuk-frontend.min.js",
        "/logout",  # 405
        "/admin/",  # redirect to sign in
    ],
)
def test_every_kind_of_response_carries_the_headers(seeded_client: FlaskClient, url: str) -> None:
    with seeded_client.get(url) as response:  # closes a static file's handle
        assert response.status_code != 500
        assert_security_headers(response)


def test_an_error_from_a_post_carries_the_headers(client: FlaskClient) -> None:
    assert_security_headers(client.post("/login", data=b"\xff" * 10, content_type="text/plain"))


def page_scripts(response: TestResponse) -> ScriptsAndStyles:
    parser = ScriptsAndStyles()
    parser.feed(response.get_data(as_text=True))
    return parser


@pytest.mark.parametrize("url", ["/", "/regions/london", "/login", "/no-such-page"])
def test_only_scripts_with_this_responses_nonce_may_run(
    seeded_client: FlaskClient, url: str
) -> None:
    response = seeded_client.get(url)
    nonces = [s[len("'nonce-") : -1] for s in directives(response)["script-src"] if "nonce" in s]
    assert len(nonces) == 1 and len(nonces[0]) >= 16
    page = page_scripts(response)
    inline = [s for s in page.scripts if not s.get("src")]
    assert inline, "the js-enabled snippet is expected inline"
    assert all(s.get("nonce") == nonces[0] for s in page.scripts), page.scripts
    assert not page.handlers, f"inline event handlers are blocked by the CSP: {page.handlers}"
    assert not page.inline_styles, f"inline styles are blocked by the CSP: {page.inline_styles}"


def test_the_nonce_is_new_for_every_response(seeded_client: FlaskClient) -> None:
    first = directives(seeded_client.get("/"))["script-src"]
    second = directives(seeded_client.get("/"))["script-src"]
    assert first != second


def test_pages_signed_in_staff_see_carry_the_headers(
    seeded_app: Flask, app: Flask, login: Any, make_intervention: Any
) -> None:
    make_intervention(name="Header check activity")
    client = app.test_client()
    login(client, "admin")
    for url in ("/admin/", "/admin/interventions", "/admin/interventions/header-check-activity"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        assert not page_scripts(response).inline_styles, url
