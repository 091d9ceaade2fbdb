"""Changing a verification contact: one audited write, which never confirms the row.

An editor who corrects who to ask has not checked the availability itself, so a contact
change records its own audit action ("contact") and leaves `confirmed_at` alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional

from catalogue.models import Availability, Intervention
from core.audit import field_changes, record_audit
from core.versions import check_version, commit_versioned
from maintenance.services.recording import ValidationFailed
from verification.contacts import CONTACT_LABELS, LIMITS, check_contact, contact_values
from web.numbers import whole_number
from web.text import CheckedForm


def _field(name: str) -> StringField:
    label, limit = CONTACT_LABELS[name], LIMITS[name]
    too_long = f"{label} must be {limit} characters or fewer"
    return StringField(label, validators=[Optional(), Length(max=limit, message=too_long)])


class ContactForm(CheckedForm):
    """Who is asked to confirm availability, and the version of the record it was based on."""

    # Not "version": the edit pages' own forms use that id on the same page.
    contact_version = HiddenField()
    contact_name = _field("contact_name")
    contact_email = _field("contact_email")
    contact_organisation = _field("contact_organisation")

    def values(self) -> dict[str, str]:
        """The submitted contact, trimmed."""
        return {name: (self[name].data or "").strip() for name in CONTACT_LABELS}

    def base_version(self) -> int | None:
        """The version the editor saw, or None when the hidden field was tampered with."""
        return whole_number((self.contact_version.data or "").strip())


def contact_form(record: Intervention | Availability, **kwargs: Any) -> ContactForm:
    """The contact form filled with the record's contact (and version)."""
    return ContactForm(data=contact_values(record) | {"contact_version": record.version}, **kwargs)


def set_contact(
    session: Session,
    record: Intervention | Availability,
    values: dict[str, str],
    base_version: int | None,
    actor: str,
) -> bool:
    """Save a record's contact if it changed; audited, committed. False when unchanged."""
    check_version(record, base_version)
    if not stage_contact(session, record, values, actor):
        return False
    commit_versioned(session, [record])
    return True


def stage_contact(
    session: Session,
    record: Intervention | Availability,
    values: dict[str, str],
    actor: str,
    source: str | None = None,
) -> bool:
    """Check and set a record's contact with its audit; the caller commits. False when
    unchanged. ValidationFailed lists what the rule table refuses."""
    errors = check_contact(values)
    if errors:
        raise ValidationFailed(errors)
    changes = field_changes(contact_values(record), values)
    if not changes:
        return False
    for name, value in values.items():
        setattr(record, name, value)
    record.updated_at = datetime.now()
    details: dict[str, Any] = {"version": record.version + 1}
    if source:
        details["source"] = source
    if isinstance(record, Availability):
        kind = "availability"
        details |= {"intervention_id": str(record.intervention_id), "region": record.region_slug}
    else:
        kind, record.updated_by = "intervention", actor
    record_audit(
        session,
        actor=actor,
        entity_type=kind,
        entity_id=str(record.id),
        action="contact",
        changes=changes,
        details=details,
    )
    return True
