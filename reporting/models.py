"""The daily record of how fresh each region's availability was (read by MI and verification)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class AvailabilitySnapshot(Base):
    """On one day, in one region: how many availability rows there were and how many fresh."""

    __tablename__ = "availability_snapshots"
    __table_args__ = (UniqueConstraint("taken_on", "region_slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    taken_on: Mapped[date] = mapped_column(Date, index=True)
    region_slug: Mapped[str] = mapped_column(ForeignKey("regions.slug"))
    rows_total: Mapped[int] = mapped_column(Integer)
    rows_fresh: Mapped[int] = mapped_column(Integer)
    # The stale-after setting the day's figures were counted under.
    stale_after_days: Mapped[int] = mapped_column(Integer)
    # Sample figures made up for the demonstration data, labelled so.
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
