"""Region pages at scale: counts made in SQL, and each need's list bounded with a way to all."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from catalogue import queries
from catalogue.models import Intervention, Region
from catalogue.reference import AVAILABLE_STATUSES
from catalogue.views import REGION_PAGE_LIMIT
from tests.catalogue.test_pages import page, words

TODAY = date.today()
LIMIT = REGION_PAGE_LIMIT


def python_counts(session: Any, day: date) -> dict[str, tuple[int, int]]:
    """The counts the /regions page shows, made the plain way from every ORM row."""
    session.expire_all()
    available: dict[str, set[Any]] = defaultdict(set)
    open_now: dict[str, set[Any]] = defaultdict(set)
    for intervention in session.scalars(select(Intervention)):
        if not intervention.is_current(day):
            continue
        for row in intervention.availability:
            if row.status in AVAILABLE_STATUSES:
                available[row.region_slug].add(intervention.id)
            if row.status == "open":
                open_now[row.region_slug].add(intervention.id)
    slugs = session.scalars(select(Region.slug)).all()
    return {s: (len(available[s]), len(open_now[s])) for s in slugs}


@pytest.fixture
def mixed_catalogue(session, make_intervention, make_availability) -> None:
    """Current, withdrawn, expired and not-yet-valid activities, with rows of every status."""
    lifecycles: list[dict[str, Any]] = [
        {},
        {"status": "withdrawn"},
        {"valid_to": TODAY - timedelta(days=1)},
        {"valid_to": TODAY},
        {"valid_from": TODAY},
        {"valid_from": TODAY + timedelta(days=1)},
        {"valid_from": TODAY - timedelta(days=30), "valid_to": TODAY + timedelta(days=30)},
    ]
    pdu = "newcastle-upon-tyne"
    layouts = [
        [("london", None, "open")],
        [("london", None, "waiting-list"), ("wales", None, "paused")],
        [("london", None, "not-available"), ("wales", None, "open")],
        [("north-east", None, "paused"), ("north-east", pdu, "open")],  # two rows, counted once
        [("north-east", None, "open"), ("north-east", pdu, "waiting-list")],
        [("wales", None, "not-available")],
    ]
    for number, lifecycle in enumerate(lifecycles):
        for layout_number, layout in enumerate(layouts):
            intervention = make_intervention(name=f"Activity {number}-{layout_number}", **lifecycle)
            for region, pdu_slug, status in layout:
                make_availability(intervention, region, pdu=pdu_slug, status=status)


@pytest.mark.parametrize("day", [TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1)])
def test_region_counts_equal_a_plain_count_of_current_available_and_open(
    session, mixed_catalogue, day
):
    counts = {c.region.slug: (c.available, c.open) for c in queries.region_counts(session, day)}
    expected = python_counts(session, day)
    assert counts == expected
    assert counts["north-east"] != (0, 0) and counts["london"] != (0, 0)


def test_regions_page_shows_the_same_counts(client, session, mixed_catalogue):
    html = page(client, "/regions")
    expected = python_counts(session, TODAY)
    for slug in ("london", "wales", "north-east", "south-west"):
        cells = re.search(rf'data-region="{slug}">(.*?)</tr>', html, re.S)
        assert cells is not None
        numbers = re.findall(r"numeric\">(\d+)</td>", cells.group(1))
        assert tuple(int(n) for n in numbers) == expected[slug]


def need_section(html: str, need: str) -> str:
    """The HTML of one need area's section on a region page."""
    found = re.search(rf'<section[^>]*data-need="{need}">(.*?)</section>', html, re.S)
    assert found is not None
    return found.group(1)


def listed_ids(section: str) -> list[str]:
    """The intervention ids a section lists, in order."""
    return re.findall(r'data-intervention-id="([^"]+)"', section)


