"""Of results equally relevant, those resting on availability nobody confirmed recently rank
after the fresh ones, whichever engine answers, and they keep their stale label."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from catalogue.changes import record_revision
from catalogue.models import Intervention, confirmation_is_stale
from catalogue.search import fast_scorer
from catalogue.search.facets import FacetTable
from catalogue.search.freshness import oldest_confirmations, stale_mask
from catalogue.search.service import SearchService
from catalogue.search.types import SearchQuery

LONG_AGO = datetime.now() - timedelta(days=200)
SUMMARY = "Help to find accommodation and keep a tenancy."


@pytest.fixture
def pair(make_intervention, make_availability):
    """Two interventions alike but for their names; Alpha's London row is stale, and Alpha
    comes first by name, so only staleness can put Bravo first."""
    alpha = make_intervention(name="Alpha", slug="alpha", summary=SUMMARY)
    bravo = make_intervention(name="Bravo", slug="bravo", summary=SUMMARY)
    make_availability(alpha, "london", confirmed_at=LONG_AGO)
    make_availability(bravo, "london")
    return alpha, bravo


def api_names(client, **params) -> list[str]:
    response = client.get("/api/v1/interventions", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [r["name"] for r in response.get_json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "accommodation"},
        {"q": "accommodation", "region": "london"},
        {"q": "accommodation", "pdu": "brent"},
        {"region": "london"},
        {},
        {"q": "accommodation", "sort": "next_start"},
        {"region": "london", "sort": "wait"},
    ],
)
def test_a_stale_result_ranks_after_a_fresh_one_of_equal_relevance(client, pair, params):
    assert api_names(client, **params) == ["Bravo", "Alpha"]


def test_sorting_by_name_ignores_staleness(client, pair):
    assert api_names(client, q="accommodation", sort="name") == ["Alpha", "Bravo"]


def test_a_stale_result_still_outranks_a_less_relevant_fresh_one(
    client, make_intervention, make_availability
):
    stale = make_intervention(name="Zulu accommodation", slug="zulu", summary=SUMMARY)
    fresh = make_intervention(name="Alpha", slug="alpha", summary=SUMMARY)
    make_availability(stale, "london", confirmed_at=LONG_AGO)
    make_availability(fresh, "london")
    assert api_names(client, q="accommodation", region="london") == ["Zulu accommodation", "Alpha"]


def test_only_the_rows_a_search_shows_count(client, pair, make_availability):
    alpha, bravo = pair
    make_availability(alpha, "wales")  # fresh in Wales, stale in London
    make_availability(bravo, "wales")
    make_availability(alpha, "london", pdu="camden-and-islington")
    make_availability(bravo, "london", pdu="camden-and-islington", confirmed_at=LONG_AGO)
    assert api_names(client, q="accommodation", region="wales") == ["Alpha", "Bravo"]
    # A London PDU narrows London to its own rows and the region-wide ones.
    assert api_names(client, q="accommodation", pdu="brent") == ["Bravo", "Alpha"]
    both_stale = api_names(client, q="accommodation", pdu="camden-and-islington")
    assert both_stale == ["Alpha", "Bravo"]


def test_a_confirmation_makes_the_result_fresh_in_search_at_once(client, session, pair):
    alpha, _ = pair
    assert api_names(client, q="accommodation", region="london") == ["Bravo", "Alpha"]
    row = alpha.availability[0]
    row.confirmed_at = datetime.now()
    record_revision(session, alpha.id)
    session.commit()
    assert api_names(client, q="accommodation", region="london") == ["Alpha", "Bravo"]
    row.confirmed_at = LONG_AGO  # and an edit the other way is seen as soon
    record_revision(session, alpha.id)
    session.commit()
    assert api_names(client, q="accommodation", region="london") == ["Bravo", "Alpha"]


def test_the_stale_result_keeps_its_label_in_the_api_and_on_the_page(client, pair):
    body = client.get(
        "/api/v1/interventions", query_string={"q": "accommodation", "region": "london"}
    ).get_json()
    stale = {r["name"]: r["availability"][0]["stale"] for r in body["results"]}
    assert stale == {"Bravo": False, "Alpha": True}

    page = client.get("/", query_string={"q": "accommodation", "region": "london"})
    html = page.get_data(as_text=True)
    assert html.index(">Bravo<") < html.index(">Alpha<")
    alpha_part = html[html.index(">Alpha<") :]
    bravo_part = html[html.index(">Bravo<") : html.index(">Alpha<")]
    assert "Not confirmed recently" in alpha_part
    assert "Not confirmed recently" not in bravo_part


def break_fast_path(monkeypatch):
    class NotThePostingReader:
        pass

    monkeypatch.setattr(fast_scorer, "W3LeafMatcher", NotThePostingReader)


@pytest.mark.parametrize("path", ["fast", "whoosh", "database"])
@pytest.mark.parametrize("text", ["accommodation", ""])
def test_every_engine_path_puts_the_fresh_one_first(
    app, session, pair, monkeypatch, tmp_path: Path, path, text
):
    if path == "whoosh":
        break_fast_path(monkeypatch)
    folder = tmp_path / f"index-{path}"
    if path == "database":
        folder.write_text("not a folder: no index can be written here")
    service = SearchService(str(folder))
    result = service.search(session, SearchQuery(text=text, regions=("london",)))
    assert result.answered_by == path
    found = {str(i.id): i.name for i in session.scalars(select(Intervention))}
    assert [found[i] for i in result.ids] == ["Bravo", "Alpha"]


@pytest.mark.parametrize("days_ago", [0, 89, 90, 91, 365, None])
def test_stale_in_search_means_what_the_label_means(days_ago):
    today = date(2026, 12, 4)
    confirmed = None if days_ago is None else datetime(2026, 12, 4, 9) - timedelta(days=days_ago)
    row = SimpleNamespace(region_slug="london", pdu_slug=None, confirmed_at=confirmed)
    table = FacetTable.load([("a", {"confirmed": oldest_confirmations([row])})])
    stale = stale_mask(table, SearchQuery(regions=("london",)), today, 90, {}) == 1
    assert stale == confirmation_is_stale(confirmed, today, 90)


def test_an_index_written_before_confirmations_were_indexed_is_rebuilt(app, session, pair):
    folder = Path(app.config["SEARCH_INDEX_DIR"])
    (folder / "current" / "FORMAT").unlink()  # as an index of the earlier format has none
    restarted = SearchService(str(folder))
    assert restarted.engine.revision() is None
    result = restarted.search(session, SearchQuery(text="accommodation"))
    assert (folder / "current" / "FORMAT").read_text() == "2"
    found = {str(i.id): i.name for i in session.scalars(select(Intervention))}
    assert [found[i] for i in result.ids] == ["Bravo", "Alpha"]
