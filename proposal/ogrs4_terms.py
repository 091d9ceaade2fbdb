"""The terms of OGRS4/G's and OGRS4/V's linear predictors, each with a label that shows the
working, computed with the service's decimal arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Any

from proposal.ogrs4_data import Model, Offence
from proposal.ogrs4_rules import Ogrs4Inputs

# Products and sums are exact at this precision (the service's BigDecimal arithmetic is).
EXACT = Context(prec=400)
# The service takes ratios, logarithms and e^x to 34 significant digits (DECIMAL128).
DECIMAL128 = Context(prec=34, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Term:
    """One term of the linear predictor, for showing the working."""

    name: str
    label: str
    value: Decimal

    def to_dict(self) -> dict[str, Any]:
        """The term as a JSON-ready dict."""
        return {"name": self.name, "label": self.label, "value": float(self.value)}


def general_terms(chosen: Model, inputs: Ogrs4Inputs) -> tuple[Term, ...]:
    """Every OGRS4/G static term, in the service's order."""
    c, n, gender = chosen.coefficients, inputs.total_sanctions, inputs.gender
    career = inputs.career_years
    return (
        Term("intercept", "Two-year intercept", c["TWO_YEAR_CONSTANT"]),
        _age_term(chosen, inputs),
        Term("gender", _gender_label(gender), c["FEMALE"] if gender == "female" else Decimal(0)),
        _offence_term(chosen, inputs.offence),
        *sanction_terms(chosen, n),
        gap_term(chosen, gender, n, career),
        _offence_free_term(chosen, inputs),
        *copas_terms(chosen, gender, n, career),
    )


def violent_terms(chosen: Model, inputs: Ogrs4Inputs) -> tuple[Term, ...]:
    """Every OGRS4/V static term, in the service's order."""
    c, n, gender = chosen.coefficients, inputs.total_sanctions, inputs.gender
    v, career = inputs.violent_sanctions or 0, inputs.career_years
    return (
        Term("intercept", "Two-year intercept", c["TWO_YEAR_CONSTANT"]),
        _age_term(chosen, inputs),
        Term("gender", _gender_label(gender), c["FEMALE"] if gender == "female" else Decimal(0)),
        _offence_term(chosen, inputs.offence),
        *sanction_terms(chosen, n),
        *violent_history_terms(chosen, gender, v),
        gap_term(chosen, gender, n, career),
        _offence_free_term(chosen, inputs),
        *violent_rate_terms(chosen, gender, n, v, career),
    )


def violent_history_terms(chosen: Model, gender: str, v: int) -> tuple[Term, Term, Term]:
    """OGRS4/V's never-violent, once-violent and violent-sanctions terms."""
    c = chosen.coefficients
    return (
        Term(
            "never-violent",
            "Never violent" if v == 0 else "Violent before",
            c[f"NEVER_VIOLENT_{gender.upper()}"] if v == 0 else Decimal(0),
        ),
        Term(
            "once-violent",
            "Violent once" if v == 1 else "Not violent exactly once",
            c["ONCE_VIOLENT"] if v == 1 else Decimal(0),
        ),
        Term(
            "violent-sanctions",
            f"{v} violent sanction(s) × {c['VIOLENT_SANCTIONS']:.6}",
            EXACT.multiply(v, c["VIOLENT_SANCTIONS"]),
        ),
    )


def violent_rate_terms(
    chosen: Model, gender: str, n: int, v: int, career: int
) -> tuple[Term, Term]:
    """OGRS4/V's Copas rate (n ≥ 3, boost 12) and violent rate (v ≥ 1, boost 30) terms."""
    c, constants = chosen.coefficients, chosen.constants
    copas = Term("copas-rate", "Copas rate: fewer than 3 sanctions", Decimal(0))
    if n >= 3:
        boost = constants["CAREER_BOOST_COPAS"]
        rate = _ln_ratio(n, career + boost)
        copas = Term(
            "copas-rate",
            f"Copas rate ln({n} / ({career} + {boost})) = {rate:.6f}",
            EXACT.multiply(c[f"THREE_PLUS_SANCTIONS_COPAS_V_{gender.upper()}"], rate),
        )
    violent = Term("violent-rate", "Violent rate: no violent sanctions", Decimal(0))
    if v != 0:
        boost = constants["CAREER_BOOST_VIOLENT"]
        rate = _ln_ratio(v, career + boost)
        violent = Term(
            "violent-rate",
            f"Violent rate ln({v} / ({career} + {boost})) = {rate:.6f}",
            EXACT.multiply(c["VIOLENT_RATE"], rate),
        )
    return copas, violent


def age_polynomial(chosen: Model, gender: str, age: int) -> Decimal:
    """b1·a + b2·a² + b3·a³ + b4·a⁴ for the gender, at age at the start of follow-up."""
    suffix = gender.upper()
    names = (
        f"AAI_{suffix}",
        f"AAI_QUADRATIC_{suffix}",
        f"AAI_CUBIC_{suffix}",
        f"AAI_QUARTIC_{suffix}",
    )
    return _polynomial([chosen.coefficients[name] for name in names], age)


