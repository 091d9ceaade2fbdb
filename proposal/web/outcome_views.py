"""Recording the outcome of the hearing: the author's form page and the JSON API.

`PUT /api/v1/proposals/<id>/outcome` takes `{"sentence", "rar_ordered", "rar_days",
"other_requirements", "sentence_date"}`. Like `POST /api/v1/proposals`, the caller signs in
with the session cookie and sends the CSRF token from `GET /api/v1/proposals/csrf-token` in
an `X-CSRFToken` header. Invalid input is answered 422 `{"errors": {field: message}}`; an
outcome whose time for changes has passed, 409.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from accounts.auth import csrf, role_required
from core import db
from core.dates import long_date
from proposal.types import ValidationError
from proposal.web import outcome_openapi, outcomes, services
from proposal.web.forms import OutcomeForm
from proposal.web.models import Proposal
from proposal.web.outcomes import OutcomeClosed
from proposal.web.reader import json_body
from web.forms import attach_errors
from web.loading import allowed_or_403, found_or_404

bp = Blueprint("outcome", __name__)
api_bp = Blueprint("outcome_api", __name__, url_prefix="/api/v1")
OFFICERS = ("court-officer", "admin")
CLOSED = "The outcome can no longer be changed: the time for recording it ended on {}."
NOT_AUTHOR = "Only the officer who wrote the proposal records its outcome."
Answer = Response | tuple[Response, int] | tuple[str, int] | str
outcome_openapi.register()


def editable_days() -> int:
    """How many days after the hearing the author may record or change the outcome."""
    return int(current_app.config["OUTCOME_EDITABLE_DAYS"])


@bp.after_request
def no_store(response: Response) -> Response:
    """The page names the case: browsers and proxies must not keep copies."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/proposals/<uuid:id>/outcome", methods=["GET", "POST"])
@role_required(*OFFICERS)
def record_outcome(id: uuid.UUID) -> Answer:
    """The outcome form: what the court ordered, recorded by the proposal's author."""
    session = db.session()
    proposal = found_or_404(services.proposal_for(session, id, current_user))
    row = outcomes.outcome_of(session, proposal.id)
    form = OutcomeForm(data=_form_data(proposal, row))
    until = outcomes.editable_until(proposal, editable_days())
    problem = _refusal(proposal, until)
    if form.validate_on_submit() and not problem:
        try:
            outcomes.record_outcome(
                session, proposal, current_user, form.to_body(), datetime.now(), editable_days()
            )
        except ValidationError as exc:
            session.rollback()
            attach_errors(form, exc.errors)
        else:
            flash("Outcome of the hearing saved.", "success")
            return redirect(url_for("proposal.view_proposal", id=proposal.id))
    status = 409 if problem and form.is_submitted() else 400 if form.errors else 200
    return render_template(
        "proposal/outcome.html",
        form=form,
        proposal=proposal,
        problem=problem,
        until=until,
        heard=outcomes.hearing_date(proposal),
        summary=outcomes.describe(row) if row else None,
    ), status


def _refusal(proposal: Proposal, until: Any) -> str | None:
    if proposal.author_id != current_user.id:
        return NOT_AUTHOR
    if datetime.now().date() > until:
        return CLOSED.format(long_date(until))
    return None


def _form_data(proposal: Proposal, row: Any) -> dict[str, Any]:
    if row is None:
        return {"sentence_date": outcomes.hearing_date(proposal)}
    return {
        "sentence": row.sentence,
        "rar_ordered": "yes" if row.rar_ordered else "no",
        "rar_days": row.rar_days,
        "other_requirements": list(row.other_requirements),
        "sentence_date": row.sentence_date,
    }


@api_bp.errorhandler(ValidationError)
def invalid_input(exc: ValidationError) -> tuple[Response, int]:
    """Field-level messages, keyed by the field's name in the body."""
    return jsonify({"errors": exc.errors}), 422


@api_bp.put("/proposals/<uuid:id>/outcome")
@csrf.exempt  # checked below, after sign-in, so a caller who is not signed in gets 401
def put_outcome(id: uuid.UUID) -> Answer:
    """Record or change the outcome of the hearing; answers the outcome as stored."""
    if not current_user.is_authenticated:
        return jsonify({"error": "Sign in as a court officer first."}), 401
    if current_user.role not in OFFICERS:
        return jsonify({"error": "Only court officers record outcomes."}), 403
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    session = db.session()
    found = found_or_404(
        services.proposal_for(session, id, current_user), services.NO_SUCH_PROPOSAL
    )
    proposal = allowed_or_403(found, found.author_id == current_user.id, NOT_AUTHOR)
    try:
        row = outcomes.record_outcome(
            session, proposal, current_user, json_body(), datetime.now(), editable_days()
        )
    except OutcomeClosed:
        until = outcomes.editable_until(proposal, editable_days())
        return jsonify({"error": CLOSED.format(until.isoformat())}), 409
    return jsonify({"outcome": outcomes.outcome_to_dict(row), **_window(proposal)})


def _window(proposal: Proposal) -> dict[str, str]:
    return {"editable_until": outcomes.editable_until(proposal, editable_days()).isoformat()}
