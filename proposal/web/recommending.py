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

BELOW_THRESHOLD = "below-threshold"
EXCEPTIONAL_NEEDED = (
    "The score is under 25, so a RAR is proposed only in exceptional circumstances: describe "
    "them (clear dynamic risk factors), or do not propose a RAR"
)


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


def proceeding_errors(made: Made) -> dict[str, str]:
    """Rule 3 at the point of saving: below 25 the officer must record exceptional reasons."""
    codes = {warning.code for warning in made.recommendation.warnings}
    return {"exceptional_circumstances": EXCEPTIONAL_NEEDED} if BELOW_THRESHOLD in codes else {}
