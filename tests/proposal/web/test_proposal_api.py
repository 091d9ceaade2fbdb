"""GET, PATCH and finalise a saved proposal through the API: shape, access, 409 and 422."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from proposal.web.models import Proposal
from tests.conftest import signed_in_cookie
from tests.proposal.web.conftest import NAME, api_body, defendant

PROPOSALS = "/api/v1/proposals"
ISSUE_FIELDS = {
    "id",
    "status",
    "recommend_rar",
    "recommended_max_days",
    "final_days",
    "override",
    "band",
    "activities",
    "routed",
    "unmet_needs",
    "warnings",
    "rationale",
    "changed_since_saved",
    "author",
}


def url(saved: uuid.UUID, suffix: str = "") -> str:
    """The API address of a saved proposal."""
    return f"{PROPOSALS}/{saved}{suffix}"


def test_a_saved_proposal_has_every_field_the_issue_lists(
    client: FlaskClient, saved: uuid.UUID, officer: Any, session: Any
) -> None:
    officer.display_name, officer.job_title = "Sam Okafor", "Probation officer"
    session.commit()
    body = client.get(url(saved)).get_json()
    assert ISSUE_FIELDS <= set(body)
    assert body["status"] == "draft" and body["recommend_rar"] is True
    assert body["recommended_max_days"] == 15 and body["final_days"] == 15
    assert body["override"] is None and body["changed_since_saved"] == []
    assert body["author"] == {"name": "Sam Okafor", "job_title": "Probation officer"}
    assert all(
        {"confirmed_at", "stale"} <= set(item["availability"]) for item in body["activities"]
    )
    assert body["rationale"].startswith("Proposed: a Rehabilitation Activity Requirement")
    assert "@" not in str(body["author"])
    assert all(item["stale"] is False for item in body["activities"])


def test_an_activity_not_confirmed_within_the_limit_since_saving_is_marked_stale(
    client: FlaskClient, saved: uuid.UUID, session: Any
) -> None:
    proposal = session.get(Proposal, saved)
    result = copy.deepcopy(proposal.result)
    result["activities"][0]["availability"].update(confirmed_at="2020-01-01", stale=False)
    proposal.result = result
    session.commit()
    activities = client.get(url(saved)).get_json()["activities"]
    assert activities[0]["stale"] is True
    assert activities[0]["availability"]["confirmed_at"] == "2020-01-01"


def test_patch_sets_the_days_and_the_officers_text_and_get_shows_them(client, saved):
    text = "I support this proposal of up to 20 days."
    response = client.patch(url(saved), json={"days": 20, "reason": "Housing crisis."})
    assert response.status_code == 200, response.get_json()
    response = client.patch(url(saved), json={"rationale": text})
    body = response.get_json()
    assert body["override"] == {"days": 20, "reason": "Housing crisis."}
    assert body["final_days"] == 20 and body["recommended_max_days"] == 15
    assert body["officer_text"] == text and body["rationale"].endswith(text)
    assert "up to 20 days" in body["generated_rationale"]
    assert client.get(url(saved)).get_json() == body


def test_finalising_is_refused_while_the_officers_text_names_other_days(client, saved):
    client.patch(url(saved), json={"rationale": "A RAR of 12 days would do.\n\nMore."})
    refused = client.post(url(saved, "/finalise"))
    assert refused.status_code == 409
    reason = refused.get_json()["error"]
    assert "paragraph 1" in reason and "12 days" in reason and "up to 15 days" in reason
    assert client.get(url(saved)).get_json()["status"] == "draft"
    client.patch(url(saved), json={"rationale": "A RAR of 15 days would do."})
    done = client.post(url(saved, "/finalise"))
    assert done.status_code == 200 and done.get_json()["status"] == "final"


def test_any_change_after_finalising_is_409(client, saved):
    assert client.post(url(saved, "/finalise")).status_code == 200
    for body in ({"rationale": "Later."}, {"days": 18, "reason": "Later."}):
        response = client.patch(url(saved), json=body)
        assert response.status_code == 409 and "final" in response.get_json()["error"]
    assert client.post(url(saved, "/finalise")).status_code == 409


def test_an_old_version_is_409_with_the_current_proposal(client, saved):
    client.patch(url(saved), json={"rationale": "First.", "version": 1})
    response = client.patch(url(saved), json={"rationale": "Second.", "version": 1})
    assert response.status_code == 409
    assert response.get_json()["current"]["officer_text"] == "First."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body"),
        ({"days": 20}, "reason"),
        ({"reason": "x"}, "days"),
        ({"days": 0, "reason": "x"}, "days"),
        ({"days": "20", "reason": "x"}, "days"),
        ({"days": 20, "reason": "  "}, "reason"),
        ({"rationale": 5}, "rationale"),
        ({"rationale": "x" * 4001}, "rationale"),
        ({"inputs": []}, "inputs"),
        ({"inputs": {"needs": "lots"}}, "inputs.needs"),
        ({"shoe_size": 9}, "shoe_size"),
        ({"rationale": "x", "version": "1"}, "version"),
    ],
)
def test_bad_patches_are_422_and_change_nothing(client, saved, body, field):
    before = client.get(url(saved)).get_json()
    response = client.patch(url(saved), json=body)
    assert response.status_code == 422 and field in response.get_json()["errors"], response.json
    assert client.get(url(saved)).get_json() == before


def test_others_get_404_and_strangers_401(client, saved, app, login):
    other = app.test_client()
    login(other, "court-officer")
    assert other.get(url(saved)).status_code == 404
    assert other.patch(url(saved), json={"rationale": "x"}).status_code == 404
    assert other.post(url(saved, "/finalise")).status_code == 404
    assert app.test_client().get(url(saved)).status_code == 401
    assert client.get(url(uuid.uuid4())).status_code == 404
    admin = app.test_client()
    login(admin, "admin")
    assert admin.get(url(saved)).status_code == 200


def test_changed_answers_are_worked_out_again_and_the_officers_text_kept(client, saved):
    client.patch(url(saved), json={"rationale": "My own words."})
    needs = [{"area": "accommodation", "linked_to_reoffending": True, "linked_to_harm": False}]
    body = client.patch(url(saved), json={"inputs": {"needs": needs}}).get_json()
    assert [a["intervention"]["name"] for a in body["activities"]] == ["Housing Advice Service"]
    assert body["officer_text"] == "My own words."
    assert body["final_days"] == 15 and "up to 15 days" in body["generated_rationale"]


def test_patch_and_finalise_need_the_csrf_token(csrf_client, make_user, session, london):
    user = make_user("court-officer")
    values = signed_in_cookie(session, user.id)
    with csrf_client.session_transaction() as cookie:
        cookie.update(values)
    token = {"X-CSRFToken": csrf_client.get(f"{PROPOSALS}/csrf-token").get_json()["csrf_token"]}
    body = {**api_body(), "defendant": defendant()}
    saved = csrf_client.post(PROPOSALS, json=body, headers=token).get_json()["id"]
    assert csrf_client.patch(url(saved), json={"rationale": "x"}).status_code == 400
    assert csrf_client.post(url(saved, "/finalise")).status_code == 400
    assert csrf_client.patch(url(saved), json={"rationale": "x"}, headers=token).status_code == 200
    assert csrf_client.post(url(saved, "/finalise"), headers=token).status_code == 200


def test_the_openapi_document_matches_the_answers(client, saved):
    doc = client.get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]

    def check(name: str, answer: Any) -> None:
        Draft202012Validator({**schemas[name], "components": doc["components"]}).validate(answer)

    assert {"get", "patch"} <= set(doc["paths"]["/api/v1/proposals/{id}"])
    assert "post" in doc["paths"]["/api/v1/proposals/{id}/finalise"]
    check("Proposal", client.get(url(saved)).get_json())
    check("ProposalPatch", {"days": 20, "reason": "Why."})
    check("Proposal", client.patch(url(saved), json={"days": 20, "reason": "Why."}).get_json())
    check("ValidationErrors", client.patch(url(saved), json={}).get_json())
    client.patch(url(saved), json={"rationale": "Only 3 days."})
    check("ProposalRefused", client.post(url(saved, "/finalise")).get_json())
    check("Proposal", client.patch(url(saved), json={"rationale": "Fine."}).get_json())
    check("Proposal", client.post(url(saved, "/finalise")).get_json())
    check("ProposalRefused", client.patch(url(saved), json={"rationale": "x"}).get_json())
    assert NAME not in str(doc)
