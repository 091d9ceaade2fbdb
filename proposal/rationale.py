"""The plain-English rationale for the PSR, built only from a Recommendation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from proposal.policy import REQUIREMENT_LABELS, Policy, need_label
from proposal.types import AvailabilityFact, Band, PlannedActivity, Recommendation, RoutedNeed

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
        parts.append(instead_of_rar(rec.routed))
    parts += [_routed(rec.routed), _unmet(rec)]
    closing = COURT_SETS_MAXIMUM if rec.recommend_rar else NO_RAR_STATEMENT
    return _fit(" ".join(part for part in parts if part), closing, policy.rationale_max_chars)


def instead_of_rar(routed: Sequence[RoutedNeed]) -> str:
    """When no RAR is proposed: what is proposed instead, or that nothing addresses the needs."""
    names = list(dict.fromkeys(_requirement(r) for r in routed))
    if names:
        return f"Proposed instead of a RAR: {' and '.join(names)}."
    return "No other requirement in this proposal addresses the assessed needs."


def _opening(rec: Recommendation) -> str:
    if not rec.recommend_rar:
        return "A Rehabilitation Activity Requirement (RAR) is not proposed."
    return (
        "Proposed: a Rehabilitation Activity Requirement (RAR) of up to "
        f"{rec.recommended_max_days} days."
    )


def _band(rec: Recommendation) -> str:
    band = rec.band
    name = rec.predictor.name
    if name == "other":
        other = rec.predictor.other_name
        name = f"The predictor used ({other})" if other else "The predictor"
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
    return f"Indicative activities: {described}."


def _activity(item: PlannedActivity) -> str:
    needs = ", ".join(need_label(need).lower() for need in item.needs)
    text = f"{item.activity.name} ({item.rar_days} RAR days, for {needs}; "
    text += availability_words(item.availability) + (f"; {item.check})" if item.check else ")")
    return text + " (lower priority within the maximum)" if item.deprioritised else text


def availability_words(row: AvailabilityFact) -> str:
    """The row's status in words; a stale row says so, so it is never read as "available now"."""
    status = row.status.replace("-", " ")
    if not row.stale:
        return status
    return f"recorded as {status} but {stale_words(row.confirmed_at)}"


def stale_words(confirmed_at: date | None) -> str:
    """What a sentencer must know about an availability nobody has confirmed lately."""
    since = f"not confirmed since {long_date(confirmed_at)}" if confirmed_at else "never confirmed"
    return f"{since}: check it is still running before relying on it"


def long_date(value: date) -> str:
    """A date as the court reads it: 13 July 2026."""
    return f"{value.day} {value:%B %Y}"


def _days(rec: Recommendation) -> str:
    total = rec.planned_days + rec.allowance_days
    text = (
        f"The activities total {rec.planned_days} days; with an allowance of "
        f"{rec.allowance_days} days for one-to-one consolidation work and rescheduled "
        f"sessions that makes {total}"
    )
    calculated = calculated_days(rec)
    band = rec.band
    if calculated == total:
        return text + "."
    if band.min_days is not None and calculated == band.min_days and total < calculated:
        unnamed = calculated - rec.planned_days
        return text + (
            f", which is below the {band.name} band's guideline of {band.days_text}, so it is "
            f"raised to the band minimum of {calculated} days. {unnamed} of those "
            f"{calculated} days have no named activity."
        )
    return text + (
        f", more than the {band.name} band's guideline of {band.days_text} allows, so it is "
        f"capped at {calculated} days."
    )


def calculated_days(rec: Recommendation) -> int:
    """The engine's own number, before any officer override."""
    if rec.override is not None and rec.override.original_days is not None:
        return rec.override.original_days
    return rec.recommended_max_days or 0


def _override(rec: Recommendation) -> str:
    if rec.override is None:
        return ""
    override = rec.override
    text = (
        f"The officer proposes {override.days} days instead of the calculated "
        f"{override.original_days}, because: {override.reason}"
    ).rstrip(".") + "."
    side = outside_band(rec.band, override.days)
    if side:
        text += f" {override.days} days is {side} the {rec.band.name} band's guideline of "
        text += f"{rec.band.days_text}."
    return text


def outside_band(band: Band, days: int) -> str | None:
    """ "above" or "below" when the days fall outside the band's guideline, else None."""
    if band.min_days is None or band.max_days is None:
        return None
    if days > band.max_days:
        return "above"
    return "below" if days < band.min_days else None


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
    text = f"No suitable activity is available now for: {labels} (recorded as unmet need)."
    if rec.unmet_open_elsewhere:
        near = "; ".join(need_label(need).lower() for need in rec.unmet_open_elsewhere)
        text += f" For {near}, none is available in the person's PDU, but one is open "
        text += "elsewhere in the region."
    return text


def _fit(body: str, closing: str, limit: int) -> str:
    """Keep the closing statement whole; shorten the body with an ellipsis if needed."""
    room = limit - len(closing) - 1
    if len(body) > room:
        body = body[: room - 1].rstrip() + "…"
    return f"{body} {closing}"
