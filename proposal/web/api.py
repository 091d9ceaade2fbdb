"""The proposal API: recommendations, OGRS3 and OGRS4 (open, storing nothing), and proposals.

`POST /api/v1/recommendations`, `POST /api/v1/ogrs3` and `POST /api/v1/ogrs4` need no sign-in
and keep nothing, so they are exempt from CSRF. `POST /api/v1/proposals` saves personal data:
the caller signs in with the session cookie (POST /login) as a court officer or administrator, and,
because the cookie authenticates, sends the CSRF token from
`GET /api/v1/proposals/csrf-token` in an `X-CSRFToken` header (over HTTPS, with a Referer
header naming this site, as Flask-WTF requires). Invalid input is answered
422 `{"errors": {field: message}}`, keyed by the field's path in the body.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from accounts.auth import csrf
from accounts.models import User
from core import db
from core.versions import VersionConflict
from proposal import ogrs3, ogrs4
from proposal.ogrs4_data import find_offences
from proposal.ogrs4_rules import FIELDS as OGRS4_KEYS
from proposal.types import ValidationError
from proposal.web import editing, outcomes, recommending, services
from proposal.web.catalogue_facts import load_geography
from proposal.web.editing import parse_proposal_patch
from proposal.web.inputs import OGRS3_KEYS, parse_case
from proposal.web.models import IDEMPOTENCY_KEY_MAX, Proposal
from proposal.web.openapi_paths import register
from proposal.web.presenting import proposal_json
from proposal.web.reader import json_body
from proposal.web.since_saved import changed_since_saved
from web.loading import found_or_404
from web.security import no_store
from web.text import text_problem

bp = Blueprint("proposal_api", __name__, url_prefix="/api/v1")
OFFICERS = ("court-officer", "admin")
Answer = Response | tuple[Response, int]
LOCKED = "This proposal is final: it can no longer be changed."
CHANGED = "The proposal has changed since that version: the current one is in `current`."
register()


@bp.errorhandler(ValidationError)
def invalid_input(exc: ValidationError) -> tuple[Response, int]:
    """Field-level messages, keyed by the field's path in the body."""
    return jsonify({"errors": exc.errors}), 422


@bp.post("/recommendations")
@csrf.exempt
def create_recommendation() -> Response:
    """A recommendation for the case in the body, from the live catalogue; nothing is stored."""
    session = db.session()
    parsed = parse_case(json_body(), load_geography(session))
    made = recommending.make_recommendation(session, parsed, date.today(), _policy())
    return jsonify({**made.recommendation.to_dict(), **parsed.working()})


@bp.post("/ogrs3")
@csrf.exempt
def calculate_ogrs3() -> Response:
    """OGRS3 one- and two-year percentages, band and terms from the static factors."""
    body = json_body()
    if not isinstance(body, dict):
        raise ValidationError({"body": "Send a JSON object"})
    unknown = {
        str(key)[:40]: "This field is not recognised" for key in body if key not in OGRS3_KEYS
    }
    if unknown:
        raise ValidationError(unknown)
    factors = [
        body.get(name)
        for name in (
            "gender",
            "age",
            "age_at_first_sanction",
            "previous_sanctions",
            "offence_category",
            "age_at_follow_up",
        )
    ]
    return jsonify(ogrs3.calculate(*factors).to_dict())


@bp.post("/ogrs4")
@csrf.exempt
def calculate_ogrs4() -> Response:
    """OGRS4/G static (and OGRS4/V when violent sanctions are given), band and every term."""
    body = json_body()
    if not isinstance(body, dict):
        raise ValidationError({"body": "Send a JSON object"})
    unknown = {
        str(key)[:40]: "This field is not recognised" for key in body if key not in OGRS4_KEYS
    }
    if unknown:
        raise ValidationError(dict(list(unknown.items())[:20]))
    return jsonify(ogrs4.calculate(body, date.today()).to_dict())


@bp.get("/ogrs4/offences")
def list_ogrs4_offences() -> Response:
    """Scoreable offences whose description holds every word of `q` (or whose code starts so)."""
    query = request.args.get("q", "")[:200]
    return jsonify([offence.to_dict() for offence in find_offences(query)])


