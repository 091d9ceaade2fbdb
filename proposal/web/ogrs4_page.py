"""The OGRS4/G calculator page's form, and the offence a typed code stands for."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional

from proposal import ogrs4
from proposal.ogrs4_data import Offence, offence_codes
from proposal.web.forms import GENDERS, WholeNumberField
from web.date_input import DateInputField, in_the_past
from web.forms import attach_errors, options
from web.text import CheckedForm

# The calculator's field names → the form's, where they differ.
FIELD_FOR = {"offence_code": "ogrs4_offence_code"}


def _whole(label: str, description: str = "") -> WholeNumberField:
    return WholeNumberField(label, validators=[Optional()], description=description)


class Ogrs4Form(CheckedForm):
    """OGRS4/G and OGRS4/V static inputs, as the published service takes them."""

    gender = RadioField(
        "Gender", choices=options(GENDERS.items()), validators=[InputRequired("Select the gender")]
    )
    date_of_birth = DateInputField(
        "Date of birth",
        [in_the_past("Date of birth must be in the past")],
        required="Enter the date of birth",
        description="For example, 27 3 1990",
    )
    conviction_date = DateInputField(
        "Date of the current conviction",
        required="Enter the date of the current conviction",
        description="For example, 27 3 2026",
    )
    ogrs4_offence_code = StringField(
        "Home Office offence code",
        [Optional(), Length(max=5, message="Enter the Home Office offence code as 5 digits")],
        description="5 digits, for example 11618.",
    )
    total_sanctions = _whole(
        "Total number of sanctions",
        "Convictions, cautions, reprimands and final warnings, counting this one.",
    )
    age_at_first_sanction = _whole("Age at first sanction")
    violent_sanctions = _whole(
        "Number of violent sanctions (optional)", "Gives OGRS4/V as well. OGRS4/V is not OVP."
    )
    follow_up_start = DateInputField(
        "Start of follow-up (optional)",
        description="The start of the community sentence, or the earliest release from custody. "
        "Left blank, the conviction date is used, as the published service does.",
    )
    assessment_date = DateInputField(
        "Assessment date (optional)", description="Left blank, today's date is used."
    )

    def values(self) -> dict[str, Any]:
        """The inputs in the calculator's names (dates as dates, blanks left out)."""
        given = {
            "gender": self.gender.data,
            "date_of_birth": self.date_of_birth.data,
            "conviction_date": self.conviction_date.data,
            "offence_code": (self.ogrs4_offence_code.data or "").strip() or None,
            "total_sanctions": self.total_sanctions.data,
            "age_at_first_sanction": self.age_at_first_sanction.data,
            "violent_sanctions": self.violent_sanctions.data,
            "follow_up_start": self.follow_up_start.data,
            "assessment_date": self.assessment_date.data,
        }
        return {name: value for name, value in given.items() if value is not None}

    def apply_errors(self, errors: Mapping[str, str]) -> None:
        """Show the calculator's errors beside the fields."""
        attach_errors(self, errors, FIELD_FOR)


def calculate(form: Ogrs4Form, today: date) -> ogrs4.Ogrs4Result | None:
    """The result for a submitted, valid form; None (errors attached) otherwise."""
    if not form.validate_on_submit():
        return None
    try:
        return ogrs4.calculate(form.values(), today)
    except ogrs4.ValidationError as exc:
        form.apply_errors(exc.errors)
        return None


def offence_for(code: object) -> Offence | None:
    """The mapping's offence for a typed code, when it is one."""
    return offence_codes().get(str(code or "").strip())
