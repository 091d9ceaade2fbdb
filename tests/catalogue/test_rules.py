"""The rule table: how values are read, the checks across fields, and the reserved slugs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask

from catalogue import rules
from catalogue.rules import AVAILABILITY_RULES, INTERVENTION_RULES, RuleError

# Addresses that take an intervention's slug as their next part.
SLUG_ADDRESSES = ("/admin/interventions/", "/interventions/")


def words_after_slug_addresses(app: Flask) -> set[str]:
    """Every fixed word the app's URL map puts where an intervention's slug would go."""
    found = set()
    for rule in app.url_map.iter_rules():
        for prefix in SLUG_ADDRESSES:
            if rule.rule.startswith(prefix):
                word = rule.rule[len(prefix) :].split("/")[0]
                if word and not word.startswith("<"):
                    found.add(word)
    return found


def test_the_route_words_are_exactly_those_of_the_url_map(app: Flask) -> None:
    assert words_after_slug_addresses(app) == rules.ROUTE_WORDS


@pytest.mark.parametrize("word", sorted(rules.ROUTE_WORDS))
def test_a_route_word_is_refused_as_a_slug(word: str) -> None:
    with pytest.raises(RuleError, match=f"The short name {word} is reserved"):
        INTERVENTION_RULES["slug"].parse(word)


def test_a_slug_that_reads_as_an_id_is_refused() -> None:
    """The write API finds an intervention by id before slug."""
    with pytest.raises(RuleError, match="reserved"):
        INTERVENTION_RULES["slug"].parse("0b8e2f7a-9d7e-4a8e-9f0c-2d1b3c4d5e6f")


@pytest.mark.parametrize(
    ("field", "raw", "value"),
    [
        ("next_start", "2026-07-13", date(2026, 7, 13)),
        ("next_start", "13/07/2026", date(2026, 7, 13)),
        ("next_start", " 13/07/2026 ", date(2026, 7, 13)),
        ("next_start", "", None),
        ("confirmed_at", "2026-07-13T10:15:30", datetime(2026, 7, 13, 10, 15, 30)),
        ("confirmed_at", "13/07/2026 10:15", datetime(2026, 7, 13, 10, 15)),
        ("confirmed_at", "13/07/2026", datetime(2026, 7, 13, 9, 0)),
        ("places", "12", 12),
        ("places", 12, 12),
        ("places", None, None),
        ("status", "waiting-list", "waiting-list"),
    ],
)
def test_availability_values_are_read_from_text_and_plain_values(
    field: str, raw: Any, value: Any
) -> None:
    assert AVAILABILITY_RULES[field].parse(raw) == value


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("next_start", "07/13/2026", "Next start date must be a real date, like 13/07/2026"),
        ("next_start", "2026-02-30", "Next start date must be a real date"),
        ("confirmed_at", "yesterday", "Confirmed at must be a real date and time"),
        ("places", "10001", "Places must be a whole number from 0 to 10000"),
        ("places", True, "Places must be a whole number from 0 to 10000"),
        ("places", "1.5", "Places must be a whole number from 0 to 10000"),
        ("wait_weeks", "-1", "Typical wait in weeks must be a whole number from 0 to 104"),
        ("status", "opened", "Select the availability status"),
        ("status", "", "Select the availability status"),
    ],
)
def test_a_bad_availability_value_is_refused_with_the_table_s_message(
    field: str, raw: Any, message: str
) -> None:
    with pytest.raises(RuleError) as refused:
        AVAILABILITY_RULES[field].parse(raw)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize("raw", ["1e309", "-1e309", "99999999999999999999.001"])
def test_a_price_far_out_of_range_is_refused_not_overflowed(raw: str) -> None:
    with pytest.raises(RuleError, match="Enter a price of 0 or more"):
        INTERVENTION_RULES["price"].parse(raw)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_a_price_that_is_not_a_number_is_refused(value: Decimal) -> None:
    assert INTERVENTION_RULES["price"].problem(value) == "Enter the price in pounds, like 120.50"


def test_a_confirmation_in_the_future_is_refused() -> None:
    values = {"status": "open", "confirmed_at": datetime.now() + timedelta(days=1)}
    assert rules.check_availability(values) == {
        "confirmed_at": "Confirmed at must not be in the future"
    }


VALID: dict[str, Any] = {
    rule.name: rule.default for rule in rules.INTERVENTION if rule.default is not None
} | {
    "slug": "bridge",
    "name": "Bridge",
    "type": "local",
    "summary": "Help.",
    "needs": ["accommodation"],
    "one_to_one_sessions": 6,
    "format": "one-to-one",
    "eip_status": "not-applicable",
}


def test_a_valid_intervention_breaks_no_rule() -> None:
    assert rules.check_intervention(VALID, {"accommodation"}) == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"one_to_one_sessions": 0}, "group_sessions", "at least 1 session in all"),
        ({"type": "structured-intervention"}, "", ""),
        (
            {"type": "structured-intervention", "one_to_one_sessions": 3},
            "group_sessions",
            "A structured intervention has at least 4 sessions in all",
        ),
        ({"same_day_sessions": 6}, "same_day_sessions", "fewer than the total"),
        ({"min_age": 30, "max_age": 20}, "max_age", "maximum age must be the same as or more"),
        ({"price": Decimal("1.00")}, "price_unit", "Enter both the price and its unit"),
        ({"price_unit": "per-place"}, "price", "Enter both the price and its unit"),
        (
            {"offence_focus": "arson", "excluded_offences": ["arson"]},
            "excluded_offences",
            "Do not exclude the offence it focuses on",
        ),
        ({"needs": ["cooking"]}, "needs", "Select need areas from the list"),
    ],
)
def test_the_checks_across_fields(changes: dict[str, Any], field: str, message: str) -> None:
    errors = rules.check_intervention(VALID | changes, {"accommodation"})
    assert (field in errors and message in errors[field]) if field else errors == {}


def test_the_csv_columns_are_the_table_s_fields_in_order() -> None:
    assert rules.INTERVENTION_COLUMNS[:3] == ["slug", "name", "type"]
    assert "sample" in rules.INTERVENTION_COLUMNS and "is_sample" not in rules.INTERVENTION_COLUMNS
    assert rules.AVAILABILITY_COLUMNS == [
        "intervention",
        "region",
        "pdu",
        "status",
        "next_start",
        "places",
        "wait_weeks",
        "confirmed_at",
        "confirmed_by",
    ]
