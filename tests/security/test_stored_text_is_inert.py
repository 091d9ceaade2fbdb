"""Stored text is data, never markup: script and HTML payloads in every catalogue text field
are shown as text in the pages, stay exact strings in the JSON and the ORUK feed, cannot run
as formulas in CSV exports, and are printed as text in the PDFs."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

PAYLOADS = {
    "name": '=HYPERLINK("http://evil.example/","x") <script>alert(\'name\')</script>',
    "summary": "+cmd|' /C calc'!A0 \"><img src=x onerror=alert('summary')>",
    "description": "-2+3 <script>alert('description')</script><iframe src=javascript:alert(1)>",
    "what_you_will_do": "@SUM(1+1) <svg onload=alert('what_you_will_do')></svg> {{ 7*7 }}",
    "provider": "<b onmouseover=alert('provider')>Provider</b> ' OR 1=1 --",
    "eligibility_notes": "\t=1+1 <a href=\"javascript:alert('notes')\">x</a>",
    "contract_reference": "=1+2 <u>ref</u>",
}
PUBLIC_PAGE_FIELDS = ("name", "summary", "description", "what_you_will_do", "provider")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SLUG = "inert-payloads"


class ActiveMarkup(HTMLParser):
    """What a browser would run or render from a page: scripts, handlers, frames, and text."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        if tag in ("iframe", "svg", "object", "embed", "b", "u") or (
            tag == "img" and dict(attrs).get("src") == "x"
        ):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:...>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.problems.append("a <script> element running alert()")
        self.text.append(data)


def inspect_page(html: str) -> tuple[list[str], str]:
    parser = ActiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.problems, "".join(parser.text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def payload_entry(
    make_intervention: Callable[..., Any], make_availability: Callable[..., Any]
) -> Any:
    """An intervention with a payload in every text field, open in London."""
    fields = dict(PAYLOADS)
    name = fields.pop("name")
    entry = make_intervention(
        name=name,
        slug=SLUG,
        needs=["accommodation"],
        price=Decimal("120.50"),
        price_unit="per-session",
        **fields,
    )
    make_availability(entry, "london", confirmed_by="<script>alert('confirmed_by')</script>")
    return entry


def assert_inert(client: FlaskClient, url: str, shown: tuple[str, ...] = ()) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    problems, text = inspect_page(response.get_data(as_text=True))
    assert not problems, (url, problems)
    for field in shown:
        assert squash(PAYLOADS[field]) in squash(text), (url, field)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"/interventions/{SLUG}", PUBLIC_PAGE_FIELDS),
        ("/?q=hyperlink", ("name", "summary")),
        ("/?region=london&need=accommodation", ("name",)),
        ("/regions/london", ("name",)),
    ],
)
def test_payloads_are_text_in_public_pages(
    client: FlaskClient, payload_entry: Any, url: str, shown: tuple[str, ...]
) -> None:
    assert_inert(client, url, shown)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"/interventions/{SLUG}", (*PUBLIC_PAGE_FIELDS, "contract_reference")),
        ("/admin/interventions", ("name",)),
        (f"/admin/interventions/{SLUG}", ("name", "summary")),
        (f"/admin/interventions/{SLUG}/edit", ()),
        (f"/admin/interventions/{SLUG}/withdraw", ("name",)),
        ("/admin/regions/london/availability", ("name",)),
        ("/admin/quality", ()),
        ("/admin/coverage", ()),
    ],
)
def test_payloads_are_text_in_staff_pages(
    client: FlaskClient, login: Any, payload_entry: Any, url: str, shown: tuple[str, ...]
) -> None:
    login(client, "admin")
    assert_inert(client, url, shown)


def test_the_edit_form_shows_payloads_as_exact_field_values(
    client: FlaskClient, login: Any, payload_entry: Any
) -> None:
    login(client, "admin")
    html = client.get(f"/admin/interventions/{SLUG}/edit").get_data(as_text=True)
    values = FieldValues()
    values.feed(html)
    for field in ("name", "provider", "contract_reference"):
        assert values.values.get(field) == PAYLOADS[field], field
    for field in ("summary", "description", "what_you_will_do"):
        assert squash(values.textareas.get(field, "")) == squash(PAYLOADS[field]), field


