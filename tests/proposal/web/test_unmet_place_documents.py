"""The page, PSR and demand record name where an unmet need is unmet, and programmes carry no
RAR days in the PSR (their sessions are the programme requirement's, not the RAR's)."""

from __future__ import annotations

import uuid
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from proposal.web.demand import DemandRecord
from tests.proposal.web.conftest import form_data, proposal_id
from tests.proposal.web.test_documents import read_pdf

PLACE_LINE = "Accommodation: paused in Camden and Islington; open elsewhere in London"


def _catalogue(make_intervention: Any, make_availability: Any) -> None:
    housing = make_intervention(name="Housing Advice Service", needs=["accommodation"], type="crs")
    make_availability(housing, "london", pdu="camden-and-islington", status="paused")
    make_availability(housing, "london", pdu="brent", status="open")
    thinking = make_intervention(
        name="Emotions Group", needs=["emotional-management"], eip_status="approved"
    )
    make_availability(thinking, "london")
    programme = make_intervention(
        name="Thinking Skills Programme",
        type="accredited-programme",
        needs=["attitudes-thinking-behaviour"],
        pre_group_sessions=1,
        one_to_one_sessions=0,
        group_sessions=18,
    )
    make_availability(programme, "london")


def test_the_page_psr_and_demand_record_name_the_place_of_an_unmet_need(
    client: FlaskClient,
    officer: Any,
    session: Session,
    make_intervention: Any,
    make_availability: Any,
) -> None:
    _catalogue(make_intervention, make_availability)
    data = form_data(
        reoffending=["accommodation", "emotional-management", "attitudes-thinking-behaviour"],
        harm=[],
        flags=["accredited_programme_eligible"],
    )
    saved: uuid.UUID = proposal_id(client.post("/proposals/new", data=data))
    page = " ".join(client.get(f"/proposals/{saved}").get_data(as_text=True).split())
    assert PLACE_LINE in page
    _reader, text = read_pdf(client.get(f"/proposals/{saved}/psr.pdf"))
    assert PLACE_LINE in text
    assert "in the region now" not in text
    assert "open elsewhere in the region" in text  # the generated rationale agrees
    assert "Thinking Skills Programme" in text  # routed to its own requirement...
    assert "19 RAR days" not in text and "18 RAR days" not in text  # ...with no RAR days
    record = session.scalars(select(DemandRecord).where(DemandRecord.proposal_id == saved)).one()
    assert (record.pdu_slug, record.unmet_needs) == ("camden-and-islington", ["accommodation"])
    assert record.unmet_open_elsewhere == ["accommodation"]
