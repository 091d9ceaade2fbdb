"""Forms for catalogue maintenance: interventions, availability rows and user accounts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from catalogue.reference import (
    ATTENDANCE,
    AVAILABILITY_STATUSES,
    EIP_STATUSES,
    ELIGIBLE_GENDERS,
    FORMATS,
    INTERVENTION_TYPES,
    LIFECYCLE_STATUSES,
    OFFENCE_TYPES,
    PRICE_UNITS,
)
from maintenance.services.checks import INTERVENTION_FIELDS, SLUG_PATTERN
from web.numbers import whole_number
from web.text import CheckedForm

NONE_CHOICE = ("", "None")


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Choices for a select, radios or checkboxes field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def _radios(label: str, choices: dict[str, str], message: str) -> RadioField:
    return RadioField(
        label,
        choices=options(choices.items()),
        validators=[InputRequired(message)],
        invalid_choice_message=message,
    )


def _count(label: str, required: bool = True, top: int = 200) -> IntegerField:
    first = InputRequired(f"Enter {label.lower()}, or 0") if required else Optional()
    return IntegerField(
        label,
        validators=[first, NumberRange(0, top, f"{label} must be between 0 and {top}")],
        invalid_value_message=f"{label} must be a whole number",
        default=0 if required else None,
    )


def _date(label: str) -> DateField:
    return DateField(
        label, validators=[Optional()], invalid_value_message=f"{label} must be a real date"
    )


def _text(label: str, limit: int, required: str | None = None) -> StringField:
    first = InputRequired(required) if required else Optional()
    return StringField(
        label, validators=[first, Length(max=limit, message=_too_long(label, limit))]
    )


def _too_long(label: str, limit: int) -> str:
    return f"{label} must be {limit} characters or fewer"


class VersionedForm(CheckedForm):
    """A form that carries the version of the record it was based on."""

    version = HiddenField()

    def base_version(self) -> int | None:
        """The version the user saw, or None when the hidden field was tampered with."""
        raw = (self.version.data or "").strip()
        return whole_number(raw)


class InterventionForm(VersionedForm):
    """Every field of an intervention; need-area choices are set by the view."""

    name = _text("Name", 200, "Enter the name of the intervention")
    slug = StringField(
        "Short name for web addresses",
        description="Lower-case letters, numbers and hyphens. Leave blank to make one from "
        "the name.",
        validators=[
            Optional(),
            Length(max=120, message=_too_long("The short name", 120)),
            Regexp(SLUG_PATTERN, message="Use only lower-case letters, numbers and hyphens"),
        ],
    )
    type = _radios("Type", INTERVENTION_TYPES, "Select the type of intervention")
    summary = TextAreaField(
        "Summary",
        description="Plain English, for sentencers and the public.",
        validators=[
            InputRequired("Enter a summary"),
            Length(max=300, message="The summary must be 300 characters or fewer"),
        ],
    )
    description = TextAreaField("Description", validators=[Optional()])
    what_you_will_do = TextAreaField("What the person will do", validators=[Optional()])
    needs = SelectMultipleField(
        "Need areas addressed",
        validators=[InputRequired("Select at least one need area")],
        invalid_choice_message="Select need areas from the list",
    )
    pre_group_sessions = _count("Pre-group sessions")
    one_to_one_sessions = _count("One-to-one sessions")
    group_sessions = _count("Group sessions")
    same_day_sessions = _count("Sessions held on a day that already has one")
    session_minutes = _count("Session length in minutes", required=False, top=600)
    weeks_to_complete = _count("Weeks to complete", required=False, top=260)
    format = _radios("Format", FORMATS, "Select the format")
    attendance = _radios("Attendance", ATTENDANCE, "Select how people attend")
    gender = _radios("Who it is for", ELIGIBLE_GENDERS, "Select who it is for")
    min_age = _count("Minimum age", required=False, top=120)
    max_age = _count("Maximum age", required=False, top=120)
    min_ogrs3 = _count("Minimum OGRS3 score", required=False, top=99)
    min_ovp = _count("Minimum OVP score", required=False, top=99)
    offence_focus = SelectField(
        "Offence focus",
        choices=options([NONE_CHOICE, *OFFENCE_TYPES.items()]),
        invalid_choice_message="Select an offence focus from the list",
    )
    excluded_offences = SelectMultipleField(
        "Not for people convicted of",
        choices=options(OFFENCE_TYPES.items()),
        invalid_choice_message="Select offences from the list",
    )
    not_if_programme_eligible = BooleanField("Not for people eligible for an accredited programme")
    min_months_left = _count("Minimum months left on the order", required=False, top=120)
    eligibility_notes = TextAreaField("Other eligibility notes", validators=[Optional()])
    eip_status = _radios(
        "Effective Interventions Panel status", EIP_STATUSES, "Select the EIP status"
    )
    eip_decided_on = _date("EIP decision date")
    provider = _text("Provider", 200)
    price = DecimalField(
        "Price (GBP)",
        places=2,
        validators=[Optional(), NumberRange(0, 1_000_000, "Enter a price of 0 or more")],
        invalid_value_message="Enter the price in pounds, like 120.50",
    )
    price_unit = SelectField(
        "Price unit",
        choices=options([NONE_CHOICE, *PRICE_UNITS.items()]),
        invalid_choice_message="Select a price unit from the list",
    )
    contract_reference = _text("Contract reference", 100)
    is_sample = BooleanField("Sample data (illustrative, not a real contract)")
    status = _radios("Status", LIFECYCLE_STATUSES, "Select the status")
    valid_from = _date("Valid from")
    valid_to = _date("Valid to")
    reason = TextAreaField(
        "Reason for the change",
        description="Kept in the history. Required when withdrawing.",
        validators=[Optional(), Length(max=2000, message=_too_long("The reason", 2000))],
    )

    def values(self) -> dict[str, Any]:
        """The submitted intervention fields as plain values ("" choices become None)."""
        found: dict[str, Any] = {}
        for name in INTERVENTION_FIELDS:
            value = self[name].data
            if isinstance(value, str):
                value = value.strip()
            if name in ("offence_focus", "price_unit") and not value:
                value = None
            found[name] = value
        return found


class WithdrawForm(VersionedForm):
    """Withdraw an intervention: the reason is required and kept in the history."""

    reason = TextAreaField(
        "Why is it being withdrawn?",
        validators=[
            InputRequired("Enter the reason for withdrawing it"),
            Length(max=2000, message=_too_long("The reason", 2000)),
        ],
    )


class AvailabilityForm(VersionedForm):
    """The editable values of one availability row."""

    status = _radios("Status", AVAILABILITY_STATUSES, "Select the availability status")
    next_start = _date("Next start date")
    places = _count("Places", required=False, top=10_000)
    wait_weeks = _count("Typical wait in weeks", required=False, top=104)

    def values(self) -> dict[str, Any]:
        """The submitted availability fields as plain values."""
        return {name: self[name].data for name in ("status", "next_start", "places", "wait_weeks")}


class NewAvailabilityForm(AvailabilityForm):
    """A new availability row: which intervention, and the PDU if not region-wide."""

    intervention = SelectField(
        "Intervention",
        validators=[InputRequired("Select the intervention")],
        invalid_choice_message="Select an intervention from the list",
    )
    pdu = SelectField(
        "Probation Delivery Unit",
        description="Leave as the whole region unless it runs only in one PDU.",
        invalid_choice_message="Select a PDU in this region",
    )


class ConfirmForm(CheckedForm):
    """An empty form: just the CSRF token, for one-button actions."""


def field_labels(form_class: type[FlaskForm], names: tuple[str, ...]) -> dict[str, str]:
    """The labels a form class gives its fields, by field name."""
    return {name: getattr(form_class, name).args[0] for name in names}


def resubmission(form: FlaskForm) -> list[tuple[str, str]]:
    """The form's data as the (name, value) pairs a browser would post back."""
    pairs: list[tuple[str, str]] = []
    for field in form:
        if field.type == "CSRFTokenField":
            continue
        if field.type == "SelectMultipleField":
            pairs += [(field.name, str(value)) for value in field.data or []]
        elif field.type == "BooleanField":
            pairs += [(field.name, "y")] if field.data else []
        elif field.type in ("RadioField", "SelectField", "HiddenField"):
            pairs.append((field.name, "" if field.data is None else str(field.data)))
        else:
            pairs.append((field.name, shown_value(field)))
    return pairs


def shown_value(field: Any) -> str:
    """A text, number or date field's value as its input shows it (and a browser posts it)."""
    if field.raw_data:
        return str(field.raw_data[0])
    if field.data is None:
        return ""
    if isinstance(field.data, date):
        return str(field.data.strftime(field.format[0]))
    places = getattr(field, "places", None)
    if isinstance(field.data, Decimal) and places is not None:
        return str(field.data.quantize(Decimal(1).scaleb(-places)))
    return str(field.data)
