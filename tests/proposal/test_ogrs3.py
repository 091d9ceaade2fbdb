"""OGRS3 calculator: the published cases, the working shown, and field-level validation."""

from __future__ import annotations

import math
from datetime import date

import pytest

from proposal.ogrs3 import OFFENCE_CATEGORIES, age_on, calculate, calculate_from_dates
from proposal.types import ValidationError


def _logistic_percent(x: float) -> float:
    return 100 / (1 + math.exp(-x))


# Published cases (DOMAIN.md 7), with the sum recomputed by hand from the coefficients so the
# unrounded values are checked independently of the module's tables.
PUBLISHED = [
    pytest.param(
        dict(
            gender="male",
            age=20,
            age_at_first_sanction=20,
            previous_sanctions=0,
            offence_category="violence",
        ),
        (12.2, 22.1),
        -0.625103618 + 0.126142106 + 1.251124464 * math.log(1 / 10) + 0,
        id="male-20-violence-first-sanction",
    ),
    pytest.param(
        dict(
            gender="male",
            age=59,
            age_at_follow_up=60,
            age_at_first_sanction=47,
            previous_sanctions=1,
            offence_category="soliciting",
        ),
        (8, 16),
        -2.025261458 + 0.463062792 + 1.251124464 * math.log(2 / (10 + 59 - 47)) + 0.760608858,
        id="male-59-at-conviction-60-at-follow-up-soliciting",
    ),
    pytest.param(
        dict(
            gender="male",
            age=30,
            age_at_first_sanction=21,
            previous_sanctions=1,
            offence_category="fraud-forgery",
        ),
        (11, 20),
        -1.325976554 + 0.463062792 + 1.251124464 * math.log(2 / (10 + 30 - 21)) + 0.159910192,
        id="male-30-two-sanctions-fraud",
    ),
]


@pytest.mark.parametrize(("inputs", "published", "linear"), PUBLISHED)
def test_published_cases_match_to_a_tenth_of_a_point(inputs, published, linear):
    result = calculate(**inputs)
    one_year, two_year = published
    assert result.one_year_exact == pytest.approx(_logistic_percent(1.402562384 + linear))
    assert result.two_year_exact == pytest.approx(_logistic_percent(2.121705678 + linear))
    if isinstance(one_year, float):
        assert abs(result.one_year_exact - one_year) < 0.05
        assert abs(result.two_year_exact - two_year) < 0.05
    assert (result.one_year, result.two_year) == (round(one_year), round(two_year))


def test_unrounded_values_of_the_published_cases_are_stable():
    exact = [calculate(**p.values[0]) for p in PUBLISHED]
    assert [round(r.one_year_exact, 4) for r in exact] == [12.1616, 8.3242, 10.7447]
    assert [round(r.two_year_exact, 4) for r in exact] == [22.1305, 15.7102, 19.8143]


def test_terms_add_up_to_the_two_year_score():
    result = calculate("male", 30, 21, 1, "fraud-forgery")
    values = {term.name: term.value for term in result.terms}
    linear = sum(v for name, v in values.items() if not name.startswith("intercept"))
    assert set(values) == {
        "age-gender",
        "sanctions",
        "copas-rate",
        "offence",
        "intercept-one-year",
        "intercept-two-year",
    }
    assert values["sanctions"] == 0.463062792
    assert _logistic_percent(values["intercept-two-year"] + linear) == result.two_year_exact


def test_age_band_uses_follow_up_age_and_ln_term_uses_conviction_age():
    at_conviction = calculate("female", 39, 30, 2, "theft")
    followed_up_later = calculate("female", 39, 30, 2, "theft", age_at_follow_up=40)
    terms = {t.name: t.value for t in followed_up_later.terms}
    assert terms["age-gender"] == -1.524652221  # 40–49 female
    assert {t.name: t.value for t in at_conviction.terms}["age-gender"] == -1.42187494
    assert terms["copas-rate"] == pytest.approx(1.251124464 * math.log(3 / (10 + 39 - 30)))


def test_band_comes_from_the_rounded_two_year_score():
    result = calculate("male", 18, 12, 15, "theft")
    assert result.two_year >= 75
    assert result.band.name == "high"


@pytest.mark.parametrize(
    ("kwargs", "clamped"),
    [
        (
            dict(
                gender="male",
                age=18,
                age_at_first_sanction=10,
                previous_sanctions=200,
                offence_category="absconding-bail",
            ),
            99,
        ),
        (
            dict(
                gender="female",
                age=90,
                age_at_first_sanction=90,
                previous_sanctions=0,
                offence_category="drug-import-export",
            ),
            1,
        ),
    ],
)
def test_percentages_are_clamped_to_1_and_99(kwargs, clamped):
    result = calculate(**kwargs)
    assert clamped in (result.one_year, result.two_year)
    assert 1 <= result.one_year <= 99 and 1 <= result.two_year <= 99


