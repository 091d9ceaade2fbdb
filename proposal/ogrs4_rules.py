"""OGRS4 static inputs: the derived ages and months, and the service's validation rules.

The rules and their order are the Ministry of Justice service's (required fields, then the
conviction, sanction, offence and follow-up checks); each field gets at most one message, in
plain English rather than the service's error codes.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from proposal.ogrs4_data import Offence
from proposal.types import ValidationError

FIELDS = (
    "gender",
    "date_of_birth",
    "conviction_date",
    "offence_code",
    "total_sanctions",
    "age_at_first_sanction",
    "violent_sanctions",
    "follow_up_start",
    "assessment_date",
)
# In the service's order (its MISSING_MANDATORY_INPUT list).
REQUIRED = {
    "date_of_birth": "Enter the date of birth",
    "conviction_date": "Enter the date of the current conviction",
    "age_at_first_sanction": "Enter the age at first sanction",
    "gender": "Select male or female",
    "offence_code": "Enter the offence code, or choose the offence from the list",
    "total_sanctions": "Enter the total number of sanctions, counting this one",
}
DATES = ("date_of_birth", "conviction_date", "follow_up_start", "assessment_date")
NUMBERS = {
    "total_sanctions": "Total number of sanctions",
    "age_at_first_sanction": "Age at first sanction",
    "violent_sanctions": "Number of violent sanctions",
}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
OFFENCE_CODE = re.compile(r"[0-9]{5}")
OLDEST = 110
MOST_SANCTIONS = 999
OFFENCE_FREE_MONTHS_CAP = 36


@dataclass(frozen=True)
class Ogrs4Inputs:
    """Valid OGRS4 static inputs, with the defaults applied."""

    gender: str
    date_of_birth: date
    conviction_date: date
    offence: Offence
    total_sanctions: int
    age_at_first_sanction: int
    follow_up_start: date
    assessment_date: date
    violent_sanctions: int | None = None

    @property
    def age_at_conviction(self) -> int:
        """Completed years at the current conviction."""
        return age_on(self.date_of_birth, self.conviction_date)

    @property
    def age_at_follow_up(self) -> int:
        """Completed years at the start of follow-up (the age the polynomial uses)."""
        return age_on(self.date_of_birth, self.follow_up_start)

    @property
    def career_years(self) -> int:
        """Age at conviction less age at first sanction (both in whole years)."""
        return self.age_at_conviction - self.age_at_first_sanction

    @property
    def offence_free_months(self) -> int:
        """Whole months from the follow-up start to the assessment date, 0 to 36."""
        if self.assessment_date < self.follow_up_start:
            return 0
        months = months_between(self.follow_up_start, self.assessment_date)
        return min(months, OFFENCE_FREE_MONTHS_CAP)

    def to_dict(self) -> dict[str, Any]:
        """Every input, as the API takes it (defaults filled in)."""
        return {
            "gender": self.gender,
            "date_of_birth": self.date_of_birth.isoformat(),
            "conviction_date": self.conviction_date.isoformat(),
            "offence_code": self.offence.code,
            "total_sanctions": self.total_sanctions,
            "age_at_first_sanction": self.age_at_first_sanction,
            "violent_sanctions": self.violent_sanctions,
            "follow_up_start": self.follow_up_start.isoformat(),
            "assessment_date": self.assessment_date.isoformat(),
        }

    def derived(self) -> dict[str, int]:
        """The quantities the model computes from the inputs."""
        return {
            "age_at_conviction": self.age_at_conviction,
            "age_at_follow_up": self.age_at_follow_up,
            "career_years": self.career_years,
            "offence_free_months": self.offence_free_months,
        }


def age_on(born: date, on: date) -> int:
    """Completed years from `born` to `on` (java.time Period.between(...).years)."""
    return on.year - born.year - (1 if (on.month, on.day) < (born.month, born.day) else 0)


def months_between(start: date, end: date) -> int:
    """Whole calendar months from start to end (java.time ChronoUnit.MONTHS.between)."""
    months = (end.year * 12 + end.month) - (start.year * 12 + start.month)
    return months - (1 if end.day < start.day else 0)


def plus_months(day: date, months: int) -> date:
    """The date `months` later, the day clamped to the month's end (LocalDate.plusMonths)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        return date.max  # beyond the calendar: no date is later
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def missing_fields(values: Mapping[str, object], required: tuple[str, ...]) -> list[str]:
    """The required fields that are absent or null, in the order given."""
    return [name for name in required if values.get(name) is None]


def validated_inputs(
    values: Mapping[str, object], today: date, offences: Mapping[str, Offence]
) -> Ogrs4Inputs:
    """The inputs with defaults applied; raises ValidationError with one message per field."""
    errors: dict[str, str] = {}
    for name in missing_fields(values, tuple(REQUIRED)):
        errors[name] = REQUIRED[name]
    given = _typed(values, errors)
    given.setdefault("assessment_date", today)
    for name, message in rule_errors(given, offences):
        errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors)
    return Ogrs4Inputs(
        gender=given["gender"],
        date_of_birth=given["date_of_birth"],
        conviction_date=given["conviction_date"],
        offence=offences[given["offence_code"]],
        total_sanctions=given["total_sanctions"],
        age_at_first_sanction=given["age_at_first_sanction"],
        # As the service: the follow-up starts at the conviction unless a date is given.
        follow_up_start=given.get("follow_up_start") or given["conviction_date"],
        assessment_date=given["assessment_date"],
        violent_sanctions=given.get("violent_sanctions"),
    )


Given = Mapping[str, Any]
Offences = Mapping[str, Offence]
Failure = tuple[str, str] | None


