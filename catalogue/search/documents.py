"""What the index holds for one intervention: its text, and the values filters use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from catalogue.models import Intervention
from catalogue.reference import AVAILABLE_STATUSES


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
    for row in intervention.availability:
        if row.status not in AVAILABLE_STATUSES:
            continue
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
        "status": intervention.status,
        "valid_from": _iso(intervention.valid_from),
        "valid_to": _iso(intervention.valid_to),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
