"""The daily availability snapshot: per region, how many rows there are and how many are fresh.

Recorded by `flask mi snapshot` (run it daily, e.g. from cron) and when the seed is loaded.
A row is fresh when it was confirmed within the stale-after period that day; rows of
withdrawn or expired interventions are not counted. Recording a day twice replaces that
day's figures. The MI freshness chart and the verification work read these rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Region, confirmation_is_stale
from reporting.figures import Snapshot
from reporting.models import AvailabilitySnapshot


def count_freshness(session: Session, today: date, stale_after_days: int) -> dict[str, Snapshot]:
    """Today's count of current availability rows and fresh rows, for every region."""
    total: Counter[str] = Counter()
    fresh: Counter[str] = Counter()
    for row in session.scalars(select(Availability).join(Availability.intervention)):
        if not row.intervention.is_current(today):
            continue
        total[row.region_slug] += 1
        fresh[row.region_slug] += not confirmation_is_stale(
            row.confirmed_at, today, stale_after_days
        )
    regions = session.scalars(select(Region.slug)).all()
    return {slug: Snapshot(today, slug, total[slug], fresh[slug]) for slug in regions}


def record_snapshot(
    session: Session, today: date, stale_after_days: int, is_sample: bool = False
) -> list[AvailabilitySnapshot]:
    """Count and store the day's figures for every region (replacing any for that day)."""
    counted = count_freshness(session, today, stale_after_days)
    return store(session, counted.values(), stale_after_days, is_sample)


def store(
    session: Session, snapshots: Iterable[Snapshot], stale_after_days: int, is_sample: bool
) -> list[AvailabilitySnapshot]:
    """Store snapshots, replacing those of the same day and region; commits."""
    rows = []
    for snap in snapshots:
        session.execute(
            delete(AvailabilitySnapshot).where(
                AvailabilitySnapshot.taken_on == snap.taken_on,
                AvailabilitySnapshot.region_slug == snap.region,
            )
        )
        rows.append(
            AvailabilitySnapshot(
                taken_on=snap.taken_on,
                region_slug=snap.region,
                rows_total=snap.total,
                rows_fresh=snap.fresh,
                stale_after_days=stale_after_days,
                is_sample=is_sample,
                recorded_at=datetime.now(),
            )
        )
    session.flush()
    session.add_all(rows)
    session.commit()
    return rows


def snapshots_between(
    session: Session, start: date, end: date, region: str | None = None
) -> list[Snapshot]:
    """The recorded snapshots from `start` to `end` (one region, or all)."""
    query = select(AvailabilitySnapshot).where(
        AvailabilitySnapshot.taken_on >= start, AvailabilitySnapshot.taken_on <= end
    )
    if region:
        query = query.where(AvailabilitySnapshot.region_slug == region)
    return [
        Snapshot(row.taken_on, row.region_slug, row.rows_total, row.rows_fresh)
        for row in session.scalars(query.order_by(AvailabilitySnapshot.taken_on))
    ]
