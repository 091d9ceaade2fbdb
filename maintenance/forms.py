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
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from catalogue.field_types import DATE_FORMATS
from catalogue.rules import AVAILABILITY_FIELDS, AVAILABILITY_RULES, INTERVENTION, Rule
from catalogue.rules import INTERVENTION_RULES as RULES
from web.numbers import whole_number
from web.text import CheckedForm

NONE_CHOICE = ("", "None")


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Choices for a select, radios or checkboxes field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class RuleCheck:
    """A WTForms validator: the field's value passes its rule in the rule table."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    def __call__(self, form: FlaskForm, field: Field) -> None:
        value = field.data.strip() if isinstance(field.data, str) else field.data
        problem = self.rule.problem(value)
        if problem:
            raise ValidationError(problem)


def _checks(rule: Rule) -> list[Any]:
    """The rule's own checks, after the required (or optional) one."""
    return [InputRequired(rule.message) if rule.required else Optional(), RuleCheck(rule)]


def _radios(rule: Rule) -> RadioField:
    return RadioField(
        rule.label,
        choices=options((rule.options or {}).items()),
        validators=[InputRequired(rule.message)],
        invalid_choice_message=rule.message,
    )


def _select(rule: Rule) -> SelectField:
    return SelectField(
        rule.label,
        choices=options([NONE_CHOICE, *(rule.options or {}).items()]),
        invalid_choice_message=rule.message,
    )


def _ticks(rule: Rule) -> SelectMultipleField:
    return SelectMultipleField(
        rule.label,
        choices=options((rule.options or {}).items()) if rule.options else None,
        validators=[InputRequired(rule.message)] if rule.required else [],
        invalid_choice_message=rule.invalid or rule.message,
    )


def _count(rule: Rule) -> IntegerField:
    return IntegerField(
        rule.label,
        validators=_checks(rule),
        invalid_value_message=rule.format_message,
        default=rule.default,
    )


def _date(rule: Rule) -> DateField:
    return DateField(
        rule.label,
        format=list(DATE_FORMATS),
        validators=[Optional()],
        invalid_value_message=rule.format_message,
    )


def _text(rule: Rule, description: str | None = None) -> StringField:
    kind = TextAreaField if rule.multiline else StringField
    return kind(rule.label, description=description, validators=_checks(rule))


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
    """Every field of an intervention, as the rule table declares it; need-area choices are
    set by the view."""

    name = _text(RULES["name"])
    slug = _text(
        RULES["slug"],
        "Lower-case letters, numbers and hyphens. Leave blank to make one from the name.",
    )
    type = _radios(RULES["type"])
    summary = _text(RULES["summary"], "Plain English, for sentencers and the public.")
    description = _text(RULES["description"])
    what_you_will_do = _text(RULES["what_you_will_do"])
    needs = _ticks(RULES["needs"])
    pre_group_sessions = _count(RULES["pre_group_sessions"])
    one_to_one_sessions = _count(RULES["one_to_one_sessions"])
    group_sessions = _count(RULES["group_sessions"])
    same_day_sessions = _count(RULES["same_day_sessions"])
    session_minutes = _count(RULES["session_minutes"])
    weeks_to_complete = _count(RULES["weeks_to_complete"])
    format = _radios(RULES["format"])
    attendance = _radios(RULES["attendance"])
    gender = _radios(RULES["gender"])
    min_age = _count(RULES["min_age"])
    max_age = _count(RULES["max_age"])
    min_ogrs3 = _count(RULES["min_ogrs3"])
    min_ovp = _count(RULES["min_ovp"])
    offence_focus = _select(RULES["offence_focus"])
    excluded_offences = _ticks(RULES["excluded_offences"])
    not_if_programme_eligible = BooleanField(RULES["not_if_programme_eligible"].label)
    min_months_left = _count(RULES["min_months_left"])
    eligibility_notes = _text(RULES["eligibility_notes"])
    eip_status = _radios(RULES["eip_status"])
    eip_decided_on = _date(RULES["eip_decided_on"])
    provider = _text(RULES["provider"])
    price = DecimalField(
        RULES["price"].label,
        places=2,
        validators=[Optional(), RuleCheck(RULES["price"])],
        invalid_value_message=RULES["price"].format_message,
    )
    price_unit = _select(RULES["price_unit"])
    contract_reference = _text(RULES["contract_reference"])
    is_sample = BooleanField(RULES["is_sample"].label)
    status = _radios(RULES["status"])
    valid_from = _date(RULES["valid_from"])
    valid_to = _date(RULES["valid_to"])
    reason = TextAreaField(
        "Reason for the change",
        description="Kept in the history. Required when withdrawing.",
        validators=[Optional(), Length(max=2000, message=_too_long("The reason", 2000))],
    )

    def values(self) -> dict[str, Any]:
        """The submitted intervention fields as plain values ("" choices become None)."""
        found: dict[str, Any] = {}
        for rule in INTERVENTION:
            value = self[rule.name].data
            if isinstance(value, str):
                value = value.strip()
            found[rule.name] = None if rule.kind == "choice" and not value else value
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

    status = _radios(AVAILABILITY_RULES["status"])
    next_start = _date(AVAILABILITY_RULES["next_start"])
    places = _count(AVAILABILITY_RULES["places"])
    wait_weeks = _count(AVAILABILITY_RULES["wait_weeks"])

    def values(self) -> dict[str, Any]:
        """The submitted availability fields as plain values."""
        return {name: self[name].data for name in AVAILABILITY_FIELDS}


class NewAvailabilityForm(AvailabilityForm):
    """A new availability row: which intervention, and the PDU if not region-wide."""

    intervention = SelectField(
        AVAILABILITY_RULES["intervention"].label,
        validators=[InputRequired(AVAILABILITY_RULES["intervention"].message)],
        invalid_choice_message=AVAILABILITY_RULES["intervention"].message,
    )
    pdu = SelectField(
        AVAILABILITY_RULES["pdu"].label,
        description="Leave as the whole region unless it runs only in one PDU.",
        invalid_choice_message=AVAILABILITY_RULES["pdu"].message,
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
