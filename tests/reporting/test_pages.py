"""The MI pages and CSV files over real rows: access, figures, small cells, no personal data."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from reporting.export import COLUMNS
from tests.conftest import ROOT
from tests.reporting.conftest import PLANTED_CASE, PLANTED_DOB, PLANTED_NAME, page

FIGURES = ("days-by-score", "followed-by-court", "unmet-needs", "freshness", "routed")
URLS = [
    "/admin/mi",
    "/admin/mi/london",
    "/admin/mi/proposals.csv",
    *(f"/admin/mi/figures/{key}.csv" for key in FIGURES),
    *(f"/admin/mi/london/figures/{key}.csv" for key in FIGURES),
]


@pytest.mark.parametrize("url", URLS)
def test_mi_is_for_interventions_editors_and_administrators(
    app: Flask, url: str, login: Callable[..., Any]
) -> None:
    assert app.test_client().get(url).status_code == 302  # to sign in
    officer = app.test_client()
    login(officer, "court-officer")
    assert officer.get(url).status_code == 403
    for role in ("interventions-editor", "admin"):
        client = app.test_client()
        login(client, role)
        assert client.get(url).status_code == 200


def section(html: str, key: str) -> str:
    """One figure's section of the page: its chart, table and links."""
    found = re.search(rf'<section class="app-mi-section" id="{key}".*?</section>', html, re.S)
    assert found, key
    return found.group(0)


def table_rows(html: str) -> dict[str, list[str]]:
    """A figure's table as {row label: cell texts}."""
    body = html[html.index("<tbody") :]
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, re.S):
        label = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        if label:
            rows[label.group(1).strip()] = [
                c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            ]
    return rows


def svg_texts(html: str) -> list[str]:
    svg = html[html.index("<svg") : html.index("</svg>")]
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def bar_width(html: str, column: int, row: int) -> float:
    """The drawn width of one bar segment of a stacked bar chart (0 when not drawn)."""
    group = re.search(rf'<g id="[a-z-]+-bar-{column}-{row}">(.*?)</g>', html, re.S)
    assert group, (column, row)
    numbers = [
        float(n)
        for n in re.findall(r"-?\d+(?:\.\d+)?", re.search(r' d="([^"]*)"', group.group(1)).group(1))
    ]  # type: ignore[union-attr]
    xs = numbers[0::2]
    return round(max(xs) - min(xs), 3)


def test_each_figure_is_drawn_and_tabulated_from_the_saved_proposals(
    client: FlaskClient, editor: Any, make_proposal: Callable[..., Any]
) -> None:
    for days in (14, 18, 20, 22, 26):
        make_proposal(score=63, days=days, ordered=days, routed=("ATR",), unmet=("ete",))
    make_proposal(score=63, days=20, ordered=None, routed=("ATR",), unmet=("ete",))
    html = page(client, "/admin/mi")
    assert html.count("<svg") == 5
    score = section(html, "days-by-score")
    assert table_rows(score)["60–69"] == ["6", "20.0", "5", "20.0"]
    assert "20.0" in svg_texts(score) and "Two-year OGRS score (%)" in svg_texts(score)
    followed = section(html, "followed-by-court")
    assert table_rows(followed)["Highbury Corner Magistrates&#39; Court"] == ["5", "0", "0", "[c]"]
    assert "5" in svg_texts(followed)
    unmet = section(html, "unmet-needs")
    month = f"{date.today() - timedelta(days=20):%Y-%m}"
    assert table_rows(unmet)[month] == ["6"]
    routed = section(html, "routed")
    assert table_rows(routed)["London"] == ["6", "6", "0", "0", "0"]
    regional = page(client, "/admin/mi/london")
    assert table_rows(section(regional, "routed"))["Camden and Islington"] == [
        "6",
        "6",
        "0",
        "0",
        "0",
    ]


