"""The read API: filters alone and combined, facet counts, errors, records and OpenAPI."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from jsonschema import Draft202012Validator

API = "/api/v1/interventions"
FACETS = ("need", "region", "type", "format", "eip_status", "gender")
FACET_PARAM_LISTS = {"need", "region", "type", "format", "eip_status"}


def get_json(client: Any, url: str, **params: Any) -> dict[str, Any]:
    """GET an API URL that must answer 200, returning the JSON."""
    response = client.get(url, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()  # type: ignore[no-any-return]


def everything(client: Any, **params: Any) -> list[dict[str, Any]]:
    """Every result over all pages."""
    results, page = [], 1
    while True:
        body = get_json(client, API, per_page=100, page=page, **params)
        results += body["results"]
        if page >= body["pages"]:
            return results
        page += 1


def keys_anywhere(value: Any) -> set[str]:
    """Every dict key in a JSON value, however deep."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_anywhere(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_anywhere(v)}
    return set()


# --- Each filter alone and combined (seed catalogue, read-only) ---------------------------


@pytest.mark.parametrize(
    ("param", "value", "holds"),
    [
        ("need", "accommodation", lambda r: "accommodation" in r["needs"]),
        ("type", "structured-intervention", lambda r: r["type"] == "structured-intervention"),
        ("format", "one-to-one", lambda r: r["format"] == "one-to-one"),
        ("eip_status", "approved", lambda r: r["eip_status"] == "approved"),
        ("gender", "female", lambda r: r["eligibility"]["gender"] in ("any", "women")),
        ("gender", "male", lambda r: r["eligibility"]["gender"] in ("any", "men")),
        ("min_sessions", 10, lambda r: r["sessions"]["total"] >= 10),
        ("max_sessions", 8, lambda r: r["sessions"]["total"] <= 8),
        (
            "region",
            "london",
            lambda r: any(a["status"] != "not-available" for a in r["availability"]),
        ),
    ],
)
def test_each_filter_alone_keeps_only_matching_results(seeded_client, param, value, holds):
    """Every result satisfies the filter, and something does."""
    everything_total = get_json(seeded_client, API)["total"]
    results = everything(seeded_client, **{param: value})
    assert results, f"{param}={value} found nothing in the seed"
    assert all(holds(r) for r in results)
    assert len(results) <= everything_total


def test_open_now_alone_keeps_activities_open_somewhere(seeded_client):
    """Each result has an open availability row; something is left out."""
    results = everything(seeded_client, open_now="true")
    assert results
    for result in results:
        detail = get_json(seeded_client, f"{API}/{result['slug']}")
        assert any(a["status"] == "open" for a in detail["availability"])
    assert len(results) < get_json(seeded_client, API)["total"]


def test_filters_combine_as_and_across_filters_and_or_within_one(seeded_client):
    """need=a&need=b is either; adding region and type narrows by both."""
    either = everything(seeded_client, need=["accommodation", "ete"])
    assert all({"accommodation", "ete"} & set(r["needs"]) for r in either)
    accommodation = everything(seeded_client, need="accommodation")
    assert len(either) >= len(accommodation)
    combined = everything(
        seeded_client, need=["accommodation", "ete"], region="london", type="crs", gender="female"
    )
    assert combined
    for r in combined:
        assert {"accommodation", "ete"} & set(r["needs"])
        assert r["type"] == "crs"
        assert r["eligibility"]["gender"] != "men"
        assert r["availability"] and all(a["region"] == "london" for a in r["availability"])
    assert len(combined) <= len(either)


@pytest.mark.parametrize(
    "base",
    [
        {},
        {"region": "london"},
        {"need": "accommodation", "open_now": "1"},
        {"type": "structured-intervention", "gender": "female", "q": "emotions"},
    ],
)
def test_facet_counts_equal_the_totals_of_choosing_each_value(seeded_client, base):
    """For each value v of facet F: total with F=[v] and the other filters unchanged."""
    facets = get_json(seeded_client, API, **base)["facets"]
    assert set(FACETS) <= set(facets)
    for facet in FACETS:
        for value, count in facets[facet].items():
            params = {**base, facet: value}
            total = get_json(seeded_client, API, per_page=1, **params)["total"]
            assert total == count, (facet, value, base)


def test_facets_list_every_vocabulary_value(seeded_client):
    """Counts are present (possibly zero) for every need, region and reference value."""
    facets = get_json(seeded_client, API)["facets"]
    needs = {n["slug"] for n in get_json(seeded_client, "/api/v1/needs")}
    regions = {r["slug"] for r in get_json(seeded_client, "/api/v1/regions")}
    assert set(facets["need"]) == needs
    assert set(facets["region"]) == regions
    assert set(facets["gender"]) == {"any", "male", "female"}


