"""The court-day forms: the proposal, the OGRS3 calculator, and the edits to a saved draft."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from proposal.ogrs3 import OFFENCE_CATEGORIES
from proposal.policy import NEED_AREAS
from proposal.validation import EXCEPTIONAL_MAX_CHARS, RANGES
from proposal.web.catalogue_facts import Place
from proposal.web.inputs import OTHER_REQUIREMENTS
from proposal.web.outcomes import SENTENCES
from proposal.web.services import RATIONALE_MAX_CHARS
from web.date_input import DateInputField, in_the_past
from web.forms import attach_errors, options
from web.numbers import whole_number
from web.text import CheckedForm

GENDERS = {"male": "Male", "female": "Female"}
PREDICTOR_CHOICES = {
    "OGRS3": "OGRS3",
    "OGRS4/G": "OGRS4/G (all reoffending predictor)",
    "other": "Another predictor",
    "calculate": "Calculate OGRS3 from the static factors below",
    "calculate-ogrs4": "Calculate OGRS4/G from the static factors below",
}
# The predictors whose two-year score the officer enters (the rest are calculated here).
SCORE_PREDICTORS = ("OGRS3", "OGRS4/G", "other")
ORDER_TYPES = {
    "community-order": "Community order",
    "suspended-sentence-order": "Suspended sentence order",
}
FLAGS = {
    "alcohol_dependent": "Alcohol dependent (an alcohol treatment requirement may suit)",
    "drug_treatment_suitable": "Drug misuse meets the test for a drug rehabilitation requirement",
    "mental_health_treatment_suitable": "A mental health condition suitable for an MHTR",
    "accredited_programme_eligible": "Eligible for an accredited programme",
    "sexual_offence": "A sexual offence",
    "domestic_abuse": "Domestic abuse",
}
# API field path → the form field its error belongs beside, where the names differ.
FIELD_FOR_PATH = {
    "region": "court",
    "pdu": "court",
    "defendant.court": "court",
    "defendant.name": "defendant_name",
    "defendant.date_of_birth": "date_of_birth",
    "defendant.case_reference": "case_reference",
    "defendant.hearing_date": "hearing_date",
    "predictor.name": "predictor",
    "predictor.score": "score",
    "predictor.other_name": "other_predictor_name",
    "ogrs3.gender": "gender",
    "ogrs3.age": "age",
    "ogrs3.age_at_follow_up": "age",
    "ogrs3.age_at_first_sanction": "age_at_first_sanction",
    "ogrs3.previous_sanctions": "previous_sanctions",
    "ogrs3.offence_category": "offence_category",
    "ogrs4.gender": "gender",
    "ogrs4.date_of_birth": "date_of_birth",
    "ogrs4.follow_up_start": "hearing_date",
    "ogrs4.assessment_date": "hearing_date",
    "ogrs4.conviction_date": "ogrs4_conviction_date",
    "ogrs4.offence_code": "ogrs4_offence_code",
    "ogrs4.total_sanctions": "ogrs4_total_sanctions",
    "ogrs4.age_at_first_sanction": "ogrs4_age_at_first_sanction",
    "ogrs4.violent_sanctions": "ogrs4_violent_sanctions",
    "needs": "reoffending",
    "order.type": "order_type",
    "order.months": "order_months",
}


def court_options(places: Iterable[Place]) -> list[SelectChoice]:
    """Courts grouped by region, regions and courts by name, after a blank prompt."""
    ordered = sorted(places, key=lambda p: (p.region_name, p.court_name))
    return [
        SelectChoice("", "Select the court"),
        *(SelectChoice(p.court, p.court_name, optgroup=p.region_name) for p in ordered),
    ]


class WholeNumberField(IntegerField):
    """An integer field whose parse error reads like the rest of the service's messages."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse a whole number; say so plainly when it is not one."""
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text} must be a whole number") from None


def _whole(
    label: str, required: str | None = None, description: str = "", limits: str | None = None
) -> WholeNumberField:
    """A whole-number field; `limits` names its range in proposal.validation.RANGES."""
    validators: list[Any] = [InputRequired(required)] if required else [Optional()]
    if limits is not None:
        low, high, message = RANGES[limits]
        validators.append(NumberRange(low, high, message))
    return WholeNumberField(label, validators=validators, description=description)


def _offence_field(description: str = "") -> SelectField:
    labels = ((key, label.capitalize()) for key, (label, _value) in OFFENCE_CATEGORIES.items())
    return SelectField(
        "Current offence category",
        description=description,
        choices=options([("", "Select the offence category"), *labels]),
    )


