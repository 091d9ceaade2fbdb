"""Whole numbers from request text: only plain ASCII digits of a sane length."""

import pytest

from web.numbers import whole_number


@pytest.mark.parametrize(
    ("text", "expected"), [("0", 0), ("42", 42), (" 7 ", 7), ("999999999", 999999999)]
)
def test_plain_digits_are_read(text, expected):
    assert whole_number(text) == expected


@pytest.mark.parametrize(
    "text", [None, "", "-1", "1.5", "²", "٣", "1e3", "9" * 10, "9" * 5000, "0x1f"]
)
def test_anything_else_is_none_rather_than_an_error(text):
    assert whole_number(text) is None
