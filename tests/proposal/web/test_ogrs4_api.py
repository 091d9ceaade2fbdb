"""POST /api/v1/ogrs4 and the offence search: the issue's shapes, defaults, 422s, OpenAPI."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

OGRS4 = "/api/v1/ogrs4"
# The published service's own example (fixture 1): 4.27%, low.
EXAMPLE = {
    "gender": "male",
    "date_of_birth": "1991-07-17",
    "conviction_date": "2021-08-05",
    "offence_code": "11618",
    "total_sanctions": 2,
    "age_at_first_sanction": 21,
    "follow_up_start": "2021-12-12",
    "assessment_date": "2026-08-04",
}


def _validator(client: FlaskClient, ref: str) -> Draft202012Validator:
    document = client.get("/api/v1/openapi.json").get_json()
    return Draft202012Validator({"$ref": ref, "components": document["components"]})


def test_the_answer_has_the_issue_shape_and_the_published_score(client: FlaskClient) -> None:
    response = client.post(OGRS4, json={**EXAMPLE, "violent_sanctions": 2})
    assert response.status_code == 200
    body = response.get_json()
    assert body["predictor"] == "OGRS4/G" and body["two_year"] == 4.27 and body["band"] == "low"
    assert body["offence"] == {
        "code": "11618",
        "description": "Fishery Laws, offences against - Offences against Conservation of "
        "Seals Act 1970",
        "category": "OTHER_OFFENCES",
        "category_label": "other offences",
    }
    assert body["violent"]["predictor"] == "OGRS4/V" and body["violent"]["two_year"] == 2.32
    assert body["violent"]["band"] == "low"
    assert [t["name"] for t in body["terms"]][:4] == ["intercept", "age", "gender", "offence"]
    assert sum(t["value"] for t in body["terms"]) == pytest.approx(-3.109291542898093)
    assert body["version"] == "016919c5305b083e690a145856909c7b6de8c6a1"
    _validator(client, "#/components/schemas/Ogrs4Result").validate(body)


def test_without_violent_sanctions_there_is_no_ogrs4v(client: FlaskClient) -> None:
    body = client.post(OGRS4, json=EXAMPLE).get_json()
    assert body["violent"] is None


def test_follow_up_defaults_to_the_conviction_and_assessment_to_today(client) -> None:
    body = {k: v for k, v in EXAMPLE.items() if k not in ("follow_up_start", "assessment_date")}
    answer = client.post(OGRS4, json=body).get_json()
    assert answer["inputs"]["follow_up_start"] == "2021-08-05"
    assert answer["inputs"]["assessment_date"] == date.today().isoformat()
    assert answer["derived"]["offence_free_months"] == 36  # conviction in 2021: capped


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"gender": "unknown"}, "gender", "Select male or female"),
        ({"date_of_birth": "17/07/1991"}, "date_of_birth", "YYYY-MM-DD"),
        ({"date_of_birth": "1991-02-30"}, "date_of_birth", "real date"),
        ({"conviction_date": None}, "conviction_date", "Enter the date of the current conviction"),
        ({"offence_code": 11618}, "offence_code", "as 5 digits"),
        ({"offence_code": "1161"}, "offence_code", "as 5 digits"),
        ({"offence_code": "99999"}, "offence_code", "no Home Office offence code 99999"),
        ({"offence_code": "00001"}, "offence_code", "cannot be scored"),
        ({"total_sanctions": 0}, "total_sanctions", "from 1 to 999"),
        ({"total_sanctions": "2"}, "total_sanctions", "whole number"),
        ({"total_sanctions": True}, "total_sanctions", "whole number"),
        ({"age_at_first_sanction": 31}, "age_at_first_sanction", "age at the current conviction"),
        ({"violent_sanctions": 3}, "violent_sanctions", "from 0 to the total number"),
        ({"assessment_date": "2021-05-04"}, "conviction_date", "3 months after"),
        ({"follow_up_start": "1990-01-01"}, "follow_up_start", "after the date of birth"),
        ({"colour": "blue"}, "colour", "not recognised"),
    ],
)
def test_bad_input_is_422_with_a_plain_message_on_the_field(client, change, field, words):
    response = client.post(OGRS4, json={**EXAMPLE, **change})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert words in errors[field], errors
    _validator(client, "#/components/schemas/ValidationErrors").validate(response.get_json())


@pytest.mark.parametrize("body", ["[]", "null", "not json", '"text"', "{" * 5000])
def test_a_body_that_is_not_an_object_is_422(client: FlaskClient, body: str) -> None:
    response = client.post(OGRS4, data=body, content_type="application/json")
    assert response.status_code == 422 and "body" in response.get_json()["errors"]


def test_an_empty_body_names_every_required_field(client: FlaskClient) -> None:
    errors = client.post(OGRS4, json={}).get_json()["errors"]
    assert set(errors) == {
        "gender",
        "date_of_birth",
        "conviction_date",
        "offence_code",
        "total_sanctions",
        "age_at_first_sanction",
        "follow_up_start",
    }


def test_offences_are_found_by_words_of_their_description(client: FlaskClient) -> None:
    found = client.get("/api/v1/ogrs4/offences", query_string={"q": "seals conservation"})
    assert found.status_code == 200
    assert [o["code"] for o in found.get_json()] == ["11618"]
    assert client.get("/api/v1/ogrs4/offences", query_string={"q": "116"}).get_json()
    assert client.get("/api/v1/ogrs4/offences", query_string={"q": "   "}).get_json() == []
    invalid = client.get("/api/v1/ogrs4/offences", query_string={"q": "invalid offence"})
    assert all(o["category"] != "UNKNOWN" for o in invalid.get_json())


def test_the_openapi_document_describes_both_paths(client: FlaskClient) -> None:
    paths: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert paths["/api/v1/ogrs4"]["post"]["operationId"] == "calculateOgrs4"
    assert "422" in paths["/api/v1/ogrs4"]["post"]["responses"]
    assert "/api/v1/ogrs4/offences" in paths
