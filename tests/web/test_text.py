"""The one text check used by every form and JSON API, and the cleaning of stored text."""

from __future__ import annotations

import pytest

from web.text import clean_text, json_text_errors, text_problem

LONE = "\ud800"


@pytest.mark.parametrize(
    ("value", "multiline", "refused"),
    [
        ("CR-2025-0042", False, False),
        ("Zoë Ångström 😀 ﷽", False, False),
        (f"CR{LONE}", False, True),
        ("\udfff tail", True, True),
        ("first\nsecond", False, True),
        ("first\r\nsecond\twith a tab", True, False),
        ("bell\x07", True, True),
        ("nul\x00", False, True),
        ("escape\x1b[31m", True, True),
        ("c1 control\x85", True, True),
        ("tab\tin a line", False, True),
    ],
)
def test_text_problem_refuses_surrogates_and_control_characters(
    value: str, multiline: bool, refused: bool
) -> None:
    assert (text_problem(value, multiline=multiline) is not None) is refused


def test_text_problem_counts_the_limit_in_characters() -> None:
    assert text_problem("é" * 60, max_chars=60) is None
    assert "60" in (text_problem("é" * 61, max_chars=60) or "")


def test_clean_text_makes_any_stored_text_encodable() -> None:
    cleaned = clean_text(f"CR{LONE}-1\x00\x1b")
    cleaned.encode("utf-8")
    assert cleaned == "CR\ufffd-1"
    assert clean_text("kept\nas\tit is") == "kept\nas\tit is"


def test_json_text_errors_names_the_path_of_each_bad_string() -> None:
    body = {"a": [{"b": f"x{LONE}"}], "ok": "fine\nlines", "c": "\x00", LONE: 1}
    errors = json_text_errors(body)
    assert set(errors) == {"a[0].b", "c", "\ufffd"}
