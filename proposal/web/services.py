"""Saved proposals: make, override, edit, finalise and download, each persisted and audited.

Audit rows and demand records never hold the defendant's name or date of birth.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.models import User
from core.audit import record_audit
from core.versions import check_version, commit_versioned
from proposal import apply_override, recommend
from proposal.consistency import DaysMention, conflict_reason, conflicting_days
from proposal.policy import DEFAULT_POLICY, Policy
from proposal.types import Recommendation, ValidationError
from proposal.web.catalogue_facts import Geography, facts_from_snapshot, load_geography
from proposal.web.defendant import Defendant, parse_defendant, place_errors, with_court_place
from proposal.web.demand import record_demand, set_demand_days
from proposal.web.inputs import CASE_KEYS, ParsedCase, parse_case
from proposal.web.models import Proposal
from proposal.web.recommending import Made, make_recommendation

ENTITY = "proposal"
RATIONALE_MAX_CHARS = DEFAULT_POLICY.rationale_max_chars
NO_SUCH_PROPOSAL = "No such proposal."
REASON_IN_PROPOSAL = "Recorded in the proposal (override_reason)."
# Fields a proposal may leave out: the court gives region and PDU, the dates give the age.
DERIVED = ("region", "pdu", "age")


class ProposalLocked(Exception):
    """The proposal is final: it can no longer be changed."""


class FinaliseRefused(Exception):
    """The proposal cannot be finalised yet; `reason` says why and where."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def officer_conflicts(proposal: Proposal) -> tuple[DaysMention, ...]:
    """Where the officer's own text names days other than the proposal's."""
    return conflicting_days(proposal.rationale, proposal.final_days)


def propose(
    session: Session,
    author: User,
    body: object,
    now: datetime,
    policy: Policy,
    idempotency_key: str | None = None,
) -> Proposal:
    """Check a proposal body (API shape plus `defendant`), run the engine and save a draft.

    With an idempotency key this author used before, the proposal saved then is returned
    and nothing new is made (a client retrying after a dropped connection)."""
    earlier = proposal_by_key(session, author, idempotency_key)
    if earlier is not None:
        return earlier
    defendant, parsed, body = check_proposal(session, body)
    made = make_recommendation(session, parsed, now.date(), policy)
    try:
        return create_proposal(session, author, defendant, body, parsed, made, now, idempotency_key)
    except IntegrityError:  # the same key saved by a concurrent retry: answer that one
        session.rollback()
        earlier = proposal_by_key(session, author, idempotency_key)
        if earlier is None:
            raise
        return earlier


def proposal_by_key(session: Session, author: User, key: str | None) -> Proposal | None:
    """The author's proposal saved with this idempotency key, if any."""
    if key is None:
        return None
    query = select(Proposal).where(Proposal.author_id == author.id)
    return session.scalar(query.where(Proposal.idempotency_key == key))


def check_proposal(session: Session, body: object) -> tuple[Defendant, ParsedCase, dict[str, Any]]:
    """The defendant, the case and the body with region, PDU and age filled from the court and
    dates; raises ValidationError with every problem found."""
    if not isinstance(body, dict):
        raise ValidationError({"body": "Send a JSON object"})
    geography, errors = load_geography(session), {}
    derived = {key for key in DERIVED if body.get(key) is None}
    try:
        defendant = parse_defendant(body, geography)
        body = with_court_place(body, defendant)
    except ValidationError as exc:
        defendant, errors = None, exc.errors
    try:
        parsed = parse_case(body, geography, frozenset({"defendant"}))
    except ValidationError as exc:
        # Without a valid defendant the derived fields are missing only because of it.
        found = {k: v for k, v in exc.errors.items() if defendant or k not in derived}
        raise ValidationError({**found, **errors}) from None
    if defendant is None:
        raise ValidationError(errors)
    mismatch = place_errors(body, defendant.court)
    if mismatch:
        raise ValidationError(mismatch)
    return defendant, parsed, body


def create_proposal(
    session: Session,
    author: User,
    defendant: Defendant,
    body: dict[str, Any],
    parsed: ParsedCase,
    made: Made,
    now: datetime,
    idempotency_key: str | None = None,
) -> Proposal:
    """Save a draft with its inputs, catalogue snapshot and result; record demand and audit."""
    rec = made.recommendation
    inputs = {key: value for key, value in body.items() if key in CASE_KEYS}
    if parsed.ogrs4:
        # Every input with its default filled in, so the score can be made again later.
        inputs["ogrs4"] = parsed.ogrs4.inputs.to_dict()
    proposal = Proposal(
        id=uuid.uuid4(),
        author_id=author.id,
        status="draft",
        court_slug=defendant.court.court,
        region_slug=parsed.case.region,
        inputs={**inputs, "defendant": defendant.to_dict()},
        catalogue_snapshot=made.catalogue.to_snapshot(),
        result=result_record(rec, parsed),
        policy_version=rec.policy_version,
        # The officer's own text; the generated statements live in the result (rationale) and
        # are rewritten whenever the result changes.
        rationale="",
        recommended_days=rec.recommended_max_days,
        created_at=now,
        updated_at=now,
        idempotency_key=idempotency_key,
        calculated_at=now,
    )
    session.add(proposal)
    record_demand(session, proposal, linked_needs(parsed), parsed.case.pdu or defendant.court.pdu)
    author.last_court_slug = defendant.court.court
    audit_proposal(session, proposal, author.email, "create", details=audit_facts(proposal))
    session.commit()
    return proposal


