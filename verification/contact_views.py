"""Editors change who is asked to confirm a row, or an intervention's rows by default."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from catalogue.models import Availability, Intervention
from core import db
from core.versions import VersionConflict
from maintenance.access import actor, require_definitions, require_editor, require_region
from maintenance.services.recording import ValidationFailed
from verification.contact_editing import ContactForm, contact_form, set_contact
from web.loading import found_or_404, get_or_404

bp = Blueprint("contacts", __name__, url_prefix="/admin")
bp.before_request(require_editor)


@bp.app_context_processor
def contact_forms() -> dict[str, object]:
    """Lets the row and intervention edit pages show the contact form beside their own."""
    return {"contact_form_for": contact_form}


@bp.route("/regions/<region>/availability/<int:row_id>/contact", methods=["GET", "POST"])
def edit_row_contact(region: str, row_id: int) -> str | Response | tuple[str, int]:
    """Change who is asked to confirm one availability row."""
    require_region(region)
    found = get_or_404(Availability, row_id)
    row = found_or_404(found if found.region_slug == region else None)
    back = url_for("availability.edit_row", region=region, row_id=row.id)
    title = f"{row.intervention.name} in {row.region.name}" + (
        f", {row.pdu.name}" if row.pdu else ""
    )
    return _edit(
        row,
        back,
        title,
        "This row's own contact. Leave blank to ask the intervention's contact instead.",
    )


@bp.route("/interventions/<slug>/contact", methods=["GET", "POST"])
def edit_intervention_contact(slug: str) -> str | Response | tuple[str, int]:
    """Change who is asked about an intervention's rows that name no contact of their own."""
    require_definitions()
    found = found_or_404(db.session().scalar(select(Intervention).where(Intervention.slug == slug)))
    back = url_for("maintenance.show_intervention", slug=slug)
    return _edit(
        found,
        back,
        found.name,
        "Asked about every row of this intervention that names no contact of its own.",
    )


def _edit(
    record: Intervention | Availability, back: str, title: str, hint: str
) -> str | Response | tuple[str, int]:
    form = contact_form(record) if request.method == "GET" else ContactForm()
    if request.method == "POST" and form.validate():
        try:
            changed = set_contact(db.session(), record, form.values(), form.base_version(), actor())
        except ValidationFailed as exc:
            for name, message in exc.errors.items():
                form[name].errors = [*form[name].errors, message]
        except VersionConflict:
            db.session().rollback()
            form = contact_form(record)
            form.form_errors.append(
                "Someone changed this record since you opened the page. Check the contact "
                "below and save again."
            )
        else:
            message = "The verification contact has been saved." if changed else "Nothing changed."
            flash(message, "success")
            return redirect(back)
    page = render_template(
        "verification/contact.html",
        form=form,
        title=title,
        back=back,
        hint=hint,
        action=request.path,
    )
    return (page, 400) if form.errors else page
