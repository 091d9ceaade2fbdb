"""Rules 1–4 and 6–9 of DOMAIN.md section 6, one table per rule (rule 5 is in its own file)."""

from __future__ import annotations

from datetime import date

import pytest

from proposal import Flags, ValidationError, apply_override, recommend, remove_override
from tests.proposal.factories import TODAY, activity, available, case, codes, named, need, programme

ATB = "attitudes-thinking-behaviour"
CATALOGUE = (
    activity("better-solutions", ("attitudes-thinking-behaviour",), 7),
    activity("housing-support", ("accommodation",), 9, type="crs", eip_status="not-applicable"),
    activity("alcohol-awareness", ("alcohol",), 6),
    activity("drug-recovery", ("drugs",), 6, type="crs", eip_status="not-applicable"),
    activity("stepwise-emotions", ("emotional-management",), 9),
)


# --- rule 1: clear needs, available activities, not better met elsewhere --------------------


def test_proposes_no_rar_when_no_need_is_linked_to_reoffending_or_harm():
    rec = recommend(case(need("accommodation", reoffending=False)), CATALOGUE, TODAY)
    assert (rec.recommend_rar, rec.recommended_max_days) == (False, None)
    assert "no-clear-needs" in codes(rec)


def test_proposes_no_rar_when_no_suitable_activity_is_available():
    paused = activity("housing-support", availability=(available(status="paused"),))
    rec = recommend(case("accommodation"), [paused], TODAY)
    assert rec.recommend_rar is False
    assert rec.unmet_needs == ("accommodation",)
    assert "no-available-activities" in codes(rec)


def test_proposes_no_rar_when_every_need_is_met_by_a_treatment_requirement():
    rec = recommend(case("alcohol", flags=Flags(alcohol_dependent=True)), CATALOGUE, TODAY)
    assert rec.recommend_rar is False
    assert [r.requirement for r in rec.routed] == ["ATR"]
    assert "all-needs-routed" in codes(rec)


def test_no_rar_result_has_no_days_and_says_why():
    rec = recommend(case(), CATALOGUE, TODAY)
    body = rec.to_dict()
    assert body["recommend_rar"] is False and body["recommended_max_days"] is None
    assert body["activities"] == [] and body["planned_days"] == 0
    assert any(w["code"] == "no-clear-needs" for w in body["warnings"])


PAUSED_ETE = activity("work-club", ("ete",), availability=(available(status="paused"),))


@pytest.mark.parametrize(
    ("proposal", "why", "instead", "unmet"),
    [
        (
            case("accommodation", "ete", score=20),
            "is below 25%: a RAR only in exceptional circumstances",
            "No other requirement in this proposal addresses the assessed needs.",
            ("ete",),
        ),
        (
            case(need("accommodation", reoffending=False)),
            "No assessed need is linked to reoffending or harm",
            "No other requirement in this proposal addresses the assessed needs.",
            (),
        ),
        (
            case("alcohol", flags=Flags(alcohol_dependent=True)),
            "Every need linked to reoffending or harm is met by an Alcohol Treatment Requirement",
            "Proposed instead of a RAR: an Alcohol Treatment Requirement (ATR).",
            (),
        ),
        (
            case(ATB, other_requirements=("programme",)),
            "Every need linked to reoffending or harm is met by an accredited programme",
            "Proposed instead of a RAR: an accredited programme requirement (Building Choices).",
            (),
        ),
        (
            case("ete"),
            "No suitable activity for which the person is eligible is available",
            "No other requirement in this proposal addresses the assessed needs.",
            ("ete",),
        ),
    ],
    ids=[
        "below-25-says-why-and-still-records-the-need-nothing-could-meet",
        "no-clear-need-says-why-and-that-nothing-else-is-proposed",
        "every-need-routed-to-a-treatment-requirement-names-it-as-proposed-instead",
        "every-need-routed-to-a-listed-programme-names-it-as-proposed-instead",
        "nothing-available-says-why-and-records-the-unmet-need",
    ],
)
def test_a_no_rar_proposal_says_why_what_instead_and_records_the_unmet_needs(
    proposal, why, instead, unmet
):
    catalogue = (*CATALOGUE, PAUSED_ETE, programme("building-choices", (ATB,)))
    rec = recommend(proposal, catalogue, TODAY)
    assert rec.recommend_rar is False
    assert rec.rationale.startswith("A Rehabilitation Activity Requirement (RAR) is not proposed.")
    assert why in rec.rationale
    assert instead in rec.rationale
    assert rec.unmet_needs == unmet
    if unmet:
        assert "(recorded as unmet need)" in rec.rationale


