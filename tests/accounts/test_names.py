"""Accounts carry the name and job title documents show for their author."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from accounts.cli import DEMO_ACCOUNTS
from accounts.services import AccountError, create_user, find_user
from tests.conftest import FAST_HASH, PASSWORD


def test_users_create_takes_a_name_and_job_title(app: Flask, session: Session) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "sam@example.org",
            "--role",
            "court-officer",
            "--name",
            "  Sam   Okafor ",
            "--job-title",
            "Probation Services Officer",
        ],
        env={"PASSWORD": PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert "Sam Okafor, Probation Services Officer" in result.output
    user = find_user(session, "sam@example.org")
    assert user is not None
    assert (user.display_name, user.job_title) == ("Sam Okafor", "Probation Services Officer")


def test_users_create_refuses_a_name_too_long_to_print(app: Flask, session: Session) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "long@example.org",
            "--role",
            "court-officer",
            "--name",
            "x" * 121,
        ],
        env={"PASSWORD": PASSWORD},
    )
    assert result.exit_code != 0
    assert "120 characters or fewer" in result.output
    assert find_user(session, "long@example.org") is None


@pytest.mark.parametrize("bad", ["Sam\x00Lee", "Sam\nLee", "Sam\ud800"])
def test_a_name_with_control_or_invalid_characters_is_refused(session: Session, bad: str) -> None:
    with pytest.raises(AccountError, match="control or invalid"):
        create_user(
            session,
            "bad@example.org",
            PASSWORD,
            "court-officer",
            hash_method=FAST_HASH,
            display_name=bad,
        )


def test_demo_accounts_get_sample_names_even_when_made_before_names(
    app: Flask, session: Session, make_user: Any
) -> None:
    make_user("admin", email="admin@example.org")  # an older demo account, no name yet
    result = app.test_cli_runner().invoke(args=["users", "demo"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    for email, _role, _regions, name, title in DEMO_ACCOUNTS:
        user = find_user(session, email)
        assert user is not None
        assert (user.display_name, user.job_title) == (name, title)
