"""Which catalogue activities may be named for a person: availability here, and eligibility."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from proposal.policy import ACCREDITED_PROGRAMME, Policy
from proposal.types import ActivityFact, AvailabilityFact, Case

GENDER_ALLOWED = {"any": ("male", "female"), "men": ("male",), "women": ("female",)}


@dataclass(frozen=True)
class Candidate:
    """An eligible activity with the availability row it may be named on."""

    activity: ActivityFact
    availability: AvailabilityFact
    check: str | None = None


def candidates(
    case: Case, activities: Sequence[ActivityFact], today: date, policy: Policy
) -> tuple[Candidate, ...]:
    """Activities that are available in the person's region/PDU and whose eligibility passes."""
    found = []
    for activity in activities:
        row = usable_availability(activity, case, today, policy)
        if row is not None and ineligibility(activity, case, policy) is None:
            found.append(Candidate(activity, row, treatment_manager_check(activity, case, policy)))
    return tuple(found)


def relevant_of(case: Case, found: Sequence[Candidate]) -> tuple[ActivityFact, ...]:
    """Of the candidates, those a recommendation could name or route to.

    `recommend` looks only at candidates (available here and eligible); of those, an
    accredited programme may take any need, and any other activity is named only for a need
    it addresses. So recommending from these alone gives the same result as from them all.
    """
    areas = {need.area for need in case.needs}
    return tuple(
        item.activity
        for item in found
        if item.activity.type == ACCREDITED_PROGRAMME or areas.intersection(item.activity.needs)
    )


def usable_availability(
    activity: ActivityFact, case: Case, today: date, policy: Policy
) -> AvailabilityFact | None:
    """The best open or waiting-list row for the person's area, with staleness settled."""
    rows = local_rows(activity.availability, case)
    usable = [row for row in rows if row.status in policy.status_preference]
    if not usable:
        return None
    best = usable[0] if len(usable) == 1 else min(usable, key=lambda row: _row_key(row, policy))
    stale = is_stale(best, today, policy)
    return best if best.stale == stale else replace(best, stale=stale)


def local_rows(rows: Sequence[AvailabilityFact], case: Case) -> list[AvailabilityFact]:
    """Rows that describe the person's area; a row for their PDU outranks a region-wide one."""
    in_region = [row for row in rows if row.region == case.region]
    if case.pdu is None:
        return in_region
    for_pdu = [row for row in in_region if row.pdu == case.pdu]
    return for_pdu or [row for row in in_region if row.pdu is None]


def is_stale(row: AvailabilityFact, today: date, policy: Policy) -> bool:
    """Stale when flagged so, never confirmed, or confirmed longer ago than the policy allows."""
    if row.stale or row.confirmed_at is None:
        return True
    return (today - row.confirmed_at).days > policy.stale_after_days


def ineligibility(activity: ActivityFact, case: Case, policy: Policy) -> str | None:
    """Why this person cannot be referred to the activity, or None when they can."""
    for check in CHECKS:
        reason = check(activity, case, policy)
        if reason is not None:
            return reason
    return None


def offence_tags(case: Case, policy: Policy) -> frozenset[str]:
    """The offending tags (e.g. "sexual", "domestic-abuse", "violence") that describe the case."""
    tags = set(dict(policy.offence_tags).get(case.offence_category or "", ()))
    if case.flags.sexual_offence:
        tags.add("sexual")
    if case.flags.domestic_abuse:
        tags.add("domestic-abuse")
    return frozenset(tags)


def _gender(activity: ActivityFact, case: Case, policy: Policy) -> str | None:
    if case.gender in GENDER_ALLOWED.get(activity.gender, ()):
        return None
    return f"for {activity.gender} only"


def _age(activity: ActivityFact, case: Case, policy: Policy) -> str | None:
    if activity.min_age is not None and case.age < activity.min_age:
        return f"for people aged {activity.min_age} or over"
    if activity.max_age is not None and case.age > activity.max_age:
        return f"for people aged {activity.max_age} or under"
    return None


def _threshold(activity: ActivityFact, case: Case, policy: Policy) -> str | None:
    """Where both OGRS3 and OVP thresholds are set, meeting either suffices."""
    if activity.min_ogrs3 is None and activity.min_ovp is None:
        return None
    ogrs_met = activity.min_ogrs3 is not None and case.predictor.score >= activity.min_ogrs3
    ovp = case.ovp_score
    ovp_met = activity.min_ovp is not None and ovp is not None and ovp >= activity.min_ovp
    return None if ogrs_met or ovp_met else "predictor score below the eligibility threshold"


def _offence(activity: ActivityFact, case: Case, policy: Policy) -> str | None:
    tags = offence_tags(case, policy)
    if activity.offence_focus is not None and activity.offence_focus not in tags:
        return f"only for {activity.offence_focus} offending"
    excluded = sorted(tags.intersection(activity.excluded_offences))
    return f"not for {', '.join(excluded)} offending" if excluded else None


def _programme(activity: ActivityFact, case: Case, policy: Policy) -> str | None:
    if activity.not_if_programme_eligible and case.flags.accredited_programme_eligible:
        return "not for people eligible for an accredited programme"
    return None


def _time_left(activity: ActivityFact, case: Case, policy: Policy) -> str | None:
    if activity.type in policy.check_months_left_types:
        return None
    if activity.min_months_left is not None and case.order.months < activity.min_months_left:
        return f"needs at least {activity.min_months_left} months left on the order"
    return None


def treatment_manager_check(activity: ActivityFact, case: Case, policy: Policy) -> str | None:
    """For a Structured Intervention with less time left than it asks: what must be checked."""
    if activity.type not in policy.check_months_left_types:
        return None
    needed = activity.min_months_left
    if needed is None or case.order.months >= needed:
        return None
    return (
        f"fewer than {needed} months remain on the order ({case.order.months}): check with "
        "the treatment manager that the person can complete it"
    )


CHECKS: tuple[Callable[[ActivityFact, Case, Policy], str | None], ...] = (
    _gender,
    _age,
    _threshold,
    _offence,
    _programme,
    _time_left,
)


def is_programme(candidate: Candidate) -> bool:
    """True for accredited programmes, which are their own requirement, never RAR activity."""
    return candidate.activity.type == ACCREDITED_PROGRAMME


def _row_key(row: AvailabilityFact, policy: Policy) -> tuple[int | str, ...]:
    """Best row first: status, shorter wait, fresher; every field last, for a total order."""
    return (
        policy.status_preference.index(row.status),
        row.wait_weeks if row.wait_weeks is not None else 10_000,
        int(row.stale),
        -(row.confirmed_at.toordinal() if row.confirmed_at else 0),
        row.pdu or "",
        row.next_start.toordinal() if row.next_start else 0,
        row.places if row.places is not None else -1,
    )