def offence_free_months_value(chosen: Model, months: int) -> Decimal:
    """The offence-free-months polynomial (0 when the follow-up has not started)."""
    names = (
        "OFFENCE_FREE_MONTHS",
        "OFFENCE_FREE_MONTHS_QUADRATIC",
        "OFFENCE_FREE_MONTHS_CUBIC",
        "OFFENCE_FREE_MONTHS_QUARTIC",
    )
    return _polynomial([chosen.coefficients[name] for name in names], months)


def copas_terms(chosen: Model, gender: str, sanctions: int, career: int) -> tuple[Term, Term]:
    """OGRS4/G's Copas rate L = ln(n / (years + 26)) and L², each times its coefficient."""
    if sanctions < 3:
        return (
            Term("copas-rate", "Copas rate: fewer than 3 sanctions", Decimal(0)),
            Term("copas-rate-squared", "Copas rate squared: fewer than 3 sanctions", Decimal(0)),
        )
    c, suffix = chosen.coefficients, gender.upper()
    boost = chosen.constants["CAREER_BOOST"]
    rate = _ln_ratio(sanctions, career + boost)
    return (
        Term(
            "copas-rate",
            f"Copas rate ln({sanctions} / ({career} + {boost})) = {rate:.6f}",
            EXACT.multiply(c[f"THREE_PLUS_SANCTIONS_COPAS_G_{suffix}"], rate),
        ),
        Term(
            "copas-rate-squared",
            f"Copas rate squared ({rate:.6f})²",
            EXACT.multiply(
                c[f"THREE_PLUS_SANCTIONS_COPAS_SQUARED_{suffix}"], EXACT.multiply(rate, rate)
            ),
        ),
    )


def _age_term(chosen: Model, inputs: Ogrs4Inputs) -> Term:
    age = inputs.age_at_follow_up
    return Term(
        "age",
        f"{inputs.gender.capitalize()} aged {age} at the start of follow-up",
        age_polynomial(chosen, inputs.gender, age),
    )


def _gender_label(gender: str) -> str:
    return "Female" if gender == "female" else "Male (no gender term)"


def _offence_term(chosen: Model, offence: Offence) -> Term:
    return Term(
        "offence",
        f"Current offence {offence.code}: {offence.category_label}",
        chosen.offence_coefficients[offence.category],
    )


def sanction_terms(chosen: Model, n: int) -> tuple[Term, Term, Term]:
    """The first-sanction, second-sanction and sanction-occasions terms for n sanctions."""
    c = chosen.coefficients
    return (
        Term(
            "first-sanction",
            "First sanction" if n == 1 else "Not the first sanction",
            c["FIRST_SANCTION"] if n == 1 else Decimal(0),
        ),
        Term(
            "second-sanction",
            "Second sanction" if n == 2 else "Not the second sanction",
            c["SECOND_SANCTION"] if n == 2 else Decimal(0),
        ),
        Term(
            "sanctions",
            f"{n} sanction(s) including this one × {c['SANCTION_OCCASIONS']:.6}",
            EXACT.multiply(n, c["SANCTION_OCCASIONS"]),
        ),
    )


def gap_term(chosen: Model, gender: str, n: int, career: int) -> Term:
    """With exactly 2 sanctions: the years between them times the gender's coefficient."""
    if n != 2:
        return Term(
            "second-sanction-gap", "Years between 1st and 2nd sanction: not 2 sanctions", Decimal(0)
        )
    coefficient = chosen.coefficients[f"YRS_BETWEEN_FIRST_AND_SECOND_SANCTION_{gender.upper()}"]
    return Term(
        "second-sanction-gap",
        f"Second sanction {career} years after the first",
        EXACT.multiply(career, coefficient),
    )


def _offence_free_term(chosen: Model, inputs: Ogrs4Inputs) -> Term:
    months = inputs.offence_free_months
    label = (
        f"{months} offence-free months since the start of follow-up"
        if inputs.follow_up_start <= inputs.assessment_date
        else "Follow-up not started by the assessment date: no offence-free months"
    )
    return Term("offence-free-months", label, offence_free_months_value(chosen, months))


def _polynomial(coefficients: list[Decimal], x: int) -> Decimal:
    """c1·x + c2·x² + c3·x³ + c4·x⁴, exactly (the service's calculatePolynomial)."""
    total = Decimal(0)
    for power, coefficient in enumerate(coefficients, start=1):
        total = EXACT.add(total, EXACT.multiply(coefficient, Decimal(x) ** power))
    return total


def _ln_ratio(numerator: int, denominator: Decimal) -> Decimal:
    ratio = DECIMAL128.divide(Decimal(numerator), Decimal(denominator))
    return ratio.ln(DECIMAL128)
