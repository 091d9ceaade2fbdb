"""A saved proposal as the API answers it (GET /api/v1/proposals/<id>)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app, url_for

from accounts.models import User
from proposal.changes import Change
from proposal.consistency import conflicting_days
from proposal.web.documents import author_of
from proposal.web.models import Proposal


def full_rationale(proposal: Proposal) -> str:
    """The rationale as the PSR prints it: the generated statements, then the officer's text."""
    parts = [proposal.result["rationale"], proposal.rationale.strip()]
    return "\n\n".join(part for part in parts if part)


def activities_now(activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The saved activities, each also saying at its top level whether its availability is
    stale: stale when saved, or not confirmed within the stale limit as of today."""
    limit = date.today() - timedelta(days=int(current_app.config["STALE_AFTER_DAYS"]))
    answer = []
    for activity in activities:
        availability = activity.get("availability") or {}
        confirmed = availability.get("confirmed_at")
        stale = bool(availability.get("stale")) or confirmed is None
        if confirmed and not stale:
            try:
                stale = date.fromisoformat(str(confirmed)) < limit
            except ValueError:
                stale = True
        answer.append({**activity, "stale": stale})
    return answer


def proposal_json(proposal: Proposal, author: User | None, changes: list[Change]) -> dict[str, Any]:
    """Every field the issue lists, and the working, links and version a caller needs."""
    result = proposal.result
    override = None
    if proposal.override_days is not None:
        override = {"days": proposal.override_days, "reason": proposal.override_reason}
    conflicts = conflicting_days(proposal.rationale, proposal.final_days)
    return {
        "id": str(proposal.id),
        "status": proposal.status,
        "version": proposal.version,
        "recommend_rar": result["recommend_rar"],
        "recommended_max_days": proposal.recommended_days,
        "final_days": proposal.final_days,
        "override": override,
        "band": result["band"],
        "predictor": result["predictor"],
        "activities": activities_now(result["activities"]),
        "routed": result["routed"],
        "unmet_needs": result["unmet_needs"],
        "unmet_open_elsewhere": result.get("unmet_open_elsewhere") or [],
        "warnings": result["warnings"],
        "calculation": result["calculation"],
        "rationale": full_rationale(proposal),
        "generated_rationale": result["rationale"],
        "officer_text": proposal.rationale,
        "officer_text_conflicts": [
            {"days": m.days, "paragraph": m.paragraph, "phrase": m.phrase} for m in conflicts
        ],
        "changed_since_saved": [change.to_dict() for change in changes],
        "author": author_of(author),
        "policy_version": proposal.policy_version,
        "created_at": proposal.created_at.isoformat(),
        "calculated_at": (proposal.calculated_at or proposal.created_at).isoformat(),
        "finalised_at": proposal.finalised_at.isoformat() if proposal.finalised_at else None,
        "url": url_for("proposal.view_proposal", id=proposal.id),
        "psr_pdf": url_for("proposal.psr_pdf", id=proposal.id),
        "defendant_pdf": url_for("proposal.defendant_pdf", id=proposal.id),
    }
