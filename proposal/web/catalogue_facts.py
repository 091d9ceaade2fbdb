"""The catalogue as plain engine values for a region, and the snapshot a proposal keeps."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from catalogue.models import (
    Availability,
    Court,
    Intervention,
    Pdu,
    Region,
    confirmation_is_stale,
    current_on,
    intervention_needs,
    rar_days_for,
)
from proposal.policy import NEED_ORDER
from proposal.types import ActivityFact, AvailabilityFact

# Snapshot keys holding dates (ISO text in JSON), per fact type.
AVAILABILITY_DATES = ("next_start", "confirmed_at")
ACTIVITY_TUPLES = ("needs", "excluded_offences")


@dataclass(frozen=True)
class Place:
    """Where a court sits: its name, PDU and region."""

    court: str
    court_name: str
    pdu: str
    region: str
    region_name: str


@dataclass(frozen=True)
class Geography:
    """The regions, PDUs and courts a request may name, as plain values."""

    regions: Mapping[str, str]
    pdu_regions: Mapping[str, str]
    courts: Mapping[str, Place]


@dataclass(frozen=True)
class RegionCatalogue:
    """The facts the engine sees for one region, and each intervention's public summary."""

    facts: tuple[ActivityFact, ...]
    summaries: Mapping[str, str]

    def only(self, facts: Sequence[ActivityFact]) -> RegionCatalogue:
        """These facts (some of ours) with their summaries."""
        return RegionCatalogue(tuple(facts), {fact.id: self.summaries[fact.id] for fact in facts})

    def to_snapshot(self) -> list[dict[str, Any]]:
        """The facts as JSON-ready dicts (with the summary), for the saved proposal."""
        return [
            {**fact_to_dict(fact), "summary": self.summaries.get(fact.id, "")}
            for fact in self.facts
        ]


def load_geography(session: Session) -> Geography:
    """Every region, PDU and court."""
    regions = {r.slug: r.name for r in session.scalars(select(Region))}
    pdus = {p.slug: p.region_slug for p in session.scalars(select(Pdu))}
    courts = {
        court.slug: Place(court.slug, court.name, court.pdu_slug, region, regions[region])
        for court, region in session.execute(select(Court, Pdu.region_slug).join(Pdu))
    }
    return Geography(regions, pdus, courts)


def load_region_catalogue(
    session: Session, region: str, today: date, stale_after_days: int
) -> RegionCatalogue:
    """Every current intervention with an availability row in the region, as plain facts."""
    return load_facts(session, region, current_in_region(region, today), today, stale_after_days)


def current_in_region(region: str, today: date) -> Select[uuid.UUID]:
    """Ids of current interventions with an availability row in the region (narrow it with
    `.where(...)`)."""
    return (
        select(Availability.intervention_id)
        .join(Intervention, Intervention.id == Availability.intervention_id)
        .where(Availability.region_slug == region, current_on(today))
    )


def load_facts(
    session: Session, region: str, ids: Select[uuid.UUID], today: date, stale_after: int
) -> RegionCatalogue:
    """The interventions `ids` selects, with their needs and rows in the region.

    Plain columns in three queries whatever the size: no ORM objects are built.
    """
    chosen = ids.scalar_subquery()
    needs: dict[uuid.UUID, list[str]] = {}
    need_rows = select(intervention_needs.c.intervention_id, intervention_needs.c.need_slug)
    for key, need in session.execute(
        need_rows.where(intervention_needs.c.intervention_id.in_(chosen))
    ):
        needs.setdefault(key, []).append(need)
    rows: dict[uuid.UUID, list[AvailabilityFact]] = {}
    row_query = select(*AVAILABILITY_COLUMNS).where(
        Availability.region_slug == region, Availability.intervention_id.in_(chosen)
    )
    for row in session.execute(row_query.order_by(Availability.pdu_key)):
        rows.setdefault(row.intervention_id, []).append(_availability_fact(row, today, stale_after))
    facts, summaries = [], {}
    for item in session.execute(select(*INTERVENTION_COLUMNS).where(Intervention.id.in_(chosen))):
        facts.append(_activity_fact(item, needs.get(item.id, []), tuple(rows.get(item.id, ()))))
        summaries[str(item.id)] = item.summary
    return RegionCatalogue(tuple(sorted(facts, key=lambda fact: fact.slug)), summaries)


