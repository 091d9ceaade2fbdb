"""The roles a user can hold, with the names people see."""

from __future__ import annotations

ROLES: dict[str, str] = {
    "admin": "Administrator",
    "interventions-editor": "Interventions editor",
    "court-officer": "Court officer",
}
