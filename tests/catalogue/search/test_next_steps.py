"""No dead ends, sorting, regional variants and the PDU/region check, through the pages and
the API on real catalogue rows and a real index."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

API = "/api/v1/interventions"


def api(client, **params):
    response = client.get(API, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def labels(answer) -> list[str]:
    return [s["label"] for s in answer["suggestions"]]


def test_a_slip_gets_a_did_you_mean_from_the_index_vocabulary(client, make_intervention):
    make_intervention(name="Budgeting Club", needs=["finance-benefits-debt"])
    answer = api(client, q="budgetnig")  # two slips: beyond the one typo search forgives
    assert answer["total"] == 0
    assert labels(answer)[0] == "Did you mean “budgeting”?"
    assert api(client, q="budgeting")["total"] == 1
    assert answer["suggestions"][0]["url"].startswith(API + "?q=budgeting")


def test_removing_a_filter_offers_the_count_it_would_give(
    client, make_intervention, make_availability
):
    waiting = make_intervention(name="Housing Advice", needs=["accommodation"])
    make_availability(waiting, "london", status="waiting-list")
    answer = api(client, q="housing", region="london", open_now="1")
    assert answer["total"] == 0
    assert "1 activity if you remove ‘Open now’" in labels(answer)
    url = next(s["url"] for s in answer["suggestions"] if "Open now" in s["label"])
    assert "open_now" not in url and "region=london" in url


def test_the_same_search_in_all_regions_is_offered_with_its_count(
    client, make_intervention, make_availability
):
    elsewhere = make_intervention(name="Housing Advice", needs=["accommodation"])
    make_availability(elsewhere, "wales")
    answer = api(client, q="housing", region="london")
    assert "1 activity in all regions" in labels(answer)


def test_a_thesaurus_word_offers_its_need_area(client, session, app, make_intervention):
    from catalogue import search
    from catalogue.thesaurus import add_term, check_term, need_slugs

    make_intervention(name="Settled Homes", needs=["accommodation"])
    add_term(
        session, check_term("hostel", ["accommodation"], [], "editor", need_slugs(session)), "e"
    )
    with app.app_context():
        search.sync(session)
    answer = api(client, q="hostel", type="toolkit")
    assert answer["total"] == 0
    assert "All accommodation activities" in labels(answer)
    need_link = next(s["url"] for s in answer["suggestions"] if s["label"].startswith("All "))
    assert "type=" not in need_link and "need=accommodation" in need_link
    assert answer["understood"] == [{"term": "hostel", "means": "accommodation"}]


def test_a_search_with_results_offers_no_suggestions(client, make_intervention):
    make_intervention(name="Housing Advice")
    assert api(client, q="housing")["suggestions"] == []


def test_the_empty_page_shows_the_computed_suggestions(client, make_intervention):
    make_intervention(name="Budgeting Club", needs=["finance-benefits-debt"])
    page = client.get("/", query_string={"q": "budgetnig"}).get_data(as_text=True)
    assert "Did you mean “budgeting”?" in page


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Alpha", "Bravo", "Charlie"]),
        ("next_start", ["Charlie", "Alpha", "Bravo"]),
        ("wait", ["Bravo", "Charlie", "Alpha"]),
    ],
)
def test_results_sort_by_name_next_start_or_wait(
    client, make_intervention, make_availability, sort, expected
):
    today = date.today()
    for name, starts_in, wait in (("Alpha", 20, 9), ("Bravo", None, 1), ("Charlie", 5, 3)):
        iv = make_intervention(name=name)
        start = today + timedelta(days=starts_in) if starts_in is not None else None
        make_availability(iv, "london", next_start=start, wait_weeks=wait)
    answer = api(client, sort=sort, region="london")
    assert [r["name"] for r in answer["results"]] == expected


def test_an_unknown_sort_is_a_clear_400(client):
    response = client.get(API, query_string={"sort": "price"})
    assert response.status_code == 400 and response.get_json()["field"] == "sort"


def test_relevance_is_the_default_and_a_bookmark_keeps_the_sort(client, make_intervention):
    make_intervention(name="Housing Advice")
    page = client.get("/", query_string={"q": "housing", "sort": "name"}).get_data(as_text=True)
    assert '<option value="name" selected>' in page


def test_regional_variants_show_once_without_a_region(client, make_intervention, make_availability):
    for region, name in (("london", "London"), ("wales", "Wales"), ("north-east", "North East")):
        iv = make_intervention(name=f"Accommodation support ({name})", slug=f"acc-{region}")
        make_availability(iv, region)
    make_intervention(name="Settled Homes")
    page = client.get("/", query_string={"q": "accommodation"}).get_data(as_text=True)
    assert page.count('class="app-card"') == 2
    assert "Delivered as 3 regional services" in page
    assert "4 activities found, shown as 2 results" in page
    with_region = client.get("/", query_string={"q": "accommodation", "region": "wales"})
    text = with_region.get_data(as_text=True)
    assert "Accommodation support (Wales)" in text and "(London)" not in text


def test_the_pdu_list_follows_the_region(client):
    page = client.get("/", query_string={"region": "wales"}).get_data(as_text=True)
    pdu_select = page.split('id="pdu"', 1)[1].split("</select>", 1)[0]
    assert 'data-region="wales"' in pdu_select and 'data-region="london"' not in pdu_select


def test_a_pdu_outside_the_region_gets_a_clear_message(client):
    params = {"region": "london", "pdu": "stockton-and-hartlepool"}
    response = client.get(API, query_string=params)
    assert response.status_code == 400
    assert "is a PDU in North East, not in London" in response.get_json()["error"]
    page = client.get("/", query_string=params)
    assert page.status_code == 200
    assert "is a PDU in North East, not in London" in page.get_data(as_text=True)


def test_skip_links_lead_to_the_search_box_and_the_results(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="#q"' in page and 'id="q"' in page
    assert 'href="#results"' in page and 'id="results"' in page


def test_a_printed_page_lists_the_search_and_filters_chosen(client):
    page = client.get("/", query_string={"q": "housing", "region": "london"}).get_data(as_text=True)
    printed = page.split('class="app-print-only"', 1)[1].split("</div>", 1)[0]
    assert "Words: “housing”" in printed and "Region: London" in printed
