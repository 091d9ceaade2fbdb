"""The journeys of the issue in a real browser, with axe-core on every page they visit:
search with filters and remove a filter tag; open an intervention; a court officer completes
a proposal, overrides the days with a reason and downloads the PDF; a London editor confirms
the rows of the region's availability they ticked; the grid fits a laptop and a phone."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from tests.browser.conftest import EDITOR, OFFICER, Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def assert_accessible(visit: Visit) -> None:
    assert visit.audited, "axe-core ran on no page"
    assert not visit.violations, "\n".join(visit.violations)
    assert not visit.console_errors, visit.console_errors  # e.g. a script refused by the CSP


def result_count(visit: Visit) -> int:
    text = visit.page.inner_text("#results")
    return int(re.match(r"(\d+)", text).group(1))  # type: ignore[union-attr]


def test_search_with_filters_then_remove_a_filter_tag(visit: Visit) -> None:
    visit.goto("/")
    everything = result_count(visit)
    visit.page.select_option("#region", "london")
    visit.page.check("input[name=need][value=accommodation]")
    visit.page.check("#open_now")
    visit.page.click("button:has-text('Apply filters') >> nth=0")
    visit.page.wait_for_url(re.compile(r"need=accommodation"))
    visit.audit()
    filtered = result_count(visit)
    assert 0 < filtered < everything
    tags = visit.page.locator(".app-filter-tag")
    assert tags.count() == 3, tags.all_inner_texts()

    visit.page.click(".app-filter-tag:has-text('Accommodation')")
    visit.page.wait_for_load_state()
    visit.audit()
    assert "need=" not in visit.page.url and "region=london" in visit.page.url
    assert result_count(visit) >= filtered
    assert visit.page.locator(".app-filter-tag").count() == 2
    assert_accessible(visit)


def test_open_an_intervention_from_the_results(visit: Visit) -> None:
    visit.goto("/?q=accommodation&region=london")
    first = visit.page.locator(".app-card__title a").first
    name = first.inner_text()
    first.click()
    visit.page.wait_for_load_state()
    visit.audit()
    assert visit.page.locator("h1").inner_text().strip() == name.strip()
    assert "RAR day" in visit.page.content()
    visit.goto("/regions/london")
    visit.goto("/about/rar-days")
    assert_accessible(visit)


def fill_proposal(visit: Visit) -> None:
    page = visit.page
    page.fill("#court", "Highbury")  # the type-ahead
    page.locator(".autocomplete__option", has_text="Highbury Corner").first.click()
    page.fill("#defendant_name", "Alex Browser-Test")
    page.fill("#date_of_birth-day", "27")
    page.fill("#date_of_birth-month", "3")
    page.fill("#date_of_birth-year", "1990")
    page.fill("#case_reference", "BT-2025-0001")
    assert page.input_value("#hearing_date-year") == str(date.today().year)  # filled in
    page.check("input[name=gender][value=male]")
    page.check("input[name=predictor][value=OGRS3]")
    page.fill("#score", "62")
    page.check("input[name=reoffending][value=accommodation]")
    page.check("input[name=reoffending][value=attitudes-thinking-behaviour]")
    page.check("input[name=order_type][value=community-order]")
    page.fill("#order_months", "12")


def test_a_court_officer_proposes_overrides_and_downloads_the_pdf(visit: Visit) -> None:
    sign_in(visit, OFFICER)
    visit.goto("/proposals/new")
    fill_proposal(visit)
    visit.page.click("button:has-text('Save and see the recommendation')")
    visit.page.wait_for_url(re.compile(r"/proposals/[0-9a-f-]{36}$"))
    visit.audit()
    recommended = int(visit.page.inner_text("#final-days"))

    visit.page.fill("#days", str(recommended + 2))
    visit.page.fill("#reason", "Two more sessions for a recent housing crisis.")
    visit.page.click("button:has-text('Change the number of days')")
    visit.page.wait_for_load_state()
    visit.audit()
    assert visit.page.inner_text("#final-days") == str(recommended + 2)
    assert "recent housing crisis" in visit.page.content()

    link = visit.page.locator("a:has-text('PSR section (PDF)')")
    answer = visit.page.request.get(link.get_attribute("href"))  # the signed-in session's
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.body())).pages)
    assert "Alex Browser-Test" in text and f"{recommended + 2} days" in text
    visit.goto("/proposals")
    assert_accessible(visit)


def test_a_london_editor_confirms_only_the_rows_they_ticked(visit: Visit) -> None:
    sign_in(visit, EDITOR)
    visit.goto("/admin/")
    visit.goto("/admin/regions/london/availability")
    page = visit.page
    assert page.locator("text=Confirm all").count() == 0
    stale = page.locator("main .app-tag--stale").count()
    confirm = "button:has-text('Confirm the ticked rows')"
    page.check("#checked_with_provider")
    submit_and_audit(visit, confirm)
    assert "Tick the rows you checked" in page.inner_text(".govuk-error-summary")

    ticks = page.locator("input[name=rows]")
    for n in range(2):
        ticks.nth(n).check()
    page.check("#checked_with_provider")
    submit_and_audit(visit, confirm)
    assert "2 rows confirmed" in page.inner_text(".govuk-notification-banner--success")
    assert page.locator("main .app-tag--stale").count() == stale - 2

    for n in range(11):
        page.locator("input[name=rows]").nth(n).check()
    page.check("#checked_with_provider")
    submit_and_audit(visit, confirm)
    assert "Are you sure? You are confirming 11 rows" in page.inner_text("h1")
    submit_and_audit(visit, "button:has-text('Yes, confirm these 11 rows')")
    assert "11 rows confirmed" in page.inner_text(".govuk-notification-banner--success")
    assert_accessible(visit)


def submit_and_audit(visit: Visit, button: str) -> None:
    """Press a submit button, wait for the next page and run axe-core on it."""
    with visit.page.expect_navigation():
        visit.page.click(button)
    visit.audit()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_availability_grid_fits_a_laptop_and_a_phone(visit: Visit, width: int) -> None:
    visit.page.set_viewport_size({"width": width, "height": 900})
    sign_in(visit, EDITOR)
    visit.goto("/admin/regions/london/availability")
    overflow = visit.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the grid is {overflow}px wider than a {width}px screen"
    tick = visit.page.locator("input[name=rows]").first.bounding_box()
    assert tick is not None and 0 <= tick["x"] and tick["x"] + tick["width"] <= width
    assert_accessible(visit)


def test_the_audit_would_report_a_serious_violation(visit: Visit) -> None:
    """The control: axe-core really runs, and a missing label is reported with its selector."""
    visit.goto("/about/rar-days")
    visit.page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        '\'<input id="unlabelled" type="text"><img src="x.png">\')'
    )
    visit.audit()
    assert any("#unlabelled" in v and "label" in v for v in visit.violations), visit.violations
    assert any("image-alt" in v for v in visit.violations), visit.violations
