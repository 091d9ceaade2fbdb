"""Find text stored before the input checks existed that no page or PDF could encode, and
repair it: lone surrogates become U+FFFD and control characters are dropped.

Only JSON columns can hold such text: the database drivers refuse a lone surrogate in a
text column, but JSON keeps it as the escape "\\ud800". Run by a migration (and safe to run
again: a clean database is left untouched).
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.text import clean_json

log = logging.getLogger(__name__)


def repair_stored_text(conn: Connection) -> list[tuple[str, str, object]]:
    """Repair every JSON value holding text that cannot be shown; return (table, column,
    primary key) of each value repaired."""
    metadata = sa.MetaData()
    metadata.reflect(conn)
    repaired: list[tuple[str, str, object]] = []
    for table in metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, sa.JSON)]
        keys = list(table.primary_key.columns)
        if not columns or len(keys) != 1:
            continue
        [key] = keys
        for row in conn.execute(sa.select(key, *columns)).all():
            for column, value in zip(columns, row[1:], strict=True):
                cleaned = clean_json(value)
                if cleaned != value:
                    conn.execute(table.update().where(key == row[0]).values({column: cleaned}))
                    repaired.append((table.name, column.name, row[0]))
    for table_name, column_name, key_value in repaired:
        log.warning(
            "repaired unprintable text in %s.%s, row %s", table_name, column_name, key_value
        )
    return repaired
