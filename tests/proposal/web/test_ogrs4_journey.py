"""OGRS4/G in the proposal journey: the form, the saved proposal, the PSR, the API, the page."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from proposal import ogrs4
from proposal.web.models import Proposal
from tests.proposal.web.conftest import (
    DATE_OF_BIRTH,
    api_body,
    date_boxes,
    defendant,
    form_data,
    proposal_id,
)
from tests.proposal.web.test_documents import read_pdf

HEARING = "2025-06-02"
# A man born 27 March 1990, convicted of shoplifting on 1 May 2025, his 6th sanction.
INPUTS = {
    "gender": "male",
    "date_of_birth": DATE_OF_BIRTH,
    "conviction_date": "2025-05-01",
    "offence_code": "04600",
    "total_sanctions": 6,
    "age_at_first_sanction": 19,
    "violent_sanctions": 1,
    "follow_up_start": HEARING,
    "assessment_date": HEARING,
}


def _expected() -> ogrs4.Ogrs4Result:
    return ogrs4.calculate(INPUTS, date(2030, 1, 1))


def _form(**changes: Any) -> dict[str, Any]:
    factors = {
        "predictor": "calculate-ogrs4",
        "score": "",
        "ogrs4_offence_code": "04600",
        "ogrs4_total_sanctions": "6",
        "ogrs4_age_at_first_sanction": "19",
        "ogrs4_violent_sanctions": "1",
    }
    data = form_data(**{**factors, **changes})
    data.update(date_boxes("ogrs4_conviction_date", "2025-05-01"))
    return data


def test_the_form_offers_ogrs4g_beside_ogrs3_and_an_entered_score(client, officer, london):
    html = client.get("/proposals/new").get_data(as_text=True)
    for choice in ('value="OGRS3"', 'value="OGRS4/G"', 'value="calculate"'):
        assert choice in html, choice
    assert 'value="calculate-ogrs4"' in html and "Calculate OGRS4/G" in html
    # Without JavaScript the offence is a plain code box; the script adds the type-ahead.
    assert 'name="ogrs4_offence_code"' in html and 'data-module="app-offence-autocomplete"' in html
    assert "offence-autocomplete.js" in html and "accessible-autocomplete.min.js" in html


def test_calculating_ogrs4g_saves_the_predictor_its_version_and_every_input(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    saved = proposal_id(client.post("/proposals/new", data=_form()))
    proposal = session.get(Proposal, saved)
    expected = _expected()
    assert proposal.result["predictor"] == {
        "name": "OGRS4/G",
        "score": float(expected.general.two_year),
    }
    assert proposal.inputs["ogrs4"] == {**INPUTS, "date_of_birth": DATE_OF_BIRTH}
    working = proposal.result["ogrs4"]
    assert working["version"] == "016919c5305b083e690a145856909c7b6de8c6a1"
    assert working["offence"]["category"] == "THEFT_NON_MOTOR"
    assert working["violent"]["predictor"] == "OGRS4/V"
    assert working["derived"]["offence_free_months"] == 0  # follow-up starts at the hearing
    # The nearest OGRS3 category feeds the activities' offence rules.
    assert proposal.inputs.get("offence_category") is None
    page = client.get(f"/proposals/{saved}").get_data(as_text=True)
    assert f"OGRS4/G working: {expected.general.two_year}% two-year" in page
    assert "OGRS4 category: theft (non-motor)" in page


def test_the_psr_names_the_predictor_its_inputs_and_the_banding(client, officer, london):
    saved = proposal_id(client.post("/proposals/new", data=_form()))
    _reader, text = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))
    score = _expected().general.two_year
    for expected in (
        f"OGRS4/G static two-year score {score}%",
        "Calculated from: male, born 27 March 1990",
        "convicted 1 May 2025 (aged 35) of offence 04600",
        "(OGRS4 category: theft (non-motor))",
        "6 sanctions including this one, the first at age 19",
        "OGRS4/G keeps the 50/75/90 edges",
        "source commit 016919c5305b083e690a145856909c7b6de8c6a1",
        "it is not an OVP score",
    ):
        assert expected in text, expected


def test_the_form_asks_for_each_ogrs4_factor(client, officer, london):
    data = form_data(predictor="calculate-ogrs4", score="")
    html = client.post("/proposals/new", data=data).get_data(as_text=True)
    for field in (
        "ogrs4_conviction_date",
        "ogrs4_offence_code",
        "ogrs4_total_sanctions",
        "ogrs4_age_at_first_sanction",
    ):
        assert f'id="{field}-error"' in html, field
    assert "Enter the Home Office offence code to calculate OGRS4/G" in html


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("99999", "There is no Home Office offence code 99999"),
        ("00001", "has no OGRS4 offence category, so it cannot be scored"),
        ("1161x", "Enter the Home Office offence code as 5 digits"),
    ],
)
def test_unknown_or_unscoreable_codes_are_refused_beside_the_field(
    client, officer, london, code, message
):
    html = client.post("/proposals/new", data=_form(ogrs4_offence_code=code)).get_data(as_text=True)
    assert 'id="ogrs4_offence_code-error"' in html and message in html


def test_a_typed_code_shows_its_category_when_the_form_comes_back(client, officer, london):
    html = client.post("/proposals/new", data=_form(ogrs4_total_sanctions="")).get_data(
        as_text=True
    )
    assert "04600: Stealing from shops and stalls (shoplifting)" in html
    assert "OGRS4 category: <strong>theft (non-motor)</strong>" in html


def test_overriding_the_days_keeps_the_ogrs4_working(client, officer, london, session):
    saved = proposal_id(client.post("/proposals/new", data=_form()))
    response = client.post(
        f"/proposals/{saved}/days", data={"version": "1", "days": "20", "reason": "Housing."}
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Proposal, saved).result["ogrs4"]["two_year"] == float(
        _expected().general.two_year
    )


def test_the_api_takes_ogrs4_inputs_instead_of_a_score(client: FlaskClient, london: Any) -> None:
    body = api_body(predictor=None, ogrs4={k: v for k, v in INPUTS.items() if k != "gender"})
    answer = client.post("/api/v1/recommendations", json=body).get_json()
    assert answer["predictor"] == {"name": "OGRS4/G", "score": float(_expected().general.two_year)}
    assert answer["ogrs4"]["offence"]["code"] == "04600" and answer["ogrs3"] is None
    assert "OGRS4/G keeps the 50/75/90 edges" in answer["calculation"][1]["explanation"]


def test_ogrs4_errors_are_keyed_by_their_path(client: FlaskClient, london: Any) -> None:
    body = api_body(predictor=None, ogrs4={**INPUTS, "offence_code": "00000"})
    response = client.post("/api/v1/recommendations", json=body)
    assert response.status_code == 422
    assert "cannot be scored" in response.get_json()["errors"]["ogrs4.offence_code"]
    both = client.post("/api/v1/recommendations", json=api_body(ogrs4=INPUTS))
    assert both.status_code == 422 and "only one of them" in both.get_json()["errors"]["predictor"]


def test_a_proposal_takes_the_date_of_birth_from_the_defendant(client, officer, london, session):
    inputs = {k: v for k, v in INPUTS.items() if k not in ("gender", "date_of_birth")}
    body = {**api_body(predictor=None, ogrs4=inputs), "defendant": defendant()}
    response = client.post("/api/v1/proposals", json=body)
    assert response.status_code == 201, response.get_json()
    proposal = session.get(Proposal, uuid.UUID(response.get_json()["id"]))
    assert proposal.inputs["ogrs4"]["date_of_birth"] == DATE_OF_BIRTH


def test_the_old_name_ogrs4_is_accepted_for_an_entered_score(client, london):
    body = api_body(predictor={"name": "OGRS4", "score": 62})
    answer = client.post("/api/v1/recommendations", json=body).get_json()
    assert answer["predictor"] == {"name": "OGRS4/G", "score": 62}
    assert answer["band"]["name"] == "medium"


def test_ogrs4v_is_not_taken_as_an_ovp_score(client, london):
    from proposal.web.catalogue_facts import Geography
    from proposal.web.inputs import parse_case

    body = api_body(predictor=None, ogrs4=INPUTS)
    parsed = parse_case(body, Geography({"london": "London"}, {}, {}))
    assert parsed.ogrs4 is not None and parsed.ogrs4.violent is not None
    assert parsed.case.ovp_score is None


def test_the_calculator_page_shows_both_scores_and_every_term(client: FlaskClient) -> None:
    assert client.get("/ogrs4").status_code == 200
    data = {
        "gender": "male",
        "ogrs4_offence_code": "11618",
        "total_sanctions": "2",
        "age_at_first_sanction": "21",
        "violent_sanctions": "2",
        **date_boxes("date_of_birth", "1991-07-17"),
        **date_boxes("conviction_date", "2021-08-05"),
        **date_boxes("follow_up_start", "2021-12-12"),
        **date_boxes("assessment_date", "2026-08-04"),
    }
    html = client.post("/ogrs4", data=data).get_data(as_text=True)
    assert "OGRS4/G 4.27% in two years" in html  # the published service's example
    assert "2.32% in two years: low" in html
    for label in (
        "Two-year intercept",
        "Male aged 30 at the start of follow-up",
        "Second sanction 9 years after the first",
        "36 offence-free months",
    ):
        assert label in html, label
    assert "OGRS4 category: <strong>other offences</strong>" in html


def test_the_calculator_page_puts_errors_beside_fields(client: FlaskClient) -> None:
    data = {
        "gender": "male",
        "ogrs4_offence_code": "00000",
        "total_sanctions": "0",
        "age_at_first_sanction": "21",
        **date_boxes("date_of_birth", "1991-07-17"),
        **date_boxes("conviction_date", "2021-08-05"),
    }
    html = client.post("/ogrs4", data=data).get_data(as_text=True)
    assert 'id="ogrs4_offence_code-error"' in html and 'id="total_sanctions-error"' in html
    assert "from 1 to 999" in html


def test_a_copy_of_an_ogrs4g_proposal_keeps_its_factors(client, officer, london):
    from tests.proposal.web.test_copy_and_delete import submitted_values

    saved = proposal_id(client.post("/proposals/new", data=_form()))
    html = client.get(f"/proposals/{saved}/copy").get_data(as_text=True)
    values = submitted_values(html)
    assert values["predictor"] == ["calculate-ogrs4"]
    assert values["ogrs4_offence_code"] == ["04600"] and values["ogrs4_total_sanctions"] == ["6"]
    assert values["ogrs4_conviction_date-day"] == ["1"]
    assert "OGRS4 category: <strong>theft (non-motor)</strong>" in html
    copied = proposal_id(client.post(f"/proposals/{saved}/copy", data=_form()))
    assert copied != saved


def test_a_copy_of_a_proposal_under_the_old_name_chooses_ogrs4g(client, officer, london, session):
    saved = proposal_id(client.post("/proposals/new", data=form_data(predictor="OGRS4/G")))
    proposal = session.get(Proposal, saved)
    proposal.inputs = {**proposal.inputs, "predictor": {"name": "OGRS4", "score": 62}}
    session.commit()
    html = client.get(f"/proposals/{saved}/copy").get_data(as_text=True)
    assert 'value="OGRS4/G" checked' in html


def test_the_navigation_reaches_the_calculator_page(client: FlaskClient) -> None:
    html = client.get("/ogrs4").get_data(as_text=True)
    navigation = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    assert 'href="/ogrs4"' in navigation and "OGRS4/G calculator" in navigation
    assert 'aria-current="page"' in navigation.split("OGRS4/G calculator")[0][-300:]
