"""Repair text stored before input checks: lone surrogates and control characters in JSON.

Revision ID: 0006_hardening
Revises: 0005_accounts
"""

from alembic import op

from web.stored_text import repair_stored_text

revision = "0006_hardening"
down_revision = "0005_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Clean every JSON value that no page or PDF could print (reported in the log)."""
    repair_stored_text(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: the repaired text was unprintable."""
