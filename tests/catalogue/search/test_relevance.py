"""The relevance set (benchmarks/relevance_queries.csv) on the seed catalogue: everyday
words court staff type find an activity addressing the need they mean in the top five."""

from __future__ import annotations

import pytest

from benchmarks.relevance import judge, relevance_set, share_relevant

# The words that found nothing before the thesaurus (issue 14).
ONCE_FAILING = (
    "homeless hostel unemployed literacy gambling cannabis cocaine addiction temper "
    "depression trauma DV IPV TSP gang"
).split() + ["no fixed abode"]


def test_the_set_is_large_and_names_only_real_need_areas(seeded_client):
    known = {n["slug"] for n in seeded_client.get("/api/v1/needs").get_json()}
    queries = relevance_set()
    assert len(queries) >= 80
    assert all(needs and set(needs) <= known for _, needs in queries)


def test_at_least_95_percent_find_something_relevant_in_the_top_five(seeded_client):
    measured = share_relevant(seeded_client)
    assert measured["share"] >= 0.95, measured["misses"]


@pytest.mark.parametrize("word", ONCE_FAILING)
def test_each_once_failing_word_finds_a_relevant_activity(seeded_client, word):
    needs = dict(relevance_set())[word]
    assert judge(seeded_client, word, needs).relevant
