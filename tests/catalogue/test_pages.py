"""Public pages: search, an intervention, regions, and what the pages say about availability."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import select

from catalogue.models import Availability, Intervention
from catalogue.reference import AVAILABLE_STATUSES

STALE_WARNING = "Not confirmed in the last 90 days — check before relying on it"


class Tags(HTMLParser):
    """Collects every start tag's attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    """The page's tags and text."""
    parser = Tags()
    parser.feed(html)
    return parser


def page(client: Any, url: str, **params: Any) -> str:
    """GET a page that must answer 200."""
    response = client.get(url, query_string=params)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def words(html: str) -> str:
    """The visible text with whitespace collapsed."""
    return " ".join(" ".join(parse(html).text).split())


def availability_statements(html: str) -> list[dict[str, str]]:
    """Every availability row the page states, by its data attributes."""
    return [a for _tag, a in parse(html).tags if "data-availability-id" in a]


def intervention_slugs(html: str) -> list[str]:
    """Slugs of the interventions the page links to."""
    return re.findall(r'href="/interventions/([^"?#]+)"', html)


def assert_statements_are_true(app: Any, html: str, region: str | None = None) -> int:
    """Each stated status and staleness is what the database holds; returns how many."""
    statements = availability_statements(html)
    today, days = date.today(), app.config["STALE_AFTER_DAYS"]
    with app.extensions["db_sessionmaker"]() as session:
        for stated in statements:
            row = session.get(Availability, int(stated["data-availability-id"]))
            assert row is not None
            assert stated["data-status"] == row.status
            assert stated["data-stale"] == ("true" if row.is_stale(today, days) else "false")
            if region:
                assert row.region_slug == region
    return len(statements)


# --- Search page --------------------------------------------------------------------------


def test_search_page_without_filters_lists_activities(seeded_client):
    """The form, the filter panel, a result count in a status region and results."""
    html = page(seeded_client, "/")
    assert 'role="status"' in html and "activities found" in html
    assert '<form method="get"' in html
    for legend in ("Need area", "Type of activity", "EIP status", "Format", "Suitable for"):
        assert f">{legend}</legend>" in html
    assert re.search(r"Accommodation \(\d+\)</label>", html)
    assert 'name="region"' in html and "<optgroup" in html
    assert intervention_slugs(html)
    assert "Selected filters" not in html


def test_search_page_with_filters_shows_removable_tags_and_availability(seeded_app, seeded_client):
    """Selected filters are links without that value; results say where they run."""
    html = page(seeded_client, "/", need=["accommodation", "ete"], region="london")
    assert "Selected filters" in html and "Clear filters" in html
    assert 'href="/?need=ete&amp;region=london"' in html  # removes accommodation only
    assert 'href="/?need=accommodation&amp;need=ete"' in html  # removes the region
    assert "Availability here" in html and "Last confirmed" in html
    assert assert_statements_are_true(seeded_app, html, region="london") > 0


def test_a_person_can_find_an_open_accommodation_service_in_london_in_one_search(
    seeded_app, seeded_client
):
    """GET /?q=accommodation&region=london&open_now=1 shows an open accommodation activity."""
    html = page(seeded_client, "/", q="accommodation", region="london", open_now="1")
    slugs = intervention_slugs(html)
    assert slugs
    with seeded_app.extensions["db_sessionmaker"]() as session:
        shown = session.scalars(select(Intervention).where(Intervention.slug.in_(slugs))).all()
        assert any(
            "accommodation" in iv.need_slugs
            and any(r.region_slug == "london" and r.status == "open" for r in iv.availability)
            for iv in shown
        )
    assert ">Open<" in html


def test_every_availability_statement_on_the_search_page_is_true(seeded_app, seeded_client):
    """Across a few regions, each stated row's status and staleness match the database."""
    for region in ("london", "wales", "north-east"):
        html = page(seeded_client, "/", region=region, per_page=50)
        assert assert_statements_are_true(seeded_app, html, region=region) > 0


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("need", "nonsense"),
        ("region", "atlantis"),
        ("pdu", "nowhere"),
        ("format", "x"),
        ("type", "x"),
        ("eip_status", "x"),
        ("gender", "x"),
        ("min_sessions", "lots"),
        ("max_sessions", "-1"),
        ("page", "0"),
        ("per_page", "1000"),
        ("open_now", "perhaps"),
    ],
)
def test_bad_values_on_the_page_give_a_gov_uk_error_not_an_error_page(seeded_client, param, value):
    """A GOV.UK error summary, the search still runs without the bad value."""
    html = page(seeded_client, "/", **{param: value})
    assert "govuk-error-summary" in html and "There is a problem" in html
    assert "<title>Error:" in html
    assert 'role="status"' in html


