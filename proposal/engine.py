"""The court proposal engine: DOMAIN.md section 6, rules 1–9, as pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from proposal.banding import band_and_notes
from proposal.eligibility import Candidate, candidates, is_programme, relevant_of
from proposal.policy import (
    DEFAULT_POLICY,
    NEED_ORDER,
    REQUIREMENT_LABELS,
    Policy,
    need_label,
)
from proposal.rationale import routed_label, stale_words, write_rationale
from proposal.routing import Routing, route_needs
from proposal.selection import Need, choose_activities
from proposal.sizing import size_rar
from proposal.types import (
    ActivityFact,
    Band,
    CalculationStep,
    Case,
    PlannedActivity,
    Recommendation,
    ValidationError,
    Warning,
)
from proposal.validation import validate_case

RESULT_LABEL = "Recommended maximum RAR days"


@dataclass(frozen=True)
class _Context:
    """What every later rule needs: the case, band, routing and the working so far."""

    case: Case
    policy: Policy
    band: Band
    routing: Routing
    to_address: tuple[Need, ...]
    steps: tuple[CalculationStep, ...]
    warnings: tuple[Warning, ...]


@dataclass(frozen=True)
class Assessment:
    """A recommendation and the catalogue facts that could have changed it.

    Recommending from `relevant` alone gives the same recommendation, so a saved proposal
    keeps only those (see `eligibility.relevant_of`).
    """

    recommendation: Recommendation
    relevant: tuple[ActivityFact, ...]


def recommend(
    case: Case, activities: Sequence[ActivityFact], today: date, policy: Policy = DEFAULT_POLICY
) -> Recommendation:
    """Recommend a RAR (or not) for a case, from the catalogue facts passed in."""
    return assess(case, activities, today, policy).recommendation


def assess(
    case: Case, activities: Sequence[ActivityFact], today: date, policy: Policy = DEFAULT_POLICY
) -> Assessment:
    """Recommend, and say which of the facts passed in could change the recommendation."""
    errors = validate_case(case)
    if errors:
        raise ValidationError(errors)
    ordered = sorted(activities, key=lambda activity: (activity.slug, activity.id))
    found = candidates(case, ordered, today, policy)
    rec = _recommend(case, found, policy)
    nearby = _open_elsewhere(case, rec.unmet_needs, ordered, today, policy)
    if nearby:
        areas = tuple(n for n in rec.unmet_needs if any(n in c.activity.needs for c in nearby))
        rec = _finish(replace(rec, unmet_open_elsewhere=areas), policy)
    relevant = relevant_of(case, found)
    extra = tuple(c.activity for c in nearby if c.activity not in relevant)
    return Assessment(rec, (*relevant, *extra))


def _open_elsewhere(
    case: Case, unmet: Sequence[str], ordered: Sequence[ActivityFact], today: date, policy: Policy
) -> tuple[Candidate, ...]:
    """Eligible activities for an unmet need that are available elsewhere in the region.

    Only asked when the person's PDU is known: the need is then unmet in that PDU, and the
    PSR says where it could be met rather than blaming the whole region.
    """
    if case.pdu is None or not unmet:
        return ()
    found = candidates(replace(case, pdu=None), ordered, today, policy)
    return tuple(
        c for c in found if not is_programme(c) and set(unmet).intersection(c.activity.needs)
    )


def _recommend(case: Case, found: Sequence[Candidate], policy: Policy) -> Recommendation:
    context = _context(case, [c for c in found if is_programme(c)], policy)
    chosen = choose_activities(
        [c for c in found if not is_programme(c)], context.to_address, policy
    )
    covered = {need for item in chosen for need in item.needs}
    # Needs nothing available could meet are recorded as unmet even when no RAR is proposed
    # for another reason (a score below 25, say): they are demand the catalogue does not meet.
    unmet = tuple(need.area for need in context.to_address if need.area not in covered)
    blockers = _blockers(context)
    if blockers:
        return _finish(_no_rar(context, blockers, unmet), policy)
    if not chosen:
        return _finish(_no_rar(context, (_no_activities(case, unmet),), unmet), policy)
    return _finish(_propose(context, chosen, unmet), policy)


def assessed_needs(case: Case) -> tuple[Need, ...]:
    """The assessed needs, harm-linked first, then in the guidance's order."""
    needs = [Need(n.area, n.linked_to_harm, n.is_linked) for n in case.needs]
    return tuple(sorted(needs, key=lambda need: (not need.harm, NEED_ORDER.get(need.area, 99))))


def _context(case: Case, programmes: Sequence[Candidate], policy: Policy) -> _Context:
    needs = assessed_needs(case)
    routing = route_needs(case, needs, programmes, policy)
    to_address = tuple(n for n in needs if n.linked and n.area not in routing.routed_needs)
    band, steps, warnings = band_and_notes(case, policy)
    steps.append(_needs_step(to_address, routing))
    return _Context(
        case, policy, band, routing, to_address, tuple(steps), (*warnings, *routing.warnings)
    )


def _needs_step(to_address: Sequence[Need], routing: Routing) -> CalculationStep:
    text = "; ".join(need_label(need.area) for need in to_address) or "none"
    routed = [f"{routed_label(r)} to {r.requirement}" for r in routing.routed]
    if routed:
        text += f". Routed elsewhere: {'; '.join(routed)}"
    return CalculationStep(
        "Needs for the RAR", len(to_address), f"Linked to reoffending or harm: {text}."
    )


