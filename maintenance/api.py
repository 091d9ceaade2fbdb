"""The write API for scripts and bulk tools, and an intervention's audit history (editors).

Callers sign in with the session cookie (POST /login), so CSRF protection applies to
writes as it does to forms: fetch a token from `GET /api/v1/csrf-token` and send it in an
`X-CSRFToken` header with each PATCH. Answers: 200 with the row; 401 not signed in;
403 not an editor, or outside the editor's regions; 404 no such intervention, region or
row; 409 `version` is not the row's current one (the body holds the current row); 422
`{"errors": {field: message}}`.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from catalogue.models import Availability, Intervention
from catalogue.rules import AVAILABILITY_FIELDS, AVAILABILITY_RULES, RuleError
from core import db
from core.audit import AuditEvent
from core.versions import VersionConflict
from maintenance.access import actor, require_api_editor
from maintenance.services.availability import availability_values, update_availability
from maintenance.services.history import history_events
from maintenance.services.recording import ValidationFailed
from web.loading import found_or_404
from web.security import no_store
from web.text import json_text_errors

bp = Blueprint("maintenance_api", __name__, url_prefix="/api/v1")
bp.before_request(require_api_editor)

PATCH_FIELDS = {"status", "next_start", "places", "wait_weeks", "version", "pdu"}
Answer = Response | tuple[Response, int]


@bp.get("/csrf-token")
@no_store
def get_csrf_token() -> Response:
    """A CSRF token for this session, to send as the X-CSRFToken header on writes."""
    return jsonify({"csrf_token": generate_csrf(), "header": "X-CSRFToken"})


@bp.patch("/interventions/<key>/availability/<region>")
def patch_availability(key: str, region: str) -> Answer:
    """Update one availability row, based on the version the caller last saw."""
    if not current_user.may_edit_region(region):
        abort(403, "You may only change availability in your own regions.")
    session = db.session()
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify({"errors": {"body": "Send a JSON object."}}), 422
    if json_text_errors(payload):
        return jsonify({"errors": json_text_errors(payload)}), 422
    row = found_or_404(
        _row(session, key, region, payload.get("pdu")),
        "No availability row for that intervention, region and PDU.",
    )
    values, version, errors = parse_patch(payload, availability_values(row))
    if errors:
        return jsonify({"errors": errors}), 422
    try:
        update_availability(session, row, values, version, actor())
    except ValidationFailed as exc:
        return jsonify({"errors": exc.errors}), 422
    except VersionConflict as exc:
        message = "The row has changed since that version."
        return jsonify({"error": message, "current": row_json(exc.current)}), 409
    return jsonify(row_json(row))


@bp.get("/interventions/<key>/history")
def get_history(key: str) -> Answer:
    """The audit trail of an intervention and its availability rows, newest first."""
    session = db.session()
    intervention = found_or_404(_intervention(session, key), "No intervention has that id or slug.")
    return jsonify([event_json(e) for e in history_events(session, intervention)])


def parse_patch(
    payload: dict[str, Any], current: dict[str, Any]
) -> tuple[dict[str, Any], int | None, dict[str, str]]:
    """The row's values with the payload's applied (read by the rule table, as the form and
    the import read them), the base version, and any errors."""
    errors = {name: "This field is not recognised." for name in set(payload) - PATCH_FIELDS}
    values = dict(current)
    for name in set(payload) & set(AVAILABILITY_FIELDS):
        try:
            values[name] = AVAILABILITY_RULES[name].parse(payload[name])
        except RuleError as refused:
            errors[name] = str(refused)
    version = payload.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        errors["version"] = "Give the version of the row your change is based on."
        version = None
    return values, version, errors


def row_json(row: Availability) -> dict[str, Any]:
    """An availability row as the write API returns it."""
    stale_after = int(current_app.config["STALE_AFTER_DAYS"])
    return {
        "id": row.id,
        "intervention_id": str(row.intervention_id),
        "region": row.region_slug,
        "pdu": row.pdu_slug,
        "status": row.status,
        "next_start": row.next_start.isoformat() if row.next_start else None,
        "places": row.places,
        "wait_weeks": row.wait_weeks,
        "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
        "confirmed_by": row.confirmed_by,
        "stale": row.is_stale(date.today(), stale_after),
        "version": row.version,
    }


def event_json(event: AuditEvent) -> dict[str, Any]:
    """An audit event as the history API returns it."""
    return {
        "at": event.at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "entity": event.entity_type,
        "entity_id": event.entity_id,
        "field": event.field,
        "old": event.old_value,
        "new": event.new_value,
        "reason": event.reason,
    }


def _intervention(session: Session, key: str) -> Intervention | None:
    try:
        where = Intervention.id == uuid.UUID(key)
    except ValueError:
        where = Intervention.slug == key
    return session.scalar(select(Intervention).where(where))


def _row(session: Session, key: str, region: str, pdu: Any) -> Availability | None:
    intervention = _intervention(session, key)
    place = pdu if isinstance(pdu, str) else ""
    for row in intervention.availability if intervention else []:
        if row.region_slug == region and row.pdu_key == place:
            return row
    return None
