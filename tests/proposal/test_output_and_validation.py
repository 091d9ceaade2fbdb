"""The API response shape of issue 3 section 5, and field-level validation of a case."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, replace
from datetime import date

import pytest

from proposal.engine import recommend
from proposal.types import NeedAssessment, OrderDetails, Predictor, ValidationError
from proposal.validation import validate_case
from tests.proposal.factories import TODAY, activity, available, case

ISSUE_KEYS = {
    "recommend_rar",
    "band",
    "recommended_max_days",
    "planned_days",
    "allowance_days",
    "activities",
    "routed",
    "unmet_needs",
    "warnings",
    "calculation",
    "rationale",
}


def _body() -> dict:
    row = available(next_start=date(2025, 3, 10), wait_weeks=1, places=6)
    catalogue = [activity("housing-support", rar_days=16, availability=(row,))]
    return recommend(case("accommodation", "ete"), catalogue, TODAY).to_dict()


def test_response_has_every_key_of_the_issue_and_is_json_ready():
    body = _body()
    assert ISSUE_KEYS <= set(body)
    assert json.loads(json.dumps(body)) == body


def test_band_and_numbers_have_the_issue_shape():
    body = _body()
    assert {k: body["band"][k] for k in ("name", "min_days", "max_days")} == {
        "name": "medium",
        "min_days": 15,
        "max_days": 25,
    }
    assert (body["recommended_max_days"], body["planned_days"], body["allowance_days"]) == (
        20,
        16,
        4,
    )


def test_activity_has_intervention_needs_days_and_availability_with_iso_dates():
    planned = _body()["activities"][0]
    assert {"id", "slug", "name", "type", "eip_status"} <= set(planned["intervention"])
    assert planned["needs"] == ["accommodation"]
    assert planned["rar_days"] == 16
    assert planned["availability"] == {
        "region": "london",
        "pdu": None,
        "status": "open",
        "next_start": "2025-03-10",
        "places": 6,
        "wait_weeks": 1,
        "confirmed_at": "2025-02-01",
        "stale": False,
    }


def test_routed_unmet_warnings_and_calculation_have_the_issue_shape():
    body = _body()
    assert body["unmet_needs"] == ["ete"]
    assert all(set(w) == {"code", "message"} for w in body["warnings"])
    assert all({"label", "value", "explanation"} == set(s) for s in body["calculation"])
    assert body["routed"] == []


def test_results_are_immutable():
    rec = recommend(case("accommodation"), [activity("a")], TODAY)
    with pytest.raises(FrozenInstanceError):
        rec.recommended_max_days = 99  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"region": ""}, "region"),
        ({"gender": "unknown"}, "gender"),
        ({"age": 17}, "age"),
        ({"age": "30"}, "age"),
        ({"predictor": Predictor("OGRS3", 101)}, "predictor.score"),
        ({"predictor": Predictor("OGRS3", -1)}, "predictor.score"),
        ({"predictor": Predictor("OGRS3", True)}, "predictor.score"),
        ({"predictor": Predictor("RM2000", 50)}, "predictor.name"),
        ({"needs": (NeedAssessment("housing", True, False),)}, "needs"),
        ({"needs": (NeedAssessment("ete", True, False),) * 2}, "needs"),
        ({"order": OrderDetails("custody", 12)}, "order.type"),
        ({"order": OrderDetails("community-order", 0)}, "order.months"),
        ({"order": OrderDetails("community-order", 37)}, "order.months"),
        ({"offence_category": "arson"}, "offence_category"),
        ({"ovp_score": 120}, "ovp_score"),
        ({"exceptional_circumstances": "x" * 2001}, "exceptional_circumstances"),
    ],
)
def test_invalid_case_is_rejected_field_by_field(changes, field):
    bad = replace(case("accommodation"), **changes)
    assert field in validate_case(bad)
    with pytest.raises(ValidationError) as caught:
        recommend(bad, [], TODAY)
    assert field in caught.value.errors


def test_valid_case_has_no_errors():
    assert validate_case(case("accommodation")) == {}


def test_score_message_says_the_range():
    errors = validate_case(replace(case(), predictor=Predictor("OGRS3", 101)))
    assert errors["predictor.score"] == "Score must be a two-year percentage from 0 to 100"
