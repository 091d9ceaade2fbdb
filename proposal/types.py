"""Frozen dataclasses for the proposal engine's inputs, catalogue facts and outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


class ValidationError(ValueError):
    """Invalid input, carrying field-level messages as {field: message}."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = dict(errors)


# --- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedAssessment:
    """One assessed need area and whether it is linked to reoffending or to harm."""

    area: str
    linked_to_reoffending: bool
    linked_to_harm: bool

    @property
    def is_linked(self) -> bool:
        """True when the need is linked to reoffending or to harm."""
        return self.linked_to_reoffending or self.linked_to_harm


@dataclass(frozen=True)
class Flags:
    """Yes/no facts about the person that route needs or restrict eligibility."""

    alcohol_dependent: bool = False
    drug_treatment_suitable: bool = False
    mental_health_treatment_suitable: bool = False
    accredited_programme_eligible: bool = False
    sexual_offence: bool = False
    domestic_abuse: bool = False


@dataclass(frozen=True)
class Predictor:
    """The predictor used: name ("OGRS3", "OGRS4/G" or "other") and two-year %.

    An entered score is a whole number; a calculated OGRS4/G score has 2 decimals."""

    name: str
    score: int | float
    # For "other": the predictor's own name as the officer gave it (e.g. "RSR").
    other_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Name and score; "other_name" only for another predictor."""
        values: dict[str, Any] = {"name": self.name, "score": self.score}
        if self.other_name is not None:
            values["other_name"] = self.other_name
        return values

    @property
    def score_text(self) -> str:
        """The score as it is reported: "62", or "61.20" for a 2-decimal score."""
        if isinstance(self.score, float):
            return f"{self.score:.2f}"
        return str(self.score)


@dataclass(frozen=True)
class OrderDetails:
    """The proposed order: "community-order" or "suspended-sentence-order", and months."""

    type: str
    months: int


@dataclass(frozen=True)
class Case:
    """Everything the engine needs to know about the person and the proposed order."""

    region: str
    pdu: str | None
    gender: str
    age: int
    predictor: Predictor
    needs: tuple[NeedAssessment, ...]
    flags: Flags
    order: OrderDetails
    exceptional_circumstances: str | None = None
    offence_category: str | None = None
    ovp_score: int | None = None
    other_requirements: tuple[str, ...] = ()


# --- catalogue facts, passed in as plain values ---------------------------------------------


@dataclass(frozen=True)
class AvailabilityFact:
    """Availability of one intervention in a region (and PDU, or region-wide when None)."""

    region: str
    pdu: str | None
    status: str
    next_start: date | None
    places: int | None
    wait_weeks: int | None
    confirmed_at: date | None
    stale: bool

    def to_dict(self) -> dict[str, Any]:
        """The availability as a JSON-ready dict."""
        return {
            "region": self.region,
            "pdu": self.pdu,
            "status": self.status,
            "next_start": _iso(self.next_start),
            "places": self.places,
            "wait_weeks": self.wait_weeks,
            "confirmed_at": _iso(self.confirmed_at),
            "stale": self.stale,
        }


@dataclass(frozen=True)
class ActivityFact:
    """One catalogue intervention with its eligibility rules and availability rows."""

    id: str
    slug: str
    name: str
    type: str
    eip_status: str
    needs: tuple[str, ...]
    sessions: int
    rar_days: int
    gender: str
    min_age: int | None
    max_age: int | None
    min_ogrs3: int | None
    min_ovp: int | None
    offence_focus: str | None
    excluded_offences: tuple[str, ...]
    not_if_programme_eligible: bool
    min_months_left: int | None
    availability: tuple[AvailabilityFact, ...]

    def summary_dict(self) -> dict[str, Any]:
        """The intervention as the response's `intervention` object."""
        return {
            "id": self.id,
            "slug": self.slug,
            "name": self.name,
            "type": self.type,
            "eip_status": self.eip_status,
            "sessions": self.sessions,
        }


