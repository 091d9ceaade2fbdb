"""The data-quality dashboard: what in the catalogue needs fixing, region by region."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import Blueprint, current_app, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.models import Availability, Intervention, Region
from catalogue.reference import AVAILABLE_STATUSES
from core import db
from maintenance.access import editable_regions, require_editor
from maintenance.editing import template_helpers

bp = Blueprint("quality", __name__, url_prefix="/admin")
bp.before_request(require_editor)
bp.context_processor(template_helpers)

# EIP statuses that are the outcome of a panel decision, so have a decision date.
DECIDED_EIP_STATUSES = frozenset({"approved", "provisionally-approved", "not-approved"})
# Headings for the intervention problems, in the order the dashboard shows them.
INTERVENTION_CHECKS = {
    "no_summary": "Missing a summary",
    "no_sessions": "Missing the session structure (0 sessions)",
    "no_eip_date": "Missing the EIP decision date",
}


@dataclass
class RegionIssues:
    """What needs fixing in one region (region None: interventions offered nowhere)."""

    region: Region | None
    stale: list[Availability] = field(default_factory=list)
    withdrawn_open: list[Availability] = field(default_factory=list)
    interventions: dict[str, list[Intervention]] = field(
        default_factory=lambda: {key: [] for key in INTERVENTION_CHECKS}
    )

    @property
    def total(self) -> int:
        """How many problems the region has in all."""
        listed = sum(len(found) for found in self.interventions.values())
        return len(self.stale) + len(self.withdrawn_open) + listed


@bp.get("/quality")
def dashboard() -> str:
    """Counts and lists of problems in the regions the editor looks after."""
    session = db.session()
    regions = editable_regions(session)
    nationwide = current_user.role == "admin" or not current_user.region_slugs
    report = quality_report(
        session, regions, date.today(), int(current_app.config["STALE_AFTER_DAYS"]), nationwide
    )
    return render_template("maintenance/quality.html", report=report, checks=INTERVENTION_CHECKS)


def intervention_problems(intervention: Intervention) -> list[str]:
    """The checks a current intervention fails (keys of INTERVENTION_CHECKS)."""
    problems = []
    if not intervention.summary.strip():
        problems.append("no_summary")
    if intervention.total_sessions == 0:
        problems.append("no_sessions")
    if intervention.eip_status in DECIDED_EIP_STATUSES and intervention.eip_decided_on is None:
        problems.append("no_eip_date")
    return problems


def quality_report(
    session: Session, regions: list[Region], today: date, stale_after: int, nationwide: bool
) -> list[RegionIssues]:
    """One entry per region (plus, nationwide, one for interventions offered nowhere)."""
    by_region = {region.slug: RegionIssues(region) for region in regions}
    rows = session.scalars(
        select(Availability).where(Availability.region_slug.in_(list(by_region)))
    ).all()
    listed: set[tuple[str, object]] = set()
    for row in sorted(rows, key=lambda r: r.intervention.name.casefold()):
        issues = by_region[row.region_slug]
        if row.is_stale(today, stale_after):
            issues.stale.append(row)
        if row.intervention.status == "withdrawn" and row.status in AVAILABLE_STATUSES:
            issues.withdrawn_open.append(row)
        if (row.region_slug, row.intervention_id) not in listed:
            listed.add((row.region_slug, row.intervention_id))
            _add_problems(issues, row.intervention)
    report = list(by_region.values())
    if nationwide:
        report.append(_offered_nowhere(session))
    return report


def _offered_nowhere(session: Session) -> RegionIssues:
    issues = RegionIssues(None)
    query = select(Intervention).where(~Intervention.availability.any()).order_by(Intervention.name)
    for intervention in session.scalars(query):
        _add_problems(issues, intervention)
    return issues


def _add_problems(issues: RegionIssues, intervention: Intervention) -> None:
    if intervention.status == "withdrawn":
        return
    for problem in intervention_problems(intervention):
        issues.interventions[problem].append(intervention)
