"""Every form fed bad input: never a 500, always a message that says what to fix.

The forms are found by reading the app: every state-changing route, with the fields of the
forms that post to it on the pages that show them. So a form added later is fed too.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from tests.proposal.web.conftest import form_data
from tests.robustness.battery import STRINGS, Form, read_forms, says_what_to_fix
from verification.models import OutboxMessage
from verification.sending import send_requests, settings_from

# Signing out would end the walk's session; "stay signed in" is a JSON call with no input
# (the timeout warning's), covered by tests/accounts/test_sessions.py.
SKIPPED = {"accounts.logout", "account.sign_out_everywhere", "accounts.extend_session"}
# Forms that answer on the same page (200) when the input is acceptable, not by redirecting.
ANSWER_IN_PLACE = {"/ogrs3", "/ogrs4"}
# The values fed to one field at a time, the rest of the form being valid.
ONE_AT_A_TIME = [
    "",
    "x" * 100_000,
    "\x00\x1b[31m",
    "' OR 1=1; --",
    "2026-02-31",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "١٢",
    "<script>alert(1)</script>",
]


@dataclass
class World:
    """Records for every URL parameter, and the signed-in administrator's client."""

    client: FlaskClient
    known: dict[str, Any]


@pytest.fixture
def world(
    client: FlaskClient,
    login: Callable[..., Any],
    make_user: Callable[..., Any],
    make_intervention: Callable[..., Any],
    make_availability: Callable[..., Any],
) -> World:
    login(client, "admin")
    housing = make_intervention(name="Housing Advice Service", needs=["accommodation"])
    thinking = make_intervention(
        name="Thinking Skills Group",
        needs=["attitudes-thinking-behaviour"],
        type="structured-intervention",
        eip_status="approved",
        pre_group_sessions=1,
        one_to_one_sessions=0,
        group_sessions=6,
        format="group",
    )
    row = make_availability(housing, "london")
    make_availability(
        thinking,
        "london",
        confirmed_at=datetime.now() - timedelta(days=80),
        contact_email="provider@example.org",
    )  # due for verification: the walk feeds the provider's answer form too
    editor = make_user("interventions-editor", ("london",))
    saved = client.post("/proposals/new", data=form_data())
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    known = {
        "slug": housing.slug,
        "key": str(housing.id),
        "id_or_slug": housing.slug,
        "region": "london",
        "row_id": row.id,
        "user_id": editor.id,
        "term_id": 1,
        "token": verification_token(client.application),
        "message_id": 1,
        "id": saved.headers["Location"].rsplit("/", 1)[1],
        "service_id": str(housing.id),
    }
    return World(client, known)


def verification_token(app: Flask) -> str:
    """The token of the link the daily run sends for the due row."""
    with app.app_context(), app.extensions["db_sessionmaker"]() as session:
        send_requests(session, settings_from(app.config), datetime.now())
        message = session.scalars(select(OutboxMessage)).one()
        return str(message.personalisation["link"]).rsplit("/", 1)[1]


def url(app: Flask, rule: Rule, known: dict[str, Any]) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: known[name] for name in rule.arguments})


def html_pages(app: Flask, known: dict[str, Any]) -> Iterator[str]:
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or ()) and not rule.rule.startswith(("/api", "/oruk", "/static")):
            if not rule.rule.endswith((".pdf", ".csv")):
                yield url(app, rule, known)


def forms_by_action(app: Flask, world: World) -> dict[str, Form]:
    """Every POST form on every page, by the path it posts to."""
    found: dict[str, Form] = {}
    for page in html_pages(app, world.known):
        response = world.client.get(page)
        for action, form in read_forms(response.get_data(as_text=True)).items():
            path = urlsplit(action).path or page
            found.setdefault(path, Form()).fields.update(form.fields)
    return found


def form_routes(app: Flask, world: World) -> list[tuple[str, Form]]:
    forms = forms_by_action(app, world)
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or ()) and rule.endpoint not in SKIPPED:
            if not rule.rule.startswith("/api/"):
                path = url(app, rule, world.known)
                routes.append((path, forms.get(path, Form())))
    return sorted(routes, key=lambda pair: pair[0])


