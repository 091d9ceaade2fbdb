"""Choosing activities: greedy set cover over the needs, ranked by the policy's preferences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from proposal.eligibility import Candidate
from proposal.policy import Policy
from proposal.types import PlannedActivity

SortKey = tuple[int | str, ...]
NO_WAIT_KNOWN = 10_000


@dataclass(frozen=True)
class Need:
    """An assessed need; harm-linked needs come first, unlinked ones are not for the RAR."""

    area: str
    harm: bool
    linked: bool = True


def choose_activities(
    found: Sequence[Candidate], needs: Sequence[Need], policy: Policy
) -> tuple[PlannedActivity, ...]:
    """Pick activities until every need is covered or nothing available covers the rest."""
    uncovered = list(needs)
    remaining = list(found)
    chosen: list[PlannedActivity] = []
    while uncovered:
        best = best_candidate(remaining, uncovered, policy)
        if best is None:
            break
        covered = tuple(need.area for need in uncovered if need.area in best.activity.needs)
        chosen.append(
            PlannedActivity(
                best.activity, covered, best.activity.rar_days, best.availability, check=best.check
            )
        )
        uncovered = [need for need in uncovered if need.area not in covered]
        remaining.remove(best)
    return tuple(chosen)


def best_candidate(
    found: Sequence[Candidate], uncovered: Sequence[Need], policy: Policy
) -> Candidate | None:
    """The most preferred candidate that covers at least one uncovered need, if any."""
    useful = [c for c in found if _covered(c, uncovered)]
    if not useful:
        return None
    return min(useful, key=lambda c: preference_key(c, uncovered, policy))


def preference_key(candidate: Candidate, uncovered: Sequence[Need], policy: Policy) -> SortKey:
    """Sort key built from the policy's preference order; slug and id settle any tie."""
    parts: list[int | str] = []
    for name in policy.preference_order:
        parts.extend(CRITERIA[name](candidate, uncovered, policy))
    return (*parts, candidate.activity.slug, candidate.activity.id)


def _covered(candidate: Candidate, uncovered: Sequence[Need]) -> list[Need]:
    return [need for need in uncovered if need.area in candidate.activity.needs]


def _more_needs(candidate: Candidate, uncovered: Sequence[Need], policy: Policy) -> SortKey:
    """One activity covering two needs beats two activities."""
    return (-len(_covered(candidate, uncovered)),)


def _more_harm_needs(candidate: Candidate, uncovered: Sequence[Need], policy: Policy) -> SortKey:
    return (-sum(need.harm for need in _covered(candidate, uncovered)),)


def _eip(candidate: Candidate, uncovered: Sequence[Need], policy: Policy) -> SortKey:
    return (_rank(candidate.activity.eip_status, policy.eip_preference),)


def _status(candidate: Candidate, uncovered: Sequence[Need], policy: Policy) -> SortKey:
    return (_rank(candidate.availability.status, policy.status_preference),)


def _wait(candidate: Candidate, uncovered: Sequence[Need], policy: Policy) -> SortKey:
    weeks = candidate.availability.wait_weeks
    return (NO_WAIT_KNOWN if weeks is None else weeks,)


def _freshness(candidate: Candidate, uncovered: Sequence[Need], policy: Policy) -> SortKey:
    """Non-stale first, then the most recently confirmed."""
    row = candidate.availability
    return (int(row.stale), -(row.confirmed_at.toordinal() if row.confirmed_at else 0))


def _days(candidate: Candidate, uncovered: Sequence[Need], policy: Policy) -> SortKey:
    return (candidate.activity.rar_days,)


def _name(candidate: Candidate, uncovered: Sequence[Need], policy: Policy) -> SortKey:
    return (candidate.activity.name.casefold(), candidate.activity.name)


def _rank(value: str, order: Sequence[str]) -> int:
    return order.index(value) if value in order else len(order)


CRITERIA: dict[str, Callable[[Candidate, Sequence[Need], Policy], SortKey]] = {
    "covers-more-needs": _more_needs,
    "covers-more-harm-needs": _more_harm_needs,
    "eip-status": _eip,
    "availability-status": _status,
    "shorter-wait": _wait,
    "recently-confirmed": _freshness,
    "fewer-days": _days,
    "name": _name,
}
