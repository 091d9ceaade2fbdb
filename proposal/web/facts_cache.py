"""Each region's catalogue facts, kept by one process and brought up to date by revision.

Reading a region's facts costs time in proportion to the region's catalogue (about 0.2 s for
2,400 interventions), so, like the search index, each process keeps them and follows the
catalogue revision: a request first reads the revision (one small query); when it moved,
only the interventions changed since are read again. A new day or another stale threshold
starts the region afresh, since both change which rows are stale.

A case is then given the region's accredited programmes and the activities for its
assessed needs with an open or waiting-list row; the engine settles the rest.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from catalogue.changes import catalogue_revision, changed_since
from catalogue.models import Availability
from proposal.policy import ACCREDITED_PROGRAMME, Policy
from proposal.types import ActivityFact, Case
from proposal.web.catalogue_facts import (
    RegionCatalogue,
    current_in_region,
    load_facts,
    load_region_catalogue,
)

# Past this many changed interventions, reading the region again is quicker.
INCREMENTAL_LIMIT = 2000


@dataclass
class RegionFacts:
    """One region's facts on one day, at one revision, indexed by need area."""

    today: date
    stale_after_days: int
    statuses: tuple[str, ...]
    revision: int
    facts: dict[str, ActivityFact] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)
    # Ids of facts with an open or waiting-list row here: by need area, and the programmes.
    by_need: dict[str, set[str]] = field(default_factory=dict)
    programmes: set[str] = field(default_factory=set)

    def fits(self, today: date, stale_after_days: int, statuses: tuple[str, ...]) -> bool:
        """Whether these facts answer for this day, stale threshold and status preference."""
        return (today, stale_after_days, statuses) == (
            self.today,
            self.stale_after_days,
            self.statuses,
        )

    def put(self, catalogue: RegionCatalogue) -> None:
        """Add (or replace) facts."""
        for fact in catalogue.facts:
            self.facts[fact.id] = fact
            self.summaries[fact.id] = catalogue.summaries[fact.id]
            if not any(row.status in self.statuses for row in fact.availability):
                continue
            if fact.type == ACCREDITED_PROGRAMME:
                self.programmes.add(fact.id)
            for need in fact.needs:
                self.by_need.setdefault(need, set()).add(fact.id)

    def drop(self, ids: set[str]) -> None:
        """Forget these facts (changed: read again, or no longer offered here)."""
        for key in ids:
            self.facts.pop(key, None)
            self.summaries.pop(key, None)
        self.programmes -= ids
        for members in self.by_need.values():
            members -= ids

    def for_needs(self, areas: set[str]) -> list[ActivityFact]:
        """Programmes, and activities for any of these needs, with a usable row here."""
        ids = set(self.programmes)
        for area in areas:
            ids |= self.by_need.get(area, set())
        return [self.facts[key] for key in ids]


class RegionFactsCache:
    """The facts of each region this process has been asked about."""

    def __init__(self) -> None:
        self._regions: dict[str, RegionFacts] = {}
        self._lock = threading.Lock()

    def offered(self, session: Session, case: Case, today: date, policy: Policy) -> RegionCatalogue:
        """The region's programmes, and its activities for the case's needs, with an open or
        waiting-list row there: everything that could be named for this case, and more."""
        with self._lock:
            region = self._current(session, case.region, today, policy)
            facts = region.for_needs({need.area for need in case.needs})
            return RegionCatalogue(tuple(facts), {f.id: region.summaries[f.id] for f in facts})

    def _current(self, session: Session, region: str, today: date, policy: Policy) -> RegionFacts:
        revision = catalogue_revision(session)
        statuses = policy.status_preference
        held = self._regions.get(region)
        if held is not None and held.fits(today, policy.stale_after_days, statuses):
            if held.revision == revision:
                return held
            changed = changed_since(session, held.revision) if held.revision < revision else None
            if changed is not None and len(changed) <= INCREMENTAL_LIMIT:
                _update(session, region, held, changed, revision)
                return held
        fresh = RegionFacts(today, policy.stale_after_days, statuses, revision)
        fresh.put(load_region_catalogue(session, region, today, policy.stale_after_days))
        self._regions[region] = fresh
        return fresh


def _update(
    session: Session, region: str, held: RegionFacts, changed: set[str], revision: int
) -> None:
    """Read the changed interventions again: changed, added here, or gone from here."""
    held.drop(changed)
    if changed:
        keys = [uuid.UUID(key) for key in changed]
        ids = current_in_region(region, held.today).where(Availability.intervention_id.in_(keys))
        held.put(load_facts(session, region, ids, held.today, held.stale_after_days))
    held.revision = revision
