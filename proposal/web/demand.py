"""The demand signal: what each proposal asked of the catalogue, without personal data.

Proposals write it (made, recalculated, days changed, draft deleted); the gaps page and
the management information read it, by the day it was recorded.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import JSON, DateTime, Integer, String, Uuid, and_, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from core.db import Base
from proposal.web.models import Proposal


class DemandRecord(Base):
    """What a proposal asked of the catalogue, without personal data: the demand signal."""

    __tablename__ = "demand_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    region_slug: Mapped[str] = mapped_column(String(40), index=True)
    pdu_slug: Mapped[str | None] = mapped_column(String(80))
    band: Mapped[str] = mapped_column(String(10))
    needs: Mapped[list[str]] = mapped_column(JSON)
    unmet_needs: Mapped[list[str]] = mapped_column(JSON)
    # Of the unmet needs, those nothing in the PDU meets but something elsewhere in the
    # region does (empty when the PDU was not known, or for older records: null).
    unmet_open_elsewhere: Mapped[list[str] | None] = mapped_column(JSON)
    days_proposed: Mapped[int | None] = mapped_column(Integer)


def record_demand(
    session: Session, proposal: Proposal, needs: Sequence[str], pdu: str | None
) -> None:
    """Add the demand record of a proposal just made (linked `needs`, in the `pdu`)."""
    record = DemandRecord(proposal_id=proposal.id, created_at=proposal.created_at)
    _fill(record, proposal, needs, pdu)
    session.add(record)


def update_demand(
    session: Session, proposal: Proposal, needs: Sequence[str], pdu: str | None
) -> None:
    """Bring a proposal's demand record in line with its recalculated result."""
    for record in _records_of(session, proposal):
        _fill(record, proposal, needs, pdu)


def set_demand_days(session: Session, proposal: Proposal) -> None:
    """Record the days a proposal now proposes (after an override or at finalising)."""
    for record in _records_of(session, proposal):
        record.days_proposed = proposal.final_days


def forget_demand(session: Session, proposal: Proposal) -> None:
    """Remove a deleted draft's demand record: it never reached the court."""
    session.execute(delete(DemandRecord).where(DemandRecord.proposal_id == proposal.id))


def recorded_between(start: date, end: date) -> ColumnElement[bool]:
    """Records made from the start of `start` to the end of `end`, as a SQL condition."""
    return and_(
        DemandRecord.created_at >= datetime.combine(start, time.min),
        DemandRecord.created_at < datetime.combine(end + timedelta(days=1), time.min),
    )


def _records_of(session: Session, proposal: Proposal) -> list[DemandRecord]:
    query = select(DemandRecord).where(DemandRecord.proposal_id == proposal.id)
    return list(session.scalars(query))


def _fill(record: DemandRecord, proposal: Proposal, needs: Sequence[str], pdu: str | None) -> None:
    record.region_slug, record.pdu_slug = proposal.region_slug, pdu
    record.band = proposal.result["band"]["name"]
    record.needs, record.unmet_needs = list(needs), list(proposal.result["unmet_needs"])
    record.unmet_open_elsewhere = list(proposal.result.get("unmet_open_elsewhere") or ())
    record.days_proposed = proposal.final_days
