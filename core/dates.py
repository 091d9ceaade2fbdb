"""Dates as the service writes them for people."""

from __future__ import annotations

from datetime import date

from flask import Flask


def long_date(value: date | None) -> str:
    """A date as GOV.UK writes it: 3 March 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


def init_app(app: Flask) -> None:
    """Make the date formats available to every template."""
    app.jinja_env.globals.update(long_date=long_date)
