"""OGRS4/G and OGRS4/V static: defaults, plain-English validation, the working, the data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from proposal import ogrs4
from proposal.ogrs4_data import CATEGORY_LABELS, OGRS3_CATEGORY, find_offences, offence_codes
from proposal.ogrs4_rules import months_between, plus_months
from proposal.types import ValidationError

TODAY = date(2026, 3, 2)
PERSON: dict[str, Any] = {
    "gender": "female",
    "date_of_birth": "1990-05-10",
    "conviction_date": "2026-02-20",
    "offence_code": "11618",
    "total_sanctions": 5,
    "age_at_first_sanction": 17,
}


def test_the_assessment_date_defaults_to_today_and_follow_up_to_the_conviction() -> None:
    result = ogrs4.calculate(PERSON, TODAY)
    assert result.inputs.assessment_date == TODAY
    assert result.inputs.follow_up_start == date(2026, 2, 20)
    assert result.inputs.derived() == {
        "age_at_conviction": 35,
        "age_at_follow_up": 35,
        "career_years": 18,
        "offence_free_months": 0,  # 20 Feb to 2 Mar: not a whole month
    }


def test_a_later_assessment_date_counts_offence_free_months_and_lowers_the_score() -> None:
    at_sentence = ogrs4.calculate(PERSON, TODAY)
    later = ogrs4.calculate({**PERSON, "assessment_date": "2026-08-21"}, TODAY)
    assert later.inputs.offence_free_months == 6
    assert later.general.two_year < at_sentence.general.two_year


def test_a_follow_up_after_the_assessment_gives_no_offence_free_months() -> None:
    result = ogrs4.calculate({**PERSON, "follow_up_start": "2026-04-01"}, TODAY)
    term = next(t for t in result.general.terms if t.name == "offence-free-months")
    assert term.value == 0 and "not started" in term.label


def test_every_term_is_shown_and_they_sum_to_the_linear_predictor() -> None:
    result = ogrs4.calculate({**PERSON, "violent_sanctions": 1}, TODAY)
    names = [t.name for t in result.general.terms]
    assert names == [
        "intercept",
        "age",
        "gender",
        "offence",
        "first-sanction",
        "second-sanction",
        "sanctions",
        "second-sanction-gap",
        "offence-free-months",
        "copas-rate",
        "copas-rate-squared",
    ]
    labels = {t.name: t.label for t in result.general.terms}
    assert labels["age"] == "Female aged 35 at the start of follow-up"
    assert labels["offence"] == "Current offence 11618: other offences"
    assert labels["copas-rate"].startswith("Copas rate ln(5 / (18 + 26))")
    assert result.general.linear_predictor == pytest.approx(
        sum(t.value for t in result.general.terms)
    )
    assert result.violent is not None
    assert {"never-violent", "once-violent", "violent-rate"} <= {
        t.name for t in result.violent.terms
    }


def test_scores_have_two_decimals_and_the_model_band() -> None:
    result = ogrs4.calculate(PERSON, TODAY)
    assert result.general.two_year == result.general.two_year.quantize(Decimal("0.01"))
    assert result.to_dict()["band"] in ("low", "medium", "high", "very-high")


def test_ogrs4v_is_only_calculated_with_the_violent_sanctions() -> None:
    assert ogrs4.calculate(PERSON, TODAY).violent is None
    assert ogrs4.calculate({**PERSON, "violent_sanctions": 0}, TODAY).violent is not None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"gender": None}, "gender", "Select male or female"),
        (
            {"offence_code": "12"},
            "offence_code",
            "Enter the Home Office offence code as 5 digits, for example 11618",
        ),
        (
            {"offence_code": "00000"},
            "offence_code",
            "Offence code 00000 (Invalid Offence - Invalid Offence) has no OGRS4 offence category, "
            "so it cannot be scored: choose the specific offence",
        ),
        (
            {"conviction_date": "1990-05-10"},
            "conviction_date",
            "The conviction date must be after the date of birth",
        ),
        (
            {"conviction_date": "2026-06-03"},
            "conviction_date",
            "The conviction date cannot be more than 3 months after the assessment date",
        ),
        (
            {"age_at_first_sanction": 36},
            "age_at_first_sanction",
            "The age at first sanction cannot be more than the age at the current conviction (35)",
        ),
        (
            {"age_at_first_sanction": -1},
            "age_at_first_sanction",
            "The age at first sanction must be from 0 to 109",
        ),
        (
            {"total_sanctions": 1000},
            "total_sanctions",
            "The total number of sanctions must be from 1 to 999, counting the current one",
        ),
        (
            {"violent_sanctions": -1},
            "violent_sanctions",
            "The number of violent sanctions must be from 0 to the total number of sanctions (5)",
        ),
        (
            {"follow_up_start": "1990-05-10"},
            "follow_up_start",
            "The start of follow-up must be after the date of birth",
        ),
        (
            {
                "date_of_birth": "1900-01-01",
                "follow_up_start": "2010-01-01",
                "age_at_first_sanction": 20,
            },
            "follow_up_start",
            "The age at the start of follow-up must be under 110",
        ),
    ],
)
def test_each_rule_gives_a_plain_english_message_on_its_field(change, field, message) -> None:
    with pytest.raises(ValidationError) as raised:
        ogrs4.calculate({**PERSON, **change}, TODAY)
    assert raised.value.errors[field] == message


def test_exactly_three_months_after_the_assessment_is_allowed() -> None:
    assert ogrs4.calculate({**PERSON, "conviction_date": "2026-06-02"}, TODAY)
    # Java's plusMonths keeps to the month's end: 30 Nov + 3 months is 28 Feb.
    assert plus_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert months_between(date(2024, 1, 31), date(2024, 2, 29)) == 0
    assert plus_months(date(9999, 10, 15), 3) == date.max  # not an error past year 9999


def test_a_score_that_rounds_to_zero_is_refused_not_an_error() -> None:
    very_old = {
        **PERSON,
        "date_of_birth": "1920-01-01",
        "total_sanctions": 1,
        "age_at_first_sanction": 106,
    }
    with pytest.raises(ValidationError) as raised:
        ogrs4.calculate(very_old, TODAY)
    assert "0.00%" in raised.value.errors["date_of_birth"]


def test_the_mapping_is_the_published_one_with_every_category_labelled() -> None:
    codes = offence_codes()
    assert len(codes) == 3039
    assert [c for c, o in codes.items() if not o.scoreable] == ["00000", "00001"]
    categories = {o.category for o in codes.values()}
    assert categories <= set(CATEGORY_LABELS)
    assert categories - {"UNKNOWN"} == set(OGRS3_CATEGORY)


def test_offences_are_found_by_every_word_typed() -> None:
    found = [o.description.lower() for o in find_offences("possession cannabis")]
    in_description = ["possession" in d and "cannabis" in d for d in found]
    assert in_description[0] and in_description == sorted(in_description, reverse=True)
    # "Theft" is only in the Home Office group of shoplifting ("Theft and handling").
    assert [o.code for o in find_offences("shop theft")] == ["04600"]
    assert [o.code for o in find_offences("116")][:2] == ["11600", "11601"]
    assert find_offences("") == [] and len(find_offences("a", limit=5)) == 5
    assert all(o.scoreable for o in find_offences("invalid offence breach"))
