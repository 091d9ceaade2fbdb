"""The thesaurus in search: words people type understood, below direct matches, never
overriding filters, and edits reaching every process through the catalogue revision."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from catalogue import search
from catalogue.models import Intervention
from catalogue.search import SearchQuery
from catalogue.search.expansion import Thesaurus, Unit, make_entry
from catalogue.thesaurus import add_term, check_term, need_slugs
from tests.conftest import make_app

HOMELESS = make_entry("homeless", ["accommodation"], ["housing"])
NFA = make_entry("no fixed abode", ["accommodation"], [])
TSP = make_entry("TSP", [], ["Thinking Skills Programme"])


def test_a_phrase_is_one_unit_matched_longest_first() -> None:
    thesaurus = Thesaurus([NFA, make_entry("abode", ["ete"], [])])
    assert thesaurus.units("Man of no fixed abode") == [
        Unit(("man",)),
        Unit(("no", "fixed", "abode"), NFA),
    ]


def test_a_plural_finds_the_singular_entry_and_case_does_not_matter() -> None:
    thesaurus = Thesaurus([make_entry("hostel", ["accommodation"], [])])
    assert thesaurus.units("HOSTELS")[0].entry == thesaurus.entries["hostel"]


def test_an_abbreviation_expands_to_a_programme_name_phrase() -> None:
    assert TSP.term == "tsp" and TSP.phrases == (("thinking", "skills", "programme"),)


def names(app, session, query: SearchQuery) -> list[str]:
    """Names of the interventions a query finds, in rank order."""
    with app.app_context():
        result = search.search(session, query)
    found = {str(i.id): i.name for i in session.scalars(select(Intervention))}
    return [found[i] for i in result.ids]


def add(app, session, term: str, needs: list[str], search_terms: list[str] = ()) -> None:
    values = check_term(term, needs, list(search_terms), "editor", need_slugs(session))
    add_term(session, values, "editor@example.org")
    with app.app_context():
        search.sync(session)


def test_a_word_nobody_indexed_finds_the_need_it_means(app, session, make_intervention):
    make_intervention(name="Settled Homes", needs=["accommodation"], summary="Tenancy help.")
    make_intervention(name="Jobs Club", needs=["ete"], summary="Work help.")
    assert names(app, session, SearchQuery(text="homeless")) == []
    add(app, session, "homeless", ["accommodation"])
    assert names(app, session, SearchQuery(text="homeless")) == ["Settled Homes"]


def test_a_direct_match_ranks_above_a_thesaurus_match(app, session, make_intervention):
    # Alphabetically and by need the thesaurus match would come first; the typed word wins.
    make_intervention(name="A Home Finder", needs=["accommodation"], summary="Tenancy help.")
    make_intervention(name="Outreach", needs=["ete"], summary="For people who are homeless.")
    add(app, session, "homeless", ["accommodation"], ["tenancy"])
    assert names(app, session, SearchQuery(text="homeless")) == ["Outreach", "A Home Finder"]


def test_expanded_words_never_override_a_chosen_filter(app, session, make_intervention):
    make_intervention(name="Settled Homes", needs=["accommodation"], summary="Tenancy help.")
    make_intervention(name="Jobs Club", needs=["ete"], summary="Work help for the homeless.")
    add(app, session, "homeless", ["accommodation"])
    query = SearchQuery(text="homeless", needs=("ete",))
    assert names(app, session, query) == ["Jobs Club"]


def test_searching_the_word_alone_turns_the_thesaurus_off(app, session, make_intervention):
    make_intervention(name="Settled Homes", needs=["accommodation"], summary="Tenancy help.")
    add(app, session, "homeless", ["accommodation"])
    with app.app_context():
        result = search.search(session, SearchQuery(text="homeless", expand=False))
    assert result.total == 0 and result.expansions == ()


def test_a_search_phrase_must_match_all_its_words(app, session, make_intervention):
    make_intervention(name="Thinking Skills Programme", needs=["attitudes-thinking-behaviour"])
    make_intervention(name="Skills for Work", needs=["ete"], summary="A programme of skills.")
    add(app, session, "tsp", [], ["thinking skills programme"])
    assert names(app, session, SearchQuery(text="TSP")) == ["Thinking Skills Programme"]


def test_each_word_must_match_as_typed_or_as_understood(app, session, make_intervention):
    make_intervention(name="Women's housing", needs=["accommodation"], summary="For women.")
    make_intervention(name="Settled Homes", needs=["accommodation"], summary="Tenancy help.")
    add(app, session, "homeless", ["accommodation"])
    assert names(app, session, SearchQuery(text="homeless women")) == ["Women's housing"]


def test_an_edit_reaches_another_process_through_the_revision(
    app, session, make_intervention, database_urls, tmp_path
):
    make_intervention(name="Settled Homes", needs=["accommodation"], summary="Tenancy help.")
    other = make_app(database_urls["work"], tmp_path / "other-index")
    with other.app_context():
        assert search.search(session, SearchQuery(text="hostel")).total == 0
    add(app, session, "hostel", ["accommodation"])
    with other.app_context():
        result = search.search(session, SearchQuery(text="hostel"))
    assert result.total == 1 and [e.term for e in result.expansions] == ["hostel"]
    other.extensions["db_engine"].dispose()


@pytest.mark.parametrize(
    ("term", "needs", "field"),
    [("", ["accommodation"], "term"), ("x<script>", ["ete"], "term"), ("dole", ["nope"], "needs")],
)
def test_a_bad_entry_is_refused_with_the_field_named(session, term, needs, field):
    from catalogue.thesaurus import ThesaurusError

    with pytest.raises(ThesaurusError) as refused:
        check_term(term, needs, [], "editor", need_slugs(session))
    assert field in refused.value.errors


def test_a_rebuilt_index_still_expands_words(app, session, make_intervention):
    make_intervention(name="Settled Homes", needs=["accommodation"], summary="Tenancy help.")
    add(app, session, "homeless", ["accommodation"])
    fresh = make_app(app.config["DATABASE_URL"], Path(app.config["SEARCH_INDEX_DIR"]) / "fresh")
    with fresh.app_context():
        search.rebuild(session)
        assert search.search(session, SearchQuery(text="homeless")).total == 1
    fresh.extensions["db_engine"].dispose()
