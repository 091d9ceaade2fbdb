"""Field-level checks on a Case before the engine runs, as {field: message}."""

from __future__ import annotations

from proposal.ogrs3 import OFFENCE_CATEGORIES
from proposal.policy import GENDERS, NEED_LABELS, ORDER_TYPES, PREDICTORS
from proposal.types import Case

EXCEPTIONAL_MAX_CHARS = 2000

# Field path in the API body → (lowest, highest, message when outside the range).
RANGES = {
    "age": (18, 110, "A RAR is for adults: age must be from 18 to 110"),
    "predictor.score": (0, 100, "Score must be a two-year percentage from 0 to 100"),
    "order.months": (1, 36, "Order length must be from 1 to 36 months"),
    "ovp_score": (0, 100, "OVP score must be from 0 to 100"),
}
# Field path → (allowed values, message when not one of them).
CHOICES: dict[str, tuple[tuple[str, ...], str]] = {
    "gender": (GENDERS, "Select male or female"),
    "predictor.name": (PREDICTORS, "Select OGRS3, OGRS4/G or other"),
    "order.type": (ORDER_TYPES, "Select community order or suspended sentence order"),
    "offence_category": (tuple(OFFENCE_CATEGORIES), "Select an offence category from the list"),
}
OPTIONAL = {"offence_category", "ovp_score"}


def validate_case(case: Case) -> dict[str, str]:
    """Every problem with the case, keyed by its field path in the API body; empty when valid."""
    values = _values(case)
    errors: dict[str, str] = {}
    if not isinstance(case.region, str) or not case.region.strip():
        errors["region"] = "Enter the probation region"
    for name, (allowed, message) in CHOICES.items():
        if not _omitted(name, values) and values[name] not in allowed:
            errors[name] = message
    for name, (low, high, message) in RANGES.items():
        if name == "predictor.score" and case.predictor.name == "OGRS4/G":
            _whole(errors, name, _two_decimals(values[name]), low * 100, high * 100, message)
        elif not _omitted(name, values):
            _whole(errors, name, values[name], low, high, message)
    _check_needs(case, errors)
    _check_exceptional(case, errors)
    return errors


def _two_decimals(value: object) -> object:
    """A calculated OGRS4/G score (2 decimals) is checked as its hundredths, a whole number."""
    if isinstance(value, float) and round(value, 2) == value:
        return round(value * 100)
    return value


def _omitted(name: str, values: dict[str, object]) -> bool:
    return name in OPTIONAL and values[name] is None


def _values(case: Case) -> dict[str, object]:
    return {
        "gender": case.gender,
        "age": case.age,
        "predictor.name": case.predictor.name,
        "predictor.score": case.predictor.score,
        "order.type": case.order.type,
        "order.months": case.order.months,
        "offence_category": case.offence_category,
        "ovp_score": case.ovp_score,
    }


def _check_needs(case: Case, errors: dict[str, str]) -> None:
    areas = [need.area for need in case.needs]
    unknown = sorted({str(area) for area in areas if area not in NEED_LABELS})
    if unknown:
        errors["needs"] = f"Unknown need area: {', '.join(unknown)}"
    elif len(set(areas)) != len(areas):
        errors["needs"] = "Each need area can be listed only once"


def _check_exceptional(case: Case, errors: dict[str, str]) -> None:
    text = case.exceptional_circumstances
    if text is not None and len(text) > EXCEPTIONAL_MAX_CHARS:
        errors["exceptional_circumstances"] = (
            f"Exceptional circumstances must be {EXCEPTIONAL_MAX_CHARS} characters or fewer"
        )


def _whole(
    errors: dict[str, str], name: str, value: object, low: int, high: int, out_of_range: str
) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        errors[name] = "Enter a whole number"
    elif not low <= value <= high:
        errors[name] = out_of_range
