"""What the proposal page, the PSR section and the defendant's sheet show, and their PDFs.

Everything comes from the saved proposal (its inputs, result and catalogue snapshot), never
from the live catalogue, so a PDF made later says what the proposal said on the day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import render_template
from sqlalchemy.orm import Session

from accounts.models import User
from catalogue.models import Court, Pdu, Region
from catalogue.reference import AVAILABILITY_STATUSES, EIP_STATUSES, INTERVENTION_TYPES
from proposal.consistency import conflict_reason, conflicting_days
from proposal.ogrs3 import OFFENCE_CATEGORIES
from proposal.policy import ORDER_LABELS, REQUIREMENT_LABELS, need_label
from proposal.rationale import COURT_SETS_MAXIMUM, instead_of_rar, routed_label, stale_words
from proposal.types import RoutedNeed
from proposal.web import predictor_text
from proposal.web.catalogue_facts import summaries_from_snapshot
from proposal.web.inputs import OTHER_REQUIREMENTS
from proposal.web.models import Proposal
from web.pdf import render_pdf

# Warnings that explain why no RAR is proposed; the PSR states them as the reason.
BLOCKING_CODES = (
    "no-clear-needs",
    "below-threshold",
    "all-needs-routed",
    "no-available-activities",
)
RAR_DAY = (
    "A RAR day is one planned, structured session that addresses a need identified for the "
    "person, of any length. Two or more sessions on the same day count as one day. "
    "Appointments with the probation practitioner (induction, reviews, compliance) are not "
    "activity days. The person can never be instructed to attend more activity days than "
    "the court orders."
)
LABELS = {
    "type": INTERVENTION_TYPES,
    "eip_status": EIP_STATUSES,
    "availability": AVAILABILITY_STATUSES,
    "order": ORDER_LABELS,
    "requirement": REQUIREMENT_LABELS,
    "other_requirement": OTHER_REQUIREMENTS,
    "offence": {key: label for key, (label, _value) in OFFENCE_CATEGORIES.items()},
}


def document_context(session: Session, proposal: Proposal) -> dict[str, Any]:
    """Everything the page, the PSR section and the defendant's sheet need, as plain values."""
    result, inputs = proposal.result, proposal.inputs
    court = session.get(Court, proposal.court_slug) if proposal.court_slug else None
    author = session.get(User, proposal.author_id)
    conflicts = conflicting_days(proposal.rationale, proposal.final_days)
    return {
        "officer_conflicts": conflicts,
        "officer_conflict_reason": conflict_reason(conflicts, proposal.final_days)
        if conflicts
        else "",
        "proposal": proposal,
        "result": result,
        "inputs": inputs,
        "final_days": proposal.final_days,
        "draft": proposal.status != "final",
        "defendant": _defendant(inputs["defendant"]),
        "court_name": court.name if court else proposal.court_slug or "",
        "author": author_line(author),
        "summaries": summaries_from_snapshot(proposal.catalogue_snapshot),
        "needs_addressed": [need_label(need) for need in result["needs_addressed"]],
        "unmet_needs": [need_label(need) for need in result["unmet_needs"]],
        "unmet_places": unmet_places(session, proposal),
        "routed": [_routed(item) for item in result["routed"]],
        "reasons": [w["message"] for w in result["warnings"] if w["code"] in BLOCKING_CODES],
        "instead": instead_of_rar([_routed_need(item) for item in result["routed"]]),
        "programme_note": _warning(result, "programme-unavailable"),
        "other_requirements": [
            OTHER_REQUIREMENTS.get(r, r) for r in inputs.get("other_requirements") or ()
        ],
        "predictor": {
            "line": predictor_text.predictor_line(result),
            "score": predictor_text.score_text(result),
            "basis": predictor_text.banding_basis(result),
            "calculated_from": predictor_text.calculated_from(result),
        },
        "rar_day": RAR_DAY,
        "court_sets_maximum": COURT_SETS_MAXIMUM,
        "labels": LABELS,
        "need_label": need_label,
        "iso_date": _iso_date,
        "stale_words": stale_words,
        "outside_band": _outside_band,
    }


