"""Verification contacts: who is asked about an availability row, and the checks on them.

A row's own contact wins; otherwise the intervention's contact is asked. Contacts are
staff-only: they are never shown on public pages, in the API, the ORUK feed or documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from catalogue.rules import CONTACT_RULES, check_contact

__all__ = ["check_contact"]

# The contact fields, their labels and limits: declared once, in the rule table.
CONTACT_FIELDS = tuple(CONTACT_RULES)
CONTACT_LABELS = {name: rule.label for name, rule in CONTACT_RULES.items()}
LIMITS = {name: rule.limit or 0 for name, rule in CONTACT_RULES.items()}


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
