"""Ordering a selection: thesaurus expansion below direct matches, regional variants as one
result, the sort orders, and the counts offered when nothing is found.

Works on the facet table's ordinals; the engine is reached only through `TextSearch`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from heapq import nsmallest
from typing import Any

from catalogue.search.expansion import Unit
from catalogue.search.facets import (
    FacetTable,
    combine,
    filter_masks,
    member_test,
    ordinals_of,
)
from catalogue.search.types import SearchQuery

TextSearch = Callable[[tuple[str, ...], bool], dict[str, float]]
# A document matching every word as typed outranks any matched only through the thesaurus.
DIRECT_TIER = 1_000_000.0
EXPANSION_WEIGHT = 0.5  # a thesaurus phrase counts half a typed word
NEED_MATCH_SCORE = 1.0  # an activity addressing the need the word means
Scored = list[tuple[float, int]]


def expanded_scores(
    table: FacetTable, units: list[Unit], direct: dict[str, float], search: TextSearch
) -> tuple[Scored, bool]:
    """(score, ordinal) of documents matching each unit as typed or as the thesaurus has it,
    direct matches of every word lifted above the rest; and whether any unit sufficed."""
    ordinal = table.ordinal.get
    per_unit: list[dict[int, float]] = []
    for unit in units:
        typed = direct if len(units) == 1 else search(unit.words, True)
        found = {o: s for i, s in typed.items() if (o := ordinal(i)) is not None}
        if unit.entry is not None:
            for phrase in unit.entry.phrases:
                for doc_id, score in search(phrase, True).items():
                    if (o := ordinal(doc_id)) is not None:
                        found[o] = found.get(o, 0.0) + score * EXPANSION_WEIGHT
            if unit.entry.needs:
                for o in ordinals_of(table.any_of("needs", unit.entry.needs)):
                    found[o] = found.get(o, 0.0) + NEED_MATCH_SCORE
        per_unit.append(found)
    keys = set(per_unit[0]).intersection(*per_unit[1:]) if per_unit else set()
    matched_any = not keys and len(per_unit) > 1
    if matched_any:
        keys = set().union(*per_unit)
    lifted = {o for i in direct if (o := ordinal(i)) is not None}
    scored = [
        (sum(u.get(o, 0.0) for u in per_unit) + (DIRECT_TIER if o in lifted else 0.0), o)
        for o in keys
    ]
    return scored, matched_any and bool(keys)


def collapse_variants(
    table: FacetTable, selected: int, scored: Scored | None
) -> tuple[int, dict[int, list[int]]]:
    """The selection with each group of regional variants down to its best member, and the
    members of each group kept (by the kept member's ordinal)."""
    groups = table.masks.get("group") or {}
    score = {o: s for s, o in scored} if scored else {}
    records = table.records
    kept: dict[int, list[int]] = {}
    for key, mask in groups.items():
        inside = selected & mask
        if key is None or inside.bit_count() < 2:
            continue
        members = ordinals_of(inside)
        best = min(members, key=lambda o: (-score.get(o, 0.0), (records[o] or {})["name_key"]))
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
    table: FacetTable, selected: int, scored: Scored | None, query: SearchQuery, limit: int
) -> list[int]:
    """The first `limit` ordinals of the selection in the order the query asks for."""
    if query.sort == "name" or (scored is None and query.sort == "relevance"):
        return table.first_by_name(selected, limit)
    bits = member_test(selected, len(table.ids))
    if scored is not None:
        hits = [(s, o) for s, o in scored if bits[o >> 3] >> (o & 7) & 1]
    else:
        hits = [(0.0, o) for o in ordinals_of(selected)]
    records = table.records
    if query.sort == "relevance":
        keyed: list[tuple[Any, ...]] = [
            (-round(s, 6), (records[o] or {}).get("name_key", ""), o) for s, o in hits
        ]
    else:
        field = "starts" if query.sort == "next_start" else "waits"
        keyed = [
            (*_soonest(records[o], field, query.regions), -round(s, 6),
             (records[o] or {}).get("name_key", ""), o)
            for s, o in hits
        ]  # fmt: skip
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
