"""The relevance set: everyday queries and the need areas a relevant answer must address.

`share_relevant` asks the search API each query and counts those with a relevant activity
(one addressing any of the query's need areas) in the top five. The test suite and
`make bench` both use it, on the seed catalogue.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

QUERIES = Path(__file__).with_name("relevance_queries.csv")
TOP = 5


@dataclass(frozen=True)
class Judged:
    """One query, the need areas that make an answer relevant, and what search gave."""

    query: str
    needs: tuple[str, ...]
    top_needs: tuple[tuple[str, ...], ...]

    @property
    def relevant(self) -> bool:
        """Whether any of the top results addresses one of the query's need areas."""
        return any(set(found) & set(self.needs) for found in self.top_needs)


def relevance_set() -> list[tuple[str, tuple[str, ...]]]:
    """(query, need areas) from relevance_queries.csv."""
    with open(QUERIES, newline="", encoding="utf-8") as handle:
        return [(row["query"], tuple(row["needs"].split(";"))) for row in csv.DictReader(handle)]


def judge(client: FlaskClient, query: str, needs: tuple[str, ...]) -> Judged:
    """Ask the search API one query and keep the need areas of its top results."""
    answer: Any = client.get("/api/v1/interventions", query_string={"q": query, "per_page": TOP})
    if answer.status_code != 200:
        raise RuntimeError(f"{query!r} answered {answer.status_code}")
    top = tuple(tuple(item["needs"]) for item in answer.get_json()["results"])
    return Judged(query, needs, top)


def share_relevant(client: FlaskClient) -> dict[str, Any]:
    """The share of the set with a relevant result in the top five, and the misses."""
    judged = [judge(client, query, needs) for query, needs in relevance_set()]
    hits = [j for j in judged if j.relevant]
    return {
        "queries": len(judged),
        "relevant": len(hits),
        "share": len(hits) / len(judged) if judged else 0.0,
        "misses": [j.query for j in judged if not j.relevant],
    }
