"""Gzip for text responses: court staff work on poor wifi, and pages are mostly text."""

from __future__ import annotations

import gzip
from functools import lru_cache

from flask import Flask, request
from werkzeug.wrappers import Response

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
MIN_BYTES = 500


def _compressible(response: Response) -> bool:
    if "Content-Encoding" in response.headers or response.status_code in (204, 206, 304):
        return False
    if response.is_streamed and not response.direct_passthrough:
        return False
    return (response.mimetype or "").startswith(COMPRESSIBLE)


@lru_cache(maxsize=64)
def _compress_static(etag: str, body: bytes) -> bytes:
    """Static files are compressed once per version (their ETag), then served from memory."""
    return gzip.compress(body, compresslevel=6)


def compress(response: Response) -> Response:
    """Gzip the body when the client accepts it and it is worth it."""
    if "gzip" not in request.headers.get("Accept-Encoding", "") or not _compressible(response):
        return response
    if response.direct_passthrough:  # a static file: read it once
        response.direct_passthrough = False
        body = response.get_data()
        etag = response.get_etag()[0] or ""
        compressed = _compress_static(etag, body) if etag else gzip.compress(body)
    else:
        body = response.get_data()
        if len(body) < MIN_BYTES:
            return response
        compressed = gzip.compress(body, compresslevel=6)
    response.set_data(compressed)
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(compressed))
    response.vary.add("Accept-Encoding")
    return response


def init_app(app: Flask) -> None:
    """Compress responses after every other hook has run."""
    app.after_request(compress)
