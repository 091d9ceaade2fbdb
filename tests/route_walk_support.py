"""The world the route walk runs in, and how it calls a route and classes the answer."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient

from accounts.services import create_user
from catalogue.changes import record_revision
from catalogue.models import Availability, Intervention, NeedArea
from tests.conftest import FAST_HASH, PASSWORD, signed_in_cookie

ROLES = ("anonymous", "court-officer", "regional-editor", "national-editor", "admin")
OK, LOGIN, FORBIDDEN = "ok", "sign in", "403"


REGION_PAGES = {"catalogue.region", "summary.region_summary_pdf"}
MISSING_PROPOSAL = uuid.UUID("00000000-0000-4000-8000-000000000000")


@dataclass
class Walk:
    """The records the walked URLs point at."""

    slug: str
    intervention_id: str
    row_id: int
    user_id: int

    def url_values(self, endpoint: str, arguments: set[str]) -> dict[str, Any]:
        """Values for a rule's arguments (unknown ones get placeholders)."""
        known = {
            "slug": "london" if endpoint in REGION_PAGES else self.slug,
            "service_id": self.intervention_id,
            "id": MISSING_PROPOSAL,
            "region": "london",
            "row_id": self.row_id,
            "user_id": self.user_id,
            "key": self.intervention_id,
            "id_or_slug": self.slug,
            "term_id": 999_999,
            "message_id": 999_999,
        }
        return {name: known.get(name, "x") for name in arguments}


def build_world(session: Any) -> tuple[Walk, dict[str, int]]:
    """An intervention offered in London, a user per role, and a user to administer."""
    intervention = walked_intervention(session)
    users = {role: user_for(session, role) for role in ROLES if role != "anonymous"}
    target = create_user(
        session, "target@example.org", PASSWORD, "court-officer", hash_method=FAST_HASH
    )
    walk = Walk(intervention.slug, str(intervention.id), intervention.availability[0].id, target.id)
    return walk, users


def walked_intervention(session: Any) -> Intervention:
    """The one intervention the walk's URLs name, open in London."""
    now = datetime.now()
    intervention = Intervention(
        name="Walked Activity",
        slug="walked-activity",
        type="crs",
        summary="Walked.",
        format="one-to-one",
        eip_status="not-applicable",
        one_to_one_sessions=4,
        created_at=now,
        updated_at=now,
        excluded_offences=[],
    )
    intervention.needs = [session.get(NeedArea, "accommodation")]
    intervention.availability = [
        Availability(
            region_slug="london",
            pdu_key="",
            status="open",
            confirmed_at=now,
            confirmed_by="editor@example.org",
            updated_at=now,
        )
    ]
    session.add(intervention)
    session.flush()
    record_revision(session, intervention.id)
    session.commit()
    return intervention


def user_for(session: Any, role: str) -> int:
    """A user for one of the walk's roles (a regional editor of London)."""
    account_role = "interventions-editor" if role.endswith("-editor") else role
    regions = ("london",) if role == "regional-editor" else ()
    user = create_user(
        session, f"{role}@example.org", PASSWORD, account_role, regions, hash_method=FAST_HASH
    )
    return user.id


def signed_in_client(application: Flask, users: dict[str, int], role: str) -> FlaskClient:
    """A fresh client signed in as the role (a server-side session, as the form makes)."""
    client = application.test_client()
    if role != "anonymous":
        with application.extensions["db_sessionmaker"]() as session:
            values = signed_in_cookie(session, users[role])
        with client.session_transaction() as flask_session:
            flask_session.update(values)
    return client


def call(
    client: FlaskClient, app: Flask, method: str, endpoint: str, values: dict[str, Any]
) -> Any:
    """Request a route the way the walk does: empty forms, an empty JSON object to the API."""
    with app.test_request_context():
        url = url_for(endpoint, **values)
    if url.startswith("/api/") and method in ("POST", "PATCH"):
        return client.open(url, method=method, json={})
    return client.open(url, method=method, data={} if method == "POST" else None)


def outcome(response: Any) -> Any:
    """The answer's class: OK, LOGIN, FORBIDDEN, or the status code itself."""
    code = response.status_code
    location = response.headers.get("Location", "")
    if code in (301, 302, 303) and "/login" in location:
        return LOGIN
    if code == 403:
        return FORBIDDEN
    if code < 400:
        return OK
    return code


def rule_arguments(rule: str) -> set[str]:
    """The argument names in a rule like /a/<int:b>/<c>."""
    return {part.split(":")[-1] for part in re.findall(r"<([^>]+)>", rule)}
