"""users gain a display name and job title, so documents name their author

Revision ID: 0002_accounts
Revises: 0001
Create Date: 2026-12-04 17:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_accounts"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("display_name", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("job_title", sa.String(length=120), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("job_title")
        batch_op.drop_column("display_name")
