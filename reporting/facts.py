"""Saved proposals and their outcomes as anonymous facts: what MI counts and analysts export.

A `ProposalFacts` never holds the defendant's name, date of birth or case reference; it is
built here from the proposal's stored result and place, so no other MI module reads
`Proposal.inputs["defendant"]`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Court
from proposal.web.models import Proposal, ProposalOutcome

ROUTED_REQUIREMENTS = ("ATR", "DRR", "MHTR", "programme")


@dataclass(frozen=True)
class Filters:
    """Which proposals a page counts: hearing dates from `start` to `end`, one court or all."""

    start: date
    end: date
    region: str | None = None
    court: str | None = None


@dataclass(frozen=True)
class ProposalFacts:
    """One proposal without personal data: place, month, score band, needs, days, outcome."""

    region: str
    pdu: str | None
    court: str | None
    hearing_date: date
    predictor: str
    score: int | None
    band: str
    needs: tuple[str, ...]
    routed: tuple[str, ...]
    unmet: tuple[str, ...]
    recommended_days: int | None
    final_days: int | None
    overridden: bool
    sentence: str | None
    rar_ordered: bool | None
    rar_days: int | None
    other_requirements: tuple[str, ...]
    sentence_date: date | None
    is_sample: bool

    @property
    def has_outcome(self) -> bool:
        """Whether the author recorded what the court ordered."""
        return self.sentence is not None


def load_facts(session: Session, filters: Filters) -> list[ProposalFacts]:
    """The proposals heard in the period (in the region and court, when given), as facts."""
    query = (
        select(Proposal, ProposalOutcome)
        .outerjoin(ProposalOutcome, ProposalOutcome.proposal_id == Proposal.id)
        .where(Proposal.status != "deleted")  # a deleted draft never reached the court
    )
    if filters.region:
        query = query.where(Proposal.region_slug == filters.region)
    if filters.court:
        query = query.where(Proposal.court_slug == filters.court)
    pdus = dict(session.execute(select(Court.slug, Court.pdu_slug)).all())
    found = (_facts(p, o, pdus) for p, o in session.execute(query))
    return sorted(
        (f for f in found if filters.start <= f.hearing_date <= filters.end),
        key=lambda f: (f.hearing_date, f.region, f.court or ""),
    )


def _facts(
    proposal: Proposal, outcome: ProposalOutcome | None, pdus: Mapping[str, str | None]
) -> ProposalFacts:
    result, inputs = proposal.result, proposal.inputs
    predictor = result.get("predictor") or {}
    routed = {item.get("requirement") for item in result.get("routed", [])}
    needs = [n["area"] for n in inputs.get("needs", []) if _linked(n)]
    return ProposalFacts(
        region=proposal.region_slug,
        pdu=inputs.get("pdu") or pdus.get(proposal.court_slug or ""),
        court=proposal.court_slug,
        hearing_date=date.fromisoformat(inputs["defendant"]["hearing_date"]),
        predictor=str(predictor.get("name", "")),
        score=predictor.get("score"),
        band=str(result.get("band", {}).get("name", "")),
        needs=tuple(dict.fromkeys(needs)),
        routed=tuple(r for r in ROUTED_REQUIREMENTS if r in routed),
        unmet=tuple(result.get("unmet_needs", [])),
        recommended_days=proposal.recommended_days,
        final_days=proposal.final_days if result.get("recommend_rar", True) else None,
        overridden=proposal.override_days is not None,
        sentence=outcome.sentence if outcome else None,
        rar_ordered=outcome.rar_ordered if outcome else None,
        rar_days=outcome.rar_days if outcome else None,
        other_requirements=tuple(outcome.other_requirements) if outcome else (),
        sentence_date=outcome.sentence_date if outcome else None,
        is_sample=bool(proposal.is_sample),
    )


def _linked(need: object) -> bool:
    return isinstance(need, dict) and bool(
        need.get("linked_to_reoffending") or need.get("linked_to_harm")
    )
