"""The thesaurus page: national editors add and remove entries (validated, audited, CSRF),
and search understands an added word at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalogue.models import ThesaurusTerm
from core.audit import AuditEvent
from tests.conftest import PASSWORD, make_app
from tests.maintenance.test_write_api import csrf_from

PAGE = "/admin/thesaurus/"


@pytest.mark.parametrize(
    ("role", "regions", "status"),
    [("court-officer", (), 403), ("interventions-editor", ("london",), 403)],
)
def test_only_national_editors_and_administrators_may_edit(client, login, role, regions, status):
    login(client, role, regions)
    assert client.get(PAGE).status_code == status
    assert client.post(PAGE, data={"term": "skint"}).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get(PAGE).status_code == 302


def test_an_added_word_is_audited_and_searchable_at_once(client, login, session, make_intervention):
    make_intervention(name="Money Matters", needs=["finance-benefits-debt"], summary="Advice.")
    assert client.get("/api/v1/interventions?q=skint").get_json()["total"] == 0
    editor = login(client, "interventions-editor")
    response = client.post(PAGE, data={"term": "Skint", "needs": ["finance-benefits-debt"]})
    assert response.status_code == 302
    assert client.get("/api/v1/interventions?q=skint").get_json()["total"] == 1
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "thesaurus")).first()
    assert event.actor == editor.email and event.entity_id == "skint" and event.action == "create"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"term": "", "needs": ["ete"]}, "Enter the word or phrase people type"),
        ({"term": "<b>x</b>", "needs": ["ete"]}, "Use letters, numbers"),
        ({"term": "dole"}, "Choose at least one need area or give a search word"),
        ({"term": "dole", "needs": ["not-a-need"]}, "valid choice"),
    ],
)
def test_a_bad_entry_is_refused_with_a_message(client, login, session, data, message):
    login(client, "interventions-editor")
    response = client.post(PAGE, data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(ThesaurusTerm.id)) is None


def test_a_word_already_there_is_refused(client, login):
    login(client, "admin")
    client.post(PAGE, data={"term": "skint", "needs": ["finance-benefits-debt"]})
    again = client.post(PAGE, data={"term": "SKINT", "search_terms": "money"})
    assert "already in the thesaurus" in again.get_data(as_text=True)


def test_removing_needs_a_reason_and_is_audited(client, login, session):
    login(client, "admin")
    client.post(PAGE, data={"term": "skint", "needs": ["finance-benefits-debt"]})
    term_id = session.scalar(select(ThesaurusTerm.id))
    assert "Enter the reason" in client.post(f"/admin/thesaurus/{term_id}/remove").get_data(
        as_text=True
    )
    client.post(f"/admin/thesaurus/{term_id}/remove", data={"reason": "Misleading"})
    session.expire_all()
    assert session.scalar(select(ThesaurusTerm.id)) is None
    deleted = session.scalars(select(AuditEvent).where(AuditEvent.action == "delete")).first()
    assert deleted.reason == "Misleading" and deleted.entity_id == "skint"


def test_with_csrf_on_an_entry_without_the_token_is_refused(database_urls, tmp_path, make_user):
    guarded = make_app(database_urls["work"], tmp_path / "csrf-index", WTF_CSRF_ENABLED=True)
    try:
        client = guarded.test_client()
        user = make_user("admin")
        token = csrf_from(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        entry = {"term": "skint", "needs": ["finance-benefits-debt"]}
        assert client.post(PAGE, data=entry).status_code == 400
        form_token = csrf_from(client.get(PAGE).get_data(as_text=True))
        assert client.post(PAGE, data={**entry, "csrf_token": form_token}).status_code == 302
    finally:
        guarded.extensions["db_engine"].dispose()
