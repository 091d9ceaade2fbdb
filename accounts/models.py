"""The user table: staff accounts with a role and, for editors, regions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from catalogue.models import Region
from core.db import Base

# Werkzeug's default; tests may pass a cheaper method, and checking reads it from the hash.
PASSWORD_HASH_METHOD = "scrypt"
# Longest display name or job title kept.
NAME_MAX = 120

user_regions = Table(
    "user_regions",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("region_slug", ForeignKey("regions.slug"), primary_key=True),
)


class User(Base):
    """A signed-in member of staff."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # How documents name the author ("Name, job title"); empty until someone sets it.
    display_name: Mapped[str] = mapped_column(String(NAME_MAX), default="", server_default="")
    job_title: Mapped[str] = mapped_column(String(NAME_MAX), default="", server_default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(30))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when an administrator resets the password: the next sign-in must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_court_slug: Mapped[str | None] = mapped_column(ForeignKey("courts.slug"))
    regions: Mapped[list[Region]] = relationship(secondary=user_regions, lazy="selectin")

    # Flask-Login protocol.
    @property
    def is_authenticated(self) -> bool:
        """Every loaded user is authenticated; anonymous users are another class."""
        return True

    @property
    def is_anonymous(self) -> bool:
        """Never anonymous."""
        return False

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session."""
        return str(self.id)

    def set_password(self, password: str, method: str = PASSWORD_HASH_METHOD) -> None:
        """Store a salted hash of the password."""
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """Whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def region_slugs(self) -> list[str]:
        """The regions an editor is limited to; empty means national."""
        return sorted(r.slug for r in self.regions)

    def may_edit_region(self, region_slug: str) -> bool:
        """Whether this user may change availability in a region."""
        if self.role == "admin":
            return True
        if self.role != "interventions-editor":
            return False
        return not self.regions or region_slug in self.region_slugs

    @property
    def may_edit_definitions(self) -> bool:
        """Whether this user may create, edit and withdraw interventions."""
        return self.role == "admin" or (self.role == "interventions-editor" and not self.regions)


class UserSession(Base):
    """One signed-in browser or client. The cookie holds a random token; this row holds its
    SHA-256, so deleting the row ends that sign-in wherever the cookie has been copied."""

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
