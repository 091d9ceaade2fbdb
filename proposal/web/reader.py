"""Read typed values out of untrusted JSON objects, noting a message per field path."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import request

from proposal.types import ValidationError
from web.text import MAX_TEXT_CHARS, json_text_errors, text_problem

KIND_MESSAGES = {
    str: "Give text",
    int: "Enter a whole number",
    bool: "Give true or false",
    dict: "Give an object",
    list: "Give a list",
}
# Unknown keys reported at most this many times, so junk cannot make a huge answer.
MAX_UNKNOWN = 20


class JsonReader:
    """Reads typed values from JSON objects, noting a message per field path on a wrong type."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def get(
        self,
        source: Mapping[str, Any],
        key: str,
        path: str,
        kind: type,
        required: bool,
        multiline: bool = False,
    ) -> Any:
        """The value if it has the kind (bool is not int) and, if text, passes the text check
        (one line unless `multiline`); None, with an error, if not."""
        value = source.get(key)
        if value is None:
            if required:
                self.errors[path] = "This field is required"
            return None
        if isinstance(value, str) and kind is str:
            problem = text_problem(value, multiline=multiline, max_chars=MAX_TEXT_CHARS)
            if problem:
                self.errors[path] = problem
                return None
            return value
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        self.errors[path] = KIND_MESSAGES[kind]
        return None

    def unknown(self, source: Mapping[str, Any], allowed: frozenset[str], prefix: str = "") -> None:
        """Note every key that is not allowed."""
        unknown = [key for key in source if key not in allowed][:MAX_UNKNOWN]
        for key in unknown:
            self.errors[f"{prefix}{str(key)[:40]}"] = "This field is not recognised"


def json_body() -> Any:
    """The request body parsed as JSON, whatever the content type; 422 if it is not JSON or
    holds text no field could take (a lone surrogate, control characters)."""
    try:
        body = json.loads(request.get_data())
    except (ValueError, RecursionError):
        raise ValidationError({"body": "Send a JSON object: the body is not valid JSON"}) from None
    refused = json_text_errors(body)
    if refused:
        raise ValidationError(refused)
    return body