def test_pagination_pages_through_every_result_once(seeded_client):
    """Pages of five hold distinct results that add up to the total."""
    first = get_json(seeded_client, API, per_page=5)
    assert len(first["results"]) == 5 and first["per_page"] == 5
    ids = [
        r["id"]
        for page in range(1, first["pages"] + 1)
        for r in get_json(seeded_client, API, per_page=5, page=page)["results"]
    ]
    assert len(ids) == len(set(ids)) == first["total"]
    beyond = get_json(seeded_client, API, per_page=5, page=first["pages"] + 1)
    assert beyond["results"] == [] and beyond["total"] == first["total"]


def test_results_show_availability_only_for_the_chosen_region(seeded_client):
    """Without a place no availability key; with a region only that region's rows."""
    plain = get_json(seeded_client, API)["results"]
    assert all("availability" not in r for r in plain)
    in_london = get_json(seeded_client, API, region="london")["results"]
    assert all(a["region"] == "london" for r in in_london for a in r["availability"])


# --- Gender, PDU and open now, on rows made for the test ---------------------------------


def test_an_intervention_for_men_never_appears_for_a_woman(client, make_intervention):
    """Men-only suits male only; any suits both; women-only suits female only."""
    men = make_intervention(name="For men", gender="men")
    anyone = make_intervention(name="For anyone", gender="any")
    women = make_intervention(name="For women", gender="women")
    female = {r["id"] for r in everything(client, gender="female")}
    male = {r["id"] for r in everything(client, gender="men")}
    assert female == {str(anyone.id), str(women.id)}
    assert male == {str(anyone.id), str(men.id)}
    assert len(everything(client, gender="any")) == 3


def test_pdu_filter_keeps_that_pdu_and_region_wide_rows(
    client, make_intervention, make_availability
):
    """A PDU row counts for its PDU only; a region-wide row counts for every PDU."""
    pdus = get_json(client, "/api/v1/regions")
    london = next(r for r in pdus if r["slug"] == "london")["pdus"]
    here, there = london[0]["slug"], london[1]["slug"]
    in_pdu = make_intervention(name="In one PDU")
    region_wide = make_intervention(name="Region wide")
    elsewhere = make_intervention(name="Other PDU")
    make_availability(in_pdu, "london", pdu=here)
    make_availability(region_wide, "london")
    make_availability(elsewhere, "london", pdu=there)
    body = get_json(client, API, pdu=here)
    assert {r["name"] for r in body["results"]} == {"In one PDU", "Region wide"}
    for result in body["results"]:
        assert {a["pdu"] for a in result["availability"]} <= {None, here}


def test_open_now_keeps_only_open_rows_in_the_region(client, make_intervention, make_availability):
    """Waiting-list and paused are available but not open; not-available is neither."""
    statuses = ("open", "waiting-list", "paused", "not-available")
    made = {s: make_intervention(name=f"Status {s}") for s in statuses}
    for status, intervention in made.items():
        make_availability(intervention, "london", status=status)
    make_availability(made["waiting-list"], "wales", status="open")
    available = {r["name"] for r in everything(client, region="london")}
    assert available == {"Status open", "Status waiting-list", "Status paused"}
    open_in_london = {r["name"] for r in everything(client, region="london", open_now="yes")}
    assert open_in_london == {"Status open"}
    open_anywhere = {r["name"] for r in everything(client, open_now="on")}
    assert open_anywhere == {"Status open", "Status waiting-list"}
    assert len(everything(client, region="london", open_now="no")) == 3


def test_withdrawn_and_expired_interventions_are_not_found(client, make_intervention):
    """Neither searchable nor readable by id or slug."""
    withdrawn = make_intervention(name="Withdrawn one", status="withdrawn")
    expired = make_intervention(name="Expired one", valid_to=date.today() - timedelta(days=1))
    current = make_intervention(name="Current one")
    names = {r["name"] for r in everything(client)}
    assert names == {"Current one"}
    for gone in (withdrawn, expired):
        for key in (gone.slug, str(gone.id)):
            response = client.get(f"{API}/{key}")
            assert response.status_code == 404
            assert "error" in response.get_json()
    assert get_json(client, f"{API}/{current.slug}")["id"] == str(current.id)


# --- One intervention ---------------------------------------------------------------------


