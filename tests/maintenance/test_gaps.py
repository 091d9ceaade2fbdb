"""Coverage (open activities by region and need) and the demand from saved proposals."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest

from proposal.web.demand import DemandRecord


@pytest.fixture
def provision(make_intervention, make_availability):
    """North East: one open activity for accommodation and ete, one paused for drugs."""
    both = make_intervention(name="Housing and Work", needs=["accommodation", "ete"])
    paused = make_intervention(name="Drug Group", needs=["drugs"])
    withdrawn = make_intervention(name="Old Thing", needs=["drugs"], status="withdrawn")
    make_availability(both, "north-east", status="open")
    make_availability(both, "north-east", pdu="newcastle-upon-tyne", status="open")
    make_availability(paused, "north-east", status="paused")
    make_availability(withdrawn, "north-east", status="open")
    make_availability(both, "london", status="waiting-list")


def demand_record(session, region: str, needs: list[str], unmet: list[str], days_ago: int = 1):
    """A saved proposal's anonymous record, as the proposal feature writes it."""
    session.add(
        DemandRecord(
            created_at=datetime.now() - timedelta(days=days_ago),
            region_slug=region,
            band="low",
            needs=needs,
            unmet_needs=unmet,
            days_proposed=10,
        )
    )
    session.commit()


def cell(page: str, region: str, need: str) -> str:
    """The text of one matrix cell."""
    found = re.search(rf'data-cell="{region}/{need}"[^>]*>(.*?)</td>', page, re.S)
    assert found, f"{region}/{need}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_coverage_counts_current_open_interventions_once_per_region(client, login, provision):
    login(client, "court-officer")
    page = client.get("/admin/coverage").get_data(as_text=True)
    assert cell(page, "north-east", "accommodation") == "1"
    assert cell(page, "north-east", "ete") == "1"
    assert cell(page, "north-east", "drugs") == "None"  # paused and withdrawn do not count
    assert cell(page, "london", "accommodation") == "None"  # waiting list is not open
    assert page.count("data-empty") == 12 * 9 - 2


def test_coverage_csv_holds_the_same_numbers(client, login, provision):
    login(client, "interventions-editor")
    response = client.get("/admin/coverage.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by_region = {row["region"]: row for row in rows}
    assert len(rows) == 12
    assert by_region["north-east"]["region_name"] == "North East"
    assert by_region["north-east"]["accommodation"] == "1"
    assert by_region["north-east"]["drugs"] == "0"
    assert by_region["north-east"]["total_open"] == "1"
    assert by_region["london"]["total_open"] == "0"


def test_gaps_count_proposals_and_unmet_needs_beside_coverage(client, login, session, provision):
    demand_record(session, "north-east", ["drugs", "accommodation"], ["drugs"])
    demand_record(session, "north-east", ["drugs"], ["drugs"])
    demand_record(session, "north-east", ["ete"], [])
    demand_record(session, "london", ["ete"], ["ete"], days_ago=200)  # outside 90 days
    login(client, "admin")
    page = client.get("/admin/gaps").get_data(as_text=True)
    assert "3 proposals recorded; 2 named a need with nothing available" in page
    gaps = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
        r'<td class="govuk-table__cell">([^<]+)</td>\s*'
        r"<td[^>]*>(\d+)</td>\s*<td[^>]*>(?:<strong>)?(\d+)(?:</strong>)?</td>\s*<td[^>]*>(.*?)</td>",
        page,
    )
    rows = [(r, n, int(p), int(u), re.sub(r"<[^>]+>", "", o)) for r, n, p, u, o in gaps]
    assert rows[0] == ("North East", "Drug misuse", 2, 2, "None")
    assert ("North East", "Accommodation", 1, 0, "1") in rows
    assert ("North East", "Education, training and employment", 1, 0, "1") in rows
    assert all(r[0] != "London" for r in rows)


def test_gaps_take_a_chosen_period(client, login, session, provision):
    demand_record(session, "london", ["ete"], ["ete"], days_ago=200)
    login(client, "admin")
    start = (date.today() - timedelta(days=365)).isoformat()
    page = client.get(f"/admin/gaps?from={start}&to={date.today()}").get_data(as_text=True)
    assert "1 proposal recorded; 1 named a need" in page
    assert "London" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=yesterday", "Enter the from date as a real date"),
        ("to=2025-02-30", "Enter the to date as a real date"),
        ("from=2025-05-01&to=2025-04-01", "must be the same as or after the from date"),
    ],
)
def test_bad_dates_are_form_errors(client, login, query, message):
    login(client, "admin")
    response = client.get(f"/admin/gaps?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and "There is a problem" in page


@pytest.mark.parametrize("path", ["/admin/coverage", "/admin/coverage.csv", "/admin/gaps"])
def test_gap_pages_are_for_signed_in_staff(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
