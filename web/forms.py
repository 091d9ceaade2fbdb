"""Form helpers every feature shares: choices from pairs, service errors beside fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from web.text import CheckedForm


class ConfirmForm(CheckedForm):
    """An empty form: just the CSRF token, for one-button actions."""


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Choices for a select, radios or checkboxes field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def attach_errors(
    form: FlaskForm, errors: Mapping[str, str], field_for: Mapping[str, str] | None = None
) -> None:
    """Put each error beside its field (paths renamed by `field_for`), else above the form."""
    for path, message in errors.items():
        name = (field_for or {}).get(path, path)
        if name in form and form[name].type != "HiddenField":
            if message not in form[name].errors:
                form[name].errors = [*form[name].errors, message]
        elif message not in form.form_errors:
            form.form_errors.append(message)
