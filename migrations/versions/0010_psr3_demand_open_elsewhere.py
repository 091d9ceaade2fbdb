"""demand_records: which unmet needs were open elsewhere in the region

An unmet need in the person's PDU may be met elsewhere in the region; the demand record says
so, so the gap is read as local, not regional. Older records have none (an empty list).

Revision ID: 0010_psr3
Revises: 0009_psr
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_psr3"
down_revision = "0009_psr"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("demand_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unmet_open_elsewhere", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("demand_records", schema=None) as batch_op:
        batch_op.drop_column("unmet_open_elsewhere")
