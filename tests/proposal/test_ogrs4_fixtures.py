"""Every case the Ministry of Justice's own OGRS4 tests hold (tests/proposal/data), as a test.

Kinds: full scores (and validation answers), single terms of the sum, band cut-offs, single
validation rules, and rows of the OASys regression file. Scores must match to the 2nd
decimal exactly; terms to every digit the service gives.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from proposal import ogrs4, ogrs4_terms
from proposal import ogrs4_rules as rules
from proposal.ogrs4_data import Offence, model, offence_codes
from proposal.ogrs4_rules import Ogrs4Inputs, missing_fields, months_between
from proposal.types import ValidationError

CASES = json.loads((Path(__file__).parent / "data" / "ogrs4_fixtures.json").read_text())["cases"]
# The service's request names → ours.
NAMES = {
    "gender": "gender",
    "dateOfBirth": "date_of_birth",
    "dateOfCurrentConviction": "conviction_date",
    "currentOffenceCode": "offence_code",
    "totalNumberOfSanctionsForAllOffences": "total_sanctions",
    "ageAtFirstSanction": "age_at_first_sanction",
    "totalNumberOfViolentSanctions": "violent_sanctions",
    "dateAtStartOfFollowup": "follow_up_start",
    "assessmentDate": "assessment_date",
}
PREDICTOR = {"ARP": ogrs4.GENERAL, "VRP": ogrs4.VIOLENT}
# The service's feature values → our term names.
FEATURES = {
    "twoYearInterceptWeight": "intercept",
    "ageGenderPolynomialWeight": "age",
    "genderWeight": "gender",
    "offenceGroupWeight": "offence",
    "firstSanctionWeight": "first-sanction",
    "secondSanctionWeight": "second-sanction",
    "totalNumberOfSanctionsForAllOffencesWeight": "sanctions",
    "secondSanctionGapWeight": "second-sanction-gap",
    "offenceFreeMonthsWeight": "offence-free-months",
    "copasScore": "copas-rate",
    "copasScoreSquared": "copas-rate-squared",
    "neverViolentWeight": "never-violent",
    "onceViolentWeight": "once-violent",
    "totalNumberOfViolentSanctionsWeight": "violent-sanctions",
    "copasViolentOffencesScore": "violent-rate",
}
# The date the service's clock is taken to read for requests without an assessment date.
SERVICE_TODAY = date(2026, 8, 4)


def _cases(*kinds: str) -> list[Any]:
    return [pytest.param(c, id=c["id"]) for c in CASES if c["kind"] in kinds]


def _ours(raw: dict[str, Any]) -> dict[str, Any]:
    values = {NAMES.get(k, k): v for k, v in raw.items()}
    if isinstance(values.get("gender"), str):
        values["gender"] = values["gender"].lower()
    return values


def _inputs_with_category(values: dict[str, Any], category: str) -> Ogrs4Inputs:
    """Inputs as the service's mocked tests build them: the category given, not looked up."""
    day = date.fromisoformat
    return Ogrs4Inputs(
        gender=values["gender"],
        date_of_birth=day(values["date_of_birth"]),
        conviction_date=day(values["conviction_date"]),
        offence=Offence(values["offence_code"], "(category given by the test)", category),
        total_sanctions=values["total_sanctions"],
        age_at_first_sanction=values["age_at_first_sanction"],
        follow_up_start=day(values.get("follow_up_start") or values["conviction_date"]),
        assessment_date=day(values["assessment_date"]),
        violent_sanctions=values.get("violent_sanctions"),
    )


def _score(case: dict[str, Any]) -> ogrs4.Score:
    values, predictor = _ours(case["input"]), PREDICTOR[case["model"]]
    if "mocked_category" in case:
        return ogrs4.score(_inputs_with_category(values, case["mocked_category"]), predictor)
    result = ogrs4.calculate(values, SERVICE_TODAY)
    chosen = result.general if predictor == ogrs4.GENERAL else result.violent
    assert chosen is not None
    return chosen


