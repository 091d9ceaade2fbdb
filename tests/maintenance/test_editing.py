"""Creating, editing and withdrawing interventions: every field, errors, history, conflicts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue.models import Intervention
from core.versions import VersionConflict
from maintenance.services.interventions import intervention_values, update_intervention
from tests.maintenance.editing_support import (
    NEW_INTERVENTION,
    audit_rows,
    edit_form,
    fresh,
    new_form,
)


@pytest.fixture
def editor(client: FlaskClient, login: Callable[..., Any]) -> Any:
    """The client signed in as a national interventions editor."""
    return login(client, "interventions-editor")


def by_slug(app: Flask, slug: str) -> Intervention:
    """The intervention with this slug, as the database holds it now."""
    with app.extensions["db_sessionmaker"]() as session:
        found = session.scalar(select(Intervention).where(Intervention.slug == slug))
        assert found is not None
        session.expunge(found)
        return found


def test_adding_an_intervention_saves_every_field_and_audits_it(
    app: Flask, client: FlaskClient, editor: Any
) -> None:
    response = client.post("/admin/interventions/new", data=new_form())
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/interventions/bridge-builders"
    saved = by_slug(app, "bridge-builders")
    expected = {k: v for k, v in NEW_INTERVENTION.items() if k not in ("reason", "slug")}
    expected["offence_focus"] = None
    actual = intervention_values(saved)
    assert {k: actual[k] for k in expected} == expected
    assert saved.created_by == editor.email and saved.version == 1
    fields = {e.field: e.new_value for e in audit_rows(app, entity_id=str(saved.id))}
    assert fields["name"] == "Bridge Builders"
    assert fields["price"] == "120.50"
    assert fields["needs"] == "accommodation, finance-benefits-debt"


def test_an_error_is_shown_in_the_summary_and_beside_the_field_and_nothing_typed_is_lost(
    app: Flask, client: FlaskClient, editor: Any
) -> None:
    data = new_form(summary="x" * 301, min_age="eighteen", description="Kept words")
    response = client.post("/admin/interventions/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#summary">Summary must be 300 characters or fewer</a>' in html
    assert 'id="summary-error"' in html
    assert 'id="min_age-error"' in html and "Minimum age must be a whole number" in html
    assert 'value="eighteen"' in html
    assert "Kept words" in html and "x" * 301 in html
    assert re.search(r'value="accommodation" checked', html)
    assert audit_rows(app) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"needs": []}, "needs", "Select at least one need area"),
        ({"type": ""}, "type", "Select the type of intervention"),
        ({"min_age": "30", "max_age": "20"}, "max_age", "The maximum age must be"),
        ({"price_unit": ""}, "price_unit", "Enter both the price and its unit"),
        ({"valid_from": "2026-05-01", "valid_to": "2026-04-01"}, "valid_to", "Valid to must be"),
        ({"eip_decided_on": "2026-02-31"}, "eip_decided_on", "must be a real date"),
        ({"slug": "Not A Slug"}, "slug", "Use only lower-case letters"),
        ({"same_day_sessions": "6"}, "same_day_sessions", "fewer than the total"),
        (
            {"type": "structured-intervention", "one_to_one_sessions": "2"},
            "group_sessions",
            "at least 4 sessions",
        ),
    ],
)
def test_each_rule_refuses_with_a_message_beside_its_field(
    client: FlaskClient, editor: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    response = client.post("/admin/interventions/new", data=new_form(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    assert message in html


def test_short_names_are_unique(
    client: FlaskClient, editor: Any, make_intervention: Callable[..., Any]
) -> None:
    make_intervention(name="Bridge Builders")
    response = client.post("/admin/interventions/new", data=new_form())
    assert response.status_code == 200
    assert "Another intervention already uses the short name bridge-builders" in response.get_data(
        as_text=True
    )


def test_editing_saves_changes_with_old_and_new_values_in_the_history(
    app: Flask, client: FlaskClient, editor: Any, make_intervention: Callable[..., Any]
) -> None:
    intervention = make_intervention(name="Old Name", eip_status="awaiting-appraisal")
    data = edit_form(
        intervention,
        name="New Name",
        eip_status="approved",
        eip_decided_on="2026-03-01",
        reason="Panel decision",
    )
    response = client.post(f"/admin/interventions/{intervention.slug}/edit", data=data)
    assert response.status_code == 302
    saved = fresh(app, Intervention, intervention.id)
    assert (saved.name, saved.eip_status, saved.eip_decided_on) == (
        "New Name",
        "approved",
        date(2026, 3, 1),
    )
    assert saved.version == 2 and saved.updated_by == editor.email
    events = {e.field: e for e in audit_rows(app, entity_id=str(intervention.id))}
    assert (events["name"].old_value, events["name"].new_value) == ("Old Name", "New Name")
    assert events["eip_status"].old_value == "awaiting-appraisal"
    assert events["eip_decided_on"].new_value == "2026-03-01"
    assert {e.reason for e in events.values()} == {"Panel decision"}
    assert {e.actor for e in events.values()} == {editor.email}


def test_the_staff_page_shows_the_history(
    client: FlaskClient, editor: Any, make_intervention: Callable[..., Any]
) -> None:
    intervention = make_intervention(name="Old Name")
    client.post(
        f"/admin/interventions/{intervention.slug}/edit", data=edit_form(intervention, name="Newer")
    )
    html = client.get(f"/admin/interventions/{intervention.slug}").get_data(as_text=True)
    assert "History" in html
    assert "Old Name" in html and "Newer" in html and editor.email in html


def test_a_save_based_on_an_old_version_is_refused_with_what_changed_meanwhile(
    app: Flask,
    client: FlaskClient,
    editor: Any,
    make_intervention: Callable[..., Any],
    session: Any,
) -> None:
    intervention = make_intervention(name="Shared", summary="Original summary.")
    mine = edit_form(intervention, summary="My summary.", provider="My provider")
    current = session.get(Intervention, intervention.id)
    values = intervention_values(current) | {"summary": "Their summary."}
    with app.app_context():
        update_intervention(session, current, values, 1, "colleague@example.org")

    refused = client.post(f"/admin/interventions/{intervention.slug}/edit", data=mine)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Your changes were not saved" in html
    assert "My summary." in html and "Their summary." in html
    assert "colleague@example.org" in html
    assert fresh(app, Intervention, intervention.id).summary == "Their summary."
    reapply = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    assert reapply["version"] == "2"
    again = client.post(f"/admin/interventions/{intervention.slug}/edit", data=reapply)
    assert again.status_code == 302
    saved = fresh(app, Intervention, intervention.id)
    assert (saved.summary, saved.provider, saved.version) == ("My summary.", "My provider", 3)


def test_re_applying_keeps_fields_only_the_other_person_changed(
    app: Flask,
    client: FlaskClient,
    editor: Any,
    make_intervention: Callable[..., Any],
    session: Any,
) -> None:
    intervention = make_intervention(name="Shared", summary="Original summary.")
    mine = edit_form(intervention, provider="My provider")
    current = session.get(Intervention, intervention.id)
    values = intervention_values(current) | {"summary": "Their summary."}
    with app.app_context():
        update_intervention(session, current, values, 1, "colleague@example.org")

    html = client.post(f"/admin/interventions/{intervention.slug}/edit", data=mine).get_data(
        as_text=True
    )
    assert "You did not change this: the saved value will be kept." in html
    reapply = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    client.post(f"/admin/interventions/{intervention.slug}/edit", data=_multi(reapply))
    saved = fresh(app, Intervention, intervention.id)
    assert (saved.summary, saved.provider) == ("Their summary.", "My provider")
    assert saved.needs and saved.need_slugs == intervention.need_slugs


def _multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in pairs:
        found.setdefault(name, []).append(value)
    return found


def test_a_tampered_version_is_treated_as_a_conflict(
    app: Flask, client: FlaskClient, editor: Any, make_intervention: Callable[..., Any]
) -> None:
    intervention = make_intervention(name="Shared")
    data = edit_form(intervention, name="Changed", version="")
    response = client.post(f"/admin/interventions/{intervention.slug}/edit", data=data)
    assert response.status_code == 409
    assert fresh(app, Intervention, intervention.id).name == "Shared"


def test_a_commit_that_loses_the_race_becomes_a_conflict(
    app: Flask, make_intervention: Callable[..., Any], session: Any
) -> None:
    intervention = make_intervention(name="Raced")
    mine = session.get(Intervention, intervention.id)
    session.commit()  # my copy stays in memory at version 1, as a slow request's would
    with app.extensions["db_sessionmaker"]() as other:
        theirs = other.get(Intervention, intervention.id)
        theirs.summary = "Saved first."
        other.commit()
    values = intervention_values(mine) | {"summary": "Saved second."}
    with app.app_context(), pytest.raises(VersionConflict) as caught:
        update_intervention(session, mine, values, 1, "me@example.org")
    assert caught.value.current.summary == "Saved first."
    assert fresh(app, Intervention, intervention.id).summary == "Saved first."
    assert audit_rows(app, entity_id=str(intervention.id)) == []


def test_withdrawing_needs_a_reason_which_the_history_keeps(
    app: Flask, client: FlaskClient, editor: Any, make_intervention: Callable[..., Any]
) -> None:
    intervention = make_intervention(name="Retired")
    url = f"/admin/interventions/{intervention.slug}/withdraw"
    refused = client.post(url, data={"version": "1", "reason": ""})
    assert refused.status_code == 200
    assert "Enter the reason for withdrawing it" in refused.get_data(as_text=True)
    assert fresh(app, Intervention, intervention.id).status == "active"
    done = client.post(url, data={"version": "1", "reason": "Contract ended"})
    assert done.status_code == 302
    assert fresh(app, Intervention, intervention.id).status == "withdrawn"
    [event] = audit_rows(app, entity_id=str(intervention.id))
    assert (event.action, event.field, event.old_value, event.new_value, event.reason) == (
        "withdraw",
        "status",
        "active",
        "withdrawn",
        "Contract ended",
    )
    assert client.get(f"/interventions/{intervention.slug}").status_code == 404


def test_withdrawing_through_the_edit_form_also_needs_a_reason(
    app: Flask, client: FlaskClient, editor: Any, make_intervention: Callable[..., Any]
) -> None:
    intervention = make_intervention(name="Retired")
    url = f"/admin/interventions/{intervention.slug}/edit"
    response = client.post(url, data=edit_form(intervention, status="withdrawn"))
    assert 'id="reason-error"' in response.get_data(as_text=True)
    assert fresh(app, Intervention, intervention.id).status == "active"


def test_the_price_is_kept_to_the_penny(
    app: Flask, client: FlaskClient, editor: Any, make_intervention: Callable[..., Any]
) -> None:
    intervention = make_intervention(name="Priced")
    data = edit_form(intervention, price="99.99", price_unit="per-place")
    client.post(f"/admin/interventions/{intervention.slug}/edit", data=data)
    assert fresh(app, Intervention, intervention.id).price == Decimal("99.99")
