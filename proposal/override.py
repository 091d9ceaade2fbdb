"""Rule 8: the officer may override the number of days with a recorded reason."""

from __future__ import annotations

from dataclasses import replace

from proposal.policy import DEFAULT_POLICY, Policy
from proposal.rationale import outside_band, write_rationale
from proposal.types import (
    Band,
    CalculationStep,
    Override,
    Recommendation,
    ValidationError,
    Warning,
)

OVERRIDE_LABEL = "Officer override"


def apply_override(
    rec: Recommendation, days: int, reason: str, policy: Policy = DEFAULT_POLICY
) -> Recommendation:
    """Rule 8: the officer's number replaces the engine's; both and the reason are kept."""
    _check_override(rec, days, reason)
    base = remove_override(rec, policy)
    override = Override(base.recommended_max_days, days, reason.strip(), _inside(base.band, days))
    step = CalculationStep(
        OVERRIDE_LABEL, days, f"Changed from {override.original_days}: {override.reason}"
    )
    result = replace(
        base,
        recommended_max_days=days,
        override=override,
        calculation=(*base.calculation, step),
        warnings=(*base.warnings, *_override_warnings(base.band, override)),
    )
    return replace(result, rationale=write_rationale(result, policy))


def _inside(band: Band, days: int) -> bool:
    if band.min_days is None or band.max_days is None:
        return False
    return band.min_days <= days <= band.max_days


def _override_warnings(band: Band, override: Override) -> list[Warning]:
    """Always record the change; say so too when the number leaves the band."""
    days = override.days
    warnings = [
        Warning("override", f"The officer changed {override.original_days} days to {days}.")
    ]
    if not override.inside_band:
        side = outside_band(band, days) or "outside"
        warnings.append(
            Warning(
                "override-outside-band",
                f"{days} days is {side} the {band.name} band's guideline of {band.days_text}: "
                f"the officer's reason is recorded ({override.reason})",
            )
        )
    return warnings


def remove_override(rec: Recommendation, policy: Policy = DEFAULT_POLICY) -> Recommendation:
    """The recommendation as the engine made it, without any officer override."""
    if rec.override is None:
        return rec
    base = replace(
        rec,
        recommended_max_days=rec.override.original_days,
        override=None,
        calculation=tuple(step for step in rec.calculation if step.label != OVERRIDE_LABEL),
        warnings=tuple(w for w in rec.warnings if not w.code.startswith("override")),
    )
    return replace(base, rationale=write_rationale(base, policy))


def _check_override(rec: Recommendation, days: object, reason: object) -> None:
    errors: dict[str, str] = {}
    if not rec.recommend_rar:
        errors["days"] = "No RAR is recommended for these inputs, so there is no number to override"
    elif isinstance(days, bool) or not isinstance(days, int) or days < 1:
        errors["days"] = "Enter a whole number of days, 1 or more"
    if not isinstance(reason, str) or not reason.strip():
        errors["reason"] = "Give the reason for changing the number of days"
    if errors:
        raise ValidationError(errors)
