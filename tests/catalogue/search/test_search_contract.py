"""The search contract: derived from the database, typo-tolerant, safe with any input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from catalogue import search
from catalogue.changes import record_revision
from catalogue.models import Intervention
from catalogue.search import SearchQuery
from catalogue.search.service import SearchService
from tests.conftest import make_app


def names(app, session, query: SearchQuery) -> list[str]:
    """Names of the interventions a query finds, in rank order."""
    with app.app_context():
        result = search.search(session, query)
    found = {str(i.id): i.name for i in session.scalars(select(Intervention))}
    return [found[i] for i in result.ids]


@pytest.mark.parametrize(
    "typed", ["acommodation", "accomodation", "ACCOMMODATION", "accommodations", "housing"]
)
def test_one_letter_slips_and_other_word_forms_still_find(app, session, make_intervention, typed):
    make_intervention(name="Housing support", summary="Help to find accommodation.")
    assert names(app, session, SearchQuery(text=typed)) == ["Housing support"]


def test_a_slip_in_emotional_still_finds_emotional_management(app, session, make_intervention):
    make_intervention(name="Calm", needs=["emotional-management"], summary="Emotional skills.")
    assert names(app, session, SearchQuery(text="emotinal")) == ["Calm"]


def test_words_all_present_rank_before_words_partly_present(app, session, make_intervention):
    make_intervention(name="Debt advice", summary="Money and debt advice.")
    make_intervention(name="Benefits help", summary="Debt, money and benefits help.")
    result = names(app, session, SearchQuery(text="benefits debt"))
    assert result == ["Benefits help"]


def test_when_no_result_has_every_word_any_word_is_enough(app, session, make_intervention):
    make_intervention(name="Debt advice", summary="Money advice.")
    with app.app_context():
        result = search.search(session, SearchQuery(text="debt zebra"))
    assert result.total == 1 and result.matched_any


@pytest.mark.parametrize(
    "typed",
    [
        '"housing',
        "(housing",
        "housing)",
        "AND",
        "*",
        "housing AND",
        "h*g?",
        "x" * 10_000,
        "hous\x00ing\x1b[31m",
        "name:housing",
        "housing~2",
        "[a TO z]",
        "\\",
        "'; DROP TABLE x;--",
    ],
)
def test_search_syntax_typed_by_accident_falls_back_to_plain_words(
    app, session, make_intervention, typed
):
    make_intervention(name="Housing support")
    with app.app_context():
        result = search.search(session, SearchQuery(text=typed))
    assert result.total >= 0  # answered, not raised
    assert all("\x00" not in term for term in result.terms)


def test_an_edit_is_searchable_right_after_commit(app, session, make_intervention):
    intervention = make_intervention(name="Housing support")
    intervention.name = "Tenancy rescue"
    record_revision(session, intervention.id)
    session.commit()
    assert names(app, session, SearchQuery(text="tenancy")) == ["Tenancy rescue"]


def test_a_rolled_back_edit_never_reaches_the_index(app, session, make_intervention):
    intervention = make_intervention(name="Housing support")
    intervention.name = "Zebra crossing"
    record_revision(session, intervention.id)
    session.flush()
    session.rollback()
    assert names(app, session, SearchQuery(text="zebra")) == []
    assert names(app, session, SearchQuery(text="housing")) == ["Housing support"]


def test_rebuild_is_idempotent(app, session, make_intervention):
    for n in range(3):
        make_intervention(name=f"Activity {n}", summary="Employment support.")
    with app.app_context():
        first = search.search(session, SearchQuery(text="employment"))
        assert search.rebuild(session) == 3
        assert search.rebuild(session) == 3
        again = search.search(session, SearchQuery(text="employment"))
    assert (again.ids, again.total, again.facets) == (first.ids, first.total, first.facets)


def test_a_withdrawn_intervention_leaves_the_index(app, session, make_intervention):
    intervention = make_intervention(name="Housing support")
    intervention.status = "withdrawn"
    record_revision(session, intervention.id)
    session.commit()
    assert names(app, session, SearchQuery(text="housing")) == []


def index_dir(app) -> Path:
    return Path(app.config["SEARCH_INDEX_DIR"])


def test_a_missing_index_is_rebuilt_at_start_up(app, session, make_intervention):
    make_intervention(name="Housing support")
    shutil.rmtree(index_dir(app))
    restarted = make_app(app.config["DATABASE_URL"], index_dir(app))
    assert names(restarted, session, SearchQuery(text="housing")) == ["Housing support"]
    assert (index_dir(app) / "current" / "REVISION").exists()
    restarted.extensions["db_engine"].dispose()


# Whoosh leaves the corrupt table-of-contents file open when it fails to read it; the
# ResourceWarning comes from the library, not from our code.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_an_unreadable_index_is_rebuilt(app, session, make_intervention):
    make_intervention(name="Housing support")
    for path in (index_dir(app) / "current").iterdir():
        if path.name != "REVISION":
            path.write_bytes(b"not an index")
    restarted = make_app(app.config["DATABASE_URL"], index_dir(app))
    assert names(restarted, session, SearchQuery(text="housing")) == ["Housing support"]
    restarted.extensions["db_engine"].dispose()


def test_an_index_older_than_the_catalogue_catches_up(app, session, make_intervention):
    make_intervention(name="Housing support")
    other = SearchService(str(index_dir(app)))  # a second process on the same index
    other.sync(session)
    make_intervention(name="Employment support")
    with app.app_context():
        result = other.search(session, SearchQuery(text="support"))
    assert result.total == 2


def test_the_index_holds_no_prices(app, session, make_intervention):
    make_intervention(name="Housing support", price=987.65, contract_reference="SECRET-REF-42")
    raw = b"".join(p.read_bytes() for p in (index_dir(app) / "current").iterdir())
    assert b"SECRET-REF-42" not in raw and b"987.65" not in raw
