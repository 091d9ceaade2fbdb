"""Forms for signing in, a user's own name, job title and password, and user administration."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, RadioField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from accounts.models import NAME_MAX
from core.roles import ROLES
from web.forms import options
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


class UserRoleForm(CheckedForm):
    """A user's name, job title, role and, for interventions editors, the regions they may
    change."""

    display_name = name_field()
    job_title = job_title_field()
    role = RadioField(
        "Role",
        choices=options(ROLES.items()),
        validators=[InputRequired("Select a role")],
        invalid_choice_message="Select a role",
    )
    regions = SelectMultipleField(
        "Regions",
        description="Interventions editors only. Leave all unticked for a national editor.",
        invalid_choice_message="Select regions from the list",
    )


class NewUserForm(UserRoleForm):
    """A new account."""

    email = EmailField(
        "Email address",
        validators=[
            InputRequired("Enter an email address"),
            Length(max=254, message="The email address must be 254 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Password",
        description="At least 10 characters. Give it to the person by a safe route.",
        validators=[InputRequired("Enter a password"), Length(max=200)],
    )


class ResetPasswordForm(CheckedForm):
    """A temporary password an administrator gives a user, who must change it."""

    password = PasswordField(
        "Temporary password",
        description="At least 10 characters. Give it to the person by a safe route: they "
        "must choose a new one when they next sign in.",
        validators=[InputRequired("Enter a temporary password"), Length(max=200)],
    )
