"""Rule 5: only available, eligible activities are named, chosen by the policy's preferences."""

from __future__ import annotations

from datetime import date

import pytest

from proposal.engine import recommend
from proposal.types import Flags, NeedAssessment
from tests.proposal.factories import TODAY, activity, available, case, codes, named, need

ATB = "attitudes-thinking-behaviour"


# --- availability: region, PDU and status ----------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "pdu"),
    [
        ((available(status="paused"),), None),
        ((available(status="not-available"),), None),
        ((available(region="wales"),), None),
        ((available(pdu="croydon"),), "camden"),
        ((available(pdu=None), available(pdu="camden", status="paused")), "camden"),
        ((), None),
    ],
    ids=["paused", "not-available", "other-region", "other-pdu", "paused-in-this-pdu", "no-rows"],
)
def test_never_names_an_activity_not_available_in_the_persons_area(rows, pdu):
    rec = recommend(case("accommodation", pdu=pdu), [activity("a", availability=rows)], TODAY)
    assert named(rec) == []
    assert rec.unmet_needs == ("accommodation",)


@pytest.mark.parametrize(
    ("rows", "pdu", "named_pdu"),
    [
        ((available(pdu=None),), "camden", None),
        ((available(pdu="camden"),), "camden", "camden"),
        ((available(pdu=None, status="paused"), available(pdu="camden")), "camden", "camden"),
        ((available(pdu="croydon", status="waiting-list"),), None, "croydon"),
    ],
    ids=["region-wide-row", "row-for-the-pdu", "pdu-open-region-paused", "pdu-unknown"],
)
def test_names_an_activity_available_in_the_persons_area(rows, pdu, named_pdu):
    rec = recommend(case("accommodation", pdu=pdu), [activity("a", availability=rows)], TODAY)
    assert named(rec) == ["a"]
    assert rec.activities[0].availability.pdu == named_pdu


# --- eligibility -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "person"),
    [
        ({"gender": "men"}, {"gender": "female"}),
        ({"gender": "women"}, {"gender": "male"}),
        ({"min_age": 18, "max_age": 25}, {"age": 30}),
        ({"min_age": 40}, {"age": 30}),
        ({"min_ogrs3": 75}, {"score": 62}),
        ({"min_ovp": 20}, {"ovp_score": None}),
        ({"min_ovp": 20, "min_ogrs3": 75}, {"ovp_score": 15}),
        ({"offence_focus": "domestic-abuse"}, {}),
        ({"offence_focus": "driving"}, {"offence_category": "violence"}),
        (
            {"excluded_offences": ("sexual", "domestic-abuse")},
            {"flags": Flags(sexual_offence=True)},
        ),
        ({"excluded_offences": ("domestic-abuse",)}, {"flags": Flags(domestic_abuse=True)}),
        ({"excluded_offences": ("sexual",)}, {"offence_category": "sexual-child"}),
        ({"not_if_programme_eligible": True}, {"flags": Flags(accredited_programme_eligible=True)}),
        ({"min_months_left": 9, "type": "toolkit"}, {"months": 6}),
        ({"type": "accredited-programme"}, {}),
    ],
    ids=[
        "men-only-for-a-woman",
        "women-only-for-a-man",
        "too-old",
        "too-young",
        "ogrs3-below-threshold",
        "ovp-unknown",
        "neither-threshold-met",
        "domestic-abuse-focus",
        "driving-focus",
        "sexual-excluded",
        "domestic-abuse-excluded",
        "sexual-category-excluded",
        "programme-eligible",
        "toolkit-with-too-little-time-left",
        "accredited-programme",
    ],
)
def test_never_names_an_activity_the_person_is_not_eligible_for(fields, person):
    rec = recommend(case("accommodation", **person), [activity("a", **fields)], TODAY)
    assert named(rec) == []