def test_detail_is_the_full_public_record_without_prices(
    client, make_intervention, make_availability
):
    """By slug or UUID; eligibility, sessions, RAR days, availability; never a price."""
    intervention = make_intervention(
        name="Full record",
        needs=["accommodation", "ete"],
        pre_group_sessions=1,
        one_to_one_sessions=2,
        group_sessions=12,
        same_day_sessions=2,
        session_minutes=120,
        gender="men",
        min_age=18,
        min_ogrs3=25,
        min_ovp=20,
        eip_status="approved",
        eip_decided_on=date(2024, 3, 1),
        provider="Sample Provider Ltd",
        is_sample=True,
        price=Decimal("1234.50"),
        price_unit="per-place",
        contract_reference="SAMPLE-CONTRACT-9",
    )
    confirmed = datetime.now() - timedelta(days=10)
    make_availability(
        intervention,
        "london",
        next_start=date(2030, 1, 2),
        places=4,
        wait_weeks=3,
        confirmed_at=confirmed,
    )
    by_slug = get_json(client, f"{API}/{intervention.slug}")
    assert by_slug == get_json(client, f"{API}/{intervention.id}")
    assert by_slug["needs"] == ["accommodation", "ete"]
    assert by_slug["sessions"] == {
        "pre_group": 1,
        "one_to_one": 2,
        "group": 12,
        "total": 15,
        "session_minutes": 120,
        "same_day": 2,
    }
    assert by_slug["rar_days"] == 13
    assert by_slug["eligibility"]["gender"] == "men"
    assert by_slug["eligibility"]["min_ogrs3"] == 25 and by_slug["eligibility"]["min_ovp"] == 20
    assert by_slug["eip_status"] == "approved" and by_slug["eip_decided_on"] == "2024-03-01"
    assert by_slug["provider"] == "Sample Provider Ltd" and by_slug["sample"] is True
    assert by_slug["availability"] == [
        {
            "region": "london",
            "region_name": by_slug["availability"][0]["region_name"],
            "pdu": None,
            "pdu_name": None,
            "status": "open",
            "next_start": "2030-01-02",
            "places": 4,
            "wait_weeks": 3,
            "confirmed_at": confirmed.date().isoformat(),
            "stale": False,
        }
    ]
    text = str(by_slug)
    assert not {"price", "price_unit", "contract_reference"} & keys_anywhere(by_slug)
    assert "1234.5" not in text and "SAMPLE-CONTRACT-9" not in text
    listed = get_json(client, API, region="london")
    assert not {"price", "price_unit", "contract_reference"} & keys_anywhere(listed)


def test_stale_is_worked_out_from_the_configured_days(
    client, app, make_intervention, make_availability
):
    """Confirmed longer ago than STALE_AFTER_DAYS is stale; never confirmed is stale."""
    intervention = make_intervention(name="Stale check")
    days = app.config["STALE_AFTER_DAYS"]
    make_availability(
        intervention, "london", confirmed_at=datetime.now() - timedelta(days=days + 5)
    )
    make_availability(intervention, "wales", confirmed_at=datetime.now() - timedelta(days=days - 5))
    make_availability(intervention, "north-east", confirmed_at=None)
    rows = {
        a["region"]: a["stale"]
        for a in get_json(client, f"{API}/{intervention.slug}")["availability"]
    }
    assert rows == {"london": True, "wales": False, "north-east": True}


def test_an_unknown_intervention_is_a_json_404(client):
    """Unknown slugs and UUIDs alike."""
    for key in ("no-such-thing", "00000000-0000-0000-0000-000000000000"):
        response = client.get(f"{API}/{key}")
        assert response.status_code == 404
        assert response.is_json and response.get_json()["error"]


# --- Errors and awkward input --------------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("need", "nonsense"),
        ("region", "atlantis"),
        ("pdu", "nowhere"),
        ("format", "carrier-pigeon"),
        ("type", "magic"),
        ("eip_status", "maybe"),
        ("gender", "robot"),
        ("page", "0"),
        ("page", "two"),
        ("page", "-1"),
        ("per_page", "0"),
        ("per_page", "101"),
        ("per_page", "1e3"),
        ("min_sessions", "x"),
        ("min_sessions", "-3"),
        ("max_sessions", "3.5"),
        ("open_now", "perhaps"),
    ],
)
def test_bad_values_answer_400_naming_the_field(seeded_client, param, value):
    """An unknown filter value or malformed number is a 400 with error and field."""
    response = seeded_client.get(API, query_string={param: value})
    assert response.status_code == 400
    body = response.get_json()
    assert body["field"] == param and body["error"]


def test_minimum_above_maximum_is_a_400_on_max_sessions(seeded_client):
    """The range must make sense."""
    response = seeded_client.get(API, query_string={"min_sessions": 9, "max_sessions": 3})
    assert response.status_code == 400 and response.get_json()["field"] == "max_sessions"


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced quote',
        "(open bracket",
        "closing] bracket)",
        "AND",
        "accommodation AND",
        "*",
        "acc*",
        "title:foo",
        "a" * 10_000,
        "emotions \x00\x07\x1b[31m control",
        "\u202eright-to-left override",
        "",
    ],
)
def test_malformed_free_text_is_never_an_error(seeded_client, q):
    """Search syntax typed by accident falls back to plain words."""
    body = get_json(seeded_client, API, q=q)
    assert isinstance(body["total"], int)


