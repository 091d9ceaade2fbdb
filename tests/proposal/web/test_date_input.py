"""The GOV.UK date input: three boxes read as one date, GOV.UK's messages, and the boxes in
error highlighted, on the proposal form and the OGRS3 calculator."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tests.proposal.web.conftest import form_data
from web.date_input import DateParseError, parse_date_parts

LABEL, REQUIRED = "Date of birth", "Enter the date of birth"


def typed(day: str, month: str, year: str) -> dict[str, str]:
    return {"day": day, "month": month, "year": year}


@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        (typed("27", "3", "1990"), date(1990, 3, 27)),
        (typed("07", "03", "1990"), date(1990, 3, 7)),
        (typed(" 1 ", " 12 ", " 2026 "), date(2026, 12, 1)),
        (typed("29", "2", "2024"), date(2024, 2, 29)),
        (typed("27", "Mar", "1990"), date(1990, 3, 27)),
        (typed("27", "march", "1990"), date(1990, 3, 27)),
        (typed("1", "Sept", "1990"), date(1990, 9, 1)),
        (typed("", "", ""), None),
    ],
)
def test_three_boxes_make_a_date(boxes: dict[str, str], expected: date | None) -> None:
    assert parse_date_parts(boxes, LABEL, REQUIRED) == expected


@pytest.mark.parametrize(
    ("boxes", "message", "parts"),
    [
        (typed("27", "", "1990"), "Date of birth must include a month", ("month",)),
        (typed("", "", "1990"), "Date of birth must include a day and month", ("day", "month")),
        (typed("27", "3", ""), "Date of birth must include a year", ("year",)),
        (typed("31", "2", "1990"), "Date of birth must be a real date", ("day",)),
        (typed("29", "2", "2023"), "Date of birth must be a real date", ("day",)),
        (typed("27", "13", "1990"), "Date of birth must be a real date", ("month",)),
        (typed("27", "3", "90"), "Year must include 4 numbers", ("year",)),
        (typed("x", "3", "1990"), "Date of birth must be a real date", ("day",)),
        (typed("27", "Marchish", "1990"), "Date of birth must be a real date", ("month",)),
        (typed("٢", "3", "1990"), "Date of birth must be a real date", ("day",)),
        (typed("27", "3", "0990"), "Date of birth must be a real date", ("year",)),
        (typed("27", "3", "99999"), "Date of birth must be a real date", ("year",)),
    ],
)
def test_a_wrong_date_says_what_to_fix_and_which_boxes(
    boxes: dict[str, str], message: str, parts: tuple[str, ...]
) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date_parts(boxes, LABEL, REQUIRED)
    assert str(caught.value) == message
    assert caught.value.parts == parts


def boxes_in_error(html: str, field: str) -> set[str]:
    """The date boxes of a field that carry the GOV.UK error class."""
    found = re.findall(rf'class="([^"]*)" id="{field}-(day|month|year)"', html)
    return {part for classes, part in found if "govuk-input--error" in classes}


def test_the_proposal_form_has_day_month_year_boxes_and_no_date_picker(
    client: Any, officer: Any, london: Any
) -> None:
    html = client.get("/proposals/new").get_data(as_text=True)
    assert 'type="date"' not in html
    for field in ("date_of_birth", "hearing_date"):
        for part in ("day", "month", "year"):
            assert (
                f'id="{field}-{part}" name="{field}-{part}" type="text" inputmode="numeric"' in html
            )
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of birth' in html
    today = date.today()
    year_box = 'id="hearing_date-year" name="hearing_date-year" type="text" inputmode="numeric"'
    assert f'{year_box} value="{today.year}"' in html


def test_a_missing_month_is_named_and_only_that_box_is_red(
    client: Any, officer: Any, london: Any
) -> None:
    data = form_data(date_of_birth={"day": "27", "month": "", "year": "1990"})
    html = client.post("/proposals/new", data=data).get_data(as_text=True)
    assert '<a href="#date_of_birth-month">Date of birth must include a month</a>' in html
    assert 'id="date_of_birth-error"' in html
    assert boxes_in_error(html, "date_of_birth") == {"month"}
    assert boxes_in_error(html, "hearing_date") == set()
    assert 'name="date_of_birth-day" type="text" inputmode="numeric" value="27"' in html


@pytest.mark.parametrize(
    ("boxes", "link", "message", "red"),
    [
        (("", "", ""), "day", "Enter the date of birth", {"day", "month", "year"}),
        (("31", "2", "1990"), "day", "Date of birth must be a real date", {"day"}),
        (("1", "1", "2100"), "day", "Date of birth must be in the past", {"day", "month", "year"}),
        (("1", "1", "85"), "year", "Year must include 4 numbers", {"year"}),
    ],
)
def test_each_date_error_follows_the_govuk_pattern(
    client: Any,
    officer: Any,
    london: Any,
    boxes: tuple[str, str, str],
    link: str,
    message: str,
    red: set[str],
) -> None:
    data = form_data(date_of_birth=typed(*boxes))
    html = client.post("/proposals/new", data=data).get_data(as_text=True)
    assert f'<a href="#date_of_birth-{link}">{message}</a>' in html
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in html
    assert boxes_in_error(html, "date_of_birth") == red


def test_a_blank_hearing_date_is_asked_for(client: Any, officer: Any, london: Any) -> None:
    data = form_data(hearing_date={"day": "", "month": "", "year": ""})
    html = client.post("/proposals/new", data=data).get_data(as_text=True)
    assert '<a href="#hearing_date-day">Enter the hearing date</a>' in html


def test_the_ogrs3_calculator_takes_its_dates_in_boxes_too(client: Any) -> None:
    factors = {
        "gender": "male",
        "age": "",
        "age_at_first_sanction": "30",
        "previous_sanctions": "0",
        "offence_category": "violence",
        "date_of_birth-day": "1",
        "date_of_birth-month": "1",
        "date_of_birth-year": "1995",
        "sentence_date-day": "1",
        "sentence_date-month": "June",
        "sentence_date-year": "2025",
    }
    html = client.post("/ogrs3", data=factors).get_data(as_text=True)
    assert "Male aged 30 at follow-up" in html
    wrong = client.post("/ogrs3", data={**factors, "sentence_date-month": "14"})
    assert '<a href="#sentence_date-month">Sentence date must be a real date</a>' in wrong.get_data(
        as_text=True
    )
