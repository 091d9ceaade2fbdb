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
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from catalogue.field_types import SLUG_PATTERN, Rule
from catalogue.rules import (
    INTERVENTION,
    INTERVENTION_COLUMNS,
    INTERVENTION_RULES,
    check_intervention,
    parse_fields,
)

SLUG = re.compile(SLUG_PATTERN)
RELATIVE_DATE = re.compile(r"^([+-])(\d{1,5})d$")
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


def day(where: Where, field: str, value: Any, today: date) -> Any:
    """A date relative to today (+14d, -30d) resolved; any other value is left to the rules."""
    if isinstance(value, str):
        relative = RELATIVE_DATE.match(value.strip())
        if relative:
            days = int(relative.group(2))
            return today + timedelta(days=days if relative.group(1) == "+" else -days)
        if value.strip().startswith(("+", "-")):
            raise where.error(field, f"{_show(value)} is not a date (YYYY-MM-DD, or +14d / -30d)")
    return value


def checked(
    where: Where,
    rules: tuple[Rule, ...],
    item: dict[str, Any],
    today: date,
    options: dict[str, Collection[str]] | None = None,
) -> dict[str, Any]:
    """The record's fields read and checked by the rule table, keyed by field name.

    A missing or empty field takes a new record's value; relative dates count from today.
    """
    raw = {}
    for rule in rules:
        value = item.get(rule.key)
        if value is None and rule.default is not None:
            value = rule.default
        if rule.kind in ("date", "moment"):
            value = day(where, rule.key, value, today)
        raw[rule.key] = value
    values, errors = parse_fields(rules, raw, options or {})
    for name, message in errors.items():
        key = next(rule.key for rule in rules if rule.name == name)
        raise where.error(key, f"{message} (found {_show(raw[key])})")
    return values


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
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 40 else f'"{value[:40]}…" ({len(value)} characters)'
    return f"{value!r} ({type(value).__name__})"


# --- Interventions -------------------------------------------------------------------------


def intervention(where: Where, item: dict[str, Any], needs: set[str], today: date) -> dict:
    """One intervention's fields, checked by the rule table, keyed by field name."""
    unknown = sorted(str(key) for key in set(item) - set(INTERVENTION_COLUMNS))
    if unknown:
        raise where.error(unknown[0], "is not an intervention field")
    values = checked(where, INTERVENTION, item, today, {"needs": needs})
    for name, message in check_intervention(values, needs).items():
        raise where.error(INTERVENTION_RULES[name].key, message)
    return values
