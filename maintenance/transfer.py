"""CSV export for staff, and CSV import for editors: upload, preview every change, apply.

The checked upload waits between preview and apply in a server-side file named by a random
token (never in the cookie). Apply re-reads it, re-plans against the catalogue as it is
now, refuses if any record changed since the preview, and writes everything in one
transaction with its audit trail and revisions; the search index follows after commit.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from accounts.auth import role_required
from catalogue.changes import record_revision
from catalogue.models import Availability, Intervention, NeedArea
from core import db
from core.audit import record_audit
from core.roles import ROLES
from maintenance import csv_io, import_plan
from maintenance.services.recording import reindex
from web.text import CheckedForm

bp = Blueprint("transfer", __name__, url_prefix="/admin")

EDITORS = ("admin", "interventions-editor")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
# A preview left this long is forgotten; the editor uploads the file again.
UPLOAD_LIFETIME_SECONDS = 2 * 60 * 60


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
    """Every availability row, in the columns the import takes."""
    rows = db.session().scalars(select(Availability).join(Availability.intervention))
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
    plan = _plan(session, stored["kind"], _records(stored))
    changed = import_plan.conflicts(stored["seen"], plan)
    if changed or not plan.applicable:
        return _refuse(token, stored, plan, changed)
    try:
        _apply(session, plan, current_user.email, f"CSV import: {stored['filename']}")
    except (StaleDataError, IntegrityError):
        session.rollback()
        return _refuse(token, stored, plan, [("(another save at the same moment)", [])])
    _path(token).unlink(missing_ok=True)
    reindex(session)
    new = sum(c.is_new for c in plan.changes)
    flash(f"Imported {stored['filename']}: {new} added, {len(plan.changes) - new} changed.",
          "success")  # fmt: skip
    return redirect(url_for("transfer.import_upload"))


@bp.post("/import/<token>/recheck")
@role_required(*EDITORS)
def import_recheck(token: str) -> str:
    """Preview the same file again against the catalogue as it is now."""
    stored = _load(token)
    _path(token).unlink(missing_ok=True)
    return _preview(stored["kind"], _records(stored), [], stored["filename"])


def _preview(
    kind: str, records: list[csv_io.Record], errors: list[csv_io.RowError], filename: str
) -> str:
    plan = _plan(db.session(), kind, records)
    plan.errors[:0] = errors
    token = _store(kind, records, filename, plan) if plan.applicable else None
    return render_template(
        "maintenance/transfer/preview.html", plan=plan, token=token, filename=filename,
        columns=csv_io.COLUMNS[kind], show=csv_io.comparable,
    )  # fmt: skip


def _refuse(token: str, stored: dict[str, Any], plan: csv_io.Plan, changed: list) -> tuple:
    page = render_template(
        "maintenance/transfer/conflict.html", token=token, filename=stored["filename"],
        changed=changed, plan=plan, show=csv_io.comparable,
    )  # fmt: skip
    return page, 409


def _plan(session: Session, kind: str, records: list[csv_io.Record]) -> csv_io.Plan:
    if kind == "interventions":
        if not current_user.may_edit_definitions:
            abort(403)
        plan = import_plan.plan_interventions(session, records)
    else:
        regions = None if current_user.role == "admin" or not current_user.region_slugs else (
            current_user.region_slugs
        )  # fmt: skip
        plan = import_plan.plan_availability(session, records, current_user.email, regions)
    return plan


# --- The upload between preview and apply ---------------------------------------------------


def _folder() -> Path:
    folder = Path(
        current_app.config.get("IMPORT_DIR") or Path(current_app.instance_path, "imports")
    )
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _path(token: str) -> Path:
    if not TOKEN.match(token):
        abort(404)
    return _folder() / f"{token}.json"


def _store(kind: str, records: list[csv_io.Record], filename: str, plan: csv_io.Plan) -> str:
    _forget_old_uploads()
    token = secrets.token_urlsafe(24)
    content = {
        "kind": kind, "user_id": current_user.id, "filename": filename,
        "records": [[r.line, r.cells] for r in records], "seen": plan.seen,
    }  # fmt: skip
    handle = os.open(_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(content, out)
    return token


def _load(token: str) -> dict[str, Any]:
    path = _path(token)
    try:
        stored: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        abort(404, "That upload has expired or was already applied. Upload the file again.")
    if stored.get("user_id") != current_user.id:
        abort(404)
    return stored


def _records(stored: dict[str, Any]) -> list[csv_io.Record]:
    return [csv_io.Record(line, cells) for line, cells in stored["records"]]


def _forget_old_uploads() -> None:
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for path in _folder().glob("*.json"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


# --- Applying a plan: one transaction, audited ---------------------------------------------


def _apply(session: Session, plan: csv_io.Plan, actor: str, reason: str) -> None:
    """Write every change of the plan, with audit events and revisions, and commit once."""
    write = _write_intervention if plan.kind == "interventions" else _write_availability
    for change in plan.changes:
        write(session, change, actor, reason)
    session.commit()


def _write_intervention(session: Session, change: csv_io.Change, actor: str, reason: str) -> None:
    now, values = datetime.now(), dict(change.values)
    iv = change.record or Intervention(id=uuid.uuid4(), created_at=now, created_by=actor)
    needs = session.scalars(select(NeedArea).where(NeedArea.slug.in_(values.pop("needs"))))
    iv.needs, iv.is_sample = list(needs), values.pop("sample")
    for name, value in values.items():
        setattr(iv, name, value)
    iv.updated_at, iv.updated_by = now, actor
    action = "create" if change.is_new else _lifecycle_action(change)
    session.add(iv)
    session.flush()
    details = {"version": iv.version, "source": "import"}
    record_audit(session, actor=actor, entity_type="intervention", entity_id=str(iv.id),
                 action=action, changes=change.fields, reason=reason, details=details)  # fmt: skip
    record_revision(session, iv.id)


def _lifecycle_action(change: csv_io.Change) -> str:
    status = {name: new for name, _old, new in change.fields}.get("status")
    return {"withdrawn": "withdraw", "active": "reinstate"}.get(status or "", "update")


def _write_availability(session: Session, change: csv_io.Change, actor: str, reason: str) -> None:
    values = change.values
    row = change.record or Availability(
        intervention_id=values["intervention_id"], region_slug=values["region"],
        pdu_slug=values["pdu"], pdu_key=values["pdu"] or "",
    )  # fmt: skip
    for name in csv_io.AVAILABILITY_COLUMNS[3:]:
        setattr(row, name, values[name])
    row.updated_at = datetime.now()
    session.add(row)
    session.flush()
    fields = [f for f in change.fields if f[0] not in ("intervention", "region", "pdu")]
    details = {"version": row.version, "intervention_id": str(row.intervention_id),
               "region": row.region_slug, "pdu": row.pdu_slug, "source": "import"}  # fmt: skip
    record_audit(session, actor=actor, entity_type="availability", entity_id=str(row.id),
                 action="create" if change.is_new else "update", changes=fields, reason=reason,
                 details=details)  # fmt: skip
    record_revision(session, row.intervention_id)
