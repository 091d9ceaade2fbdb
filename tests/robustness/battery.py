"""The bad input every form field, query parameter and JSON value is fed, and the checks
that the answer is not a 500 and says what to fix."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from werkzeug.test import TestResponse

# Text a person or a script might send where a value is expected.
STRINGS = [
    "",
    "   ",
    "x" * 100_000,
    "\x00\x01\x02\x1b[31m\x7f",
    "line\r\nbreak\tand\x0btabs",
    "\u202eevil\u200b\ufeff",
    "😀🏳️‍🌈 ﷽",
    "<script>alert(1)</script>",
    "' OR 1=1; DROP TABLE interventions; --",
    'name:(foo OR "bar AND [x TO',
    "*",
    "AND",
    "2026-02-31",
    "31/02/2026",
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "١٢",  # Arabic-Indic digits
    "%00%ff",
]
# JSON values of every type, for any JSON field.
JSON_VALUES: list[Any] = [
    None,
    "",
    "abc",
    "2026-02-31",
    "\x00",
    "' OR 1=1 --",
    -1,
    0,
    10**30,
    -(10**30),
    1.5,
    1e308,
    True,
    [],
    {},
    [1, 2],
    {"a": {"b": 1}},
    "x" * 20_000,
]
# Whole bodies that are not what any JSON endpoint expects.
RAW_BODIES: list[bytes] = [
    b"",
    b"null",
    b"[]",
    b"{}",
    b'"just a string"',
    b"42",
    b"{",
    b"\xff\xfe\x00{}",
    b'{"region": "\xff"}',
    b"[" * 50_000 + b"]" * 50_000,
    b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
    json.dumps({"padding": "x" * 1_500_000}).encode(),
    b"NaN",
    b'{"age": NaN, "order": {"months": Infinity}}',
]
EXPECTED_REFUSALS = {400, 401, 403, 404, 405, 409, 413, 415, 422}


def assert_json_answer(response: TestResponse, what: str) -> None:
    """Not a 500; a refusal is JSON naming the problem."""
    assert response.status_code < 500, (what, response.status_code, response.get_data()[:300])
    if response.status_code >= 400:
        assert response.status_code in EXPECTED_REFUSALS, (what, response.status_code)
        body = response.get_json(silent=True)
        assert isinstance(body, dict), (what, response.get_data()[:300])
        message = body.get("error") or body.get("errors")
        assert message, (what, body)
        if isinstance(message, dict):
            assert all(isinstance(v, str) and v for v in message.values()), (what, body)


@dataclass
class Form:
    """One POST form: its controls' kinds and the values they hold now."""

    fields: dict[str, str] = field(default_factory=dict)  # 'text', 'select', 'multi', 'file'
    values: dict[str, list[str]] = field(default_factory=dict)


class FormFields(HTMLParser):
    """The POST forms of a page, by the URL they post to ('' for the page itself)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, Form] = {}
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            post = found.get("method", "").lower() == "post"
            self._form = self.forms.setdefault(found.get("action", ""), Form()) if post else None
        form, name = self._form, found.get("name", "")
        if form is None:
            return
        if tag == "option" and self._select and "selected" in found:
            form.values.setdefault(self._select, []).append(found.get("value", ""))
        if not name or name == "csrf_token":
            return
        if tag == "select":
            form.fields[name] = "multi" if "multiple" in found else "select"
            self._select = name
        elif tag == "textarea":
            form.fields[name], self._textarea = "text", name
            form.values[name] = [""]
        elif tag == "input":
            kind = found.get("type", "text").lower()
            choice = kind in ("checkbox", "radio")
            form.fields[name] = {"checkbox": "multi", "radio": "select", "file": "file"}.get(
                kind, "text"
            )
            if not choice or "checked" in found:
                form.values.setdefault(name, []).append(found.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.values[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._form is not None and self._textarea:
            value = self._form.values[self._textarea][0]
            self._form.values[self._textarea][0] = value.removeprefix("\n")
            self._textarea = None


def read_forms(html: str) -> dict[str, Form]:
    """The POST forms of a page by action ('' posts to the page itself)."""
    parser = FormFields()
    parser.feed(html)
    parser.close()
    return parser.forms


def says_what_to_fix(html: str) -> bool:
    """A GOV.UK error summary or field error, or an error page with its explanation."""
    return any(
        marker in html
        for marker in (
            "govuk-error-summary",
            "govuk-error-message",
            "Sorry, there is a problem",
            "There is a problem",
            "is too large",
            "Page not found",
            "Nothing has been changed",  # a verification link that cannot be used
        )
    )
