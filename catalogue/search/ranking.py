"""Ordering a selection: thesaurus expansion below direct matches, regional variants as one
result, the sort orders (stale results after fresh ones of equal relevance), and the counts
offered when nothing is found.

Works on the facet table's ordinals; the engine is reached only through `TextSearch`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from heapq import nlargest, nsmallest
from typing import Any

from catalogue.search.expansion import Unit
from catalogue.search.facets import (
    FacetTable,
    combine,
    filter_masks,
    has_bit,
    mask_of,
    member_test,
    ordinals_of,
)
from catalogue.search.types import SearchQuery

TextSearch = Callable[..., dict[str, float]]  # the engine's text_search
# A document matching every word as typed outranks any matched only through the thesaurus.
DIRECT_TIER = 1_000_000.0
EXPANSION_WEIGHT = 0.5  # a thesaurus phrase counts half a typed word
NEED_MATCH_SCORE = 1.0  # an activity addressing the need the word means
Scored = list[tuple[float, int]]


@dataclass
class Expanded:
    """Documents matched through the thesaurus: scored ones (a typed or thesaurus word), and
    the ones matched only by addressing the need a word means, which rank after them."""

    scored: Scored
    need_only: int
    matched_any: bool


def expanded_scores(
    table: FacetTable, units: list[Unit], direct: dict[str, float], search: TextSearch
) -> Expanded:
    """Each unit matched as typed or as the thesaurus has it (every unit, else any), with
    documents having every word as typed lifted above the rest."""
    size = len(table.ids)
    if len(units) == 1:  # the common case, kept lean: one word or phrase
        found, needs = _unit_matches(table, units[0], direct, search)
        as_typed = {o for i in direct if (o := table.ordinal.get(i)) is not None}
        scored = [(s + DIRECT_TIER if o in as_typed else s, o) for o, s in found.items()]
        return Expanded(scored, needs & ~mask_of(found, size), False)
    # Units the thesaurus knows first: a plain word is then scored only where they matched.
    ordered = sorted(units, key=lambda u: u.entry is None)
    per_unit: list[dict[int, float]] = []
    masks: list[int] = []
    for unit in ordered:
        if unit.entry is None and masks:
            typed = search(unit.words, True, False, _ids(table, _and(masks)))
        else:
            typed = search(unit.words, True)
        found, needs = _unit_matches(table, unit, typed, search)
        per_unit.append(found)
        masks.append(mask_of(found, size) | needs)
    every = _and(masks)
    matched_any = not every and len(masks) > 1
    if matched_any:  # some unit matched nowhere the others did: any unit will do
        per_unit = [_unit_matches(table, u, search(u.words, True), search)[0] for u in ordered]
        every = 0
        for unit_mask in [mask_of(f, size) for f in per_unit] + masks:
            every |= unit_mask
    return _scored(table, per_unit, every, direct, matched_any)


def _unit_matches(
    table: FacetTable, unit: Unit, typed: dict[str, float], search: TextSearch
) -> tuple[dict[int, float], int]:
    """A unit's scored matches (as typed, and its thesaurus phrases) and its need mask."""
    ordinal = table.ordinal.get
    found = {o: s for i, s in typed.items() if (o := ordinal(i)) is not None}
    if unit.entry is None:
        return found, 0
    for phrase in unit.entry.phrases:
        for doc_id, score in search(phrase, True, True).items():
            if (o := ordinal(doc_id)) is not None:
                found[o] = found.get(o, 0.0) + score * EXPANSION_WEIGHT
    return found, table.any_of("needs", unit.entry.needs) if unit.entry.needs else 0


def _scored(
    table: FacetTable,
    per_unit: list[dict[int, float]],
    every: int,
    direct: dict[str, float],
    matched_any: bool,
) -> Expanded:
    size = len(table.ids)
    lifted = {o for i in direct if (o := table.ordinal.get(i)) is not None}
    bits = member_test(every, size)
    scored = []
    for o in set().union(*per_unit):
        if bits[o >> 3] >> (o & 7) & 1:
            score = sum(u.get(o, 0.0) for u in per_unit)
            scored.append((score + (DIRECT_TIER if o in lifted else 0.0), o))
    need_only = every & ~mask_of((o for _, o in scored), size)
    return Expanded(scored, need_only, matched_any and bool(every))


def _and(masks: list[int]) -> int:
    every = masks[0]
    for mask in masks[1:]:
        every &= mask
    return every


def _ids(table: FacetTable, mask: int) -> list[str]:
    return [i for o in ordinals_of(mask) if (i := table.ids[o]) is not None]


