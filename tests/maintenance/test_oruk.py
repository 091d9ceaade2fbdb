"""The Open Referral UK feed: every service valid HSDS 3.0, paged as ORUK says, no prices."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

HSDS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "hsds-3.0"
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def _format_checker() -> FormatChecker:
    """jsonschema's checks, plus uri and date-time (their optional packages are not installed)."""
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        parsed = urlparse(str(value))
        return bool(parsed.scheme and parsed.netloc)

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).tzinfo is not None

    return checker


def _validator(name: str) -> Draft202012Validator:
    """A validator for one HSDS schema file; its relative $refs resolve to files beside it."""
    schema = json.loads((HSDS / name).read_text(encoding="utf-8"))
    registry = Registry().with_resources(
        (path.name, DRAFT202012.create_resource(json.loads(path.read_text(encoding="utf-8"))))
        for path in HSDS.glob("*.json")
    )
    return Draft202012Validator(schema, registry=registry, format_checker=_format_checker())


@pytest.fixture(scope="module")
def service_schema() -> Draft202012Validator:
    """compiled/service.json: a whole service with its organization, areas and terms."""
    return _validator("compiled/service.json")


def assert_valid(validator: Draft202012Validator, record: dict) -> None:
    """Fail with every schema error, not just the first."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(record)]
    assert not errors, errors


def test_the_format_checks_are_live(service_schema):
    assert list(service_schema.iter_errors({"id": "not-a-uuid", "name": "x", "status": "active"}))
    assert list(
        service_schema.iter_errors(
            {
                "id": "5f0c8f0e-2b7a-4d59-9d7e-3a1f6c2e8b41",
                "name": "x",
                "status": "active",
                "url": "not a url",
            }
        )
    )


def test_every_seed_service_is_valid_hsds_in_the_list_and_alone(seeded_client, service_schema):
    first = seeded_client.get("/oruk/services?per_page=500").get_json()
    assert first["total_items"] == len(first["contents"]) > 50
    for item in first["contents"]:
        assert_valid(service_schema, item)
        detail = seeded_client.get(f"/oruk/services/{item['id']}")
        assert detail.status_code == 200
        assert_valid(service_schema, detail.get_json())
        assert detail.get_json() == item


def test_pages_cover_every_service_once(seeded_client):
    everything = seeded_client.get("/oruk/services?per_page=500").get_json()
    seen, page = [], 1
    while True:
        body = seeded_client.get(f"/oruk/services?page={page}&per_page=20").get_json()
        assert set(body) == PAGE_KEYS
        assert body["page_number"] == page and body["size"] == len(body["contents"])
        assert body["first_page"] == (page == 1)
        seen += [s["id"] for s in body["contents"]]
        if body["last_page"]:
            break
        page += 1
    assert page == -(-everything["total_items"] // 20)
    assert sorted(seen) == sorted(s["id"] for s in everything["contents"])
    beyond = seeded_client.get(f"/oruk/services?page={page + 1}&per_page=20").get_json()
    assert beyond["empty"] is True and beyond["contents"] == [] and beyond["last_page"] is True


@pytest.mark.parametrize(
    "query", ["page=0", "page=abc", "page=-1", "per_page=0", "per_page=501", "per_page=2.5"]
)
@pytest.mark.parametrize("path", ["/oruk/services", "/oruk/taxonomies", "/oruk/taxonomy_terms"])
def test_bad_paging_is_a_json_400(seeded_client, path, query):
    response = seeded_client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert "must be a whole number" in response.get_json()["error"]


def test_need_areas_are_terms_and_regions_are_service_areas(
    client, make_intervention, make_availability
):
    iv = make_intervention(name="Housing Help", needs=["accommodation", "ete"])
    make_availability(iv, "north-east", status="open")
    make_availability(iv, "london", pdu="camden-and-islington", status="waiting-list")
    make_availability(iv, "wales", status="not-available")
    body = client.get(f"/oruk/services/{iv.id}").get_json()
    terms = {a["taxonomy_term"]["code"]: a["taxonomy_term"] for a in body["attributes"]}
    assert set(terms) == {"accommodation", "ete", "crs"}
    assert terms["ete"]["taxonomy_detail"]["name"] == "RAR need areas"
    areas = {a["name"]: a["description"] for a in body["service_areas"]}
    assert areas == {
        "North East": "Open (whole region)",
        "London": "Waiting list (Camden and Islington)",
    }
    assert body["status"] == "active"
    listed = client.get("/oruk/taxonomy_terms").get_json()["contents"]
    assert terms["ete"] in listed


def test_no_price_or_contract_is_published(client, make_intervention):
    iv = make_intervention(
        name="Paid Service",
        price=Decimal("123.45"),
        price_unit="per-place",
        contract_reference="CONTRACT-XYZ-9",
        is_sample=True,
    )
    text = client.get(f"/oruk/services/{iv.id}").get_data(as_text=True)
    listed = client.get("/oruk/services").get_data(as_text=True)
    for secret in ("123.45", "CONTRACT-XYZ-9", '"price', '"contract'):
        assert secret not in text and secret not in listed
    assert "Sample data" in text


def test_withdrawn_and_out_of_date_interventions_are_not_published(client, make_intervention):
    live = make_intervention(name="Live One")
    gone = make_intervention(name="Gone One", status="withdrawn")
    ended = make_intervention(name="Ended One", valid_to=date.today() - timedelta(days=1))
    future = make_intervention(name="Future One", valid_from=date.today() + timedelta(days=1))
    ids = [s["id"] for s in client.get("/oruk/services").get_json()["contents"]]
    assert ids == [str(live.id)]
    for iv in (gone, ended, future):
        response = client.get(f"/oruk/services/{iv.id}")
        assert response.status_code == 404 and "error" in response.get_json()
    assert client.get("/oruk/services/not-a-uuid").status_code == 404


def test_taxonomies_and_terms_are_valid_hsds(seeded_client):
    taxonomy_schema, term_schema = _validator("taxonomy.json"), _validator("taxonomy_term.json")
    taxonomies = seeded_client.get("/oruk/taxonomies").get_json()
    assert {t["name"] for t in taxonomies["contents"]} >= {"RAR need areas"}
    for item in taxonomies["contents"]:
        assert_valid(taxonomy_schema, item)
    terms = seeded_client.get("/oruk/taxonomy_terms?per_page=500").get_json()
    codes = [t["code"] for t in terms["contents"]]
    assert codes[:3] == ["accommodation", "ete", "relationships"]
    assert terms["total_items"] == len(codes) == 9 + 5
    for item in terms["contents"]:
        assert_valid(term_schema, item)
    assert len({t["id"] for t in terms["contents"]}) == len(codes)


def test_the_feed_describes_itself_and_is_open_to_any_origin(seeded_client):
    response = seeded_client.get("/oruk/")
    assert response.get_json()["version"] == "3.0"
    assert seeded_client.get("/oruk/services").headers["Access-Control-Allow-Origin"] == "*"
