"""What the proposal page and the PSR say about the predictor: its score, how it was
calculated (from which inputs, with which model version) and which bands applied.

Read from the saved proposal's result, so a document made later says what was saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core.dates import long_date
from proposal.policy import DEFAULT_POLICY, Policy, banding_for


def score_text(result: dict[str, Any]) -> str:
    """The saved score as reported: "62", or "61.20" for a calculated OGRS4/G score."""
    score = result["predictor"]["score"]
    return f"{score:.2f}" if isinstance(score, float) else str(score)


def predictor_line(result: dict[str, Any]) -> str:
    """E.g. "OGRS4/G static two-year score 61.20%: medium band (guideline 15–25 days)"."""
    predictor, band = result["predictor"], result["band"]
    static = " static" if result.get("ogrs4") else ""
    name = predictor["name"]
    if name == "other":
        name = f"{predictor.get('other_name') or 'Another predictor'} (not an OGRS score)"
    text = f"{name}{static} two-year score {score_text(result)}%: {band['name']} band"
    if band.get("min_days") is not None:
        text += f" (guideline {band['min_days']}–{band['max_days']} days)"
    return text


def calculated_from(result: dict[str, Any]) -> str | None:
    """The inputs of an OGRS4/G calculation in words, with the model version; None if the
    score was entered (or calculated with OGRS3)."""
    working = result.get("ogrs4")
    if not working:
        return None
    given, derived, offence = working["inputs"], working["derived"], working["offence"]
    n, first = given["total_sanctions"], given["age_at_first_sanction"]
    text = (
        f"Calculated from: {given['gender']}, born {_day(given['date_of_birth'])}; convicted "
        f"{_day(given['conviction_date'])} (aged {derived['age_at_conviction']}) of offence "
        f"{offence['code']}, {offence['description']} (OGRS4 category: "
        f"{offence.get('category_label', offence['category'])}); {n} sanction"
        f"{'s' if n != 1 else ''} including this one, the first at age {first}; follow-up "
        f"from {_day(given['follow_up_start'])} (aged {derived['age_at_follow_up']}), "
        f"{derived['offence_free_months']} offence-free months at "
        f"{_day(given['assessment_date'])}."
    )
    violent = working.get("violent")
    if violent:
        v = given["violent_sanctions"]
        text += (
            f" OGRS4/V static {violent['two_year']:.2f}% ({v} violent sanction"
            f"{'s' if v != 1 else ''}); it is not an OVP score."
        )
    return text + f" Model: Ministry of Justice OGRS4 static, source commit {working['version']}."


def banding_basis(result: dict[str, Any], policy: Policy = DEFAULT_POLICY) -> str:
    """Which band table the score was read against, and why, e.g. for OGRS4/G."""
    return banding_for(result["predictor"]["name"], policy).basis


def _day(iso: str) -> str:
    return long_date(date.fromisoformat(iso))
