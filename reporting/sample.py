"""A labelled sample of anonymous proposals and outcomes, so MI shows something on a new machine.

Made through the same service calls as real proposals (the engine, the demand records, the
outcome checks and the audit), by an account that cannot sign in, with `is_sample` set on
every proposal and snapshot and "Sample person" / "SAMPLE-" in place of a name and case
reference. The same seed gives the same sample on the same day; dates are relative to the
day it is loaded, so the default period always shows it. Never loaded in production.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from accounts.services import create_user, find_user
from catalogue.models import Court, Pdu, Region
from proposal.policy import NEED_AREAS, Policy
from proposal.types import ValidationError
from proposal.web import outcomes, services
from proposal.web.models import Proposal
from reporting.figures import Snapshot
from reporting.snapshots import count_freshness, store

SAMPLE_AUTHOR = "sample.proposals@example.invalid"
SEED = 2017  # the year of the inspection that asked for these figures
COURTS_PER_REGION = 2


@dataclass(frozen=True)
class Loaded:
    """What loading the sample did."""

    proposals: int
    outcomes: int
    snapshots: int


def has_sample(session: Session) -> bool:
    """Whether the sample is already in the database."""
    return session.scalar(select(Proposal.id).where(Proposal.is_sample).limit(1)) is not None


def load_sample(
    session: Session, today: date, policy: Policy, stale_after_days: int, count: int = 360
) -> Loaded:
    """Make `count` sample proposals over the last year, outcomes for most, and weekly
    sample freshness snapshots for the last half year."""
    rng = random.Random(SEED)
    author = _author(session)
    courts = _courts(session)
    made = recorded = 0
    for number in range(1, count + 1):
        court = rng.choice(courts)
        heard = today - timedelta(days=rng.randint(1, 360))
        try:
            proposal = services.propose(
                session, author, _body(rng, number, court, heard), _at(heard), policy
            )
        except ValidationError:
            session.rollback()
            continue
        proposal.is_sample = True
        session.commit()
        made += 1
        if rng.random() < 0.15 and proposal.recommended_days:
            _override(session, rng, proposal, policy)
        if rng.random() < 0.85:
            body = _outcome(rng, proposal, heard, today)
            when = date.fromisoformat(body["sentence_date"])
            outcomes.record_outcome(session, proposal, author, body, _at(when), 10_000)
            recorded += 1
    snapshots = _snapshots(session, rng, today, stale_after_days)
    return Loaded(made, recorded, snapshots)


def _author(session: Session) -> User:
    user = find_user(session, SAMPLE_AUTHOR)
    if user is None:
        user = create_user(
            session,
            SAMPLE_AUTHOR,
            secrets.token_urlsafe(24),
            "court-officer",
            display_name="Sample data",
            job_title="Not a real officer",
        )
    user.is_active = False  # it writes the sample; no one signs in as it
    session.commit()
    return user


def _courts(session: Session) -> list[str]:
    """A few courts in each region, so some courts have enough proposals to show."""
    rows = session.execute(
        select(Court.slug, Pdu.region_slug)
        .join(Pdu, Court.pdu_slug == Pdu.slug)
        .order_by(Pdu.region_slug, Court.slug)
    ).all()
    chosen: dict[str, list[str]] = {}
    for slug, region in rows:
        if len(chosen.setdefault(region, [])) < COURTS_PER_REGION:
            chosen[region].append(slug)
    # London and the North West see more cases; weight them by listing their courts twice.
    busy = [c for r in ("london", "north-west") for c in chosen.get(r, [])]
    return [c for courts in chosen.values() for c in courts] + busy


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0))


def _body(rng: random.Random, number: int, court: str, heard: date) -> dict[str, Any]:
    age = rng.randint(18, 62)
    score = min(max(int(rng.gauss(52, 22)), 3), 98)
    needs = rng.sample([slug for slug, _ in NEED_AREAS], rng.randint(1, 4))
    flags = {
        "alcohol_dependent": "alcohol" in needs and rng.random() < 0.3,
        "drug_treatment_suitable": "drugs" in needs and rng.random() < 0.4,
        "mental_health_treatment_suitable": rng.random() < 0.08,
        "accredited_programme_eligible": rng.random() < 0.12,
        "sexual_offence": False,
        "domestic_abuse": rng.random() < 0.1,
    }
    born = heard - timedelta(days=age * 365 + rng.randint(30, 330))
    return {
        "gender": "male" if rng.random() < 0.85 else "female",
        "predictor": {"name": "OGRS4/G" if rng.random() < 0.4 else "OGRS3", "score": score},
        "needs": [
            {"area": n, "linked_to_reoffending": True, "linked_to_harm": False} for n in needs
        ],
        "flags": flags,
        "order": {
            "type": rng.choice(["community-order"] * 3 + ["suspended-sentence-order"]),
            "months": rng.choice([12, 12, 18, 24]),
        },
        # Below 25 a proposal is only saved with exceptional reasons (rule 3).
        "exceptional_circumstances": "Sample: clear dynamic risk factors." if score < 25 else None,
        "defendant": {
            "name": f"Sample person {number:04d}",
            "date_of_birth": born.isoformat(),
            "case_reference": f"SAMPLE-{number:04d}",
            "court": court,
            "hearing_date": heard.isoformat(),
        },
    }


def _override(session: Session, rng: random.Random, proposal: Proposal, policy: Policy) -> None:
    days = max(1, (proposal.recommended_days or 0) + rng.choice([-5, -3, 3, 5]))
    try:
        services.override_days(
            session,
            proposal,
            days,
            "Sample: the officer's judgement.",
            proposal.version,
            SAMPLE_AUTHOR,
            policy,
        )
    except ValidationError:
        session.rollback()


def _outcome(rng: random.Random, proposal: Proposal, heard: date, today: date) -> dict[str, Any]:
    """What the court did: mostly what was proposed, sometimes fewer or more days, or no RAR."""
    sentenced = min(heard + timedelta(days=rng.choice([0, 0, 0, 7, 14])), today)
    proposed = proposal.final_days if proposal.result.get("recommend_rar") else None
    roll = rng.random()
    if proposed and roll < 0.55:
        days: int | None = proposed
    elif proposed and roll < 0.75:
        days = max(1, proposed - rng.randint(2, 10))
    elif proposed and roll < 0.85:
        days = proposed + rng.randint(2, 10)
    elif not proposed and roll < 0.1:
        days = 10
    else:
        days = None
    sentence = (
        "community-order"
        if days
        else rng.choice(
            ["community-order", "custody", "fine-or-discharge", "suspended-sentence-order"]
        )
    )
    others = (
        rng.sample(["unpaid-work", "curfew", "ATR"], rng.randint(0, 2))
        if sentence in (outcomes.WITH_REQUIREMENTS)
        else []
    )
    return {
        "sentence": sentence,
        "rar_ordered": days is not None,
        "rar_days": days,
        "other_requirements": others,
        "sentence_date": sentenced.isoformat(),
    }


def _snapshots(session: Session, rng: random.Random, today: date, stale_after_days: int) -> int:
    """Made-up weekly freshness for the last 26 weeks, ending at today's real counts."""
    now = count_freshness(session, today, stale_after_days)
    regions = session.scalars(select(Region.slug).order_by(Region.slug)).all()
    made = []
    for region in regions:
        total, share = now[region].total, rng.uniform(0.45, 0.8)
        for weeks_ago in range(26, 0, -1):
            share = min(max(share + rng.uniform(-0.06, 0.07), 0.2), 1.0)
            day = today - timedelta(weeks=weeks_ago)
            made.append(Snapshot(day, region, total, round(total * share)))
    store(session, made, stale_after_days, is_sample=True)
    store(session, now.values(), stale_after_days, is_sample=False)
    return len(made) + len(now)
