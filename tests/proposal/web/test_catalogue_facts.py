"""The catalogue as plain engine facts for a region, and the snapshot a proposal keeps."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from proposal.web.catalogue_facts import (
    facts_from_snapshot,
    load_geography,
    load_region_catalogue,
    summaries_from_snapshot,
)

TODAY = date.today()


def test_only_current_interventions_with_rows_in_the_region_are_loaded(
    session: Session, make_intervention: Any, make_availability: Any
) -> None:
    here = make_intervention(name="Here", needs=["ete", "accommodation"], same_day_sessions=1)
    make_availability(here, "london", status="waiting-list", wait_weeks=4)
    make_availability(here, "london", pdu="camden-and-islington", status="open")
    make_availability(here, "wales", status="open")
    make_availability(make_intervention(name="Elsewhere"), "wales")
    make_availability(make_intervention(name="Gone", status="withdrawn"), "london")
    [fact] = load_region_catalogue(session, "london", TODAY, 90).facts
    assert (fact.slug, fact.needs, fact.sessions, fact.rar_days) == (
        "here",
        ("accommodation", "ete"),
        4,
        3,
    )
    assert [(row.region, row.pdu, row.status) for row in fact.availability] == [
        ("london", None, "waiting-list"),
        ("london", "camden-and-islington", "open"),
    ]


def test_staleness_follows_the_configured_threshold(session, make_intervention, make_availability):
    old = datetime.now() - timedelta(days=40)
    make_availability(make_intervention(name="Old"), "london", confirmed_at=old)
    make_availability(make_intervention(name="Never"), "london", confirmed_at=None)
    stale = {
        f.slug: f.availability[0].stale
        for f in load_region_catalogue(session, "london", TODAY, 30).facts
    }
    assert stale == {"old": True, "never": True}
    assert not load_region_catalogue(session, "london", TODAY, 90).facts[1].availability[0].stale


def test_the_snapshot_rebuilds_the_same_facts(session, make_intervention, make_availability):
    iv = make_intervention(
        name="Snap",
        needs=["ete"],
        excluded_offences=["sexual"],
        min_age=21,
        summary="Say <b>hi</b>.",
    )
    make_availability(iv, "london", next_start=TODAY + timedelta(days=7), places=5)
    catalogue = load_region_catalogue(session, "london", TODAY, 90)
    snapshot = catalogue.to_snapshot()
    assert facts_from_snapshot(snapshot) == catalogue.facts
    assert summaries_from_snapshot(snapshot) == {str(iv.id): "Say <b>hi</b>."}
    assert snapshot[0]["availability"][0]["next_start"] == (TODAY + timedelta(days=7)).isoformat()


def test_geography_gives_each_court_its_pdu_and_region(session: Session) -> None:
    geography = load_geography(session)
    court = geography.courts["highbury-corner"]
    assert (court.pdu, court.region, court.region_name) == (
        "camden-and-islington",
        "london",
        "London",
    )
    assert (
        geography.pdu_regions["camden-and-islington"] == "london" and len(geography.regions) == 12
    )
