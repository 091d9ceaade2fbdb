"""Editing a draft: the rationale, the officer's own number of days, finalising, conflicts."""

from __future__ import annotations

import uuid
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import AuditEvent
from proposal.web.demand import DemandRecord
from proposal.web.models import Proposal
from tests.proposal.web.conftest import form_data, proposal_id


def reload(session: Session, saved: uuid.UUID) -> Proposal:
    """The proposal as the database now holds it."""
    session.expire_all()
    proposal = session.get(Proposal, saved)
    assert proposal is not None
    return proposal


def audit(session: Session, saved: uuid.UUID, action: str) -> list[AuditEvent]:
    """The proposal's audit rows for one action."""
    query = select(AuditEvent).where(
        AuditEvent.entity_id == str(saved), AuditEvent.action == action
    )
    return list(session.scalars(query))


def demand_days(session: Session, saved: uuid.UUID) -> int | None:
    """The days on the proposal's demand record."""
    query = select(DemandRecord.days_proposed).where(DemandRecord.proposal_id == saved)
    return session.scalars(query).one()


def test_an_override_needs_a_reason(client: FlaskClient, saved: uuid.UUID, session: Session):
    response = client.post(f"/proposals/{saved}/days", data={"version": "1", "days": "20"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<a href="#reason">Give the reason for changing the number of days</a>' in html
    assert 'value="20"' in html
    assert reload(session, saved).override_days is None and not audit(session, saved, "override")


def test_an_override_keeps_both_numbers_and_the_reason(
    client: FlaskClient, saved: uuid.UUID, session: Session
) -> None:
    reason = "Two further sessions needed for a recent housing crisis."
    response = client.post(
        f"/proposals/{saved}/days", data={"version": "1", "days": "20", "reason": reason}
    )
    assert response.status_code == 302
    proposal = reload(session, saved)
    assert (proposal.recommended_days, proposal.override_days, proposal.final_days) == (15, 20, 20)
    assert proposal.override_reason == reason
    assert proposal.result["override"] == {
        "original_days": 15,
        "days": 20,
        "reason": reason,
        "inside_band": True,
    }
    assert (
        "The officer proposes 20 days instead of the calculated 15" in proposal.result["rationale"]
    )
    [event] = audit(session, saved, "override")
    assert (event.field, event.old_value, event.new_value) == ("days", "15", "20")
    assert reason not in str(event.reason) and "Two further" not in str(event.details)
    assert event.details["override_days"] == 20 and event.details["recommended_days"] == 15
    assert demand_days(session, saved) == 20
    html = client.get(f"/proposals/{saved}").get_data(as_text=True)
    assert 'id="final-days">20</strong>' in html and "15 days. You changed it to 20" in html
    assert "Rehabilitation Activity Requirement: up to 20 days" in html


def test_an_override_leaves_an_edited_rationale_alone(client, saved, session):
    client.post(f"/proposals/{saved}/rationale", data={"version": "1", "rationale": "Mine."})
    client.post(f"/proposals/{saved}/days", data={"version": "2", "days": "18", "reason": "Why."})
    assert reload(session, saved).rationale == "Mine."


def test_the_rationale_can_be_edited_up_to_4000_characters(
    client: FlaskClient, saved: uuid.UUID, session: Session
) -> None:
    text = "Line one.\n\nA second <paragraph> & more."
    response = client.post(
        f"/proposals/{saved}/rationale", data={"version": "1", "rationale": text}
    )
    assert response.status_code == 302
    assert reload(session, saved).rationale == text
    html = client.get(f"/proposals/{saved}").get_data(as_text=True)
    assert "<p>A second &lt;paragraph&gt; &amp; more.</p>" in html
    too_long = client.post(
        f"/proposals/{saved}/rationale", data={"version": "2", "rationale": "x" * 4001}
    )
    assert "Your text must be 4,000 characters or fewer" in too_long.get_data(as_text=True)
    assert reload(session, saved).rationale == text


def test_an_edit_based_on_an_old_version_is_refused_and_what_was_typed_is_kept(
    client: FlaskClient, saved: uuid.UUID, session: Session
) -> None:
    client.post(f"/proposals/{saved}/rationale", data={"version": "1", "rationale": "First."})
    response = client.post(
        f"/proposals/{saved}/rationale", data={"version": "1", "rationale": "Typed in another tab."}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed since you opened it" in html and "Typed in another tab.</textarea>" in html
    assert 'name="version" type="hidden" value="2"' in html
    assert reload(session, saved).rationale == "First."


def test_finalising_locks_the_proposal(client: FlaskClient, saved: uuid.UUID, session: Session):
    client.post(f"/proposals/{saved}/days", data={"version": "1", "days": "18", "reason": "Why."})
    assert client.post(f"/proposals/{saved}/finalise", data={"version": "2"}).status_code == 302
    proposal = reload(session, saved)
    assert proposal.status == "final" and proposal.finalised_at is not None
    assert demand_days(session, saved) == 18
    [event] = audit(session, saved, "finalise")
    assert event.details["status"] == "final"
    for url, data in (
        ("rationale", {"rationale": "Later."}),
        ("days", {"days": "30", "reason": "Later."}),
        ("finalise", {}),
    ):
        response = client.post(f"/proposals/{saved}/{url}", data={"version": "3", **data})
        assert response.status_code == 409, url
        assert "This proposal is final" in response.get_data(as_text=True)
    after = reload(session, saved)
    assert (after.rationale, after.override_days, after.version) == (
        proposal.rationale,
        18,
        proposal.version,
    )
    html = client.get(f"/proposals/{saved}").get_data(as_text=True)
    assert "Save rationale" not in html and "Finalise proposal" not in html


def test_no_override_when_no_rar_is_proposed(client, officer, make_intervention, session):
    saved = proposal_id(client.post("/proposals/new", data=form_data()))  # nothing available
    proposal = reload(session, saved)
    assert proposal.result["recommend_rar"] is False and proposal.recommended_days is None
    response = client.post(
        f"/proposals/{saved}/days", data={"version": "1", "days": "10", "reason": "Because."}
    )
    assert "no number to override" in response.get_data(as_text=True)
    assert reload(session, saved).override_days is None


def test_my_proposals_lists_only_my_own(
    client: FlaskClient, saved: uuid.UUID, login: Any, app: Any
) -> None:
    html = client.get("/proposals").get_data(as_text=True)
    assert f"/proposals/{saved}" in html and "Highbury Corner Magistrates&#39; Court" in html
    assert "CR-2025-0042" in html and "Draft" in html
    other = app.test_client()
    login(other, "court-officer")
    assert f"/proposals/{saved}" not in other.get("/proposals").get_data(as_text=True)