def _blockers(context: _Context) -> tuple[Warning, ...]:
    """Rules 1–3: the reasons, if any, not to propose a RAR at all."""
    found = (_no_clear_needs(context), _below_threshold(context), _all_routed(context))
    return tuple(warning for warning in found if warning is not None)


def _no_clear_needs(context: _Context) -> Warning | None:
    if any(need.is_linked for need in context.case.needs):
        return None
    return Warning(
        "no-clear-needs",
        "No assessed need is linked to reoffending or harm: a RAR needs clear rehabilitative "
        "needs.",
    )


def _below_threshold(context: _Context) -> Warning | None:
    """Rule 3; with exceptional circumstances recorded the band is already low, not none."""
    if context.band.name != "none":
        return None
    predictor = context.case.predictor
    return Warning(
        "below-threshold",
        f"{predictor.name} score {predictor.score_text}% is below 25%: a RAR only in exceptional "
        "circumstances (clear dynamic risk factors), and none are recorded.",
    )


def _all_routed(context: _Context) -> Warning | None:
    if context.to_address or not any(need.is_linked for need in context.case.needs):
        return None
    return Warning(
        "all-needs-routed",
        f"Every need linked to reoffending or harm is met by {_requirements(context.routing)}: "
        "a RAR would add nothing.",
    )


def _requirements(routing: Routing) -> str:
    names = dict.fromkeys(
        REQUIREMENT_LABELS.get(r.requirement, r.requirement) for r in routing.routed
    )
    return " and ".join(names) or "other requirements"


def _no_activities(case: Case, unmet: Sequence[str]) -> Warning:
    return Warning(
        "no-available-activities",
        "No suitable activity for which the person is eligible is available "
        f"{_where(case)} for: {'; '.join(map(need_label, unmet))}. A RAR needs suitable "
        "activities available.",
    )


def _no_rar(
    context: _Context, reasons: Sequence[Warning], unmet: tuple[str, ...]
) -> Recommendation:
    why = ", ".join(reason.code for reason in reasons)
    step = CalculationStep(RESULT_LABEL, "none", f"No RAR is proposed ({why}).")
    return _recommendation(context, None, (), unmet, [*reasons], [step], (0, 0))


def _propose(
    context: _Context, chosen: Sequence[PlannedActivity], unmet: tuple[str, ...]
) -> Recommendation:
    """Rules 5–7: size the RAR from the chosen activities and explain each number."""
    harm = frozenset(need.area for need in context.to_address if need.harm)
    sizing = size_rar(chosen, context.band, harm, context.policy)
    warnings = [*sizing.warnings, *_unmet_warnings(context.case, unmet)]
    warnings += _stale_warnings(sizing.activities)
    warnings += _check_warnings(sizing.activities)
    step = CalculationStep(
        RESULT_LABEL, sizing.recommended_days, "The maximum the court is asked to set."
    )
    numbers = (sizing.planned_days, sizing.allowance_days)
    return _recommendation(
        context,
        sizing.recommended_days,
        sizing.activities,
        unmet,
        warnings,
        [*sizing.steps, step],
        numbers,
    )


def _where(case: Case) -> str:
    """Where the engine looked: the PDU's own rows when it is known, else the region's."""
    return "in the person's PDU" if case.pdu else "in this region"


def _unmet_warnings(case: Case, unmet: Sequence[str]) -> list[Warning]:
    if not unmet:
        return []
    return [
        Warning(
            "unmet-need",
            f"No suitable available activity {_where(case)} for: "
            f"{'; '.join(map(need_label, unmet))}. Recorded as unmet need.",
        )
    ]


def _stale_warnings(activities: Sequence[PlannedActivity]) -> list[Warning]:
    return [
        Warning(
            "stale-availability",
            f"{item.activity.name}: availability {stale_words(item.availability.confirmed_at)}.",
        )
        for item in activities
        if item.availability.stale
    ]


def _check_warnings(activities: Sequence[PlannedActivity]) -> list[Warning]:
    return [
        Warning("check-treatment-manager", f"{item.activity.name}: {item.check}.")
        for item in activities
        if item.check
    ]


def _recommendation(
    context: _Context,
    days: int | None,
    activities: tuple[PlannedActivity, ...],
    unmet: tuple[str, ...],
    warnings: list[Warning],
    steps: list[CalculationStep],
    numbers: tuple[int, int],
) -> Recommendation:
    return Recommendation(
        recommend_rar=days is not None,
        band=context.band,
        recommended_max_days=days,
        planned_days=numbers[0],
        allowance_days=numbers[1],
        activities=activities,
        routed=context.routing.routed,
        unmet_needs=unmet,
        warnings=(*context.warnings, *warnings),
        calculation=(*context.steps, *steps),
        rationale="",
        policy_version=context.policy.version,
        predictor=context.case.predictor,
        # A need with no available activity is unmet, not addressed: the PSR must not say
        # the RAR would address it.
        needs_addressed=(
            tuple(need.area for need in context.to_address if need.area not in unmet)
            if days
            else ()
        ),
        exceptional_circumstances=_exceptional(context),
    )


def _exceptional(context: _Context) -> str | None:
    """The recorded exceptional circumstances, when they are what allows a RAR (rule 3)."""
    if not any(w.code == "exceptional-circumstances" for w in context.warnings):
        return None
    return (context.case.exceptional_circumstances or "").strip()


def _finish(rec: Recommendation, policy: Policy) -> Recommendation:
    return replace(rec, rationale=write_rationale(rec, policy))
