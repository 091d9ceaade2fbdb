"""Outcomes of hearings, the sample label on proposals, daily availability snapshots.

Revision ID: 0003_mi
Revises: 0002_accounts
"""

import sqlalchemy as sa
from alembic import op

revision = '0003_mi'
down_revision = '0002_accounts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('proposal_outcomes',
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('sentence', sa.String(length=40), nullable=False),
    sa.Column('rar_ordered', sa.Boolean(), nullable=False),
    sa.Column('rar_days', sa.Integer(), nullable=True),
    sa.Column('other_requirements', sa.JSON(), nullable=False),
    sa.Column('sentence_date', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_outcomes_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', name=op.f('pk_proposal_outcomes'))
    )
    op.create_table('availability_snapshots',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('region_slug', sa.String(length=40), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_fresh', sa.Integer(), nullable=False),
    sa.Column('stale_after_days', sa.Integer(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['region_slug'], ['regions.slug'], name=op.f('fk_availability_snapshots_region_slug_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_snapshots')),
    sa.UniqueConstraint('taken_on', 'region_slug', name=op.f('uq_availability_snapshots_taken_on_region_slug'))
    )
    with op.batch_alter_table('availability_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_availability_snapshots_taken_on'), ['taken_on'], unique=False)
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_sample', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('is_sample')
    with op.batch_alter_table('availability_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_availability_snapshots_taken_on'))
    op.drop_table('availability_snapshots')
    op.drop_table('proposal_outcomes')
