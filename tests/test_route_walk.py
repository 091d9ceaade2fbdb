"""Walks every route with every role (and anonymous) and checks the answer against a table.

The table is written out by hand: a new route without a row in it fails
`test_every_route_is_in_the_table`, and until it has one it is still walked (GET): it must
never fail, and under /admin it must not answer an anonymous visitor.
"""

from __future__ import annotations

import tempfile
from typing import Any

import pytest

from app import create_app
from catalogue import search
from tests.conftest import empty_database, load_reference_data, make_app
from tests.route_walk_support import (
    FORBIDDEN,
    LOGIN,
    OK,
    ROLES,
    build_world,
    call,
    outcome,
    rule_arguments,
    signed_in_client,
)


def expect(anonymous: Any, court: Any, regional: Any, national: Any, admin: Any) -> dict[str, Any]:
    """The expected answer for each role, in the order of ROLES."""
    return dict(zip(ROLES, (anonymous, court, regional, national, admin), strict=True))


PUBLIC = expect(OK, OK, OK, OK, OK)
SIGNED_IN = expect(LOGIN, OK, OK, OK, OK)
EDITORS = expect(LOGIN, FORBIDDEN, OK, OK, OK)
DEFINITIONS = expect(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK)
ADMINS = expect(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
API_EDITORS = expect(401, FORBIDDEN, OK, OK, OK)
OFFICERS = expect(LOGIN, OK, FORBIDDEN, FORBIDDEN, OK)
OFFICERS_404 = expect(LOGIN, 404, FORBIDDEN, FORBIDDEN, 404)
# The walk sends an empty JSON object, which an allowed caller gets back as 422.
API_WRITE = expect(401, FORBIDDEN, 422, 422, 422)

EXPECTED: dict[tuple[str, str], dict[str, Any]] = {
    ("maintenance.dashboard", "GET"): EDITORS,
    ("maintenance.list_interventions", "GET"): EDITORS,
    ("maintenance.show_intervention", "GET"): EDITORS,
    ("maintenance.new_intervention", "GET"): DEFINITIONS,
    ("maintenance.new_intervention", "POST"): DEFINITIONS,
    ("maintenance.edit_intervention", "GET"): DEFINITIONS,
    ("maintenance.edit_intervention", "POST"): DEFINITIONS,
    ("maintenance.withdraw_intervention", "GET"): DEFINITIONS,
    ("maintenance.withdraw_intervention", "POST"): DEFINITIONS,
    ("quality.dashboard", "GET"): EDITORS,
    ("thesaurus.list_terms", "GET"): DEFINITIONS,
    ("thesaurus.list_terms", "POST"): DEFINITIONS,
    # The walk names an entry that does not exist: editors are sent back to the list.
    ("thesaurus.remove_term", "GET"): DEFINITIONS,
    ("thesaurus.remove_term", "POST"): DEFINITIONS,
    # The regional editor's region is the one walked (other regions: test_access.py).
    ("availability.grid", "GET"): EDITORS,
    ("availability.edit_row", "GET"): EDITORS,
    ("availability.edit_row", "POST"): EDITORS,
    ("availability.confirm_row", "POST"): EDITORS,
    ("availability.confirm_ticked", "POST"): EDITORS,
    ("availability.new_row", "GET"): EDITORS,
    ("availability.new_row", "POST"): EDITORS,
    ("users_admin.list_users", "GET"): ADMINS,
    ("users_admin.new_user", "GET"): ADMINS,
    ("users_admin.new_user", "POST"): ADMINS,
    ("users_admin.edit_user", "GET"): ADMINS,
    ("users_admin.edit_user", "POST"): ADMINS,
    ("users_admin.disable_user", "POST"): ADMINS,
    ("users_admin.enable_user", "POST"): ADMINS,
    ("maintenance_api.get_csrf_token", "GET"): API_EDITORS,
    ("maintenance_api.patch_availability", "PATCH"): API_WRITE,
    ("maintenance_api.get_history", "GET"): API_EDITORS,
    ("catalogue.search", "GET"): PUBLIC,
    ("catalogue.intervention", "GET"): PUBLIC,
    ("catalogue.regions", "GET"): PUBLIC,
    ("catalogue.region", "GET"): PUBLIC,
    ("catalogue.about_rar_days", "GET"): PUBLIC,
    ("front_door.api_docs", "GET"): PUBLIC,
    ("front_door.accessibility", "GET"): PUBLIC,
    ("front_door.privacy", "GET"): PUBLIC,
    ("catalogue_api.list_interventions", "GET"): PUBLIC,
    ("catalogue_api.get_intervention", "GET"): PUBLIC,
    ("catalogue_api.list_regions", "GET"): PUBLIC,
    ("catalogue_api.list_needs", "GET"): PUBLIC,
    ("catalogue_api.openapi", "GET"): PUBLIC,
    ("proposal.new_proposal", "GET"): OFFICERS,
    ("proposal.new_proposal", "POST"): OFFICERS,
    ("proposal.my_proposals", "GET"): OFFICERS,
    # The walk names a proposal that does not exist: officers get past the gate to a 404.
    ("proposal.view_proposal", "GET"): OFFICERS_404,
    ("proposal.update_rationale", "POST"): OFFICERS_404,
    ("proposal.override_days", "POST"): OFFICERS_404,
    ("proposal.finalise", "POST"): OFFICERS_404,
    ("proposal.check_answers", "GET"): OFFICERS_404,
    ("proposal.recalculate", "POST"): OFFICERS_404,
    ("proposal.psr_pdf", "GET"): OFFICERS_404,
    ("proposal.defendant_pdf", "GET"): OFFICERS_404,
    ("proposal.copy_proposal", "GET"): OFFICERS_404,
    ("proposal.copy_proposal", "POST"): OFFICERS_404,
    ("proposal.delete_proposal", "GET"): OFFICERS_404,
    ("proposal.delete_proposal", "POST"): OFFICERS_404,
    ("proposal.ogrs3_calculator", "GET"): PUBLIC,
    ("proposal.ogrs3_calculator", "POST"): PUBLIC,
    ("proposal.ogrs4_calculator", "GET"): PUBLIC,
    ("proposal.ogrs4_calculator", "POST"): PUBLIC,
    ("proposal_api.calculate_ogrs3", "POST"): expect(422, 422, 422, 422, 422),
    ("proposal_api.calculate_ogrs4", "POST"): expect(422, 422, 422, 422, 422),
    ("proposal_api.list_ogrs4_offences", "GET"): PUBLIC,
    ("proposal_api.create_recommendation", "POST"): expect(422, 422, 422, 422, 422),
    ("proposal_api.create_proposal", "POST"): expect(401, 422, FORBIDDEN, FORBIDDEN, 422),
    ("proposal_api.get_proposal_csrf_token", "GET"): expect(401, OK, FORBIDDEN, FORBIDDEN, OK),
    # Author and administrators only, and the walk names no real proposal: 404 for all.
    ("proposal_api.get_proposal", "GET"): expect(401, 404, 404, 404, 404),
    ("proposal_api.patch_proposal", "PATCH"): expect(401, 404, 404, 404, 404),
    ("proposal_api.finalise_proposal", "POST"): expect(401, 404, 404, 404, 404),
    ("gaps.show_coverage", "GET"): SIGNED_IN,
    ("gaps.export_coverage", "GET"): SIGNED_IN,
    ("gaps.show_gaps", "GET"): SIGNED_IN,
    ("transfer.export_interventions", "GET"): SIGNED_IN,
    ("transfer.export_availability", "GET"): SIGNED_IN,
    ("transfer.import_upload", "GET"): EDITORS,
    # The walk posts no file, which an editor is told about (400).
    ("transfer.import_upload", "POST"): expect(LOGIN, FORBIDDEN, 400, 400, 400),
    # The walk names an upload that does not exist.
    ("transfer.import_apply", "POST"): expect(LOGIN, FORBIDDEN, 404, 404, 404),
    ("transfer.import_recheck", "POST"): expect(LOGIN, FORBIDDEN, 404, 404, 404),
    ("oruk.api_details", "GET"): PUBLIC,
    ("oruk.list_services", "GET"): PUBLIC,
    ("oruk.get_service", "GET"): PUBLIC,
    ("oruk.list_taxonomies", "GET"): PUBLIC,
    ("oruk.list_taxonomy_terms", "GET"): PUBLIC,
    ("summary.region_summary_pdf", "GET"): PUBLIC,
    ("accounts.login", "GET"): PUBLIC,
    ("accounts.login", "POST"): PUBLIC,
    ("accounts.logout", "POST"): SIGNED_IN,
    ("accounts.signed_out", "GET"): PUBLIC,
    ("accounts.session_status", "GET"): PUBLIC,
    ("accounts.extend_session", "POST"): expect(401, OK, OK, OK, OK),
    ("account.profile", "GET"): SIGNED_IN,
    ("account.profile", "POST"): SIGNED_IN,
    ("account.change_password", "GET"): SIGNED_IN,
    # The walk's empty form is refused with the page again (200), never a 500.
    ("account.change_password", "POST"): SIGNED_IN,
    ("account.sign_out_everywhere", "POST"): SIGNED_IN,
    ("users_admin.reset_password", "GET"): ADMINS,
    ("users_admin.reset_password", "POST"): ADMINS,
    ("outcome.record_outcome", "GET"): OFFICERS_404,
    ("outcome.record_outcome", "POST"): OFFICERS_404,
    ("outcome_api.put_outcome", "PUT"): expect(401, 404, FORBIDDEN, FORBIDDEN, 404),
    ("mi.national", "GET"): EDITORS,
    ("mi.regional", "GET"): EDITORS,
    ("mi.export_proposals", "GET"): EDITORS,
    # The walk names a figure that does not exist: editors get past the gate to a 404.
    ("mi.national_csv", "GET"): expect(LOGIN, FORBIDDEN, 404, 404, 404),
    ("mi.regional_csv", "GET"): expect(LOGIN, FORBIDDEN, 404, 404, 404),
    # No account: the walk's token is not a signed link, so everyone gets the 404 page.
    ("verification.answer", "GET"): expect(404, 404, 404, 404, 404),
    ("verification.answer", "POST"): expect(404, 404, 404, 404, 404),
    ("verification_admin.outbox", "GET"): EDITORS,
    # The walk names a message that does not exist.
    ("verification_admin.outbox_message", "GET"): expect(LOGIN, FORBIDDEN, 404, 404, 404),
    ("verification_admin.due", "GET"): EDITORS,
    ("contacts.edit_row_contact", "GET"): EDITORS,
    # The walk's empty form is refused with its message (400) once past the gate.
    ("contacts.edit_row_contact", "POST"): expect(LOGIN, FORBIDDEN, 400, 400, 400),
    ("contacts.edit_intervention_contact", "GET"): DEFINITIONS,
    ("contacts.edit_intervention_contact", "POST"): expect(LOGIN, FORBIDDEN, FORBIDDEN, 400, 400),
}


def _routes() -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route of the app, read from a throwaway app."""
    with tempfile.TemporaryDirectory() as folder:
        application = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": f"sqlite:///{folder}/routes.db",
                "SEARCH_INDEX_DIR": f"{folder}/index",
                "SEARCH_SYNC_ON_START": False,
            }
        )
        found = [
            (rule.endpoint, method, rule.rule)
            for rule in application.url_map.iter_rules()
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
            if rule.endpoint != "static"
        ]
        application.extensions["db_engine"].dispose()
    return sorted(found)


ROUTES = _routes()
TABLED = [r for r in ROUTES if (r[0], r[1]) in EXPECTED]
OTHERS = [r for r in ROUTES if (r[0], r[1]) not in EXPECTED and r[1] == "GET"]


@pytest.fixture(scope="module")
def walk_app(database_urls: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One app for the whole walk: an intervention offered in London and a user per role.

    Built once per module (the walk makes ~900 requests); requests that change state
    (confirming, disabling the target user) leave the walk's assumptions true.
    """
    application = make_app(database_urls["work"], tmp_path_factory.mktemp("walk") / "index")
    with application.extensions["db_sessionmaker"]() as session:
        load_reference_data(session)
        walk, users = build_world(session)
        with application.app_context():
            search.sync(session)
    yield application, walk, users
    empty_database(application)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method", "rule"), TABLED)
def test_route_answers_each_role_as_the_table_says(
    walk_app: Any, endpoint: str, method: str, rule: str, role: str
) -> None:
    app, walk, users = walk_app
    client = signed_in_client(app, users, role)
    response = call(client, app, method, endpoint, walk.url_values(endpoint, rule_arguments(rule)))
    expected = EXPECTED[(endpoint, method)][role]
    assert outcome(response) == expected, f"{method} {rule} as {role}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method", "rule"), OTHERS)
def test_other_routes_never_fail_and_admin_ones_refuse_anonymous(
    walk_app: Any, endpoint: str, method: str, rule: str, role: str
) -> None:
    app, walk, users = walk_app
    client = signed_in_client(app, users, role)
    response = call(client, app, method, endpoint, walk.url_values(endpoint, rule_arguments(rule)))
    assert response.status_code < 500, f"{method} {rule} as {role}"
    if role == "anonymous" and rule.startswith("/admin"):
        assert outcome(response) in (LOGIN, FORBIDDEN, 401), f"{rule} answered anonymous"


def test_every_route_is_in_the_table() -> None:
    assert {(e, m) for e, m, _r in ROUTES} - set(EXPECTED) == set()


def test_every_route_in_the_table_exists() -> None:
    assert set(EXPECTED) - {(e, m) for e, m, _r in ROUTES} == set()