@pytest.mark.parametrize(
    "q", ['"unbalanced', "(bracket", "AND", "*", "a" * 10_000, "x\x00\x1b\x7fy", "acc* OR"]
)
def test_malformed_search_words_never_break_the_page(seeded_client, q):
    """Typed search syntax, huge input and control characters all give a results page."""
    html = page(seeded_client, "/", q=q)
    assert 'role="status"' in html
    assert "\x00" not in html


def test_long_search_words_are_trimmed_with_a_notice(seeded_client):
    """Only the first 200 characters are used, and the page says so."""
    html = page(seeded_client, "/", q="accommodation " * 50)
    assert "first 200 characters" in html


def test_syntax_typed_by_accident_is_explained(seeded_client):
    """The page says the search used plain words."""
    assert "plain words" in page(seeded_client, "/", q='"accommodation')


def test_no_results_gives_advice_with_links_to_widen_the_search(seeded_client):
    """Check spelling, remove filters (as links), try a wider area, see the region page."""
    html = page(seeded_client, "/", q="zzqqxxnothing", region="london", need="accommodation")
    text = words(html)
    assert "0 activities found" in text
    assert "check the spelling" in text
    assert "remove need area: Accommodation" in text
    assert "search every region" in text
    assert 'href="/regions/london"' in html


def test_results_are_paginated(seeded_client):
    """The GOV.UK pagination component links the next page."""
    html = page(seeded_client, "/", per_page=5)
    assert "govuk-pagination" in html and "page=2" in html
    second = page(seeded_client, "/", per_page=5, page=2)
    assert 'aria-current="page">2<' in second


def test_stale_rows_say_so_on_the_search_page(client, make_intervention, make_availability):
    """The stale warning is shown for a stale row only."""
    stale = make_intervention(name="Stale activity")
    fresh = make_intervention(name="Fresh activity")
    make_availability(stale, "london", confirmed_at=datetime.now() - timedelta(days=120))
    make_availability(fresh, "wales", confirmed_at=datetime.now() - timedelta(days=3))
    assert STALE_WARNING in page(client, "/", region="london")
    html = page(client, "/", region="wales")
    assert "Fresh activity" in html and STALE_WARNING not in html


def test_gender_radios_filter_results(client, make_intervention):
    """Suitable for a woman never shows an activity for men only."""
    make_intervention(name="Men only", gender="men")
    make_intervention(name="Anyone at all", gender="any")
    html = page(client, "/", gender="female")
    assert "Anyone at all" in html and "Men only" not in html
    assert "Suitable for a woman (1)" in html and "Suitable for a man (2)" in html


# --- Intervention page --------------------------------------------------------------------


def test_intervention_page_explains_sessions_and_days(client, make_intervention, make_availability):
    """The working, eligibility, EIP and provider with the sample tag, and availability."""
    intervention = make_intervention(
        name="Better Choices",
        pre_group_sessions=1,
        group_sessions=6,
        one_to_one_sessions=0,
        weeks_to_complete=7,
        what_you_will_do="You will meet in a group once a week.",
        min_ogrs3=25,
        not_if_programme_eligible=True,
        eip_status="approved",
        eip_decided_on=date(2024, 3, 3),
        provider="Sample Provider",
        is_sample=True,
    )
    make_availability(intervention, "london", status="waiting-list", wait_weeks=4)
    html = page(client, f"/interventions/{intervention.slug}")
    text = words(html)
    assert "1 pre-group + 6 group sessions = 7 RAR days" in text
    assert "What you will do" in text and "once a week" in text
    assert "an OGRS3 score of 25 or more" in text
    assert "Not for people who are suitable for an accredited programme" in text
    assert "EIP approved (decided 3 March 2024)" in text
    assert "Sample data" in text and "About 7 weeks" in text
    assert "Waiting list" in text and "4 weeks" in text
    assert 'aria-label="Breadcrumb"' in html
    assert_statements_are_true(client.application, html)


def test_same_day_sessions_are_explained(client, make_intervention):
    """Sessions on a day that already has one add no RAR day, and the page says why."""
    intervention = make_intervention(
        name="Help Activity",
        pre_group_sessions=1,
        one_to_one_sessions=2,
        group_sessions=12,
        same_day_sessions=2,
    )
    text = words(page(client, f"/interventions/{intervention.slug}"))
    assert (
        "1 pre-group + 2 one-to-one + 12 group sessions = 15 sessions; 2 are on the same day "
        "as another session, so 13 RAR days" in text
    )


def test_prices_are_for_signed_in_staff_only(client, login, make_intervention):
    """The public never sees a price; a signed-in court officer sees the rate card."""
    intervention = make_intervention(
        name="Priced activity",
        price=Decimal("1234.50"),
        price_unit="per-place",
        contract_reference="SAMPLE-CONTRACT-7",
    )
    url = f"/interventions/{intervention.slug}"
    public = page(client, url)
    assert "1,234.50" not in public and "SAMPLE-CONTRACT-7" not in public
    assert "Rate card" not in public
    for listing in ("/", "/regions", "/regions/london"):
        assert "1,234.50" not in page(client, listing)
    login(client, "court-officer")
    staff = page(client, url)
    assert "Rate card" in staff and "£1,234.50 per place" in staff
    assert "SAMPLE-CONTRACT-7" in staff