# --- rule 2: route to treatment requirements and programmes first ---------------------------


@pytest.mark.parametrize(
    ("flags", "area", "requirement"),
    [
        (Flags(alcohol_dependent=True), "alcohol", "ATR"),
        (Flags(drug_treatment_suitable=True), "drugs", "DRR"),
        (Flags(mental_health_treatment_suitable=True), "emotional-management", "MHTR"),
    ],
)
def test_routes_need_to_treatment_requirement_and_leaves_the_rest_to_the_rar(
    flags, area, requirement
):
    rec = recommend(case(area, "accommodation", flags=flags), CATALOGUE, TODAY)
    assert [(r.need, r.requirement) for r in rec.routed] == [(area, requirement)]
    assert rec.needs_addressed == ("accommodation",)
    assert named(rec) == ["housing-support"]


@pytest.mark.parametrize("area", ["alcohol", "drugs", "emotional-management"])
def test_addresses_need_in_the_rar_when_no_treatment_flag_is_set(area):
    rec = recommend(case(area), CATALOGUE, TODAY)
    assert rec.routed == ()
    assert rec.needs_addressed == (area,)


def test_mental_health_flag_alone_is_recorded_as_routed_without_a_need():
    flags = Flags(mental_health_treatment_suitable=True)
    rec = recommend(case("accommodation", flags=flags), CATALOGUE, TODAY)
    assert [(r.need, r.requirement) for r in rec.routed] == [(None, "MHTR")]
    assert rec.recommend_rar is True


def test_requirement_already_in_the_proposed_order_takes_its_need():
    rec = recommend(case("alcohol", "accommodation", other_requirements=("atr",)), CATALOGUE, TODAY)
    assert [(r.need, r.requirement) for r in rec.routed] == [("alcohol", "ATR")]
    assert "alcohol-awareness" not in named(rec)


def test_routes_needs_to_an_available_accredited_programme_the_person_is_eligible_for():
    catalogue = (*CATALOGUE, programme("building-choices", ("attitudes-thinking-behaviour",)))
    flags = Flags(accredited_programme_eligible=True)
    rec = recommend(
        case("attitudes-thinking-behaviour", "accommodation", flags=flags), catalogue, TODAY
    )
    assert [(r.need, r.requirement, r.programme) for r in rec.routed] == [
        ("attitudes-thinking-behaviour", "programme", "Building Choices")
    ]
    assert named(rec) == ["housing-support"]


@pytest.mark.parametrize(
    "unusable",
    [
        programme(
            "building-choices",
            ("attitudes-thinking-behaviour",),
            availability=(available(status="paused"),),
        ),
        programme(
            "building-choices",
            ("attitudes-thinking-behaviour",),
            availability=(available(region="wales"),),
        ),
        programme("thinking-skills", ("attitudes-thinking-behaviour",), min_ogrs3=75),
        programme(
            "building-better-relationships", ("attitudes-thinking-behaviour",), gender="women"
        ),
    ],
    ids=["paused", "other-region", "below-threshold", "wrong-gender"],
)
def test_does_not_route_to_a_programme_that_is_unavailable_or_ineligible(unusable):
    flags = Flags(accredited_programme_eligible=True)
    catalogue = (*CATALOGUE, unusable)
    rec = recommend(case("attitudes-thinking-behaviour", flags=flags), catalogue, TODAY)
    assert rec.routed == ()
    assert "programme-unavailable" in codes(rec)
    assert rec.needs_addressed == ("attitudes-thinking-behaviour",)


def test_programme_not_covering_any_need_is_still_recorded_as_the_requirement_of_choice():
    catalogue = (*CATALOGUE, programme("horizon", ("relationships",)))
    flags = Flags(accredited_programme_eligible=True)
    rec = recommend(case("accommodation", flags=flags), catalogue, TODAY)
    assert [(r.need, r.requirement, r.programme) for r in rec.routed] == [
        (None, "programme", "Horizon")
    ]
    assert named(rec) == ["housing-support"]