# --- outputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A row of the OGRS banding table; `name` is none, low, medium or high."""

    name: str
    min_days: int | None
    max_days: int | None
    min_score: int
    max_score: int
    average_needs: float
    intensity: str

    @property
    def days_text(self) -> str:
        """The guideline days as text, e.g. "15–25 days" or "n/a"."""
        if self.min_days is None or self.max_days is None:
            return "n/a"
        return f"{self.min_days}–{self.max_days} days"

    def to_dict(self) -> dict[str, Any]:
        """The band as a JSON-ready dict."""
        return {
            "name": self.name,
            "min_days": self.min_days,
            "max_days": self.max_days,
            "score_range": f"{self.min_score}–{self.max_score}",
            "average_needs": self.average_needs,
            "intensity": self.intensity,
        }


@dataclass(frozen=True)
class PlannedActivity:
    """An indicative activity, the needs it is planned to cover and the row it was named on."""

    activity: ActivityFact
    needs: tuple[str, ...]
    rar_days: int
    availability: AvailabilityFact
    deprioritised: bool = False
    check: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The planned activity as a JSON-ready dict."""
        return {
            "intervention": self.activity.summary_dict(),
            "needs": list(self.needs),
            "rar_days": self.rar_days,
            "availability": self.availability.to_dict(),
            "deprioritised": self.deprioritised,
            "check": self.check,
        }


@dataclass(frozen=True)
class RoutedNeed:
    """A need (or None for a flag alone) routed to ATR, DRR, MHTR or an accredited programme."""

    need: str | None
    requirement: str
    reason: str
    programme: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The routed need as a JSON-ready dict."""
        return {
            "need": self.need,
            "requirement": self.requirement,
            "reason": self.reason,
            "programme": self.programme,
        }


@dataclass(frozen=True)
class Warning:
    """Something the officer and the court should know; `code` is stable, `message` is text."""

    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The warning as a JSON-ready dict."""
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class CalculationStep:
    """One line of "how this was calculated": a label, its value and why."""

    label: str
    value: int | str
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        """The step as a JSON-ready dict."""
        return {"label": self.label, "value": self.value, "explanation": self.explanation}


@dataclass(frozen=True)
class Override:
    """An officer's override of the number of days: both numbers and the recorded reason."""

    original_days: int | None
    days: int
    reason: str
    inside_band: bool

    def to_dict(self) -> dict[str, Any]:
        """The override as a JSON-ready dict."""
        return {
            "original_days": self.original_days,
            "days": self.days,
            "reason": self.reason,
            "inside_band": self.inside_band,
        }


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer: whether to propose a RAR, how many days, and why."""

    recommend_rar: bool
    band: Band
    recommended_max_days: int | None
    planned_days: int
    allowance_days: int
    activities: tuple[PlannedActivity, ...]
    routed: tuple[RoutedNeed, ...]
    unmet_needs: tuple[str, ...]
    warnings: tuple[Warning, ...]
    calculation: tuple[CalculationStep, ...]
    rationale: str
    policy_version: str
    predictor: Predictor
    needs_addressed: tuple[str, ...] = ()
    exceptional_circumstances: str | None = None
    override: Override | None = field(default=None)
    # Unmet needs that nothing in the person's PDU meets but an activity elsewhere in the
    # region does: the place is named truthfully, not "the region".
    unmet_open_elsewhere: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The recommendation in the API's response shape (issue 3, section 5), JSON-ready."""
        return {
            "recommend_rar": self.recommend_rar,
            "band": self.band.to_dict(),
            "recommended_max_days": self.recommended_max_days,
            "planned_days": self.planned_days,
            "allowance_days": self.allowance_days,
            "activities": [planned.to_dict() for planned in self.activities],
            "routed": [routed.to_dict() for routed in self.routed],
            "unmet_needs": list(self.unmet_needs),
            "unmet_open_elsewhere": list(self.unmet_open_elsewhere),
            "warnings": [warning.to_dict() for warning in self.warnings],
            "calculation": [step.to_dict() for step in self.calculation],
            "rationale": self.rationale,
            "policy_version": self.policy_version,
            "predictor": self.predictor.to_dict(),
            "needs_addressed": list(self.needs_addressed),
            "exceptional_circumstances": self.exceptional_circumstances,
            "override": self.override.to_dict() if self.override else None,
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
