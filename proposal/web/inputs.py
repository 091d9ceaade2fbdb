"""Turn a request body (API JSON, or the form's values in the same shape) into a Case.

Errors are keyed by the field's path in the API body ("predictor.score", "ogrs3.age",
"defendant.name"); the form maps them back to its own fields.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from proposal import ogrs3, ogrs4
from proposal.ogrs3 import Ogrs3Result
from proposal.ogrs4 import Ogrs4Result
from proposal.ogrs4_data import OGRS3_CATEGORY
from proposal.ogrs4_rules import FIELDS as OGRS4_FIELDS
from proposal.policy import NEED_LABELS, PREDICTOR_ALIASES
from proposal.types import (
    Case,
    Flags,
    NeedAssessment,
    OrderDetails,
    Predictor,
    ValidationError,
)
from proposal.validation import validate_case
from proposal.web.catalogue_facts import Geography
from proposal.web.reader import JsonReader

CASE_KEYS = frozenset(
    "region pdu gender age predictor ogrs3 ogrs4 needs flags order exceptional_circumstances "
    "offence_category ovp_score other_requirements".split()
)
OGRS3_KEYS = frozenset(
    "gender age age_at_first_sanction previous_sanctions offence_category age_at_follow_up".split()
)
FLAG_NAMES = tuple(f.name for f in dataclasses.fields(Flags))
# Other requirements the proposed order may hold; ATR, DRR and MHTR route needs (rule 2).
OTHER_REQUIREMENTS = {
    "unpaid-work": "Unpaid work",
    "curfew": "Curfew",
    "exclusion": "Exclusion",
    "prohibited-activity": "Prohibited activity",
    "residence": "Residence",
    "alcohol-abstinence": "Alcohol abstinence and monitoring",
    "ATR": "Alcohol treatment requirement (ATR)",
    "DRR": "Drug rehabilitation requirement (DRR)",
    "MHTR": "Mental health treatment requirement (MHTR)",
    "programme": "Accredited programme",
}
MAX_NEEDS = 20


OGRS4_KEYS = frozenset(OGRS4_FIELDS)
# The ways a body can give the predictor: exactly one of them.
PREDICTOR_KEYS = ("predictor", "ogrs3", "ogrs4")


@dataclass(frozen=True)
class ParsedCase:
    """A valid case and, when the score was calculated here, the OGRS3 or OGRS4 working."""

    case: Case
    ogrs3: Ogrs3Result | None
    ogrs4: Ogrs4Result | None = None

    def working(self) -> dict[str, Any]:
        """The calculation's working as kept on the result: {"ogrs3": ..., "ogrs4": ...}."""
        return {
            "ogrs3": self.ogrs3.to_dict() if self.ogrs3 else None,
            "ogrs4": self.ogrs4.to_dict() if self.ogrs4 else None,
        }


def parse_case(
    body: object, geography: Geography, extra_keys: frozenset[str] = frozenset()
) -> ParsedCase:
    """A valid case from a body in the API shape; raises ValidationError with every problem."""
    if not isinstance(body, dict):
        raise ValidationError({"body": "Send a JSON object"})
    reader = JsonReader()
    reader.unknown(body, CASE_KEYS | extra_keys)
    region, pdu = _place(body, reader, geography)
    gender = reader.get(body, "gender", "gender", str, True)
    age = reader.get(body, "age", "age", int, True)
    offence = reader.get(body, "offence_category", "offence_category", str, False)
    case = Case(
        region=region,
        pdu=pdu,
        gender=gender,
        age=age,
        predictor=_predictor(body, reader),
        needs=_needs(body, reader),
        flags=_flags(body, reader),
        order=_order(body, reader),
        exceptional_circumstances=_exceptional(body, reader),
        offence_category=offence,
        ovp_score=reader.get(body, "ovp_score", "ovp_score", int, False),
        other_requirements=_other_requirements(body, reader),
    )
    errors = {**validate_case(case), **reader.errors}
    if errors:
        raise ValidationError(errors)
    if body.get("ogrs4") is not None:
        return _with_ogrs4(case, body["ogrs4"], body.get("defendant"))
    return _with_ogrs3(case, body.get("ogrs3"))


def _place(body: Mapping[str, Any], reader: JsonReader, geography: Geography) -> tuple[Any, Any]:
    region = reader.get(body, "region", "region", str, True)
    pdu = reader.get(body, "pdu", "pdu", str, False)
    if region is not None and region not in geography.regions:
        reader.errors["region"] = "Unknown region: use a region slug such as london"
    elif pdu is not None and geography.pdu_regions.get(pdu) != region:
        reader.errors["pdu"] = "Unknown PDU, or not in that region"
    return region, pdu