BUILDING_CHOICES = programme("building-choices", (ATB, "emotional-management", "relationships"))
# Covers more of the needs than the specialised programmes, so it wins every general preference.
BROAD = programme("building-choices", (ATB, "accommodation"))
HORIZON = programme("horizon", (ATB, "relationships"), offence_focus="sexual")
BBR = programme(
    "building-better-relationships", ("relationships", ATB), offence_focus="domestic-abuse"
)
LISTED = ("programme",)


@pytest.mark.parametrize(
    ("person", "programmes", "routed"),
    [
        ({"other_requirements": LISTED}, (BUILDING_CHOICES,), [(ATB, "Building Choices")]),
        (
            {"other_requirements": ("Programme", "unpaid-work")},
            (BUILDING_CHOICES,),
            [(ATB, "Building Choices")],
        ),
        ({}, (BUILDING_CHOICES,), []),
        (
            {"other_requirements": LISTED, "flags": Flags(sexual_offence=True)},
            (BROAD, HORIZON),
            [(ATB, "Horizon")],
        ),
        (
            {"other_requirements": LISTED, "flags": Flags(domestic_abuse=True)},
            (BROAD, BBR),
            [(ATB, "Building Better Relationships")],
        ),
        (
            {"flags": Flags(accredited_programme_eligible=True, sexual_offence=True)},
            (BROAD, HORIZON),
            [(ATB, "Horizon")],
        ),
        (
            {"flags": Flags(accredited_programme_eligible=True, domestic_abuse=True)},
            (BROAD, BBR),
            [(ATB, "Building Better Relationships")],
        ),
        (
            {"flags": Flags(accredited_programme_eligible=True)},
            (BROAD, HORIZON, BBR),
            [("accommodation", "Building Choices"), (ATB, "Building Choices")],
        ),
    ],
    ids=[
        "a-programme-listed-in-the-order-routes-the-needs-it-covers",
        "the-listed-programme-is-found-whatever-its-case",
        "no-programme-listed-and-not-eligible-routes-nothing",
        "a-listed-programme-for-a-sexual-offence-is-horizon-before-a-broader-one",
        "a-listed-programme-for-intimate-partner-violence-is-building-better-relationships",
        "an-eligible-sexual-offence-goes-to-horizon-before-a-broader-programme",
        "an-eligible-domestic-abuse-case-goes-to-building-better-relationships-first",
        "without-a-matching-offence-the-general-preference-order-decides",
    ],
)
def test_a_programme_in_the_order_routes_its_needs_and_the_offence_picks_the_programme(
    person, programmes, routed
):
    rec = recommend(case(ATB, "accommodation", **person), (*CATALOGUE, *programmes), TODAY)
    assert [(r.need, r.programme) for r in rec.routed] == routed
    assert "better-solutions" not in named(rec) if routed else "better-solutions" in named(rec)
    assert ("housing-support" in named(rec)) is ("accommodation" not in dict(routed))


@pytest.mark.parametrize(
    ("row", "warning", "words"),
    [
        (
            available(confirmed_at=date(2024, 7, 13)),
            "stale-availability",
            "Building Choices: availability not confirmed since 13 July 2024: check it is still "
            "running before relying on it.",
        ),
        (
            available(stale=True, confirmed_at=None),
            "stale-availability",
            "Building Choices: availability never confirmed",
        ),
        (
            available(status="waiting-list", wait_weeks=12),
            "programme-waiting-list",
            "Building Choices has a waiting list (typical wait 12 weeks): check when the person "
            "could start",
        ),
    ],
    ids=[
        "a-programme-not-confirmed-for-months-is-warned-about-like-a-stale-activity",
        "a-programme-never-confirmed-is-warned-about",
        "a-programme-with-a-waiting-list-is-warned-about",
    ],
)
def test_a_stale_or_waiting_list_programme_is_still_routed_with_a_warning(row, warning, words):
    listed = programme("building-choices", (ATB,), availability=(row,))
    rec = recommend(
        case(ATB, "accommodation", other_requirements=LISTED), (*CATALOGUE, listed), TODAY
    )
    assert [r.programme for r in rec.routed] == ["Building Choices"]
    assert warning in codes(rec)
    assert any(words in w.message for w in rec.warnings if w.code == warning)


