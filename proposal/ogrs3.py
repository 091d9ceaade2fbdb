"""OGRS3 static reoffending predictor (Howard et al. 2009), showing every term of the sum."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from proposal.policy import band_for_score
from proposal.types import Band, ValidationError

__all__ = [
    "OFFENCE_CATEGORIES",
    "Ogrs3Inputs",
    "Ogrs3Result",
    "Term",
    "ValidationError",
    "age_on",
    "calculate",
    "calculate_from_dates",
]

INTERCEPT_ONE_YEAR = 1.402562384
INTERCEPT_TWO_YEAR = 2.121705678
FIRST_SANCTION = 0.126142106
REPEAT_SANCTIONS = 0.463062792
COPAS_WEIGHT = 1.251124464

# (lowest age in band, male value, female value); the under-18 rows exist in the published
# table but a RAR is an adult requirement, so they are never reached here.
AGE_GENDER: tuple[tuple[int, float, float], ...] = (
    (18, -0.625103618, -0.897480934),
    (21, -1.051515067, -1.028488454),
    (25, -1.166679288, -1.052777806),
    (30, -1.325976554, -1.129127959),
    (35, -1.368045933, -1.42187494),
    (40, -1.499690953, -1.524652221),
    (50, -2.025261458, -2.44983716),
)

# API identifier → (label, value)
OFFENCE_CATEGORIES: dict[str, tuple[str, float]] = {
    "violence": ("violence", 0.0),
    "robbery": ("robbery", -0.634795912),
    "public-order": ("public order", 0.181917975),
    "sexual-not-child": ("sexual, not against a child", 0.003276327),
    "sexual-child": ("sexual, against a child", -0.653434071),
    "soliciting": ("soliciting/prostitution", 0.760608858),
    "burglary-domestic": ("burglary (domestic)", -0.12394352),
    "burglary-other": ("burglary (other)", 0.240604429),
    "criminal-damage": ("criminal damage", 0.204960477),
    "other": ("other", -0.060667525),
    "theft": ("theft (non-motor)", 0.661244321),
    "handling": ("handling stolen goods", 0.351866973),
    "fraud-forgery": ("fraud and forgery", 0.159910192),
    "absconding-bail": ("absconding/bail", 0.733378677),
    "taking-driving-away": ("taking and driving away", 0.380059431),
    "theft-from-vehicles": ("theft from vehicles", 0.427225615),
    "other-motoring": ("other motoring", 0.262228428),
    "drink-driving": ("drink driving", -0.121439408),
    "drug-import-export": ("drug import/export/production", -0.795556373),
    "drug-possession-supply": ("drug possession/supply", 0.077165871),
}

FIELD_LABELS = {
    "age": "Age",
    "age_at_first_sanction": "Age at first sanction",
    "previous_sanctions": "Number of previous sanctions",
    "age_at_follow_up": "Age at follow-up",
}
ADULT_AGE = 18
YOUNGEST_SANCTION_AGE = 10
OLDEST_AGE = 110
# Far above any real record; a larger number is a typing slip, not a criminal history.
MOST_SANCTIONS = 300


@dataclass(frozen=True)
class Term:
    """One term of the OGRS3 sum, for showing the working."""

    name: str
    label: str
    value: float

    def to_dict(self) -> dict[str, Any]:
        """The term as a JSON-ready dict."""
        return {"name": self.name, "label": self.label, "value": self.value}


@dataclass(frozen=True)
class Ogrs3Inputs:
    """Validated static factors; the age band uses the follow-up (sentence) age."""

    gender: str
    age: int
    age_at_first_sanction: int
    previous_sanctions: int
    offence_category: str
    age_at_follow_up: int

    @property
    def sanctions(self) -> int:
        """N: total sanctions including the current one."""
        return self.previous_sanctions + 1


@dataclass(frozen=True)
class Ogrs3Result:
    """One- and two-year OGRS3 percentages (rounded and exact), the band and the terms."""

    one_year: int
    two_year: int
    one_year_exact: float
    two_year_exact: float
    band: Band
    inputs: Ogrs3Inputs
    terms: tuple[Term, ...]

    def to_dict(self) -> dict[str, Any]:
        """The result as the `POST /api/v1/ogrs3` response body."""
        return {
            "one_year": self.one_year,
            "two_year": self.two_year,
            "one_year_exact": self.one_year_exact,
            "two_year_exact": self.two_year_exact,
            "band": self.band.to_dict(),
            "sanctions": self.inputs.sanctions,
            "terms": [term.to_dict() for term in self.terms],
        }


def calculate(
    gender: object,
    age: object,
    age_at_first_sanction: object,
    previous_sanctions: object,
    offence_category: object,
    age_at_follow_up: object = None,
) -> Ogrs3Result:
    """OGRS3 from the static factors; raises ValidationError with {field: message}."""
    inputs = _validated(
        gender, age, age_at_first_sanction, previous_sanctions, offence_category, age_at_follow_up
    )
    terms = _terms(inputs)
    linear = sum(term.value for term in terms if not term.name.startswith("intercept"))
    one_year_exact = _logistic(INTERCEPT_ONE_YEAR + linear) * 100
    two_year_exact = _logistic(INTERCEPT_TWO_YEAR + linear) * 100
    two_year = _percent(two_year_exact)
    return Ogrs3Result(
        _percent(one_year_exact),
        two_year,
        one_year_exact,
        two_year_exact,
        band_for_score(two_year),
        inputs,
        terms,
    )


def calculate_from_dates(
    gender: object,
    date_of_birth: date,
    sentence_date: date,
    age_at_first_sanction: object,
    previous_sanctions: object,
    offence_category: object,
    conviction_date: date | None = None,
) -> Ogrs3Result:
    """OGRS3 from a date of birth: age at conviction for the ln term, at sentence for the band."""
    follow_up_age = age_on(date_of_birth, sentence_date)
    conviction_age = age_on(date_of_birth, conviction_date or sentence_date)
    return calculate(
        gender,
        conviction_age,
        age_at_first_sanction,
        previous_sanctions,
        offence_category,
        follow_up_age,
    )


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a date; raises ValidationError if born after it."""
    if date_of_birth > on:
        raise ValidationError({"date_of_birth": "Date of birth must be before the sentence date"})
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


