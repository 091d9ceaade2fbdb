"""The MI figures as pure functions: binning, averages, correlation, small-cell withholding."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reporting import figures
from reporting.facts import ProposalFacts
from reporting.tables import SUPPRESSED, Row, Table, average, publish, shown, to_csv

BASE = ProposalFacts(
    region="london",
    pdu="camden-and-islington",
    court="highbury-corner",
    hearing_date=date(2026, 3, 2),
    predictor="OGRS3",
    score=60,
    band="medium",
    needs=("ete",),
    routed=(),
    unmet=(),
    recommended_days=20,
    final_days=20,
    overridden=False,
    sentence="community-order",
    rar_ordered=True,
    rar_days=20,
    other_requirements=(),
    sentence_date=date(2026, 3, 2),
    is_sample=False,
)


def fact(**changes: object) -> ProposalFacts:
    return replace(BASE, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("count", "published"), [(0, 0), (1, None), (4, None), (5, 5), (17, 17)])
def test_counts_of_one_to_four_are_withheld_and_zero_and_five_are_shown(
    count: int, published: int | None
) -> None:
    assert publish(count) == published


def test_an_average_over_fewer_than_five_is_withheld() -> None:
    assert average([10, 20, 30, 40]) is None
    assert average([10, 20, 30, 40, 51]) == 30.2
    assert average([]) == "–"
    assert shown(None) == SUPPRESSED and shown(30.25) == "30.2" and shown(7) == "7"


def test_days_by_score_averages_each_ten_point_band_and_withholds_small_ones() -> None:
    facts = [fact(score=62, final_days=d, rar_days=d - 2) for d in (15, 17, 19, 21, 23)]
    facts += [fact(score=81, final_days=30, rar_days=30) for _ in range(3)]
    table = figures.days_by_score(facts)
    rows = {row.label: row.cells for row in table.rows}
    assert rows["60–69"] == (5, 19.0, 5, 17.0)
    assert rows["80–89"] == (None, None, None, None)
    assert rows["90–100"] == (0, "–", 0, "–")


def test_correlation_is_stated_in_words_with_r_and_the_number_of_proposals() -> None:
    rising = [fact(score=s, final_days=s // 4, rar_days=s // 4 + 1) for s in range(30, 90, 5)]
    words = figures.days_by_score(rising).summary
    assert "a strong positive correlation between the OGRS score and the days proposed" in words
    assert "(r = 1.00, 12 proposals)" in words or "(r = 0.99, 12 proposals)" in words
    assert "Too few proposals" in figures.correlation_words("days ordered", [(50, 10)] * 4)
    flat = figures.correlation_words("days ordered", [(50 + i, 10) for i in range(6)])
    assert "do not vary enough" in flat


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "Same days"),
        ({"rar_days": 12}, "Fewer days"),
        ({"rar_days": 25}, "More days"),
        ({"rar_ordered": False, "rar_days": None}, "No RAR"),
        ({"final_days": None, "rar_days": 10}, "More days"),
        ({"sentence": None, "rar_ordered": None, "rar_days": None}, None),
    ],
)
def test_how_the_court_treated_the_proposal(changes: dict[str, object], expected: str) -> None:
    assert figures.followed(fact(**changes)) == expected


def test_followed_by_court_withholds_each_small_cell() -> None:
    facts = [fact() for _ in range(6)] + [fact(rar_days=10) for _ in range(2)]
    facts += [fact(court="westminster") for _ in range(3)]
    table = figures.followed_by_court(facts, {"highbury-corner": "Highbury Corner"})
    assert table.rows[0] == Row("Highbury Corner", (6, None, 0, 0), "highbury-corner")
    assert table.rows[1].cells == (None, 0, 0, 0)
    assert table.has_suppressed


def test_freshness_takes_the_last_snapshot_of_each_week() -> None:
    snaps = [
        figures.Snapshot(date(2026, 3, 2), "london", 10, 5),  # Monday
        figures.Snapshot(date(2026, 3, 6), "london", 10, 8),  # Friday, same week
        figures.Snapshot(date(2026, 3, 9), "london", 0, 0),
    ]
    table = figures.freshness(snaps, {"london": "London"})
    assert table.columns == ("London",) and table.row_heading == "Week ending"
    assert [(r.label, r.cells) for r in table.rows] == [
        ("8 Mar 2026", (80.0,)),
        ("15 Mar 2026", ("–",)),
    ]


def test_freshness_over_more_than_13_weeks_takes_the_last_snapshot_of_each_month() -> None:
    snaps = [
        figures.Snapshot(date(2026, 1, 5), "wales", 10, 2),
        figures.Snapshot(date(2026, 1, 30), "wales", 10, 4),
        figures.Snapshot(date(2026, 5, 1), "wales", 8, 8),
    ]
    table = figures.freshness(snaps, {"wales": "Wales"})
    assert table.row_heading == "Month"
    assert [(r.label, r.cells) for r in table.rows] == [
        ("Jan 2026", (40.0,)),
        ("May 2026", (100.0,)),
    ]


def test_routed_counts_proposals_and_each_requirement_by_area() -> None:
    facts = [fact(routed=("ATR", "programme")) for _ in range(5)] + [fact(routed=("DRR",))]
    table = figures.routed_by_area(facts, "region", {"london": "London"})
    assert table.columns == ("Proposals", "ATR", "DRR", "MHTR", "Programme")
    assert table.rows[0].cells == (6, 5, None, 0, 5)


def test_the_csv_of_a_table_writes_withheld_cells_as_c_and_defuses_formulas() -> None:
    table = Table("k", "T", "Court", ("A", "B"), (Row("=cmd", (None, 7)),), "y")
    assert to_csv(table) == "Court,A,B\r\n'=cmd,[c],7\r\n"