def test_a_fresh_open_programme_carries_no_warning():
    listed = programme("building-choices", (ATB,))
    rec = recommend(
        case(ATB, "accommodation", other_requirements=LISTED), (*CATALOGUE, listed), TODAY
    )
    assert not {"stale-availability", "programme-waiting-list"} & set(codes(rec))


def test_a_listed_programme_none_of_which_is_available_leaves_the_needs_with_the_rar():
    paused = programme("building-choices", (ATB,), availability=(available(status="paused"),))
    rec = recommend(case(ATB, other_requirements=LISTED), (*CATALOGUE, paused), TODAY)
    assert rec.routed == ()
    assert "programme-unavailable" in codes(rec)
    assert named(rec) == ["better-solutions"]


def test_accredited_programme_is_never_named_as_a_rar_activity():
    only_programme = programme("building-choices", ("accommodation",))
    rec = recommend(case("accommodation"), [only_programme], TODAY)
    assert named(rec) == []
    assert rec.recommend_rar is False


# --- rule 3: below OGRS 25 -------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", "   "])
def test_proposes_no_rar_below_25_without_exceptional_circumstances(text):
    rec = recommend(
        case("accommodation", score=24, exceptional_circumstances=text), CATALOGUE, TODAY
    )
    assert rec.recommend_rar is False
    assert rec.band.name == "none"
    assert "below-threshold" in codes(rec)


def test_applies_the_low_band_below_25_when_exceptional_circumstances_are_recorded():
    text = "Recent loss of tenancy and escalating associates: clear dynamic risk factors"
    rec = recommend(
        case("accommodation", score=18, exceptional_circumstances=text), CATALOGUE, TODAY
    )
    assert rec.recommend_rar is True
    assert (rec.band.name, rec.band.min_days, rec.band.max_days) == ("low", 1, 15)
    assert 1 <= rec.recommended_max_days <= 15
    warning = next(w for w in rec.warnings if w.code == "exceptional-circumstances")
    assert text in warning.message
    assert rec.exceptional_circumstances == text
    assert f"exceptional circumstances: {text}." in rec.rationale


# --- rule 4: sexual offences -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "warned"),
    [
        ({"flags": Flags(sexual_offence=True)}, True),
        ({"offence_category": "sexual-child"}, True),
        ({"offence_category": "sexual-not-child"}, True),
        ({"offence_category": "violence"}, False),
        ({}, False),
    ],
)
def test_warns_that_ogrs_does_not_predict_sexual_reoffending(fields, warned):
    rec = recommend(case("accommodation", **fields), CATALOGUE, TODAY)
    assert ("sexual-offence" in codes(rec)) is warned


def test_sexual_offence_warning_asks_for_officer_judgement_and_osp():
    rec = recommend(case("accommodation", flags=Flags(sexual_offence=True)), CATALOGUE, TODAY)
    message = next(w.message for w in rec.warnings if w.code == "sexual-offence")
    assert "does not predict sexual reoffending" in message
    assert "judgement" in message and "OSP" in message
    assert "OGRS does not predict sexual reoffending" in rec.rationale


# --- rule 6: days from activities plus allowance, inside the band ---------------------------


def test_matches_the_issue_example_planned_16_allowance_4_total_20():
    rec = recommend(case("attitudes-thinking-behaviour", "accommodation"), CATALOGUE, TODAY)
    assert (rec.planned_days, rec.allowance_days, rec.recommended_max_days) == (16, 4, 20)
    assert rec.band.name == "medium"


@pytest.mark.parametrize(
    ("score", "days", "band", "expected"),
    [
        (62, 7, "medium", 15),  # 7 + 2 = 9, raised to the medium minimum
        (30, 7, "low", 9),  # 7 + 2 = 9, inside 1–15
        (80, 12, "high", 25),  # 12 + 3 = 15, raised to the high minimum
        (62, 20, "medium", 25),  # 20 + 5 = 25, at the maximum
    ],
)
def test_keeps_the_recommended_days_inside_the_band(score, days, band, expected):
    rec = recommend(case("accommodation", score=score), [activity("a", rar_days=days)], TODAY)
    assert (rec.band.name, rec.recommended_max_days) == (band, expected)
    assert "exceeds-band" not in codes(rec)


