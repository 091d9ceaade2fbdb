"""Read-side data access for the catalogue: the rows pages and the API show."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, Subquery, case, distinct, func, select
from sqlalchemy.orm import Session, selectinload

from catalogue.models import (
    Availability,
    Court,
    Intervention,
    NeedArea,
    Pdu,
    Region,
    current_on,
    intervention_needs,
)
from catalogue.reference import AVAILABLE_STATUSES


def interventions_by_ids(
    session: Session, ids: list[str], current_on: date | None = None
) -> list[Intervention]:
    """The interventions with these ids in the order given; unknown ids are skipped.

    With `current_on`, interventions withdrawn or outside their dates that day are skipped too.
    """
    keys = [key for key in (_as_uuid(i) for i in ids) if key is not None]
    if not keys:
        return []
    rows = session.scalars(select(Intervention).where(Intervention.id.in_(keys))).all()
    by_id = {row.id: row for row in rows}
    found = [by_id[k] for k in keys if k in by_id]
    if current_on is not None:
        found = [row for row in found if row.is_current(current_on)]
    return found


def intervention_by_slug_or_id(
    session: Session, key: str, today: date | None = None
) -> Intervention | None:
    """The current intervention with this slug or UUID; None if unknown, withdrawn or expired."""
    as_uuid = _as_uuid(key)
    where = Intervention.id == as_uuid if as_uuid else Intervention.slug == key
    found = session.scalars(select(Intervention).where(where)).first()
    if found is None or not found.is_current(today or date.today()):
        return None
    return found


def regions(session: Session) -> list[Region]:
    """Every region, by name, with its PDUs loaded."""
    query = select(Region).options(selectinload(Region.pdus)).order_by(Region.name)
    return list(session.scalars(query))


def region_by_slug(session: Session, slug: str) -> Region | None:
    """One region, or None."""
    return session.get(Region, slug)


def needs(session: Session) -> list[NeedArea]:
    """Every need area in the guidance order."""
    return list(session.scalars(select(NeedArea).order_by(NeedArea.position, NeedArea.label)))


def pdus_by_region(session: Session) -> dict[str, list[Pdu]]:
    """Each region's PDUs by name, keyed by region slug."""
    grouped: dict[str, list[Pdu]] = defaultdict(list)
    for pdu in session.scalars(select(Pdu).order_by(Pdu.name)):
        grouped[pdu.region_slug].append(pdu)
    return dict(grouped)


def courts_by_region(session: Session) -> dict[str, list[Court]]:
    """Each region's courts (magistrates' and Crown) by name, keyed by region slug."""
    query = select(Court, Pdu.region_slug).join(Pdu).order_by(Court.name)
    grouped: dict[str, list[Court]] = defaultdict(list)
    for court, region_slug in session.execute(query):
        grouped[region_slug].append(court)
    return dict(grouped)


@dataclass
class RegionCount:
    """How many current interventions are available, and open, in a region."""

    region: Region
    available: int = 0
    open: int = 0


def region_counts(session: Session, today: date | None = None) -> list[RegionCount]:
    """Every region with counts of the current interventions available and open there."""
    open_id = case((Availability.status == "open", Availability.intervention_id))
    # A subquery rather than a join: SQLite then reads each current intervention's rows by
    # index instead of looking up the intervention of every row (about twice as fast).
    current_ids = select(Intervention.id).where(current_on(today or date.today()))
    query = (
        select(
            Availability.region_slug,
            func.count(distinct(Availability.intervention_id)),
            func.count(distinct(open_id)),
        )
        .where(Availability.status.in_(sorted(AVAILABLE_STATUSES)))
        .where(Availability.intervention_id.in_(current_ids))
        .group_by(Availability.region_slug)
    )
    counted = {slug: (available, open_) for slug, available, open_ in session.execute(query)}
    return [RegionCount(r, *counted.get(r.slug, (0, 0))) for r in regions(session)]


@dataclass(frozen=True)
class RegionScope:
    """Which interventions a region's lists hold: current on `day`, with a row in the region
    in one of `statuses`, and of type `only_type` when given, or not of `except_type`."""

    region: str
    day: date
    statuses: frozenset[str] = AVAILABLE_STATUSES
    only_type: str | None = None
    except_type: str | None = None


@dataclass
class RegionEntry:
    """An intervention available in a region, with the rows that say where and how."""

    intervention: Intervention
    rows: list[Availability] = field(default_factory=list)


@dataclass
class NeedOffer:
    """One need area and what is available for it in a region (possibly nothing).

    `entries` holds at most the listing's limit; `total` counts them all.
    """

    need: NeedArea
    entries: list[RegionEntry] = field(default_factory=list)
    total: int = 0


@dataclass
class Shortlist:
    """The first interventions of a region's scope, and how many it holds in all."""

    entries: list[RegionEntry]
    total: int


