"""Who may do what in catalogue maintenance.

Pages send anonymous visitors to sign in and refuse other roles with 403; the write API
answers 401 and 403 as JSON. The rules themselves live on User (may_edit_region,
may_edit_definitions) so pages, API and templates agree.
"""

from __future__ import annotations

from flask import abort, jsonify
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from accounts.auth import login_manager
from catalogue.models import Region

EDITOR_ROLES = ("admin", "interventions-editor")


def require_editor() -> Response | None:
    """Before a page: signed in as an interventions editor or an administrator."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()  # type: ignore[no-any-return]
    if current_user.role not in EDITOR_ROLES:
        abort(403)
    return None


def require_api_editor() -> tuple[Response, int] | None:
    """Before an API call: 401 unless signed in, 403 unless an editor or administrator."""
    if not current_user.is_authenticated:
        return jsonify({"error": "Sign in as an interventions editor first."}), 401
    if current_user.role not in EDITOR_ROLES:
        return jsonify({"error": "Only interventions editors may do that."}), 403
    return None


def require_definitions() -> None:
    """Refuse (403) unless the user may create, edit and withdraw interventions."""
    if not current_user.may_edit_definitions:
        abort(403, "Only national interventions editors and administrators change interventions.")


def require_region(region_slug: str) -> None:
    """Refuse (403) unless the user may change availability in the region."""
    if not current_user.may_edit_region(region_slug):
        abort(403, "You may only change availability in your own regions.")


def actor() -> str:
    """The signed-in user as the audit trail names them."""
    return str(current_user.email)


def editable_regions(session: Session) -> list[Region]:
    """The regions whose availability the signed-in user may change, by name."""
    query = select(Region).order_by(Region.name)
    if current_user.role != "admin" and current_user.region_slugs:
        query = query.where(Region.slug.in_(current_user.region_slugs))
    return list(session.scalars(query))