def test_says_so_when_raising_to_the_band_minimum():
    rec = recommend(case("accommodation"), [activity("a", rar_days=7)], TODAY)
    assert any(s.label == "Raised to the band minimum" and s.value == 15 for s in rec.calculation)


def test_caps_at_the_band_maximum_with_a_warning_and_prioritises_harm_linked_needs():
    catalogue = [
        activity("a-housing-and-work", ("accommodation", "ete"), 12),
        activity("b-emotions", ("emotional-management",), 12),
    ]
    needs = (need("accommodation"), need("ete"), need("emotional-management", harm=True))
    rec = recommend(case(*needs), catalogue, TODAY)
    assert named(rec) == ["a-housing-and-work", "b-emotions"]  # two needs beat one
    assert (rec.planned_days, rec.allowance_days, rec.recommended_max_days) == (24, 6, 25)
    warning = next(w for w in rec.warnings if w.code == "exceeds-band")
    assert "harm-linked needs first: B Emotions." in warning.message
    assert "Deprioritised, for the responsible officer to review: A Housing And Work" in (
        warning.message
    )
    kept = {p.activity.slug: p.deprioritised for p in rec.activities}
    assert kept == {"a-housing-and-work": True, "b-emotions": False}
    assert any(s.label == "Capped at the band maximum" and s.value == 25 for s in rec.calculation)


def test_names_needs_without_an_available_activity_as_unmet():
    rec = recommend(case("accommodation", "finance-benefits-debt"), CATALOGUE, TODAY)
    assert rec.recommend_rar is True
    assert rec.unmet_needs == ("finance-benefits-debt",)
    assert "unmet-need" in codes(rec)


def test_an_unmet_need_is_never_listed_as_one_the_rar_would_address():
    rec = recommend(case("accommodation", "finance-benefits-debt"), CATALOGUE, TODAY)
    assert rec.needs_addressed == ("accommodation",)
    assert "would address: accommodation." in rec.rationale


def test_one_activity_day_count_uses_rar_days_not_sessions():
    two_a_day = activity("a", sessions=14, rar_days=7)
    rec = recommend(case("accommodation", score=30), [two_a_day], TODAY)
    assert rec.planned_days == 7


# --- rule 7: every number traceable ---------------------------------------------------------


def test_every_number_in_the_result_appears_in_the_calculation():
    rec = recommend(case("attitudes-thinking-behaviour", "accommodation"), CATALOGUE, TODAY)
    steps = {step.label: step.value for step in rec.calculation}
    assert steps["Band from score"] == "medium"
    assert steps["Activity: Better Solutions"] == 7
    assert steps["Activity: Housing Support"] == 9
    assert steps["Planned activity days"] == rec.planned_days == 16
    assert steps["Allowance"] == rec.allowance_days == 4
    assert steps["Planned days plus allowance"] == 20
    assert steps["Recommended maximum RAR days"] == rec.recommended_max_days
    assert [s.label for s in rec.calculation][:2] == ["Predictor", "Band from score"]


def test_records_which_predictor_was_used():
    rec = recommend(case("accommodation", score=62, predictor="OGRS4/G"), CATALOGUE, TODAY)
    assert rec.predictor.name == "OGRS4/G"
    assert rec.band.name == "medium"
    assert rec.to_dict()["predictor"] == {"name": "OGRS4/G", "score": 62}


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (24.99, "none"),
        (25.0, "low"),
        (49.99, "low"),
        (50.0, "medium"),
        (74.99, "medium"),
        (75.0, "high"),
        (99.99, "high"),
    ],
)
def test_a_calculated_ogrs4g_score_is_banded_on_the_guidance_edges(score, band):
    rec = recommend(case("accommodation", score=score, predictor="OGRS4/G"), CATALOGUE, TODAY)
    assert rec.band.name == band
    assert rec.calculation[0].value == f"OGRS4/G {score:.2f}%"
    assert "OGRS4/G keeps the 50/75/90 edges" in rec.calculation[1].explanation


