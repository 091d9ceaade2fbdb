"""thesaurus of the words people type, for search expansion

Revision ID: 0004_search
Revises: 0003_mi
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_search"
down_revision = "0003_mi"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "thesaurus_terms",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("term", sa.String(length=80), nullable=False),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("search_terms", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thesaurus_terms")),
        sa.UniqueConstraint("term", name=op.f("uq_thesaurus_terms_term")),
    )


def downgrade() -> None:
    op.drop_table("thesaurus_terms")
