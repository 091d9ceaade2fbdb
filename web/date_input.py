"""The GOV.UK date input: a date typed as day, month and year in three boxes, read as one
field, with GOV.UK's error messages and a note of which boxes hold the problem."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError

PARTS = ("day", "month", "year")
MONTHS = {
    name.lower(): number
    for names in (calendar.month_name, calendar.month_abbr)
    for number, name in enumerate(names)
    if name
} | {"sept": 9}
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


class DateParseError(ValueError):
    """A typed date that is not a date: the message, and the boxes to highlight."""

    def __init__(self, message: str, parts: Sequence[str]) -> None:
        super().__init__(message)
        self.parts = tuple(parts)


def parse_date_parts(typed: Mapping[str, str], label: str, required: str) -> date | None:
    """The date in the three typed boxes; None when all are blank. Messages follow GOV.UK:
    `required` when nothing is typed, "<label> must include a month" when a box is blank,
    "<label> must be a real date" when the boxes cannot make a date."""
    values = {part: (typed.get(part) or "").strip() for part in PARTS}
    missing = [part for part in PARTS if not values[part]]
    if len(missing) == len(PARTS):
        return None
    if missing:
        raise DateParseError(f"{label} must include a {' and '.join(missing)}", missing)
    day, month, year = _number(values["day"]), _month(values["month"]), _number(values["year"])
    wrong = [p for p, v in (("day", day), ("month", month), ("year", year)) if v is None]
    if wrong:
        raise DateParseError(f"{label} must be a real date", wrong)
    assert day is not None and month is not None and year is not None
    if len(values["year"]) != 4:
        raise DateParseError("Year must include 4 numbers", ["year"])
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateParseError(f"{label} must be a real date", ["year"])
    try:
        return date(year, month, day)
    except ValueError:
        bad = ["month"] if not 1 <= month <= 12 else ["day"]
        raise DateParseError(f"{label} must be a real date", bad) from None


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


def _month(text: str) -> int | None:
    """A month as a number, or as its name or abbreviation ("Mar", "March")."""
    return _number(text) if text[:1].isdigit() else MONTHS.get(text.lower().rstrip("."))


class DateInputField(Field):
    """Three boxes, `<name>-day`, `<name>-month` and `<name>-year`, read as one date.

    `required` is the message when all three are blank (None: the date is optional).
    After a failed parse, `error_parts` names the boxes to highlight and `typed` keeps what
    was typed so the page shows it again."""

    parts = PARTS

    def __init__(
        self,
        label: str,
        validators: Sequence[Callable[..., Any]] | None = None,
        required: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.required_message = required
        self.typed: dict[str, str] | None = None
        self.error_parts: tuple[str, ...] = ()

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        """Take the value from the three boxes when the form was sent, else from data."""
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = self.data = data
        self.typed, self.error_parts = None, ()
        if formdata is None or not any(f"{self.name}-{p}" in formdata for p in PARTS):
            self.raw_data: list[str] | None = None if formdata is None else []
            return
        self.typed = {part: formdata.get(f"{self.name}-{part}", "") for part in PARTS}
        self.raw_data = [self.typed[part] for part in PARTS]
        self.data = None
        try:
            self.data = parse_date_parts(self.typed, self.label.text, self.required_message or "")
        except DateParseError as exc:
            self.process_errors.append(str(exc))
            self.error_parts = exc.parts

    def pre_validate(self, form: Any) -> None:
        """A required date that is wholly blank asks for it, with every box highlighted."""
        if self.data is None and not self.process_errors and self.required_message:
            self.error_parts = PARTS
            raise StopValidation(self.required_message)

    def post_validate(self, form: Any, validation_stopped: bool) -> None:
        """An error from a later check (e.g. "must be in the past") highlights every box."""
        if self.errors and not self.error_parts:
            self.error_parts = PARTS

    def part_value(self, part: str) -> str:
        """What the box shows: what was typed, else the date's own day, month or year."""
        if self.typed is not None:
            return self.typed[part]
        if isinstance(self.data, date):
            return str(getattr(self.data, part))
        return ""

    @property
    def error_target_id(self) -> str:
        """Where the error summary's link goes: the first box in error."""
        first = next((p for p in PARTS if p in self.error_parts), "day")
        return f"{self.id}-{first}"

    def _value(self) -> str:
        return self.data.isoformat() if isinstance(self.data, date) else ""


def in_the_past(message: str) -> Callable[[Any, Any], None]:
    """A validator: the date must be before today."""

    def check(form: Any, field: Any) -> None:
        if isinstance(field.data, date) and field.data >= date.today():
            raise ValidationError(message)

    return check
