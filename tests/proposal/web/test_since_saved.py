"""My proposals says when a named activity changed since the draft was saved; recalculating
with today's catalogue keeps the officer's text and days and audits the old result."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.changes import record_revision
from catalogue.models import Availability, Intervention
from core.audit import AuditEvent
from proposal.web.models import Proposal


def _row(session: Session, intervention: Any) -> Availability:
    return session.scalars(
        select(Availability).where(Availability.intervention_id == intervention.id)
    ).one()


def test_my_proposals_names_each_change_to_a_named_activity(
    client: FlaskClient, saved: uuid.UUID, session: Session, london: Any
) -> None:
    assert "No change to the activities named" in client.get("/proposals").get_data(as_text=True)
    _row(session, london.housing).status = "paused"
    thinking = _row(session, london.thinking)
    thinking.confirmed_at = datetime.now() - timedelta(days=200)
    thinking.next_start = date.today() + timedelta(days=40)
    session.commit()
    html = client.get("/proposals").get_data(as_text=True)
    assert "Housing Advice Service is now paused here (it was open)." in html
    assert "Thinking Skills Group: availability has become stale" in html
    assert "Thinking Skills Group: next start moved from" in html
    assert "Recalculate with today's catalogue" in html
    api = client.get(f"/api/v1/proposals/{saved}").get_json()
    assert {c["kind"] for c in api["changed_since_saved"]} == {"paused", "stale", "next-start"}


def test_a_withdrawn_activity_is_reported(client, saved, session, london):
    session.get(Intervention, london.housing.id).status = "withdrawn"
    session.commit()
    page = client.get(f"/proposals/{saved}").get_data(as_text=True)
    assert "Housing Advice Service has been withdrawn from the catalogue." in page


def test_recalculating_keeps_the_officers_text_and_days_and_audits_the_old_result(
    client: FlaskClient, saved: uuid.UUID, session: Session, london: Any
) -> None:
    client.post(f"/proposals/{saved}/rationale", data={"version": "1", "rationale": "Mine."})
    client.post(f"/proposals/{saved}/days", data={"version": "2", "days": "20", "reason": "Why."})
    _row(session, london.housing).status = "paused"
    record_revision(session, london.housing.id)
    session.commit()
    response = client.post(f"/proposals/{saved}/recalculate", data={"version": "3"})
    assert response.status_code == 302
    session.expire_all()
    proposal = session.get(Proposal, saved)
    assert proposal.rationale == "Mine." and proposal.final_days == 20
    names = [a["intervention"]["name"] for a in proposal.result["activities"]]
    assert names == ["Thinking Skills Group"] and "accommodation" in proposal.result["unmet_needs"]
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "recalculate"))
    previous = event.details["previous"]
    assert sorted(previous["activities"]) == ["Housing Advice Service", "Thinking Skills Group"]
    assert previous["final_days"] == 20 and "accommodation" not in previous["unmet_needs"]
    assert "No change to the activities named" in client.get("/proposals").get_data(as_text=True)
