"""Work a draft's result out again: today's catalogue, and changed answers when given.

The officer's own text and number of days (with its reason) are kept; the generated
statements follow the new result; the audit keeps the old result, without personal data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.versions import commit_versioned
from proposal import apply_override
from proposal.policy import Policy
from proposal.types import Recommendation, ValidationError
from proposal.web.demand import update_demand
from proposal.web.inputs import CASE_KEYS
from proposal.web.models import Proposal
from proposal.web.recommending import make_recommendation
from proposal.web.services import (
    DERIVED,
    audit_facts,
    audit_proposal,
    check_editable,
    check_proposal,
    linked_needs,
    result_record,
)


def recalculate(
    session: Session,
    proposal: Proposal,
    answers: dict[str, Any] | None,
    version: int | None,
    actor: str,
    policy: Policy,
    now: datetime,
) -> Proposal:
    """Re-run the engine on today's catalogue with the stored answers, changed by `answers`."""
    check_editable(proposal, version)
    defendant, parsed, body = check_proposal(session, _merged(proposal.inputs, answers))
    made = make_recommendation(session, parsed, now.date(), policy)
    rec = _with_override(proposal, made.recommendation, policy)
    before = _summary(proposal)
    proposal.inputs = {
        **{key: value for key, value in body.items() if key in CASE_KEYS},
        "defendant": defendant.to_dict(),
    }
    proposal.court_slug, proposal.region_slug = defendant.court.court, parsed.case.region
    proposal.catalogue_snapshot = made.catalogue.to_snapshot()
    proposal.result = result_record(rec, parsed)
    proposal.policy_version = rec.policy_version
    proposal.recommended_days = (
        rec.override.original_days if rec.override else rec.recommended_max_days
    )
    proposal.calculated_at = proposal.updated_at = now
    update_demand(session, proposal, linked_needs(parsed), parsed.case.pdu or defendant.court.pdu)
    audit_proposal(
        session,
        proposal,
        actor,
        "recalculate",
        [("days", before["final_days"], proposal.final_days)],
        details={**audit_facts(proposal), "previous": before},
    )
    commit_versioned(session, [proposal])
    return proposal


def _merged(stored: dict[str, Any], answers: dict[str, Any] | None) -> dict[str, Any]:
    """The stored answers with the given ones on top; region, PDU and age are worked out
    again from the court and dates unless given."""
    if answers is not None and not isinstance(answers, dict):
        raise ValidationError({"inputs": "Send the changed answers as a JSON object"})
    body = {key: value for key, value in stored.items() if key not in DERIVED}
    given = answers or {}
    if "predictor" in given:
        body.pop("ogrs3", None)
    if "ogrs3" in given:
        body.pop("predictor", None)
    return {**body, **given}


def _with_override(proposal: Proposal, rec: Recommendation, policy: Policy) -> Recommendation:
    """Keep the officer's number and reason while a RAR is still proposed; drop it otherwise."""
    if proposal.override_days is None or not rec.recommend_rar:
        proposal.override_days = proposal.override_reason = None
        return rec
    return apply_override(rec, proposal.override_days, proposal.override_reason or "", policy)


def _summary(proposal: Proposal) -> dict[str, Any]:
    """The old result, as the audit keeps it: numbers and catalogue names, no personal data."""
    result = proposal.result
    return {
        "recommended_days": proposal.recommended_days,
        "final_days": proposal.final_days,
        "band": result["band"]["name"],
        "activities": [item["intervention"]["name"] for item in result["activities"]],
        "unmet_needs": list(result["unmet_needs"]),
        "policy_version": proposal.policy_version,
        "calculated_at": (proposal.calculated_at or proposal.created_at).isoformat(),
    }
