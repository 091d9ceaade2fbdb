"""Checks for the seed files: every value is validated and converted before anything is written.

Each problem raises `SeedError` naming the file, the record (line number for CSV; item number
and slug for YAML) and the field.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from catalogue import reference

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RELATIVE_DATE = re.compile(r"^([+-])(\d{1,5})d$")
CONFIRMED_AT_TIME = time(9, 0)
# The C parser when libyaml is installed: the same safe subset of YAML, several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SeedError(Exception):
    """A seed file is missing or wrong; the message names the file, record and field."""


@dataclass(frozen=True)
class Where:
    """The file and record a value came from, for error messages."""

    file: str
    record: str

    def error(self, field: str, problem: str) -> SeedError:
        """An error about one field of this record."""
        return SeedError(f'{self.file} {self.record}, field "{field}": {problem}')


def text(where: Where, field: str, value: Any, required: bool = False, limit: int = 0) -> str:
    """Text, trimmed; required means not blank; limit is a maximum length in characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise where.error(field, f"must be text, not {_show(value)}")
    value = value.strip()
    if required and not value:
        raise where.error(field, "is required")
    if limit and len(value) > limit:
        raise where.error(field, f"is {len(value)} characters long; the limit is {limit}")
    return value


def slug(where: Where, field: str, value: Any, limit: int = 120) -> str:
    """A required identifier of lower-case letters, digits and single hyphens."""
    value = text(where, field, value, required=True, limit=limit)
    if not SLUG.match(value):
        raise where.error(field, f'"{value}" is not a slug (lower-case letters, digits, hyphens)')
    return value


def choice(
    where: Where, field: str, value: Any, options: Collection[str], default: str = ""
) -> str:
    """One of the given identifiers; a blank value takes the default when there is one."""
    value = text(where, field, value) or default
    if value not in options:
        shown = f'"{value}"' if value else "a blank value"
        raise where.error(field, f"{shown} is not one of {', '.join(options)}")
    return value


def known(where: Where, field: str, value: str, names: Collection[str], what: str) -> str:
    """A value that must be among the identifiers already loaded (a region, a PDU, ...)."""
    if value not in names:
        raise where.error(field, f'"{value}" is not a known {what}')
    return value


def unique(where: Where, field: str, value: str, seen: dict[str, str]) -> str:
    """A value not used by an earlier record; remembers where it was first used."""
    if value in seen:
        raise where.error(field, f'"{value}" is already used ({seen[value]})')
    seen[value] = where.record
    return value


def count(where: Where, field: str, value: Any, limit: int | None = None) -> int | None:
    """A whole number of 0 or more (optionally at most limit), or None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise where.error(field, f"{_show(value)} is not a whole number")
    if value < 0:
        raise where.error(field, f"{value} is negative; it must be 0 or more")
    if limit is not None and value > limit:
        raise where.error(field, f"{value} is more than {limit}")
    return value


def day(where: Where, field: str, value: Any, today: date) -> date | None:
    """An ISO date (2025-01-31) or a date relative to today (+14d, -30d), or None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        value = value.strip()
        relative = RELATIVE_DATE.match(value)
        if relative:
            days = int(relative.group(2))
            return today + timedelta(days=days if relative.group(1) == "+" else -days)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
    raise where.error(field, f"{_show(value)} is not a date (YYYY-MM-DD, or +14d / -30d)")


def moment(where: Where, field: str, value: Any, today: date) -> datetime | None:
    """A date as in `day`, at 09:00, or an ISO date and time (as local time); None when blank."""
    if isinstance(value, str) and "T" in value:
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise where.error(field, f'"{value}" is not an ISO date and time') from None
        return parsed.astimezone().replace(tzinfo=None) if parsed.tzinfo else parsed
    resolved = day(where, field, value, today)
    return None if resolved is None else datetime.combine(resolved, CONFIRMED_AT_TIME)


