"""What the generated rationale may say: stale rows, raised and overridden numbers, and days
named in the officer's own text."""

from __future__ import annotations

from datetime import date

import pytest

from proposal import apply_override, recommend
from proposal.changes import activity_changes
from proposal.consistency import conflicting_days, days_named
from tests.proposal.factories import TODAY, activity, available, case, codes


def test_a_stale_activity_is_never_called_available_now_without_saying_so() -> None:
    old = available(confirmed_at=date(2024, 7, 13))
    rec = recommend(case("accommodation"), [activity("housing", availability=(old,))], TODAY)
    assert "not confirmed since 13 July 2024: check it is still running before relying on it" in (
        rec.rationale
    )
    assert "available now" not in rec.rationale
    assert "stale-availability" in codes(rec)


def test_a_fresh_activity_has_no_stale_words() -> None:
    rec = recommend(case("accommodation"), [activity("housing")], TODAY)
    assert "not confirmed" not in rec.rationale and "(7 RAR days, for accommodation; open)" in (
        rec.rationale
    )


def test_a_number_raised_to_the_band_minimum_says_how_many_days_have_no_activity() -> None:
    rec = recommend(case("accommodation"), [activity("housing", rar_days=7)], TODAY)
    assert rec.recommended_max_days == 15
    assert "raised to the band minimum of 15 days. 8 of those 15 days have no named activity" in (
        rec.rationale
    )


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (30, "30 days is above the medium band's guideline of 15–25 days."),
        (10, "10 days is below the medium band's guideline of 15–25 days."),
    ],
)
def test_an_override_outside_the_band_says_so_with_the_reason(days: int, words: str) -> None:
    base = recommend(case("accommodation"), [activity("housing", rar_days=16)], TODAY)
    rec = apply_override(base, days, "Escalating risk.")
    assert words in rec.rationale and "because: Escalating risk." in rec.rationale
    [outside] = [w for w in rec.warnings if w.code == "override-outside-band"]
    assert words.split(".")[0] in outside.message and "Escalating risk." in outside.message


def test_an_override_inside_the_band_has_no_band_sentence() -> None:
    base = recommend(case("accommodation"), [activity("housing", rar_days=16)], TODAY)
    assert "band's guideline of 15–25 days." not in apply_override(base, 22, "Why.").rationale


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A RAR of up to 15 days.", [15]),
        ("fifteen RAR days, then 20-day review", [15, 20]),
        ("Twenty-two activity days.\n\nAnd 3 days more.", [22, 3]),
        ("Two sessions on one day count as one day.", []),
        ("12 months and 3 weeks", []),
    ],
)
def test_days_named_in_the_officers_text(text: str, found: list[int]) -> None:
    assert [mention.days for mention in days_named(text)] == found


def test_only_other_numbers_of_days_conflict_and_say_where() -> None:
    [conflict] = conflicting_days("Up to 15 days.\n\nNot 20 days.", 15)
    assert conflict.describe() == "paragraph 2: \u201c20 days\u201d"
    assert conflicting_days("Any 5 days.", None)  # no RAR: any number disagrees


@pytest.mark.parametrize(
    ("live_fields", "kind"),
    [
        (None, "withdrawn"),
        ({"status": "paused"}, "paused"),
        ({"status": "not-available"}, "not-available"),
        ({"stale": True}, "stale"),
        ({"next_start": date(2025, 6, 1)}, "next-start"),
    ],
)
def test_changes_since_saved(live_fields: dict | None, kind: str) -> None:
    saved = available(next_start=date(2025, 4, 1))
    live = None
    if live_fields is not None:
        row = available(**{"next_start": date(2025, 4, 1), **live_fields})
        live = activity("x", availability=(row,))
    [change] = activity_changes("X", saved, live)
    assert change.kind == kind


def test_no_change_is_no_change() -> None:
    saved = available()
    assert activity_changes("X", saved, activity("x", availability=(saved,))) == ()
