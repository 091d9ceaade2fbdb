"""The catalogue as plain engine facts for a region, and the snapshot a proposal keeps."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from proposal import DEFAULT_POLICY, assess, recommend
from proposal.types import Case, Flags, NeedAssessment, OrderDetails, Predictor
from proposal.web.catalogue_facts import (
    facts_from_snapshot,
    load_geography,
    load_region_catalogue,
    summaries_from_snapshot,
)
from proposal.web.facts_cache import RegionFactsCache

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


def _case(region: str, needs: tuple[str, ...], **flags: bool) -> Case:
    return Case(
        region=region,
        pdu=None,
        gender="male",
        age=30,
        predictor=Predictor("OGRS3", 62),
        needs=tuple(NeedAssessment(area, True, index == 0) for index, area in enumerate(needs)),
        flags=Flags(**flags),
        order=OrderDetails("community-order", 12),
    )


def test_a_case_loads_only_what_could_change_its_recommendation(
    session: Session, make_intervention: Any, make_availability: Any
) -> None:
    def offered(name: str, status: str = "open", region: str = "london", **fields: Any) -> None:
        make_availability(make_intervention(name=name, **fields), region, status=status)

    offered("Kept", needs=["ete", "finance-benefits-debt"])
    offered("Waiting kept", status="waiting-list", needs=["ete"])
    offered("Programme kept", type="accredited-programme", needs=["attitudes-thinking-behaviour"])
    offered("Other need", needs=["accommodation"])
    offered("Paused", status="paused", needs=["ete"])
    offered("Not available", status="not-available", needs=["ete"])
    offered("In Wales", region="wales", needs=["ete"])
    make_availability(make_intervention(name="Gone", status="withdrawn", needs=["ete"]), "london")
    ended = make_intervention(name="Ended", valid_to=TODAY - timedelta(days=1), needs=["ete"])
    make_availability(ended, "london")
    later = make_intervention(name="Later", valid_from=TODAY + timedelta(days=1), needs=["ete"])
    make_availability(later, "london")
    offered("Women only", gender="women", needs=["ete"])
    case = _case("london", ("ete",), accredited_programme_eligible=True)
    offered = RegionFactsCache().offered(session, case, TODAY, DEFAULT_POLICY)
    assert {fact.slug for fact in offered.facts} == {
        "kept",
        "waiting-kept",
        "programme-kept",
        "women-only",
    }
    assert set(offered.summaries) == {fact.id for fact in offered.facts}
    assessed = assess(case, offered.facts, TODAY)
    assert {fact.slug for fact in assessed.relevant} == {"kept", "waiting-kept", "programme-kept"}
    whole = load_region_catalogue(session, "london", TODAY, DEFAULT_POLICY.stale_after_days)
    assert assessed.recommendation == recommend(case, whole.facts, TODAY)
    assert recommend(case, assessed.relevant, TODAY) == assessed.recommendation


def test_the_case_catalogue_gives_the_whole_region_s_recommendation_on_the_seed(
    seeded_app: Any,
) -> None:
    need_sets = [
        ("accommodation",),
        ("ete", "finance-benefits-debt"),
        ("accommodation", "emotional-management", "attitudes-thinking-behaviour"),
        ("drugs", "alcohol", "relationships", "lifestyle-associates", "ete"),
    ]
    compared = 0
    with seeded_app.app_context(), seeded_app.extensions["db_sessionmaker"]() as session:
        geography = load_geography(session)
        cache = RegionFactsCache()
        for region in sorted(geography.regions):
            whole = load_region_catalogue(session, region, TODAY, 90).facts
            for needs in need_sets:
                for eligible in (False, True):
                    case = _case(region, needs, accredited_programme_eligible=eligible)
                    offered = cache.offered(session, case, TODAY, DEFAULT_POLICY).facts
                    assessed = assess(case, offered, TODAY)
                    assert assessed.recommendation == recommend(case, whole, TODAY)
                    assert recommend(case, assessed.relevant, TODAY) == assessed.recommendation
                    assert len(assessed.relevant) <= len(offered) < len(whole)
                    compared += 1
    assert compared == 12 * len(need_sets) * 2
