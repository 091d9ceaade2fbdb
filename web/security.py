"""Security headers on every response, and the nonce that lets one inline script run."""

from __future__ import annotations

import secrets

from flask import Flask, current_app, g
from werkzeug.wrappers import Response


def csp_nonce() -> str:
    """A random nonce for this response's Content-Security-Policy."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def has_endpoint(name: str) -> bool:
    """Whether the app has a route with this endpoint name (for optional navigation)."""
    return name in current_app.view_functions


def content_security_policy() -> str:
    """The policy: our own origin only, scripts by nonce, no framing."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{csp_nonce()}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def set_headers(response: Response) -> Response:
    """Add the security headers to a response."""
    response.headers["Content-Security-Policy"] = content_security_policy()
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def init_app(app: Flask) -> None:
    """Register the headers hook and the template helpers."""
    app.after_request(set_headers)
    app.jinja_env.globals.update(csp_nonce=csp_nonce, has_endpoint=has_endpoint)
