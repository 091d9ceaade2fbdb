"""Management information pages, their per-figure CSV files and the analysts' export.

For interventions editors and administrators (checked once, before every request). The
national page is /admin/mi, a region's is /admin/mi/<region>; both filter by hearing date
and court with a GET form, so a view can be bookmarked and works without JavaScript.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms import SelectField

from catalogue.models import Court, Pdu, Region
from core import db
from maintenance.access import require_editor
from maintenance.gaps import PeriodForm
from proposal.web.demand import DemandRecord, recorded_between
from proposal.web.models import Proposal
from reporting import charts, figures
from reporting.export import COLUMNS, proposals_csv
from reporting.facts import Filters, load_facts
from reporting.snapshots import snapshots_between
from reporting.tables import SUPPRESSION_NOTE, Table, shown, to_csv

bp = Blueprint("mi", __name__, url_prefix="/admin/mi")
bp.before_request(require_editor)
DEFAULT_PERIOD_DAYS = 365
FIGURE_KEYS = ("days-by-score", "followed-by-court", "unmet-needs", "freshness", "routed")


MAX_PERIOD_DAYS = 5 * 366


class MiFilterForm(PeriodForm):
    """The period (hearing dates) and, optionally, one court."""

    court = SelectField(
        "Court", choices=[], default="", invalid_choice_message="Select a court from the list"
    )

    def validate(self, extra_validators: object = None) -> bool:
        """The period's checks, then at most five years (each month is a row of a table)."""
        valid = super().validate(extra_validators)
        start, end = self.start.data, self.end.data
        if valid and start and end and (end - start).days > MAX_PERIOD_DAYS:
            self.start.errors = ["Choose a period of five years or less"]
            return False
        return valid


@bp.get("")
def national() -> tuple[str, int]:
    """Figures for all regions."""
    return _page(None)


@bp.get("/<region>")
def regional(region: str) -> tuple[str, int]:
    """Figures for one region, broken down by its PDUs and courts."""
    return _page(_region_or_404(region))


@bp.get("/figures/<key>.csv")
def national_csv(key: str) -> Response:
    """One national figure's table as CSV, small cells withheld as [c]."""
    return _figure_csv(None, key)


@bp.get("/<region>/figures/<key>.csv")
def regional_csv(region: str, key: str) -> Response:
    """One regional figure's table as CSV, small cells withheld as [c]."""
    return _figure_csv(_region_or_404(region), key)


@bp.get("/proposals.csv")
def export_proposals() -> Response:
    """Every proposal heard in the period as a row without personal data (see COLUMNS)."""
    session = db.session()
    form = _form(session, None)
    if not form.validate():
        abort(400, "Enter the dates as real dates, the from date first.")
    facts = load_facts(session, _filters(form, None))
    return _csv(proposals_csv(facts), f"proposals-{date.today()}.csv")


def _region_or_404(slug: str) -> Region:
    region = db.session().get(Region, slug)
    if region is None:
        abort(404)
    return region


def _form(session: Session, region: Region | None) -> MiFilterForm:
    today = date.today()
    defaults = {"start": today - timedelta(days=DEFAULT_PERIOD_DAYS), "end": today}
    form = MiFilterForm(request.args, data=defaults)
    query = select(Court.slug, Court.name).order_by(Court.name)
    if region is not None:
        query = query.join(Pdu, Court.pdu_slug == Pdu.slug).where(Pdu.region_slug == region.slug)
    form.court.choices = [("", "All courts"), *((s, n) for s, n in session.execute(query))]
    return form


def _filters(form: MiFilterForm, region: Region | None) -> Filters:
    today = date.today()
    start = form.start.data or today - timedelta(days=DEFAULT_PERIOD_DAYS)
    return Filters(
        start, form.end.data or today, region.slug if region else None, form.court.data or None
    )


def _page(region: Region | None) -> tuple[str, int]:
    session = db.session()
    form = _form(session, region)
    template = "reporting/mi.html"
    if not form.validate():
        return render_template(template, form=form, region=region, figures=None), 400
    filters = _filters(form, region)
    tables, sample_count = _tables(session, filters, region)
    drawn = [(table, _draw(table)) for table in tables]
    return render_template(
        template,
        form=form,
        region=region,
        figures=drawn,
        filters=filters,
        shown=shown,
        sample_count=sample_count,
        columns=COLUMNS,
        suppression_note=SUPPRESSION_NOTE,
        # Only the filters go into the download links: a stray `region` or `key` in the
        # query string must not collide with the route's own arguments.
        query={k: v for k, v in request.args.items() if k in form and k != "csrf_token"},
    ), 200


def _figure_csv(region: Region | None, key: str) -> Response:
    if key not in FIGURE_KEYS:
        abort(404)
    session = db.session()
    form = _form(session, region)
    if not form.validate():
        abort(400, "Enter the dates as real dates, the from date first, and a court listed.")
    tables, _ = _tables(session, _filters(form, region), region)
    table = next(t for t in tables if t.key == key)
    place = region.slug if region else "england-and-wales"
    return _csv(to_csv(table), f"mi-{place}-{key}-{date.today()}.csv")


def _tables(session: Session, filters: Filters, region: Region | None) -> tuple[list[Table], int]:
    facts = load_facts(session, filters)
    court_names = dict(session.execute(select(Court.slug, Court.name)).all())
    if region is None:
        names = dict(session.execute(select(Region.slug, Region.name)).all())
        routed = figures.routed_by_area(facts, "region", names)
    else:
        pdus = select(Pdu.slug, Pdu.name).where(Pdu.region_slug == region.slug)
        routed = figures.routed_by_area(facts, "pdu", dict(session.execute(pdus).all()))
    region_names = dict(session.execute(select(Region.slug, Region.name)).all())
    snapshots = snapshots_between(session, filters.start, filters.end, filters.region)
    tables = [
        figures.days_by_score(facts),
        figures.followed_by_court(facts, court_names),
        figures.unmet_by_month(_unmet(session, filters), _months(filters.start, filters.end)),
        figures.freshness(snapshots, region_names),
        routed,
    ]
    return tables, sum(f.is_sample for f in facts)


def _unmet(session: Session, filters: Filters) -> list[figures.Unmet]:
    query = select(DemandRecord.created_at, DemandRecord.unmet_needs).where(
        recorded_between(filters.start, filters.end)
    )
    if filters.region:
        query = query.where(DemandRecord.region_slug == filters.region)
    if filters.court:
        query = query.join(Proposal, Proposal.id == DemandRecord.proposal_id).where(
            Proposal.court_slug == filters.court
        )
    return [
        figures.Unmet(f"{at:%Y-%m}", tuple(needs or ())) for at, needs in session.execute(query)
    ]


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@lru_cache(maxsize=64)
def _draw(table: Table) -> str:
    """The figure's chart; tables are frozen values, so an unchanged figure is drawn once."""
    if table.key == "days-by-score":
        return charts.days_by_score(table)
    if table.key == "followed-by-court":
        return charts.stacked_bars(table)
    if table.key == "routed":
        return charts.grouped_bars(table)
    return charts.heatmap(table, "%" if table.key == "freshness" else "")


def _csv(text: str, filename: str) -> Response:
    response = current_app.response_class(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