def flag(where: Where, field: str, value: Any, default: bool = False) -> bool:
    """true or false (YAML booleans only); missing takes the default."""
    if value is None:
        return default
    if not isinstance(value, bool):
        raise where.error(field, f"{_show(value)} is not true or false")
    return value


def money(where: Where, field: str, value: Any) -> Decimal | None:
    """A price in pounds, 0 or more with at most two decimal places, or None when blank."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise where.error(field, f"{_show(value)} is not a price")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise where.error(field, f"{_show(value)} is not a price") from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise where.error(field, f"{_show(value)} must be 0 or more, in pounds and pence")
    if amount >= Decimal("100000000"):
        raise where.error(field, f"{_show(value)} is too large")
    return amount.quantize(Decimal("0.01"))


def read_csv(folder: Path, name: str, header: list[str]) -> Iterator[tuple[Where, dict[str, str]]]:
    """The records of a CSV file with exactly the given header, each with its line number."""
    reader = csv.reader(io.StringIO(_open(folder, name), newline=""), strict=True)
    try:
        found = next(reader, [])
        if [cell.strip() for cell in found] != header:
            raise SeedError(
                f"{name} line 1: the header must be {','.join(header)} (found {','.join(found)})"
            )
        for row in reader:
            if any(cell.strip() for cell in row):
                yield _csv_record(name, reader.line_num, row, header)
    except csv.Error as exc:
        raise SeedError(f"{name} line {reader.line_num}: not valid CSV ({exc})") from None


def read_yaml(folder: Path, name: str) -> Iterator[tuple[Where, dict[str, Any]]]:
    """The items of a YAML file holding a list of mappings, each labelled by number and slug."""
    try:
        data = yaml.load(_open(folder, name), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark else ""
        raise SeedError(f"{name}{at}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, list):
        raise SeedError(f"{name}: must be a list of records, one per intervention")
    for index, item in enumerate(data, start=1):
        label = item.get("slug") if isinstance(item, dict) else None
        where = Where(name, f"item {index}" + (f' (slug "{label}")' if label else ""))
        if not isinstance(item, dict):
            raise SeedError(f"{name} item {index}: must be a mapping of field names to values")
        yield where, item


def _csv_record(name: str, line: int, row: list[str], header: list[str]) -> tuple[Where, dict]:
    if len(row) != len(header):
        raise SeedError(f"{name} line {line}: expected {len(header)} fields, found {len(row)}")
    return Where(name, f"line {line}"), dict(zip(header, row, strict=True))


def _open(folder: Path, name: str) -> str:
    path = folder / name
    if not path.is_file():
        raise SeedError(f"{name}: file not found in {folder}")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SeedError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else f"{value!r} ({type(value).__name__})"


# --- Interventions -------------------------------------------------------------------------

CHOICES: dict[str, tuple[Collection[str], str]] = {
    "type": (reference.INTERVENTION_TYPES, ""),
    "format": (reference.FORMATS, ""),
    "attendance": (reference.ATTENDANCE, "in-person"),
    "gender": (reference.ELIGIBLE_GENDERS, "any"),
    "eip_status": (reference.EIP_STATUSES, ""),
    "status": (reference.LIFECYCLE_STATUSES, "active"),
}
TEXTS = {
    "description": 0,
    "what_you_will_do": 0,
    "eligibility_notes": 0,
    "provider": 200,
    "contract_reference": 100,
}
SESSIONS = ("pre_group_sessions", "one_to_one_sessions", "group_sessions", "same_day_sessions")
NUMBERS = {
    "session_minutes": 1440,
    "weeks_to_complete": 520,
    "min_age": 120,
    "max_age": 120,
    "min_ogrs3": 99,
    "min_ovp": 99,
    "min_months_left": 240,
}
FLAGS = ("not_if_programme_eligible", "sample")
DATES = ("eip_decided_on", "valid_from", "valid_to")
SPECIAL = ("slug", "name", "summary", "needs", "offence_focus", "excluded_offences", "price")
INTERVENTION_FIELDS = frozenset(
    (*CHOICES, *TEXTS, *SESSIONS, *NUMBERS, *FLAGS, *DATES, *SPECIAL, "price_unit")
)


def intervention(where: Where, item: dict[str, Any], needs: set[str], today: date) -> dict:
    """One intervention's fields, checked and converted (the key `sample` is kept)."""
    unknown = sorted(str(key) for key in set(item) - INTERVENTION_FIELDS)
    if unknown:
        raise where.error(unknown[0], "is not an intervention field")
    get = item.get
    record: dict[str, Any] = {
        "slug": slug(where, "slug", get("slug")),
        "name": text(where, "name", get("name"), required=True, limit=200),
        "summary": text(where, "summary", get("summary"), required=True, limit=300),
        "needs": identifiers(where, "needs", get("needs"), needs, "need area", required=True),
    }
    record.update({f: choice(where, f, get(f), o, d) for f, (o, d) in CHOICES.items()})
    record.update({f: text(where, f, get(f), limit=n) for f, n in TEXTS.items()})
    record.update({f: count(where, f, get(f)) or 0 for f in SESSIONS})
    record.update({f: count(where, f, get(f), n) for f, n in NUMBERS.items()})
    record.update({f: flag(where, f, get(f)) for f in FLAGS})
    record.update({f: day(where, f, get(f), today) for f in DATES})
    record.update(_offences_and_price(where, item))
    _cross_check(where, record)
    return record


