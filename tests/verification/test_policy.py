"""The chasing schedule read as data: when to ask, remind, escalate, and retry."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from verification.policy import ASKED, REMINDED, URGENT, ChasePolicy

POLICY = ChasePolicy()
ASKED_ON = date(2026, 7, 1)


@pytest.mark.parametrize(
    ("stage", "days_since_asked", "expected"),
    [
        (ASKED, 0, None),
        (ASKED, 6, None),
        (ASKED, 7, REMINDED),
        (ASKED, 13, REMINDED),
        (ASKED, 14, URGENT),  # a missed day never sends two messages at once
        (REMINDED, 13, None),
        (REMINDED, 14, URGENT),
        (URGENT, 40, None),
    ],
)
def test_next_chasing_message_follows_the_days_since_the_first(
    stage: str, days_since_asked: int, expected: str | None
) -> None:
    step = POLICY.next_step(stage, ASKED_ON, ASKED_ON + timedelta(days=days_since_asked))
    assert (step.stage if step else None) == expected


@pytest.mark.parametrize(
    ("confirmed_days_ago", "due"), [(None, True), (59, False), (60, True), (89, True)]
)
def test_a_row_is_due_at_sixty_days_before_it_goes_stale_at_ninety(
    confirmed_days_ago: int | None, due: bool
) -> None:
    today = date(2026, 9, 1)
    confirmed = (
        None
        if confirmed_days_ago is None
        else datetime.combine(today, datetime.min.time()) - timedelta(days=confirmed_days_ago)
    )
    assert POLICY.is_due(confirmed, today) is due


def test_the_days_before_asking_come_from_configuration() -> None:
    assert ChasePolicy(ask_after_days=30).is_due(datetime(2026, 8, 1), date(2026, 8, 31))


@pytest.mark.parametrize(("stage", "chase"), [(ASKED, False), (REMINDED, False), (URGENT, True)])
def test_only_an_unanswered_urgent_message_leaves_the_row_to_the_editors(
    stage: str, chase: bool
) -> None:
    assert POLICY.needs_chasing(stage) is chase


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 5), (2, 10), (3, 20), (7, 320), (20, 360)])
def test_delivery_retries_back_off_doubling_up_to_six_hours(attempts: int, minutes: int) -> None:
    assert POLICY.retry_delay(attempts) == timedelta(minutes=minutes)
