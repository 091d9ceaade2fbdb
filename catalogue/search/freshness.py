"""Which results rest on availability nobody has confirmed recently (pure).

Of results equally relevant, those with a stale row rank after the fresh ones; their pages
and the API go on labelling the stale rows. A row is stale when not confirmed within the
stale-after days (`catalogue.models.confirmation_is_stale`). Which rows count is what the
results show: the rows in the places searched, or every row when no place was chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, Protocol

from catalogue.search.facets import FacetTable
from catalogue.search.types import SearchQuery

EVERYWHERE = ""  # the scope of every row


class ConfirmedRow(Protocol):
    """An availability row as far as freshness goes."""

    region_slug: str
    pdu_slug: str | None
    confirmed_at: datetime | None


def oldest_confirmations(rows: Iterable[ConfirmedRow]) -> dict[str, str]:
    """The oldest confirmation date (ISO; "" for never confirmed) of every row, of the rows
    in each region, and of each region's region-wide ("<region>|") and PDU ("<region>|<pdu>")
    rows: enough to tell whether the rows any search shows are stale."""
    oldest: dict[str, str] = {}
    for row in rows:
        when = row.confirmed_at.date().isoformat() if row.confirmed_at else ""
        for scope in (EVERYWHERE, row.region_slug, f"{row.region_slug}|{row.pdu_slug or ''}"):
            if scope not in oldest or when < oldest[scope]:
                oldest[scope] = when
    return oldest


def scopes_of(query: SearchQuery, pdu_regions: Mapping[str, str]) -> tuple[str, ...]:
    """The scopes whose rows a search shows: as `presenters.rows_for_places` chooses them, a
    PDU narrows its region to the region-wide rows and the chosen PDUs' own rows."""
    if not query.regions and not query.pdus:
        return (EVERYWHERE,)
    narrowed = {pdu_regions[p] for p in query.pdus if p in pdu_regions}
    scopes = [r for r in query.regions if r not in narrowed]
    for region in sorted(narrowed):
        scopes.append(f"{region}|")
        scopes += [f"{region}|{p}" for p in query.pdus if pdu_regions.get(p) == region]
    return tuple(scopes)


def stale_mask(
    table: FacetTable,
    query: SearchQuery,
    today: date,
    stale_after_days: int,
    pdu_regions: Mapping[str, str],
) -> int:
    """Bits of the table's interventions with a stale row among those the search shows."""
    scopes = scopes_of(query, pdu_regions)
    # confirmation_is_stale: confirmed more than `stale_after_days` days before today.
    cutoff = (today - timedelta(days=stale_after_days)).isoformat()
    return table.derived_mask(("stale", cutoff, scopes), partial(_has_stale, scopes, cutoff))


def _has_stale(scopes: tuple[str, ...], cutoff: str, record: dict[str, Any]) -> bool:
    oldest = record.get("confirmed") or {}
    return any(scope in oldest and oldest[scope] < cutoff for scope in scopes)
