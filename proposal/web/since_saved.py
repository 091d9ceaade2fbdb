"""Whether the activities a saved draft names have changed in the live catalogue since."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Intervention, current_on
from proposal.changes import Change, activity_changes
from proposal.web.catalogue_facts import availability_from_dict, load_facts
from proposal.web.models import Proposal


def changed_since_saved(
    session: Session, proposal: Proposal, today: date, stale_after_days: int
) -> list[Change]:
    """Each change to a named activity (withdrawn, paused, became stale, next start moved)."""
    named = proposal.result.get("activities") or []
    if not named or proposal.status == "final":
        return []
    ids = [found for item in named if (found := _uuid(item["intervention"]["id"]))]
    current = select(Intervention.id).where(Intervention.id.in_(ids), current_on(today))
    live = load_facts(session, proposal.region_slug, current, today, stale_after_days)
    by_id = {fact.id: fact for fact in live.facts}
    return [change for item in named for change in _changes(item, by_id)]


def changes_of(
    session: Session, proposals: Sequence[Proposal], today: date, stale_after_days: int
) -> dict[uuid.UUID, list[Change]]:
    """The changes for each of several drafts."""
    return {p.id: changed_since_saved(session, p, today, stale_after_days) for p in proposals}


def _changes(item: dict[str, Any], by_id: dict[str, Any]) -> tuple[Change, ...]:
    intervention = item["intervention"]
    saved = availability_from_dict(item["availability"])
    return activity_changes(intervention["name"], saved, by_id.get(intervention["id"]))


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
