"""Read-side data access for the catalogue: the rows pages and the API show."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalogue.models import Availability, Court, Intervention, NeedArea, Pdu, Region
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
    """Each region's magistrates' courts by name, keyed by region slug."""
    query = select(Court, Pdu.region_slug).join(Pdu).order_by(Court.name)
    grouped: dict[str, list[Court]] = defaultdict(list)
    for court, region_slug in session.execute(query):
        grouped[region_slug].append(court)
    return dict(grouped)


def _available_rows(session: Session, region_slug: str | None = None) -> list[Availability]:
    """Availability rows under which an intervention counts as available (not not-available)."""
    query = (
        select(Availability)
        .join(Availability.intervention)
        .where(Availability.status.in_(sorted(AVAILABLE_STATUSES)))
        .options(selectinload(Availability.intervention))
    )
    if region_slug is not None:
        query = query.where(Availability.region_slug == region_slug)
    return list(session.scalars(query))


@dataclass
class RegionCount:
    """How many current interventions are available, and open, in a region."""

    region: Region
    available: int = 0
    open: int = 0


def region_counts(session: Session, today: date | None = None) -> list[RegionCount]:
    """Every region with counts of the current interventions available and open there."""
    day = today or date.today()
    available: dict[str, set[uuid.UUID]] = defaultdict(set)
    open_now: dict[str, set[uuid.UUID]] = defaultdict(set)
    for row in _available_rows(session):
        if not row.intervention.is_current(day):
            continue
        available[row.region_slug].add(row.intervention_id)
        if row.status == "open":
            open_now[row.region_slug].add(row.intervention_id)
    return [
        RegionCount(region, len(available[region.slug]), len(open_now[region.slug]))
        for region in regions(session)
    ]


@dataclass
class RegionEntry:
    """An intervention available in a region, with the rows that say where and how."""

    intervention: Intervention
    rows: list[Availability] = field(default_factory=list)


@dataclass
class NeedOffer:
    """One need area and what is available for it in a region (possibly nothing)."""

    need: NeedArea
    entries: list[RegionEntry] = field(default_factory=list)


def region_with_availability(
    session: Session, slug: str, today: date | None = None
) -> tuple[Region, list[NeedOffer]] | None:
    """A region and, for every need area, the current interventions available there.

    An intervention is listed when any of its rows in the region is available (not
    not-available); all its rows in the region come with it.
    """
    region = region_by_slug(session, slug)
    if region is None:
        return None
    day = today or date.today()
    entries: dict[uuid.UUID, RegionEntry] = {}
    for row in _available_rows(session, slug):
        if row.intervention.is_current(day):
            entries.setdefault(row.intervention_id, RegionEntry(row.intervention))
    # Every row in the region is shown, so a PDU where it is not available says so too.
    for entry in entries.values():
        entry.rows = [r for r in entry.intervention.availability if r.region_slug == slug]
    offers = [NeedOffer(need) for need in needs(session)]
    for entry in sorted(entries.values(), key=lambda e: e.intervention.name.casefold()):
        entry.rows.sort(key=lambda r: (r.pdu is not None, r.pdu.name if r.pdu else ""))
        for offer in offers:
            if offer.need.slug in entry.intervention.need_slugs:
                offer.entries.append(entry)
    return region, offers


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
