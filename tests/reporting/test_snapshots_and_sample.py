"""The daily availability snapshot (CLI and seeding) and the labelled sample of proposals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.audit import AuditEvent
from proposal.web.demand import DemandRecord
from proposal.web.models import Proposal, ProposalOutcome
from proposal.web.recommending import policy_for
from reporting import sample
from reporting.facts import Filters, load_facts
from reporting.models import AvailabilitySnapshot

TODAY = date.today()


def test_the_snapshot_command_counts_fresh_rows_per_region_and_replaces_the_day(
    app: Flask,
    session: Session,
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    fresh = make_intervention(name="Fresh")
    stale = make_intervention(name="Stale")
    make_availability(fresh, "london", confirmed_at=datetime.now() - timedelta(days=10))
    make_availability(stale, "london", confirmed_at=datetime.now() - timedelta(days=100))
    make_availability(fresh, "wales", confirmed_at=None)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mi", "snapshot"])
    assert result.exit_code == 0, result.output
    assert "1 of 3 availability rows fresh in 12 regions" in result.output
    rows = {r.region_slug: r for r in session.scalars(select(AvailabilitySnapshot))}
    assert (rows["london"].rows_total, rows["london"].rows_fresh) == (2, 1)
    assert (rows["wales"].rows_total, rows["wales"].rows_fresh) == (1, 0)
    assert rows["london"].stale_after_days == 90 and not rows["london"].is_sample
    assert runner.invoke(args=["mi", "snapshot"]).exit_code == 0
    assert session.scalar(select(func.count()).select_from(AvailabilitySnapshot)) == 12
    app.config["STALE_AFTER_DAYS"] = 120
    runner.invoke(args=["mi", "snapshot", "--date", "2026-01-05"])
    session.expire_all()
    kept = session.scalars(
        select(AvailabilitySnapshot).where(
            AvailabilitySnapshot.taken_on == date(2026, 1, 5),
            AvailabilitySnapshot.region_slug == "london",
        )
    ).one()
    assert kept.rows_fresh == 2 and kept.stale_after_days == 120


def _load(app: Flask, session: Session, count: int = 40) -> sample.Loaded:
    with app.app_context():  # the engine's catalogue facts are cached per app
        return sample.load_sample(session, TODAY, policy_for(90), 90, count=count)


def _everything_of_the_sample(session: Session) -> list[Any]:
    year = Filters(TODAY - timedelta(days=400), TODAY)
    return [
        (f.court, f.hearing_date, f.score, f.final_days, f.rar_days, f.sentence)
        for f in load_facts(session, year)
    ]


def test_the_sample_is_labelled_anonymous_and_the_same_each_time(
    app: Flask,
    session: Session,
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> None:
    ete = make_intervention(name="Work Ready", needs=["ete", "accommodation"])
    for region in ("london", "wales", "north-west"):
        make_availability(ete, region)
    loaded = _load(app, session)
    assert loaded.proposals == 40 and 25 <= loaded.outcomes <= 40
    proposals = session.scalars(select(Proposal)).all()
    assert all(p.is_sample for p in proposals)
    assert {p.inputs["defendant"]["name"][:13] for p in proposals} == {"Sample person"}
    assert all(p.inputs["defendant"]["case_reference"].startswith("SAMPLE-") for p in proposals)
    snaps = session.scalars(select(AvailabilitySnapshot)).all()
    assert {s.is_sample for s in snaps if s.taken_on < TODAY} == {True}
    assert {s.is_sample for s in snaps if s.taken_on == TODAY} == {False}
    first = _everything_of_the_sample(session)
    assert sample.has_sample(session)
    for table in (ProposalOutcome, DemandRecord, AuditEvent, Proposal, AvailabilitySnapshot):
        session.execute(delete(table))
    session.commit()
    _load(app, session)
    assert _everything_of_the_sample(session) == first


def test_seed_loads_the_sample_once_and_never_in_production(
    app: Flask, session: Session, database_urls: dict[str, str], tmp_path: Any
) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed", "--if-empty", "--sample-proposals"])
    assert result.exit_code == 0, result.output
    assert (
        "Catalogue already has data" in result.output
        and "Loaded the labelled sample" in result.output
    )
    count = session.scalar(select(func.count()).select_from(Proposal))
    assert count and count > 100
    again = runner.invoke(args=["seed", "--if-empty", "--sample-proposals"])
    assert "Sample proposals already loaded" in again.output
    assert session.scalar(select(func.count()).select_from(Proposal)) == count
    app.config["APP_ENV"] = "production"
    refused = runner.invoke(args=["seed", "--if-empty", "--sample-proposals"])
    assert refused.exit_code != 0 and "never loaded in production" in refused.output