@pytest.mark.parametrize("case", _cases("score", "regression"))
def test_score_matches_the_service(case: dict[str, Any]) -> None:
    expected = case["expected"]
    if "score" not in expected:
        with pytest.raises(ValidationError) as raised:
            _score(case)
        missing = next(e for e in expected["validationErrors"] if e["type"].startswith("MISSING_M"))
        assert list(raised.value.errors)[: len(missing["fields"])] == [
            NAMES[name] for name in missing["fields"]
        ]
        assert "follow_up_start" in raised.value.errors  # DATE_OF_START_OF_FOLLOWUP_REQUIRED
        return
    found = _score(case)
    assert found.two_year == Decimal(str(expected["score"]))
    assert str(found.two_year) == f"{expected['score']:.2f}"
    if "band" in expected:
        assert found.band == expected["band"].lower().replace("_", "-")
    if "probability" in expected:
        tolerance = Decimal(str(expected["probability_tolerance"]))
        assert abs(found.probability - Decimal(expected["probability"])) <= tolerance
    terms = {term.name: term.value for term in found.terms}
    for feature, value in expected.get("featureValues_exact", {}).items():
        got = found.linear_predictor if feature == "totalWeight" else terms[FEATURES[feature]]
        assert got == Decimal(value), feature
    for feature, value in expected.get("featureValues_15dp", {}).items():
        got = found.linear_predictor if feature == "totalWeight" else terms[FEATURES[feature]]
        assert got.quantize(Decimal("1e-15"), ROUND_HALF_UP) == Decimal(value), feature
    if "derived" in expected:
        values = _ours(case["input"])
        inputs = _inputs_with_category(values, case.get("mocked_category", "OTHER_OFFENCES"))
        names = {
            "ageAtCurrentConviction": "age_at_conviction",
            "aai": "age_at_follow_up",
            "yearsSinceFirst": "career_years",
            "offenceFreeMonths": "offence_free_months",
        }
        derived = inputs.derived()
        for name, value in expected["derived"].items():
            assert derived[names[name]] == value, name


def _component(term: str, given: dict[str, Any]) -> Decimal:
    chosen, gender = model(ogrs4.GENERAL), str(given.get("gender", "MALE")).lower()
    n, career = given.get("n", 1), given.get("ageAtCurrent", 0) - given.get("ageAtFirst", 0)
    if term == "intercept":
        return chosen.coefficients["TWO_YEAR_CONSTANT"]
    if term == "ageGenderPolynomial":
        return ogrs4_terms.age_polynomial(chosen, gender, given["aai"])
    if term == "gender":
        return next(
            t.value for t in ogrs4_terms.general_terms(chosen, _person(gender)) if t.name == term
        )
    if term == "offenceGroup":
        return chosen.offence_coefficients[given["category"]]
    if term in ("firstSanction", "secondSanction", "totalSanctions"):
        index = ("firstSanction", "secondSanction", "totalSanctions").index(term)
        return ogrs4_terms.sanction_terms(chosen, n)[index].value
    if term == "secondSanctionGap":
        return ogrs4_terms.gap_term(chosen, gender, n, career).value
    if term == "offenceFreeMonths":
        start = date.fromisoformat(given["dateAtStartOfFollowup"])
        assessed = date.fromisoformat(given["assessmentDate"])
        months = 0 if assessed < start else min(36, months_between(start, assessed))
        return ogrs4_terms.offence_free_months_value(chosen, months)
    copas, squared = ogrs4_terms.copas_terms(chosen, gender, n, career)
    return copas.value if term == "copas" else squared.value


def _person(gender: str) -> Ogrs4Inputs:
    return Ogrs4Inputs(
        gender,
        date(1990, 1, 1),
        date(2020, 1, 1),
        offence_codes()["11618"],
        1,
        30,
        date(2020, 1, 1),
        date(2020, 1, 1),
    )


@pytest.mark.parametrize("case", _cases("component"))
def test_each_term_matches_the_service_to_every_digit(case: dict[str, Any]) -> None:
    assert _component(case["term"], case["input"]) == Decimal(case["expected"]["value"])


@pytest.mark.parametrize("case", _cases("band"))
def test_band_cut_offs(case: dict[str, Any]) -> None:
    percent = Decimal(str(case["input"]["percentage"]))
    expected = case["expected"]["band"]
    if expected == "ERROR":
        with pytest.raises(ValueError):
            ogrs4.band_for(percent, model(ogrs4.GENERAL))
    else:
        assert ogrs4.band_for(percent, model(ogrs4.GENERAL)) == expected.lower().replace("_", "-")