@pytest.mark.parametrize(
    ("fields", "person"),
    [
        ({"gender": "men"}, {"gender": "male"}),
        ({"gender": "women"}, {"gender": "female"}),
        ({"min_age": 18, "max_age": 25}, {"age": 25}),
        ({"min_ogrs3": 25}, {"score": 25}),
        ({"min_ovp": 20, "min_ogrs3": 75}, {"ovp_score": 20}),
        ({"min_ovp": 20, "min_ogrs3": 25}, {"ovp_score": None, "score": 30}),
        ({"offence_focus": "domestic-abuse"}, {"flags": Flags(domestic_abuse=True)}),
        ({"offence_focus": "driving"}, {"offence_category": "drink-driving"}),
        ({"offence_focus": "violence"}, {"offence_category": "violence"}),
        ({"excluded_offences": ("sexual",)}, {"offence_category": "violence"}),
        ({"not_if_programme_eligible": True}, {}),
        ({"min_months_left": 9}, {"months": 9}),
    ],
    ids=[
        "men-only-for-a-man",
        "women-only-for-a-woman",
        "age-at-the-limit",
        "ogrs3-at-threshold",
        "ovp-meets-either-threshold",
        "ogrs3-meets-either-threshold",
        "domestic-abuse-focus",
        "driving-focus",
        "violence-focus",
        "exclusion-does-not-apply",
        "not-programme-eligible",
        "enough-time-left",
    ],
)
def test_names_an_activity_whose_eligibility_passes(fields, person):
    rec = recommend(case("accommodation", **person), [activity("a", **fields)], TODAY)
    assert named(rec) == ["a"]


# --- preferences (each loser wins every later tie-break, so only the rule decides) ----------


def test_prefers_approved_interventions_covering_two_needs():
    catalogue = [
        activity("a-housing", ("accommodation",), 3),
        activity("b-thinking", (ATB,), 3),
        activity("c-both", ("accommodation", ATB), 12),
    ]
    rec = recommend(case("accommodation", ATB), catalogue, TODAY)
    assert named(rec) == ["c-both"]
    assert rec.activities[0].needs == ("accommodation", ATB)


@pytest.mark.parametrize(
    ("loser", "winner"),
    [
        ({"eip_status": "not-approved"}, {"eip_status": "approved"}),
        ({"eip_status": "awaiting-appraisal"}, {"eip_status": "not-applicable"}),
        ({"eip_status": "not-applicable"}, {"eip_status": "provisionally-approved"}),
        (
            {"availability": (available(status="waiting-list", wait_weeks=1),)},
            {"availability": (available(status="open", wait_weeks=8),)},
        ),
        (
            {"availability": (available(wait_weeks=6),)},
            {"availability": (available(wait_weeks=2),)},
        ),
        (
            {"availability": (available(confirmed_at=date(2024, 12, 15)),)},
            {"availability": (available(confirmed_at=date(2025, 1, 1)),)},
        ),
        (
            {"availability": (available(stale=True, confirmed_at=date(2025, 2, 28)),)},
            {"availability": (available(confirmed_at=date(2025, 1, 1)),)},
        ),
        ({"rar_days": 9}, {"rar_days": 8}),
    ],
    ids=[
        "approved",
        "not-applicable-over-awaiting",
        "provisional-over-not-applicable",
        "open-over-waiting-list",
        "shorter-wait",
        "recently-confirmed",
        "not-stale",
        "fewer-days",
    ],
)
def test_prefers_by_the_policy_order(loser, winner):
    catalogue = [activity("a-loser", **loser), activity("b-winner", **winner)]
    rec = recommend(case("accommodation", score=30), catalogue, TODAY)
    assert named(rec) == ["b-winner"]


def test_prefers_eip_approval_over_being_open_now():
    catalogue = [
        activity("a-open", eip_status="not-approved"),
        activity("b-approved", availability=(available(status="waiting-list"),)),
    ]
    assert named(recommend(case("accommodation"), catalogue, TODAY)) == ["b-approved"]


