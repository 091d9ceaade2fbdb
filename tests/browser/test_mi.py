"""Outcomes and management information in a real browser, with axe-core on every page: an
officer records what the court ordered; an editor reads the MI pages (charts, tables, CSV)
with the labelled sample loaded, with and without JavaScript."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tests.browser.conftest import EDITOR, OFFICER, PASSWORD, LiveServer, Visit, flask, sign_in
from tests.browser.test_journeys import assert_accessible
from tests.proposal.web.conftest import api_body, defendant

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def with_sample(live_server: LiveServer) -> LiveServer:
    """The live server's database with the labelled sample of proposals (loaded once)."""
    flask(live_server.env, "seed", "--if-empty", "--sample-proposals")
    return live_server


def save_proposal(visit: Visit) -> str:
    """A draft for a hearing today, saved through the API with the page's session."""
    token = visit.page.request.get("/api/v1/proposals/csrf-token").json()["csrf_token"]
    body = {**api_body(), "defendant": defendant(hearing_date=date.today().isoformat())}
    body.pop("region"), body.pop("pdu")
    answer = visit.page.request.post("/api/v1/proposals", data=body, headers={"X-CSRFToken": token})
    assert answer.status == 201, answer.text()
    return str(answer.json()["id"])


def outcomes_lacking(visit: Visit) -> int:
    """How many of the officer's proposals My proposals says still lack an outcome."""
    found = re.search(r"(\d+) proposals? still lacks? the outcome", visit.page.inner_text("main"))
    return int(found.group(1)) if found else 0


def test_an_officer_records_the_outcome_from_my_proposals(visit: Visit) -> None:
    sign_in(visit, OFFICER)
    save_proposal(visit)
    visit.goto("/proposals")
    lacking = outcomes_lacking(visit)  # other tests on this server may have left drafts
    assert lacking >= 1
    visit.page.locator("a:has-text('Outcome needed') >> nth=0").click()
    visit.page.wait_for_url(re.compile(r"/outcome$"))
    visit.audit()
    visit.page.check("#sentence")  # community order, the first choice
    visit.page.check("#rar_ordered")  # yes
    visit.page.fill("#rar_days", "18")
    visit.page.check("input[value='unpaid-work']")
    visit.page.click("button:has-text('Save the outcome')")
    visit.page.wait_for_url(re.compile(r"/proposals/[0-9a-f-]{36}$"))
    visit.audit()
    assert "Yes, at most 18 days" in visit.page.inner_text("main")
    visit.goto("/proposals")
    assert outcomes_lacking(visit) == lacking - 1
    assert_accessible(visit)


def test_an_editor_reads_the_figures_beside_their_tables(
    visit: Visit, with_sample: LiveServer
) -> None:
    sign_in(visit, EDITOR)
    visit.goto("/admin/mi")
    main = visit.page.inner_text("main")
    assert "labelled sample" in main
    assert visit.page.locator("svg.app-chart").count() == 5
    assert visit.page.locator("table.app-mi-table").count() == 5
    # The chart is drawn with its colours (presentation attributes pass the CSP).
    fill = visit.page.evaluate(
        "() => getComputedStyle(document.querySelector('#routed svg rect, #routed svg path[fill]'))"
        ".fill"
    )
    assert fill and fill != "none"
    visit.goto("/admin/mi/london")
    court = visit.page.locator("#court option >> nth=1").get_attribute("value")
    visit.page.select_option("#court", court)
    visit.page.click("button:has-text('Show figures')")
    visit.page.wait_for_load_state()
    visit.audit()
    assert f"court={court}" in visit.page.url
    link = visit.page.locator("#followed-by-court a:has-text('Download this table (CSV)')")
    answer = visit.page.request.get(link.get_attribute("href"))
    assert answer.ok and answer.text().startswith("Court,Same days,Fewer days")
    assert_accessible(visit)


def test_the_figures_need_no_javascript(browser: Any, with_sample: LiveServer) -> None:
    """Charts and tables are in the HTML itself (axe-core needs scripts, so it ran above)."""
    context = browser.new_context(base_url=with_sample.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/login")
    page.fill("#email", EDITOR)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto("/admin/mi")
    assert page.locator("svg.app-chart").count() == 5
    assert page.locator("table.app-mi-table").count() == 5
    assert "There is a" in page.inner_text("#days-by-score")  # the correlation in words
    context.close()
