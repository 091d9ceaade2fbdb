"""The policy table: bands from the 2019 guidance, the allowance, and policy-driven behaviour."""

from __future__ import annotations

from dataclasses import replace

import pytest

from proposal.engine import recommend
from proposal.policy import (
    BANDS,
    DEFAULT_POLICY,
    NEED_AREAS,
    POLICY_VERSION,
    PredictorBanding,
    allowance_for,
    band_for_score,
    banding_for,
)
from tests.proposal.factories import TODAY, activity, available, case, named


@pytest.mark.parametrize(
    ("score", "name", "min_days", "max_days", "average_needs"),
    [
        (0, "none", None, None, 2.4),
        (24, "none", None, None, 2.4),
        (25, "low", 1, 15, 3.2),
        (49, "low", 1, 15, 3.2),
        (50, "medium", 15, 25, 4.4),
        (74, "medium", 15, 25, 4.4),
        (75, "high", 25, 60, 4.4),
        (90, "high", 25, 60, 4.4),
        (91, "high", 25, 60, 6.2),
        (100, "high", 25, 60, 6.2),
    ],
)
def test_band_edges_follow_the_2019_guidance(score, name, min_days, max_days, average_needs):
    band = band_for_score(score)
    assert (band.name, band.min_days, band.max_days) == (name, min_days, max_days)
    assert band.average_needs == average_needs


@pytest.mark.parametrize("score", [-1, 101])
def test_scores_outside_0_to_100_have_no_band(score):
    with pytest.raises(ValueError):
        band_for_score(score)


@pytest.mark.parametrize(
    ("planned", "allowance"),
    [(0, 0), (1, 2), (4, 2), (8, 2), (9, 3), (12, 3), (16, 4), (17, 5), (40, 10)],
)
def test_allowance_is_a_quarter_of_planned_days_rounded_up_and_at_least_two(planned, allowance):
    assert allowance_for(planned) == allowance


def test_need_areas_are_the_nine_of_the_guidance():
    assert [slug for slug, _ in NEED_AREAS] == [
        "accommodation",
        "ete",
        "relationships",
        "lifestyle-associates",
        "alcohol",
        "drugs",
        "emotional-management",
        "attitudes-thinking-behaviour",
        "finance-benefits-debt",
    ]


def test_recommendation_records_the_policy_version():
    rec = recommend(case("accommodation"), [activity("a")], TODAY)
    assert rec.policy_version == POLICY_VERSION == "2019-guidance/1"
    assert rec.to_dict()["policy_version"] == POLICY_VERSION


def test_a_different_allowance_in_the_policy_changes_the_days():
    generous = replace(DEFAULT_POLICY, allowance_percent=50, version="test/1")
    rec = recommend(case("accommodation", score=30), [activity("a", rar_days=8)], TODAY, generous)
    assert (rec.allowance_days, rec.recommended_max_days) == (4, 12)
    assert rec.policy_version == "test/1"


def test_the_preference_order_is_read_from_the_policy():
    catalogue = [
        activity("a-open", eip_status="not-approved"),
        activity("b-approved", availability=(available(status="waiting-list"),)),
    ]
    order = tuple(p for p in DEFAULT_POLICY.preference_order if p != "eip-status")
    open_first = replace(DEFAULT_POLICY, preference_order=order)
    assert named(recommend(case("accommodation"), catalogue, TODAY, open_first)) == ["a-open"]


def test_the_stale_threshold_is_read_from_the_policy():
    strict = replace(DEFAULT_POLICY, stale_after_days=7)
    rec = recommend(case("accommodation"), [activity("a")], TODAY, strict)
    assert rec.activities[0].availability.stale is True


def test_banding_names_the_predictor_and_a_change_for_one_is_one_edit():
    assert banding_for("OGRS4/G").bands == banding_for("OGRS3").bands  # same 50/75/90 edges
    assert "OGRS4/G keeps the 50/75/90 edges" in banding_for("OGRS4/G").basis
    stricter = tuple(replace(band, min_score=band.min_score + 5) for band in BANDS[1:])
    policy = replace(
        DEFAULT_POLICY,
        predictor_banding=(
            banding_for("OGRS3"),
            PredictorBanding("OGRS4/G", (BANDS[0], *stricter), "A future guidance"),
        ),
    )
    assert band_for_score(52.5, policy, "OGRS4/G").name == "low"
    assert band_for_score(52, policy, "OGRS3").name == "medium"


@pytest.mark.parametrize(("score", "name"), [(24.99, "none"), (49.99, "low"), (50.0, "medium")])
def test_a_score_with_decimals_is_read_against_the_lower_edges(score, name):
    assert band_for_score(score, predictor="OGRS4/G").name == name
