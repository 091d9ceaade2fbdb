"""Filters and facet counts over bitmasks: one bit per indexed intervention.

Counting a facet value is an AND of two Python integers and a popcount, so facets for every
filter value stay cheap as the catalogue grows. Ordinals are ours (not the engine's document
numbers), so an edit updates one intervention's bits without reloading the rest.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from datetime import date
from heapq import nsmallest
from typing import Any

from catalogue.reference import PERSON_GENDERS
from catalogue.search.types import SearchQuery

# Facet name → the key of the indexed values it counts (list-valued keys hold several).
FACET_KEYS = {
    "need": "needs",
    "region": "regions",
    "type": "type",
    "format": "format",
    "eip_status": "eip_status",
    "gender": "gender",
}
MULTI_VALUED = frozenset({"needs", "regions", "regions_open", "pdus", "pdus_open"})
MAX_DERIVED = 256  # derived masks kept (a new day's tests replace the day before's)
MASKED_KEYS = (*MULTI_VALUED, "type", "format", "eip_status", "gender", "sessions", "group")


class FacetTable:
    """In-memory filter values of every indexed intervention, as bitmasks per value."""

    def __init__(self) -> None:
        self.ordinal: dict[str, int] = {}
        self.ids: list[str | None] = []
        self.records: list[dict[str, Any] | None] = []
        self.masks: dict[str, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
        self._by_name: list[tuple[str, int]] | None = None  # (name_key, ordinal), sorted
        self._order_by_name: list[int] | None = None
        self._current: tuple[date, int] | None = None
        # Masks of the records passing a test (see derived_mask), kept up to date by edits.
        self._derived: dict[Hashable, tuple[Callable[[dict[str, Any]], bool], int]] = {}

    @classmethod
    def load(cls, items: Iterable[tuple[str, dict[str, Any]]]) -> FacetTable:
        """A table of many interventions (unique ids) at once.

        Each mask is built in one pass over a byte buffer: OR-ing one bit at a time into a
        growing integer costs time in proportion to its width, so n puts cost n squared.
        """
        table = cls()
        ordinals: dict[str, dict[Any, list[int]]] = defaultdict(lambda: defaultdict(list))
        for doc_id, record in items:
            ordinal = len(table.ids)
            table.ordinal[doc_id] = ordinal
            table.ids.append(doc_id)
            table.records.append(record)
            for key in MASKED_KEYS:
                for value in _values(record, key):
                    ordinals[key][value].append(ordinal)
        size = len(table.ids)
        for key, by_value in ordinals.items():
            for value, members in by_value.items():
                table.masks[key][value] = mask_of(members, size)
        return table

    def __len__(self) -> int:
        return len(self.ordinal)

    def put(self, doc_id: str, record: dict[str, Any]) -> None:
        """Add or replace one intervention's values."""
        self.remove(doc_id)
        ordinal = len(self.ids)
        self.ordinal[doc_id] = ordinal
        self.ids.append(doc_id)
        self.records.append(record)
        self._set_bits(ordinal, record, on=True)
        if self._by_name is not None:
            insort(self._by_name, (record["name_key"], ordinal))
        self._order_by_name = None
        for key, (test, mask) in self._derived.items():
            if test(record):
                self._derived[key] = (test, mask | 1 << ordinal)
        if self._current is not None and _is_current(record, self._current[0]):
            self._current = (self._current[0], self._current[1] | 1 << ordinal)

    def remove(self, doc_id: str) -> None:
        """Forget an intervention (its ordinal is never reused)."""
        ordinal = self.ordinal.pop(doc_id, None)
        if ordinal is None:
            return
        record = self.records[ordinal]
        if record is not None:
            self._set_bits(ordinal, record, on=False)
            if self._by_name is not None:
                del self._by_name[bisect_left(self._by_name, (record["name_key"], ordinal))]
        self.ids[ordinal] = None
        self.records[ordinal] = None
        self._order_by_name = None
        for key, (test, mask) in self._derived.items():
            self._derived[key] = (test, mask & ~(1 << ordinal))
        if self._current is not None:
            self._current = (self._current[0], self._current[1] & ~(1 << ordinal))

    def _set_bits(self, ordinal: int, record: dict[str, Any], on: bool) -> None:
        bit = 1 << ordinal
        for key in MASKED_KEYS:
            for value in _values(record, key):
                if on:
                    self.masks[key][value] |= bit
                else:
                    self.masks[key][value] &= ~bit

    def any_of(self, key: str, values: Iterable[Any]) -> int:
        """Bits of interventions having any of the values under the key."""
        mask = 0
        for value in values:
            mask |= self.masks[key].get(value, 0)
        return mask

    def derived_mask(self, key: Hashable, test: Callable[[dict[str, Any]], bool]) -> int:
        """Bits of the interventions whose values pass a test (`key` names the test): worked
        out once, then kept up to date as interventions are added, replaced and removed."""
        if key not in self._derived:
            if len(self._derived) >= MAX_DERIVED:
                self._derived.clear()
            passing = (o for o, r in enumerate(self.records) if r is not None and test(r))
            self._derived[key] = (test, mask_of(passing, len(self.records)))
        return self._derived[key][1]

    def current(self, today: date) -> int:
        """Bits of interventions that are active and valid on the day."""
        if self._current is None or self._current[0] != today:
            live = (
                o for o, r in enumerate(self.records) if r is not None and _is_current(r, today)
            )
            self._current = (today, mask_of(live, len(self.records)))
        return self._current[1]

    def _names(self) -> list[tuple[str, int]]:
        if self._by_name is None:
            self._by_name = sorted(
                (r["name_key"], o) for o, r in enumerate(self.records) if r is not None
            )
        return self._by_name

    def name_order(self) -> list[int]:
        """Ordinals of all interventions sorted by name."""
        if self._order_by_name is None:
            self._order_by_name = [o for _, o in self._names()]
        return self._order_by_name

    def first_by_name(self, selected: int, limit: int) -> list[int]:
        """The first `limit` ordinals of a selection in name order (as name_order filtered)."""
        if limit <= 0:
            return []
        if selected.bit_count() * 8 <= len(self.records):  # few: sort only the selection
            keyed = (
                (r["name_key"], o)
                for o in ordinals_of(selected)
                if (r := self.records[o]) is not None
            )
            return [o for _, o in nsmallest(limit, keyed)]
        bits, found = member_test(selected, len(self.records)), list[int]()
        for _, ordinal in self._names():
            if len(found) == limit:
                break
            if has_bit(bits, ordinal):
                found.append(ordinal)
        return found


