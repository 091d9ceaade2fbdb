"""Editors set who is asked to confirm a row or an intervention, on the staff edit pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention
from core.audit import AuditEvent


def contact_form(page: str) -> dict[str, str]:
    """The contact form's action and hidden version, as a browser would send them."""
    form = re.search(
        r'<form method="post" action="([^"]+)"[^>]*app-contact-form.*?</form>', page, re.S
    )
    assert form, "no contact form on the page"
    version = re.search(r'name="contact_version"[^>]*value="(\d+)"', form.group(0))
    assert version
    return {"action": form.group(1), "contact_version": version.group(1)}


def test_an_editor_sets_a_rows_contact_on_its_edit_page_without_confirming_it(
    client: FlaskClient,
    session: Session,
    login: Callable[..., Any],
    make_intervention: Callable[..., Intervention],
    make_availability: Callable[..., Availability],
) -> None:
    old = datetime.now() - timedelta(days=70)
    row = make_availability(make_intervention(), "london", confirmed_at=old)
    editor = login(client, "interventions-editor", ("london",))
    page = client.get(f"/admin/regions/london/availability/{row.id}").get_data(as_text=True)
    form = contact_form(page)
    assert 'name="contact_email"' in page
    response = client.post(
        form["action"],
        data={
            "contact_version": form["contact_version"],
            "contact_name": "Ada Provider",
            "contact_email": "ada@example.org",
            "contact_organisation": "Sample Provider Ltd",
        },
    )
    assert response.status_code == 302
    session.expire_all()
    saved = session.get(Availability, row.id)
    assert (saved.contact_name, saved.contact_email, saved.contact_organisation) == (
        "Ada Provider",
        "ada@example.org",
        "Sample Provider Ltd",
    )
    assert saved.confirmed_at == old  # a contact change is not a confirmation
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == str(row.id))).all()
    assert {(e.action, e.field, e.new_value, e.actor) for e in events} >= {
        ("contact", "contact_email", "ada@example.org", editor.email),
    }


def test_a_bad_address_is_refused_with_the_error_summary_and_nothing_saved(
    client: FlaskClient,
    session: Session,
    login: Callable[..., Any],
    make_intervention: Callable[..., Intervention],
    make_availability: Callable[..., Availability],
) -> None:
    row = make_availability(make_intervention(), "london")
    login(client, "interventions-editor", ("london",))
    page = client.get(f"/admin/regions/london/availability/{row.id}").get_data(as_text=True)
    form = contact_form(page)
    for email, message in (
        ("not an address", "Enter the contact&#39;s email address like name@example.org"),
        ("", "Enter the contact&#39;s email address, or clear the name"),
    ):
        response = client.post(
            form["action"],
            data={
                "contact_version": form["contact_version"],
                "contact_name": "Ada",
                "contact_email": email,
            },
        )
        text = response.get_data(as_text=True)
        assert response.status_code == 400 and "There is a problem" in text and message in text
    session.expire_all()
    assert session.get(Availability, row.id).contact_email == ""


def test_a_national_editor_sets_the_interventions_contact_which_rows_fall_back_to(
    client: FlaskClient,
    session: Session,
    login: Callable[..., Any],
    make_intervention: Callable[..., Intervention],
    make_availability: Callable[..., Availability],
) -> None:
    intervention = make_intervention(name="Contact Course")
    make_availability(intervention, "wales")
    login(client, "interventions-editor")
    page = client.get(f"/admin/interventions/{intervention.slug}/edit").get_data(as_text=True)
    form = contact_form(page)
    response = client.post(
        form["action"],
        data={
            "contact_version": form["contact_version"],
            "contact_email": "team@example.org",
        },
    )
    assert response.status_code == 302
    from verification.contacts import contact_for

    session.expire_all()
    row = session.get(Intervention, intervention.id).availability[0]
    assert contact_for(row).email == "team@example.org"


def test_a_contact_saved_over_a_newer_version_is_refused(
    client: FlaskClient,
    session: Session,
    login: Callable[..., Any],
    make_intervention: Callable[..., Intervention],
    make_availability: Callable[..., Availability],
) -> None:
    row = make_availability(make_intervention(), "london")
    login(client, "interventions-editor", ("london",))
    url = f"/admin/regions/london/availability/{row.id}/contact"
    stale = {
        "contact_version": str(row.version - 1 if row.version > 1 else 99),
        "contact_email": "late@example.org",
    }
    response = client.post(url, data=stale)
    assert response.status_code == 400 and "Someone changed this record" in response.get_data(
        as_text=True
    )
    session.expire_all()
    assert session.get(Availability, row.id).contact_email == ""


def test_regional_editors_change_only_their_regions_rows_and_no_interventions(
    client: FlaskClient,
    login: Callable[..., Any],
    make_intervention: Callable[..., Intervention],
    make_availability: Callable[..., Availability],
) -> None:
    intervention = make_intervention()
    row = make_availability(intervention, "wales")
    login(client, "interventions-editor", ("london",))
    assert client.post(f"/admin/regions/wales/availability/{row.id}/contact").status_code == 403
    assert client.post(f"/admin/interventions/{intervention.slug}/contact").status_code == 403
