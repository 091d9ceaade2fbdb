"""The proposal API: the issue's request and response shapes, 422s, sign-in, CSRF, OpenAPI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from proposal.web.demand import DemandRecord
from proposal.web.models import Proposal
from tests.conftest import signed_in_cookie
from tests.proposal.web.conftest import NAME, api_body, defendant

RECOMMENDATIONS, OGRS3, PROPOSALS = "/api/v1/recommendations", "/api/v1/ogrs3", "/api/v1/proposals"
STATIC_FACTORS = {
    "gender": "male",
    "age": 20,
    "age_at_first_sanction": 20,
    "previous_sanctions": 0,
    "offence_category": "violence",
}


def test_a_recommendation_has_exactly_the_issue_shape(client: FlaskClient, london: Any) -> None:
    response = client.post(RECOMMENDATIONS, json=api_body())
    assert response.status_code == 200
    body = response.get_json()
    for key in (
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
    ):
        assert key in body, key
    assert body["recommend_rar"] is True
    assert {"name": "medium", "min_days": 15, "max_days": 25}.items() <= body["band"].items()
    [activity] = body["activities"]
    assert set(activity) >= {"intervention", "needs", "rar_days", "availability"}
    assert set(activity["intervention"]) >= {"id", "slug", "name", "type", "eip_status"}
    assert activity["intervention"]["slug"] == "housing-advice-service"
    assert activity["needs"] == ["accommodation"] and activity["rar_days"] == 4
    assert activity["availability"]["status"] == "open"
    assert body["recommended_max_days"] == 15 and body["planned_days"] == 4
    assert all(set(w) == {"code", "message"} for w in body["warnings"])
    assert all({"label", "value", "explanation"} <= set(step) for step in body["calculation"])
    assert NAME not in json.dumps(body)


def test_routed_and_unmet_needs_and_no_rar(client: FlaskClient, london: Any) -> None:
    needs = [
        {"area": area, "linked_to_reoffending": True, "linked_to_harm": False}
        for area in ("alcohol", "finance-benefits-debt", "accommodation")
    ]
    flags = {**api_body()["flags"], "alcohol_dependent": True}
    body = client.post(RECOMMENDATIONS, json=api_body(needs=needs, flags=flags)).get_json()
    assert body["routed"][0]["need"] == "alcohol" and body["routed"][0]["requirement"] == "ATR"
    assert set(body["routed"][0]) >= {"need", "requirement", "reason"}
    assert body["unmet_needs"] == ["finance-benefits-debt"]
    low = client.post(RECOMMENDATIONS, json=api_body(predictor={"name": "OGRS4", "score": 10}))
    answer = low.get_json()
    assert answer["recommend_rar"] is False and answer["recommended_max_days"] is None
    assert answer["band"]["name"] == "none"
    assert "below-threshold" in {w["code"] for w in answer["warnings"]}


def test_the_static_factors_can_replace_the_predictor(client: FlaskClient, london: Any) -> None:
    body = api_body(
        ogrs3={"age_at_first_sanction": 14, "previous_sanctions": 8, "offence_category": "theft"}
    )
    del body["predictor"]
    answer = client.post(RECOMMENDATIONS, json=body).get_json()
    assert answer["predictor"] == {"name": "OGRS3", "score": answer["ogrs3"]["two_year"]}
    assert answer["calculation"][0]["value"] == f"OGRS3 {answer['ogrs3']['two_year']}%"
    assert answer["recommend_rar"] is True


def test_recommendations_store_nothing(client: FlaskClient, london: Any, session: Session):
    client.post(RECOMMENDATIONS, json=api_body())
    assert session.scalars(select(Proposal)).first() is None
    assert session.scalars(select(DemandRecord)).first() is None


def test_ogrs3_matches_the_published_case(client: FlaskClient) -> None:
    body = client.post(OGRS3, json=STATIC_FACTORS).get_json()
    assert set(body) >= {"one_year", "two_year", "band", "terms"}
    assert (body["one_year"], body["two_year"], body["band"]["name"]) == (12, 22, "none")
    assert [t["name"] for t in body["terms"]][:4] == [
        "age-gender",
        "sanctions",
        "copas-rate",
        "offence",
    ]


INVALID_RECOMMENDATIONS = [
    ("score over 100", {"predictor": {"name": "OGRS3", "score": 101}}, "predictor.score"),
    ("score below 0", {"predictor": {"name": "OGRS3", "score": -1}}, "predictor.score"),
    ("score as text", {"predictor": {"name": "OGRS3", "score": "62"}}, "predictor.score"),
    ("score a fraction", {"predictor": {"name": "OGRS3", "score": 62.5}}, "predictor.score"),
    ("unknown predictor", {"predictor": {"name": "RSR", "score": 62}}, "predictor.name"),
    ("predictor not object", {"predictor": [62]}, "predictor"),
    ("both predictors", {"ogrs3": dict(STATIC_FACTORS)}, "predictor"),
    ("no predictor", {"predictor": None}, "predictor"),
    ("age as text", {"age": "thirty"}, "age"),
    ("age a boolean", {"age": True}, "age"),
    ("under 18", {"age": 17}, "age"),
    ("unknown region", {"region": "atlantis"}, "region"),
    ("region a number", {"region": 7}, "region"),
    ("unknown pdu", {"pdu": "nowhere"}, "pdu"),
    ("pdu in another region", {"pdu": "newcastle-upon-tyne"}, "pdu"),
    ("unknown gender", {"gender": "other"}, "gender"),
    (
        "unknown need",
        {"needs": [{"area": "astrology", "linked_to_reoffending": True, "linked_to_harm": False}]},
        "needs",
    ),
    ("missing needs", {"needs": None}, "needs"),
    ("needs not a list", {"needs": {"area": "ete"}}, "needs"),
    ("need not an object", {"needs": ["ete"]}, "needs[0]"),
    (
        "need link not boolean",
        {"needs": [{"area": "ete", "linked_to_reoffending": "yes", "linked_to_harm": False}]},
        "needs[0].linked_to_reoffending",
    ),
    ("unknown order type", {"order": {"type": "custody", "months": 12}}, "order.type"),
    ("order months too long", {"order": {"type": "community-order", "months": 99}}, "order.months"),
    ("order missing", {"order": None}, "order"),
    ("flag not boolean", {"flags": {"sexual_offence": "no"}}, "flags.sexual_offence"),
    ("unknown flag", {"flags": {"vegetarian": True}}, "flags.vegetarian"),
    ("unknown field", {"colour": "blue"}, "colour"),
    ("unknown offence", {"offence_category": "piracy"}, "offence_category"),
    ("other requirement unknown", {"other_requirements": ["stocks"]}, "other_requirements"),
    ("exceptional not text", {"exceptional_circumstances": ["x"]}, "exceptional_circumstances"),
    ("nested junk", {"needs": [[[[[[{"a": [[[]]]}]]]]]]}, "needs[0]"),
    (
        "ogrs3 factors wrong",
        {"predictor": None, "ogrs3": {"age_at_first_sanction": 40, "previous_sanctions": 1}},
        "ogrs3.age_at_first_sanction",
    ),
]


@pytest.mark.parametrize(
    ("change", "field"),
    [(c, f) for _n, c, f in INVALID_RECOMMENDATIONS],
    ids=[n for n, _c, _f in INVALID_RECOMMENDATIONS],
)
def test_invalid_recommendation_requests_are_422_with_the_field(
    client: FlaskClient, change: dict[str, Any], field: str
) -> None:
    body = {
        key: value
        for key, value in api_body(**change).items()
        if value is not None or key in ("pdu", "exceptional_circumstances")
    }
    response = client.post(RECOMMENDATIONS, json=body)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert field in response.get_json()["errors"], response.get_json()


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json",
        b"{",
        b"[1, 2]",
        b"null",
        b"42",
        b'"text"',
        b"[" * 100_000 + b"]" * 100_000,
        b"\xff\xfe",
        b'{"age": ' + b"9" * 5000 + b"}",
    ],
)
@pytest.mark.parametrize("url", [RECOMMENDATIONS, OGRS3])
def test_bodies_that_are_not_json_objects_are_422(client: FlaskClient, url: str, raw: bytes):
    response = client.post(url, data=raw, content_type="application/json")
    assert response.status_code == 422
    assert "body" in response.get_json()["errors"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"age": 17}, "age"),
        ({"age": "20"}, "age"),
        ({"gender": "x"}, "gender"),
        ({"offence_category": "piracy"}, "offence_category"),
        ({"previous_sanctions": -1}, "previous_sanctions"),
        ({"age_at_first_sanction": 30}, "age_at_first_sanction"),
        ({"colour": "blue"}, "colour"),
        ({"age": None}, "age"),
    ],
)
def test_invalid_ogrs3_requests_are_422_with_the_field(client, change, field):
    response = client.post(OGRS3, json={**STATIC_FACTORS, **change})
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_open_endpoints_need_no_sign_in_and_no_csrf_token(csrf_client: FlaskClient) -> None:
    assert csrf_client.post(RECOMMENDATIONS, json=api_body()).status_code == 200
    assert csrf_client.post(OGRS3, json=STATIC_FACTORS).status_code == 200
    assert csrf_client.post("/api/v1/ogrs4", json={}).status_code == 422  # not 400: no token


def test_saving_a_proposal_needs_a_signed_in_officer(client, app, login, london):
    body = {**api_body(), "defendant": defendant()}
    assert client.post(PROPOSALS, json=body).status_code == 401
    login(client, "interventions-editor")
    assert client.post(PROPOSALS, json=body).status_code == 403


def test_a_saved_proposal_answers_its_id_and_links(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    response = client.post(PROPOSALS, json={**api_body(pdu=None), "defendant": defendant()})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert set(body) == {"id", "url", "psr_pdf", "defendant_pdf"}
    assert body["url"] == f"/proposals/{body['id']}" == response.headers["Location"]
    assert body["psr_pdf"] == f"/proposals/{body['id']}/psr.pdf"
    assert client.get(body["psr_pdf"]).status_code == 200
    proposal = session.scalars(select(Proposal)).one()
    assert proposal.inputs["pdu"] == "camden-and-islington" and proposal.author_id == officer.id
    assert session.scalars(select(DemandRecord)).one().days_proposed == 15


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"defendant": None}, "defendant"),
        ({"defendant": defendant(name="")}, "defendant.name"),
        ({"defendant": defendant(date_of_birth="27/03/1990")}, "defendant.date_of_birth"),
        ({"defendant": defendant(date_of_birth="2030-01-01")}, "defendant.date_of_birth"),
        ({"defendant": defendant(court="atlantis")}, "defendant.court"),
        ({"defendant": defendant(court="newcastle")}, "defendant.court"),
        ({"defendant": {**defendant(), "shoe_size": 9}}, "defendant.shoe_size"),
    ],
)
def test_invalid_proposals_are_422_and_store_nothing(
    client, officer, london, session, change, field
):
    response = client.post(PROPOSALS, json={**api_body(), "defendant": defendant(), **change})
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert session.scalars(select(Proposal)).first() is None


def test_saving_a_proposal_needs_the_csrf_token_header(csrf_client, make_user, session, london):
    user = make_user("court-officer")
    values = signed_in_cookie(session, user.id)
    with csrf_client.session_transaction() as cookie:
        cookie.update(values)
    body = {**api_body(), "defendant": defendant()}
    refused = csrf_client.post(PROPOSALS, json=body)
    assert refused.status_code == 400 and "CSRF" in refused.get_json()["error"]
    token = csrf_client.get(f"{PROPOSALS}/csrf-token").get_json()
    assert token["header"] == "X-CSRFToken"
    saved = csrf_client.post(PROPOSALS, json=body, headers={"X-CSRFToken": token["csrf_token"]})
    assert saved.status_code == 201


def _validator(doc: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": doc["components"]})


def test_the_openapi_document_describes_the_endpoints_and_answers_match(
    client: FlaskClient, officer: Any, london: Any
) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    for path in (RECOMMENDATIONS, OGRS3, PROPOSALS):
        assert "post" in doc["paths"][path], path
    schemas = doc["components"]["schemas"]
    _validator(doc, schemas["RecommendationRequest"]).validate(api_body())
    _validator(doc, schemas["ProposalRequest"]).validate({**api_body(), "defendant": defendant()})
    answers = {
        ("Recommendation", RECOMMENDATIONS): api_body(),
        ("Ogrs3Result", OGRS3): STATIC_FACTORS,
        ("ProposalCreated", PROPOSALS): {**api_body(), "defendant": defendant()},
    }
    for (name, url), body in answers.items():
        _validator(doc, schemas[name]).validate(client.post(url, json=body).get_json())
    error = client.post(OGRS3, json={}).get_json()
    _validator(doc, schemas["ValidationErrors"]).validate(error)
