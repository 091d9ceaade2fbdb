"""Security headers on every response, the nonce that lets one inline script run, and the
refusal of NUL characters, which no one types and PostgreSQL cannot store."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, current_app, g, make_response, request
from werkzeug.wrappers import Response

from web.errors import render_error

NUL_MESSAGE = (
    "What you sent contains a null character, which cannot be saved. It usually comes from "
    "copying text out of another program: type that part again, then send it again."
)


def no_store[F: Callable[..., Any]](view: F) -> F:
    """Mark a view's answers `Cache-Control: no-store` (tokens, account details)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        return forbid_storing(make_response(view(*args, **kwargs)))

    return wrapped  # type: ignore[return-value]


def forbid_storing(response: Response) -> Response:
    """Tell browsers and proxies to keep no copy of this answer."""
    response.headers["Cache-Control"] = "no-store"
    return response


def csp_nonce() -> str:
    """A random nonce for this response's Content-Security-Policy."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


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


def refuse_nul_characters() -> tuple[Response | str, int] | None:
    """Answer 400 to a path or form holding a NUL; left in, it would reach the database.

    Query strings are left to the views: search treats a NUL as a space, and every other
    parameter is checked against a list of allowed values.
    """
    sent = [request.path, *(value for _name, values in request.form.lists() for value in values)]
    if any("\x00" in value for value in sent):
        return render_error(400, NUL_MESSAGE)
    return None


def init_app(app: Flask) -> None:
    """Register the headers hook, the NUL check and the template helpers."""
    app.before_request(refuse_nul_characters)
    app.after_request(set_headers)
    app.jinja_env.globals.update(csp_nonce=csp_nonce)