@bp.post("/proposals")
@csrf.exempt  # checked below, after sign-in, so a caller who is not signed in gets 401
def create_proposal() -> Answer:
    """Save a draft proposal for the signed-in officer; answer its id and document links."""
    refused = _refuse_unless_officer()
    if refused:
        return refused
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    key = _idempotency_key()
    proposal = services.propose(
        db.session(), current_user, json_body(), datetime.now(), _policy(), key
    )
    url = url_for("proposal.view_proposal", id=proposal.id)
    body = {
        "id": str(proposal.id),
        "url": url,
        "psr_pdf": url_for("proposal.psr_pdf", id=proposal.id),
        "defendant_pdf": url_for("proposal.defendant_pdf", id=proposal.id),
    }
    return jsonify(body), 201, {"Location": url}  # type: ignore[return-value]


@bp.get("/proposals/<uuid:id>")
@no_store
def get_proposal(id: uuid.UUID) -> Answer:
    """A saved proposal: its author and administrators only; 404 for anyone else."""
    found = _own_proposal(id)
    return jsonify(_proposal_json(found))


@bp.patch("/proposals/<uuid:id>")
@csrf.exempt  # checked in _own_proposal, after sign-in
def patch_proposal(id: uuid.UUID) -> Answer:
    """Change the officer's text, the days (with a reason) and/or the answers of a draft."""
    found = _own_proposal(id, write=True)
    body = json_body()
    edits = parse_proposal_patch(body, found.version)
    session = db.session()
    try:
        editing.apply_edits(session, found, edits, current_user.email, _policy(), datetime.now())
    except services.ProposalLocked:
        return jsonify({"error": LOCKED}), 409
    except VersionConflict:
        session.rollback()
        current = services.proposal_for(session, id, current_user)
        return jsonify({"error": CHANGED, "current": _proposal_json(current)}), 409
    return jsonify(_proposal_json(found))


@bp.post("/proposals/<uuid:id>/finalise")
@csrf.exempt  # checked in _own_proposal, after sign-in
def finalise_proposal(id: uuid.UUID) -> Answer:
    """Lock a draft; 409 with the reason when it is final already or cannot be finalised."""
    found = _own_proposal(id, write=True)
    body = json_body() if request.get_data() else {}
    version = parse_proposal_patch(body, found.version, allowed=frozenset({"version"})).version
    session = db.session()
    try:
        services.finalise(session, found, version, current_user.email)
    except services.ProposalLocked:
        return jsonify({"error": LOCKED}), 409
    except services.FinaliseRefused as exc:
        session.rollback()
        return jsonify({"error": exc.reason, "current": _proposal_json(found)}), 409
    except VersionConflict:
        session.rollback()
        current = services.proposal_for(session, id, current_user)
        return jsonify({"error": CHANGED, "current": _proposal_json(current)}), 409
    return jsonify(_proposal_json(found))


def _own_proposal(proposal_id: uuid.UUID, write: bool = False) -> Proposal:
    """The proposal if the signed-in user wrote it or is an administrator; 401/404 otherwise.
    Writes also need the CSRF token."""
    if not current_user.is_authenticated:
        abort(401, "Sign in first.")
    if write and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    found = services.proposal_for(db.session(), proposal_id, current_user)
    return found_or_404(found, services.NO_SUCH_PROPOSAL)


def _proposal_json(proposal: Any) -> dict[str, Any]:
    session = db.session()
    author = session.get(User, proposal.author_id)
    changes = changed_since_saved(session, proposal, date.today(), _policy().stale_after_days)
    return {
        **proposal_json(proposal, author, changes),
        "outcome": outcomes.proposal_outcome_json(session, proposal),
    }


@bp.get("/proposals/csrf-token")
@no_store
def get_proposal_csrf_token() -> Answer:
    """A CSRF token for this session, to send as the X-CSRFToken header on POST /proposals."""
    refused = _refuse_unless_officer()
    return refused or jsonify({"csrf_token": generate_csrf(), "header": "X-CSRFToken"})


def _idempotency_key() -> str | None:
    """The Idempotency-Key header: one line of visible text, at most 200 characters."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    problem = text_problem(key, max_chars=IDEMPOTENCY_KEY_MAX)
    if problem or not key.strip():
        raise ValidationError({"Idempotency-Key": problem or "Give a key, or leave the header out"})
    return key


def _refuse_unless_officer() -> tuple[Response, int] | None:
    if not current_user.is_authenticated:
        return jsonify({"error": "Sign in as a court officer first."}), 401
    if current_user.role not in OFFICERS:
        return jsonify({"error": "Only court officers and administrators save proposals."}), 403
    return None


def _policy() -> Any:
    return recommending.policy_for(int(current_app.config["STALE_AFTER_DAYS"]))