def identifiers(
    where: Where,
    field: str,
    value: Any,
    options: Collection[str],
    what: str,
    required: bool = False,
) -> list[str]:
    """A list of distinct identifiers from the options (empty allowed unless required)."""
    value = [] if value is None else value
    if not isinstance(value, list):
        raise where.error(field, f"{_show(value)} is not a list")
    if required and not value:
        raise where.error(field, f"needs at least one {what}")
    for entry in value:
        if not isinstance(entry, str) or entry not in options:
            raise where.error(field, f"{_show(entry)} is not a known {what}")
    if len(set(value)) != len(value):
        raise where.error(field, "lists the same value twice")
    return list(value)


def _optional_choice(where: Where, field: str, value: Any, options: Collection[str]) -> str | None:
    return None if value is None or value == "" else choice(where, field, value, options)


def _offences_and_price(where: Where, item: dict[str, Any]) -> dict[str, Any]:
    offences = reference.OFFENCE_TYPES
    excluded = item.get("excluded_offences")
    return {
        "offence_focus": _optional_choice(
            where, "offence_focus", item.get("offence_focus"), offences
        ),
        "excluded_offences": identifiers(where, "excluded_offences", excluded, offences, "offence"),
        "price": money(where, "price", item.get("price")),
        "price_unit": _optional_choice(
            where, "price_unit", item.get("price_unit"), reference.PRICE_UNITS
        ),
    }


def _cross_check(where: Where, record: dict[str, Any]) -> None:
    total = sum(record[f] for f in SESSIONS[:3])
    least = 4 if record["type"] == "structured-intervention" else 1
    if total < least:
        raise where.error(
            "group_sessions", f"the sessions add up to {total}; at least {least} needed"
        )
    if record["same_day_sessions"] >= total:
        raise where.error("same_day_sessions", f"must be fewer than the {total} sessions")
    for low, high in (("min_age", "max_age"), ("valid_from", "valid_to")):
        if record[low] is not None and record[high] is not None and record[low] > record[high]:
            raise where.error(high, f"{record[high]} is before {low} {record[low]}")
    if (record["price"] is None) != (record["price_unit"] is None):
        raise where.error("price_unit", "give both price and price_unit, or neither")
    if record["offence_focus"] in record["excluded_offences"]:
        raise where.error("excluded_offences", "excludes the intervention's own offence_focus")
