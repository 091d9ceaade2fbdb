"""Copying a proposal into a new draft (an adjourned hearing), and deleting a draft: its
audit trail is kept, the personal data in its row is not."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from core.audit import record_audit
from core.versions import check_version, commit_versioned
from proposal.policy import PREDICTOR_ALIASES
from proposal.web.demand import forget_demand
from proposal.web.models import Proposal
from proposal.web.services import ENTITY, ProposalLocked

DELETED = "deleted"
# What a deleted draft's row keeps: where and when it was for, and the bare result. The
# name, date of birth, case reference, the officer's text, the assessment (needs, flags such
# as alcohol dependence, age, gender) and every generated sentence, which can quote the
# officer's text, are dropped.
KEPT_INPUTS = ("region", "pdu")
KEPT_DEFENDANT = ("court", "hearing_date")
KEPT_RESULT = ("band", "predictor", "recommend_rar", "recommended_max_days", "policy_version")


def form_values(inputs: dict[str, Any], today: date) -> dict[str, Any]:
    """A saved proposal's answers as the proposal form's values, for a copy. The hearing date
    is today's and the age is left to be worked out again from the dates."""
    defendant = inputs["defendant"]
    needs = inputs.get("needs") or []
    values: dict[str, Any] = {
        "court": defendant["court"],
        "defendant_name": defendant["name"],
        "date_of_birth": date.fromisoformat(defendant["date_of_birth"]),
        "case_reference": defendant["case_reference"],
        "hearing_date": today,
        "gender": inputs.get("gender"),
        "offence_category": inputs.get("offence_category") or "",
        "reoffending": [n["area"] for n in needs if n.get("linked_to_reoffending")],
        "harm": [n["area"] for n in needs if n.get("linked_to_harm")],
        "flags": [name for name, on in (inputs.get("flags") or {}).items() if on],
        "order_type": (inputs.get("order") or {}).get("type"),
        "order_months": (inputs.get("order") or {}).get("months"),
        "other_requirements": list(inputs.get("other_requirements") or ()),
        "exceptional_circumstances": inputs.get("exceptional_circumstances") or "",
    }
    return {**values, **_predictor_values(inputs)}


def _predictor_values(inputs: dict[str, Any]) -> dict[str, Any]:
    factors = inputs.get("ogrs3")
    if factors:
        return {
            "predictor": "calculate",
            "age_at_first_sanction": factors.get("age_at_first_sanction"),
            "previous_sanctions": factors.get("previous_sanctions"),
        }
    ogrs4 = inputs.get("ogrs4")
    if ogrs4:
        # The same conviction; the follow-up and assessment are the new hearing's date.
        convicted = ogrs4.get("conviction_date")
        return {
            "predictor": "calculate-ogrs4",
            "ogrs4_conviction_date": date.fromisoformat(convicted) if convicted else None,
            "ogrs4_offence_code": ogrs4.get("offence_code") or "",
            "ogrs4_total_sanctions": ogrs4.get("total_sanctions"),
            "ogrs4_age_at_first_sanction": ogrs4.get("age_at_first_sanction"),
            "ogrs4_violent_sanctions": ogrs4.get("violent_sanctions"),
        }
    given = inputs.get("predictor") or {}
    name = given.get("name")
    return {
        "predictor": PREDICTOR_ALIASES.get(name, name) if name else name,
        "score": given.get("score"),
        "other_predictor_name": given.get("other_name") or "",
    }


def delete_draft(session: Session, proposal: Proposal, version: int | None, actor: str) -> None:
    """Delete a draft: the row stays (so its audit trail still points at something) with its
    status `deleted` and every personal detail blanked; its demand record goes, since the
    proposal never reached the court. A final proposal cannot be deleted."""
    if proposal.status != "draft":
        raise ProposalLocked()
    check_version(proposal, version)
    _blank_personal_data(proposal)
    proposal.status, proposal.updated_at = DELETED, datetime.now()
    forget_demand(session, proposal)
    record_audit(
        session,
        actor=actor,
        entity_type=ENTITY,
        entity_id=str(proposal.id),
        action="delete",
        details={"court": proposal.court_slug, "status": DELETED},
    )
    commit_versioned(session, [proposal])


def _blank_personal_data(proposal: Proposal) -> None:
    inputs, result = proposal.inputs, proposal.result
    defendant = inputs.get("defendant") or {}
    proposal.inputs = {
        **{key: inputs.get(key) for key in KEPT_INPUTS},
        "defendant": {
            **{key: defendant.get(key) for key in KEPT_DEFENDANT},
            "name": "",
            "date_of_birth": "",
            "case_reference": "",
        },
    }
    proposal.result = {key: result.get(key) for key in KEPT_RESULT}
    proposal.rationale, proposal.override_reason = "", None


def record_copy(session: Session, copy: Proposal, source: Proposal, actor: str) -> None:
    """Note on the new draft which proposal it was copied from."""
    record_audit(
        session,
        actor=actor,
        entity_type=ENTITY,
        entity_id=str(copy.id),
        action="copy",
        details={"copied_from": str(source.id)},
    )
    session.commit()