def test_stale_rows_say_so_on_the_intervention_page(client, make_intervention, make_availability):
    """A row confirmed long ago carries the warning in words."""
    intervention = make_intervention(name="Long ago")
    make_availability(intervention, "london", confirmed_at=datetime.now() - timedelta(days=200))
    html = page(client, f"/interventions/{intervention.slug}")
    assert STALE_WARNING in html


def test_withdrawn_and_unknown_interventions_are_not_found(client, make_intervention):
    """A 404 page, not the record."""
    withdrawn = make_intervention(name="Gone away", status="withdrawn")
    assert client.get(f"/interventions/{withdrawn.slug}").status_code == 404
    assert client.get("/interventions/no-such-activity").status_code == 404
    assert client.get(f"/interventions/{uuid.uuid4()}").status_code == 404


# --- Regions ------------------------------------------------------------------------------


def test_region_page_groups_by_need_and_says_when_nothing_is_available(
    client, make_intervention, make_availability
):
    """Available activities under their needs; a need with nothing says so."""
    regions = client.get("/api/v1/regions").get_json()
    pdu = next(r for r in regions if r["slug"] == "london")["pdus"][0]
    housing = make_intervention(name="Housing help", needs=["accommodation"])
    make_availability(housing, "london", status="paused")
    make_availability(housing, "london", pdu=pdu["slug"], status="not-available")
    unavailable = make_intervention(name="Jobs club", needs=["ete"])
    make_availability(unavailable, "london", status="not-available")
    elsewhere = make_intervention(name="Debt advice", needs=["finance-benefits-debt"])
    make_availability(elsewhere, "wales")
    html = page(client, "/regions/london")
    text = words(html)
    assert "RAR activities in London" in text
    assert "Housing help" in text and "Paused" in text
    assert f"{pdu['name']} (PDU): Not available" in text
    assert "Jobs club" not in text and "Debt advice" not in text
    assert "Nothing available for this need in London" in text
    assert text.count("Nothing available for this need in London") == 8
    assert_statements_are_true(client.application, html, region="london")


def test_every_statement_on_the_seeded_region_pages_is_true(seeded_app, seeded_client):
    """Each row is in the region and stated as held; each activity listed is available."""
    for region in ("london", "wales", "greater-manchester"):
        html = page(seeded_client, f"/regions/{region}")
        assert assert_statements_are_true(seeded_app, html, region=region) > 0
        for listed in re.findall(r'data-intervention-id="([^"]+)"(.*?)</tr>', html, re.S):
            statuses = {s["data-status"] for s in availability_statements(listed[1])}
            assert statuses & AVAILABLE_STATUSES, listed[0]


def test_regions_page_lists_every_region_with_counts(seeded_client):
    """Twelve regions, each linked, with counts."""
    html = page(seeded_client, "/regions")
    regions = [a for _t, a in parse(html).tags if "data-region" in a]
    assert len(regions) == 12
    assert 'href="/regions/london"' in html


def test_unknown_region_is_not_found(seeded_client):
    """A 404 page."""
    assert seeded_client.get("/regions/atlantis").status_code == 404


def test_about_rar_days_page_renders(seeded_client):
    """The explainer for sentencers and defendants."""
    assert "What is a RAR day?" in page(seeded_client, "/about/rar-days")


def test_headings_on_the_search_page_do_not_skip_levels(seeded_client):
    """h1 first, and no heading more than one level below the one before it."""
    html = page(seeded_client, "/", need="accommodation", region="london")
    levels = [int(tag[1]) for tag, _a in parse(html).tags if re.fullmatch(r"h[1-6]", tag)]
    main = levels[levels.index(1) :]
    assert all(b - a <= 1 for a, b in zip(main, main[1:], strict=False))


def test_an_accredited_programme_page_shows_sessions_but_no_rar_days(
    client, make_intervention, make_availability
):
    """Its sessions are shown; no RAR-day count appears on its page or in the region list."""
    programme = make_intervention(
        name="Thinking Skills",
        type="accredited-programme",
        pre_group_sessions=1,
        one_to_one_sessions=0,
        group_sessions=18,
    )
    make_availability(programme, "london", status="open")
    text = words(page(client, f"/interventions/{programme.slug}"))
    assert "1 pre-group + 18 group sessions" in text
    assert "its sessions are not counted as RAR days" in text
    assert "19 RAR days" not in text and "Sessions and RAR days" not in text
    region = words(page(client, "/regions/london"))
    assert "19 sessions, its own requirement (no RAR days)" in region
    assert "19 RAR days" not in region
