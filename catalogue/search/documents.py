"""What the index holds for one intervention: its text, and the values filters use."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload, selectinload

from catalogue.models import Availability, Intervention, Pdu, Region
from catalogue.reference import AVAILABLE_STATUSES
from catalogue.search.freshness import oldest_confirmations

# Raise when documents change shape: an index of an earlier format is then rebuilt.
DOCUMENT_FORMAT = 2  # 2: availability confirmation dates, for ranking stale results
VARIANT_NAME = re.compile(r"(.+?)\s*\([^()]+\)")
BUILD_BATCH = 500
# Documents need availability's slugs and statuses, not the Region and Pdu rows it joins.
LEAN_LOAD = (
    selectinload(Intervention.availability).options(
        lazyload(Availability.region), lazyload(Availability.pdu)
    ),
)


@dataclass(frozen=True)
class IndexDocument:
    """The indexed form of an intervention. It never holds personal data or prices."""

    id: str
    name: str
    body: str
    provider: str
    needs_text: str
    places_text: str
    facets: dict[str, Any]


def build_document(
    intervention: Intervention, region_names: dict[str, str], region_pdus: dict[str, list[str]]
) -> IndexDocument:
    """Index document for an intervention, given region names and each region's PDUs."""
    facets = facet_values(intervention, region_pdus)
    places = " ".join(region_names[r] for r in facets["regions"] if r in region_names)
    return IndexDocument(
        id=str(intervention.id),
        name=intervention.name,
        body=" ".join(
            [intervention.summary, intervention.description, intervention.what_you_will_do]
        ),
        provider=intervention.provider,
        needs_text=" ".join(n.label for n in intervention.needs),
        places_text=places,
        facets=facets,
    )


def facet_values(intervention: Intervention, region_pdus: dict[str, list[str]]) -> dict[str, Any]:
    """The filterable values: needs, where it is available or open, type, format, and so on."""
    regions, regions_open, pdus, pdus_open = set(), set(), set(), set()
    starts: dict[str, str] = {}
    waits: dict[str, int] = {}
    for row in intervention.availability:
        if row.status not in AVAILABLE_STATUSES:
            continue
        _keep_least(starts, row.region_slug, _iso(row.next_start))
        _keep_least(waits, row.region_slug, row.wait_weeks)
        # A region-wide row makes the intervention available in every PDU of the region.
        row_pdus = {row.pdu_slug} if row.pdu_slug else set(region_pdus.get(row.region_slug, []))
        regions.add(row.region_slug)
        pdus |= row_pdus
        if row.status == "open":
            regions_open.add(row.region_slug)
            pdus_open |= row_pdus
    return {
        "needs": sorted(intervention.need_slugs),
        "regions": sorted(regions),
        "regions_open": sorted(regions_open),
        "pdus": sorted(pdus),
        "pdus_open": sorted(pdus_open),
        "type": intervention.type,
        "format": intervention.format,
        "eip_status": intervention.eip_status,
        "gender": intervention.gender,
        "sessions": intervention.total_sessions,
        "name_key": intervention.name.casefold(),
        "group": variant_group(intervention.name, intervention.type),
        "starts": starts,
        "waits": waits,
        "status": intervention.status,
        "valid_from": _iso(intervention.valid_from),
        "valid_to": _iso(intervention.valid_to),
        "confirmed": oldest_confirmations(intervention.availability),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def variant_group(name: str, kind: str) -> str | None:
    """The service a regional variant belongs to: "Accommodation support (London)" is one
    of "accommodation support"; a name without a bracketed place has no group."""
    found = VARIANT_NAME.fullmatch(name.strip())
    return f"{kind}:{found.group(1).casefold()}" if found else None


def _keep_least(values: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and (key not in values or value < values[key]):
        values[key] = value


def all_documents(session: Session) -> Iterator[IndexDocument]:
    """The document of every active intervention, read in batches."""
    # Its own session, so clearing it between batches leaves the caller's objects alone.
    with Session(bind=session.get_bind()) as reader:
        names, pdus = region_lookups(reader)
        ids = reader.scalars(select(Intervention.id).order_by(Intervention.id)).all()
        for start in range(0, len(ids), BUILD_BATCH):
            chunk = ids[start : start + BUILD_BATCH]
            for intervention in reader.scalars(
                select(Intervention).where(Intervention.id.in_(chunk)).options(*LEAN_LOAD)
            ):
                if intervention.status == "active":
                    yield build_document(intervention, names, pdus)
            reader.expunge_all()


def documents_for(session: Session, changed: set[str]) -> tuple[list[IndexDocument], list[str]]:
    """Documents of the changed interventions still active, and the ids to delete."""
    # A fresh session: the caller's may hold copies loaded before the change committed.
    with Session(bind=session.get_bind()) as reader:
        names, pdus = region_lookups(reader)
        rows = reader.scalars(
            select(Intervention)
            .where(Intervention.id.in_([uuid.UUID(i) for i in changed]))
            .options(*LEAN_LOAD)
        ).all()
        upserts = [build_document(i, names, pdus) for i in rows if i.status == "active"]
    kept = {d.id for d in upserts}
    return upserts, sorted(changed - kept)


def region_lookups(session: Session) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Region names by slug, and the PDU slugs of each region."""
    names = {slug: name for slug, name in session.execute(select(Region.slug, Region.name))}
    pdus: dict[str, list[str]] = {}
    for slug, region in session.execute(select(Pdu.slug, Pdu.region_slug)):
        pdus.setdefault(region, []).append(slug)
    return names, pdus
