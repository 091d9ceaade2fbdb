"""Copying a proposal into a new draft (adjournments) and deleting a draft: the audit trail
is kept, the personal data is not."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import AuditEvent
from proposal.web.demand import DemandRecord
from proposal.web.models import Proposal
from tests.proposal.web.conftest import (
    CASE_REFERENCE,
    DATE_OF_BIRTH,
    NAME,
    form_data,
    proposal_id,
)

EXCEPTIONAL = "Lives with Alexandra's brother at 4 Example Road since March."


def html_of(response: Any) -> str:
    return response.get_data(as_text=True)


def submitted_values(html: str) -> dict[str, Any]:
    """What the browser would send for the form as shown (text boxes, checked boxes and
    radios, selected options, text areas)."""
    form = html.split('<form method="post" novalidate>', 1)[1].split("</form>", 1)[0]
    values: dict[str, Any] = {}
    for tag in re.findall(r"<input [^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("radio", "checkbox") and "checked" not in tag):
            continue
        values.setdefault(name.group(1), []).append(value.group(1) if value else "")
    for name, body in re.findall(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body
        )
        values[name] = [next(g for g in chosen.groups() if g is not None)] if chosen else [""]
    for name, text in re.findall(
        r'<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
    ):
        values[name] = [text.strip()]
    return values


def test_a_copy_starts_with_the_answers_and_saves_as_a_new_draft(
    client: Any, officer: Any, london: Any, session: Session
) -> None:
    original = proposal_id(
        client.post("/proposals/new", data=form_data(exceptional_circumstances="Stable work."))
    )
    page = client.get(f"/proposals/{original}/copy")
    assert page.status_code == 200
    html = html_of(page)
    assert "Copy into a new draft" in html and CASE_REFERENCE in html
    values = submitted_values(html)
    assert values["defendant_name"] == [NAME] and values["court"] == ["highbury-corner"]
    assert values["date_of_birth-year"] == ["1990"] and values["date_of_birth-month"] == ["3"]
    assert values["hearing_date-year"] == [str(date.today().year)]
    assert values["predictor"] == ["OGRS3"] and values["score"] == ["62"]
    assert set(values["reoffending"]) == {
        "accommodation",
        "attitudes-thinking-behaviour",
        "finance-benefits-debt",
    }
    assert values["harm"] == ["attitudes-thinking-behaviour"]
    assert values["other_requirements"] == ["unpaid-work"]
    assert values["exceptional_circumstances"] == ["Stable work."]

    values["hearing_date-day"] = ["9"]  # adjourned to another day
    saved = client.post(f"/proposals/{original}/copy", data=values)
    copy = proposal_id(saved)
    assert copy != original
    new, old = session.get(Proposal, copy), session.get(Proposal, original)
    assert new.status == "draft" and new.inputs["defendant"]["hearing_date"].endswith("-09")
    assert new.inputs["defendant"]["name"] == NAME and old.inputs["defendant"]["name"] == NAME
    assert new.inputs["needs"] == old.inputs["needs"]
    audit = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_id == str(copy), AuditEvent.action == "copy")
    ).one()
    assert audit.details == {"copied_from": str(original)}


def test_an_ogrs3_calculation_is_copied_as_its_factors(
    client: Any, officer: Any, london: Any
) -> None:
    data = form_data(
        predictor="calculate",
        score="",
        age_at_first_sanction="21",
        previous_sanctions="1",
        offence_category="fraud-forgery",
        exceptional_circumstances="Escalating risk around housing loss.",
    )
    original = proposal_id(client.post("/proposals/new", data=data))
    values = submitted_values(html_of(client.get(f"/proposals/{original}/copy")))
    assert values["predictor"] == ["calculate"]
    assert values["age_at_first_sanction"] == ["21"] and values["previous_sanctions"] == ["1"]
    assert values["offence_category"] == ["fraud-forgery"]


def test_deleting_a_draft_keeps_the_audit_and_removes_personal_data(
    client: Any, officer: Any, london: Any, session: Session
) -> None:
    saved = proposal_id(
        client.post("/proposals/new", data=form_data(exceptional_circumstances=EXCEPTIONAL))
    )
    client.post(f"/proposals/{saved}/rationale", data={"version": "1", "rationale": f"{NAME} x"})
    client.post(f"/proposals/{saved}/days", data={"version": "2", "days": "20", "reason": NAME})
    confirm = html_of(client.get(f"/proposals/{saved}/delete"))
    assert "Delete this draft?" in confirm and 'name="version" type="hidden" value="3"' in confirm

    answer = client.post(f"/proposals/{saved}/delete", data={"version": "3"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/proposals")
    session.expire_all()
    row = session.get(Proposal, saved)
    assert row.status == "deleted"
    assert "flags" not in row.inputs and "needs" not in row.inputs and "gender" not in row.inputs
    stored = json.dumps([row.inputs, row.result, row.rationale, row.override_reason])
    for personal in (NAME, "Alexandra", DATE_OF_BIRTH, CASE_REFERENCE, "Example Road"):
        assert personal not in stored, personal
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == str(saved))).all()
    assert [e.action for e in events][0] == "create" and events[-1].action == "delete"
    assert events[-1].actor == officer.email
    assert (
        session.scalars(select(DemandRecord).where(DemandRecord.proposal_id == saved)).all() == []
    )
    # gone from the officer's view
    assert client.get(f"/proposals/{saved}").status_code == 404
    assert client.get(f"/proposals/{saved}/psr.pdf").status_code == 404
    assert str(saved) not in html_of(client.get("/proposals"))
    assert client.post(f"/proposals/{saved}/delete", data={"version": "4"}).status_code == 404


def test_a_final_proposal_cannot_be_deleted(
    client: Any, officer: Any, saved: uuid.UUID, session: Session
) -> None:
    client.post(f"/proposals/{saved}/finalise", data={"version": "1"})
    answer = client.post(f"/proposals/{saved}/delete", data={"version": "2"})
    assert answer.status_code == 409 and "Only a draft can be deleted" in html_of(answer)
    session.expire_all()
    assert session.get(Proposal, saved).inputs["defendant"]["name"] == NAME


def test_deleting_an_old_version_is_refused(
    client: Any, officer: Any, saved: uuid.UUID, session: Session
) -> None:
    client.post(f"/proposals/{saved}/rationale", data={"version": "1", "rationale": "Changed."})
    answer = client.post(f"/proposals/{saved}/delete", data={"version": "1"})
    assert answer.status_code == 409 and "changed since you opened it" in html_of(answer)
    session.expire_all()
    assert session.get(Proposal, saved).status == "draft"


def test_another_officer_can_neither_copy_nor_delete(
    client: Any, saved: uuid.UUID, login: Any
) -> None:
    client.post("/logout")
    login(client, "court-officer")
    assert client.get(f"/proposals/{saved}/copy").status_code == 404
    assert client.post(f"/proposals/{saved}/delete", data={"version": "1"}).status_code == 404