def _predictor(body: Mapping[str, Any], reader: JsonReader) -> Predictor:
    """The entered predictor, or a placeholder the OGRS3 or OGRS4/G calculation replaces."""
    given = [key for key in PREDICTOR_KEYS if body.get(key) is not None]
    if len(given) != 1:
        reader.errors["predictor"] = (
            "Give the predictor and its two-year score, or the OGRS3 or OGRS4/G static "
            "factors" + (", only one of them" if given else "")
        )
    if "ogrs3" in given:
        _factor_types(body, reader, "ogrs3", OGRS3_KEYS)
    if "ogrs4" in given:
        _factor_types(body, reader, "ogrs4", OGRS4_KEYS)
    if "predictor" not in given:
        return Predictor("OGRS3", 0)
    entered = reader.get(body, "predictor", "predictor", dict, False) or {}
    reader.unknown(entered, frozenset({"name", "score", "other_name"}), "predictor.")
    name = reader.get(entered, "name", "predictor.name", str, True)
    score = reader.get(entered, "score", "predictor.score", int, True)
    other = _other_name(entered, reader, name)
    return Predictor(PREDICTOR_ALIASES.get(name, name), score, other)


OTHER_NAME_MAX = 60
OTHER_NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ()/&.,+'-]*")


def _other_name(entered: Mapping[str, Any], reader: JsonReader, name: str | None) -> str | None:
    """The name of "another predictor": required for it, refused for the named ones."""
    given = reader.get(entered, "other_name", "predictor.other_name", str, False)
    text = " ".join((given or "").split())
    if name != "other":
        if text:
            reader.errors["predictor.other_name"] = (
                "Give a predictor's name only for another predictor"
            )
        return None
    if not text:
        reader.errors["predictor.other_name"] = "Enter the name of the predictor used"
    elif len(text) > OTHER_NAME_MAX or not OTHER_NAME_PATTERN.fullmatch(text):
        reader.errors["predictor.other_name"] = (
            f"Enter the predictor's name in up to {OTHER_NAME_MAX} letters, digits, spaces "
            "and ( ) / & . , + ' -"
        )
    return text or None


def _factor_types(
    body: Mapping[str, Any], reader: JsonReader, key: str, allowed: frozenset[str]
) -> None:
    factors = reader.get(body, key, key, dict, True)
    if factors is not None:
        reader.unknown(factors, allowed, f"{key}.")


def _with_ogrs3(case: Case, factors: Any) -> ParsedCase:
    """Replace the placeholder predictor with the OGRS3 two-year score, when asked."""
    if factors is None:
        return ParsedCase(case, None)
    try:
        result = ogrs3.calculate(
            factors.get("gender", case.gender),
            factors.get("age", case.age),
            factors.get("age_at_first_sanction"),
            factors.get("previous_sanctions"),
            factors.get("offence_category", case.offence_category),
            factors.get("age_at_follow_up"),
        )
    except ValidationError as exc:
        raise ValidationError({f"ogrs3.{k}": v for k, v in exc.errors.items()}) from None
    offence = case.offence_category or result.inputs.offence_category
    changed = dataclasses.replace(
        case, predictor=Predictor("OGRS3", result.two_year), offence_category=offence
    )
    return ParsedCase(changed, result)


def _with_ogrs4(case: Case, factors: dict[str, Any], defendant: Any) -> ParsedCase:
    """Replace the placeholder predictor with the OGRS4/G two-year score (2 decimals)."""
    values = {"gender": case.gender, **factors}
    if values.get("date_of_birth") is None and isinstance(defendant, dict):
        values["date_of_birth"] = defendant.get("date_of_birth")
    try:
        result = ogrs4.calculate(values, date.today())
    except ValidationError as exc:
        raise ValidationError({f"ogrs4.{k}": v for k, v in exc.errors.items()}) from None
    # Activities' offence rules are written in OGRS3 categories: use the nearest one.
    offence = case.offence_category or OGRS3_CATEGORY.get(result.inputs.offence.category)
    predictor = Predictor(ogrs4.GENERAL, float(result.general.two_year))
    changed = dataclasses.replace(case, predictor=predictor, offence_category=offence)
    return ParsedCase(changed, None, result)


def _needs(body: Mapping[str, Any], reader: JsonReader) -> tuple[NeedAssessment, ...]:
    items = reader.get(body, "needs", "needs", list, True)
    if body.get("needs") is None:
        reader.errors["needs"] = "Give the assessed need areas (a list, which may be empty)"
    if items is None:
        return ()
    if len(items) > MAX_NEEDS:
        reader.errors["needs"] = f"Give at most {MAX_NEEDS} need areas"
        return ()
    found = []
    for index, item in enumerate(items):
        path = f"needs[{index}]"
        if not isinstance(item, dict):
            reader.errors[path] = "Give an object with area, linked_to_reoffending, linked_to_harm"
            continue
        reader.unknown(
            item, frozenset({"area", "linked_to_reoffending", "linked_to_harm"}), f"{path}."
        )
        area = reader.get(item, "area", f"{path}.area", str, True)
        reoffending = reader.get(
            item, "linked_to_reoffending", f"{path}.linked_to_reoffending", bool, True
        )
        harm = reader.get(item, "linked_to_harm", f"{path}.linked_to_harm", bool, True)
        if area is not None and reoffending is not None and harm is not None:
            found.append(NeedAssessment(area, reoffending, harm))
    return tuple(found)


