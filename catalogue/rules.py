"""The rule table: every field of an intervention and of an availability row, declared once.

Name, label, type, allowed values, whether required, limits, and the checks across fields.
The editor forms, the write API, the CSV import and export (their columns too) and the seed
loader all read it, so a value one path refuses every path refuses, with the same message.
How each kind of field is read and checked is in `catalogue/field_types.py`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from catalogue.field_types import ROUTE_WORDS, SLUG_PATTERN, Rule, RuleError, slugify
from catalogue.reference import (
    ATTENDANCE,
    AVAILABILITY_STATUSES,
    EIP_STATUSES,
    ELIGIBLE_GENDERS,
    FORMATS,
    INTERVENTION_TYPES,
    LIFECYCLE_STATUSES,
    OFFENCE_TYPES,
    PRICE_UNITS,
)

__all__ = ["ROUTE_WORDS", "SLUG_PATTERN", "Rule", "RuleError", "slugify"]

# Free text with no limit of its own takes the most any text field takes (web/text.py).
LONG_TEXT = 20_000
SESSION_COUNTS = ("pre_group_sessions", "one_to_one_sessions", "group_sessions")
# A structured intervention has at least this many sessions (DOMAIN.md 4).
MIN_STRUCTURED_SESSIONS = 4


def _count(name: str, label: str, limit: int, required: bool = False) -> Rule:
    message = f"Enter {label.lower()}, or 0" if required else ""
    default = 0 if required else None
    return Rule(name, label, "count", message, required, limit, default=default)


def _words(name: str, label: str, limit: int = LONG_TEXT, multiline: bool = False) -> Rule:
    return Rule(name, label, "text", limit=limit, multiline=multiline, default="")


# In the order of the CSV columns.
INTERVENTION: tuple[Rule, ...] = (
    Rule("slug", "Short name for web addresses", "slug", limit=120),
    Rule("name", "Name", "text", "Enter the name of the intervention", True, 200),
    Rule(
        "type",
        "Type",
        "choice",
        "Select the type of intervention",
        True,
        options=INTERVENTION_TYPES,
    ),
    Rule("summary", "Summary", "text", "Enter a summary", True, 300, multiline=True),
    _words("description", "Description", multiline=True),
    _words("what_you_will_do", "What the person will do", multiline=True),
    Rule(
        "needs",
        "Need areas addressed",
        "choices",
        "Select at least one need area",
        True,
        invalid="Select need areas from the list",
    ),
    _count("pre_group_sessions", "Pre-group sessions", 200, required=True),
    _count("one_to_one_sessions", "One-to-one sessions", 200, required=True),
    _count("group_sessions", "Group sessions", 200, required=True),
    _count("session_minutes", "Session length in minutes", 600),
    _count("same_day_sessions", "Sessions held on a day that already has one", 200, True),
    _count("weeks_to_complete", "Weeks to complete", 260),
    Rule("format", "Format", "choice", "Select the format", True, options=FORMATS),
    Rule(
        "attendance",
        "Attendance",
        "choice",
        "Select how people attend",
        True,
        options=ATTENDANCE,
        default="in-person",
    ),
    Rule(
        "gender",
        "Who it is for",
        "choice",
        "Select who it is for",
        True,
        options=ELIGIBLE_GENDERS,
        default="any",
    ),
    _count("min_age", "Minimum age", 120),
    _count("max_age", "Maximum age", 120),
    _count("min_ogrs3", "Minimum OGRS3 score", 99),
    _count("min_ovp", "Minimum OVP score", 99),
    Rule(
        "offence_focus",
        "Offence focus",
        "choice",
        "Select an offence focus from the list",
        options=OFFENCE_TYPES,
    ),
    Rule(
        "excluded_offences",
        "Not for people convicted of",
        "choices",
        "Select offences from the list",
        options=OFFENCE_TYPES,
        default=[],
    ),
    Rule(
        "not_if_programme_eligible",
        "Not for people eligible for an accredited programme",
        "flag",
        default=False,
    ),
    _count("min_months_left", "Minimum months left on the order", 120),
    _words("eligibility_notes", "Other eligibility notes", multiline=True),
    Rule(
        "eip_status",
        "Effective Interventions Panel status",
        "choice",
        "Select the EIP status",
        True,
        options=EIP_STATUSES,
    ),
    Rule("eip_decided_on", "EIP decision date", "date"),
    _words("provider", "Provider", 200),
    Rule("price", "Price (GBP)", "money"),
    Rule(
        "price_unit",
        "Price unit",
        "choice",
        "Select a price unit from the list",
        options=PRICE_UNITS,
    ),
    _words("contract_reference", "Contract reference", 100),
    Rule(
        "is_sample",
        "Sample data (illustrative, not a real contract)",
        "flag",
        default=False,
        column="sample",
    ),
    Rule(
        "status",
        "Status",
        "choice",
        "Select the status",
        True,
        options=LIFECYCLE_STATUSES,
        default="active",
    ),
    Rule("valid_from", "Valid from", "date"),
    Rule("valid_to", "Valid to", "date"),
)

# Where a row is: checked against the catalogue's interventions, regions and PDUs.
AVAILABILITY_PLACE: tuple[Rule, ...] = (
    Rule("intervention", "Intervention", "choice", "Select an intervention from the list", True),
    Rule("region", "Region", "choice", "Select a region from the list", True),
    Rule("pdu", "Probation Delivery Unit", "choice", "Select a PDU in this region"),
)
# What an editor changes on a row; saving any of it confirms the row as accurate now.
AVAILABILITY: tuple[Rule, ...] = (
    Rule(
        "status",
        "Status",
        "choice",
        "Select the availability status",
        True,
        options=AVAILABILITY_STATUSES,
    ),
    Rule("next_start", "Next start date", "date"),
    _count("places", "Places", 10_000),
    _count("wait_weeks", "Typical wait in weeks", 104),
)
AVAILABILITY_CONFIRMATION: tuple[Rule, ...] = (
    Rule("confirmed_at", "Confirmed at", "moment"),
    Rule("confirmed_by", "Confirmed by", "text", limit=200, default=""),
)

# Who is asked to confirm availability: on an intervention, and on a row (blank: the
# intervention's contact is asked). Staff-only; changing one never confirms a row.
CONTACT: tuple[Rule, ...] = (
    _words("contact_name", "Verification contact's name", 200),
    _words("contact_email", "Verification contact's email address", 254),
    _words("contact_organisation", "Verification contact's organisation", 200),
)
CONTACT_RULES = {rule.name: rule for rule in CONTACT}
CONTACT_COLUMNS = [rule.key for rule in CONTACT]
# One @, something before it, a domain with a dot after it, no spaces or angle brackets.
EMAIL_PATTERN = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+$")

INTERVENTION_RULES = {rule.name: rule for rule in INTERVENTION}
AVAILABILITY_RULES = {
    rule.name: rule for rule in AVAILABILITY_PLACE + AVAILABILITY + AVAILABILITY_CONFIRMATION
}
INTERVENTION_FIELDS = tuple(INTERVENTION_RULES)
AVAILABILITY_FIELDS = tuple(rule.name for rule in AVAILABILITY)
INTERVENTION_COLUMNS = [rule.key for rule in INTERVENTION]
AVAILABILITY_COLUMNS = list(AVAILABILITY_RULES)
NEW_INTERVENTION = {rule.name: rule.default for rule in INTERVENTION if rule.default is not None}


def check_fields(
    rules: Collection[Rule], values: Mapping[str, Any], options: Mapping[str, Collection[str]]
) -> dict[str, str]:
    """Each field's own problem, keyed by field name (options: choices known at run time)."""
    found = (
        (rule.name, rule.problem(values.get(rule.name), options.get(rule.name))) for rule in rules
    )
    return {name: problem for name, problem in found if problem}