# Each rule of the service → ours, and the field our message goes on.
RULES = {
    "validateCurrentOffenceCode": (rules.offence_scoreable, "offence_code"),
    "validateTotalNumberOfSanctionsForAllOffences": (rules.sanctions_count, "total_sanctions"),
    "validateAgeAtFirstSanction": (rules.first_sanction_age, "age_at_first_sanction"),
    "validateDateOfCurrentConvictionAgainstDateOfBirth": (
        rules.conviction_after_birth,
        "conviction_date",
    ),
    "validateDateOfCurrentConvictionAgainstAgeAtFirstSanction": (
        rules.first_sanction_by_conviction,
        "age_at_first_sanction",
    ),
    "validateDateOfCurrentConvictionAgainstAssessmentDate": (
        rules.conviction_by_assessment,
        "conviction_date",
    ),
    "validateDateAtStartOfFollowupAgainstDateOfCurrentConviction": (
        rules.follow_up_given,
        "follow_up_start",
    ),
    "validateDateAtStartOfFollowupAgainstDateOfBirth": (
        rules.follow_up_after_birth,
        "follow_up_start",
    ),
    "validateDateAtStartOfFollowupAge": (rules.follow_up_age, "follow_up_start"),
}
# A phrase of our plain-English message for each of the service's error codes.
MESSAGES = {
    "OFFENCE_CODE_INCORRECT_FORMAT": "as 5 digits",
    "OFFENCE_CODE_MAPPING_NOT_FOUND": "ffence code 00101",
    "TOTAL_NUMBER_OF_SANCTIONS_OUT_OF_RANGE": "from 1 to 999",
    "AGE_AT_FIRST_SANCTION_OUT_OF_RANGE": "from 0 to 109",
    "DATE_OF_CURRENT_CONVICTION_BEFORE_DATE_OF_BIRTH": "after the date of birth",
    "AGE_AT_FIRST_SANCTION_AFTER_AGE_AT_CURRENT_CONVICTION": "cannot be more than the age",
    "DATE_OF_CURRENT_CONVICTION_WITHIN_THREE_MONTHS_OF_ASSESSMENT_DATE": "3 months after",
    "DATE_OF_START_OF_FOLLOWUP_REQUIRED": "start of follow-up or the conviction date",
    "DATE_OF_START_OF_FOLLOWUP_BEFORE_DATE_OF_BIRTH": "must be after the date of birth",
    "DATE_OF_START_OF_FOLLOWUP_OUT_OF_RANGE": "under 110",
}


def _offences(case: dict[str, Any]) -> dict[str, Offence]:
    """The mapping, changed as the service's test changes its mocked lookup."""
    offences = dict(offence_codes())
    for code, category in case.get("mapping_override", {}).items():
        offences[code] = Offence(code, "(set by the test)", category)
    for code in case.get("mapping_remove", {}):
        offences.pop(code, None)
    return offences


@pytest.mark.parametrize(
    "case", [c for c in _cases("validation_rule") if c.values[0]["rule"] in RULES]
)
def test_validation_rule(case: dict[str, Any]) -> None:
    rule, field = RULES[case["rule"]]
    given = {
        name: date.fromisoformat(value) if name in rules.DATES and value else value
        for name, value in _ours(case["input"]).items()
    }
    failure = rule({k: v for k, v in given.items() if v is not None}, _offences(case))
    expected = case["expected"]["error"]
    if expected is None:
        assert failure is None
    else:
        assert failure is not None and failure[0] == field
        assert MESSAGES[expected] in failure[1]
        assert expected not in failure[1]  # plain English, not the service's code


@pytest.mark.parametrize(
    "case",
    [c for c in _cases("validation_rule") if c.values[0]["rule"] == "validateRequiredFields"],
)
def test_required_fields(case: dict[str, Any]) -> None:
    values = _ours(case["input"])
    required = tuple(NAMES.get(name, name) for name in case["required"])
    expected = [NAMES.get(name, name) for name in case["expected"].get("fields", [])]
    assert missing_fields(values, required) == expected
