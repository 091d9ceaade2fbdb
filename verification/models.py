"""Verification tables: the requests sent to contacts, their rows, and the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalogue.models import Availability
from core.db import Base


class VerificationRequest(Base):
    """One question to one contact about a set of availability rows, chased until answered.

    `stage` is the last message sent (asked, reminded, urgent). The request is closed when
    the contact answers through the link, or when every row was confirmed another way.
    """

    __tablename__ = "verification_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_email: Mapped[str] = mapped_column(String(254), index=True)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_organisation: Mapped[str] = mapped_column(String(200), default="")
    asked_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    stage: Mapped[str] = mapped_column(String(20))
    stage_at: Mapped[datetime] = mapped_column(DateTime)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)

    rows: Mapped[list[RequestRow]] = relationship(
        back_populates="request",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="RequestRow.availability_id",
    )

    @property
    def is_open(self) -> bool:
        """Still waiting for an answer."""
        return self.closed_at is None


class RequestRow(Base):
    """An availability row a request asks about, and the contact's answer for it."""

    __tablename__ = "verification_request_rows"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("verification_requests.id", ondelete="CASCADE"), primary_key=True
    )
    availability_id: Mapped[int] = mapped_column(
        ForeignKey("availability.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # "accurate" or "changed" once the contact answered through the link.
    outcome: Mapped[str | None] = mapped_column(String(20))

    request: Mapped[VerificationRequest] = relationship(back_populates="rows")
    availability: Mapped[Availability] = relationship(lazy="joined")


class OutboxMessage(Base):
    """A message waiting to be delivered, delivered, or refused for good; never deleted.

    A sender claims a message by moving `next_attempt_at` on before it sends, so two
    senders never deliver the same message at once and a crash mid-send retries later.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("verification_requests.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(254))
    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # The values a GOV.UK Notify template is filled with (name, rows, link, ...).
    personalisation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    rows: Mapped[list[int]] = mapped_column(JSON, default=list)
    # pending (to deliver), sent, or failed (refused for good, e.g. an unknown address).
    state: Mapped[str] = mapped_column(String(20), index=True, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_via: Mapped[str] = mapped_column(String(20), default="")