def region_with_availability(
    session: Session, scope: RegionScope, limit: int
) -> tuple[Region, list[NeedOffer]] | None:
    """A region and, for every need area, up to `limit` interventions in scope, and the count.

    The soonest available are kept (see `_first`) and listed by name. An intervention is
    in scope when any of its rows in the region is; all its rows in the region come with it.
    """
    region = region_by_slug(session, scope.region)
    if region is None:
        return None
    picked = session.execute(_first(scope, limit, by_need=True)).all()
    entries = _entries(session, scope.region, {row.intervention_id for row in picked})
    offers = {need.slug: NeedOffer(need) for need in needs(session)}
    for row in picked:
        offers[row.need_slug].entries.append(entries[row.intervention_id])
        offers[row.need_slug].total = row.total
    for offer in offers.values():
        offer.entries.sort(key=_by_name)
    return region, list(offers.values())


def region_last_confirmed(session: Session, region: str, today: date) -> datetime | None:
    """When a row of a current intervention in the region was last confirmed (None: never)."""
    current_ids = select(Intervention.id).where(current_on(today))
    return session.scalar(
        select(func.max(Availability.confirmed_at))
        .where(Availability.region_slug == region)
        .where(Availability.intervention_id.in_(current_ids))
    )


def region_shortlist(session: Session, scope: RegionScope, limit: int) -> Shortlist:
    """Up to `limit` interventions in scope, soonest available kept, listed by name."""
    picked = session.execute(_first(scope, limit, by_need=False)).all()
    entries = _entries(session, scope.region, {row.intervention_id for row in picked})
    listed = sorted((entries[row.intervention_id] for row in picked), key=_by_name)
    return Shortlist(listed, picked[0].total if picked else 0)


def count_in_scope(session: Session, scope: RegionScope) -> int:
    """How many interventions are in scope in the region."""
    best = _best_rows(scope)
    return session.scalar(select(func.count()).select_from(best)) or 0


# The order in which a region's lists keep interventions when there are more than they show:
# taking referrals now, then by waiting list, then paused.
STATUS_ORDER = ("open", "waiting-list", "paused")


def _best_rows(scope: RegionScope) -> Subquery:
    """Each intervention in scope once, with the status rank and wait of its soonest row."""
    rank = case(
        *((Availability.status == status, n) for n, status in enumerate(STATUS_ORDER)),
        else_=len(STATUS_ORDER),
    )
    soonest = (rank, Availability.wait_weeks.asc().nulls_last(), Availability.id)
    query = (
        select(
            Availability.intervention_id,
            rank.label("rank"),
            Availability.wait_weeks.label("wait"),
            func.row_number()
            .over(partition_by=Availability.intervention_id, order_by=soonest)
            .label("nth"),
        )
        .join(Availability.intervention)
        .where(Availability.region_slug == scope.region)
        .where(Availability.status.in_(sorted(scope.statuses)), current_on(scope.day))
    )
    if scope.only_type is not None:
        query = query.where(Intervention.type == scope.only_type)
    if scope.except_type is not None:
        query = query.where(Intervention.type != scope.except_type)
    rows = query.subquery()
    best = select(rows.c.intervention_id, rows.c.rank, rows.c.wait).where(rows.c.nth == 1)
    return best.subquery()


def _first(scope: RegionScope, limit: int, by_need: bool) -> Select[Any]:
    """The first `limit` interventions in scope (per need area when `by_need`), each row
    with its list's total: soonest row's status first, then shorter wait (unknown last),
    then name."""
    best = _best_rows(scope)
    order = (
        best.c.rank,
        best.c.wait.asc().nulls_last(),
        func.lower(Intervention.name),
        Intervention.id,
    )
    partition = intervention_needs.c.need_slug if by_need else None
    columns = [
        best.c.intervention_id,
        func.row_number().over(partition_by=partition, order_by=order).label("place"),
        func.count().over(partition_by=partition).label("total"),
    ]
    query = select(*columns).join(Intervention, Intervention.id == best.c.intervention_id)
    if by_need:
        query = query.add_columns(intervention_needs.c.need_slug).join(
            intervention_needs, intervention_needs.c.intervention_id == best.c.intervention_id
        )
    ranked = query.subquery()
    return select(ranked).where(ranked.c.place <= limit).order_by(ranked.c.place)


def _entries(
    session: Session, region_slug: str, ids: set[uuid.UUID]
) -> dict[uuid.UUID, RegionEntry]:
    """These interventions, each with all its rows in the region, whole region first (so a
    PDU where one is not available says so too)."""
    if not ids:
        return {}
    found = session.scalars(select(Intervention).where(Intervention.id.in_(ids)))
    entries = {}
    for intervention in found:
        rows = [r for r in intervention.availability if r.region_slug == region_slug]
        rows.sort(key=lambda r: (r.pdu is not None, r.pdu.name if r.pdu else ""))
        entries[intervention.id] = RegionEntry(intervention, rows)
    return entries


def _by_name(entry: RegionEntry) -> tuple[str, str]:
    return entry.intervention.name.casefold(), str(entry.intervention.id)


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
