"""The plain-English rationale for the PSR, built only from a Recommendation."""

from __future__ import annotations

from proposal.policy import REQUIREMENT_LABELS, Policy, need_label
from proposal.types import PlannedActivity, Recommendation, RoutedNeed

COURT_SETS_MAXIMUM = (
    "The court sets only the maximum number of RAR days. The activities named here are "
    "indicative: the responsible officer chooses them with the person after assessment, "
    "and the person cannot be instructed to attend more activity days than the court orders."
)
NO_RAR_STATEMENT = (
    "If the court imposes a RAR nonetheless, it sets only the maximum number of days; the "
    "activities are chosen by the responsible officer after assessment."
)
# What a route is for when no matching need area was assessed (the flag alone routed it).
FLAG_ONLY = {
    "ATR": "alcohol dependency",
    "DRR": "drug misuse meeting the DRR test",
    "MHTR": "the mental health condition",
    "programme": "offending behaviour",
}
# Needs whose treatment-requirement route is better named by the condition treated.
TREATED_NEEDS = {("alcohol", "ATR"), ("drugs", "DRR")}
BLOCKING_CODES = (
    "no-clear-needs",
    "below-threshold",
    "all-needs-routed",
    "no-available-activities",
)


def write_rationale(rec: Recommendation, policy: Policy) -> str:
    """Rationale naming the band, activities, routed and unmet needs; capped in length."""
    parts = [_opening(rec), _band(rec)]
    if rec.recommend_rar:
        parts += [_needs(rec), _activities(rec), _days(rec), _override(rec)]
    else:
        parts += [w.message for w in rec.warnings if w.code in BLOCKING_CODES]
    parts += [_routed(rec.routed), _unmet(rec)]
    closing = COURT_SETS_MAXIMUM if rec.recommend_rar else NO_RAR_STATEMENT
    return _fit(" ".join(part for part in parts if part), closing, policy.rationale_max_chars)


def _opening(rec: Recommendation) -> str:
    if not rec.recommend_rar:
        return "A Rehabilitation Activity Requirement (RAR) is not proposed."
    return (
        "Proposed: a Rehabilitation Activity Requirement (RAR) of up to "
        f"{rec.recommended_max_days} days."
    )


def _band(rec: Recommendation) -> str:
    band = rec.band
    name = rec.predictor.name if rec.predictor.name != "other" else "The predictor"
    text = f"{name} two-year score: {rec.predictor.score_text}%."
    if band.name == "none":
        return text
    text += f" The {band.name} intensity band applies (guideline {band.days_text})."
    if rec.exceptional_circumstances:
        text += (
            " The score is below 25%, so a RAR is proposed only because of exceptional "
            f"circumstances: {rec.exceptional_circumstances.rstrip('.')}."
        )
    return text + _sexual_offence(rec)


def _sexual_offence(rec: Recommendation) -> str:
    if not any(w.code == "sexual-offence" for w in rec.warnings):
        return ""
    return (
        " This is a sexual offence, and OGRS does not predict sexual reoffending: the officer's "
        "judgement of the sexual-offending factors, and the OSP, must be recorded with this "
        "proposal."
    )


def _needs(rec: Recommendation) -> str:
    labels = [need_label(need).lower() for need in rec.needs_addressed]
    return f"The RAR would address: {'; '.join(labels)}." if labels else ""


def _activities(rec: Recommendation) -> str:
    if not rec.activities:
        return ""
    described = "; ".join(_activity(item) for item in rec.activities)
    return f"Indicative activities available now: {described}."


def _activity(item: PlannedActivity) -> str:
    needs = ", ".join(need_label(need).lower() for need in item.needs)
    status = item.availability.status.replace("-", " ")
    text = f"{item.activity.name} ({item.rar_days} RAR days, for {needs}; {status})"
    return text + " (lower priority within the maximum)" if item.deprioritised else text


def _days(rec: Recommendation) -> str:
    text = (
        f"The activities total {rec.planned_days} days; with an allowance of "
        f"{rec.allowance_days} days for one-to-one consolidation work and rescheduled "
        f"sessions that makes {rec.planned_days + rec.allowance_days}"
    )
    if rec.override is not None and rec.override.original_days is not None:
        total = rec.override.original_days
    else:
        total = rec.recommended_max_days or 0
    if total == rec.planned_days + rec.allowance_days:
        return text + "."
    return text + f", brought within the {rec.band.name} band as {total} days."


def _override(rec: Recommendation) -> str:
    if rec.override is None:
        return ""
    return (
        f"The officer proposes {rec.override.days} days instead of the calculated "
        f"{rec.override.original_days}, because: {rec.override.reason}"
    ).rstrip(".") + "."


def _routed(routed: tuple[RoutedNeed, ...]) -> str:
    if not routed:
        return ""
    items = [f"{routed_label(r)} to {_requirement(r)}" for r in routed]
    return f"Routed to other requirements, which are preferred: {'; '.join(items)}."


def routed_label(routed: RoutedNeed) -> str:
    """What was routed, in words: the need, or the condition behind a treatment requirement."""
    if routed.need is None or (routed.need, routed.requirement) in TREATED_NEEDS:
        return FLAG_ONLY.get(routed.requirement, "the assessed condition")
    return need_label(routed.need).lower()


def _requirement(routed: RoutedNeed) -> str:
    label = REQUIREMENT_LABELS.get(routed.requirement, routed.requirement)
    return f"{label} ({routed.programme})" if routed.programme else label


def _unmet(rec: Recommendation) -> str:
    if not rec.unmet_needs:
        return ""
    labels = "; ".join(need_label(need).lower() for need in rec.unmet_needs)
    return f"No suitable activity is available now for: {labels} (recorded as unmet need)."


def _fit(body: str, closing: str, limit: int) -> str:
    """Keep the closing statement whole; shorten the body with an ellipsis if needed."""
    room = limit - len(closing) - 1
    if len(body) > room:
        body = body[: room - 1].rstrip() + "…"
    return f"{body} {closing}"
