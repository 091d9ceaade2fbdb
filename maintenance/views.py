"""Collects the maintenance blueprints for the app to register."""

from __future__ import annotations

import importlib

from flask import Blueprint

MODULES = (
    "maintenance.editing",
    "maintenance.availability",
    "maintenance.quality",
    "maintenance.api",
    "maintenance.users",
    "maintenance.transfer",
    "maintenance.gaps",
    "maintenance.oruk",
    "maintenance.summary",
)


def _load() -> list[Blueprint]:
    found = []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        found.append(module.bp)
    return found


blueprints = _load()
