"""Small factories for proposal-engine tests: a case, an activity, an availability row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from proposal.types import (
    ActivityFact,
    AvailabilityFact,
    Case,
    Flags,
    NeedAssessment,
    OrderDetails,
    Predictor,
)

TODAY = date(2025, 3, 1)
RECENTLY = date(2025, 2, 1)


def available(
    region: str = "london",
    pdu: str | None = None,
    status: str = "open",
    **fields: Any,
) -> AvailabilityFact:
    """An availability row, open and recently confirmed unless told otherwise."""
    row = AvailabilityFact(
        region=region,
        pdu=pdu,
        status=status,
        next_start=None,
        places=8,
        wait_weeks=None,
        confirmed_at=RECENTLY,
        stale=False,
    )
    return replace(row, **fields)


def activity(
    slug: str,
    needs: tuple[str, ...] = ("accommodation",),
    rar_days: int = 7,
    **fields: Any,
) -> ActivityFact:
    """An approved, open-to-all structured intervention available in London."""
    fact = ActivityFact(
        id=f"id-{slug}",
        slug=slug,
        name=slug.replace("-", " ").title(),
        type="structured-intervention",
        eip_status="approved",
        needs=needs,
        sessions=rar_days,
        rar_days=rar_days,
        gender="any",
        min_age=None,
        max_age=None,
        min_ogrs3=None,
        min_ovp=None,
        offence_focus=None,
        excluded_offences=(),
        not_if_programme_eligible=False,
        min_months_left=None,
        availability=(available(),),
    )
    return replace(fact, **fields)


def programme(slug: str, needs: tuple[str, ...], **fields: Any) -> ActivityFact:
    """An accredited programme available in London."""
    return activity(
        slug, needs, 20, type="accredited-programme", eip_status="not-applicable", **fields
    )


def need(area: str, harm: bool = False, reoffending: bool = True) -> NeedAssessment:
    """A need linked to reoffending (and to harm when asked)."""
    return NeedAssessment(area, linked_to_reoffending=reoffending, linked_to_harm=harm)


def case(
    *needs: str | NeedAssessment,
    score: float = 62,
    predictor: str = "OGRS3",
    months: int = 12,
    flags: Flags | None = None,
    **fields: Any,
) -> Case:
    """A 30-year-old man in London, OGRS3 62%, 12-month community order, with these needs."""
    assessed = tuple(n if isinstance(n, NeedAssessment) else need(n) for n in needs)
    built = Case(
        region="london",
        pdu=None,
        gender="male",
        age=30,
        predictor=Predictor(predictor, score),
        needs=assessed,
        flags=flags or Flags(),
        order=OrderDetails("community-order", months),
    )
    return replace(built, **fields)


def named(rec: Any) -> list[str]:
    """Slugs of the activities a recommendation names."""
    return [planned.activity.slug for planned in rec.activities]


def codes(rec: Any) -> list[str]:
    """Warning codes of a recommendation."""
    return [warning.code for warning in rec.warnings]
