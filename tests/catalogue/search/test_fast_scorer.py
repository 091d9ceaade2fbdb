"""The fast scorer reads Whoosh's posting blocks directly: it must give Whoosh's own scores,
be probed before it is trusted, and hand over to Whoosh's matchers when it cannot answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from catalogue.changes import record_revision
from catalogue.models import Intervention
from catalogue.search import fast_scorer
from catalogue.search.fast_scorer import FastPathUnavailable, probe_fast_path
from catalogue.search.service import SearchService
from catalogue.search.types import SearchQuery, SearchResult
from catalogue.search.whoosh_index import _schema, matcher_scores
from catalogue.search.word_terms import word_clauses

WORDS = [("housing",), ("acommodation",), ("emotional", "skills"), ("debt", "money"), ("zebra",)]
QUERIES = [
    SearchQuery(text="housing"),
    SearchQuery(text="acommodation debt"),
    SearchQuery(text="calm"),
    SearchQuery(text="money zebra"),
]


@pytest.fixture
def catalogue(session, make_intervention):
    """Five interventions, one edited after indexing (a second segment and a deletion)."""
    for n, (name, summary) in enumerate(
        [
            ("Housing support", "Help to find accommodation and keep a tenancy."),
            ("Calm", "Emotional skills for managing anger."),
            ("Debt advice", "Money and debt advice, benefits."),
            ("Housing and money", "Accommodation, debt and emotional skills together."),
        ]
    ):
        make_intervention(name=name, slug=f"a{n}", summary=summary)
    edited = make_intervention(name="Tenancy rescue", slug="t", summary="Housing crisis help.")
    edited.summary = "Housing crisis help and money advice."
    record_revision(session, edited.id)
    session.commit()


def answer(service: SearchService, session, query: SearchQuery) -> SearchResult:
    return service.search(session, query)


def names(session, result: SearchResult) -> list[str]:
    found = {str(i.id): i.name for i in session.scalars(select(Intervention))}
    return [found[i] for i in result.ids]


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("require_all", [True, False])
@pytest.mark.parametrize("terms", WORDS)
def test_fast_scores_equal_whoosh_matcher_scores(
    app, session, catalogue, terms, require_all, exact
):
    rebuilt = SearchService(app.config["SEARCH_INDEX_DIR"] + "-check")  # one segment
    incremental = app.extensions["search"]  # several segments and a deletion
    for service in (rebuilt, incremental):
        service.sync(session)
        fast = service.engine.text_search(terms, require_all, exact)
        assert service.engine.path == "fast"
        slow = service.engine.matcher_text_search(terms, require_all, exact)
        assert fast.keys() == slow.keys()
        for doc_id, score in slow.items():
            assert fast[doc_id] == pytest.approx(score, rel=1e-9)


def test_the_probe_passes_on_the_pinned_whoosh():
    probe_fast_path(_schema(), matcher_scores)  # raises FastPathUnavailable if not


def test_the_fast_path_answers_once_its_probe_has_passed(app, session, catalogue):
    result = answer(app.extensions["search"], session, SearchQuery(text="housing"))
    assert result.answered_by == "fast"
    assert names(session, result)[0] in {"Housing support", "Housing and money"}


class NotThePostingReader:
    """Stands for a Whoosh release whose posting reader is another class."""


def break_posting_reader(monkeypatch):
    monkeypatch.setattr(fast_scorer, "W3LeafMatcher", NotThePostingReader)


def break_length_decoding(monkeypatch):
    monkeypatch.setattr(fast_scorer, "byte_to_length", lambda code: code * 3)


def remove_length_column(monkeypatch):
    monkeypatch.delattr(fast_scorer, "_lenfield")


@pytest.mark.parametrize(
    "breakage", [break_posting_reader, break_length_decoding, remove_length_column]
)
def test_when_the_probe_fails_whoosh_answers_with_the_same_results(
    app, session, catalogue, monkeypatch, breakage
):
    fast = SearchService(app.config["SEARCH_INDEX_DIR"] + "-fast")
    expected = [answer(fast, session, query) for query in QUERIES]
    assert {r.answered_by for r in expected} == {"fast"}

    breakage(monkeypatch)
    with pytest.raises(FastPathUnavailable):
        probe_fast_path(_schema(), matcher_scores)
    opened = SearchService(app.config["SEARCH_INDEX_DIR"] + "-opened-after")
    for query, before in zip(QUERIES, expected, strict=True):
        result = answer(opened, session, query)
        assert result.answered_by == "whoosh"
        assert (result.ids, result.total, result.matched_any) == (
            before.ids,
            before.total,
            before.matched_any,
        )
        assert result.ids or query.text == "money zebra" and result.total == 0


def test_a_posting_reader_changed_after_the_probe_hands_over_to_whoosh(
    app, session, catalogue, monkeypatch
):
    service = SearchService(app.config["SEARCH_INDEX_DIR"] + "-second")
    before = answer(service, session, SearchQuery(text="housing"))
    assert before.answered_by == "fast"
    service.engine.close()  # a reopened reader meets the changed class; the probe is not rerun
    break_posting_reader(monkeypatch)
    after = answer(service, session, SearchQuery(text="housing"))
    assert after.answered_by == "whoosh"
    assert (after.ids, after.total) == (before.ids, before.total)


def test_the_database_answers_when_no_index_can_be_written(app, session, catalogue, tmp_path: Path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the index folder should be")
    result = answer(SearchService(str(blocked)), session, SearchQuery(text="housing"))
    assert result.answered_by == "database"
    assert sorted(names(session, result)) == [
        "Housing and money",
        "Housing support",
        "Tenancy rescue",
    ]


@pytest.mark.parametrize(
    ("word", "exact", "near", "expected"),
    [
        ("drug", False, [], [("plain", "drug", 0.5)]),
        ("housing", False, ["housing"], [("plain", "housing", 1.0)]),
        (
            "hosing",
            False,
            ["hosing", "housing"],
            [("plain", "hosing", 0.5), ("plain", "housing", 0.5)],
        ),
        ("housing", True, ["housing"], []),
    ],
)
def test_one_word_is_scored_on_its_stems_and_its_plain_forms(word, exact, near, expected):
    clauses = word_clauses(word, ["stem"], lambda _: near, exact)
    stemmed = [c for c in clauses if c[0] != "plain"]
    assert [(field, text) for field, text, _ in stemmed] == [
        ("name", "stem"),
        ("needs", "stem"),
        ("provider", "stem"),
        ("body", "stem"),
        ("places", "stem"),
    ]
    assert [c for c in clauses if c[0] == "plain"] == expected
