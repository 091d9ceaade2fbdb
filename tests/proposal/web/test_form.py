"""The one-page court proposal form: saving a draft, errors kept beside fields, rule 3."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from core.audit import AuditEvent
from proposal.policy import POLICY_VERSION
from proposal.web.demand import DemandRecord
from proposal.web.models import Proposal
from tests.proposal.web.conftest import (
    CASE_REFERENCE,
    COURT,
    DATE_OF_BIRTH,
    NAME,
    form_data,
    proposal_id,
)


def page_text(response: Any) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def test_the_form_is_one_page_that_works_without_javascript(client, officer, london):
    html = page_text(client.get("/proposals/new"))
    assert '<form method="post" novalidate>' in html
    for name in (
        "court",
        "defendant_name",
        "date_of_birth-day",
        "date_of_birth-month",
        "date_of_birth-year",
        "case_reference",
        "hearing_date-day",
        "hearing_date-month",
        "hearing_date-year",
        "gender",
        "age",
        "predictor",
        "score",
        "age_at_first_sanction",
        "previous_sanctions",
        "offence_category",
        "reoffending",
        "harm",
        "flags",
        "order_type",
        "order_months",
        "other_requirements",
        "exceptional_circumstances",
    ):
        assert f'name="{name}"' in html, name
    assert 'value="calculate"' in html and "Calculate OGRS3" in html
    assert '<optgroup label="London">' in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]


def test_saving_the_form_makes_a_draft_with_the_result(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    saved = proposal_id(client.post("/proposals/new", data=form_data()))
    html = page_text(client.get(f"/proposals/{saved}"))
    assert 'id="final-days">15</strong> days' in html
    assert "Medium: guideline 15–25 days" in html
    for shown in (
        "Housing Advice Service",
        "Thinking Skills Group",
        "How this was calculated",
        "Planned activity days",
        "Unmet needs",
        "Preview of the PSR section",
        "Rehabilitation Activity Requirement: up to 15 days",
        NAME,
    ):
        assert shown in html, shown
    assert "Paused Work Club" not in html
    proposal = session.get(Proposal, saved)
    assert proposal.status == "draft" and proposal.policy_version == POLICY_VERSION
    assert proposal.region_slug == "london" and proposal.court_slug == COURT
    assert proposal.inputs["defendant"]["name"] == NAME
    assert proposal.inputs["age"] == 35  # from the date of birth and the hearing date
    assert proposal.inputs["pdu"] == "camden-and-islington"
    # The snapshot keeps what could change the result: the paused club could not.
    assert {item["slug"] for item in proposal.catalogue_snapshot} == {
        "housing-advice-service",
        "thinking-skills-group",
    }
    assert proposal.recommended_days == 15 and proposal.rationale == ""
    assert proposal.result["rationale"].startswith("Proposed: a")


def test_a_saved_proposal_records_demand_without_personal_data(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    saved = proposal_id(client.post("/proposals/new", data=form_data()))
    record = session.scalars(select(DemandRecord).where(DemandRecord.proposal_id == saved)).one()
    assert (record.region_slug, record.pdu_slug, record.band) == (
        "london",
        "camden-and-islington",
        "medium",
    )
    assert record.needs == [
        "accommodation",
        "attitudes-thinking-behaviour",
        "finance-benefits-debt",
    ]
    assert record.unmet_needs == ["finance-benefits-debt"] and record.days_proposed == 15
    audit = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == str(saved))).one()
    assert (audit.entity_type, audit.action, audit.actor) == ("proposal", "create", officer.email)
    for row in (record.__dict__, audit.__dict__):
        text = json.dumps({k: v for k, v in row.items() if not k.startswith("_")}, default=str)
        for personal in (NAME, "Testcase", DATE_OF_BIRTH, "1990", CASE_REFERENCE):
            assert personal not in text


def test_the_court_is_remembered_for_the_next_proposal(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    assert 'selected value="westminster"' not in page_text(client.get("/proposals/new"))
    proposal_id(client.post("/proposals/new", data=form_data(court="westminster")))
    session.expire_all()
    assert session.get(User, officer.id).last_court_slug == "westminster"
    assert 'selected value="westminster"' in page_text(client.get("/proposals/new"))


def test_errors_are_summarised_shown_beside_fields_and_nothing_typed_is_lost(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    data = form_data(
        defendant_name="",
        score="150",
        reoffending=[],
        harm=[],
        order_months="x",
        case_reference="REF<9>",
    )
    response = client.post("/proposals/new", data=data)
    html = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#defendant_name">Enter the defendant&#39;s full name</a>' in html
    assert (
        '<a href="#reoffending">Select at least one need linked to reoffending or harm</a>' in html
    )
    assert 'id="order_months-error"' in html and "must be a whole number" in html
    assert '<a href="#score">Score must be a two-year percentage from 0 to 100</a>' in html
    assert 'value="REF&lt;9&gt;"' in html and 'value="150"' in html and 'value="x"' in html
    assert 'value="unpaid-work" checked' in html
    assert session.scalars(select(Proposal)).first() is None


def test_shared_checks_show_beside_the_form_fields(client, officer, london):
    html = page_text(client.post("/proposals/new", data=form_data(date_of_birth="2026-01-01")))
    assert '<a href="#date_of_birth-day">Date of birth must be before the hearing date</a>' in html
    assert 'id="date_of_birth-error"' in html
    assert 'id="age-error"' not in html and 'id="court-error"' not in html
    assert 'name="reoffending" type="checkbox" value="accommodation" checked' in html


def test_below_ogrs_25_a_rar_needs_exceptional_circumstances_and_no_rar_can_be_saved(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    no_rar = session.get(
        Proposal, proposal_id(client.post("/proposals/new", data=form_data(score="12")))
    )
    assert no_rar.result["recommend_rar"] is False and no_rar.final_days is None
    assert "below-threshold" in {w["code"] for w in no_rar.result["warnings"]}
    reasons = "Recent escalation: clear dynamic risk factors around accommodation loss."
    saved = proposal_id(
        client.post("/proposals/new", data=form_data(score="12", exceptional_circumstances=reasons))
    )
    proposal = session.get(Proposal, saved)
    assert proposal.result["band"]["name"] == "low" and proposal.recommended_days is not None
    assert "exceptional-circumstances" in {w["code"] for w in proposal.result["warnings"]}
    assert reasons in page_text(client.get(f"/proposals/{saved}"))


def test_ogrs3_can_be_calculated_on_the_same_page(
    client: FlaskClient, officer: Any, london: Any, session: Session
) -> None:
    data = form_data(
        predictor="calculate",
        score="",
        age="30",
        age_at_first_sanction="21",
        previous_sanctions="1",
        offence_category="fraud-forgery",
        exceptional_circumstances="Escalating risk around housing loss.",
    )
    saved = proposal_id(client.post("/proposals/new", data=data))
    proposal = session.get(Proposal, saved)
    assert proposal.result["predictor"] == {"name": "OGRS3", "score": 20}
    assert proposal.result["ogrs3"]["two_year"] == 20 and proposal.result["band"]["name"] == "low"
    assert proposal.inputs["offence_category"] == "fraud-forgery"
    assert "OGRS3 working: 11% one-year, 20% two-year" in page_text(
        client.get(f"/proposals/{saved}")
    )


def test_calculating_ogrs3_asks_for_the_static_factors(client, officer, london):
    html = page_text(client.post("/proposals/new", data=form_data(predictor="calculate")))
    for field in ("age_at_first_sanction", "previous_sanctions", "offence_category"):
        assert f'id="{field}-error"' in html


def test_ogrs3_errors_from_the_calculator_land_beside_its_fields(client, officer, london):
    data = form_data(
        predictor="calculate",
        age="30",
        age_at_first_sanction="40",
        previous_sanctions="2",
        offence_category="theft",
    )
    html = page_text(client.post("/proposals/new", data=data))
    assert '<a href="#age_at_first_sanction">Age at first sanction cannot be after' in html


@pytest.mark.parametrize(("role", "expected"), [("interventions-editor", 403), ("admin", 200)])
def test_only_court_officers_and_administrators_use_the_form(
    client: FlaskClient, login: Callable[..., Any], role: str, expected: int
) -> None:
    login(client, role)
    assert client.get("/proposals/new").status_code == expected
    assert client.get("/proposals").status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    for url in ("/proposals/new", "/proposals"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_ogrs3_factors_are_revealed_by_their_choice_and_the_score_by_its_choices(
    client, officer, london
):
    html = page_text(client.get("/proposals/new"))
    assert 'data-reveal-radios="predictor" data-reveal-values="calculate"' in html
    parts = html.split('class="govuk-radios__conditional govuk-radios__conditional--hidden"')
    assert len(parts) == 4, "OGRS3's, OGRS4/G's factors, another predictor's name: hidden"
    other, ogrs3_part, ogrs4_part = parts[1:]
    assert 'data-reveal-values="other"' in other[:300] and 'id="other_predictor_name"' in other
    assert 'id="score"' not in other.split("govuk-radios__item")[0]
    revealed = ogrs3_part.split("govuk-radios__item")[0].split("</fieldset>")[0]  # to the next
    assert 'id="age_at_first_sanction"' in revealed and 'id="previous_sanctions"' in revealed
    assert 'id="score"' not in revealed and 'id="offence_category"' not in revealed
    assert 'data-reveal-values="calculate-ogrs4"' in ogrs4_part[:300]
    ogrs4 = ogrs4_part.split('id="predictor-score"')[0]  # to the score's own reveal
    assert 'id="ogrs4_offence_code"' in ogrs4 and 'id="score"' not in ogrs4
    assert 'data-reveal-radios="predictor" data-reveal-values="OGRS3 OGRS4/G other"' in html
    # chosen already (the page shown again with errors): the factors are not hidden
    again = page_text(client.post("/proposals/new", data=form_data(predictor="calculate")))
    hidden = again.split("govuk-radios__conditional--hidden")
    assert len(hidden) == 3 and 'data-reveal-values="calculate-ogrs4"' in hidden[2][:300]
    assert 'class="app-reveal app-reveal--hidden" id="predictor-score"' in again
    assert 'class="app-reveal" id="predictor-score"' in page_text(
        client.post("/proposals/new", data=form_data(predictor="OGRS3", score=""))
    )
    assert 'class="govuk-radios__conditional" id="conditional-' in again