def collapse_variants(
    table: FacetTable, selected: int, scored: Scored | None, stale: int = 0
) -> tuple[int, dict[int, list[int]]]:
    """The selection with each group of regional variants down to its best member (a fresh
    one before a stale one), and the members of each group kept (by the kept member's
    ordinal)."""
    groups = table.masks.get("group") or {}
    score = {o: s for s, o in scored} if scored else {}
    records = table.records
    stale_bits = member_test(stale, len(table.ids))
    kept: dict[int, list[int]] = {}
    for key, mask in groups.items():
        inside = selected & mask
        if key is None or inside.bit_count() < 2:
            continue
        members = ordinals_of(inside)
        best = min(
            members,
            key=lambda o: (
                -score.get(o, 0.0),
                has_bit(stale_bits, o),
                (records[o] or {})["name_key"],
            ),
        )
        selected = (selected & ~inside) | 1 << best
        kept[best] = members
    return selected, kept


def variant_regions(table: FacetTable, members: list[int]) -> tuple[str, ...]:
    """The regions a group's members are available in."""
    regions: set[str] = set()
    for o in members:
        regions.update((table.records[o] or {}).get("regions", ()))
    return tuple(sorted(regions))


def order(
    table: FacetTable,
    selected: int,
    scored: Scored | None,
    query: SearchQuery,
    limit: int,
    unscored: int = 0,
    stale: int = 0,
) -> list[int]:
    """The first `limit` ordinals of the selection in the order the query asks for; the
    `unscored` members of the selection rank after the scored ones, by name, and `stale`
    ones after the others of equal relevance (sorting by name ignores staleness)."""
    if query.sort == "name":
        return table.first_by_name(selected, limit)
    if scored is None and query.sort == "relevance":
        return _fresh_first_by_name(table, selected, stale, limit)
    size = len(table.ids)
    bits = member_test(selected, size)
    if scored is not None:
        hits = [(s, o) for s, o in scored if bits[o >> 3] >> (o & 7) & 1]
    else:
        hits = [(0.0, o) for o in ordinals_of(selected)]
    records, stale_bits = table.records, member_test(stale, size)
    if query.sort == "relevance" and unscored:
        top = _by_relevance(records, hits, limit, stale_bits)
        return top + _fresh_first_by_name(table, selected & unscored, stale, limit - len(top))
    if unscored:
        hits += [(0.0, o) for o in ordinals_of(selected & unscored)]
    if query.sort == "relevance":
        return _by_relevance(records, hits, limit, stale_bits)
    field = "starts" if query.sort == "next_start" else "waits"
    keyed = [
        (
            *_soonest(records[o], field, query.regions),
            -round(s, 6),
            has_bit(stale_bits, o),
            (records[o] or {}).get("name_key", ""),
            o,
        )
        for s, o in hits
    ]
    return [k[-1] for k in nsmallest(limit, keyed)]


def _fresh_first_by_name(table: FacetTable, selected: int, stale: int, limit: int) -> list[int]:
    """The first `limit` of a selection by name, the fresh ones before the stale ones."""
    fresh = table.first_by_name(selected & ~stale, limit)
    return fresh + table.first_by_name(selected & stale, limit - len(fresh))


def _by_relevance(records: list[Any], hits: Scored, limit: int, stale_bits: bytes) -> list[int]:
    if limit <= 0:
        return []
    if len(hits) > limit:  # only scores rounding to the page's lowest or above can be on it
        lowest = round(nlargest(limit, hits)[-1][0], 6) - 1e-6
        hits = [hit for hit in hits if hit[0] >= lowest]
    keyed = [
        (-round(s, 6), has_bit(stale_bits, o), (records[o] or {}).get("name_key", ""), o)
        for s, o in hits
    ]
    return [k[-1] for k in nsmallest(limit, keyed)]


def _soonest(
    record: dict[str, Any] | None, field: str, regions: tuple[str, ...]
) -> tuple[int, Any]:
    """(0, least value) over the regions asked about (all without one); (1, 0) if none."""
    values = (record or {}).get(field) or {}
    found = [v for r, v in values.items() if not regions or r in regions]
    return (0, min(found)) if found else (1, 0)


def relaxed_counts(
    table: FacetTable, base: int, masks: dict[str, int | None], query: SearchQuery, today: date
) -> dict[str, int]:
    """How many results each set filter's removal would give, and in all regions."""
    counts = {
        name: combine(base, masks, leave_out=name).bit_count()
        for name, mask in masks.items()
        if mask is not None and name != "open_now"
    }
    if query.open_now:
        counts["open_now"] = combine(
            base, filter_masks(table, replace(query, open_now=False))
        ).bit_count()
    if query.regions or query.pdus:
        wider = {k: v for k, v in masks.items() if k not in ("region", "pdu")}
        counts["all_regions"] = combine(base, wider).bit_count()
    if query.text:
        counts["text"] = combine(table.current(today), masks).bit_count()
    return counts
