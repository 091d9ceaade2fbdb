"""Rule 2: route needs to treatment requirements and accredited programmes before a RAR."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from proposal.eligibility import Candidate
from proposal.policy import Policy, Route
from proposal.selection import Need, preference_key
from proposal.types import Case, RoutedNeed, Warning

NO_PROGRAMME = Warning(
    "programme-unavailable",
    "Eligible for an accredited programme, but none for which the person is eligible is "
    "available in this region: the needs stay with the RAR.",
)


@dataclass(frozen=True)
class Routing:
    """The needs sent to other requirements, and warnings about routes that could not be used."""

    routed: tuple[RoutedNeed, ...]
    warnings: tuple[Warning, ...]

    @property
    def routed_needs(self) -> frozenset[str]:
        """The need areas no longer for the RAR."""
        return frozenset(r.need for r in self.routed if r.need is not None)


def route_needs(
    case: Case, needs: Sequence[Need], programmes: Sequence[Candidate], policy: Policy
) -> Routing:
    """Treatment requirements first (ATR, DRR, MHTR), then an available accredited programme."""
    routed = [r for route in policy.routes for r in _treatment(case, needs, route)]
    taken = {r.need for r in routed}
    remaining = [need for need in needs if need.area not in taken]
    if not case.flags.accredited_programme_eligible:
        return Routing(tuple(routed), ())
    programme = _programme(remaining, programmes, policy)
    if programme:
        return Routing((*routed, *programme), ())
    return Routing(tuple(routed), (NO_PROGRAMME,))


def _treatment(case: Case, needs: Sequence[Need], route: Route) -> tuple[RoutedNeed, ...]:
    """Route the need when the flag is set or the order already includes the requirement."""
    flagged = bool(getattr(case.flags, route.flag))
    proposed = route.requirement.casefold() in {r.casefold() for r in case.other_requirements}
    assessed = any(need.area == route.need for need in needs)
    if flagged and not assessed:
        return (RoutedNeed(None, route.requirement, route.reason),)
    if not assessed or not (flagged or proposed):
        return ()
    reason = (
        route.reason if flagged else f"Already part of the proposed order: {route.requirement}."
    )
    return (RoutedNeed(route.need, route.requirement, reason),)


def _programme(
    needs: Sequence[Need], programmes: Sequence[Candidate], policy: Policy
) -> tuple[RoutedNeed, ...]:
    """The best available programme: it takes every remaining need it addresses."""
    if not programmes:
        return ()
    linked = [need for need in needs if need.linked]
    best = min(programmes, key=lambda c: preference_key(c, linked, policy))
    name = best.activity.name
    reason = (
        f"Eligible for the accredited programme {name}, available locally: an accredited "
        "programme is the intervention of choice for the needs it addresses."
    )
    covered = [need.area for need in linked if need.area in best.activity.needs]
    if not covered:
        return (RoutedNeed(None, "programme", reason, name),)
    return tuple(RoutedNeed(area, "programme", reason, name) for area in covered)
