"""A proposal remembers the Idempotency-Key of the POST that made it, unique per author.

Revision ID: 0007_hardening
Revises: 0006_hardening
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_hardening"
down_revision = "0006_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the key and its per-author uniqueness."""
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(200), nullable=True))
        batch.create_unique_constraint(
            "uq_proposals_author_id_idempotency_key", ["author_id", "idempotency_key"]
        )


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("proposals") as batch:
        batch.drop_constraint("uq_proposals_author_id_idempotency_key", type_="unique")
        batch.drop_column("idempotency_key")
