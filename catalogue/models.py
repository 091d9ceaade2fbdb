"""Catalogue tables: reference geography, need areas, interventions and their availability."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from core.db import Base


class Region(Base):
    """One of the 12 probation regions of England and Wales."""

    __tablename__ = "regions"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    pdus: Mapped[list[Pdu]] = relationship(back_populates="region", order_by="Pdu.name")


class Pdu(Base):
    """A Probation Delivery Unit within a region."""

    __tablename__ = "pdus"

    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    region_slug: Mapped[str] = mapped_column(ForeignKey("regions.slug"), index=True)
    region: Mapped[Region] = relationship(back_populates="pdus")
    courts: Mapped[list[Court]] = relationship(back_populates="pdu", order_by="Court.name")


class Court(Base):
    """A magistrates' court or a Crown Court, sitting in a PDU."""

    __tablename__ = "courts"

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    pdu_slug: Mapped[str] = mapped_column(ForeignKey("pdus.slug"), index=True)
    source: Mapped[str] = mapped_column(Text, default="")
    pdu: Mapped[Pdu] = relationship(back_populates="courts")


class NeedArea(Base):
    """A criminogenic need area from the RAR guidance list."""

    __tablename__ = "need_areas"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


intervention_needs = Table(
    "intervention_needs",
    Base.metadata,
    Column("intervention_id", ForeignKey("interventions.id", ondelete="CASCADE"), primary_key=True),
    Column("need_slug", ForeignKey("need_areas.slug"), primary_key=True),
)