def _values(record: dict[str, Any], key: str) -> list[Any]:
    """A record's values under a key (an index written before the key existed has none)."""
    if key in MULTI_VALUED:
        return list(record.get(key) or ())
    return [record.get(key)]


def mask_of(ordinals: Iterable[int], size: int) -> int:
    """A mask with the ordinals' bits set, built in one pass over a byte buffer."""
    buffer = bytearray((size + 7) // 8 or 1)
    for ordinal in ordinals:
        buffer[ordinal >> 3] |= 1 << (ordinal & 7)
    return int.from_bytes(buffer, "little")


_SET_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


def ordinals_of(mask: int) -> list[int]:
    """The ordinals whose bits are set in a mask, lowest first."""
    found: list[int] = []
    for index, byte in enumerate(mask.to_bytes((mask.bit_length() + 7) // 8 or 1, "little")):
        if byte:
            found.extend((index << 3) + bit for bit in _SET_BITS[byte])
    return found


def _is_current(record: dict[str, Any], today: date) -> bool:
    if record["status"] != "active":
        return False
    iso = today.isoformat()
    if record["valid_from"] and iso < record["valid_from"]:
        return False
    return not (record["valid_to"] and iso > record["valid_to"])


def filter_masks(table: FacetTable, query: SearchQuery) -> dict[str, int | None]:
    """One mask per filter the query sets (None where the filter is not set)."""
    region_key = "regions_open" if query.open_now else "regions"
    pdu_key = "pdus_open" if query.open_now else "pdus"
    masks: dict[str, int | None] = {
        "need": table.any_of("needs", query.needs) if query.needs else None,
        "region": table.any_of(region_key, query.regions) if query.regions else None,
        "pdu": table.any_of(pdu_key, query.pdus) if query.pdus else None,
        "type": table.any_of("type", query.types) if query.types else None,
        "format": table.any_of("format", query.formats) if query.formats else None,
        "eip_status": table.any_of("eip_status", query.eip_statuses)
        if query.eip_statuses
        else None,
        "gender": table.any_of("gender", PERSON_GENDERS[query.gender]) if query.gender else None,
        "sessions": _sessions_mask(table, query.min_sessions, query.max_sessions),
    }
    if query.open_now and not query.regions and not query.pdus:
        masks["open_now"] = table.any_of("regions_open", table.masks["regions_open"].keys())
    return masks


def _sessions_mask(table: FacetTable, low: int | None, high: int | None) -> int | None:
    if low is None and high is None:
        return None
    wanted = [
        n
        for n in table.masks["sessions"]
        if (low is None or n >= low) and (high is None or n <= high)
    ]
    return table.any_of("sessions", wanted)


def combine(base: int, masks: dict[str, int | None], leave_out: str | None = None) -> int:
    """AND the base with every set filter mask except the one left out."""
    result = base
    for name, mask in masks.items():
        if mask is not None and name != leave_out:
            result &= mask
    return result


def facet_counts(
    table: FacetTable, base: int, masks: dict[str, int | None], open_now: bool
) -> dict[str, dict[str, int]]:
    """Counts per facet value, each facet under every other filter (disjunctive faceting)."""
    counts: dict[str, dict[str, int]] = {}
    for facet, key in FACET_KEYS.items():
        if facet == "region" and open_now:
            key = "regions_open"
        within = combine(base, masks, leave_out=facet)
        counts[facet] = {
            str(value): (within & mask).bit_count()
            for value, mask in sorted(table.masks[key].items())
        }
    return counts


def member_test(mask: int, size: int) -> bytes:
    """The mask as bytes, so testing one ordinal's bit does not shift a huge integer."""
    return mask.to_bytes((size + 7) // 8 or 1, "little")


def has_bit(bits: bytes, ordinal: int) -> bool:
    """Whether an ordinal's bit is set in a mask turned into bytes by member_test."""
    return bool(bits[ordinal >> 3] >> (ordinal & 7) & 1)
