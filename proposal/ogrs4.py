"""OGRS4/G and OGRS4/V static (the MoJ's published models), showing every term of the sum.

The maths follows the Ministry of Justice's service exactly (decimal arithmetic, 34-digit
logarithms and exponentials, scores rounded half up to 2 decimals, 99.99 at the top);
the coefficients and the offence mapping are data (proposal/ogrs4_data.py), and the terms
of the sum are built in proposal/ogrs4_terms.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from proposal.ogrs4_data import Model, Offence, model, offence_codes, source
from proposal.ogrs4_rules import (
    Ogrs4Inputs,
    age_on,
    months_between,
    validated_inputs,
)
from proposal.ogrs4_terms import DECIMAL128, EXACT, Term, general_terms, violent_terms
from proposal.types import ValidationError

__all__ = [
    "GENERAL",
    "VIOLENT",
    "Ogrs4Inputs",
    "Ogrs4Result",
    "Score",
    "Term",
    "ValidationError",
    "age_on",
    "band_for",
    "calculate",
    "months_between",
    "score",
]

GENERAL, VIOLENT = "OGRS4/G", "OGRS4/V"
HUNDREDTH = Decimal("0.01")
TOP_SCORE = Decimal("99.99")
BAND_EDGES = ("MEDIUM_BAND_LOWER_BOUND", "HIGH_BAND_LOWER_BOUND", "VERY_HIGH_BAND_LOWER_BOUND")
BANDS = ("low", "medium", "high", "very-high")


@dataclass(frozen=True)
class Score:
    """One predictor's two-year score (2 decimals), its band and the terms of its sum."""

    predictor: str
    two_year: Decimal
    band: str
    probability: Decimal
    terms: tuple[Term, ...]

    @property
    def linear_predictor(self) -> Decimal:
        """The sum of the terms."""
        return total(self.terms)

    def to_dict(self) -> dict[str, Any]:
        """The score as a JSON-ready dict."""
        return {
            "predictor": self.predictor,
            "two_year": float(self.two_year),
            "band": self.band,
            "linear_predictor": float(self.linear_predictor),
            "terms": [term.to_dict() for term in self.terms],
        }


@dataclass(frozen=True)
class Ogrs4Result:
    """OGRS4/G static, and OGRS4/V static when the violent sanctions were given."""

    general: Score
    violent: Score | None
    inputs: Ogrs4Inputs
    version: str

    def to_dict(self) -> dict[str, Any]:
        """The result as the `POST /api/v1/ogrs4` response body."""
        general = self.general.to_dict()
        return {
            "predictor": GENERAL,
            "two_year": general["two_year"],
            "band": general["band"],
            "linear_predictor": general["linear_predictor"],
            "terms": general["terms"],
            "offence": self.inputs.offence.to_dict(),
            "violent": self.violent.to_dict() if self.violent else None,
            "inputs": self.inputs.to_dict(),
            "derived": self.inputs.derived(),
            "version": self.version,
            "source": dict(source()),
        }


def calculate(
    values: Mapping[str, object], today: date, offences: Mapping[str, Offence] | None = None
) -> Ogrs4Result:
    """OGRS4/G (and /V) from the API's fields; raises ValidationError with {field: message}.

    The assessment date defaults to `today`, the follow-up start to the conviction date."""
    inputs = validated_inputs(values, today, offence_codes() if offences is None else offences)
    general = score(inputs, GENERAL)
    violent = score(inputs, VIOLENT) if inputs.violent_sanctions is not None else None
    return Ogrs4Result(general, violent, inputs, model(GENERAL).commit)


def score(inputs: Ogrs4Inputs, predictor: str) -> Score:
    """One model's score from valid inputs; the category is taken as given (not looked up)."""
    chosen = model(predictor)
    terms = general_terms(chosen, inputs) if predictor == GENERAL else violent_terms(chosen, inputs)
    linear = total(terms)
    probability = _probability(linear)
    percent = (probability * 100).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    if percent <= 0:
        # The service cannot band 0.00% either; it happens only at extreme ages (about 105).
        message = f"{predictor} rounds to 0.00% at this age, which it cannot band"
        raise ValidationError({"date_of_birth": f"{message}: check the date of birth"})
    two_year = min(percent, TOP_SCORE)
    return Score(predictor, two_year, band_for(two_year, chosen), probability, terms)


def total(terms: tuple[Term, ...]) -> Decimal:
    """The exact sum of the terms (the service's totalWeight)."""
    found = Decimal(0)
    for term in terms:
        found = EXACT.add(found, term.value)
    return found


def band_for(percent: Decimal, chosen: Model) -> str:
    """The model's own band for a 2-decimal score above 0 and below 100."""
    if not Decimal(0) < percent < Decimal(100):
        raise ValueError(f"A score of {percent} cannot be banded")
    edges = [chosen.constants[name] for name in BAND_EDGES]
    return BANDS[sum(1 for edge in edges if percent >= edge)]


def _probability(linear: Decimal) -> Decimal:
    """e^LP / (1 + e^LP), rounded half-even to the scale of e^LP as the service does."""
    power = linear.exp(DECIMAL128)
    exact = EXACT.divide(power, EXACT.add(power, Decimal(1)))
    return exact.quantize(Decimal(1).scaleb(power.as_tuple().exponent), ROUND_HALF_EVEN, EXACT)  # type: ignore[arg-type]
