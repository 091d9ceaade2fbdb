"""The "Check your answers" page before finalising: a saved proposal's answers and result as
rows of GOV.UK summary lists, each with where to change it when it can still be changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.dates import long_date
from proposal.policy import ORDER_LABELS, need_label
from proposal.web.documents import LABELS
from proposal.web.forms import FLAGS, GENDERS


@dataclass(frozen=True)
class Row:
    """One answer: what was asked, what was given, and where to change it (or None)."""

    key: str
    value: str
    change: str | None = None


def defendant_rows(context: dict[str, Any]) -> list[Row]:
    """Court, name, date of birth, case reference and hearing date."""
    who = context["defendant"]
    return [
        Row("Court", context["court_name"]),
        Row("Full name", who["name"]),
        Row("Date of birth", long_date(who["date_of_birth"])),
        Row("Case reference", who["case_reference"]),
        Row("Hearing date", long_date(who["hearing_date"])),
    ]


def assessment_rows(inputs: dict[str, Any], result: dict[str, Any]) -> list[Row]:
    """The person, the predictor, the needs, the flags and the proposed order."""
    needs = inputs.get("needs") or []
    order = inputs.get("order") or {}
    order_type = order.get("type") or ""
    others = [LABELS["other_requirement"].get(r, r) for r in inputs.get("other_requirements") or ()]
    return [
        Row("Gender", GENDERS.get(inputs.get("gender") or "", inputs.get("gender") or "")),
        Row("Age at the hearing", str(inputs.get("age", ""))),
        Row("Reoffending predictor", _predictor(inputs, result)),
        Row("Current offence category", _offence(inputs.get("offence_category"))),
        Row("Needs linked to reoffending", _needs(needs, "linked_to_reoffending")),
        Row("Needs linked to harm", _needs(needs, "linked_to_harm")),
        Row("Routing and eligibility", _listed(_flags(inputs.get("flags") or {}))),
        Row(
            "Type of order",
            str(ORDER_LABELS.get(order_type, order_type)).capitalize(),
        ),
        Row("Length of the order", f"{order.get('months')} months"),
        Row("Other requirements", _listed(others)),
        Row("Exceptional circumstances", inputs.get("exceptional_circumstances") or "None given"),
    ]


def _predictor(inputs: dict[str, Any], result: dict[str, Any]) -> str:
    given = result.get("predictor") or {}
    if inputs.get("ogrs4"):
        return f"OGRS4/G calculated here from the static factors: {given.get('score')}%"
    factors = inputs.get("ogrs3")
    if factors:
        return (
            f"OGRS3 calculated here: {given.get('score')}% (age at first sanction "
            f"{factors.get('age_at_first_sanction')}, {factors.get('previous_sanctions')} "
            "previous sanctions)"
        )
    name = given.get("name")
    if name == "other":
        name = f"Another predictor ({given.get('other_name') or 'not named'})"
    return f"{name}: {given.get('score')}%"


def _offence(category: str | None) -> str:
    return str(LABELS["offence"].get(category, category)).capitalize() if category else "Not given"


def _needs(needs: list[dict[str, Any]], link: str) -> str:
    return _listed([need_label(n["area"]) for n in needs if n.get(link)])


def _flags(flags: dict[str, bool]) -> list[str]:
    return [label for name, label in FLAGS.items() if flags.get(name)]


def _listed(items: list[str]) -> str:
    return "; ".join(items) if items else "None"
