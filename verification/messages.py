"""The words of a verification message: subject, plain-text body and Notify's fields.

A message lists only the contact's own rows, with what the directory says about each; it
never carries a price.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from catalogue.models import Availability
from catalogue.reference import AVAILABILITY_STATUSES
from core.dates import long_date
from verification.contacts import Contact
from verification.policy import ASKED, REMINDED, URGENT

SUBJECTS = {
    ASKED: "Please check {count} RAR {activities} in the RAR Directory",
    REMINDED: "Reminder: please check {count} RAR {activities} in the RAR Directory",
    URGENT: "Urgent: {count} RAR {activities} will soon be shown as out of date",
}
OPENINGS = {
    ASKED: "Probation court staff use the RAR Directory to see which rehabilitation "
    "activities are running. You are the contact for the entries below. Please tell us "
    "whether they are still accurate.",
    REMINDED: "We wrote to you a week ago about the entries below and have not heard back. "
    "Please tell us whether they are still accurate.",
    URGENT: "We have written to you twice about the entries below. Unless someone confirms "
    "them, court staff will be told they may be out of date.",
}


@dataclass(frozen=True)
class Message:
    """One message to one contact, ready for the outbox."""

    recipient: str
    recipient_name: str
    subject: str
    body: str
    personalisation: dict[str, Any]


def place(row: Availability) -> str:
    """Where a row applies: the region, and the PDU when it is not region-wide."""
    return row.region.name + (f", {row.pdu.name}" if row.pdu else "")


def row_line(row: Availability) -> str:
    """One row as the message lists it: what it is, where, and what the directory says."""
    facts = [AVAILABILITY_STATUSES.get(row.status, row.status).lower()]
    if row.next_start:
        facts.append(f"next start {long_date(row.next_start)}")
    if row.places is not None:
        facts.append(f"{row.places} {'place' if row.places == 1 else 'places'}")
    if row.wait_weeks is not None:
        facts.append(f"typical wait {row.wait_weeks} {'week' if row.wait_weeks == 1 else 'weeks'}")
    confirmed = long_date(row.confirmed_at.date()) if row.confirmed_at else "never"
    return (
        f"* {row.intervention.name}, {place(row)}: {', '.join(facts)} (last confirmed: {confirmed})"
    )


def compose(
    contact: Contact, rows: list[Availability], stage: str, link: str, expires_on: date
) -> Message:
    """The message asking a contact about their rows at a stage of the chase."""
    count = len(rows)
    subject = SUBJECTS[stage].format(
        count=count, activities="activity" if count == 1 else "activities"
    )
    listed = "\n".join(row_line(row) for row in rows)
    greeting = f"Dear {contact.name}," if contact.name else "Hello,"
    body = "\n\n".join(
        [
            greeting,
            OPENINGS[stage],
            listed,
            "Answer on this page (you do not need an account). For each entry, choose "
            "'still accurate', or 'changed' and give the new details:",
            link,
            f"The link works once and until {long_date(expires_on)}. If you are not the "
            "right person to ask, reply to this message and tell us who is.",
            "RAR Directory, on behalf of the regional interventions team",
        ]
    )
    fields = {
        "name": contact.name or "colleague",
        "subject": subject,
        "opening": OPENINGS[stage],
        "rows": listed,
        "link": link,
        "expires": long_date(expires_on),
    }
    return Message(contact.email, contact.name, subject, body + "\n", fields)
