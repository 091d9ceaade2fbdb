"""Run the engine on the live catalogue of a case's region, with the app's stale threshold."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from flask import current_app
from sqlalchemy.orm import Session

from proposal import assess
from proposal.policy import DEFAULT_POLICY, Policy
from proposal.types import Recommendation
from proposal.web.catalogue_facts import RegionCatalogue
from proposal.web.facts_cache import RegionFactsCache
from proposal.web.inputs import ParsedCase


@dataclass(frozen=True)
class Made:
    """A recommendation and the region catalogue it was made from."""

    catalogue: RegionCatalogue
    recommendation: Recommendation


def policy_for(stale_after_days: int) -> Policy:
    """The policy, with the stale threshold the app is configured with."""
    return replace(DEFAULT_POLICY, stale_after_days=stale_after_days)


def make_recommendation(session: Session, parsed: ParsedCase, today: date, policy: Policy) -> Made:
    """Run the engine on the region's current catalogue; keep the facts that could matter."""
    offered = _cache().offered(session, parsed.case, today, policy)
    assessed = assess(parsed.case, offered.facts, today, policy)
    return Made(offered.only(assessed.relevant), assessed.recommendation)


def _cache() -> RegionFactsCache:
    """This app's (and so this process's) cache of region facts."""
    cache = current_app.extensions.get("proposal_facts")
    if cache is None:
        cache = current_app.extensions["proposal_facts"] = RegionFactsCache()
    return cache  # type: ignore[no-any-return]
