"""proposals: the rationale column holds only the officer's own text; calculated_at

The generated statements are kept in the result and rewritten whenever it changes, so a
rationale still equal to the generated text was never edited by its officer: it becomes
empty. An edited one is kept whole as the officer's text.

Revision ID: 0009_psr
Revises: 0008_hardening
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0009_psr"
down_revision = "0008_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calculated_at", sa.DateTime(), nullable=True))
    proposals = sa.table(
        "proposals",
        sa.column("id", sa.Uuid()),
        sa.column("rationale", sa.Text()),
        sa.column("result", sa.JSON()),
    )
    connection = op.get_bind()
    for row in connection.execute(
        sa.select(proposals.c.id, proposals.c.rationale, proposals.c.result)
    ):
        result = row.result if isinstance(row.result, dict) else json.loads(row.result)
        if row.rationale == result.get("rationale"):
            connection.execute(
                proposals.update().where(proposals.c.id == row.id).values(rationale="")
            )


def downgrade() -> None:
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_column("calculated_at")
