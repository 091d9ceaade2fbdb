"""availability: how the last confirmation was made (confirmed_via)

A confirmation counts for more when we know who checked: an editor, the provider through a
verification link, a CSV import, or the sample data. Existing rows are filled in from the
audit: the latest audited confirmation or creation of the row says "import" when it came
from an import and "editor" otherwise; a confirmed row with no audit at all was loaded by
the seed. A row never confirmed stays null.

Revision ID: 0011_confirmed_via
Revises: 0010_psr3
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011_confirmed_via"
down_revision = "0010_psr3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("availability", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed_via", sa.String(length=20), nullable=True))
    connection = op.get_bind()
    availability = sa.table(
        "availability",
        sa.column("id", sa.Integer),
        sa.column("confirmed_at", sa.DateTime),
        sa.column("confirmed_via", sa.String),
    )
    methods = _audited_methods(connection)
    confirmed = connection.execute(
        sa.select(availability.c.id).where(availability.c.confirmed_at.is_not(None))
    ).scalars()
    by_method: dict[str, list[int]] = {}
    for row_id in confirmed:
        by_method.setdefault(methods.get(str(row_id), "seed"), []).append(row_id)
    for method, ids in by_method.items():
        for start in range(0, len(ids), 500):
            connection.execute(
                availability.update()
                .where(availability.c.id.in_(ids[start : start + 500]))
                .values(confirmed_via=method)
            )


def _audited_methods(connection: Any) -> dict[str, str]:
    """Each audited availability row's id and how its latest confirmation was made."""
    events = sa.table(
        "audit_events",
        sa.column("id", sa.Integer),
        sa.column("entity_type", sa.String),
        sa.column("entity_id", sa.String),
        sa.column("action", sa.String),
        sa.column("field", sa.String),
        sa.column("details", sa.JSON),
    )
    found = connection.execute(
        sa.select(events.c.entity_id, events.c.details)
        .where(events.c.entity_type == "availability")
        .where(sa.or_(events.c.field == "confirmed_at", events.c.action == "create"))
        .order_by(events.c.id)
    )
    methods: dict[str, str] = {}
    for entity_id, details in found:
        source = details.get("source") if isinstance(details, dict) else None
        methods[entity_id] = "import" if source == "import" else "editor"
    return methods


def downgrade() -> None:
    with op.batch_alter_table("availability", schema=None) as batch_op:
        batch_op.drop_column("confirmed_via")
