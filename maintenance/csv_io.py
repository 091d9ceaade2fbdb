"""CSV import and export: decode and read an upload, write exports, neutralise formulas.

Checking rows against the catalogue lives in `import_plan.py`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from catalogue.field_types import LIST_SEPARATOR
from catalogue.models import Availability, Intervention
from catalogue.rules import (
    AVAILABILITY_COLUMNS,
    AVAILABILITY_RULES,
    CONTACT_COLUMNS,
    INTERVENTION,
    INTERVENTION_COLUMNS,
)
from core.audit import as_text
from web.text import text_problem

COLUMNS = {"availability": AVAILABILITY_COLUMNS, "interventions": INTERVENTION_COLUMNS}
# Exports end with each record's version, so an import can tell a row the directory changed
# since; a file without the column (made by hand) is still taken.
VERSION_COLUMN = "version"
# Exports carry the verification contact (on a row: blank asks the intervention's contact);
# a file made before they did, without these columns, leaves every contact as it is.
OPTIONAL_COLUMNS = (*CONTACT_COLUMNS, VERSION_COLUMN)
# A spreadsheet runs a cell starting with one of these as a formula; exports prefix "'".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A header may name this many columns beyond the widest kind's before it is refused unread,
# so a row of 200,000 commas costs no more to check than a real header (and a file of the
# other kind is still recognised as such).
EXTRA_COLUMNS_NAMED = 20
MAX_COLUMNS = (
    max(len(columns) for columns in COLUMNS.values()) + len(OPTIONAL_COLUMNS) + EXTRA_COLUMNS_NAMED
)
# Text that may run over several lines, by column; every other cell is one line, as in the forms.
MULTILINE = {rule.key for rule in INTERVENTION if rule.multiline}


class UploadRefused(ValueError):
    """The file as a whole cannot be read as this kind of CSV; nothing is checked further."""


@dataclass(frozen=True)
class RowError:
    """A problem with one cell of the upload."""

    line: int
    column: str
    message: str


@dataclass(frozen=True)
class Record:
    """One data row of the upload: where it starts in the file, and its cells by column."""

    line: int
    cells: dict[str, str]


@dataclass
class Change:
    """A row that adds a record, or changes some of its fields (old and new values)."""

    key: str
    label: str
    line: int
    values: dict[str, Any]
    fields: list[tuple[str, Any, Any]]
    record: Any = None

    @property
    def is_new(self) -> bool:
        """Whether the row adds a record rather than changing one."""
        return self.record is None


@dataclass
class Plan:
    """What applying an upload would do, and every problem that stops it."""

    kind: str
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unchanged: int = 0
    # Rows whose record changed in the directory since the export: shown, never applied.
    conflicts: list[Any] = field(default_factory=list)
    # Every key in the file: the record's version and values as they were when planned.
    seen: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def applicable(self) -> bool:
        """No errors and something to change."""
        return not self.errors and bool(self.changes)


def decode(raw: bytes) -> str:
    """The upload as text: UTF-8 with or without a byte-order mark, else UploadRefused."""
    if not raw.strip():
        raise UploadRefused("The file is empty.")
    if b"\x00" in raw:
        raise UploadRefused(
            "The file is not a CSV file (it looks like a spreadsheet or another binary file). "
            'Save it from your spreadsheet as "CSV UTF-8" and upload that.'
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRefused(
            f"The file is not UTF-8 text (byte {exc.start + 1} is not UTF-8). "
            'Save it from your spreadsheet as "CSV UTF-8" and upload it again.'
        ) from None


def read_records(text: str, kind: str) -> tuple[list[Record], list[RowError]]:
    """The data rows under a header naming exactly this kind's columns, in any order."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
        _check_header(header, kind)
        records, errors, line = [], [], reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problem = f"has {len(row)} cells; the header has {len(header)}"
                errors.append(RowError(start, "", problem))
                continue
            cells = {n: unescape(c) for n, c in zip(header, row, strict=True)}
            refused = _text_errors(start, cells, kind)
            if refused:
                errors += refused
                continue
            records.append(Record(start, cells))
    except csv.Error as exc:
        raise UploadRefused(f"Line {reader.line_num} is not valid CSV ({exc}).") from None
    if not records and not errors:
        raise UploadRefused("The file has no rows under the header row.")
    return records, errors


def _text_errors(line: int, cells: dict[str, str], kind: str) -> list[RowError]:
    """Cells holding control characters: the same text check as every form and API."""
    multiline = MULTILINE if kind == "interventions" else set()
    found = (
        (name, text_problem(cell, multiline=name in multiline, max_chars=None))
        for name, cell in cells.items()
    )
    return [RowError(line, name, problem) for name, problem in found if problem]


def _check_header(header: list[str], kind: str) -> None:
    expected = COLUMNS[kind]
    if len(header) > MAX_COLUMNS:
        raise UploadRefused(
            f"The first row has {len(header):,} columns; this import takes {len(expected)}: "
            f"{', '.join(expected)}."
        )
    named, known = Counter(header), {*expected, *OPTIONAL_COLUMNS}
    missing = [name for name in expected if name not in named]
    unknown = [name for name in named if name not in known]
    repeated = sorted(name for name, count in named.items() if count > 1)
    if not (missing or unknown or repeated):
        return
    other = next(k for k in COLUMNS if k != kind)
    if set(header) - set(OPTIONAL_COLUMNS) == set(COLUMNS[other]):
        raise UploadRefused(f"This looks like an {other} file: choose {other} and upload again.")
    problems = [
        f"{label}: {', '.join(repr(name) if name else '(blank)' for name in names)}."
        for label, names in (
            ("Missing columns", missing),
            ("Columns this import does not take", unknown),
            ("Columns named twice", repeated),
        )
        if names
    ]
    raise UploadRefused(
        " ".join(problems) + f" The first row must name these columns: {', '.join(expected)}."
    )


def unescape(cell: str) -> str:
    """A cell as typed: the "'" an export puts before a formula-like value is taken off."""
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def neutralise(cell: str) -> str:
    """A cell that a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def cell_text(value: Any) -> str:
    """A value as the CSV files write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return f"{LIST_SEPARATOR} ".join(str(v) for v in value)
    return str(value)


def write_csv(kind: str, rows: list[dict[str, Any]]) -> str:
    """A CSV document of this kind's columns, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = [*COLUMNS[kind], *OPTIONAL_COLUMNS]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(cell_text(row[name])) for name in columns])
    return out.getvalue()


def intervention_row(intervention: Intervention) -> dict[str, Any]:
    """An intervention's values under the CSV column names."""
    row = {rule.key: getattr(intervention, rule.name) for rule in INTERVENTION}
    row.update({name: getattr(intervention, name) or "" for name in CONTACT_COLUMNS})
    row.update(
        needs=intervention.need_slugs,
        excluded_offences=list(intervention.excluded_offences or []),
        version=intervention.version,
    )
    return row


def availability_row(row: Availability) -> dict[str, Any]:
    """An availability row's values under the CSV column names."""
    values = {name: getattr(row, name) for name in list(AVAILABILITY_RULES)[3:]}
    return {
        "intervention": row.intervention.slug,
        "region": row.region_slug,
        "pdu": row.pdu_slug,
        **values,
        **{name: getattr(row, name) or "" for name in CONTACT_COLUMNS},
        VERSION_COLUMN: row.version,
    }


def comparable(value: Any) -> str:
    """A value as compared and shown: blank for None, seconds for times, trimmed text."""
    if isinstance(value, datetime):
        value = value.replace(microsecond=0)
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
    return as_text(value) or ""