def filled(form: Form, value: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, kind in form.fields.items():
        if kind == "file":
            data[name] = (io.BytesIO(value.encode("utf-8", "surrogatepass")), "upload.csv")
        else:
            data[name] = [value, value] if kind == "multi" else value
    return data


def problem(response: Any, where: str) -> str | None:
    """What is wrong with an answer to bad input, if anything."""
    if response.status_code >= 500:
        return f"{where}: {response.status_code}"
    if response.status_code in (301, 302, 303):
        return None  # accepted: the value was acceptable there
    if not says_what_to_fix(response.get_data(as_text=True)):
        return f"{where}: {response.status_code} without a message saying what to fix"
    return None


def test_every_form_answers_bad_values_in_every_field_with_a_message(
    app: Flask, world: World
) -> None:
    routes = form_routes(app, world)
    assert len(routes) >= 10 and sum(bool(f.fields) for _, f in routes) >= 8, routes
    problems = []
    for path, form in routes:
        for value in STRINGS:
            response = world.client.post(path, data=filled(form, value))
            problems.append(problem(response, f"POST {path} every field={value[:30]!r}"))
    assert not [p for p in problems if p], "\n".join(p for p in problems if p)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"name=%ff%fe&email=\xff\xfe\x00&version=\xc3\x28", "application/x-www-form-urlencoded"),
        (
            b'--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n\xff',
            "multipart/form-data; boundary=xyz",
        ),
        (b"--xyz\r\ngarbage without an end", "multipart/form-data; boundary=xyz"),
        (b'{"name": "json to a form"}', "application/json"),
        (b"\x00" * 1000, "application/octet-stream"),
    ],
    ids=["invalid-utf8", "multipart-utf8", "multipart-truncated", "json", "binary"],
)
def test_every_form_survives_malformed_bodies(
    app: Flask, world: World, body: bytes, content_type: str
) -> None:
    problems = []
    for path, _form in form_routes(app, world):
        response = world.client.post(path, data=body, content_type=content_type)
        problems.append(problem(response, f"POST {path} {content_type}"))
    assert not [p for p in problems if p], "\n".join(p for p in problems if p)


def test_a_body_over_the_size_limit_is_refused_with_a_page_saying_so(
    app: Flask, world: World
) -> None:
    too_big = b"a=" + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    for path, form in form_routes(app, world):
        response = world.client.post(
            path, data=too_big, content_type="application/x-www-form-urlencoded"
        )
        if form.fields:  # a route that reads a form: refused before reading it
            assert response.status_code == 413, path
            assert "too large" in response.get_data(as_text=True), path
        else:
            assert problem(response, path) is None


def baseline(world: World, path: str) -> dict[str, Any]:
    """A valid submission of a main form as the page now shows it, to change one field of."""
    if path == "/proposals/new":
        return form_data()
    if path == "/ogrs3":
        return {
            "gender": "male",
            "age": "30",
            "age_at_first_sanction": "17",
            "previous_sanctions": "3",
            "offence_category": "robbery",
        }
    form = read_forms(world.client.get(path).get_data(as_text=True)).get("", Form())
    assert form.values, path
    return {name: values if len(values) > 1 else values[0] for name, values in form.values.items()}


def test_each_field_of_a_valid_form_fed_bad_values_alone(world: World) -> None:
    known = world.known
    paths = [
        "/proposals/new",
        "/ogrs3",
        f"/admin/interventions/{known['slug']}/edit",
        f"/admin/regions/london/availability/{known['row_id']}",
        f"/admin/users/{known['user_id']}",
    ]
    problems = []
    for path in paths:
        valid = baseline(world, path)
        for name in list(valid):
            if name in ("slug", "version"):
                continue  # a new slug moves the page; versions have their own tests
            for value in ONE_AT_A_TIME:
                response = world.client.post(path, data={**valid, name: value})
                if response.status_code == 302:
                    valid = baseline(world, path)  # saved: the version moved on
                    continue
                if path in ANSWER_IN_PLACE and response.status_code == 200:
                    continue  # an answer, or errors: either way not a failure to explain
                problems.append(problem(response, f"POST {path} {name}={value[:30]!r}"))
    assert not [p for p in problems if p], "\n".join(p for p in problems if p)


def test_a_nul_character_is_refused_with_a_message_and_nothing_is_saved(
    world: World, session: Any
) -> None:
    """PostgreSQL cannot store a NUL: refused for every database, before any view runs."""
    from catalogue.models import Intervention

    path = f"/admin/interventions/{world.known['slug']}/edit"
    valid = baseline(world, path)
    response = world.client.post(path, data={**valid, "name": "Housing\x00 Advice"})
    assert response.status_code == 400
    assert "null character" in response.get_data(as_text=True)
    session.expire_all()
    names = session.query(Intervention.name).all()
    assert all("\x00" not in name for (name,) in names)
    assert world.client.get("/interventions/%00").status_code in (400, 404)
    assert (
        world.client.post(
            "/login", data={"email": "a\x00@example.org", "password": "x"}
        ).status_code
        == 400
    )
