"""The charts read back from their SVG: titles, axis labels, values, and nothing withheld."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from reporting import charts, figures
from reporting.tables import Row, Table
from tests.reporting.test_figures import fact

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    """Every piece of text in the chart, in document order."""
    root = ET.fromstring(svg)
    return [(t.text or "").strip() for t in root.iter(f"{SVG}text") if (t.text or "").strip()]


def test_days_by_score_chart_shows_its_title_axes_band_and_values() -> None:
    facts = [fact(score=62, final_days=d, rar_days=d - 2) for d in (15, 17, 19, 21, 23)]
    facts += [fact(score=81, final_days=33, rar_days=33) for _ in range(4)]
    svg = charts.days_by_score(figures.days_by_score(facts))
    words = texts(svg)
    assert "RAR days proposed and ordered against the OGRS score" in words
    assert "Two-year OGRS score (%)" in words and "Mean maximum RAR days" in words
    assert "Guideline days for the band" in words
    assert "19.0" in words and "17.0" in words  # the 60–69 band's means
    assert "33.0" not in words  # four proposals: withheld


def test_stacked_bars_label_each_published_count_and_leave_out_withheld_ones() -> None:
    row = Row("Highbury Corner", (12, None, 6, 0))
    table = Table(
        "followed-by-court",
        "How often",
        "Court",
        figures.FOLLOWED,
        (row,),
        "Court",
        "Proposals (number)",
    )
    words = texts(charts.stacked_bars(table))
    assert "Highbury Corner" in words and "Proposals (number)" in words
    assert {"12", "6"} <= set(words)
    assert "Same days" in words and "No RAR" in words
    root = ET.fromstring(charts.stacked_bars(table))
    widths = _bar_widths(root)
    assert sorted(round(w / min(widths), 1) for w in widths) == [1.0, 2.0]  # 6 and 12


def _bar_widths(root: ET.Element) -> list[float]:
    """Widths of the bars matplotlib drew (named bar-<column>-<row>), non-empty ones only."""
    found = []
    for group in root.iter(f"{SVG}g"):
        if re.search(r"-bar-\d+-\d+$", group.get("id") or ""):
            for path in group.iter(f"{SVG}path"):
                numbers = re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))
                xs = [float(x) for x in numbers[0::2]]
                if max(xs) - min(xs) > 0.01:
                    found.append(max(xs) - min(xs))
    return found


def test_heatmap_labels_each_cell_and_marks_withheld_ones() -> None:
    records = [figures.Unmet("2026-03", ("ete",)) for _ in range(7)]
    records += [figures.Unmet("2026-04", ("ete", "drugs")) for _ in range(2)]
    table = figures.unmet_by_month(records, ["2026-03", "2026-04"])
    words = texts(charts.heatmap(table))
    assert "Education, training and employment" in words and "Drug misuse" in words
    assert "7" in words and words.count("[c]") == 2 and "2" not in words
    assert "Month the proposal was made" in words


def test_freshness_heatmap_gives_percentages() -> None:
    snaps = [figures.Snapshot(date(2026, 3, 6), "london", 8, 6)]
    words = texts(charts.heatmap(figures.freshness(snaps, {"london": "London"}), "%"))
    assert "75%" in words and "London" in words and "Week ending" in words


def test_grouped_bars_label_values_and_withheld_cells() -> None:
    facts = [fact(routed=("ATR",)) for _ in range(7)] + [fact(routed=("DRR",))]
    words = texts(charts.grouped_bars(figures.routed_by_area(facts, "region", {})))
    assert "8" in words and "7" in words and "[c]" in words and "Programme" in words


def test_the_svg_can_sit_inline_under_the_pages_content_security_policy() -> None:
    svg = charts.heatmap(figures.freshness([], {}), "%")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "chart-freshness-title"
    assert not [e for e in root.iter() if "style" in e.attrib or e.tag == f"{SVG}style"]
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids and all(i.startswith(("freshness-", "chart-freshness")) for i in ids)
    assert "No proposals in this period" in texts(svg)
    assert "width" not in root.attrib and root.get("viewBox")


def test_the_svg_is_written_with_the_default_namespace_whoever_registered_another() -> None:
    ET.register_namespace("svg", "http://www.w3.org/2000/svg")  # as WeasyPrint does
    svg = charts.heatmap(figures.freshness([], {}), "%")
    assert svg.startswith("<svg ") and "<svg:" not in svg and "xlink" not in svg