def check_intervention(values: Mapping[str, Any], needs: Collection[str]) -> dict[str, str]:
    """Every rule an intervention's values break, keyed by field; needs: the known slugs."""
    errors = check_fields(INTERVENTION, values, {"needs": needs})
    across = _intervention_across(values) if not errors.keys() & ACROSS else {}
    return errors | across


# The fields the checks across an intervention's fields read.
ACROSS = frozenset(
    {
        *SESSION_COUNTS,
        "same_day_sessions",
        "type",
        "min_age",
        "max_age",
        "valid_from",
        "valid_to",
        "price",
        "price_unit",
        "offence_focus",
        "excluded_offences",
    }
)


def _intervention_across(values: Mapping[str, Any]) -> dict[str, str]:
    errors = {}
    total = sum(values.get(name) or 0 for name in SESSION_COUNTS)
    structured = values.get("type") == "structured-intervention"
    if total < (MIN_STRUCTURED_SESSIONS if structured else 1):
        errors["group_sessions"] = (
            f"A structured intervention has at least {MIN_STRUCTURED_SESSIONS} sessions in all"
            if structured
            else "An intervention has at least 1 session in all"
        )
    elif (values.get("same_day_sessions") or 0) >= total:
        errors["same_day_sessions"] = "This must be fewer than the total number of sessions"
    for low, high, message in (
        ("min_age", "max_age", "The maximum age must be the same as or more than the minimum age"),
        ("valid_from", "valid_to", "Valid to must be the same as or after valid from"),
    ):
        if None not in (values.get(low), values.get(high)) and values[low] > values[high]:
            errors[high] = message
    if (values.get("price") is None) != (values.get("price_unit") is None):
        field = "price_unit" if values.get("price") is not None else "price"
        errors[field] = "Enter both the price and its unit, or neither"
    if values.get("offence_focus") in (values.get("excluded_offences") or ()):
        errors["excluded_offences"] = "Do not exclude the offence it focuses on"
    return errors


