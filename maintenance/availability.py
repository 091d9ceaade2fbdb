"""The availability grid of a region: edit rows, add rows, confirm rows as still accurate."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from catalogue import queries
from catalogue.models import Availability, Intervention, Region
from core import db
from core.versions import VersionConflict
from maintenance.access import actor, require_editor, require_region
from maintenance.editing import attach_errors, render_conflict, template_helpers
from maintenance.forms import AvailabilityForm, ConfirmForm, NewAvailabilityForm, options
from maintenance.services.availability import (
    add_availability,
    availability_values,
    confirm_availability,
    update_availability,
)
from maintenance.services.history import merge_conflict
from maintenance.services.recording import ValidationFailed
from maintenance.ticks import ASK_AGAIN_ABOVE, Ticks, read_ticks
from web.loading import found_or_404, get_or_404
from web.numbers import whole_number

bp = Blueprint("availability", __name__, url_prefix="/admin/regions/<region>/availability")
bp.context_processor(template_helpers)


@bp.before_request
def check_access() -> Response | None:
    """Editors and administrators only, and only in a region the user may change."""
    refused = require_editor()
    if refused is None:
        require_region((request.view_args or {}).get("region", ""))
    return refused


@bp.get("")
def grid(region: str) -> str:
    """Every availability row in the region, stale rows first, each with its actions."""
    session = db.session()
    found = _region(session, region)
    return _grid_page(session, found, region_rows(session, region))


def _grid_page(
    session: Session, region: Region, rows: list[Availability], ticks: Ticks | None = None
) -> str:
    return render_template(
        "maintenance/availability.html",
        region=region,
        rows=rows,
        ticks=ticks,
        ask_again_above=ASK_AGAIN_ABOVE,
        last_updated=queries.region_last_confirmed(session, region.slug, date.today()),
        form=ConfirmForm(),
    )


@bp.route("/<int:row_id>", methods=["GET", "POST"])
def edit_row(region: str, row_id: int) -> str | Response | tuple[str, int]:
    """Change one row's status, next start, places and wait; saving confirms it."""
    session = db.session()
    row = _row(session, region, row_id)
    form = AvailabilityForm(data=availability_values(row) | {"version": row.version})
    if form.validate_on_submit():
        try:
            update_availability(session, row, form.values(), form.base_version(), actor())
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        except VersionConflict:
            return _conflict(session, row, form)
        else:
            flash(f"{row.intervention.name} in {_place(row)} has been saved.", "success")
            return redirect(url_for(".grid", region=region))
    return render_template(
        "maintenance/availability_form.html", form=form, row=row, region=row.region
    )


@bp.post("/<int:row_id>/confirm")
def confirm_row(region: str, row_id: int) -> Response:
    """Confirm one row as still accurate (refused if it changed since the grid was shown)."""
    session = db.session()
    row = _row(session, region, row_id)
    number = whole_number(request.form.get("version", ""))
    versions = {row.id: number} if number is not None else {}
    return _confirm(session, region, [row], versions)


@bp.post("/confirm")
def confirm_ticked(region: str) -> str | Response | tuple[str, int]:
    """Confirm only the rows the editor ticked and says were checked with the provider
    today; more than ASK_AGAIN_ABOVE rows are listed for a second yes first."""
    session = db.session()
    found = _region(session, region)
    rows = region_rows(session, region)
    ticks = read_ticks(request.form, rows, found.name)
    if ticks.errors or request.form.get("decision") == "change":
        return _grid_page(session, found, rows, ticks), 400 if ticks.tampered else 200
    if ticks.needs_second_step(request.form):
        return render_template("maintenance/availability_sure.html", region=found, ticks=ticks)
    return _confirm(session, region, ticks.rows, ticks.versions)


@bp.route("/new", methods=["GET", "POST"])
def new_row(region: str) -> str | Response:
    """Say that an intervention runs in this region, or in one PDU of it."""
    session = db.session()
    found = _region(session, region)
    form = _new_row_form(session, found)
    if form.validate_on_submit():
        key = _uuid(form.intervention.data)
        intervention = session.get(Intervention, key) if key else None
        try:
            if intervention is None:
                raise ValidationFailed({"intervention": "Select an intervention from the list"})
            add_availability(
                session, intervention, region, form.pdu.data or None, form.values(), actor()
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(f"{intervention.name} has been added to {found.name}.", "success")
            return redirect(url_for(".grid", region=region))
    return render_template("maintenance/availability_new.html", form=form, region=found)


def _new_row_form(session: Session, region: Region) -> NewAvailabilityForm:
    form = NewAvailabilityForm()
    active = select(Intervention).where(Intervention.status == "active")
    found = session.scalars(active.order_by(Intervention.name))
    form.intervention.choices = options(
        [("", "Select an intervention")] + [(str(iv.id), iv.name) for iv in found]
    )
    form.pdu.choices = options(
        [("", f"The whole of {region.name}")] + [(p.slug, p.name) for p in region.pdus]
    )
    return form


def region_rows(session: Session, region: str) -> list[Availability]:
    """A region's rows: stale first, then by intervention name, region-wide before PDUs."""
    stale_after = int(current_app.config["STALE_AFTER_DAYS"])
    today = date.today()
    rows = session.scalars(select(Availability).where(Availability.region_slug == region)).all()
    return sorted(
        rows,
        key=lambda r: (
            not r.is_stale(today, stale_after),
            r.intervention.name.casefold(),
            r.pdu.name if r.pdu else "",
        ),
    )


def _confirm(
    session: Session, region: str, rows: list[Availability], versions: dict[int, int]
) -> Response:
    try:
        count = confirm_availability(session, rows, versions, actor())
    except VersionConflict as exc:
        changed = exc.current if isinstance(exc.current, list) else [exc.current]
        names = ", ".join(f"{r.intervention.name} ({_place(r)})" for r in changed)
        flash(
            f"Nothing was confirmed: {names} changed since you loaded the grid. Check the "
            "new values and confirm again.",
            "info",
        )
    else:
        flash(f"{count} {'row' if count == 1 else 'rows'} confirmed as still accurate.", "success")
    return redirect(url_for(".grid", region=region), code=303)


def _conflict(session: Session, row: Availability, form: AvailabilityForm) -> tuple[str, int]:
    fields, merged = merge_conflict(session, row, form.base_version(), form.values())
    reapply = AvailabilityForm(formdata=None, data=merged | {"version": row.version})
    labels = {field.name: field.label.text for field in form}
    url = url_for(".edit_row", region=row.region_slug, row_id=row.id)
    back = url_for(".grid", region=row.region_slug)
    title = f"{row.intervention.name} in {_place(row)}"
    return render_conflict(fields, labels, reapply, url, back, title)


def _region(session: Session, slug: str) -> Region:
    return get_or_404(Region, slug)


def _row(session: Session, region: str, row_id: int) -> Availability:
    row = get_or_404(Availability, row_id)
    return found_or_404(row if row.region_slug == region else None)


def _place(row: Availability) -> str:
    return row.region.name + (f", {row.pdu.name}" if row.pdu else "")


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None