class Intervention(Base):
    """A RAR activity (or an accredited programme held for routing) in the catalogue."""

    __tablename__ = "interventions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(40), index=True)
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    what_you_will_do: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[list[NeedArea]] = relationship(
        secondary=intervention_needs, order_by="NeedArea.position", lazy="selectin"
    )

    # Session structure; RAR days are derived from it, never stored.
    pre_group_sessions: Mapped[int] = mapped_column(Integer, default=0)
    one_to_one_sessions: Mapped[int] = mapped_column(Integer, default=0)
    group_sessions: Mapped[int] = mapped_column(Integer, default=0)
    session_minutes: Mapped[int | None] = mapped_column(Integer)
    # How many sessions are delivered on a day that already holds another session.
    same_day_sessions: Mapped[int] = mapped_column(Integer, default=0)
    weeks_to_complete: Mapped[int | None] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(20))
    attendance: Mapped[str] = mapped_column(String(20), default="in-person")

    # Eligibility.
    gender: Mapped[str] = mapped_column(String(10), default="any")
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    min_ogrs3: Mapped[int | None] = mapped_column(Integer)
    min_ovp: Mapped[int | None] = mapped_column(Integer)
    offence_focus: Mapped[str | None] = mapped_column(String(40))
    excluded_offences: Mapped[list[str]] = mapped_column(JSON, default=list)
    not_if_programme_eligible: Mapped[bool] = mapped_column(Boolean, default=False)
    min_months_left: Mapped[int | None] = mapped_column(Integer)
    eligibility_notes: Mapped[str] = mapped_column(Text, default="")

    eip_status: Mapped[str] = mapped_column(String(30), index=True)
    eip_decided_on: Mapped[date | None] = mapped_column(Date)

    provider: Mapped[str] = mapped_column(String(200), default="")
    price: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    price_unit: Mapped[str | None] = mapped_column(String(20))
    contract_reference: Mapped[str] = mapped_column(String(100), default="")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who confirms availability when a row names no contact of its own (staff-only: see
    # verification/contacts.py).
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_organisation: Mapped[str] = mapped_column(String(200), default="")

    status: Mapped[str] = mapped_column(String(20), default="active")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    availability: Mapped[list[Availability]] = relationship(
        back_populates="intervention", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def total_sessions(self) -> int:
        """All sessions: pre-group or one-to-one preparation plus group sessions."""
        return self.pre_group_sessions + self.one_to_one_sessions + self.group_sessions

    @property
    def is_programme(self) -> bool:
        """An accredited programme is its own requirement, never counted in RAR days."""
        return self.type == "accredited-programme"

    @property
    def rar_days(self) -> int | None:
        """RAR activity days: sessions, counting sessions that share a day once.

        None for an accredited programme: it is ordered as its own requirement, so its
        sessions are never RAR days.
        """
        if self.is_programme:
            return None
        return rar_days_for(self.total_sessions, self.same_day_sessions)

    @property
    def need_slugs(self) -> list[str]:
        """The slugs of the need areas this intervention addresses."""
        return [n.slug for n in self.needs]

    def is_current(self, today: date) -> bool:
        """Active and inside its valid-from/valid-to window on the given day."""
        if self.status != "active":
            return False
        if self.valid_from and today < self.valid_from:
            return False
        return not (self.valid_to and today > self.valid_to)


class Availability(Base):
    """Whether an intervention takes referrals in a region, or one PDU of it."""

    __tablename__ = "availability"
    __table_args__ = (UniqueConstraint("intervention_id", "region_slug", "pdu_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    intervention_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interventions.id", ondelete="CASCADE"), index=True
    )
    region_slug: Mapped[str] = mapped_column(ForeignKey("regions.slug"), index=True)
    pdu_slug: Mapped[str | None] = mapped_column(ForeignKey("pdus.slug"))
    # Mirrors pdu_slug with "" for region-wide rows, so the unique constraint holds on
    # databases that treat NULLs as distinct.
    pdu_key: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(20))
    next_start: Mapped[date | None] = mapped_column(Date)
    places: Mapped[int | None] = mapped_column(Integer)
    wait_weeks: Mapped[int | None] = mapped_column(Integer)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    confirmed_by: Mapped[str] = mapped_column(String(200), default="")
    # How the last confirmation was made: a key of reference.CONFIRMATION_METHODS.
    confirmed_via: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Who is asked to confirm this row (staff-only: see verification/contacts.py).
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_organisation: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    intervention: Mapped[Intervention] = relationship(back_populates="availability")
    region: Mapped[Region] = relationship(lazy="joined")
    pdu: Mapped[Pdu | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    def is_stale(self, today: date, stale_after_days: int) -> bool:
        """Not confirmed within the stale threshold (or never confirmed)."""
        return confirmation_is_stale(self.confirmed_at, today, stale_after_days)


def rar_days_for(total_sessions: int, same_day_sessions: int) -> int:
    """RAR activity days for a session structure: sessions sharing a day count once."""
    return max(total_sessions - same_day_sessions, 0)


def confirmation_is_stale(confirmed_at: datetime | None, today: date, after_days: int) -> bool:
    """Whether a row last confirmed at `confirmed_at` (None: never) is stale on `today`."""
    if confirmed_at is None:
        return True
    return (today - confirmed_at.date()).days > after_days


def current_on(today: date) -> ColumnElement[bool]:
    """`Intervention.is_current(today)` as a SQL condition, for queries that filter in SQL."""
    return and_(
        Intervention.status == "active",
        or_(Intervention.valid_from.is_(None), Intervention.valid_from <= today),
        or_(Intervention.valid_to.is_(None), Intervention.valid_to >= today),
    )


class CatalogueChange(Base):
    """One committed change to the catalogue; the highest revision is the catalogue's."""

    __tablename__ = "catalogue_changes"

    revision: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    intervention_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class ThesaurusTerm(Base):
    """A word people type (lay word, slang, abbreviation, programme short name) and what
    search should also look for: need areas and/or search words."""

    __tablename__ = "thesaurus_terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    term: Mapped[str] = mapped_column(String(80), unique=True)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    search_terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(200), default="")


class StoredDocument(Base):
    """A document rendered from the catalogue (a region's summary PDF), kept and served
    again until the catalogue revision or the day it was made for moves on."""

    __tablename__ = "stored_documents"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    made_for: Mapped[date] = mapped_column(Date)
    made_at: Mapped[datetime] = mapped_column(DateTime)
    content: Mapped[bytes] = mapped_column(LargeBinary)
