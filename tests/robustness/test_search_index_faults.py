"""The search index deleted, corrupted or unwritable while the app runs: search keeps answering.

The index is derived from the database, so every fault here must end with the same answers
as before it, first from a rebuilt index, or from the database while the index cannot be
rebuilt.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app


@pytest.fixture
def catalogue(make_intervention: Callable[..., Any], make_availability: Callable[..., Any]) -> Any:
    """Two interventions with distinctive words, one open in London."""
    housing = make_intervention(name="Zanzibar housing support", needs=["accommodation"])
    make_availability(housing, "london")
    make_intervention(name="Quokka thinking skills", needs=["attitudes-thinking-behaviour"])
    return housing


def index_dir(app: Flask) -> Path:
    return Path(app.config["SEARCH_INDEX_DIR"])


def found_names(client: FlaskClient, **params: Any) -> list[str]:
    response = client.get("/api/v1/interventions", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [r["name"] for r in response.get_json()["results"]]


def page_finds(client: FlaskClient, q: str, name: str) -> bool:
    response = client.get("/", query_string={"q": q})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return name in response.get_data(as_text=True)


def corrupt_every_file(folder: Path) -> int:
    """Overwrite every file in place (same inode, so open readers see it too)."""
    count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "r+b") as handle:
                size = max(path.stat().st_size, 64)
                handle.write(b"\x00garbage\xff" * (size // 10 + 1))
                handle.truncate()
            count += 1
    return count


def test_an_index_deleted_while_running_keeps_answering_and_is_rebuilt(
    app: Flask, client: FlaskClient, catalogue: Any, make_intervention: Callable[..., Any]
) -> None:
    assert found_names(client, q="zanzibar") == ["Zanzibar housing support"]
    shutil.rmtree(index_dir(app))

    assert found_names(client, q="zanzibar") == ["Zanzibar housing support"]
    assert page_finds(client, "quokka", "Quokka thinking skills")
    make_intervention(name="Wombat budgeting course", needs=["finance-benefits-debt"])
    assert found_names(client, q="wombat") == ["Wombat budgeting course"]
    assert found_names(client, q="zanzibar", region="london") == ["Zanzibar housing support"]
    assert (index_dir(app) / "current" / "REVISION").is_file(), "the index was not rebuilt"


def test_an_index_corrupted_while_running_keeps_answering_and_is_rebuilt(
    app: Flask, client: FlaskClient, catalogue: Any, make_intervention: Callable[..., Any]
) -> None:
    assert found_names(client, q="quokka") == ["Quokka thinking skills"]
    assert corrupt_every_file(index_dir(app)) > 0

    assert found_names(client, q="quokka") == ["Quokka thinking skills"]
    make_intervention(name="Wombat budgeting course", needs=["finance-benefits-debt"])
    assert found_names(client, q="wombat") == ["Wombat budgeting course"]
    assert found_names(client, q="zanzibar", region="london") == ["Zanzibar housing support"]
    assert page_finds(client, "quokka", "Quokka thinking skills")
    assert (index_dir(app) / "current" / "REVISION").read_text().strip().isdigit()


def test_an_index_corrupted_without_any_edit_is_noticed_by_a_restarted_app(
    app: Flask, catalogue: Any, database_urls: dict[str, str]
) -> None:
    corrupt_every_file(index_dir(app))
    restarted = make_app(database_urls["work"], index_dir(app))
    client = restarted.test_client()
    assert found_names(client, q="zanzibar") == ["Zanzibar housing support"]
    assert found_names(client, need="attitudes-thinking-behaviour") == ["Quokka thinking skills"]
    restarted.extensions["db_engine"].dispose()


def test_an_index_that_cannot_be_rebuilt_falls_back_to_the_database_then_recovers(
    app: Flask, client: FlaskClient, catalogue: Any, make_intervention: Callable[..., Any]
) -> None:
    folder = index_dir(app)
    shutil.rmtree(folder)
    folder.write_text("not a folder: the index cannot be written here")  # root ignores chmod
    with pytest.raises(OSError):  # the edit commits; indexing it after commit fails
        make_intervention(name="Wombat budgeting course", needs=["finance-benefits-debt"])

    # The index cannot be rebuilt: answers come from the database, filters and facets too.
    assert found_names(client, q="wombat") == ["Wombat budgeting course"]
    assert found_names(client, q="zanzibar", region="london") == ["Zanzibar housing support"]
    assert found_names(client, region="london", q="quokka") == []
    body = client.get("/api/v1/interventions", query_string={"need": "accommodation"}).get_json()
    assert body["total"] == 1
    assert body["facets"]["need"]["accommodation"] == 1
    assert body["facets"]["need"]["attitudes-thinking-behaviour"] == 1
    assert page_finds(client, "quokka", "Quokka thinking skills")

    folder.unlink()  # the fault is cleared: the next search rebuilds the index
    assert found_names(client, q="wombat") == ["Wombat budgeting course"]
    assert (folder / "current" / "REVISION").is_file(), "the index was not rebuilt"
