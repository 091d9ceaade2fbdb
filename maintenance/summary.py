"""The regional summary for sentencers: what is open or waiting in a region, as a tagged PDF."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from flask import Blueprint, current_app, render_template
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from catalogue import presenters, queries
from catalogue.models import Availability, Intervention, NeedArea, Region
from catalogue.reference import AVAILABILITY_STATUSES, INTERVENTION_TYPES
from catalogue.stored_documents import stored_or_made
from core import db
from core.dates import long_date
from web.loading import found_or_404, get_or_404
from web.pdf import render_pdf

bp = Blueprint("summary", __name__)

# Sentencers are told only what a person could start: paused activities are left out.
SHOWN_STATUSES = ("open", "waiting-list")
# Not RAR activities (each is its own requirement), so listed apart and without RAR days.
PROGRAMME = "accredited-programme"
# Each need area lists at most this many activities (and the programmes section as many),
# the soonest available first; the PDF then says how many more there are and where.
SUMMARY_LIMIT = 20


@dataclass(frozen=True)
class Entry:
    """An activity offered for a need in the region, with the rows that say where and when."""

    intervention: Intervention
    rows: list[Availability]

    @property
    def confirmed_on(self) -> date | None:
        """The oldest confirmation among its rows; None if any row was never confirmed."""
        dates = [row.confirmed_at.date() for row in self.rows if row.confirmed_at]
        return min(dates) if len(dates) == len(self.rows) else None

    def is_stale(self, today: date, stale_after_days: int) -> bool:
        """Whether any of its rows is past the stale threshold."""
        return any(row.is_stale(today, stale_after_days) for row in self.rows)


@dataclass(frozen=True)
class NeedSummary:
    """A need area's activities in the summary: at most `SUMMARY_LIMIT`, of `total`."""

    need: NeedArea
    entries: list[Entry]
    total: int


@dataclass(frozen=True)
class RegionSummary:
    """Everything the PDF shows about one region."""

    region: Region
    needs: list[NeedSummary]
    programmes: list[Entry]
    oldest_confirmed: datetime | None
    never_confirmed: int
    activities: int
    activities_total: int
    programmes_total: int

    @property
    def is_shortened(self) -> bool:
        """Whether some need area lists fewer activities than it has."""
        return any(need.total > len(need.entries) for need in self.needs)


def region_summary(session: Session, slug: str, today: date) -> RegionSummary | None:
    """The current open and waiting-list activities in a region, by need; None if unknown."""
    scope = queries.RegionScope(slug, today, statuses=frozenset(SHOWN_STATUSES))
    rar = replace(scope, except_type=PROGRAMME)
    found = queries.region_with_availability(session, rar, SUMMARY_LIMIT)
    if found is None:
        return None
    region, offers = found
    needs = [NeedSummary(o.need, [_shown(e) for e in o.entries], o.total) for o in offers]
    only_programmes = replace(scope, only_type=PROGRAMME)
    programmes = queries.region_shortlist(session, only_programmes, SUMMARY_LIMIT)
    shown_programmes = sorted(
        (_shown(e) for e in programmes.entries), key=lambda e: e.intervention.name
    )
    listed = [entry for need in needs for entry in need.entries] + shown_programmes
    rows = {row.id: row for entry in listed for row in entry.rows}
    confirmed = [row.confirmed_at for row in rows.values() if row.confirmed_at]
    activities = {e.intervention.id for need in needs for e in need.entries}
    return RegionSummary(
        region,
        needs,
        shown_programmes,
        min(confirmed, default=None),
        len(rows) - len(confirmed),
        len(activities),
        queries.count_in_scope(session, rar),
        programmes.total,
    )


def _shown(entry: queries.RegionEntry) -> Entry:
    """The entry with only the rows a sentencer is told about."""
    return Entry(entry.intervention, [r for r in entry.rows if r.status in SHOWN_STATUSES])


def programme_sessions(intervention: Intervention) -> str:
    """A programme's sessions without RAR days: "5 one-to-one + 25 group sessions"."""
    counts = (
        (intervention.pre_group_sessions, "pre-group"),
        (intervention.one_to_one_sessions, "one-to-one"),
        (intervention.group_sessions, "group"),
    )
    return " + ".join(f"{n} {kind}" for n, kind in counts if n) + " sessions"


def row_statement(row: Availability) -> str:
    """One availability row in words: status and place, wait, next start."""
    place = row.pdu.name if row.pdu else "whole region"
    parts = [f"{AVAILABILITY_STATUSES[row.status]} ({place})"]
    if row.wait_weeks:
        parts.append(f"typical wait about {row.wait_weeks} week{'s' * (row.wait_weeks != 1)}")
    if row.next_start:
        parts.append(f"next starts {long_date(row.next_start)}")
    return ", ".join(parts)


@bp.get("/regions/<slug>/summary.pdf")
def region_summary_pdf(slug: str) -> Response:
    """A printable summary of the activities open or waiting in a region, made once per
    catalogue revision and day, and served from storage after that."""
    session, today = db.session(), date.today()
    get_or_404(Region, slug)
    stale_after = current_app.config["STALE_AFTER_DAYS"]
    name = f"region-summary/{slug}/stale-after-{stale_after}"
    content = stored_or_made(session, name, today, lambda: _render(session, slug, today))
    response = current_app.response_class(content, mimetype="application/pdf")
    filename = f"rar-activities-{slug}-{today.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "no-cache"
    return response


def _render(session: Session, slug: str, today: date) -> bytes:
    summary = found_or_404(region_summary(session, slug, today))
    html = render_template(
        "summary/region.html",
        summary=summary,
        generated=datetime.now(),
        today=today,
        stale_after=current_app.config["STALE_AFTER_DAYS"],
        session_working=presenters.session_working,
        row_statement=row_statement,
        programme_sessions=programme_sessions,
        type_labels=INTERVENTION_TYPES,
        limit=SUMMARY_LIMIT,
        programme_type=PROGRAMME,
    )
    return render_pdf(html)
