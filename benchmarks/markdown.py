"""Formatting helpers for the report: nested look-ups, numbers and Markdown tables."""

from __future__ import annotations

from typing import Any


def get(data: Any, *keys: str) -> Any:
    """A nested value, or None where any step is missing."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def ms(value: Any) -> str:
    """Milliseconds, to a sensible precision; n/a when missing."""
    if not isinstance(value, (int, float)):
        return "n/a"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def kb(value: Any) -> str:
    """Bytes as KB (1,000 bytes)."""
    return f"{value / 1000:.1f}" if isinstance(value, (int, float)) else "n/a"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table, followed by a blank line."""
    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
        *["| " + " | ".join(row) + " |" for row in rows],
        "",
    ]