class ProposalForm(CheckedForm):
    """Everything the officer types at court, on one page; court choices are set by the view."""

    score_predictors = SCORE_PREDICTORS

    court = SelectField(
        "Court",
        validators=[InputRequired("Select the court")],
        invalid_choice_message="Select the court from the list",
    )
    defendant_name = StringField(
        "Full name",
        validators=[
            InputRequired("Enter the defendant's full name"),
            Length(max=200, message="The name must be 200 characters or fewer"),
        ],
    )
    date_of_birth = DateInputField(
        "Date of birth",
        [in_the_past("Date of birth must be in the past")],
        required="Enter the date of birth",
        description="For example, 27 3 1990",
    )
    case_reference = StringField(
        "Case reference",
        validators=[
            InputRequired("Enter the case reference"),
            Length(max=60, message="The case reference must be 60 characters or fewer"),
        ],
    )
    hearing_date = DateInputField(
        "Hearing date",
        required="Enter the hearing date",
        description="Today's date is filled in: change it if the hearing is on another day.",
    )
    gender = RadioField(
        "Gender", choices=options(GENDERS.items()), validators=[InputRequired("Select the gender")]
    )
    age = _whole(
        "Age at the hearing",
        description="Leave blank to work it out from the date of birth and the hearing date.",
        limits="age",
    )
    predictor = RadioField(
        "Reoffending predictor",
        choices=options(PREDICTOR_CHOICES.items()),
        validators=[InputRequired("Select the predictor, or calculate OGRS3 or OGRS4/G")],
    )
    other_predictor_name = StringField(
        "Name of the predictor",
        [Optional(), Length(max=60, message="Enter the predictor's name in up to 60 characters")],
        description="As OASys or the assessment names it, for example RSR.",
    )
    score = _whole(
        "Two-year score (%)",
        description="From 0 to 100, as OASys reports it.",
        limits="predictor.score",
    )
    age_at_first_sanction = _whole("Age at first sanction")
    previous_sanctions = _whole(
        "Number of previous sanctions", description="Not counting the current offence."
    )
    offence_category = _offence_field(
        "Needed to calculate OGRS3, and used by activities' offence rules whatever the predictor."
    )
    ogrs4_conviction_date = DateInputField(
        "Date of the current conviction", description="For example, 27 3 2026"
    )
    ogrs4_offence_code = StringField(
        "Home Office offence code",
        [Optional(), Length(max=5, message="Enter the Home Office offence code as 5 digits")],
        description="5 digits, for example 11618.",
    )
    ogrs4_total_sanctions = _whole(
        "Total number of sanctions",
        description="Convictions, cautions, reprimands and final warnings, counting this one.",
    )
    ogrs4_age_at_first_sanction = _whole("Age at first sanction")
    ogrs4_violent_sanctions = _whole(
        "Number of violent sanctions (optional)",
        description="Gives OGRS4/V as well. OGRS4/V is not OVP: activities that ask for an OVP "
        "score still need one.",
    )
    reoffending = SelectMultipleField("Linked to reoffending", choices=options(NEED_AREAS))
    harm = SelectMultipleField("Linked to harm", choices=options(NEED_AREAS))
    flags = SelectMultipleField(
        "Routing and eligibility",
        choices=options(FLAGS.items()),
        description="Select all that apply.",
    )
    order_type = RadioField(
        "Type of order",
        choices=options(ORDER_TYPES.items()),
        validators=[InputRequired("Select the type of order")],
    )
    order_months = _whole(
        "Length of the order in months", "Enter the length of the order", limits="order.months"
    )
    other_requirements = SelectMultipleField(
        "Other requirements in the proposed order",
        choices=options(OTHER_REQUIREMENTS.items()),
        description="Select all that apply. An ATR, DRR or MHTR takes its need from the RAR.",
    )
    exceptional_circumstances = TextAreaField(
        "Exceptional circumstances",
        validators=[
            Length(
                max=EXCEPTIONAL_MAX_CHARS,
                message="Exceptional circumstances must be 2,000 characters or fewer",
            )
        ],
        description="Only when the score is under 25 and you still propose a RAR: the clear "
        "dynamic risk factors that justify it.",
    )

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        """The fields, then the checks that join several fields together."""
        valid = super().validate(extra_validators)
        if not (self.reoffending.data or self.harm.data):
            self.reoffending.errors = [
                *self.reoffending.errors,
                "Select at least one need linked to reoffending or harm",
            ]
            valid = False
        other = (self.other_predictor_name.data or "").strip()
        if self.predictor.data == "other" and not other and not self.other_predictor_name.errors:
            self.other_predictor_name.errors = [
                *self.other_predictor_name.errors,
                "Enter the name of the predictor used",
            ]
            valid = False
        if self.predictor.data in SCORE_PREDICTORS and self.score.data is None:
            self.score.errors = [*self.score.errors, "Enter the two-year score"]
            valid = False
        ogrs3 = (self.age_at_first_sanction, self.previous_sanctions, self.offence_category)
        ogrs4 = (
            self.ogrs4_conviction_date,
            self.ogrs4_offence_code,
            self.ogrs4_total_sanctions,
            self.ogrs4_age_at_first_sanction,
        )
        complete = self._complete("calculate", "OGRS3", ogrs3)
        return valid and self._complete("calculate-ogrs4", "OGRS4/G", ogrs4) and complete

    def _complete(self, choice: str, predictor: str, fields: Iterable[Any]) -> bool:
        """When the predictor is calculated, every factor it needs is given."""
        if self.predictor.data != choice:
            return True
        missing = [f for f in fields if f.data in (None, "") and not f.errors]
        for field in missing:
            label = field.label.text.lower().replace("home office", "Home Office")
            field.errors = [*field.errors, f"Enter the {label} to calculate {predictor}"]
        return not missing

    def apply_errors(self, errors: Mapping[str, str]) -> None:
        """Show errors from the shared input checks beside the fields they belong to."""
        attach_errors(self, errors, FIELD_FOR_PATH)


