"""A checked upload between preview and apply, kept in a server-side file named by a token.

The token is random and the file is readable only by the app; the cookie never holds the
upload. An upload left longer than UPLOAD_LIFETIME_SECONDS is forgotten.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

from maintenance.csv_io import Plan, Record

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
# A preview left this long is forgotten; the editor uploads the file again.
UPLOAD_LIFETIME_SECONDS = 2 * 60 * 60


def store(
    folder: Path, user_id: int, kind: str, records: list[Record], filename: str, plan: Plan
) -> str:
    """Keep an upload and what its preview saw; the token that names it."""
    forget_old(folder)
    token = secrets.token_urlsafe(24)
    content = {
        "kind": kind,
        "user_id": user_id,
        "filename": filename,
        "records": [[r.line, r.cells] for r in records],
        "seen": plan.seen,
    }
    handle = os.open(path_of(folder, token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(content, out)
    return token


def load(folder: Path, token: str, user_id: int) -> dict[str, Any] | None:
    """The upload stored under a token by this user; None if gone, never there or another's."""
    if not TOKEN.match(token):
        return None
    try:
        stored: dict[str, Any] = json.loads(path_of(folder, token).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stored if stored.get("user_id") == user_id else None


def records_of(stored: dict[str, Any]) -> list[Record]:
    """The rows of a stored upload."""
    return [Record(line, cells) for line, cells in stored["records"]]


def versions_seen(stored: dict[str, Any]) -> dict[str, int | None]:
    """Each record's version when the upload was previewed (None: it was new)."""
    return {key: seen["version"] for key, seen in stored["seen"].items()}


def forget(folder: Path, token: str) -> None:
    """Remove an upload once applied or checked again."""
    if TOKEN.match(token):
        path_of(folder, token).unlink(missing_ok=True)


def forget_old(folder: Path) -> None:
    """Remove uploads left longer than the lifetime."""
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for path in folder.glob("*.json"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def path_of(folder: Path, token: str) -> Path:
    """Where the upload named by a token is kept."""
    return folder / f"{token}.json"
