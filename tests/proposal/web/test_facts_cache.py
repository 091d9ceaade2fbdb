"""The per-process cache of region facts follows every committed catalogue change."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from catalogue.changes import record_revision
from catalogue.models import NeedArea
from proposal import DEFAULT_POLICY
from proposal.types import Case, Flags, NeedAssessment, OrderDetails, Predictor
from proposal.web.facts_cache import RegionFactsCache
from tests.proposal.web.conftest import api_body

TODAY = date.today()


def _case(*needs: str, programme: bool = False) -> Case:
    return Case(
        region="london",
        pdu=None,
        gender="male",
        age=30,
        predictor=Predictor("OGRS3", 62),
        needs=tuple(NeedAssessment(area, True, False) for area in needs),
        flags=Flags(accredited_programme_eligible=programme),
        order=OrderDetails("community-order", 12),
    )


def _slugs(cache: RegionFactsCache, session: Session, case: Case, today: date = TODAY) -> set[str]:
    return {fact.slug for fact in cache.offered(session, case, today, DEFAULT_POLICY).facts}


def _commit_change(session: Session, intervention: Any) -> None:
    record_revision(session, intervention.id)
    session.commit()


def test_the_cache_sees_each_committed_change_and_agrees_with_a_fresh_read(
    session: Session, make_intervention: Any, make_availability: Any
) -> None:
    cache = RegionFactsCache()
    case = _case("ete", "accommodation", programme=True)
    housing = make_intervention(name="Housing", needs=["accommodation"])
    row = make_availability(housing, "london")
    work = make_intervention(name="Work", needs=["ete"])
    make_availability(work, "london", status="paused")
    assert _slugs(cache, session, case) == {"housing"}
    held = cache._regions["london"]

    row.status = "not-available"  # closed: gone from the case's catalogue
    _commit_change(session, housing)
    assert _slugs(cache, session, case) == set()
    work.availability[0].status = "waiting-list"  # reopened
    _commit_change(session, work)
    assert _slugs(cache, session, case) == {"work"}
    work.needs = [session.get(NeedArea, "drugs")]  # no longer for any of the case's needs
    _commit_change(session, work)
    assert _slugs(cache, session, case) == set()
    programme = make_intervention(name="Programme", type="accredited-programme", needs=["drugs"])
    make_availability(programme, "london")
    assert _slugs(cache, session, case) == {"programme"}
    programme.status = "withdrawn"
    _commit_change(session, programme)
    assert _slugs(cache, session, case) == set()
    assert cache._regions["london"] is held  # each change was read incrementally

    for probe in (case, _case("drugs"), _case("accommodation", "ete")):
        assert _slugs(cache, session, probe) == _slugs(RegionFactsCache(), session, probe)


def test_a_new_day_reads_staleness_again(
    session: Session, make_intervention: Any, make_availability: Any
) -> None:
    confirmed = datetime.combine(TODAY, datetime.min.time())
    make_availability(
        make_intervention(name="Kept", needs=["ete"]), "london", confirmed_at=confirmed
    )
    cache = RegionFactsCache()

    def stale_on(day: date) -> bool:
        catalogue = cache.offered(session, _case("ete"), day, DEFAULT_POLICY)
        return catalogue.facts[0].availability[0].stale

    later = TODAY + timedelta(days=DEFAULT_POLICY.stale_after_days + 1)
    assert (stale_on(TODAY), stale_on(later), stale_on(TODAY)) == (False, True, False)


def test_a_recommendation_after_an_edit_names_the_edited_activity(
    client: Any, session: Session, make_intervention: Any, make_availability: Any
) -> None:
    first = make_intervention(name="First Housing", needs=["accommodation"])
    make_availability(first, "london")
    body = api_body()

    def named() -> list[str]:
        answer = client.post("/api/v1/recommendations", json=body).get_json()
        return [item["intervention"]["slug"] for item in answer["activities"]]

    assert named() == ["first-housing"]
    first.name, first.slug = "Better Housing", "better-housing"
    _commit_change(session, first)
    assert named() == ["better-housing"]
