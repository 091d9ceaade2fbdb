"""Rule 6: days = planned activity days plus the allowance, kept inside the band, with working."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from proposal.policy import Policy, allowance_for, need_label
from proposal.types import Band, CalculationStep, PlannedActivity, Warning


@dataclass(frozen=True)
class Sizing:
    """The numbers behind the recommended days, the steps that show them, and any warning."""

    planned_days: int
    allowance_days: int
    recommended_days: int
    activities: tuple[PlannedActivity, ...]
    steps: tuple[CalculationStep, ...]
    warnings: tuple[Warning, ...]


def size_rar(
    chosen: Sequence[PlannedActivity], band: Band, harm_needs: frozenset[str], policy: Policy
) -> Sizing:
    """Add up the activities and the allowance, then keep the total inside the band."""
    if band.min_days is None or band.max_days is None:
        raise ValueError(f"the {band.name} band has no guideline days")
    planned = sum(item.rar_days for item in chosen)
    allowance = allowance_for(planned, policy)
    total = planned + allowance
    steps = [*map(_activity_step, chosen), *_sum_steps(chosen, planned, allowance, policy)]
    if total > band.max_days:
        return _capped(chosen, band, harm_needs, (planned, allowance), steps, policy)
    recommended = max(total, band.min_days)
    steps.append(_clamp_step(total, recommended, band))
    return Sizing(planned, allowance, recommended, tuple(chosen), tuple(steps), ())


def _activity_step(item: PlannedActivity) -> CalculationStep:
    activity = item.activity
    covers = "; ".join(need_label(need) for need in item.needs)
    return CalculationStep(
        f"Activity: {activity.name}",
        item.rar_days,
        f"{activity.sessions} sessions counted as {item.rar_days} RAR days (sessions on the "
        f"same day count once); covers {covers}.",
    )


def _sum_steps(
    chosen: Sequence[PlannedActivity], planned: int, allowance: int, policy: Policy
) -> list[CalculationStep]:
    share = Fraction(planned * policy.allowance_percent, 100)
    return [
        CalculationStep(
            "Planned activity days",
            planned,
            " + ".join(str(item.rar_days) for item in chosen) + f" = {planned}",
        ),
        CalculationStep(
            "Allowance",
            allowance,
            f"{policy.allowance_percent}% of {planned} = {float(share):g}, rounded up, and at "
            f"least {policy.allowance_minimum_days} days: room for one-to-one consolidation work "
            "and for rescheduling missed sessions.",
        ),
        CalculationStep(
            "Planned days plus allowance", planned + allowance, f"{planned} + {allowance}"
        ),
    ]


def _clamp_step(total: int, recommended: int, band: Band) -> CalculationStep:
    if recommended > total:
        return CalculationStep(
            "Raised to the band minimum",
            recommended,
            f"{total} is below the {band.name} band's guideline of {band.days_text}, so the "
            f"recommendation is raised to its minimum of {recommended}.",
        )
    return CalculationStep(
        "Kept inside the band",
        recommended,
        f"{total} is within the {band.name} band's guideline of {band.days_text}.",
    )


def _capped(
    chosen: Sequence[PlannedActivity],
    band: Band,
    harm_needs: frozenset[str],
    numbers: tuple[int, int],
    steps: list[CalculationStep],
    policy: Policy,
) -> Sizing:
    """Cap at the band maximum and say which planned work comes first (harm-linked first)."""
    planned, allowance = numbers
    maximum = band.max_days or 0
    marked = prioritise(chosen, harm_needs, maximum, policy)
    kept = ", ".join(item.activity.name for item in marked if not item.deprioritised)
    note = _dropped(marked, maximum)
    needed = f"{planned + allowance} days ({planned} planned + {allowance} allowance)"
    steps += [
        CalculationStep(
            "Capped at the band maximum",
            maximum,
            f"{needed} is above the {band.name} band's guideline of {band.days_text}.",
        ),
        CalculationStep("Prioritised within the band", kept, note),
    ]
    warning = Warning(
        "exceeds-band",
        f"The planned work needs {needed}, more than the {band.name} band's maximum of "
        f"{maximum}. The recommendation is capped at {maximum} days. Priority, harm-linked "
        f"needs first: {kept}. {note}",
    )
    return Sizing(planned, allowance, maximum, marked, tuple(steps), (warning,))


def prioritise(
    chosen: Sequence[PlannedActivity], harm_needs: frozenset[str], maximum: int, policy: Policy
) -> tuple[PlannedActivity, ...]:
    """Mark the activities that do not fit within the maximum, taking harm-linked work first."""
    order = sorted(range(len(chosen)), key=lambda i: (not harm_needs & set(chosen[i].needs), i))
    kept_days = 0
    dropped: set[int] = set()
    for position, index in enumerate(order):
        days = kept_days + chosen[index].rar_days
        if position == 0 or days + allowance_for(days, policy) <= maximum:
            kept_days = days
        else:
            dropped.add(index)
    return tuple(replace(item, deprioritised=i in dropped) for i, item in enumerate(chosen))


def _dropped(marked: Sequence[PlannedActivity], maximum: int) -> str:
    names = [item.activity.name for item in marked if item.deprioritised]
    kept_days = sum(item.rar_days for item in marked if not item.deprioritised)
    if kept_days >= maximum:
        extra = f"The first priority alone plans {kept_days} days, "
        extra += f"so the responsible officer must plan it within {maximum}. "
    elif not names:
        extra = f"The allowance is reduced to {maximum - kept_days} days. "
    else:
        extra = ""
    dropped = ", ".join(names) or "nothing"
    return f"{extra}Deprioritised, for the responsible officer to review: {dropped}."