def test_a_score_with_decimals_is_only_accepted_from_ogrs4g():
    with pytest.raises(ValidationError) as raised:
        recommend(case("accommodation", score=61.2, predictor="OGRS3"), CATALOGUE, TODAY)
    assert "predictor.score" in raised.value.errors
    with pytest.raises(ValidationError):
        recommend(case("accommodation", score=61.234, predictor="OGRS4/G"), CATALOGUE, TODAY)


def test_warns_when_the_predictor_is_not_ogrs():
    rec = recommend(case("accommodation", predictor="other"), CATALOGUE, TODAY)
    assert "predictor-not-ogrs" in codes(rec)


# --- rule 8: override with a recorded reason ------------------------------------------------


def test_override_keeps_both_numbers_and_the_reason():
    rec = recommend(case("attitudes-thinking-behaviour", "accommodation"), CATALOGUE, TODAY)
    overridden = apply_override(rec, 22, "  Needs extra ETE support  ")
    assert overridden.recommended_max_days == 22
    assert overridden.override is not None
    assert (overridden.override.original_days, overridden.override.days) == (20, 22)
    assert overridden.override.reason == "Needs extra ETE support"
    assert overridden.calculation[-1].value == 22
    assert "Needs extra ETE support" in overridden.rationale
    assert "override-outside-band" not in codes(overridden)


def test_override_outside_the_band_is_allowed_but_says_so():
    rec = recommend(case("accommodation"), CATALOGUE, TODAY)
    overridden = apply_override(rec, 40, "Court asked for longer work")
    assert overridden.recommended_max_days == 40
    assert overridden.override is not None and overridden.override.inside_band is False
    assert "override-outside-band" in codes(overridden)


@pytest.mark.parametrize(
    ("days", "reason", "field"),
    [(20, "", "reason"), (20, "   ", "reason"), (0, "why", "days"), (2.5, "why", "days")],
)
def test_override_needs_a_reason_and_a_whole_number(days, reason, field):
    rec = recommend(case("accommodation"), CATALOGUE, TODAY)
    with pytest.raises(ValidationError) as caught:
        apply_override(rec, days, reason)
    assert field in caught.value.errors


def test_override_is_refused_when_no_rar_is_recommended():
    rec = recommend(case(), CATALOGUE, TODAY)
    with pytest.raises(ValidationError) as caught:
        apply_override(rec, 10, "Officer judgement")
    assert "days" in caught.value.errors


def test_overriding_twice_keeps_the_engines_number_as_the_original():
    rec = recommend(case("accommodation"), CATALOGUE, TODAY)
    twice = apply_override(apply_override(rec, 40, "first"), 18, "second")
    assert twice.override is not None and twice.override.original_days == rec.recommended_max_days
    assert codes(twice).count("override") == 1
    assert remove_override(twice) == rec


# --- rule 9: the court sets a maximum; activities are indicative ----------------------------


def test_rationale_says_the_court_sets_a_maximum_and_activities_are_indicative():
    rec = recommend(case("attitudes-thinking-behaviour", "accommodation"), CATALOGUE, TODAY)
    assert "The court sets only the maximum number of RAR days" in rec.rationale
    assert "indicative" in rec.rationale
    assert "responsible officer chooses them" in rec.rationale


def test_rationale_names_the_band_activities_routed_and_unmet_needs():
    flags = Flags(alcohol_dependent=True)
    rec = recommend(
        case("alcohol", "accommodation", "finance-benefits-debt", flags=flags), CATALOGUE, TODAY
    )
    assert "medium intensity band" in rec.rationale
    assert "Housing Support" in rec.rationale
    assert "Alcohol Treatment Requirement" in rec.rationale
    assert "finance, benefits and debt" in rec.rationale
    assert "up to 15 days" in rec.rationale


def test_rationale_stays_within_4000_characters():
    long_names = [
        activity(f"a{i}", (area,), 1, name="A very long intervention name " * 20)
        for i, area in enumerate(["accommodation", "ete", "relationships", "lifestyle-associates"])
    ]
    text = "Exceptional circumstances recorded at length. " * 40
    rec = recommend(
        case(
            "accommodation",
            "ete",
            "relationships",
            "lifestyle-associates",
            score=10,
            exceptional_circumstances=text,
        ),
        long_names,
        TODAY,
    )
    assert len(rec.rationale) <= 4000
    assert rec.rationale.endswith("than the court orders.")