def unmet_places(session: Session, proposal: Proposal) -> list[str]:
    """Each unmet need with the place named truthfully: the PDU that has nothing, and the
    region when an activity is open elsewhere in it ("paused in Camden and Islington; open
    elsewhere in London")."""
    result, pdu_slug = proposal.result, proposal.inputs.get("pdu")
    region = session.get(Region, proposal.region_slug)
    region_name = region.name if region else proposal.region_slug
    pdu = session.get(Pdu, pdu_slug) if pdu_slug else None
    elsewhere = set(result.get("unmet_open_elsewhere") or ())
    snapshot = proposal.catalogue_snapshot or []
    lines = []
    for need in result["unmet_needs"]:
        label = need_label(need)
        if pdu is None:
            lines.append(f"{label}: nothing suitable available in {region_name} now")
            continue
        here = "paused" if _paused_in(snapshot, need, pdu.slug) else "nothing suitable available"
        where = f"{here} in {pdu.name}"
        if need in elsewhere:
            lines.append(f"{label}: {where}; open elsewhere in {region_name}")
        else:
            lines.append(f"{label}: {where} or elsewhere in {region_name} now")
    return lines


def _paused_in(snapshot: list[dict[str, Any]], need: str, pdu: str) -> bool:
    """True when an activity for the need has a paused row for this PDU in the snapshot."""
    return any(
        row.get("pdu") == pdu and row.get("status") == "paused"
        for item in snapshot
        if need in (item.get("needs") or ())
        for row in item.get("availability") or ()
    )


def author_of(user: User | None) -> dict[str, str]:
    """The author as other systems and documents name them: never by e-mail address."""
    if user is None:
        return {"name": "", "job_title": ""}
    return {"name": user.display_name.strip(), "job_title": user.job_title.strip()}


def author_line(user: User | None) -> str:
    """ "Name, job title, probation court team", leaving out what is not recorded."""
    author = author_of(user)
    return ", ".join([*(part for part in author.values() if part), "probation court team"])


def _defendant(stored: dict[str, str]) -> dict[str, Any]:
    return {
        "name": stored["name"],
        "date_of_birth": date.fromisoformat(stored["date_of_birth"]),
        "case_reference": stored["case_reference"],
        "hearing_date": date.fromisoformat(stored["hearing_date"]),
    }


def _routed_need(item: dict[str, Any]) -> RoutedNeed:
    return RoutedNeed(item["need"], item["requirement"], item["reason"], item.get("programme"))


def _routed(item: dict[str, Any]) -> dict[str, str]:
    routed = _routed_need(item)
    requirement = REQUIREMENT_LABELS.get(routed.requirement, routed.requirement)
    if routed.programme:
        requirement = f"{requirement} ({routed.programme})"
    return {"what": routed_label(routed), "requirement": requirement, "reason": routed.reason}


def _warning(result: dict[str, Any], code: str) -> str | None:
    return next((w["message"] for w in result["warnings"] if w["code"] == code), None)


def _outside_band(band: dict[str, Any], days: int | None) -> str | None:
    """Whether the days are "above" or "below" the stored band's guideline (None: inside)."""
    if days is None or band.get("min_days") is None or band.get("max_days") is None:
        return None
    return "above" if days > band["max_days"] else "below" if days < band["min_days"] else None


def _iso_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def psr_pdf(context: dict[str, Any]) -> bytes:
    """The typed PSR section as a tagged PDF."""
    return render_pdf(render_template("proposal/psr_document.html", **context))


def defendant_pdf(context: dict[str, Any]) -> bytes:
    """The one-page sheet for the defendant as a tagged PDF."""
    return render_pdf(render_template("proposal/defendant_sheet.html", **context))