def _terms(inputs: Ogrs3Inputs) -> tuple[Term, ...]:
    n, age, first = inputs.sanctions, inputs.age, inputs.age_at_first_sanction
    offence_label, offence_value = OFFENCE_CATEGORIES[inputs.offence_category]
    who = f"{inputs.gender.capitalize()} aged {inputs.age_at_follow_up} at follow-up"
    return (
        Term("age-gender", who, _age_gender(inputs.gender, inputs.age_at_follow_up)),
        Term(
            "sanctions",
            f"{n} sanction(s) including this one",
            FIRST_SANCTION if n == 1 else REPEAT_SANCTIONS,
        ),
        Term(
            "copas-rate",
            f"{COPAS_WEIGHT} × ln({n} / (10 + {age} − {first}))",
            COPAS_WEIGHT * math.log(n / (10 + age - first)),
        ),
        Term("offence", f"Current offence: {offence_label}", offence_value),
        Term("intercept-one-year", "One-year intercept", INTERCEPT_ONE_YEAR),
        Term("intercept-two-year", "Two-year intercept", INTERCEPT_TWO_YEAR),
    )


def _age_gender(gender: str, age: int) -> float:
    row = [row for row in AGE_GENDER if row[0] <= age][-1]
    return row[1] if gender == "male" else row[2]


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _percent(exact: float) -> int:
    """Round half up and clamp to 1–99, as OASys reports OGRS3."""
    return min(99, max(1, math.floor(exact + 0.5)))


def _validated(
    gender: object,
    age: object,
    first: object,
    previous: object,
    category: object,
    follow_up: object,
) -> Ogrs3Inputs:
    errors: dict[str, str] = {}
    if gender not in ("male", "female"):
        errors["gender"] = "Select male or female"
    raw = {"age": age, "age_at_first_sanction": first, "previous_sanctions": previous}
    if follow_up is not None:
        raw["age_at_follow_up"] = follow_up
    numbers = _whole_numbers(raw, errors)
    _check_ranges(numbers, errors)
    if not isinstance(category, str) or category not in OFFENCE_CATEGORIES:
        errors["offence_category"] = "Select an offence category from the list"
    if errors:
        raise ValidationError(errors)
    numbers.setdefault("age_at_follow_up", numbers["age"])
    return Ogrs3Inputs(gender=str(gender), offence_category=str(category), **numbers)


def _whole_numbers(raw: dict[str, object], errors: dict[str, str]) -> dict[str, int]:
    """The values that are whole numbers; an error message for each that is not."""
    numbers: dict[str, int] = {}
    for name, value in raw.items():
        if isinstance(value, int) and not isinstance(value, bool):
            numbers[name] = value
        elif isinstance(value, float) and value.is_integer():
            numbers[name] = int(value)
        else:
            errors[name] = f"{FIELD_LABELS[name]} must be a whole number"
    return numbers


def _check_ranges(numbers: dict[str, int], errors: dict[str, str]) -> None:
    age, first = numbers.get("age"), numbers.get("age_at_first_sanction")
    previous, follow_up = numbers.get("previous_sanctions"), numbers.get("age_at_follow_up")
    if age is not None and age < ADULT_AGE:
        errors["age"] = "OGRS3 applies to adults aged 18 or over"
    elif age is not None and age > OLDEST_AGE:
        errors["age"] = f"Age must be {OLDEST_AGE} or under"
    if first is not None and first < YOUNGEST_SANCTION_AGE:
        errors["age_at_first_sanction"] = "Age at first sanction must be 10 or over"
    elif first is not None and age is not None and first > age:
        errors["age_at_first_sanction"] = "Age at first sanction cannot be after the current age"
    elif previous == 0 and first is not None and age is not None and first != age:
        errors["age_at_first_sanction"] = (
            "With no previous sanctions, the first sanction is this one: "
            "age at first sanction must equal the current age"
        )
    if previous is not None and previous < 0:
        errors["previous_sanctions"] = "Number of previous sanctions cannot be negative"
    elif previous is not None and previous > MOST_SANCTIONS:
        errors["previous_sanctions"] = (
            f"Number of previous sanctions must be {MOST_SANCTIONS} or fewer; check the record"
        )
    if follow_up is not None and age is not None and follow_up < age:
        errors["age_at_follow_up"] = "Age at follow-up cannot be before the age at conviction"
