"""Saved proposals (personal data, author-only) and the outcomes of their hearings."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base

IDEMPOTENCY_KEY_MAX = 200


class Proposal(Base):
    """A court proposal: a snapshot of inputs, the catalogue facts used and the result."""

    __tablename__ = "proposals"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | final
    court_slug: Mapped[str | None] = mapped_column(ForeignKey("courts.slug"))
    region_slug: Mapped[str] = mapped_column(ForeignKey("regions.slug"))
    # Defendant details and every input, as entered (personal data: never logged or indexed).
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The catalogue facts the engine saw, so the PDF can be reproduced later.
    catalogue_snapshot: Mapped[list[Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    policy_version: Mapped[str] = mapped_column(String(40))
    # The officer's own text only; the generated statements are result["rationale"].
    rationale: Mapped[str] = mapped_column(Text, default="")
    recommended_days: Mapped[int | None] = mapped_column(Integer)
    override_days: Mapped[int | None] = mapped_column(Integer)
    override_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    finalised_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When the result was last worked out (the catalogue snapshot's day); the creation time
    # until the officer recalculates with a later catalogue or changes the answers.
    calculated_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Part of the labelled sample that `flask seed --sample-proposals` loads (never real).
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    # The client's Idempotency-Key for the POST that made it: a retry answers this proposal.
    idempotency_key: Mapped[str | None] = mapped_column(String(IDEMPOTENCY_KEY_MAX))

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("author_id", "idempotency_key"),)

    @property
    def final_days(self) -> int | None:
        """The number the report shows: the override when there is one."""
        return self.override_days if self.override_days is not None else self.recommended_days


class ProposalOutcome(Base):
    """What the court ordered at the hearing a proposal was written for (no personal data)."""

    __tablename__ = "proposal_outcomes"

    proposal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    sentence: Mapped[str] = mapped_column(String(40))
    rar_ordered: Mapped[bool] = mapped_column(Boolean)
    rar_days: Mapped[int | None] = mapped_column(Integer)
    other_requirements: Mapped[list[str]] = mapped_column(JSON)
    sentence_date: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