def test_overlong_free_text_is_trimmed_with_a_notice(seeded_client):
    """Only the first 200 characters are used, and the answer says so."""
    body = get_json(seeded_client, API, q="accommodation " * 100)
    assert body["notices"] and "200" in body["notices"][0]


def test_free_text_finds_by_word(seeded_client):
    """A need word finds activities for that need."""
    body = get_json(seeded_client, API, q="accommodation")
    assert body["total"] > 0


# --- Reference lists and the OpenAPI document ---------------------------------------------


def test_regions_have_pdus_and_courts(seeded_client):
    """All 12 regions, each with its PDUs and courts."""
    regions = get_json(seeded_client, "/api/v1/regions")
    assert len(regions) == 12
    london = next(r for r in regions if r["slug"] == "london")
    assert london["name"] and len(london["pdus"]) >= 3 and len(london["courts"]) >= 3
    assert {"slug", "name"} <= set(london["pdus"][0])
    pdu_slugs = {p["slug"] for p in london["pdus"]}
    assert all(c["pdu"] in pdu_slugs for c in london["courts"])


def test_needs_are_the_nine_need_areas(seeded_client):
    """Slugs and labels, in the guidance order."""
    needs = get_json(seeded_client, "/api/v1/needs")
    assert [n["slug"] for n in needs][:2] == ["accommodation", "ete"]
    assert len(needs) == 9 and all(n["label"] for n in needs)


def _validator(document: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": document["components"]})


def test_openapi_document_describes_the_api_and_matches_real_answers(seeded_client):
    """Paths, parameters and schemas exist; real responses validate against them."""
    doc = get_json(seeded_client, "/api/v1/openapi.json")
    assert doc["openapi"].startswith("3.")
    for path in (API, API + "/{id_or_slug}", "/api/v1/regions", "/api/v1/needs"):
        assert path in doc["paths"]
    names = {p["name"] for p in doc["paths"][API]["get"]["parameters"]}
    assert names == {
        "q",
        "exact",
        "sort",
        "need",
        "region",
        "pdu",
        "format",
        "type",
        "eip_status",
        "gender",
        "min_sessions",
        "max_sessions",
        "open_now",
        "page",
        "per_page",
    }
    listing = get_json(seeded_client, API, region="london", per_page=3)
    schema = doc["paths"][API]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    _validator(doc, schema).validate(listing)
    detail_op = doc["paths"][API + "/{id_or_slug}"]["get"]
    detail = get_json(seeded_client, f"{API}/{listing['results'][0]['slug']}")
    schema = detail_op["responses"]["200"]["content"]["application/json"]["schema"]
    _validator(doc, schema).validate(detail)
    for path in ("/api/v1/regions", "/api/v1/needs"):
        schema = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]
        _validator(doc, schema).validate(get_json(seeded_client, path))
    error = seeded_client.get(API, query_string={"need": "nonsense"}).get_json()
    _validator(doc, {"$ref": "#/components/schemas/Error"}).validate(error)


def test_openapi_paths_can_be_extended(seeded_app):
    """Other packages register their endpoints; the document includes them."""
    from catalogue import openapi

    openapi.register_path("/api/v1/example", {"get": {"responses": {"200": {"description": "x"}}}})
    try:
        assert "/api/v1/example" in openapi.document()["paths"]
    finally:
        openapi.PATHS.pop("/api/v1/example")


def test_the_footer_api_link_leads_to_the_document(seeded_client):
    """The footer's API page links to the OpenAPI JSON."""
    response = seeded_client.get("/api")
    assert response.status_code == 200
    assert 'href="/api/v1/openapi.json"' in response.get_data(as_text=True)


def test_an_accredited_programme_carries_no_rar_days(client, make_intervention):
    """A programme is its own requirement: rar_days is null, sessions still shown, and valid."""
    programme = make_intervention(
        name="Thinking Skills",
        type="accredited-programme",
        pre_group_sessions=0,
        one_to_one_sessions=0,
        group_sessions=19,
    )
    activity = make_intervention(
        name="Better Choices", pre_group_sessions=0, one_to_one_sessions=0, group_sessions=6
    )
    doc = get_json(client, "/api/v1/openapi.json")
    detail_op = doc["paths"][API + "/{id_or_slug}"]["get"]
    schema = detail_op["responses"]["200"]["content"]["application/json"]["schema"]
    detail = get_json(client, f"{API}/{programme.slug}")
    assert detail["rar_days"] is None
    assert detail["sessions"]["group"] == 19 and detail["sessions"]["total"] == 19
    _validator(doc, schema).validate(detail)
    assert get_json(client, f"{API}/{activity.slug}")["rar_days"] == 6
    listed = {r["slug"]: r["rar_days"] for r in everything(client)}
    assert listed == {programme.slug: None, activity.slug: 6}
