"""Pure court proposal assistant: rules engine and OGRS3 calculator (standard library only)."""

from proposal.engine import Assessment, assess, recommend
from proposal.override import apply_override, remove_override
from proposal.policy import DEFAULT_POLICY, POLICY_VERSION, Policy
from proposal.types import (
    ActivityFact,
    AvailabilityFact,
    Band,
    CalculationStep,
    Case,
    Flags,
    NeedAssessment,
    OrderDetails,
    Override,
    PlannedActivity,
    Predictor,
    Recommendation,
    RoutedNeed,
    ValidationError,
    Warning,
)
from proposal.validation import validate_case

__all__ = [
    "Assessment",
    "DEFAULT_POLICY",
    "POLICY_VERSION",
    "ActivityFact",
    "AvailabilityFact",
    "Band",
    "CalculationStep",
    "Case",
    "Flags",
    "NeedAssessment",
    "OrderDetails",
    "Override",
    "PlannedActivity",
    "Policy",
    "Predictor",
    "Recommendation",
    "RoutedNeed",
    "ValidationError",
    "Warning",
    "apply_override",
    "assess",
    "recommend",
    "remove_override",
    "validate_case",
]
