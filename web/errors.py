"""Error pages and JSON errors: every failure gets a clear message, never a bare 500."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.wrappers import Response

log = logging.getLogger(__name__)

PAGES = {400, 403, 404, 405, 413, 429, 500, 503}


def wants_json() -> bool:
    """API callers get JSON errors; browsers get pages."""
    return request.path.startswith(("/api/", "/oruk/"))


def render_error(code: int, message: str | None = None) -> tuple[Response | str, int]:
    """An error as JSON or as a page, with a message that says what to do."""
    if wants_json():
        return jsonify({"error": message or _default_message(code)}), code
    template = f"errors/{code}.html" if code in PAGES and code != 405 else "errors/400.html"
    return render_template(template, message=message), code


def _default_message(code: int) -> str:
    return {
        400: "The request was not understood.",
        403: "You do not have permission to do that.",
        404: "Not found.",
        405: "That method is not allowed here.",
        413: "The upload is too large.",
        429: "Too many attempts. Wait a minute and try again.",
        500: "Something went wrong on our side. Try again.",
        503: "The service is unavailable for a moment. Try again shortly.",
    }.get(code, "The request could not be completed.")


def handle_http(
    exc: HTTPException,
) -> tuple[Response | str, int] | tuple[Response | str, int, dict[str, str]]:
    """Known HTTP errors."""
    code = exc.code or 500
    body, status = render_error(code, _own_message(exc))
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        return body, status, {"Allow": ", ".join(exc.valid_methods)}
    return body, status


def _own_message(exc: HTTPException) -> str | None:
    """The message the code that refused gave, or None for Werkzeug's generic text for the
    status (ours is plainer) and for a 500 (its text may be internal)."""
    if exc.code == 500 or exc.description == type(exc).description:
        return None
    return exc.description


def handle_database_down(exc: OperationalError) -> tuple[Response | str, int]:
    """The database cannot be reached: say so, and recover on the next request."""
    log.error("database unavailable: %s", exc.__class__.__name__)
    # The page's layout asks who is signed in, which needs the database: the user loader and
    # the layout read this flag and render the page as for someone signed out, rather than
    # fail again inside this handler.
    g.database_down = True
    return render_error(503, "The database cannot be reached just now. Try again shortly.")


def handle_too_deep(exc: RecursionError) -> tuple[Response | str, int]:
    """JSON nested thousands deep exhausts the parser (werkzeug only turns ValueError into 400)."""
    log.warning("refused a request too deeply nested to parse on %s", request.endpoint)
    return render_error(
        400, "The request is nested too deeply to read. Send JSON nested at most 100 levels deep."
    )


def handle_unexpected(
    exc: Exception,
) -> tuple[Response | str, int] | tuple[Response | str, int, dict[str, str]]:
    """Anything else: log it, and show a plain page rather than a traceback."""
    if isinstance(exc, HTTPException):
        return handle_http(exc)
    log.exception("unhandled error on %s %s", request.method, request.endpoint)
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(SQLAlchemyError, handle_unexpected)
    app.register_error_handler(RecursionError, handle_too_deep)
    app.register_error_handler(Exception, handle_unexpected)
