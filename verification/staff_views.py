"""Staff pages: the outbox (what was sent, or waits to be), and each region's chase."""

from __future__ import annotations

from collections import Counter
from datetime import date

from flask import Blueprint, current_app, render_template
from sqlalchemy import select

from catalogue.models import Region
from core import db
from maintenance.access import require_editor, require_region
from verification.chasing import region_states
from verification.models import OutboxMessage
from verification.policy import CHASE_STATES
from verification.sending import policy_from
from verification.transports import transport_from
from web.loading import get_or_404

bp = Blueprint("verification_admin", __name__, url_prefix="/admin")
bp.before_request(require_editor)

OUTBOX_PAGE_SIZE = 100


@bp.get("/outbox")
def outbox() -> str:
    """The newest messages, with their state; in development this is where they stay."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(OUTBOX_PAGE_SIZE)
    messages = list(db.session().scalars(query))
    transport = transport_from(current_app.config)
    return render_template(
        "verification/outbox.html",
        messages=messages,
        transport=transport.name if transport else None,
    )


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int) -> str:
    """One message as it was (or will be) sent."""
    message = get_or_404(OutboxMessage, message_id)
    return render_template("verification/outbox_message.html", message=message)


@bp.get("/regions/<region>/verification")
def due(region: str) -> str:
    """A region's rows by chase state, with who answered and when, and what needs chasing."""
    require_region(region)
    found = get_or_404(Region, region)
    policy = policy_from(current_app.config)
    states = region_states(db.session(), region, policy, date.today())
    return render_template(
        "verification/due.html",
        region=found,
        states=states,
        chasing=[state for state in states if state.needs_chasing],
        counts=Counter(state.state for state in states),
        chase_states=CHASE_STATES,
        policy=policy,
    )
