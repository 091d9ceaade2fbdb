"""The catalogue as plain engine values for a region, and the snapshot a proposal keeps."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalogue.models import Availability, Court, Pdu, Region
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
    """Current interventions with availability rows in the region, as plain facts."""
    query = (
        select(Availability)
        .where(Availability.region_slug == region)
        .options(selectinload(Availability.intervention))
    )
    rows: dict[str, list[Availability]] = {}
    interventions = {}
    for row in session.scalars(query):
        if row.intervention.is_current(today):
            key = str(row.intervention_id)
            interventions[key] = row.intervention
            rows.setdefault(key, []).append(row)
    facts = []
    for key, intervention in sorted(interventions.items(), key=lambda item: item[1].slug):
        availability = tuple(
            _availability_fact(row, today, stale_after_days)
            for row in sorted(rows[key], key=lambda r: r.pdu_key)
        )
        facts.append(_activity_fact(intervention, availability))
    summaries = {key: intervention.summary for key, intervention in interventions.items()}
    return RegionCatalogue(tuple(facts), summaries)


def _availability_fact(row: Availability, today: date, stale_after_days: int) -> AvailabilityFact:
    return AvailabilityFact(
        region=row.region_slug,
        pdu=row.pdu_slug,
        status=row.status,
        next_start=row.next_start,
        places=row.places,
        wait_weeks=row.wait_weeks,
        confirmed_at=row.confirmed_at.date() if row.confirmed_at else None,
        stale=row.is_stale(today, stale_after_days),
    )


def _activity_fact(intervention: Any, availability: tuple[AvailabilityFact, ...]) -> ActivityFact:
    return ActivityFact(
        id=str(intervention.id),
        slug=intervention.slug,
        name=intervention.name,
        type=intervention.type,
        eip_status=intervention.eip_status,
        needs=tuple(sorted(intervention.need_slugs, key=lambda n: (NEED_ORDER.get(n, 99), n))),
        sessions=intervention.total_sessions,
        rar_days=intervention.rar_days,
        gender=intervention.gender,
        min_age=intervention.min_age,
        max_age=intervention.max_age,
        min_ogrs3=intervention.min_ogrs3,
        min_ovp=intervention.min_ovp,
        offence_focus=intervention.offence_focus,
        excluded_offences=tuple(intervention.excluded_offences or ()),
        not_if_programme_eligible=intervention.not_if_programme_eligible,
        min_months_left=intervention.min_months_left,
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
    values["availability"] = tuple(_availability_from_dict(row) for row in item["availability"])
    return ActivityFact(**values)


def _availability_from_dict(row: Mapping[str, Any]) -> AvailabilityFact:
    names = {f.name for f in dataclasses.fields(AvailabilityFact)}
    values = {name: row[name] for name in names}
    for name in AVAILABILITY_DATES:
        values[name] = date.fromisoformat(row[name]) if row[name] else None
    return AvailabilityFact(**values)
