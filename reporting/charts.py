"""MI charts drawn with matplotlib's SVG backend, made fit to sit inline in a page.

The only module that imports matplotlib. Figures are built with the object API (no pyplot,
so no global state between requests) and saved with text kept as text (`svg.fonttype:
none`), so the words and numbers in a chart can be read, searched, printed and tested.
`inline_svg` then turns matplotlib's style attributes into presentation attributes (the
page's Content-Security-Policy refuses inline styles), gives every id a prefix so several
charts can share a page, and adds a title for assistive technology. Each chart labels its
values: colour is never the only way to read it.
"""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from proposal.policy import BANDS
from reporting.tables import SUPPRESSED, Cell, Table, shown

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# GOV.UK Frontend colours; the series also differ by marker or position, never colour alone.
BLUE, ORANGE, GREEN, PURPLE, GREY = "#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#505a5f"
SERIES = (BLUE, ORANGE, GREEN, PURPLE, GREY)
LIGHT_BAND = "#bfd3e6"
STYLE: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "rar-mi",
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
WIDTH = 7.0


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    FigureCanvasSVG(figure)
    return figure


def _number(cell: object) -> float | None:
    return float(cell) if isinstance(cell, int | float) else None


def days_by_score(table: Table) -> str:
    """Mean days proposed and ordered per score band, over the shaded guideline bands."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(4.6)
        ax = figure.add_subplot()
        shaded = [b for b in BANDS if b.min_days is not None and b.max_days is not None]
        for index, band in enumerate(shaded):
            ax.fill_between(
                [band.min_score, band.max_score + 1],
                band.min_days or 0,
                band.max_days or 0,
                color=LIGHT_BAND,
                linewidth=0,
                label="Guideline days for the band" if index == 0 else None,
            )
        centres = [int(row.label.split("–")[0]) + 5 for row in table.rows]
        for column, label, colour, marker in (
            (1, "Mean days proposed", BLUE, "o"),
            (3, "Mean days ordered", ORANGE, "s"),
        ):
            points = [(x, _number(v)) for x, v in zip(centres, table.column(column), strict=True)]
            kept = [(x, y) for x, y in points if y is not None]
            if kept:
                ax.plot(
                    *zip(*kept, strict=True),
                    marker=marker,
                    color=colour,
                    label=label,
                    linestyle="-" if column == 1 else "--",
                )
                for x, y in kept:
                    ax.annotate(
                        f"{y:.1f}",
                        (x, y),
                        textcoords="offset points",
                        xytext=(0, 7 if column == 1 else -14),
                        ha="center",
                        fontsize=9,
                        color=colour,
                    )
        ax.set_xlim(0, 101)
        ax.set_ylim(0, 65)
        ax.set_xticks(range(0, 101, 10))
        _labels(ax, table)
        ax.legend(loc="upper left", fontsize=9, frameon=False)
        return inline_svg(figure, table)


def stacked_bars(table: Table, limit: int = 15) -> str:
    """One horizontal bar per row, stacked by column, each segment labelled with its count."""
    rows = table.rows[:limit]
    with matplotlib.rc_context(STYLE):
        figure = _figure(2.6 + 0.42 * max(len(rows), 1))
        ax = figure.add_subplot()
        labels = [row.label for row in rows][::-1]
        left = [0.0] * len(rows)
        for index, name in enumerate(table.columns):
            values = [_number(row.cells[index]) or 0.0 for row in rows][::-1]
            bars = ax.barh(
                labels,
                values,
                left=left,
                color=SERIES[index],
                label=name,
                hatch=("", "//", "..", "xx")[index % 4],
                edgecolor="white",
            )
            for place, bar in enumerate(bars):  # named, so a reader (or test) can find it
                bar.set_gid(f"bar-{index}-{len(rows) - 1 - place}")
            ax.bar_label(
                bars,
                labels=[f"{v:.0f}" if v else "" for v in values],
                label_type="center",
                color="white",
                fontsize=9,
            )
            left = [a + b for a, b in zip(left, values, strict=True)]
        _labels(ax, table)
        figure.legend(
            loc="outside lower center", ncols=min(len(table.columns), 4), fontsize=9, frameon=False
        )
        _empty_note(ax, not rows)
        return inline_svg(figure, table)


def grouped_bars(table: Table) -> str:
    """For each row, a bar per column side by side, each labelled with its value."""
    rows, width = table.rows, 0.8 / max(len(table.columns), 1)
    with matplotlib.rc_context(STYLE):
        figure = _figure(2.6 + 0.22 * len(table.columns) * max(len(rows), 1))
        ax = figure.add_subplot()
        tops = [len(rows) - 1 - r for r in range(len(rows))]  # the first row at the top
        for index, name in enumerate(table.columns):
            places = [top + 0.4 - width * (index + 0.5) for top in tops]
            values = [_number(row.cells[index]) for row in rows]
            bars = ax.barh(
                places,
                [v or 0 for v in values],
                height=width * 0.9,
                color=SERIES[index % len(SERIES)],
                label=name,
            )
            ax.bar_label(bars, labels=[_bar_text(v) for v in values], padding=2, fontsize=8)
        ax.set_yticks(tops, [row.label for row in rows])
        _labels(ax, table)
        figure.legend(
            loc="outside lower center", ncols=min(len(table.columns), 4), fontsize=9, frameon=False
        )
        _empty_note(ax, not rows)
        return inline_svg(figure, table)


def _bar_text(value: float | None) -> str:
    return SUPPRESSED if value is None else f"{value:.0f}"


def heatmap(table: Table, unit: str = "") -> str:
    """Rows by columns, each cell shaded by its value and labelled with it ([c] if withheld);
    a percentage is labelled to the whole number (the table beside gives one decimal)."""
    rows, columns = table.rows, table.columns
    with matplotlib.rc_context(STYLE):
        figure = _figure(3.4 + 0.4 * max(len(rows), 1))
        ax = figure.add_subplot()
        values = [[_number(cell) for cell in row.cells] for row in rows]
        top = max([v for line in values for v in line if v is not None] or [1.0])
        grid = [[math.nan if v is None else v for v in line] for line in values]
        if rows and columns:
            ax.imshow(grid, cmap="Blues", vmin=0, vmax=top, aspect="auto")
            for y, row in enumerate(rows):
                for x, cell in enumerate(row.cells):
                    dark = values[y][x] is not None and (values[y][x] or 0) > top * 0.6
                    ax.text(
                        x,
                        y,
                        _cell_text(cell, unit),
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if dark else "#0b0c0c",
                    )
        ax.set_xticks(range(len(columns)), columns, rotation=45, ha="right")
        ax.set_yticks(range(len(rows)), [row.label for row in rows])
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        _labels(ax, table)
        _empty_note(ax, not (rows and columns))
        return inline_svg(figure, table)


def _cell_text(cell: Cell, unit: str) -> str:
    number = _number(cell)
    return f"{number:.0f}{unit}" if number is not None and unit == "%" else shown(cell)


def _labels(ax: Axes, table: Table) -> None:
    ax.set_title(table.title, loc="left", wrap=True)
    ax.set_xlabel(table.x_label)
    ax.set_ylabel(table.y_label)


def _empty_note(ax: Axes, empty: bool) -> None:
    if empty:
        ax.text(
            0.5,
            0.5,
            "No proposals in this period",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )


def inline_svg(figure: Figure, table: Table) -> str:
    """The figure as an <svg> element for an HTML page: presentation attributes instead of
    styles, ids prefixed by the table's key, a <title>, and no fixed size."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    root = ET.fromstring(buffer.getvalue())
    for element in list(root):
        if element.tag == f"{{{SVG_NS}}}metadata":
            root.remove(element)
    for defs in root.iter(f"{{{SVG_NS}}}defs"):
        for style in defs.findall(f"{{{SVG_NS}}}style"):
            defs.remove(style)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    for element in root.iter():
        _restyle(element, table.key)
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    title_id = f"chart-{table.key}-title"
    root.set("role", "img")
    root.set("aria-labelledby", title_id)
    root.set("class", "app-chart")
    title = ET.Element(f"{{{SVG_NS}}}title", {"id": title_id})
    title.text = f"{table.title}. The table beside the chart gives the same figures."
    root.insert(0, title)
    # Other libraries (WeasyPrint) register their own prefix for the SVG namespace, and the
    # map is global: make it the default again just before writing.
    ET.register_namespace("", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def _restyle(element: ET.Element, prefix: str) -> None:
    style = element.attrib.pop("style", "")
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip():
            element.set(name.strip(), value.strip())
    if "id" in element.attrib:
        element.set("id", f"{prefix}-{element.get('id')}")
    # SVG 2's plain href: an HTML page needs no xlink namespace for it.
    target = element.attrib.pop(f"{{{XLINK_NS}}}href", None)
    if target is not None:
        element.set("href", f"#{prefix}-{target[1:]}" if target.startswith("#") else target)
    for name, value in element.attrib.items():
        if value.startswith("url(#"):
            element.set(name, f"url(#{prefix}-{value[5:]}")
