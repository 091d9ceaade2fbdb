"""Verification contacts: who is asked about an availability row, and the checks on them.

A row's own contact wins; otherwise the intervention's contact is asked. Contacts are
staff-only: they are never shown on public pages, in the API, the ORUK feed or documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_organisation")
CONTACT_LABELS = {
    "contact_name": "Verification contact's name",
    "contact_email": "Verification contact's email address",
    "contact_organisation": "Verification contact's organisation",
}
LIMITS = {"contact_name": 200, "contact_email": 254, "contact_organisation": 200}
# One @, something before it, a domain with a dot after it, no spaces or angle brackets.
EMAIL_PATTERN = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+$")


class HasContact(Protocol):
    """Anything carrying the three contact fields (an intervention or a row)."""

    contact_name: str
    contact_email: str
    contact_organisation: str


@dataclass(frozen=True)
class Contact:
    """The person asked to confirm rows, and where they work."""

    name: str
    email: str
    organisation: str

    @property
    def key(self) -> str:
        """Rows are grouped per contact by email address, whatever its case."""
        return self.email.strip().lower()


def own_contact(record: HasContact) -> Contact | None:
    """The contact set on the record itself, if it has an email address."""
    email = (record.contact_email or "").strip()
    if not email:
        return None
    return Contact(
        (record.contact_name or "").strip(), email, (record.contact_organisation or "").strip()
    )


def contact_for(row: Any) -> Contact | None:
    """Who is asked about an availability row: its own contact, else its intervention's."""
    return own_contact(row) or own_contact(row.intervention)


def contact_values(record: HasContact) -> dict[str, str]:
    """The contact fields of a record as plain values."""
    return {name: getattr(record, name) or "" for name in CONTACT_FIELDS}


def check_contact(values: dict[str, Any]) -> dict[str, str]:
    """Every rule the contact fields break, keyed by field (all blank is allowed)."""
    errors = {}
    for name, limit in LIMITS.items():
        if len(values.get(name) or "") > limit:
            errors[name] = f"{CONTACT_LABELS[name]} must be {limit} characters or fewer"
    email = (values.get("contact_email") or "").strip()
    if email and not EMAIL_PATTERN.match(email) and "contact_email" not in errors:
        errors["contact_email"] = "Enter the contact's email address like name@example.org"
    elif not email and (
        (values.get("contact_name") or "").strip()
        or (values.get("contact_organisation") or "").strip()
    ):
        errors["contact_email"] = "Enter the contact's email address, or clear the name"
    return errors
