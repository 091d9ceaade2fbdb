""" "Another predictor" needs its name: required, checked, saved, and shown on the page and PSR."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.proposal.web.conftest import api_body, form_data, proposal_id
from tests.proposal.web.test_documents import read_pdf

RECOMMENDATIONS = "/api/v1/recommendations"


def test_the_form_asks_for_the_name_of_another_predictor(
    client: FlaskClient, officer: Any, london: Any
) -> None:
    response = client.post("/proposals/new", data=form_data(predictor="other", score="40"))
    assert response.status_code == 200
    assert "Enter the name of the predictor used" in response.get_data(as_text=True)
    named = form_data(predictor="other", score="40", other_predictor_name="  RSR  ")
    saved = proposal_id(client.post("/proposals/new", data=named))
    page = " ".join(client.get(f"/proposals/{saved}").get_data(as_text=True).split())
    assert "RSR (not an OGRS score) two-year score 40%" in page
    _reader, text = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))
    assert "RSR (not an OGRS score) two-year score 40%" in text
    assert "The predictor used (RSR) two-year score: 40%" in text
    check = " ".join(client.get(f"/proposals/{saved}/check").get_data(as_text=True).split())
    assert "Another predictor (RSR): 40%" in check


@pytest.mark.parametrize(
    ("predictor", "message"),
    [
        ({"name": "other", "score": 40}, "Enter the name of the predictor used"),
        ({"name": "other", "score": 40, "other_name": "   "}, "Enter the name of the predictor"),
        ({"name": "other", "score": 40, "other_name": "<b>RSR</b>"}, "up to 60 letters"),
        ({"name": "other", "score": 40, "other_name": "R" * 61}, "up to 60 letters"),
        ({"name": "OGRS3", "score": 40, "other_name": "RSR"}, "only for another predictor"),
    ],
)
def test_the_api_checks_the_name_of_another_predictor(
    client: FlaskClient, london: Any, predictor: dict[str, Any], message: str
) -> None:
    response = client.post(RECOMMENDATIONS, json=api_body(predictor=predictor))
    assert response.status_code == 422
    assert message in response.get_json()["errors"]["predictor.other_name"]


def test_the_api_names_another_predictor_in_the_result(client: FlaskClient, london: Any) -> None:
    body = api_body(predictor={"name": "other", "score": 40, "other_name": "RSR"})
    answer = client.post(RECOMMENDATIONS, json=body).get_json()
    assert answer["predictor"] == {"name": "other", "score": 40, "other_name": "RSR"}
    assert "The predictor used (RSR)" in answer["rationale"]
