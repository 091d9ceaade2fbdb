"""The provider's answer form: one group of fields per row the request asks about."""

from __future__ import annotations

from typing import Any

from wtforms import Form, HiddenField, IntegerField, RadioField
from wtforms.fields import FieldList, FormField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from catalogue.reference import AVAILABILITY_STATUSES
from web.date_input import DateInputField
from web.text import CheckedForm

ACCURATE, CHANGED = "accurate", "changed"


class RowAnswerForm(Form):
    """One row: still accurate, or changed with the new values."""

    version = HiddenField()
    answer = RadioField(
        "Is this still accurate?",
        choices=[
            SelectChoice(ACCURATE, "Yes, still accurate"),
            SelectChoice(CHANGED, "No, it has changed"),
        ],
        validators=[Optional()],
        invalid_choice_message="Select whether this is still accurate or has changed",
    )
    status = RadioField(
        "Status now",
        choices=[SelectChoice(value, label) for value, label in AVAILABILITY_STATUSES.items()],
        validators=[Optional()],
        invalid_choice_message="Select the status from the list",
    )
    next_start = DateInputField("Next start date")
    places = IntegerField(
        "Places",
        validators=[Optional(), NumberRange(0, 10_000, "Places must be between 0 and 10000")],
        invalid_value_message="Places must be a whole number",
    )
    wait_weeks = IntegerField(
        "Typical wait in weeks",
        validators=[
            Optional(),
            NumberRange(0, 104, "Typical wait in weeks must be between 0 and 104"),
        ],
        invalid_value_message="Typical wait in weeks must be a whole number",
    )

    def values(self) -> dict[str, Any]:
        """The new values of a changed row."""
        return {name: self[name].data for name in ("status", "next_start", "places", "wait_weeks")}


class AnswerForm(CheckedForm):
    """Every row of a request, in the request's order."""

    rows = FieldList(FormField(RowAnswerForm))


def answer_form(rows: list[Any], formdata: Any = None) -> AnswerForm:
    """The form for a request's rows, filled with what the directory holds now."""
    data = [
        {
            "version": row.version,
            "status": row.status,
            "next_start": row.next_start,
            "places": row.places,
            "wait_weeks": row.wait_weeks,
        }
        for row in rows
    ]
    form = AnswerForm(formdata=formdata, data={"rows": data})
    # A tampered form may send more or fewer entries than the request has rows.
    while len(form.rows.entries) < len(rows):
        form.rows.append_entry(data[len(form.rows.entries)])
    del form.rows.entries[len(rows) :]
    return form


def name_rows(form: AnswerForm, names: list[str]) -> None:
    """Each row's question names the row, so a screen reader user knows which it asks."""
    for entry, name in zip(form.rows.entries, names, strict=True):
        entry.form.answer.label.text = f"Is {name} still accurate?"


def check_answers(form: AnswerForm, names: list[str]) -> bool:
    """Each row needs an answer, and a changed row needs its status; messages name the row."""
    form.validate()
    for entry, name in zip(form.rows.entries, names, strict=True):
        answer = entry.form.answer
        if answer.data not in (ACCURATE, CHANGED):
            answer.errors = [f"Select whether {name} is still accurate or has changed"]
        elif answer.data == CHANGED and not entry.form.status.data:
            entry.form.status.errors = [f"Select the status of {name} now"]
        elif answer.data == ACCURATE:  # the other fields are not read: their errors do not count
            for field in entry.form:
                field.errors = []
    # The list's errors were gathered before the checks above: gather them again.
    found = [entry.errors for entry in form.rows.entries]
    form.rows.errors = found if any(found) else []
    return not form.errors
