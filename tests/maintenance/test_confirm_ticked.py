"""Confirming availability on the grid: only ticked rows, only with the statement, a second
step above ten rows, the method recorded, and tampered forms refused without a change."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from catalogue.models import Availability
from tests.conftest import make_app
from tests.maintenance.editing_support import audit_rows, fresh
from tests.security.conftest import csrf_token_from, sign_in_with_token

LONG_AGO = datetime.now().replace(microsecond=0) - timedelta(days=200)
GRID = "/admin/regions/london/availability"
STATEMENT = "I checked these with the provider today"


@pytest.fixture
def editor(client: FlaskClient, login: Callable[..., Any]) -> Any:
    """The client signed in as an interventions editor for London."""
    return login(client, "interventions-editor", ("london",))


@pytest.fixture
def stale_rows(
    make_intervention: Callable[..., Any], make_availability: Callable[..., Any]
) -> Callable[[int], list[Availability]]:
    """A factory: this many London rows, all last confirmed long ago, named in grid order."""

    def create(count: int) -> list[Availability]:
        return [
            make_availability(
                make_intervention(name=f"Course {n:02d}"), "london", confirmed_at=LONG_AGO
            )
            for n in range(count)
        ]

    return create


def ticked(rows: list[Availability], stated: bool = True) -> MultiDict[str, Any]:
    """The grid form as a browser posts it with these rows ticked."""
    form: MultiDict[str, Any] = MultiDict([("rows", str(row.id)) for row in rows])
    for row in rows:
        form.add(f"v-{row.id}", str(row.version))
    if stated:
        form.add("checked_with_provider", "yes")
    return form


def confirmed_today(app: Flask, rows: list[Availability]) -> list[bool]:
    """Whether each row is now confirmed later than LONG_AGO."""
    return [fresh(app, Availability, row.id).confirmed_at != LONG_AGO for row in rows]


def hidden_fields(html: str) -> MultiDict[str, str]:
    """The hidden inputs of a page's forms, as the browser would post them."""
    return MultiDict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))


def test_the_grid_offers_a_tick_per_row_and_the_statement_but_no_confirm_all(
    client: FlaskClient, editor: Any, stale_rows: Callable[[int], list[Availability]]
) -> None:
    rows = stale_rows(3)
    html = client.get(GRID).get_data(as_text=True)
    ticks = re.findall(r'name="rows" type="checkbox" value="(\d+)" form="confirm-ticked"', html)
    assert ticks == [str(row.id) for row in rows]
    assert 'id="confirm-ticked"' in html and STATEMENT in html
    assert 'name="checked_with_provider" type="checkbox" value="yes"' in html
    assert "Confirm all" not in html
    assert html.count("Confirm still accurate") == 3


def test_only_the_ticked_rows_are_confirmed_and_each_records_the_editor(
    app: Flask, client: FlaskClient, editor: Any, stale_rows: Callable[[int], list[Availability]]
) -> None:
    rows = stale_rows(3)
    response = client.post(f"{GRID}/confirm", data=ticked([rows[0], rows[2]]))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 rows confirmed as still accurate" in page
    assert confirmed_today(app, rows) == [True, False, True]
    saved = fresh(app, Availability, rows[0].id)
    assert (saved.confirmed_by, saved.confirmed_via) == (editor.email, "editor")
    assert fresh(app, Availability, rows[1].id).confirmed_via is None
    events = audit_rows(app, entity_type="availability", entity_id=str(rows[0].id))
    assert {(e.action, e.field, e.new_value) for e in events if e.field == "confirmed_via"} == {
        ("confirm", "confirmed_via", "editor")
    }
    assert "By an editor" in page


def test_nothing_ticked_is_refused_with_a_clear_error_and_changes_nothing(
    app: Flask, client: FlaskClient, editor: Any, stale_rows: Callable[[int], list[Availability]]
) -> None:
    rows = stale_rows(2)
    response = client.post(f"{GRID}/confirm", data=ticked([]))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html and "Tick the rows you checked with the provider" in html
    assert confirmed_today(app, rows) == [False, False]
    assert audit_rows(app, entity_type="availability", action="confirm") == []


def test_ticks_without_the_statement_are_refused_and_kept_ticked(
    app: Flask, client: FlaskClient, editor: Any, stale_rows: Callable[[int], list[Availability]]
) -> None:
    rows = stale_rows(3)
    response = client.post(f"{GRID}/confirm", data=ticked(rows[:2], stated=False))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Confirm that you checked the ticked rows with the provider today" in html
    kept = re.findall(r'value="(\d+)" form="confirm-ticked" checked', html)
    assert kept == [str(rows[0].id), str(rows[1].id)]
    assert confirmed_today(app, rows) == [False, False, False]


def test_ten_ticked_rows_are_confirmed_at_once(
    app: Flask, client: FlaskClient, editor: Any, stale_rows: Callable[[int], list[Availability]]
) -> None:
    rows = stale_rows(10)
    assert client.post(f"{GRID}/confirm", data=ticked(rows)).status_code == 303
    assert all(confirmed_today(app, rows))


def test_more_than_ten_rows_ask_once_more_listing_them_and_confirm_only_after_the_yes(
    app: Flask, client: FlaskClient, editor: Any, stale_rows: Callable[[int], list[Availability]]
) -> None:
    rows = stale_rows(13)
    first = client.post(f"{GRID}/confirm", data=ticked(rows[:12]))
    html = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "Are you sure? You are confirming 12 rows" in html
    assert re.findall(r'data-label="Intervention">(Course \d\d)<', html) == [
        f"Course {n:02d}" for n in range(12)
    ]
    assert not any(confirmed_today(app, rows))

    second = hidden_fields(html)
    second.add("decision", "confirm")
    done = client.post(f"{GRID}/confirm", data=second)
    assert done.status_code == 303
    assert "12 rows confirmed as still accurate" in client.get(GRID).get_data(as_text=True)
    assert confirmed_today(app, rows) == [True] * 12 + [False]
    assert {fresh(app, Availability, row.id).confirmed_via for row in rows[:12]} == {"editor"}


