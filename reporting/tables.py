"""The shape every MI figure takes: a table that drives its chart, its HTML and its CSV.

Small-cell rule: a count of 1 to 4 proposals is never shown. `publish` turns it into None,
which the page and the CSV write as "[c]" and the chart leaves out; an average over fewer
than 5 proposals is withheld the same way. Zero is shown: it reveals no one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from maintenance.csv_io import neutralise

MIN_CELL = 5
SUPPRESSED = "[c]"
NOT_APPLICABLE = "–"
SUPPRESSION_NOTE = (
    f"{SUPPRESSED} means fewer than {MIN_CELL} proposals: the figure is withheld so that "
    "no one can be identified from it."
)

# None: withheld (small cell); a str: nothing to count (e.g. an average of no proposals).
Cell = int | float | str | None


@dataclass(frozen=True)
class Row:
    """One row of a figure's table: its label (and identifier) and a cell per column."""

    label: str
    cells: tuple[Cell, ...]
    key: str = ""


@dataclass(frozen=True)
class Table:
    """A figure's data: what the chart draws, the page tabulates and the CSV holds."""

    key: str
    title: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    y_label: str
    x_label: str = ""
    summary: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_suppressed(self) -> bool:
        """Whether any cell is withheld (the page then explains the mark)."""
        return any(cell is None for row in self.rows for cell in row.cells)

    def column(self, index: int) -> list[Cell]:
        """The cells of one column, top row first."""
        return [row.cells[index] for row in self.rows]


def publish(count: int) -> int | None:
    """A count of proposals as it may be shown: None (withheld) from 1 to 4."""
    return None if 0 < count < MIN_CELL else count


def average(values: list[int]) -> float | str | None:
    """The mean to one decimal place; withheld over 1 to 4 values, "–" over none."""
    if not values:
        return NOT_APPLICABLE
    if len(values) < MIN_CELL:
        return None
    return round(sum(values) / len(values), 1)


def shown(cell: Cell) -> str:
    """A cell as text, in the page and the CSV alike."""
    if cell is None:
        return SUPPRESSED
    if isinstance(cell, float):
        return f"{cell:.1f}"
    return str(cell)


def to_csv(table: Table) -> str:
    """The table as CSV: a header row, then one row per table row, withheld cells as [c]."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([table.row_heading, *table.columns])
    for row in table.rows:
        writer.writerow([neutralise(row.label), *(shown(cell) for cell in row.cells)])
    return out.getvalue()
