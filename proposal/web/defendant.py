"""The defendant's details for the report: personal data, never logged, indexed or audited."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from proposal import ogrs3
from proposal.types import ValidationError
from proposal.web.catalogue_facts import Geography, Place
from proposal.web.reader import JsonReader

DEFENDANT_KEYS = ("name", "date_of_birth", "case_reference", "court", "hearing_date")
TEXT_LIMITS = {"name": 200, "case_reference": 60}


@dataclass(frozen=True)
class Defendant:
    """Who the report is about: personal data, never logged, indexed or audited."""

    name: str
    date_of_birth: date
    case_reference: str
    court: Place
    hearing_date: date

    def to_dict(self) -> dict[str, str]:
        """As stored in the proposal's inputs."""
        return {
            "name": self.name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "case_reference": self.case_reference,
            "court": self.court.court,
            "hearing_date": self.hearing_date.isoformat(),
        }


def parse_defendant(body: Mapping[str, Any], geography: Geography) -> Defendant:
    """The defendant's details from the body's `defendant` object; raises ValidationError."""
    reader = JsonReader()
    given = reader.get(body, "defendant", "defendant", dict, True) or {}
    reader.unknown(given, frozenset(DEFENDANT_KEYS), "defendant.")
    text = {
        k: reader.get(given, k, f"defendant.{k}", str, "defendant" not in reader.errors)
        for k in DEFENDANT_KEYS
    }
    for key, limit in TEXT_LIMITS.items():
        if text[key] is not None and not 0 < len(text[key].strip()) <= limit:
            reader.errors[f"defendant.{key}"] = f"Enter from 1 to {limit} characters"
    dates = {
        key: _iso_date(text[key], f"defendant.{key}", reader)
        for key in ("date_of_birth", "hearing_date")
    }
    court = geography.courts.get(text["court"] or "")
    if text["court"] is not None and court is None:
        reader.errors["defendant.court"] = "Unknown court: use a court slug"
    born, heard = dates["date_of_birth"], dates["hearing_date"]
    if born is not None and heard is not None and born >= heard:
        reader.errors["defendant.date_of_birth"] = "Date of birth must be before the hearing date"
    if reader.errors:
        raise ValidationError(reader.errors)
    assert court is not None and dates["date_of_birth"] and dates["hearing_date"]
    return Defendant(
        text["name"].strip(),
        dates["date_of_birth"],
        text["case_reference"].strip(),
        court,
        dates["hearing_date"],
    )


def _iso_date(value: str | None, path: str, reader: JsonReader) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        reader.errors[path] = "Give a date as YYYY-MM-DD"
        return None


def with_court_place(body: Mapping[str, Any], defendant: Defendant) -> dict[str, Any]:
    """The body with region and PDU taken from the court when it does not give them, and the
    age worked out from the date of birth and hearing date when it is missing."""
    court, filled = defendant.court, dict(body)
    if filled.get("region") is None:
        filled["region"] = court.region
    if filled.get("pdu") is None and filled["region"] == court.region:
        filled["pdu"] = court.pdu
    if filled.get("age") is None:
        filled["age"] = ogrs3.age_on(defendant.date_of_birth, defendant.hearing_date)
    return filled


def place_errors(body: Mapping[str, Any], court: Place) -> dict[str, str]:
    """The court must sit in the body's region and PDU."""
    if body.get("region") != court.region:
        return {"defendant.court": "That court is not in the region given"}
    if body.get("pdu") != court.pdu:
        return {"defendant.court": "That court is not in the PDU given"}
    return {}
