"""verification: contacts on interventions and rows, requests, and the outbox

Each availability row (or, failing that, its intervention) names who is asked to confirm
it; requests record what was asked and chased; every message goes through the outbox.

Revision ID: 0012_verification
Revises: 0011_confirmed_via
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_verification"
down_revision = "0011_confirmed_via"
branch_labels = None
depends_on = None

CONTACT_COLUMNS = (("contact_name", 200), ("contact_email", 254), ("contact_organisation", 200))


def upgrade() -> None:
    for table in ("interventions", "availability"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, length in CONTACT_COLUMNS:
                batch_op.add_column(
                    sa.Column(name, sa.String(length), nullable=False, server_default="")
                )
    op.create_table(
        "verification_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_organisation", sa.String(length=200), nullable=False),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("stage_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_requests")),
    )
    with op.batch_alter_table("verification_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verification_requests_asked_at"), ["asked_at"])
        batch_op.create_index(batch_op.f("ix_verification_requests_closed_at"), ["closed_at"])
        batch_op.create_index(
            batch_op.f("ix_verification_requests_contact_email"), ["contact_email"]
        )
    op.create_table(
        "verification_request_rows",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("availability_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["availability_id"], ["availability.id"], ondelete="CASCADE",
            name=op.f("fk_verification_request_rows_availability_id_availability"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["verification_requests.id"], ondelete="CASCADE",
            name=op.f("fk_verification_request_rows_request_id_verification_requests"),
        ),
        sa.PrimaryKeyConstraint(
            "request_id", "availability_id", name=op.f("pk_verification_request_rows")
        ),
    )
    with op.batch_alter_table("verification_request_rows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verification_request_rows_availability_id"), ["availability_id"]
        )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("personalisation", sa.JSON(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("sent_via", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["verification_requests.id"], ondelete="SET NULL",
            name=op.f("fk_outbox_messages_request_id_verification_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_next_attempt_at"), ["next_attempt_at"]
        )
        batch_op.create_index(batch_op.f("ix_outbox_messages_request_id"), ["request_id"])
        batch_op.create_index(batch_op.f("ix_outbox_messages_state"), ["state"])


def downgrade() -> None:
    op.drop_table("outbox_messages")
    op.drop_table("verification_request_rows")
    op.drop_table("verification_requests")
    for table in ("availability", "interventions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _length in CONTACT_COLUMNS:
                batch_op.drop_column(name)