def test_a_need_with_more_than_the_bound_shows_the_bound_and_links_to_all(
    client, make_intervention, make_availability
):
    extra = 3
    for number in range(LIMIT + extra):
        housing = make_intervention(name=f"Housing {number:02d}", needs=["accommodation"])
        make_availability(housing, "london", status="open" if number % 2 else "waiting-list")
    jobs = make_intervention(name="Jobs club", needs=["ete"])
    make_availability(jobs, "london")
    hidden = make_intervention(name="Not here", needs=["accommodation"])
    make_availability(hidden, "london", status="not-available")

    html = page(client, "/regions/london")
    accommodation = need_section(html, "accommodation")
    assert len(listed_ids(accommodation)) == LIMIT
    total = LIMIT + extra
    assert f"Showing {LIMIT} of {total} activities for accommodation" in words(accommodation)
    assert f"See all {total} in the search" in words(accommodation)
    assert 'href="/?region=london&amp;need=accommodation"' in accommodation
    assert f"Accommodation</a> ({total})" in html
    ete = need_section(html, "ete")
    assert len(listed_ids(ete)) == 1 and "Showing" not in ete
    assert "Not here" not in html


def test_the_shown_activities_are_open_first_then_shorter_wait_then_name(
    session, make_intervention, make_availability
):
    """The bound keeps the soonest available; the kept ones are listed by name."""
    pdu = "newcastle-upon-tyne"
    made: dict[str, Intervention] = {}
    rows = {
        "Zulu open": [(None, "open", None)],
        "Alpha open": [(None, "open", 3)],
        "Mike paused, open in a PDU": [(None, "paused", None), (pdu, "open", None)],
        "Bravo waiting 2 weeks": [(None, "waiting-list", 2)],
        "Charlie waiting 10 weeks": [(None, "waiting-list", 10), (pdu, "not-available", None)],
        "Delta waiting, wait not known": [(None, "waiting-list", None)],
        "Foxtrot waiting 12 weeks here": [(None, "waiting-list", None), (pdu, "waiting-list", 12)],
        "Echo paused": [(None, "paused", 1)],
    }
    for name, layout in rows.items():
        made[name] = make_intervention(name=name, needs=["ete"])
        for pdu_slug, status, wait in layout:
            make_availability(
                made[name], "north-east", pdu=pdu_slug, status=status, wait_weeks=wait
            )
    priority = [
        "Alpha open",
        "Mike paused, open in a PDU",
        "Zulu open",
        "Bravo waiting 2 weeks",
        "Charlie waiting 10 weeks",
        "Foxtrot waiting 12 weeks here",
        "Delta waiting, wait not known",
        "Echo paused",
    ]
    for limit in range(1, len(priority) + 1):
        found = queries.region_with_availability(
            session, queries.RegionScope("north-east", TODAY), limit
        )
        assert found is not None
        offer = next(o for o in found[1] if o.need.slug == "ete")
        shown = [entry.intervention.name for entry in offer.entries]
        assert shown == sorted(priority[:limit], key=str.casefold)
        assert offer.total == len(priority)
    every_row = {e.intervention.name: len(e.rows) for e in offer.entries}
    assert every_row["Charlie waiting 10 weeks"] == 2  # its not-available row comes with it


def old_listing(session: Any, slug: str) -> dict[str, list[str]]:
    """What the region page listed before it was bounded: every available activity by name."""
    session.expire_all()
    listed: dict[str, list[Intervention]] = defaultdict(list)
    for intervention in session.scalars(select(Intervention)):
        rows = [r for r in intervention.availability if r.region_slug == slug]
        if intervention.is_current(TODAY) and any(r.status in AVAILABLE_STATUSES for r in rows):
            for need in intervention.need_slugs:
                listed[need].append(intervention)
    return {
        need: [str(i.id) for i in sorted(items, key=lambda i: i.name.casefold())]
        for need, items in listed.items()
    }


def test_the_seed_region_pages_list_everything_as_before(seeded_app, seeded_client):
    with seeded_app.extensions["db_sessionmaker"]() as session:
        slugs = session.scalars(select(Region.slug)).all()
        for slug in slugs:
            html = page(seeded_client, f"/regions/{slug}")
            assert "Showing" not in words(html) and "See all" not in words(html)
            expected = old_listing(session, slug)
            for need in re.findall(r'data-need="([^"]+)"', html):
                ids = listed_ids(need_section(html, need))
                assert ids == expected.get(need, []), (slug, need)
                assert f'href="#need-{need}">' in html
                assert re.search(rf'href="#need-{need}">[^<]*</a> \({len(ids)}\)', html)