def _flags(body: Mapping[str, Any], reader: JsonReader) -> Flags:
    given = reader.get(body, "flags", "flags", dict, False) or {}
    reader.unknown(given, frozenset(FLAG_NAMES), "flags.")
    values = {name: reader.get(given, name, f"flags.{name}", bool, False) for name in FLAG_NAMES}
    return Flags(**{name: bool(value) for name, value in values.items()})


def _order(body: Mapping[str, Any], reader: JsonReader) -> OrderDetails:
    given = reader.get(body, "order", "order", dict, True) or {}
    reader.unknown(given, frozenset({"type", "months"}), "order.")
    present = "order" not in reader.errors
    kind = reader.get(given, "type", "order.type", str, present)
    months = reader.get(given, "months", "order.months", int, present)
    return OrderDetails(kind if present else "community-order", months if present else 12)


def _exceptional(body: Mapping[str, Any], reader: JsonReader) -> str | None:
    text = reader.get(
        body, "exceptional_circumstances", "exceptional_circumstances", str, False, multiline=True
    )
    if text is None or not text.strip():
        return None
    return str(text).strip()


def _other_requirements(body: Mapping[str, Any], reader: JsonReader) -> tuple[str, ...]:
    given = reader.get(body, "other_requirements", "other_requirements", list, False) or []
    if any(not isinstance(item, str) or item not in OTHER_REQUIREMENTS for item in given):
        reader.errors["other_requirements"] = (
            f"Use only these identifiers: {', '.join(OTHER_REQUIREMENTS)}"
        )
        return ()
    return tuple(dict.fromkeys(given))


def body_from_form(values: Mapping[str, Any]) -> dict[str, Any]:
    """The proposal form's values in the API body's shape (the court gives region and PDU)."""
    reoffending, harm = set(values["reoffending"] or ()), set(values["harm"] or ())
    flags = set(values["flags"] or ())
    body: dict[str, Any] = {
        "gender": values["gender"],
        "age": values["age"],
        "needs": [
            {
                "area": area,
                "linked_to_reoffending": area in reoffending,
                "linked_to_harm": area in harm,
            }
            for area in NEED_LABELS
            if area in reoffending | harm
        ],
        "flags": {name: name in flags for name in FLAG_NAMES},
        "order": {"type": values["order_type"], "months": values["order_months"]},
        "exceptional_circumstances": values["exceptional_circumstances"] or None,
        "offence_category": values["offence_category"] or None,
        "other_requirements": list(values["other_requirements"] or ()),
        "defendant": _form_defendant(values),
    }
    if values["predictor"] == "calculate":
        body["ogrs3"] = {
            "age_at_first_sanction": values["age_at_first_sanction"],
            "previous_sanctions": values["previous_sanctions"],
        }
    elif values["predictor"] == "calculate-ogrs4":
        body["ogrs4"] = _form_ogrs4(values)
    else:
        body["predictor"] = {"name": values["predictor"], "score": values["score"]}
        if values["predictor"] == "other":
            body["predictor"]["other_name"] = values.get("other_predictor_name") or ""
    return body


def _form_ogrs4(values: Mapping[str, Any]) -> dict[str, Any]:
    """OGRS4/G inputs from the form: at sentencing the follow-up starts at the hearing, which
    is also the assessment date, so there are no offence-free months (DOMAIN.md 7)."""
    hearing, born = values["hearing_date"], values["date_of_birth"]
    convicted = values["ogrs4_conviction_date"]
    return {
        "date_of_birth": born.isoformat() if born else None,
        "conviction_date": convicted.isoformat() if convicted else None,
        "offence_code": (values["ogrs4_offence_code"] or "").strip() or None,
        "total_sanctions": values["ogrs4_total_sanctions"],
        "age_at_first_sanction": values["ogrs4_age_at_first_sanction"],
        "violent_sanctions": values["ogrs4_violent_sanctions"],
        "follow_up_start": hearing.isoformat() if hearing else None,
        "assessment_date": hearing.isoformat() if hearing else None,
    }


def _form_defendant(values: Mapping[str, Any]) -> dict[str, Any]:
    dates = {
        key: values[key].isoformat() if values[key] else None
        for key in ("date_of_birth", "hearing_date")
    }
    return {
        "name": values["defendant_name"],
        "case_reference": values["case_reference"],
        "court": values["court"],
        **dates,
    }
