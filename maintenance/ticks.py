"""The rows an editor ticked on a region's availability grid, read from the form and checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from catalogue.models import Availability
from web.numbers import whole_number

# A confirmation of more rows than this at once asks the editor once more, listing them.
ASK_AGAIN_ABOVE = 10

STATEMENT_FIELD = "checked_with_provider"


@dataclass(frozen=True)
class Ticks:
    """The ticked rows of the grid (in grid order), the version of each the editor saw, and
    what is wrong with the form.

    `tampered` is set when the form names a row the grid does not hold (another region's, a
    row removed meanwhile, not a number) or gives no version for one: such a form confirms
    nothing.
    """

    rows: list[Availability]
    versions: dict[int, int]
    stated: bool
    errors: dict[str, str] = field(default_factory=dict)
    tampered: bool = False

    @property
    def ids(self) -> set[int]:
        """The ticked rows' ids, to tick them again when the grid is shown again."""
        return {row.id for row in self.rows}

    def needs_second_step(self, form: MultiDict[str, str]) -> bool:
        """More rows than ASK_AGAIN_ABOVE, and the editor has not yet said yes to this many."""
        return len(self.rows) > ASK_AGAIN_ABOVE and form.get("sure") != str(len(self.rows))


def read_ticks(form: MultiDict[str, str], grid: Sequence[Availability], region_name: str) -> Ticks:
    """The ticks of a submitted grid form, checked against the rows the grid holds now.

    A row ticked twice counts once.
    """
    on_grid = {row.id for row in grid}
    numbers = [whole_number(value) for value in form.getlist("rows")]
    versions = {n: whole_number(form.get(f"v-{n}")) for n in numbers if n in on_grid}
    seen = {n: v for n, v in versions.items() if v is not None}
    tampered = len(seen) != len(set(numbers))
    rows = [row for row in grid if row.id in seen]
    stated = form.get(STATEMENT_FIELD) == "yes"
    errors: dict[str, str] = {}
    if tampered:
        errors["rows"] = (
            f"Some ticked rows are not in the {region_name} grid any more, so nothing was "
            "confirmed. Tick the rows you checked again"
        )
    elif not rows:
        errors["rows"] = "Tick the rows you checked with the provider today"
    if not stated:
        errors[STATEMENT_FIELD] = "Confirm that you checked the ticked rows with the provider today"
    return Ticks(rows, seen, stated, errors, tampered)
