"""Editors' landing page, and creating, editing and withdrawing interventions."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from catalogue import queries
from catalogue.models import Availability, Intervention
from catalogue.reference import AVAILABILITY_STATUSES, CONFIRMATION_METHODS, LIFECYCLE_STATUSES
from core import db
from core.audit import as_text
from core.versions import VersionConflict
from maintenance.access import actor, editable_regions, require_definitions, require_editor
from maintenance.forms import InterventionForm, WithdrawForm, field_labels, options, resubmission
from maintenance.services import interventions
from maintenance.services.checks import INTERVENTION_FIELDS
from maintenance.services.history import ConflictField, history_events, merge_conflict
from maintenance.services.recording import ValidationFailed
from web.loading import found_or_404

bp = Blueprint("maintenance", __name__, url_prefix="/admin")
bp.before_request(require_editor)

NEW_DEFAULTS = {"status": "active", "gender": "any", "attendance": "in-person", "is_sample": False}


def template_helpers() -> dict[str, Any]:
    """Values every maintenance template uses."""
    stale_after = int(current_app.config["STALE_AFTER_DAYS"])
    return {
        "today": date.today(),
        "stale_after_days": stale_after,
        "is_stale": lambda row: row.is_stale(date.today(), stale_after),
        "as_text": as_text,
        "availability_labels": AVAILABILITY_STATUSES,
        "lifecycle_labels": LIFECYCLE_STATUSES,
        "confirmation_methods": CONFIRMATION_METHODS,
    }


bp.context_processor(template_helpers)


@bp.get("/")
def dashboard() -> str:
    """An editor's landing page: their regions with stale counts, and where to go next."""
    session = db.session()
    regions = editable_regions(session)
    rows = session.scalars(
        select(Availability).where(Availability.region_slug.in_([r.slug for r in regions]))
    ).all()
    helpers = template_helpers()
    totals = Counter(row.region_slug for row in rows)
    stale = Counter(row.region_slug for row in rows if helpers["is_stale"](row))
    return render_template(
        "maintenance/dashboard.html", regions=regions, totals=totals, stale=stale
    )


@bp.get("/interventions")
def list_interventions() -> str:
    """Every intervention, withdrawn ones included, with links to look after each."""
    found = db.session().scalars(select(Intervention).order_by(Intervention.name)).all()
    return render_template("maintenance/interventions.html", interventions=found)


@bp.get("/interventions/<slug>")
def show_intervention(slug: str) -> str:
    """The staff view of an intervention: its record, availability and full history."""
    session = db.session()
    intervention = _find(session, slug)
    labels = {str(row.id): _place(row) for row in intervention.availability}
    return render_template(
        "maintenance/intervention.html",
        intervention=intervention,
        events=history_events(session, intervention),
        places=labels,
        labels=field_labels(InterventionForm, INTERVENTION_FIELDS),
        values=interventions.intervention_values(intervention),
    )


@bp.route("/interventions/new", methods=["GET", "POST"])
def new_intervention() -> str | Response:
    """Add an intervention (national editors and administrators)."""
    require_definitions()
    session = db.session()
    form = _intervention_form(session, data=NEW_DEFAULTS)
    if form.validate_on_submit():
        try:
            created = interventions.create_intervention(
                session, form.values(), actor(), form.reason.data
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(f"{created.name} has been added.", "success")
            return redirect(url_for(".show_intervention", slug=created.slug))
    return render_template("maintenance/intervention_form.html", form=form, intervention=None)


@bp.route("/interventions/<slug>/edit", methods=["GET", "POST"])
def edit_intervention(slug: str) -> str | Response | tuple[str, int]:
    """Change an intervention; a save based on an old version shows what changed."""
    require_definitions()
    session = db.session()
    intervention = _find(session, slug)
    data = interventions.intervention_values(intervention) | {"version": intervention.version}
    form = _intervention_form(session, data=data)
    if form.validate_on_submit():
        try:
            interventions.update_intervention(
                session,
                intervention,
                form.values(),
                form.base_version(),
                actor(),
                form.reason.data,
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        except VersionConflict:
            return _intervention_conflict(session, intervention, form)
        else:
            flash(f"Your changes to {intervention.name} have been saved.", "success")
            return redirect(url_for(".show_intervention", slug=intervention.slug))
    return render_template(
        "maintenance/intervention_form.html", form=form, intervention=intervention
    )


@bp.route("/interventions/<slug>/withdraw", methods=["GET", "POST"])
def withdraw_intervention(slug: str) -> str | Response:
    """Withdraw an intervention from the directory, with a reason."""
    require_definitions()
    session = db.session()
    intervention = _find(session, slug)
    form = WithdrawForm(data={"version": intervention.version})
    if form.validate_on_submit():
        try:
            interventions.withdraw_intervention(
                session, intervention, form.base_version(), form.reason.data or "", actor()
            )
        except VersionConflict:
            flash(
                "Someone changed this intervention since you opened the page. Check it "
                "and try again.",
                "info",
            )
            return redirect(url_for(".show_intervention", slug=slug))
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(f"{intervention.name} has been withdrawn.", "success")
            return redirect(url_for(".show_intervention", slug=intervention.slug))
    return render_template("maintenance/withdraw.html", form=form, intervention=intervention)


def _find(session: Session, slug: str) -> Intervention:
    return found_or_404(session.scalar(select(Intervention).where(Intervention.slug == slug)))


def _intervention_form(session: Session, data: dict[str, Any], **kwargs: Any) -> InterventionForm:
    form = InterventionForm(data=_form_data(data), **kwargs)
    form.needs.choices = options((n.slug, n.label) for n in queries.needs(session))
    return form


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    """Model values as the form shows them: no choice is spelt None."""
    return {
        k: ("" if v is None and k in ("offence_focus", "price_unit") else v)
        for k, v in values.items()
    }


def _place(row: Availability) -> str:
    return row.region.name + (f" ({row.pdu.name})" if row.pdu else "")


def attach_errors(form: FlaskForm, errors: dict[str, str]) -> None:
    """Show a service's validation messages beside the fields (or atop the form)."""
    for name, message in errors.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            form.form_errors.append(message)


def _intervention_conflict(
    session: Session, intervention: Intervention, form: InterventionForm
) -> tuple[str, int]:
    fields, merged = merge_conflict(session, intervention, form.base_version(), form.values())
    data = merged | {"version": intervention.version}
    reapply = _intervention_form(session, data=data, formdata=None)
    reapply.reason.data = form.reason.data
    labels = field_labels(InterventionForm, INTERVENTION_FIELDS)
    return render_conflict(
        fields,
        labels,
        reapply,
        url_for(".edit_intervention", slug=intervention.slug),
        url_for(".show_intervention", slug=intervention.slug),
        intervention.name,
    )


def render_conflict(
    fields: list[ConflictField],
    labels: dict[str, str],
    reapply: FlaskForm,
    action: str,
    back: str,
    title: str,
) -> tuple[str, int]:
    """The refused-save page: what changed meanwhile, and a button to re-apply (409)."""
    page = render_template(
        "maintenance/conflict.html",
        fields=fields,
        labels=labels,
        reapply=resubmission(reapply),
        action=action,
        back=back,
        title=title,
    )
    return page, 409
