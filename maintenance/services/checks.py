"""The rules an intervention's or availability row's values must keep, keyed by field.

They are the rule table's (`catalogue/rules.py`), which the forms, the CSV import and the seed
loader read too; only the rule that needs the database lives here: no two interventions share
a slug.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue import rules
from catalogue.models import Intervention, NeedArea
from catalogue.rules import AVAILABILITY_FIELDS, INTERVENTION_FIELDS, SLUG_PATTERN

__all__ = ["AVAILABILITY_FIELDS", "INTERVENTION_FIELDS", "SLUG_PATTERN"]


def check_intervention(
    session: Session, values: dict[str, Any], current_id: uuid.UUID | None = None
) -> dict[str, str]:
    """Every rule an intervention's values break, keyed by field."""
    errors = rules.check_intervention(values, set(session.scalars(select(NeedArea.slug))))
    slug = values.get("slug") or ""
    if "slug" not in errors and _slug_taken(session, slug, current_id):
        errors["slug"] = f"Another intervention already uses the short name {slug}"
    return errors


def _slug_taken(session: Session, slug: str, current_id: uuid.UUID | None) -> bool:
    query = select(Intervention.id).where(Intervention.slug == slug)
    if current_id is not None:
        query = query.where(Intervention.id != current_id)
    return session.scalar(query) is not None


def check_availability(values: dict[str, Any]) -> dict[str, str]:
    """Every rule an availability row's values break, keyed by field."""
    return rules.check_availability(values)
