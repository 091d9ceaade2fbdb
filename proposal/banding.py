"""Rules 3 and 4 and the predictor used: the band, its first working steps, and warnings."""

from __future__ import annotations

from proposal.eligibility import offence_tags
from proposal.policy import Policy, band_for_score, band_named, banding_for
from proposal.types import Band, CalculationStep, Case, Predictor, Warning

PREDICTOR_NOTES = {
    "OGRS3": "Two-year OGRS3 score, the guidance's measure.",
    "OGRS4/G": "OGRS4/G (all reoffending predictor), which OASys now uses in place of OGRS3.",
    "other": "Not an OGRS score: the bands are written for OGRS, so the band is indicative.",
}


def band_and_notes(case: Case, policy: Policy) -> tuple[Band, list[CalculationStep], list[Warning]]:
    """The band for the score (low when exceptional circumstances are recorded), and why."""
    predictor = case.predictor
    band = band_for_score(predictor.score, policy, predictor.name)
    steps = [_predictor_step(predictor), _band_step(predictor, band, policy)]
    warnings = _predictor_warnings(predictor) + _sexual_offence_warnings(case, policy)
    reason = (case.exceptional_circumstances or "").strip()
    if band.name == "none" and reason:
        band = band_named("low", policy)
        steps.append(
            CalculationStep(
                "Exceptional circumstances",
                band.name,
                f"Recorded, so the low band applies ({band.days_text}).",
            )
        )
        warnings.append(_exceptional_warning(predictor, reason))
    return band, steps, warnings


def _predictor_step(predictor: Predictor) -> CalculationStep:
    note = PREDICTOR_NOTES.get(predictor.name, "")
    return CalculationStep("Predictor", f"{predictor.name} {predictor.score_text}%", note)


def _band_step(predictor: Predictor, band: Band, policy: Policy) -> CalculationStep:
    basis = banding_for(predictor.name, policy).basis
    return CalculationStep(
        "Band from score",
        band.name,
        f"{predictor.score_text}% is in OGRS {band.min_score}–{band.max_score}%: "
        f"{band.intensity}, guideline {band.days_text}, average {band.average_needs} needs "
        f"({basis}).",
    )


def _predictor_warnings(predictor: Predictor) -> list[Warning]:
    if predictor.name != "other":
        return []
    return [Warning("predictor-not-ogrs", PREDICTOR_NOTES["other"])]


def _sexual_offence_warnings(case: Case, policy: Policy) -> list[Warning]:
    """Rule 4: OGRS does not predict sexual reoffending."""
    if "sexual" not in offence_tags(case, policy):
        return []
    return [
        Warning(
            "sexual-offence",
            "Sexual offence: OGRS does not predict sexual reoffending. Record the officer's "
            "judgement and the OSP score and sexual-offending factors (unusual sexual interests, "
            "offence-supportive attitudes, emotional relationships, self-management); if "
            "eligible, an accredited programme is the intervention of choice.",
        )
    ]


def _exceptional_warning(predictor: Predictor, reason: str) -> Warning:
    return Warning(
        "exceptional-circumstances",
        f"{predictor.name} score {predictor.score_text}% is below 25%: a RAR is proposed only on "
        f"the exceptional circumstances the officer recorded: {reason}",
    )
