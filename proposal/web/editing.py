"""Edits of a draft through the API: check the whole body first, then apply each change.

The answers go first (they change the calculated number), then the officer's days, then
the officer's text, so one PATCH ends where the same edits made one by one would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from proposal.policy import Policy
from proposal.types import ValidationError
from proposal.web import recalculating, services
from proposal.web.models import Proposal
from proposal.web.services import RATIONALE_MAX_CHARS

PATCH_KEYS = frozenset({"rationale", "days", "reason", "inputs", "version"})


@dataclass(frozen=True)
class Edits:
    """A checked PATCH body: what to change, and the version it is based on."""

    version: int
    rationale: str | None = None
    days: int | None = None
    reason: str | None = None
    inputs: dict[str, Any] | None = None


def parse_proposal_patch(
    body: object, current_version: int, allowed: frozenset[str] = PATCH_KEYS
) -> Edits:
    """The edits in a body; raises ValidationError with every problem found."""
    if not isinstance(body, dict):
        raise ValidationError({"body": "Send a JSON object"})
    errors = {str(k)[:40]: "This field is not recognised" for k in body if k not in allowed}
    version = body.get("version", current_version)
    if isinstance(version, bool) or not isinstance(version, int):
        errors["version"] = "Give the version your change is based on (a whole number)"
    rationale = body.get("rationale")
    if rationale is not None and not isinstance(rationale, str):
        errors["rationale"] = "Give your text as a string"
    elif rationale is not None and len(rationale.strip()) > RATIONALE_MAX_CHARS:
        errors["rationale"] = f"Your text must be {RATIONALE_MAX_CHARS:,} characters or fewer"
    days, reason = body.get("days"), body.get("reason")
    if ("days" in body) != ("reason" in body):
        errors["days" if "reason" in body else "reason"] = "Give the days and the reason together"
    elif "days" in body and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
        errors["days"] = "Enter a whole number of days, 1 or more"
    if "reason" in body and (not isinstance(reason, str) or not reason.strip()):
        errors["reason"] = "Give the reason for changing the number of days"
    inputs = body.get("inputs")
    if "inputs" in body and not isinstance(inputs, dict):
        errors["inputs"] = "Send the changed answers as a JSON object"
    if allowed == PATCH_KEYS and not PATCH_KEYS.difference({"version"}).intersection(body):
        errors["body"] = "Give at least one of rationale, days with reason, or inputs"
    if errors:
        raise ValidationError(errors)
    return Edits(version, rationale, days, reason, inputs)


def apply_edits(
    session: Session, proposal: Proposal, edits: Edits, actor: str, policy: Policy, now: datetime
) -> None:
    """Apply the checked edits in order: answers, days, the officer's text."""
    version = edits.version
    if edits.inputs is not None:
        try:
            recalculating.recalculate(session, proposal, edits.inputs, version, actor, policy, now)
        except ValidationError as exc:
            session.rollback()
            raise ValidationError({f"inputs.{k}": v for k, v in exc.errors.items()}) from None
        version = proposal.version
    if edits.days is not None:
        services.override_days(
            session, proposal, edits.days, edits.reason or "", version, actor, policy
        )
        version = proposal.version
    if edits.rationale is not None:
        services.update_rationale(session, proposal, edits.rationale, version)