class Ogrs3Form(CheckedForm):
    """The OGRS3 calculator's static factors."""

    gender = RadioField(
        "Gender", choices=options(GENDERS.items()), validators=[InputRequired("Select the gender")]
    )
    age = _whole("Age at conviction", description="Or leave blank and give the dates below.")
    date_of_birth = DateInputField(
        "Date of birth",
        [in_the_past("Date of birth must be in the past")],
        description="For example, 27 3 1990",
    )
    sentence_date = DateInputField("Sentence date", description="For example, 27 3 2026")
    age_at_first_sanction = _whole("Age at first sanction", "Enter the age at first sanction")
    previous_sanctions = _whole(
        "Number of previous sanctions",
        "Enter the number of previous sanctions, or 0",
        "Not counting the current offence.",
    )
    offence_category = _offence_field()

    def apply_errors(self, errors: Mapping[str, str]) -> None:
        """Show the calculator's errors beside the fields."""
        attach_errors(self, errors, {"age_at_follow_up": "age"})


class RationaleForm(CheckedForm):
    """The editable rationale, based on the version the officer saw."""

    version = HiddenField()
    rationale = TextAreaField(
        "Your own assessment",
        validators=[
            Optional(),
            Length(max=RATIONALE_MAX_CHARS, message="Your text must be 4,000 characters or fewer"),
        ],
    )


class OverrideForm(CheckedForm):
    """The officer's own number of days, with the reason."""

    version = HiddenField()
    days = _whole("Maximum RAR days you propose", "Enter the number of days")
    reason = TextAreaField(
        "Reason for the change",
        validators=[
            InputRequired("Give the reason for changing the number of days"),
            Length(max=2000, message="The reason must be 2,000 characters or fewer"),
        ],
    )


class FinaliseForm(CheckedForm):
    """Finalising: only the version the officer saw."""

    version = HiddenField()


def version_of(form: Any) -> int | None:
    """The hidden version as a number, or None when it is missing or not a number."""
    value = str(form.version.data or "")
    return whole_number(value)


class OutcomeForm(CheckedForm):
    """What the court ordered; checked by proposal.web.outcomes.parse_outcome like the API."""

    sentence = RadioField(
        "Sentence passed",
        choices=options(SENTENCES.items()),
        validators=[InputRequired("Select the sentence passed")],
    )
    rar_ordered = RadioField(
        "Did the court order a RAR?",
        choices=options([("yes", "Yes"), ("no", "No")]),
        validators=[InputRequired("Select yes if the court ordered a RAR")],
    )
    rar_days = _whole("Maximum RAR days ordered", description="Only when a RAR was ordered.")
    other_requirements = SelectMultipleField(
        "Other requirements ordered",
        choices=options(OTHER_REQUIREMENTS.items()),
        description="Select all that apply.",
    )
    sentence_date = DateInputField(
        "Sentence date",
        required="Enter the sentence date",
        description="The hearing date is filled in: change it if sentence was passed later.",
    )

    def to_body(self) -> dict[str, Any]:
        """The form's values in the shape of the PUT /api/v1/proposals/<id>/outcome body."""
        when = self.sentence_date.data
        return {
            "sentence": self.sentence.data,
            "rar_ordered": self.rar_ordered.data == "yes",
            "rar_days": self.rar_days.data if self.rar_ordered.data == "yes" else None,
            "other_requirements": list(self.other_requirements.data or []),
            "sentence_date": when.isoformat() if when else "",
        }
