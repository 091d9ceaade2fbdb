"""An unmet need names the place truthfully: the person's PDU, and the region when open there."""

from __future__ import annotations

from proposal import recommend
from proposal.engine import assess
from tests.proposal.factories import TODAY, activity, available, case

PAUSED_HERE_OPEN_THERE = activity(
    "housing-support",
    ("accommodation",),
    availability=(
        available(pdu="camden-and-islington", status="paused"),
        available(pdu="hackney-and-city", status="open"),
    ),
)
NOWHERE = activity(
    "debt-advice", ("finance-benefits-debt",), availability=(available(status="paused"),)
)
THINKING = activity("better-solutions", ("attitudes-thinking-behaviour",))


def test_an_unmet_need_open_elsewhere_in_the_region_says_so():
    here = case(
        "accommodation",
        "finance-benefits-debt",
        "attitudes-thinking-behaviour",
        pdu="camden-and-islington",
    )
    rec = recommend(here, [PAUSED_HERE_OPEN_THERE, NOWHERE, THINKING], TODAY)
    assert rec.unmet_needs == ("accommodation", "finance-benefits-debt")
    assert rec.unmet_open_elsewhere == ("accommodation",)
    assert "For accommodation, none is available in the person's PDU" in rec.rationale
    assert "open elsewhere in the region" in rec.rationale
    unmet = next(w.message for w in rec.warnings if w.code == "unmet-need")
    assert "in the person's PDU" in unmet and "in this region" not in unmet
    assert rec.to_dict()["unmet_open_elsewhere"] == ["accommodation"]


def test_without_a_pdu_the_region_was_searched_and_nothing_is_elsewhere():
    rec = recommend(
        case("accommodation", "attitudes-thinking-behaviour"),
        [PAUSED_HERE_OPEN_THERE, THINKING],
        TODAY,
    )
    assert rec.unmet_needs == ()
    rec = recommend(
        case("finance-benefits-debt", "attitudes-thinking-behaviour"), [NOWHERE, THINKING], TODAY
    )
    assert rec.unmet_open_elsewhere == () and "elsewhere" not in rec.rationale


def test_the_saved_facts_keep_the_activity_open_elsewhere_so_a_rebuild_agrees():
    here = case("accommodation", "attitudes-thinking-behaviour", pdu="camden-and-islington")
    found = assess(here, [PAUSED_HERE_OPEN_THERE, NOWHERE, THINKING], TODAY)
    assert PAUSED_HERE_OPEN_THERE in found.relevant
    again = recommend(here, found.relevant, TODAY)
    assert again == found.recommendation