def test_date_of_birth_and_sentence_date_give_whole_years():
    assert age_on(date(1995, 6, 15), date(2025, 6, 14)) == 29
    assert age_on(date(1995, 6, 15), date(2025, 6, 15)) == 30
    by_dates = calculate_from_dates(
        "male", date(1995, 6, 15), date(2025, 6, 20), 21, 1, "fraud-forgery"
    )
    assert by_dates == calculate("male", 30, 21, 1, "fraud-forgery")


def test_conviction_date_sets_the_ln_term_age():
    result = calculate_from_dates(
        "male",
        date(1965, 3, 1),
        date(2025, 3, 2),
        47,
        1,
        "soliciting",
        conviction_date=date(2025, 2, 27),
    )
    assert (result.one_year, result.two_year) == (8, 16)


def test_date_of_birth_after_the_sentence_date_is_rejected():
    with pytest.raises(ValidationError) as caught:
        age_on(date(2025, 1, 2), date(2025, 1, 1))
    message = "Date of birth must be before the sentence date"
    assert caught.value.errors == {"date_of_birth": message}


VALID = dict(
    gender="male",
    age=30,
    age_at_first_sanction=21,
    previous_sanctions=1,
    offence_category="fraud-forgery",
)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"gender": "other"}, "gender", "Select male or female"),
        ({"age": 17}, "age", "OGRS3 applies to adults aged 18 or over"),
        ({"age": 111}, "age", "Age must be 110 or under"),
        ({"age": 30.5}, "age", "Age must be a whole number"),
        ({"age": "30"}, "age", "Age must be a whole number"),
        ({"age": True}, "age", "Age must be a whole number"),
        (
            {"age_at_first_sanction": 31},
            "age_at_first_sanction",
            "Age at first sanction cannot be after the current age",
        ),
        (
            {"age_at_first_sanction": 9},
            "age_at_first_sanction",
            "Age at first sanction must be 10 or over",
        ),
        (
            {"age_at_first_sanction": None},
            "age_at_first_sanction",
            "Age at first sanction must be a whole number",
        ),
        (
            {"previous_sanctions": 0},
            "age_at_first_sanction",
            "With no previous sanctions, the first sanction is this one: "
            "age at first sanction must equal the current age",
        ),
        (
            {"previous_sanctions": -1},
            "previous_sanctions",
            "Number of previous sanctions cannot be negative",
        ),
        (
            {"previous_sanctions": 1.5},
            "previous_sanctions",
            "Number of previous sanctions must be a whole number",
        ),
        (
            {"offence_category": "arson"},
            "offence_category",
            "Select an offence category from the list",
        ),
        (
            {"age_at_follow_up": 29},
            "age_at_follow_up",
            "Age at follow-up cannot be before the age at conviction",
        ),
    ],
)
def test_each_invalid_field_gets_its_own_message(changes, field, message):
    with pytest.raises(ValidationError) as caught:
        calculate(**{**VALID, **changes})
    assert caught.value.errors[field] == message


def test_all_invalid_fields_are_reported_together():
    with pytest.raises(ValidationError) as caught:
        calculate("x", 16, 17, -2, "nope")
    assert set(caught.value.errors) == {
        "gender",
        "age",
        "age_at_first_sanction",
        "previous_sanctions",
        "offence_category",
    }


def test_whole_number_floats_are_accepted():
    assert calculate("male", 30.0, 21.0, 1.0, "fraud-forgery").two_year == 20


def test_every_offence_category_of_the_table_is_known():
    assert len(OFFENCE_CATEGORIES) == 20
    assert OFFENCE_CATEGORIES["violence"][1] == 0


def test_result_serialises_with_terms_for_the_api():
    body = calculate(**VALID).to_dict()
    assert {"one_year", "two_year", "band", "terms"} <= set(body)
    assert body["band"]["name"] == "none"
    assert body["terms"][0] == {
        "name": "age-gender",
        "label": "Male aged 30 at follow-up",
        "value": -1.325976554,
    }


def test_an_impossible_number_of_previous_sanctions_is_refused() -> None:
    from proposal.ogrs3 import MOST_SANCTIONS, calculate
    from proposal.types import ValidationError

    with pytest.raises(ValidationError) as refused:
        calculate("male", 30, 18, MOST_SANCTIONS + 1, "theft")
    assert "previous_sanctions" in refused.value.errors
