"""The OGRS3 calculator page: open to all, every term shown, errors beside fields."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.proposal.web.conftest import date_boxes

FACTORS = {
    "gender": "male",
    "age": "20",
    "age_at_first_sanction": "20",
    "previous_sanctions": "0",
    "offence_category": "violence",
}


def test_anyone_can_calculate_and_see_each_term(client: FlaskClient) -> None:
    assert client.get("/ogrs3").status_code == 200
    html = client.post("/ogrs3", data=FACTORS).get_data(as_text=True)
    assert "22% in two years" in html and "12% in one year · none band" in html
    for term in (
        "Male aged 20 at follow-up",
        "1 sanction(s) including this one",
        "Current offence: violence",
        "One-year intercept",
        "Two-year intercept",
    ):
        assert term in html, term


def test_the_dates_can_give_the_age(client: FlaskClient) -> None:
    data = {
        **FACTORS,
        "age": "",
        **date_boxes("date_of_birth", "1995-01-01"),
        **date_boxes("sentence_date", "2025-06-01"),
        "age_at_first_sanction": "30",
    }
    html = client.post("/ogrs3", data=data).get_data(as_text=True)
    assert "Male aged 30 at follow-up" in html


def test_errors_are_shown_beside_the_fields(client: FlaskClient) -> None:
    html = client.post("/ogrs3", data={**FACTORS, "age_at_first_sanction": "25"}).get_data(
        as_text=True
    )
    assert '<a href="#age_at_first_sanction">Age at first sanction cannot be after' in html
    missing = client.post("/ogrs3", data={**FACTORS, "age": ""}).get_data(as_text=True)
    assert '<a href="#age">Enter the age, or the date of birth and the sentence date</a>' in missing
    young = client.post("/ogrs3", data={**FACTORS, "age": "16", "age_at_first_sanction": "16"})
    assert "OGRS3 applies to adults aged 18 or over" in young.get_data(as_text=True)
