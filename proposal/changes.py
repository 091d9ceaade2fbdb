"""What has changed, for an activity a saved proposal names, between then and today's catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from proposal.rationale import long_date
from proposal.types import ActivityFact, AvailabilityFact

UNUSABLE = {"paused": "paused", "not-available": "no longer available"}


@dataclass(frozen=True)
class Change:
    """One change to a named activity: `kind` is withdrawn, paused, not-available, stale or
    next-start; `message` says it in words."""

    activity: str
    kind: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready dict."""
        return {"activity": self.activity, "kind": self.kind, "message": self.message}


def activity_changes(
    name: str, saved: AvailabilityFact, live: ActivityFact | None
) -> tuple[Change, ...]:
    """How the activity named on `saved` stands now; `live` is None when it is withdrawn."""
    if live is None:
        return (Change(name, "withdrawn", f"{name} has been withdrawn from the catalogue."),)
    row = _same_place(saved, live.availability)
    if row is None or row.status in UNUSABLE:
        status = row.status if row is not None else "not-available"
        words = UNUSABLE.get(status, status)
        return (Change(name, status, f"{name} is now {words} here (it was {saved.status})."),)
    found = []
    if row.stale and not saved.stale:
        when = long_date(row.confirmed_at) if row.confirmed_at else "never"
        found.append(
            Change(name, "stale", f"{name}: availability has become stale (last confirmed {when}).")
        )
    if row.next_start != saved.next_start:
        before = long_date(saved.next_start) if saved.next_start else "not given"
        after = long_date(row.next_start) if row.next_start else "not given"
        found.append(
            Change(name, "next-start", f"{name}: next start moved from {before} to {after}.")
        )
    return tuple(found)


def _same_place(
    saved: AvailabilityFact, rows: tuple[AvailabilityFact, ...]
) -> AvailabilityFact | None:
    return next((r for r in rows if (r.region, r.pdu) == (saved.region, saved.pdu)), None)
