"""Forms for signing in, and for a user's own name, job title and password."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from accounts.models import NAME_MAX
from web.text import CheckedForm


class LoginForm(CheckedForm):
    """Email and password."""

    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address"), Length(max=254)],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password"), Length(max=200)]
    )


def name_field() -> StringField:
    """The name documents show for a person."""
    return StringField(
        "Full name",
        description="As it should appear on court reports, for example Sam Okafor.",
        validators=[
            Length(max=NAME_MAX, message=f"The name must be {NAME_MAX} characters or fewer")
        ],
    )


def job_title_field() -> StringField:
    """The job title documents show beside the name."""
    return StringField(
        "Job title",
        description="For example Probation Services Officer.",
        validators=[
            Length(max=NAME_MAX, message=f"The job title must be {NAME_MAX} characters or fewer")
        ],
    )


class ProfileForm(CheckedForm):
    """A user's name and job title."""

    display_name = name_field()
    job_title = job_title_field()


class ChangePasswordForm(CheckedForm):
    """The current password, and the new one twice."""

    current_password = PasswordField(
        "Current password", validators=[InputRequired("Enter your current password")]
    )
    new_password = PasswordField(
        "New password",
        description="At least 10 characters.",
        validators=[InputRequired("Enter a new password")],
    )
    confirm_password = PasswordField(
        "Confirm new password",
        validators=[
            InputRequired("Enter the new password again"),
            EqualTo("new_password", "The new passwords do not match"),
        ],
    )