def test_covers_harm_linked_needs_first_when_coverage_ties():
    catalogue = [
        activity("a-housing", ("accommodation", "ete"), 5),
        activity("b-emotions", ("emotional-management", "ete"), 5),
    ]
    needs = (need("accommodation"), need("ete"), need("emotional-management", harm=True))
    rec = recommend(case(*needs), catalogue, TODAY)
    assert named(rec) == ["b-emotions", "a-housing"]
    assert rec.activities[0].needs == ("emotional-management", "ete")


def test_breaks_a_full_tie_by_name_so_the_choice_is_deterministic():
    catalogue = [activity("z-second", name="Beta"), activity("a-first", name="Alpha")]
    assert named(recommend(case("accommodation"), catalogue, TODAY)) == ["a-first"]


@pytest.mark.parametrize("reverse", [False, True])
def test_identical_activities_are_settled_by_slug_whatever_the_input_order(reverse):
    catalogue = [activity("b-copy", name="Same"), activity("a-original", name="Same")]
    rec = recommend(case("accommodation"), catalogue[::-1] if reverse else catalogue, TODAY)
    assert named(rec) == ["a-original"]


def test_unlinked_needs_are_not_planned_for():
    rec = recommend(
        case(NeedAssessment("ete", False, False), "accommodation"),
        [activity("a"), activity("b", ("ete",))],
        TODAY,
    )
    assert named(rec) == ["a"]
    assert rec.needs_addressed == ("accommodation",)


# --- stale availability is nameable but flagged -------------------------------------------


@pytest.mark.parametrize(
    "row",
    [
        available(stale=True),
        available(confirmed_at=date(2024, 11, 30)),
        available(confirmed_at=None),
    ],
    ids=["marked-stale", "confirmed-over-90-days-ago", "never-confirmed"],
)
def test_names_stale_availability_with_a_warning_naming_the_activity(row):
    rec = recommend(
        case("accommodation"), [activity("housing-support", availability=(row,))], TODAY
    )
    assert named(rec) == ["housing-support"]
    assert rec.activities[0].availability.stale is True
    warning = next(w for w in rec.warnings if w.code == "stale-availability")
    assert "Housing Support" in warning.message


def test_availability_confirmed_within_90_days_is_not_stale():
    row = available(confirmed_at=date(2024, 12, 1))
    rec = recommend(case("accommodation"), [activity("a", availability=(row,))], TODAY)
    assert "stale-availability" not in codes(rec)


# --- under the months a Structured Intervention asks for: kept, with a check ----------------


@pytest.mark.parametrize(
    ("kind", "min_months", "months", "kept", "checked"),
    [
        ("structured-intervention", 9, 6, True, True),
        ("structured-intervention", 9, 9, True, False),
        ("structured-intervention", None, 6, True, False),
        ("toolkit", 9, 6, False, False),
    ],
    ids=[
        "a-structured-intervention-with-too-little-time-left-is-kept-with-a-check",
        "a-structured-intervention-with-enough-time-left-needs-no-check",
        "a-structured-intervention-without-a-minimum-needs-no-check",
        "a-toolkit-with-too-little-time-left-is-still-not-named",
    ],
)
def test_under_the_months_a_structured_intervention_asks_for_it_is_kept_with_a_check(
    kind, min_months, months, kept, checked
):
    si = activity("si", type=kind, min_months_left=min_months)
    rec = recommend(case("accommodation", months=months), [si], TODAY)
    assert named(rec) == (["si"] if kept else [])
    assert ("check-treatment-manager" in codes(rec)) is checked
    row = rec.to_dict()["activities"][0] if kept else {"check": None}
    assert (row["check"] is not None) is checked
    if checked:
        assert "check with the treatment manager" in row["check"]
        assert f"fewer than {min_months} months" in row["check"]
        assert "treatment manager" in rec.rationale