def test_small_cells_are_withheld_in_the_chart_the_table_and_the_csv(
    client: FlaskClient, editor: Any, make_proposal: Callable[..., Any]
) -> None:
    for _ in range(6):
        make_proposal(court="highbury-corner", days=20, ordered=20)
    for _ in range(4):
        make_proposal(court="westminster", days=20, ordered=11)
    followed = section(page(client, "/admin/mi/london"), "followed-by-court")
    assert table_rows(followed)["Westminster Magistrates&#39; Court"] == ["0", "[c]", "0", "0"]
    assert "[c] means fewer than 5 proposals" in followed
    # Rows top down: Highbury Corner (6 same), Westminster (4 fewer, withheld: no bar).
    assert bar_width(followed, column=0, row=0) > 0
    assert bar_width(followed, column=1, row=1) == 0
    data = client.get("/admin/mi/london/figures/followed-by-court.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0] == ["Court", "Same days", "Fewer days", "More days", "No RAR"]
    assert ["Westminster Magistrates' Court", "0", "[c]", "0", "0"] in rows
    assert ["Highbury Corner Magistrates' Court", "6", "0", "0", "0"] in rows
    score = client.get("/admin/mi/figures/days-by-score.csv").get_data(as_text=True)
    assert "20–29" in score and "15.7" not in score  # 4 ordered at 11 + 6 at 20 pool to 16.4
    assert ["10–19", "0", "–", "0", "–"] in list(csv.reader(io.StringIO(score)))


def test_no_personal_data_leaves_in_the_pages_or_any_csv(
    client: FlaskClient, editor: Any, make_proposal: Callable[..., Any]
) -> None:
    for _ in range(6):
        make_proposal(ordered=20, override=22)
    sent = [page(client, "/admin/mi"), page(client, "/admin/mi/london")]
    sent += [client.get(url).get_data(as_text=True) for url in URLS if url.endswith(".csv")]
    for text in sent:
        assert PLANTED_NAME not in text and "Zebedee" not in text
        assert PLANTED_DOB not in text and "1987" not in text and PLANTED_CASE not in text
    export = list(
        csv.DictReader(io.StringIO(client.get("/admin/mi/proposals.csv").get_data(as_text=True)))
    )
    assert len(export) == 6
    assert list(export[0]) == [name for name, _, _ in COLUMNS]
    first = export[0]
    assert first["court"] == "highbury-corner" and first["pdu"] == "camden-and-islington"
    assert first["override"] == "yes" and first["final_days"] == "22"
    assert first["rar_days_ordered"] == "20" and first["sample"] == "no"
    assert first["hearing_month"] == f"{date.today() - timedelta(days=20):%Y-%m}"


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-02-30",
        "from=2026-03-01&to=2026-02-01",
        "court=nowhere",
        "from=2001-01-01&to=2026-12-01",
    ],
)
def test_bad_filters_are_answered_400_with_a_message(
    client: FlaskClient, editor: Any, query: str
) -> None:
    response = client.get(f"/admin/mi/london?{query}")
    assert response.status_code == 400 and "There is a problem" in response.get_data(as_text=True)
    assert client.get(f"/admin/mi/figures/routed.csv?{query}").status_code == 400


def test_unknown_regions_and_figures_are_not_found(client: FlaskClient, editor: Any) -> None:
    assert client.get("/admin/mi/atlantis").status_code == 404
    assert client.get("/admin/mi/figures/secrets.csv").status_code == 404
    assert client.get("/admin/mi/atlantis/figures/routed.csv").status_code == 404


def test_the_court_and_date_filters_narrow_the_proposals(
    client: FlaskClient, editor: Any, make_proposal: Callable[..., Any]
) -> None:
    for _ in range(5):
        make_proposal(court="westminster", ordered=20)
        make_proposal(court="highbury-corner", ordered=20, heard=date.today() - timedelta(days=200))
    html = page(client, "/admin/mi/london?court=westminster")
    rows = table_rows(section(html, "followed-by-court"))
    assert list(rows) == ["Westminster Magistrates&#39; Court"]
    recent = f"from={date.today() - timedelta(days=30)}&to={date.today()}"
    export = client.get(f"/admin/mi/proposals.csv?{recent}").get_data(as_text=True)
    assert export.count(",westminster,") == 5 and "highbury-corner" not in export


def test_every_export_column_is_documented() -> None:
    text = (ROOT / "docs" / "management-information.md").read_text(encoding="utf-8")
    for name, meaning, _ in COLUMNS:
        assert f"| `{name}` | {meaning} |" in text