class FieldValues(HTMLParser):
    """The value of every input and the text of every textarea, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str | None] = {}
        self.textareas: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("name"):
            self.values[str(found["name"])] = found.get("value")
        self._textarea = str(found.get("name")) if tag == "textarea" else None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.textareas[self._textarea] = self.textareas.get(self._textarea, "") + data

    def handle_endtag(self, tag: str) -> None:
        self._textarea = None


def test_payloads_are_exact_strings_in_the_json_api(
    client: FlaskClient, payload_entry: Any
) -> None:
    response = client.get(f"/api/v1/interventions/{SLUG}")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    record = response.get_json()
    for field in ("name", "summary", "description", "what_you_will_do", "provider"):
        assert record[field] == PAYLOADS[field], field
    listed = client.get("/api/v1/interventions", query_string={"q": "hyperlink"}).get_json()
    assert [r["name"] for r in listed["results"]] == [PAYLOADS["name"]]


def test_payloads_are_exact_strings_in_the_oruk_feed(
    client: FlaskClient, payload_entry: Any
) -> None:
    response = client.get(f"/oruk/services/{payload_entry.id}")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    service = response.get_json()
    assert service["name"] == PAYLOADS["name"]
    text = " ".join(all_strings(service))
    assert PAYLOADS["summary"] in text and PAYLOADS["description"] in text
    listed = client.get("/oruk/services").get_json()
    assert PAYLOADS["name"] in list(all_strings(listed))


def all_strings(value: Any) -> Any:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from all_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_strings(item)


@pytest.mark.parametrize("export", ["interventions", "availability"])
def test_no_exported_csv_cell_can_run_as_a_formula(
    client: FlaskClient, login: Any, payload_entry: Any, export: str
) -> None:
    login(client, "admin")
    response = client.get(f"/admin/export/{export}.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    cells = [cell for row in rows for cell in row]
    risky = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert not risky, risky
    if export == "interventions":
        for field in ("name", "summary", "description", "what_you_will_do", "contract_reference"):
            assert "'" + PAYLOADS[field] in cells, field


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "".join(page.extract_text() or "" for page in reader.pages)


def test_payloads_are_printed_as_text_in_the_regional_summary_pdf(
    client: FlaskClient, payload_entry: Any
) -> None:
    response = client.get("/regions/london/summary.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = squash(pdf_text(response.get_data()))
    assert squash("<script>alert('name')</script>") in text
    assert squash("onerror=alert('summary')>") in text


def test_payloads_are_text_in_a_proposal_and_its_pdfs(
    client: FlaskClient, login: Any, payload_entry: Any
) -> None:
    from tests.proposal.web.conftest import form_data

    login(client, "court-officer")
    saved = client.post(
        "/proposals/new",
        data=form_data(
            defendant_name="<script>alert('defendant')</script>",
            case_reference='"><img src=x onerror=alert(1)>',
            reoffending=["accommodation"],
            harm=[],
        ),
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    url = saved.headers["Location"]
    rationale = "<b onmouseover=alert('rationale')>Bold</b> =SUM(A1)"
    client.post(f"{url}/rationale", data={"version": "1", "rationale": rationale})
    assert_inert(client, url, ("name",))
    assert_inert(client, "/proposals")
    psr = pdf_text(client.get(f"{url}/psr.pdf").get_data())
    assert squash("<script>alert('defendant')</script>") in squash(psr)
    assert squash(rationale) in squash(psr)
    assert squash("<script>alert('name')</script>") in squash(psr)  # the activity's name
    sheet = client.get(f"{url}/defendant.pdf")
    assert sheet.status_code == 200 and sheet.mimetype == "application/pdf"
