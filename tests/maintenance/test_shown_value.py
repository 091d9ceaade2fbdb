"""The re-apply button posts each field's value exactly as the field's own input shows it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import DateField, DecimalField, Form, IntegerField, StringField, TextAreaField

from maintenance.forms import shown_value


class Sample(Form):
    name = StringField()
    notes = TextAreaField()
    count = IntegerField()
    starts = DateField()
    price = DecimalField(places=2)


def rendered_value(field: object) -> str:
    """What the field's widget writes into its input (the value a browser would post)."""
    html = str(field())  # type: ignore[operator]
    found = re.search(r'value="([^"]*)"', html)
    return found.group(1) if found else re.sub(r"<[^>]*>", "", html).strip()


@pytest.mark.parametrize(
    "data",
    [
        {
            "name": "Skills",
            "notes": "Two\nlines",
            "count": 3,
            "starts": date(2026, 7, 13),
            "price": Decimal("120.5"),
        },
        {"name": "", "notes": "", "count": None, "starts": None, "price": None},
        {"name": "x", "notes": "y", "count": 0, "starts": date(2026, 1, 2), "price": Decimal(7)},
    ],
)
def test_values_from_data_are_shown_as_the_inputs_show_them(data: dict[str, object]) -> None:
    form = Sample(data=data)
    assert [shown_value(f) for f in form] == [rendered_value(f) for f in form]


def test_values_typed_in_are_kept_as_typed() -> None:
    typed = {"name": "A", "notes": "B", "count": "3.5", "starts": "13/07/2026", "price": "1.234"}
    form = Sample(formdata=MultiDict(typed))
    assert [shown_value(f) for f in form] == list(typed.values())
