"""The fast scorer reads Whoosh's posting blocks directly; it must agree with Whoosh's own."""

from __future__ import annotations

import pytest

from catalogue.changes import record_revision
from catalogue.search.service import SearchService

WORDS = [("housing",), ("acommodation",), ("emotional", "skills"), ("debt", "money"), ("zebra",)]


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("require_all", [True, False])
@pytest.mark.parametrize("terms", WORDS)
def test_fast_scores_equal_whoosh_matcher_scores(
    app, session, make_intervention, terms, require_all, exact
):
    for n, (name, summary) in enumerate(
        [
            ("Housing support", "Help to find accommodation and keep a tenancy."),
            ("Calm", "Emotional skills for managing anger."),
            ("Debt advice", "Money and debt advice, benefits."),
            ("Housing and money", "Accommodation, debt and emotional skills together."),
        ]
    ):
        make_intervention(name=name, slug=f"a{n}", summary=summary)
    # A second segment with a deletion, as after an edit.
    edited = make_intervention(name="Tenancy rescue", slug="t", summary="Housing crisis help.")
    edited.summary = "Housing crisis help and money advice."
    record_revision(session, edited.id)
    session.commit()
    rebuilt = SearchService(app.config["SEARCH_INDEX_DIR"] + "-check")  # one segment
    incremental = app.extensions["search"]  # several segments and a deletion
    for service in (rebuilt, incremental):
        with app.app_context():
            service.sync(session)
        fast = service.engine.text_search(terms, require_all, exact)
        slow = service.engine.matcher_text_search(terms, require_all, exact)
        assert fast.keys() == slow.keys()
        for doc_id, score in slow.items():
            assert fast[doc_id] == pytest.approx(score, rel=1e-9)
