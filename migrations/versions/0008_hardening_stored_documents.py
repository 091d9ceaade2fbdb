"""Documents made from the catalogue once per revision and day (the region summary PDF).

Revision ID: 0008_hardening
Revises: 0007_hardening
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_hardening"
down_revision = "0007_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table."""
    op.create_table(
        "stored_documents",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("made_for", sa.Date(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_stored_documents"),
    )


def downgrade() -> None:
    """Drop it: documents are made again on demand."""
    op.drop_table("stored_documents")