def check_availability(values: Mapping[str, Any], now: datetime | None = None) -> dict[str, str]:
    """Every rule an availability row's values break, keyed by field.

    The place is checked only when given (its choices come from the catalogue), and the
    confirmation only when it is part of the values (the CSV import and the seed).
    """
    rules = [r for r in AVAILABILITY_RULES.values() if r in AVAILABILITY or r.name in values]
    errors = check_fields([r for r in rules if r not in AVAILABILITY_PLACE], values, {})
    confirmed_at = values.get("confirmed_at")
    if isinstance(confirmed_at, datetime) and confirmed_at > (now or datetime.now()):
        errors["confirmed_at"] = "Confirmed at must not be in the future"
    return errors


def check_contact(values: Mapping[str, Any]) -> dict[str, str]:
    """Every rule the contact fields break, keyed by field (all blank is allowed)."""
    errors = check_fields(CONTACT, values, {})
    email = (values.get("contact_email") or "").strip()
    if "contact_email" in errors:
        return errors
    if email and not EMAIL_PATTERN.match(email):
        errors["contact_email"] = "Enter the contact's email address like name@example.org"
    elif not email and (
        (values.get("contact_name") or "").strip()
        or (values.get("contact_organisation") or "").strip()
    ):
        errors["contact_email"] = "Enter the contact's email address, or clear the name"
    return errors


def parse_fields(
    rules: Collection[Rule], raw: Mapping[str, Any], options: Mapping[str, Collection[str]]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Values read from text or plain values (keyed by CSV column), and each field's problem."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for rule in rules:
        try:
            values[rule.name] = rule.parse(raw.get(rule.key), options.get(rule.name))
        except RuleError as refused:
            errors[rule.name] = str(refused)
    return values, errors