def conviction_after_birth(given: Given, offences: Offences) -> Failure:
    """The conviction date must be after the date of birth."""
    born, convicted = given.get("date_of_birth"), given.get("conviction_date")
    if born and convicted and convicted <= born:
        return "conviction_date", "The conviction date must be after the date of birth"
    return None


def first_sanction_by_conviction(given: Given, offences: Offences) -> Failure:
    """The age at first sanction cannot be more than the age at the current conviction."""
    born, convicted = given.get("date_of_birth"), given.get("conviction_date")
    first = given.get("age_at_first_sanction")
    if born and convicted and first is not None and convicted > born:
        age = age_on(born, convicted)
        if age < first:
            return "age_at_first_sanction", (
                f"The age at first sanction cannot be more than the age at the current "
                f"conviction ({age})"
            )
    return None


def conviction_by_assessment(given: Given, offences: Offences) -> Failure:
    """The conviction date is at most 3 months after the assessment date."""
    convicted, assessed = given.get("conviction_date"), given.get("assessment_date")
    if convicted and assessed and convicted > plus_months(assessed, 3):
        return "conviction_date", (
            "The conviction date cannot be more than 3 months after the assessment date"
        )
    return None


def first_sanction_age(given: Given, offences: Offences) -> Failure:
    """The age at first sanction is from 0 to 109."""
    first = given.get("age_at_first_sanction")
    if first is not None and not 0 <= first < OLDEST:
        return "age_at_first_sanction", "The age at first sanction must be from 0 to 109"
    return None


def offence_scoreable(given: Given, offences: Offences) -> Failure:
    """The offence code is 5 digits, in the mapping, and mapped to a category."""
    code = given.get("offence_code")
    if code is None:
        return None
    if not isinstance(code, str) or not OFFENCE_CODE.fullmatch(code):
        return "offence_code", "Enter the Home Office offence code as 5 digits, for example 11618"
    offence = offences.get(code)
    if offence is None:
        return "offence_code", (
            f"There is no Home Office offence code {code} in the OGRS4 offence list: check the "
            "code, or choose the offence by its description"
        )
    if not offence.scoreable:
        return "offence_code", (
            f"Offence code {code} ({offence.description}) has no OGRS4 offence category, so it "
            "cannot be scored: choose the specific offence"
        )
    return None


def sanctions_count(given: Given, offences: Offences) -> Failure:
    """The total number of sanctions is from 1 to 999."""
    n = given.get("total_sanctions")
    if n is not None and not 1 <= n <= MOST_SANCTIONS:
        return "total_sanctions", (
            "The total number of sanctions must be from 1 to 999, counting the current one"
        )
    return None


def follow_up_given(given: Given, offences: Offences) -> Failure:
    """A follow-up start or a conviction date is needed (the first defaults to the second)."""
    if given.get("follow_up_start") is None and given.get("conviction_date") is None:
        return "follow_up_start", "Enter the start of follow-up or the conviction date"
    return None


def follow_up_after_birth(given: Given, offences: Offences) -> Failure:
    """A given follow-up start is after the date of birth."""
    born, follow_up = given.get("date_of_birth"), given.get("follow_up_start")
    if born and follow_up and follow_up <= born:
        return "follow_up_start", "The start of follow-up must be after the date of birth"
    return None


def follow_up_age(given: Given, offences: Offences) -> Failure:
    """The age at a given follow-up start is under 110."""
    born, follow_up = given.get("date_of_birth"), given.get("follow_up_start")
    if born and follow_up and follow_up > born and age_on(born, follow_up) >= OLDEST:
        return "follow_up_start", "The age at the start of follow-up must be under 110"
    return None


def violent_sanctions_count(given: Given, offences: Offences) -> Failure:
    """OGRS4/V: the violent sanctions are from 0 to the total number of sanctions."""
    violent, n = given.get("violent_sanctions"), given.get("total_sanctions")
    if violent is not None and n is not None and not 0 <= violent <= n:
        return "violent_sanctions", (
            f"The number of violent sanctions must be from 0 to the total number of sanctions ({n})"
        )
    return None


# The service's order (AllReoffendingPredictorValidator), then OGRS4/V's own rule.
RULES: tuple[Callable[[Given, Offences], Failure], ...] = (
    conviction_after_birth,
    first_sanction_by_conviction,
    conviction_by_assessment,
    first_sanction_age,
    offence_scoreable,
    sanctions_count,
    follow_up_given,
    follow_up_after_birth,
    follow_up_age,
    violent_sanctions_count,
)


def rule_errors(given: Given, offences: Offences) -> list[tuple[str, str]]:
    """(field, message) for each rule that fails; a rule missing a value it needs passes."""
    return [failure for rule in RULES if (failure := rule(given, offences)) is not None]


def _typed(values: Mapping[str, object], errors: dict[str, str]) -> dict[str, Any]:
    """The values that have the right type; a message for each that does not."""
    given: dict[str, Any] = {}
    gender = values.get("gender")
    if gender is not None:
        if gender in ("male", "female"):
            given["gender"] = gender
        else:
            errors["gender"] = "Select male or female"
    for name in DATES:
        value = values.get(name)
        if value is not None:
            parsed = _date(value)
            if parsed is None:
                errors[name] = "Enter a real date as YYYY-MM-DD, for example 2024-03-27"
            given[name] = parsed
    for name, label in NUMBERS.items():
        value = values.get(name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            errors[name] = f"{label} must be a whole number"
        else:
            given[name] = value
    if values.get("offence_code") is not None:
        given["offence_code"] = values["offence_code"]
    return {name: value for name, value in given.items() if value is not None}


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