def result_record(rec: Recommendation, parsed: ParsedCase) -> dict[str, Any]:
    return {**rec.to_dict(), **parsed.working()}


def linked_needs(parsed: ParsedCase) -> list[str]:
    """The need areas linked to reoffending or harm: the ones the demand signal counts."""
    return [need.area for need in parsed.case.needs if need.is_linked]


def proposal_for(session: Session, proposal_id: uuid.UUID, user: User) -> Proposal | None:
    """The proposal if this user may open it (its author, or an administrator)."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.status == "deleted":
        return None
    if proposal.author_id != user.id and user.role != "admin":
        return None
    return proposal


def proposals_of(session: Session, user: User) -> list[Proposal]:
    """The user's own proposals, newest first (not the deleted drafts)."""
    query = select(Proposal).where(Proposal.author_id == user.id, Proposal.status != "deleted")
    return list(session.scalars(query.order_by(Proposal.created_at.desc())))


def rebuild_recommendation(proposal: Proposal, policy: Policy) -> Recommendation:
    """Re-run the engine on the stored inputs and catalogue snapshot, as on the day it was made."""
    inputs = {key: value for key, value in proposal.inputs.items() if key in CASE_KEYS}
    region, pdu = proposal.region_slug, inputs.get("pdu")
    stored = Geography({region: region}, {pdu: region} if pdu else {}, {})
    parsed = parse_case(inputs, stored)
    facts = facts_from_snapshot(proposal.catalogue_snapshot)
    calculated = proposal.calculated_at or proposal.created_at
    return recommend(parsed.case, facts, calculated.date(), policy)


def override_days(
    session: Session,
    proposal: Proposal,
    days: int | None,
    reason: str,
    version: int | None,
    actor: str,
    policy: Policy,
) -> Proposal:
    """Rule 8: replace the number with the officer's, keeping both and the reason (audited)."""
    check_editable(proposal, version)
    if proposal.policy_version != policy.version:
        raise ValidationError(
            {
                "days": "This proposal was made under an earlier policy: "
                "start a new proposal to change the days"
            }
        )
    base = rebuild_recommendation(proposal, policy)
    changed = apply_override(base, days, reason, policy)  # type: ignore[arg-type]
    working = {key: proposal.result.get(key) for key in ("ogrs3", "ogrs4")}
    proposal.result = {**changed.to_dict(), **working}
    proposal.override_days, proposal.override_reason = changed.recommended_max_days, reason.strip()
    _set_demand_days(session, proposal)
    audit_proposal(
        session,
        proposal,
        actor,
        "override",
        [("days", base.recommended_max_days, days)],
        # The reason is free text that may name the defendant: it stays in the proposal.
        reason=REASON_IN_PROPOSAL,
        details=audit_facts(proposal),
    )
    commit_versioned(session, [proposal])
    return proposal


def update_rationale(
    session: Session, proposal: Proposal, text: str, version: int | None
) -> Proposal:
    """Replace the officer's own text in the rationale (at most 4,000 characters; may be empty).

    The generated statements are not the officer's to edit: they follow the result."""
    check_editable(proposal, version)
    text = text.strip()
    if len(text) > RATIONALE_MAX_CHARS:
        raise ValidationError(
            {"rationale": f"Your text must be {RATIONALE_MAX_CHARS:,} characters or fewer"}
        )
    proposal.rationale, proposal.updated_at = text, datetime.now()
    commit_versioned(session, [proposal])
    return proposal


def finalise(session: Session, proposal: Proposal, version: int | None, actor: str) -> Proposal:
    """Lock the proposal: after this nothing in it changes. Refused while the officer's text
    names a number of days other than the proposal's."""
    check_editable(proposal, version)
    conflicts = officer_conflicts(proposal)
    if conflicts:
        raise FinaliseRefused(conflict_reason(conflicts, proposal.final_days))
    proposal.status, proposal.finalised_at = "final", datetime.now()
    _set_demand_days(session, proposal)
    audit_proposal(session, proposal, actor, "finalise", details=audit_facts(proposal))
    commit_versioned(session, [proposal])
    return proposal


def record_download(session: Session, proposal: Proposal, document: str, actor: str) -> None:
    """Audit that a PDF of the proposal was downloaded."""
    details = {"document": document, "status": proposal.status, "days": proposal.final_days}
    audit_proposal(session, proposal, actor, "download-pdf", details=details)
    session.commit()


def check_editable(proposal: Proposal, version: int | None) -> None:
    if proposal.status == "final":
        raise ProposalLocked()
    check_version(proposal, version)


def _set_demand_days(session: Session, proposal: Proposal) -> None:
    proposal.updated_at = datetime.now()
    set_demand_days(session, proposal)


def audit_facts(proposal: Proposal) -> dict[str, Any]:
    """What the audit trail keeps about a proposal: never names or dates of birth."""
    return {
        "region": proposal.region_slug,
        "court": proposal.court_slug,
        "band": proposal.result["band"]["name"],
        "recommended_days": proposal.recommended_days,
        "override_days": proposal.override_days,
        "policy_version": proposal.policy_version,
        "status": proposal.status,
    }


def audit_proposal(
    session: Session,
    proposal: Proposal,
    actor: str,
    action: str,
    changes: Any = (),
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    record_audit(
        session,
        actor=actor,
        entity_type=ENTITY,
        entity_id=str(proposal.id),
        action=action,
        changes=changes,
        reason=reason,
        details=details,
    )
