"""How a field of the rule table (`catalogue/rules.py`) is read and checked, by its kind.

Standard library only: callers turn a `RuleError` into a form error, a 422 answer, a CSV
row error or a seed error, always with the same message.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

Kind = Literal["text", "slug", "choice", "choices", "count", "date", "moment", "flag", "money"]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Words that follow /admin/interventions/ or /interventions/ in the app's own addresses: an
# intervention with one of these slugs could never be opened (a test reads the URL map).
ROUTE_WORDS = frozenset({"new"})
# ISO dates, and the day-first dates a UK spreadsheet writes when it saves a CSV file.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MOMENT_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)
MOMENT_FORMATS += ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
# A confirmation written as a date alone is taken as made at this time of that day.
DATE_ONLY_TIME = time(9, 0)
LIST_SEPARATOR = ";"
MAX_PRICE = 1_000_000


class RuleError(ValueError):
    """A value breaks a field's rule; the message is the one every path shows."""


@dataclass(frozen=True)
class Rule:
    """One field: its name, label, type, allowed values, whether required, and its limit."""

    name: str
    label: str
    kind: Kind
    message: str = ""  # when the value is missing, or not one of the options
    required: bool = False
    limit: int | None = None  # the most characters (text), or the highest number
    options: Mapping[str, str] | None = None  # None for choices known only at run time
    default: Any = None  # a new record's value
    column: str = ""  # the name in CSV files and the seed, when it differs
    multiline: bool = False
    invalid: str = ""  # when an item of a list is not one of the options

    @property
    def key(self) -> str:
        """The field's name in CSV files and the seed."""
        return self.column or self.name

    @property
    def number_message(self) -> str:
        """The message for a number that is not whole or out of range."""
        return f"{self.label} must be a whole number from 0 to {self.limit}"

    @property
    def format_message(self) -> str:
        """The message for a value that cannot be read as this field's type."""
        return {
            "count": self.number_message,
            "date": f"{self.label} must be a real date, like 13/07/2026",
            "moment": f"{self.label} must be a real date and time, like 13/07/2026 09:00",
            "flag": f"{self.label} must be true or false",
            "money": "Enter the price in pounds, like 120.50",
        }.get(self.kind, self.message)

    def parse(self, raw: Any, options: Collection[str] | None = None) -> Any:
        """A value from a CSV cell, a seed value or JSON, converted and checked."""
        value = self.convert(raw)
        problem = self.problem(value, options)
        if problem:
            raise RuleError(problem)
        return value

    def convert(self, raw: Any) -> Any:
        """The value as this field's type; RuleError when it cannot be read as one."""
        if isinstance(raw, str):
            raw = raw.strip()
        if self.kind in ("text", "slug"):
            if raw is not None and not isinstance(raw, str):
                raise RuleError(self.message or f"{self.label} must be text")
            return raw or ""
        if self.kind == "choices":
            return _as_list(raw, self)
        if self.kind == "flag":
            return _as_flag(raw, self)
        if raw is None or raw == "":
            return None
        return CONVERTERS[self.kind](raw, self)

    def problem(self, value: Any, options: Collection[str] | None = None) -> str | None:
        """What is wrong with a converted value, or None."""
        if value is None or value == "" or value == []:
            return self.message if self.required else None
        allowed = self.options if options is None else options
        if self.kind == "choice" and allowed is not None and value not in allowed:
            return self.message
        if self.kind == "choices" and allowed is not None and set(value) - set(allowed):
            return self.invalid or self.message
        if self.kind in ("text", "slug") and self.limit and len(value) > self.limit:
            return f"{self.label} must be {self.limit} characters or fewer"
        if self.kind == "slug":
            return _slug_problem(value)
        if self.kind == "count" and not _within(value, self.limit):
            return self.number_message
        if self.kind == "money":
            return _money_problem(value, self)
        return None


def _as_list(raw: Any, rule: Rule) -> list[str]:
    if raw is None or raw == "":
        return []
    items = raw.split(LIST_SEPARATOR) if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise RuleError(rule.invalid or rule.message)
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))


def _as_flag(raw: Any, rule: Rule) -> bool:
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    if isinstance(raw, str) and raw.lower() in ("true", "false", ""):
        return raw.lower() == "true"
    raise RuleError(rule.format_message)


def _as_count(raw: Any, rule: Rule) -> int:
    if isinstance(raw, str) and re.fullmatch(r"-?[0-9]{1,9}", raw):
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise RuleError(rule.format_message)
    return raw


def _as_date(raw: Any, rule: Rule) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    return _strptime(raw, DATE_FORMATS, rule).date()


def _as_moment(raw: Any, rule: Rule) -> datetime:
    if isinstance(raw, datetime):
        return raw
    if isinstance(raw, date):
        return datetime.combine(raw, DATE_ONLY_TIME)
    if isinstance(raw, str) and re.search(r"[+-]\d\d:?\d\d$|Z$", raw):
        try:  # an offset, as an ISO export from elsewhere writes it: kept as local time
            return datetime.fromisoformat(raw).astimezone().replace(tzinfo=None)
        except ValueError:
            raise RuleError(rule.format_message) from None
    try:
        return _strptime(raw, MOMENT_FORMATS, rule)
    except RuleError:
        return datetime.combine(_as_date(raw, rule), DATE_ONLY_TIME)


def _strptime(raw: Any, formats: tuple[str, ...], rule: Rule) -> datetime:
    for pattern in formats if isinstance(raw, str) else ():
        try:
            return datetime.strptime(raw, pattern)
        except ValueError:
            continue
    raise RuleError(rule.format_message)


def _as_money(raw: Any, rule: Rule) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        raise RuleError(rule.format_message)
    try:
        amount = Decimal(str(raw).replace("£", "").strip())
    except InvalidOperation:
        raise RuleError(rule.format_message) from None
    if not amount.is_finite():
        raise RuleError(rule.format_message)
    return amount


CONVERTERS = {
    "choice": lambda raw, rule: raw if isinstance(raw, str) else _refuse(rule),
    "count": _as_count,
    "date": _as_date,
    "moment": _as_moment,
    "money": _as_money,
}


def _refuse(rule: Rule) -> Any:
    raise RuleError(rule.message)


def _within(value: Any, limit: int | None) -> bool:
    return isinstance(value, int) and 0 <= value <= (limit if limit is not None else value)


def _money_problem(amount: Decimal, rule: Rule) -> str | None:
    if not amount.is_finite():  # NaN or Infinity, as a form's number box can send
        return rule.format_message
    # The range first: quantizing 1e309 would overflow the decimal context.
    if not 0 <= amount <= MAX_PRICE:
        return f"Enter a price of 0 or more, up to {MAX_PRICE:,}"
    if amount != amount.quantize(Decimal("0.01")):
        return rule.format_message
    return None


def _slug_problem(slug: str) -> str | None:
    if not re.fullmatch(SLUG_PATTERN, slug):
        return "Use only lower-case letters, numbers and hyphens"
    if slug in ROUTE_WORDS or _is_uuid(slug):
        return f"The short name {slug} is reserved: choose another"
    return None


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def slugify(name: str) -> str:
    """A slug made from a name: lower-case words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))[:120].strip("-")
