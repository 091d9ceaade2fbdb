"""The page a contact reaches from the link in a message: no account, no JavaScript needed.

It lists only the rows the request asks about, never a price. A used, expired or altered
link gets a page saying so (4xx) and changes nothing.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from werkzeug.wrappers import Response

from catalogue.models import Availability
from catalogue.reference import AVAILABILITY_STATUSES
from core import db
from core.versions import VersionConflict
from maintenance.services.recording import ValidationFailed
from verification import config
from verification.answers import AlreadyAnswered, RowAnswer, record_answer
from verification.forms import CHANGED, AnswerForm, answer_form, check_answers, name_rows
from verification.links import ANSWER_PATH, LinkExpired, LinkInvalid, read_token
from verification.messages import place
from verification.models import VerificationRequest
from web.security import forbid_storing

bp = Blueprint("verification", __name__)


@bp.route(f"{ANSWER_PATH}<token>", methods=["GET", "POST"])
def answer(token: str) -> Response:
    """Show the contact's rows, and record "still accurate" or the new values."""
    found = _request_for(token)
    if isinstance(found, Response):
        return found
    rows = [link.availability for link in found.rows]
    form = answer_form(rows, request.form if request.method == "POST" else None)
    name_rows(form, [_name(row) for row in rows])
    if request.method == "POST" and check_answers(form, [_name(row) for row in rows]):
        answers = _answers(form, rows)
        try:
            record_answer(db.session(), found, answers, config.now(current_app.config))
        except AlreadyAnswered:
            return _problem("used", found, 409)
        except VersionConflict as exc:
            db.session().rollback()
            form = answer_form(rows)
            name_rows(form, [_name(row) for row in rows])
            form.form_errors.append(_conflict_message(exc))
        except ValidationFailed as exc:
            db.session().rollback()
            form.form_errors.extend(exc.errors.values())
        else:
            return _page("verification/answered.html", request_=found, answers=answers)
    status = 400 if form.errors else 200
    return _page(
        "verification/answer.html",
        status,
        form=form,
        request_=found,
        rows=rows,
        place=place,
        labels=AVAILABILITY_STATUSES,
    )


def _request_for(token: str) -> VerificationRequest | Response:
    settings = current_app.config
    try:
        request_id = read_token(
            settings["SECRET_KEY"], token, settings["VERIFY_LINK_DAYS"], config.clock(settings)
        )
    except LinkExpired:
        return _problem("expired", None, 410)
    except LinkInvalid:
        return _problem("invalid", None, 404)
    found = db.session().get(VerificationRequest, request_id)
    if found is None:
        return _problem("invalid", None, 404)
    if found.closed_at is not None:
        return _problem("used" if found.answered_at else "confirmed", found, 410)
    return found


def _answers(form: AnswerForm, rows: list[Availability]) -> list[RowAnswer]:
    found = []
    for entry, row in zip(form.rows.entries, rows, strict=True):
        version = str(entry.form.version.data or "").strip()
        outcome = entry.form.answer.data
        values = entry.form.values() if outcome == CHANGED else {}
        found.append(RowAnswer(row, int(version) if version.isdigit() else None, outcome, values))
    return found


def _conflict_message(exc: VersionConflict) -> str:
    changed = exc.current if isinstance(exc.current, list) else [exc.current]
    names = ", ".join(_name(row) for row in changed)
    return (
        f"Nothing was saved: the regional team changed {names} since you opened this "
        "page. Check the details below and send your answers again."
    )


def _name(row: Availability) -> str:
    return f"{row.intervention.name} in {place(row)}"


def _problem(kind: str, found: VerificationRequest | None, status: int) -> Response:
    return _page("verification/link_problem.html", status, kind=kind, request_=found)


def _page(template: str, status: int = 200, **context: object) -> Response:
    """Pages behind the link are never stored: the address is a key to the answer form."""
    response = current_app.make_response((render_template(template, **context), status))
    response.headers["X-Robots-Tag"] = "noindex"
    return forbid_storing(response)
