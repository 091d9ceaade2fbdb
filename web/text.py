"""One check for every piece of text sent in (forms and JSON), and a safe form of stored text.

Text is refused when it is not valid Unicode (a lone surrogate, which JSON's "\\ud800"
escape can carry and which no page or PDF can encode), holds control characters (only
newline, carriage return and tab, and only in multi-line fields, are allowed) or
noncharacters, or is longer than its field allows. Rendering cleans whatever was stored
before these checks existed, so a page never fails on it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import ValidationError

# The most any text field takes, when the field names no limit of its own.
MAX_TEXT_CHARS = 20_000
_SURROGATE = "\ud800-\udfff"
_NONCHARACTER = "\ufdd0-\ufdef\ufffe\uffff"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_MULTI_LINE_BAD = re.compile(f"[{_CONTROL}{_SURROGATE}{_NONCHARACTER}]")
_SINGLE_LINE_BAD = re.compile(f"[\t\n\r{_CONTROL}{_SURROGATE}{_NONCHARACTER}]")
_SURROGATES = re.compile(f"[{_SURROGATE}]")


def text_problem(
    value: str, *, multiline: bool = False, max_chars: int | None = MAX_TEXT_CHARS
) -> str | None:
    """What is wrong with a piece of text sent in, or None when it is acceptable."""
    found = (_MULTI_LINE_BAD if multiline else _SINGLE_LINE_BAD).search(value)
    if found:
        char = found.group()
        if _SURROGATES.match(char):
            return "The text holds a character that is not valid Unicode: type it again"
        if char in "\t\n\r":
            return "Keep this to one line, without line breaks or tabs"
        return f"Remove the control character U+{ord(char):04X}: it cannot be shown or printed"
    if max_chars is not None and len(value) > max_chars:
        return f"Enter {max_chars:,} characters or fewer"
    return None


def clean_text(value: str) -> str:
    """Stored text made safe to show: lone surrogates become U+FFFD; control characters other
    than newline, carriage return and tab are dropped."""
    if value.isascii() and value.isprintable():
        return value
    value = _SURROGATES.sub("\ufffd", value)
    return re.sub(f"[{_CONTROL}{_NONCHARACTER}]", "", value)


def clean_json(value: Any) -> Any:
    """A JSON value with every string in it (keys too) cleaned as clean_text does."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_json(v) for k, v in value.items()}
    return value


def json_text_errors(value: Any, path: str = "") -> dict[str, str]:
    """Every string in a JSON body that no field could accept (lone surrogates, control
    characters other than line breaks and tabs), keyed by its path in the body."""
    errors: dict[str, str] = {}
    if isinstance(value, str):
        problem = text_problem(value, multiline=True, max_chars=None)
        if problem:
            errors[path or "body"] = problem
    elif isinstance(value, list):
        for index, item in enumerate(value):
            errors.update(json_text_errors(item, f"{path}[{index}]"))
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if text_problem(str(key), max_chars=200):
                errors[clean_text(where)[:200]] = "This field name is not valid text"
            else:
                errors.update(json_text_errors(item, where))
    return dict(list(errors.items())[:20])


class TextCheck:
    """A WTForms validator: the field's text passes text_problem (multi-line in text areas)."""

    def __init__(self, multiline: bool, max_chars: int = MAX_TEXT_CHARS) -> None:
        self.multiline, self.max_chars = multiline, max_chars

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if isinstance(field.data, str):
            problem = text_problem(field.data, multiline=self.multiline, max_chars=self.max_chars)
            if problem:
                raise ValidationError(problem)


class CheckedForm(FlaskForm):
    """The base of every form: each text field's value is checked by text_problem."""

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        """The fields' own validators, plus the text check on every text field."""
        extra = {name: list(found) for name, found in (extra_validators or {}).items()}
        for name, field in self._fields.items():
            if isinstance(field, StringField):  # text areas, e-mail and passwords are too
                multiline = isinstance(field, TextAreaField)
                extra.setdefault(name, []).append(TextCheck(multiline))
        return super().validate(extra)


def _finalize(value: Any) -> Any:
    """Every value a template prints passes through here (Jinja's `finalize`)."""
    if not isinstance(value, str):
        return value
    cleaned = clean_text(value)
    return value if cleaned is value else type(value)(cleaned)  # keeps Markup as Markup


def init_app(app: Flask) -> None:
    """Make every page and PDF render stored text safely, whatever it holds."""
    app.jinja_env.finalize = _finalize