def test_a_yes_given_for_another_number_of_rows_asks_again(
    app: Flask, client: FlaskClient, editor: Any, stale_rows: Callable[[int], list[Availability]]
) -> None:
    rows = stale_rows(12)
    form = ticked(rows)
    form.add("sure", "11")
    response = client.post(f"{GRID}/confirm", data=form)
    assert "Are you sure? You are confirming 12 rows" in response.get_data(as_text=True)
    assert not any(confirmed_today(app, rows))


def test_changing_the_ticks_from_the_second_step_goes_back_with_them_kept(
    app: Flask, client: FlaskClient, editor: Any, stale_rows: Callable[[int], list[Availability]]
) -> None:
    rows = stale_rows(11)
    html = client.post(f"{GRID}/confirm", data=ticked(rows)).get_data(as_text=True)
    back = hidden_fields(html)
    back.add("decision", "change")
    response = client.post(f"{GRID}/confirm", data=back)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" not in page
    assert len(re.findall(r'form="confirm-ticked" checked', page)) == 11
    assert re.search(r'id="checked_with_provider"[^>]* value="yes" checked>', page)
    assert not any(confirmed_today(app, rows))


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda form, other: form.add("rows", str(other.id)), id="another-region"),
        pytest.param(lambda form, other: form.add("rows", "abc"), id="not-a-number"),
        pytest.param(lambda form, other: form.add("rows", "9" * 30), id="huge-number"),
        pytest.param(lambda form, other: form.add("rows", "-1"), id="negative"),
        pytest.param(lambda form, other: form.add("rows", "999999"), id="no-such-row"),
        pytest.param(
            lambda form, other: form.setlist(next(k for k in form if k.startswith("v-")), ["x"]),
            id="version-not-a-number",
        ),
    ],
)
def test_a_tampered_form_is_refused_without_a_500_and_confirms_nothing(
    app: Flask,
    client: FlaskClient,
    editor: Any,
    stale_rows: Callable[[int], list[Availability]],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
    tamper: Callable[[MultiDict[str, Any], Availability], None],
) -> None:
    rows = stale_rows(2)
    other = make_availability(
        make_intervention(name="Welsh Course"), "wales", confirmed_at=LONG_AGO
    )
    form = ticked(rows)
    form.add(f"v-{other.id}", str(other.version))
    tamper(form, other)
    response = client.post(f"{GRID}/confirm", data=form)
    assert response.status_code == 400
    assert "not in the London grid any more, so nothing was confirmed" in response.get_data(
        as_text=True
    )
    assert confirmed_today(app, [*rows, other]) == [False, False, False]


def test_a_row_ticked_twice_is_confirmed_once(
    app: Flask, client: FlaskClient, editor: Any, stale_rows: Callable[[int], list[Availability]]
) -> None:
    rows = stale_rows(2)
    form = ticked(rows[:1])
    form.add("rows", str(rows[0].id))
    response = client.post(f"{GRID}/confirm", data=form, follow_redirects=True)
    assert "1 row confirmed as still accurate" in response.get_data(as_text=True)
    assert confirmed_today(app, rows) == [True, False]
    assert len(audit_rows(app, entity_type="availability", field="confirmed_at")) == 1


def test_a_ticked_row_changed_meanwhile_confirms_none_of_them(
    app: Flask, client: FlaskClient, editor: Any, stale_rows: Callable[[int], list[Availability]]
) -> None:
    rows = stale_rows(2)
    form = ticked(rows)
    form.setlist(f"v-{rows[1].id}", ["0"])
    response = client.post(f"{GRID}/confirm", data=form, follow_redirects=True)
    assert "Nothing was confirmed: Course 01" in response.get_data(as_text=True)
    assert confirmed_today(app, rows) == [False, False]


@pytest.fixture
def csrf_client(
    database_urls: dict[str, str], tmp_path: Path, make_user: Callable[..., Any]
) -> Iterator[tuple[FlaskClient, str]]:
    """A London editor's client of the test database with CSRF protection on, and its token."""
    made = make_app(database_urls["work"], tmp_path / "csrf-index", WTF_CSRF_ENABLED=True)
    client = made.test_client()
    user = make_user("interventions-editor", ("london",))
    yield client, sign_in_with_token(client, user.email)
    made.extensions["db_engine"].dispose()


def test_the_second_step_carries_its_own_csrf_token_and_refuses_a_form_without_one(
    app: Flask,
    csrf_client: tuple[FlaskClient, str],
    stale_rows: Callable[[int], list[Availability]],
) -> None:
    client, token = csrf_client
    rows = stale_rows(11)
    form = ticked(rows)
    form.add("csrf_token", token)
    html = client.post(f"{GRID}/confirm", data=form).get_data(as_text=True)
    assert "Are you sure? You are confirming 11 rows" in html
    second = hidden_fields(html)
    assert second.get("csrf_token") == csrf_token_from(html)
    second.add("decision", "confirm")
    forged = MultiDict([(k, v) for k, v in second.items(multi=True) if k != "csrf_token"])
    refused = client.post(f"{GRID}/confirm", data=forged)
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    assert not any(confirmed_today(app, rows))
    assert client.post(f"{GRID}/confirm", data=second).status_code == 303
    assert all(confirmed_today(app, rows))
