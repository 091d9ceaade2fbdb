"""Rule 2: route needs to treatment requirements and accredited programmes before a RAR."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from proposal.eligibility import Candidate, offence_tags
from proposal.policy import Policy, Route
from proposal.rationale import stale_words
from proposal.selection import Need, preference_key
from proposal.types import Case, RoutedNeed, Warning

PROGRAMME = "programme"
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
    """Treatment requirements first (ATR, DRR, MHTR), then an available accredited programme.

    A programme is looked for when the person is eligible for one or when the order already
    lists a programme requirement.
    """
    routed = [r for route in policy.routes for r in _treatment(case, needs, route)]
    taken = {r.need for r in routed}
    remaining = [need for need in needs if need.area not in taken]
    listed = PROGRAMME in {r.casefold() for r in case.other_requirements}
    if not (case.flags.accredited_programme_eligible or listed):
        return Routing(tuple(routed), ())
    best = _best_programme(case, remaining, programmes, policy)
    if best is None:
        return Routing(tuple(routed), (NO_PROGRAMME,))
    chosen = _programme(remaining, best, listed)
    return Routing((*routed, *chosen), _programme_warnings(best))


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


def _best_programme(
    case: Case, needs: Sequence[Need], programmes: Sequence[Candidate], policy: Policy
) -> Candidate | None:
    """A programme whose focus matches the offence first, then the general preference order."""
    if not programmes:
        return None
    linked = [need for need in needs if need.linked]
    tags = offence_tags(case, policy)

    def key(candidate: Candidate) -> tuple[int | str, ...]:
        focus = candidate.activity.offence_focus
        matches = focus is not None and focus in tags and focus in policy.programme_focus_first
        return (int(not matches), *preference_key(candidate, linked, policy))

    return min(programmes, key=key)


def _programme(needs: Sequence[Need], best: Candidate, listed: bool) -> tuple[RoutedNeed, ...]:
    """The chosen programme takes every remaining need it addresses."""
    name = best.activity.name
    if listed:
        reason = (
            f"Already part of the proposed order: an accredited programme requirement; "
            f"{name} is available locally for it."
        )
    else:
        reason = (
            f"Eligible for the accredited programme {name}, available locally: an accredited "
            "programme is the intervention of choice for the needs it addresses."
        )
    covered = [need.area for need in needs if need.linked and need.area in best.activity.needs]
    if not covered:
        return (RoutedNeed(None, PROGRAMME, reason, name),)
    return tuple(RoutedNeed(area, PROGRAMME, reason, name) for area in covered)


def _programme_warnings(best: Candidate) -> tuple[Warning, ...]:
    """A stale or waiting-list programme is named with the same care as a stale activity."""
    row, name = best.availability, best.activity.name
    found = []
    if row.stale:
        found.append(
            Warning("stale-availability", f"{name}: availability {stale_words(row.confirmed_at)}.")
        )
    if row.status == "waiting-list":
        wait = f" (typical wait {row.wait_weeks} weeks)" if row.wait_weeks else ""
        found.append(
            Warning(
                "programme-waiting-list",
                f"{name} has a waiting list{wait}: check when the person could start before "
                "relying on it.",
            )
        )
    return tuple(found)
