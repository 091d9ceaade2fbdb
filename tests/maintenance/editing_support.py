"""Form payloads and look-ups shared by the editing, availability and API tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask import Flask
from sqlalchemy import select

from catalogue.models import Availability, CatalogueChange, Intervention
from core.audit import AuditEvent
from maintenance.services.availability import availability_values
from maintenance.services.interventions import intervention_values


def as_form(values: dict[str, Any]) -> dict[str, Any]:
    """Plain values as a browser would post them (unticked boxes left out)."""
    posted: dict[str, Any] = {}
    for name, value in values.items():
        if value is True:
            posted[name] = "y"
        elif value is None:
            posted[name] = ""
        elif value is False:
            continue
        elif isinstance(value, (date, Decimal, int)):
            posted[name] = str(value)
        else:
            posted[name] = value
    return posted


NEW_INTERVENTION = {
    "name": "Bridge Builders",
    "slug": "",
    "type": "local",
    "summary": "Practical help to find and keep somewhere to live.",
    "description": "Weekly one-to-one sessions with a housing worker.",
    "what_you_will_do": "Make a plan for where you will live.",
    "needs": ["accommodation", "finance-benefits-debt"],
    "pre_group_sessions": 0,
    "one_to_one_sessions": 6,
    "group_sessions": 0,
    "same_day_sessions": 0,
    "session_minutes": 60,
    "weeks_to_complete": 8,
    "format": "one-to-one",
    "attendance": "blended",
    "gender": "any",
    "min_age": 18,
    "max_age": None,
    "min_ogrs3": 25,
    "min_ovp": None,
    "offence_focus": "",
    "excluded_offences": ["arson"],
    "not_if_programme_eligible": True,
    "min_months_left": 3,
    "eligibility_notes": "Stable substance use.",
    "eip_status": "not-applicable",
    "eip_decided_on": None,
    "provider": "Sample Housing Trust",
    "price": Decimal("120.50"),
    "price_unit": "per-session",
    "contract_reference": "SAMPLE-001",
    "is_sample": True,
    "status": "active",
    "valid_from": date(2026, 1, 1),
    "valid_to": None,
    "reason": "",
}


def new_form(**changes: Any) -> dict[str, Any]:
    """A complete, valid "add an intervention" submission with some fields changed."""
    return as_form(NEW_INTERVENTION | changes)


def edit_form(intervention: Intervention, **changes: Any) -> dict[str, Any]:
    """The edit form as shown for this intervention's version, with some fields changed."""
    values = intervention_values(intervention) | {"version": intervention.version}
    values = {
        k: ("" if v is None and k in ("offence_focus", "price_unit") else v)
        for k, v in values.items()
    }
    return as_form(values | changes)


def row_form(row: Availability, **changes: Any) -> dict[str, Any]:
    """The availability form as shown for this row's version, with some fields changed."""
    return as_form(availability_values(row) | {"version": row.version} | changes)


def fresh(app: Flask, model: type, key: Any) -> Any:
    """A row as the database holds it now, read in a session of its own."""
    with app.extensions["db_sessionmaker"]() as session:
        found = session.get(model, key)
        if found is not None:
            session.expunge(found)
        return found


def audit_rows(app: Flask, **where: Any) -> list[AuditEvent]:
    """Audit events matching the column values given, oldest first."""
    with app.extensions["db_sessionmaker"]() as session:
        query = select(AuditEvent).filter_by(**where).order_by(AuditEvent.id)
        return list(session.scalars(query))


def catalogue_revision(app: Flask) -> int:
    """The highest catalogue revision in the database (0 if none)."""
    with app.extensions["db_sessionmaker"]() as session:
        found = session.scalars(select(CatalogueChange.revision)).all()
        return max(found, default=0)
