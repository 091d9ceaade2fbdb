"""The rules an intervention's or availability row's values must keep, keyed by field."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Intervention, NeedArea
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

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
INTERVENTION_FIELDS = (
    "name",
    "slug",
    "type",
    "summary",
    "description",
    "what_you_will_do",
    "needs",
    "pre_group_sessions",
    "one_to_one_sessions",
    "group_sessions",
    "same_day_sessions",
    "session_minutes",
    "weeks_to_complete",
    "format",
    "attendance",
    "gender",
    "min_age",
    "max_age",
    "min_ogrs3",
    "min_ovp",
    "offence_focus",
    "excluded_offences",
    "not_if_programme_eligible",
    "min_months_left",
    "eligibility_notes",
    "eip_status",
    "eip_decided_on",
    "provider",
    "price",
    "price_unit",
    "contract_reference",
    "is_sample",
    "status",
    "valid_from",
    "valid_to",
)
# Addresses under /admin/interventions/ that a slug must not take.
RESERVED_SLUGS = frozenset({"new"})
AVAILABILITY_FIELDS = ("status", "next_start", "places", "wait_weeks")
# Vocabulary fields and the message when a value is not in them (None allowed where noted).
CHOICES: dict[str, tuple[dict[str, str], str, bool]] = {
    "type": (INTERVENTION_TYPES, "Select the type of intervention", False),
    "format": (FORMATS, "Select the format", False),
    "attendance": (ATTENDANCE, "Select how people attend", False),
    "gender": (ELIGIBLE_GENDERS, "Select who it is for", False),
    "eip_status": (EIP_STATUSES, "Select the EIP status", False),
    "status": (LIFECYCLE_STATUSES, "Select the status", False),
    "offence_focus": (OFFENCE_TYPES, "Select an offence focus from the list", True),
    "price_unit": (PRICE_UNITS, "Select a price unit from the list", True),
}
# A structured intervention has at least this many sessions (DOMAIN.md 4).
MIN_STRUCTURED_SESSIONS = 4
SESSION_COUNTS = ("pre_group_sessions", "one_to_one_sessions", "group_sessions")


def check_intervention(
    session: Session, values: dict[str, Any], current_id: uuid.UUID | None = None
) -> dict[str, str]:
    """Every rule an intervention's values break, keyed by field."""
    errors = _check_choices(values) | _check_numbers(values)
    if not (values.get("name") or "").strip():
        errors["name"] = "Enter the name of the intervention"
    if len(values.get("summary") or "") > 300:
        errors["summary"] = "The summary must be 300 characters or fewer"
    slug = values.get("slug") or ""
    if not re.fullmatch(SLUG_PATTERN, slug):
        errors["slug"] = "Use only lower-case letters, numbers and hyphens"
    elif slug in RESERVED_SLUGS:
        errors["slug"] = f"The short name {slug} is reserved: choose another"
    elif _slug_taken(session, slug, current_id):
        errors["slug"] = f"Another intervention already uses the short name {slug}"
    known = set(session.scalars(select(NeedArea.slug)))
    if not values.get("needs") or set(values["needs"]) - known:
        errors["needs"] = "Select at least one need area from the list"
    return errors


def _check_choices(values: dict[str, Any]) -> dict[str, str]:
    errors = {}
    for name, (vocabulary, message, optional) in CHOICES.items():
        value = values.get(name)
        if not (value in vocabulary or (optional and value is None)):
            errors[name] = message
    if set(values.get("excluded_offences") or ()) - set(OFFENCE_TYPES):
        errors["excluded_offences"] = "Select offences from the list"
    return errors


def _check_numbers(values: dict[str, Any]) -> dict[str, str]:
    errors = {}
    total = sum(values.get(k) or 0 for k in SESSION_COUNTS)
    if (values.get("same_day_sessions") or 0) > max(total - 1, 0):
        errors["same_day_sessions"] = "This must be fewer than the total number of sessions"
    if values.get("type") == "structured-intervention" and total < MIN_STRUCTURED_SESSIONS:
        errors["group_sessions"] = "A structured intervention has at least 4 sessions in all"
    if None not in (values.get("min_age"), values.get("max_age")) and (
        values["min_age"] > values["max_age"]
    ):
        errors["max_age"] = "The maximum age must be the same as or more than the minimum age"
    if None not in (values.get("valid_from"), values.get("valid_to")) and (
        values["valid_from"] > values["valid_to"]
    ):
        errors["valid_to"] = "Valid to must be the same as or after valid from"
    if (values.get("price") is None) != (values.get("price_unit") is None):
        field = "price_unit" if values.get("price") is not None else "price"
        errors[field] = "Enter both the price and its unit, or neither"
    return errors


def _slug_taken(session: Session, slug: str, current_id: uuid.UUID | None) -> bool:
    query = select(Intervention.id).where(Intervention.slug == slug)
    if current_id is not None:
        query = query.where(Intervention.id != current_id)
    return session.scalar(query) is not None


def check_availability(values: dict[str, Any]) -> dict[str, str]:
    """Every rule an availability row's values break, keyed by field."""
    errors = {}
    if values.get("status") not in AVAILABILITY_STATUSES:
        errors["status"] = "Select the availability status"
    for name, label, top in (("places", "Places", 10_000), ("wait_weeks", "Typical wait", 104)):
        value = values.get(name)
        if value is not None and not (isinstance(value, int) and 0 <= value <= top):
            errors[name] = f"{label} must be a whole number from 0 to {top}"
    return errors
