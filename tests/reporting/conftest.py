"""Fixtures for MI: saved proposals with outcomes written straight to the real database.

The rows have the shape the proposal service saves (tests/reporting/test_pages.py also
checks one made through the real form and API), with the score, days, court and outcome
each test needs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from proposal.web.demand import DemandRecord
from proposal.web.models import Proposal, ProposalOutcome

PLANTED_NAME = "Zebedee Quillfeather-Planted"
PLANTED_DOB = "1987-11-23"
PLANTED_CASE = "PLANTED-CR-9931"
COURTS = {
    "highbury-corner": "camden-and-islington",
    "westminster": "hammersmith-fulham-kensington-chelsea-and-westminster",
}
RECENT = date.today() - timedelta(days=20)


@pytest.fixture
def make_proposal(session: Session, make_user: Callable[..., Any]) -> Callable[..., Proposal]:
    """Save a proposal (and its outcome, when `ordered` is given) for a London court."""
    author = make_user("court-officer")
    counter = iter(range(1, 100_000))

    def create(
        score: int = 60,
        days: int | None = 20,
        court: str = "highbury-corner",
        heard: date = RECENT,
        ordered: int | None | bool = False,
        routed: tuple[str, ...] = (),
        unmet: tuple[str, ...] = (),
        override: int | None = None,
        sentence: str = "community-order",
    ) -> Proposal:
        number = next(counter)
        proposal = Proposal(
            id=uuid.uuid4(),
            author_id=author.id,
            status="draft",
            court_slug=court,
            region_slug="london",
            inputs={
                "needs": [{"area": "ete", "linked_to_reoffending": True, "linked_to_harm": False}],
                "defendant": {
                    "name": PLANTED_NAME,
                    "date_of_birth": PLANTED_DOB,
                    "case_reference": f"{PLANTED_CASE}-{number}",
                    "court": court,
                    "hearing_date": heard.isoformat(),
                },
            },
            catalogue_snapshot=[],
            result={
                "recommend_rar": days is not None,
                "predictor": {"name": "OGRS3", "score": score},
                "band": {"name": "medium"},
                "routed": [{"need": None, "requirement": r, "reason": "x"} for r in routed],
                "unmet_needs": list(unmet),
                "rationale": f"{PLANTED_NAME} needs help with work.",
            },
            policy_version="test",
            rationale=f"{PLANTED_NAME} needs help with work.",
            recommended_days=days,
            override_days=override,
            created_at=datetime.combine(heard, datetime.min.time()),
            updated_at=datetime.combine(heard, datetime.min.time()),
        )
        session.add(proposal)
        session.add(
            DemandRecord(
                proposal_id=proposal.id,
                created_at=proposal.created_at,
                region_slug="london",
                pdu_slug=COURTS.get(court),
                band="medium",
                needs=["ete"],
                unmet_needs=list(unmet),
                days_proposed=proposal.final_days,
            )
        )
        if ordered is not False:
            session.add(
                ProposalOutcome(
                    proposal_id=proposal.id,
                    sentence=sentence if ordered else "custody",
                    rar_ordered=bool(ordered),
                    rar_days=ordered or None,
                    other_requirements=[],
                    sentence_date=heard,
                    recorded_at=datetime.now(),
                    updated_at=datetime.now(),
                )
            )
        session.commit()
        return proposal

    return create


@pytest.fixture
def editor(client: FlaskClient, login: Callable[..., Any]) -> Any:
    """The client signed in as a national interventions editor."""
    return login(client, "interventions-editor")


def page(client: FlaskClient, url: str) -> str:
    """A page's HTML, after checking it answered 200."""
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    return response.get_data(as_text=True)
