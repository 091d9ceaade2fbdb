"""CSV export for staff, and CSV import for editors: upload, preview every change, apply.

The checked upload waits between preview and apply on the server (`import_uploads`). Apply
re-reads it, re-plans against the catalogue as it is now, refuses if any record changed
since the preview, and writes everything in one transaction through the editor's services
(`services/imports.py`); the search index follows after commit.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from accounts.auth import role_required
from catalogue.models import Availability, Intervention
from core import db
from core.roles import ROLES
from core.versions import VersionConflict
from maintenance import csv_io, import_plan, import_uploads
from maintenance.services import imports
from web.text import CheckedForm

bp = Blueprint("transfer", __name__, url_prefix="/admin")

EDITORS = ("admin", "interventions-editor")


class ImportForm(CheckedForm):
    """Which kind of CSV, and the file."""

    kind = RadioField(
        "What does the file hold?",
        choices=[
            SelectChoice("availability", "Availability: status, start, places and wait by place"),
            SelectChoice("interventions", "Interventions: every field of each intervention"),
        ],
        validators=[InputRequired("Select what the file holds")],
    )
    upload = FileField("CSV file", validators=[FileRequired("Select a CSV file to upload")])


@bp.get("/export/interventions.csv")
@role_required(*ROLES)
def export_interventions() -> Response:
    """Every intervention, withdrawn ones too, in the columns the import takes."""
    rows = db.session().scalars(select(Intervention).order_by(Intervention.slug))
    return _csv_download("interventions", [csv_io.intervention_row(iv) for iv in rows])


@bp.get("/export/availability.csv")
@role_required(*ROLES)
def export_availability() -> Response:
    """Every availability row the user may change (all for national staff), in the columns
    the import takes, so a regional editor's file imports back unchanged."""
    query = select(Availability).join(Availability.intervention)
    regions = _own_regions()
    if regions is not None:
        query = query.where(Availability.region_slug.in_(regions))
    rows = db.session().scalars(query)
    values = sorted((csv_io.availability_row(r) for r in rows), key=_place_order)
    return _csv_download("availability", values)


def _place_order(row: dict[str, Any]) -> tuple[str, str, str]:
    return row["intervention"], row["region"], row["pdu"] or ""


def _csv_download(kind: str, rows: list[dict[str, Any]]) -> Response:
    response = current_app.response_class(
        csv_io.write_csv(kind, rows), mimetype="text/csv; charset=utf-8"
    )
    stamp = datetime.now().strftime("%Y-%m-%d")
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/import", methods=["GET", "POST"])
@role_required(*EDITORS)
def import_upload() -> str | tuple[str, int]:
    """The upload form; a valid upload is checked and shown as a preview of every change."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _upload_page(form, 400 if form.is_submitted() else 200)
    if form.kind.data == "interventions" and not current_user.may_edit_definitions:
        form.kind.errors = ["Only national editors and administrators import interventions"]
        return _upload_page(form, 403)
    raw = form.upload.data.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
    try:
        if len(raw) > current_app.config["MAX_UPLOAD_BYTES"]:
            raise csv_io.UploadRefused(_too_large())
        records, errors = csv_io.read_records(csv_io.decode(raw), form.kind.data)
    except csv_io.UploadRefused as refused:
        form.upload.errors = [str(refused)]
        return _upload_page(form, 400)
    filename = (form.upload.data.filename or "upload.csv")[:120]
    return _preview(form.kind.data, records, errors, filename)


def _upload_page(form: ImportForm, status: int) -> tuple[str, int]:
    limit = _megabytes(current_app.config["MAX_UPLOAD_BYTES"])
    return render_template("maintenance/transfer/upload.html", form=form, limit=limit), status


def _too_large() -> str:
    limit = _megabytes(current_app.config["MAX_UPLOAD_BYTES"])
    return f"The file is larger than {limit}. Split it into smaller files and import each."


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.3g} MB"


@bp.post("/import/<token>/apply")
@role_required(*EDITORS)
def import_apply(token: str) -> Response | tuple[str, int]:
    """Apply a previewed upload all at once, unless a record changed since the preview."""
    stored = _load(token)
    session = db.session()
    plan = _plan(session, stored["kind"], import_uploads.records_of(stored))
    changed = import_plan.conflicts(stored["seen"], plan)
    if changed or not plan.applicable:
        return _refuse(token, stored, plan, changed)
    reason, versions = f"CSV import: {stored['filename']}", import_uploads.versions_seen(stored)
    try:
        imports.apply_plan(session, plan, current_user.email, reason, versions)
    except imports.ImportRefused as refused:
        plan.errors[:] = refused.errors
        return _refuse(token, stored, plan, [])
    except VersionConflict:
        return _refuse(token, stored, plan, [("(another save at the same moment)", [])])
    import_uploads.forget(_folder(), token)
    new = sum(c.is_new for c in plan.changes)
    message = f"Imported {stored['filename']}: {new} added, {len(plan.changes) - new} changed."
    if plan.conflicts:
        message += f" {len(plan.conflicts)} changed in the directory since the export: left as is."
    flash(message, "success")
    return redirect(url_for("transfer.import_upload"))


@bp.post("/import/<token>/recheck")
@role_required(*EDITORS)
def import_recheck(token: str) -> str:
    """Preview the same file again against the catalogue as it is now."""
    stored = _load(token)
    import_uploads.forget(_folder(), token)
    return _preview(stored["kind"], import_uploads.records_of(stored), [], stored["filename"])


def _preview(
    kind: str, records: list[csv_io.Record], errors: list[csv_io.RowError], filename: str
) -> str:
    plan = _plan(db.session(), kind, records)
    plan.errors[:0] = errors
    token = None
    if plan.applicable:
        token = import_uploads.store(_folder(), current_user.id, kind, records, filename, plan)
    return render_template(
        "maintenance/transfer/preview.html",
        plan=plan,
        token=token,
        filename=filename,
        columns=csv_io.COLUMNS[kind],
        show=csv_io.comparable,
    )


def _refuse(token: str, stored: dict[str, Any], plan: csv_io.Plan, changed: list) -> tuple:
    page = render_template(
        "maintenance/transfer/conflict.html",
        token=token,
        filename=stored["filename"],
        changed=changed,
        plan=plan,
        show=csv_io.comparable,
    )
    return page, 409


def _plan(session: Session, kind: str, records: list[csv_io.Record]) -> csv_io.Plan:
    if kind == "interventions":
        if not current_user.may_edit_definitions:
            abort(403)
        plan = import_plan.plan_interventions(session, records)
        if not plan.errors:
            plan.errors += imports.refusals(session, plan)
        return plan
    return import_plan.plan_availability(session, records, current_user.email, _own_regions())


def _own_regions() -> list[str] | None:
    """The regions an editor limited to regions may change; None for everyone else."""
    if current_user.role == "interventions-editor" and current_user.region_slugs:
        return list(current_user.region_slugs)
    return None


# --- The upload between preview and apply ---------------------------------------------------


def _folder() -> Path:
    folder = Path(
        current_app.config.get("IMPORT_DIR") or Path(current_app.instance_path, "imports")
    )
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _load(token: str) -> dict[str, Any]:
    stored = import_uploads.load(_folder(), token, current_user.id)
    if stored is None:
        abort(404, "That upload has expired or was already applied. Upload the file again.")
    return stored