INTERVENTION_COLUMNS = (
    Intervention.id,
    Intervention.slug,
    Intervention.name,
    Intervention.type,
    Intervention.eip_status,
    Intervention.summary,
    Intervention.pre_group_sessions,
    Intervention.one_to_one_sessions,
    Intervention.group_sessions,
    Intervention.same_day_sessions,
    Intervention.gender,
    Intervention.min_age,
    Intervention.max_age,
    Intervention.min_ogrs3,
    Intervention.min_ovp,
    Intervention.offence_focus,
    Intervention.excluded_offences,
    Intervention.not_if_programme_eligible,
    Intervention.min_months_left,
)
AVAILABILITY_COLUMNS = (
    Availability.intervention_id,
    Availability.region_slug,
    Availability.pdu_slug,
    Availability.status,
    Availability.next_start,
    Availability.places,
    Availability.wait_weeks,
    Availability.confirmed_at,
)


def _availability_fact(
    row: Row[*tuple[Any, ...]], today: date, stale_after_days: int
) -> AvailabilityFact:
    return AvailabilityFact(
        region=row.region_slug,
        pdu=row.pdu_slug,
        status=row.status,
        next_start=row.next_start,
        places=row.places,
        wait_weeks=row.wait_weeks,
        confirmed_at=row.confirmed_at.date() if row.confirmed_at else None,
        stale=confirmation_is_stale(row.confirmed_at, today, stale_after_days),
    )


def _activity_fact(
    item: Row[*tuple[Any, ...]], needs: list[str], availability: tuple[AvailabilityFact, ...]
) -> ActivityFact:
    sessions = item.pre_group_sessions + item.one_to_one_sessions + item.group_sessions
    return ActivityFact(
        id=str(item.id),
        slug=item.slug,
        name=item.name,
        type=item.type,
        eip_status=item.eip_status,
        needs=tuple(sorted(needs, key=lambda n: (NEED_ORDER.get(n, 99), n))),
        sessions=sessions,
        rar_days=rar_days_for(sessions, item.same_day_sessions),
        gender=item.gender,
        min_age=item.min_age,
        max_age=item.max_age,
        min_ogrs3=item.min_ogrs3,
        min_ovp=item.min_ovp,
        offence_focus=item.offence_focus,
        excluded_offences=tuple(item.excluded_offences or ()),
        not_if_programme_eligible=item.not_if_programme_eligible,
        min_months_left=item.min_months_left,
        availability=availability,
    )


def fact_to_dict(fact: ActivityFact) -> dict[str, Any]:
    """An activity fact as a JSON-ready dict."""
    values = dataclasses.asdict(fact)
    values.update({name: list(getattr(fact, name)) for name in ACTIVITY_TUPLES})
    values["availability"] = [row.to_dict() for row in fact.availability]
    return values


def facts_from_snapshot(snapshot: Sequence[Mapping[str, Any]]) -> tuple[ActivityFact, ...]:
    """The activity facts a proposal was made from, rebuilt from its stored snapshot."""
    return tuple(_fact_from_dict(item) for item in snapshot)


def summaries_from_snapshot(snapshot: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Each snapshot intervention's public summary, by id."""
    return {str(item["id"]): str(item.get("summary", "")) for item in snapshot}


def _fact_from_dict(item: Mapping[str, Any]) -> ActivityFact:
    names = {f.name for f in dataclasses.fields(ActivityFact)}
    values = {name: item[name] for name in names}
    values.update({name: tuple(item[name]) for name in ACTIVITY_TUPLES})
    values["availability"] = tuple(availability_from_dict(row) for row in item["availability"])
    return ActivityFact(**values)


def availability_from_dict(row: Mapping[str, Any]) -> AvailabilityFact:
    """An availability fact from its JSON-ready dict."""
    names = {f.name for f in dataclasses.fields(AvailabilityFact)}
    values = {name: row[name] for name in names}
    for name in AVAILABILITY_DATES:
        values[name] = date.fromisoformat(row[name]) if row[name] else None
    return AvailabilityFact(**values)
