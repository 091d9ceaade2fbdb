"""Where provision is missing: open activities by region and need, beside recorded demand.

Coverage counts the current interventions open in each region for each need area today.
Demand comes from the anonymous records saved proposals leave (region, needs, and the
needs with nothing available), over a period the reader chooses.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms import DateField, Form
from wtforms.validators import Optional

from accounts.auth import role_required
from catalogue import queries
from catalogue.models import Availability, NeedArea, Region
from core import db
from core.roles import ROLES
from maintenance.csv_io import neutralise
from proposal.web.demand import DemandRecord, recorded_between

bp = Blueprint("gaps", __name__, url_prefix="/admin")

DEFAULT_PERIOD_DAYS = 90


@dataclass
class Coverage:
    """Regions × need areas: how many current interventions are open in each cell."""

    regions: list[Region]
    needs: list[NeedArea]
    cells: dict[tuple[str, str], int]
    totals: dict[str, int]

    def count(self, region: str, need: str) -> int:
        """Open interventions for a need in a region (0 where none)."""
        return self.cells.get((region, need), 0)


@dataclass
class Demand:
    """What proposals in a period asked for, by region and need."""

    proposals: Counter[str] = field(default_factory=Counter)
    proposals_unmet: Counter[str] = field(default_factory=Counter)
    needs: Counter[tuple[str, str]] = field(default_factory=Counter)
    unmet: Counter[tuple[str, str]] = field(default_factory=Counter)


class PeriodForm(Form):
    """The period the gap view counts proposals over (GET, so the page can be bookmarked)."""

    start = DateField("From", name="from", validators=[Optional()])
    end = DateField("To", name="to", validators=[Optional()])

    def validate(self, extra_validators: object = None) -> bool:
        """Dates must be real and in order; messages say how to write them."""
        valid = super().validate()
        for date_field in (self.start, self.end):
            if date_field.errors:
                example = f"{date.today():%Y-%m-%d}"
                date_field.errors = [
                    f"Enter the {date_field.label.text.lower()} date as a real date, like {example}"
                ]
        if valid and self.start.data and self.end.data and self.start.data > self.end.data:
            self.end.errors = ["The to date must be the same as or after the from date"]
            return False
        return valid


def coverage(session: Session, today: date) -> Coverage:
    """Count the current interventions open in each region for each need area."""
    open_rows = session.scalars(
        select(Availability).join(Availability.intervention).where(Availability.status == "open")
    )
    cells: dict[tuple[str, str], set[uuid.UUID]] = defaultdict(set)
    totals: dict[str, set[uuid.UUID]] = defaultdict(set)
    for row in open_rows:
        if row.intervention.is_current(today):
            totals[row.region_slug].add(row.intervention_id)
            for need in row.intervention.need_slugs:
                cells[(row.region_slug, need)].add(row.intervention_id)
    return Coverage(
        queries.regions(session),
        queries.needs(session),
        {key: len(ids) for key, ids in cells.items()},
        {key: len(ids) for key, ids in totals.items()},
    )


def demand(session: Session, start: date, end: date) -> Demand:
    """Proposals recorded from the start of `start` to the end of `end`, counted."""
    found = Demand()
    records = session.scalars(select(DemandRecord).where(recorded_between(start, end)))
    for record in records:
        found.proposals[record.region_slug] += 1
        found.proposals_unmet[record.region_slug] += bool(record.unmet_needs)
        found.needs.update((record.region_slug, need) for need in set(record.needs or []))
        found.unmet.update((record.region_slug, need) for need in set(record.unmet_needs or []))
    return found


@dataclass(frozen=True)
class GapRow:
    """One region and need that proposals named, with what is open there today."""

    region: str
    need: str
    proposals: int
    unmet: int
    open: int
    position: int


def gap_rows(cover: Coverage, wanted: Demand) -> list[GapRow]:
    """Each region and need that proposals named, most unmet first, with today's coverage."""
    region_names = {r.slug: r.name for r in cover.regions}
    needs = {n.slug: (n.label, i) for i, n in enumerate(cover.needs)}
    rows = [
        GapRow(
            region_names.get(region, region),
            needs.get(need, (need, 0))[0],
            wanted.needs[(region, need)],
            wanted.unmet[(region, need)],
            cover.count(region, need),
            needs.get(need, (need, len(needs)))[1],
        )
        for region, need in set(wanted.needs) | set(wanted.unmet)
    ]
    return sorted(rows, key=lambda r: (-r.unmet, r.region, r.position))


@bp.get("/coverage")
@role_required(*ROLES)
def show_coverage() -> str:
    """The regions × need areas matrix of open interventions, with empty cells marked."""
    today = date.today()
    cover = coverage(db.session(), today)
    return render_template("maintenance/gaps/coverage.html", coverage=cover, today=today)


@bp.get("/coverage.csv")
@role_required(*ROLES)
def export_coverage() -> Response:
    """The coverage matrix as CSV: one row per region, one column per need area."""
    cover = coverage(db.session(), date.today())
    lines = [",".join(["region", "region_name", *(n.slug for n in cover.needs), "total_open"])]
    for region in cover.regions:
        counts = [str(cover.count(region.slug, n.slug)) for n in cover.needs]
        name = '"' + neutralise(region.name).replace('"', '""') + '"'
        lines.append(",".join([region.slug, name, *counts, str(cover.totals.get(region.slug, 0))]))
    response = current_app.response_class("\r\n".join(lines) + "\r\n", mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="coverage-{date.today()}.csv"'
    return response


@bp.get("/gaps")
@role_required(*ROLES)
def show_gaps() -> tuple[str, int]:
    """Proposals and unmet needs by region and need over a period, beside the coverage."""
    today = date.today()
    defaults = {"start": today - timedelta(days=DEFAULT_PERIOD_DAYS), "end": today}
    form = PeriodForm(request.args, data=defaults)
    if not form.validate():
        return render_template("maintenance/gaps/gaps.html", form=form), 400
    start, end = form.start.data or defaults["start"], form.end.data or defaults["end"]
    session = db.session()
    cover, wanted = coverage(session, today), demand(session, start, end)
    return render_template(
        "maintenance/gaps/gaps.html",
        form=form,
        start=start,
        end=end,
        coverage=cover,
        demand=wanted,
        rows=gap_rows(cover, wanted),
    ), 200
