"""The court-day screens: the one-page proposal form, a saved proposal, its PDFs, OGRS3."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from accounts.auth import role_required
from core import db
from core.versions import VersionConflict
from proposal import ogrs3, ogrs4
from proposal.policy import Policy, band_for_score, banding_for
from proposal.types import ValidationError
from proposal.web import (
    checking,
    documents,
    drafts,
    ogrs4_page,
    outcomes,
    recalculating,
    recommending,
    services,
)
from proposal.web.catalogue_facts import load_geography
from proposal.web.filenames import pdf_filename
from proposal.web.forms import (
    FinaliseForm,
    Ogrs3Form,
    OverrideForm,
    ProposalForm,
    RationaleForm,
    attach_errors,
    court_options,
    version_of,
)
from proposal.web.inputs import body_from_form
from proposal.web.models import Proposal
from proposal.web.ogrs4_page import Ogrs4Form
from proposal.web.services import FinaliseRefused, ProposalLocked
from proposal.web.since_saved import changed_since_saved, changes_of
from web.loading import found_or_404

bp = Blueprint("proposal", __name__)
OFFICERS = ("court-officer", "admin")
LOCKED = "This proposal is final: it can no longer be changed."
CONFLICT = (
    "This proposal changed since you opened it. Its current state is shown; what you typed "
    "is kept in the form: check it and submit again."
)
CONFLICT_CHECK = (
    "This proposal changed since you opened this page: its answers as they are now are "
    "shown. Check them again, then finalise."
)
Page = str | Response | tuple[str, int]


@bp.after_request
def no_store(response: Response) -> Response:
    """Proposals hold personal data: browsers and proxies must not keep copies."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _policy() -> Policy:
    return recommending.policy_for(int(current_app.config["STALE_AFTER_DAYS"]))


@bp.route("/proposals/new", methods=["GET", "POST"])
@role_required(*OFFICERS)
def new_proposal() -> Page:
    """The one-page form; saving it runs the engine and opens the draft."""
    form = _proposal_form()
    if not form.is_submitted():
        form.court.data, form.hearing_date.data = current_user.last_court_slug, date.today()
    return _save_or_show(form)


def _proposal_form(**values: Any) -> ProposalForm:
    form = ProposalForm(**values)
    form.court.choices = court_options(load_geography(db.session()).courts.values())
    return form


def _save_or_show(form: ProposalForm, source: Proposal | None = None) -> Page:
    """Save the form as a new draft (noting the proposal it copies), or show it with errors."""
    session = db.session()
    if form.validate_on_submit():
        body = body_from_form(form.data)
        try:
            proposal = services.propose(session, current_user, body, datetime.now(), _policy())
        except ValidationError as exc:
            session.rollback()
            form.apply_errors(exc.errors)
        else:
            if source is not None:
                drafts.record_copy(session, proposal, source, current_user.email)
            return redirect(url_for(".view_proposal", id=proposal.id))
    offence = ogrs4_page.offence_for(form.ogrs4_offence_code.data)
    return render_template("proposal/new.html", form=form, source=source, offence=offence)


@bp.get("/proposals")
@role_required(*OFFICERS)
def my_proposals() -> str:
    """The signed-in officer's own proposals, newest first."""
    session = db.session()
    proposals = services.proposals_of(session, current_user)
    names = {slug: place.court_name for slug, place in load_geography(session).courts.items()}
    recorded = outcomes.outcomes_for(session, [p.id for p in proposals])
    changes = changes_of(session, proposals, date.today(), _policy().stale_after_days)
    return render_template(
        "proposal/list.html",
        proposals=proposals,
        court_names=names,
        outcomes=recorded,
        changes=changes,
    )


@bp.get("/proposals/<uuid:id>")
@role_required(*OFFICERS)
def view_proposal(id: uuid.UUID) -> Page:
    """The result, the editable rationale and days, finalising, preview and downloads."""
    return _show(_proposal_or_404(id))


@bp.post("/proposals/<uuid:id>/rationale")
@role_required(*OFFICERS)
def update_rationale(id: uuid.UUID) -> Page:
    """Save the officer's own text of the rationale (at most 4,000 characters)."""
    proposal, form = _proposal_or_404(id), RationaleForm()
    return _edit(
        proposal,
        form,
        "rationale_form",
        "Your text is saved.",
        lambda: services.update_rationale(
            db.session(), proposal, form.rationale.data or "", version_of(form)
        ),
    )


@bp.post("/proposals/<uuid:id>/days")
@role_required(*OFFICERS)
def override_days(id: uuid.UUID) -> Page:
    """Replace the recommended days with the officer's, with a reason (both are kept)."""
    proposal, form = _proposal_or_404(id), OverrideForm()
    return _edit(
        proposal,
        form,
        "override_form",
        "Number of days changed.",
        lambda: services.override_days(
            db.session(),
            proposal,
            form.days.data,
            form.reason.data or "",
            version_of(form),
            current_user.email,
            _policy(),
        ),
    )


@bp.get("/proposals/<uuid:id>/check")
@role_required(*OFFICERS)
def check_answers(id: uuid.UUID) -> Page:
    """Every answer and the result on one page, then the button that finalises."""
    proposal = _proposal_or_404(id)
    if proposal.status != "draft":
        return redirect(url_for(".view_proposal", id=proposal.id))
    return _check_page(proposal)


@bp.post("/proposals/<uuid:id>/finalise")
@role_required(*OFFICERS)
def finalise(id: uuid.UUID) -> Page:
    """Lock the proposal: after this nothing in it can change. When it cannot be finalised
    yet, the check page says why and where to change it."""
    proposal, form = _proposal_or_404(id), FinaliseForm()
    if proposal.status == "final":
        return _show(proposal, 409, LOCKED)
    try:
        services.finalise(db.session(), proposal, version_of(form), current_user.email)
    except ProposalLocked:
        return _show(proposal, 409, LOCKED)
    except VersionConflict:
        db.session().rollback()
        return _check_page(_proposal_or_404(proposal.id), 409, CONFLICT_CHECK)
    except FinaliseRefused as exc:
        db.session().rollback()
        return _check_page(proposal, 409, exc.reason)
    flash("Proposal finalised: it can no longer be changed.", "success")
    return redirect(url_for(".view_proposal", id=proposal.id))


def _check_page(proposal: Proposal, status: int = 200, problem: str | None = None) -> Page:
    context = documents.document_context(db.session(), proposal)
    form = FinaliseForm(formdata=None)
    form.version.data = proposal.version
    page = render_template(
        "proposal/check.html",
        problem=problem,
        finalise_form=form,
        defendant_rows=checking.defendant_rows(context),
        assessment_rows=checking.assessment_rows(proposal.inputs, proposal.result),
        **context,
    )
    return page, status


@bp.post("/proposals/<uuid:id>/recalculate")
@role_required(*OFFICERS)
def recalculate(id: uuid.UUID) -> Page:
    """Work the result out again with today's catalogue, keeping the officer's text and days."""
    proposal, form = _proposal_or_404(id), FinaliseForm()
    return _edit(
        proposal,
        form,
        "recalculate_form",
        "Recalculated with today's catalogue. The earlier result is kept in the audit.",
        lambda: recalculating.recalculate(
            db.session(),
            proposal,
            None,
            version_of(form),
            current_user.email,
            _policy(),
            datetime.now(),
        ),
    )


@bp.get("/proposals/<uuid:id>/psr.pdf")
@role_required(*OFFICERS)
def psr_pdf(id: uuid.UUID) -> Response:
    """The typed PSR section as a PDF (audited)."""
    return _pdf(_proposal_or_404(id), "psr", documents.psr_pdf)


@bp.get("/proposals/<uuid:id>/defendant.pdf")
@role_required(*OFFICERS)
def defendant_pdf(id: uuid.UUID) -> Response:
    """The one-page sheet for the defendant as a PDF (audited)."""
    return _pdf(_proposal_or_404(id), "defendant", documents.defendant_pdf)


@bp.route("/proposals/<uuid:id>/copy", methods=["GET", "POST"])
@role_required(*OFFICERS)
def copy_proposal(id: uuid.UUID) -> Page:
    """The form filled in with a proposal's answers (for an adjourned hearing): saving it
    makes a new draft and leaves the original as it was."""
    source = _proposal_or_404(id)
    if request.method == "POST":
        return _save_or_show(_proposal_form(), source)
    return _save_or_show(
        _proposal_form(data=drafts.form_values(source.inputs, date.today())), source
    )


@bp.route("/proposals/<uuid:id>/delete", methods=["GET", "POST"])
@role_required(*OFFICERS)
def delete_proposal(id: uuid.UUID) -> Page:
    """Ask, then delete a draft: its audit trail stays, its personal data goes."""
    proposal, form = _proposal_or_404(id), FinaliseForm()
    if proposal.status != "draft":
        return _show(proposal, 409, "Only a draft can be deleted: this proposal is final.")
    if request.method == "GET":
        form.version.data = proposal.version
        return render_template("proposal/delete.html", proposal=proposal, form=form)
    try:  # the CSRF token is checked for every form by CSRFProtect
        drafts.delete_draft(db.session(), proposal, version_of(form), current_user.email)
    except VersionConflict:
        db.session().rollback()
        return _show(_proposal_or_404(proposal.id), 409, CONFLICT)
    flash("Draft deleted. Its history is kept, without the defendant's details.", "success")
    return redirect(url_for(".my_proposals"))


@bp.route("/ogrs3", methods=["GET", "POST"])
def ogrs3_calculator() -> str:
    """The OGRS3 calculator, open to all: percentages, band and every term of the sum."""
    form, result = Ogrs3Form(), None
    if form.validate_on_submit():
        try:
            result = _calculate(form)
        except ValidationError as exc:
            form.apply_errors(exc.errors)
    return render_template("proposal/ogrs3.html", form=form, result=result)


@bp.route("/ogrs4", methods=["GET", "POST"])
def ogrs4_calculator() -> str:
    """The OGRS4/G (and /V) calculator, open to all: scores, bands and every term."""
    form = Ogrs4Form()
    result = ogrs4_page.calculate(form, date.today())
    offence = ogrs4_page.offence_for(form.ogrs4_offence_code.data)
    policy = _policy()
    rar_band = (
        band_for_score(float(result.general.two_year), policy, ogrs4.GENERAL) if result else None
    )
    return render_template(
        "proposal/ogrs4.html",
        form=form,
        result=result,
        offence=offence,
        banding=banding_for(ogrs4.GENERAL, policy),
        rar_band=rar_band,
    )


def _calculate(form: Ogrs3Form) -> ogrs3.Ogrs3Result:
    values = (
        form.age_at_first_sanction.data,
        form.previous_sanctions.data,
        form.offence_category.data,
    )
    if form.age.data is not None:
        return ogrs3.calculate(form.gender.data, form.age.data, *values)
    if form.date_of_birth.data and form.sentence_date.data:
        return ogrs3.calculate_from_dates(
            form.gender.data, form.date_of_birth.data, form.sentence_date.data, *values
        )
    raise ValidationError({"age": "Enter the age, or the date of birth and the sentence date"})


def _proposal_or_404(proposal_id: uuid.UUID) -> Proposal:
    """The proposal, if the signed-in user wrote it or is an administrator; 404 otherwise."""
    return found_or_404(services.proposal_for(db.session(), proposal_id, current_user))


def _show(proposal: Proposal, status: int = 200, problem: str | None = None, **forms: Any) -> Page:
    session = db.session()
    context = documents.document_context(session, proposal)
    context["changes"] = changed_since_saved(
        session, proposal, date.today(), _policy().stale_after_days
    )
    defaults = {
        "rationale_form": RationaleForm(formdata=None, rationale=proposal.rationale),
        "override_form": OverrideForm(formdata=None),
        "finalise_form": FinaliseForm(formdata=None),
        "recalculate_form": FinaliseForm(formdata=None),
    }
    row = outcomes.outcome_of(db.session(), proposal.id)
    context["outcome"] = outcomes.describe(row) if row else None
    for name, form in {**defaults, **forms}.items():
        form.version.data = proposal.version
        context[name] = form
    return render_template("proposal/view.html", problem=problem, **context), status


def _edit(proposal: Proposal, form: Any, name: str, done: str, action: Callable[[], Any]) -> Page:
    """Run an edit of a draft; show the page again with the reason when it cannot be done."""
    if proposal.status == "final":
        return _show(proposal, 409, LOCKED)
    if not form.validate_on_submit():
        return _show(proposal, **{name: form})
    try:
        action()
    except ProposalLocked:
        return _show(proposal, 409, LOCKED)
    except FinaliseRefused as exc:
        db.session().rollback()
        return _show(proposal, 409, exc.reason)
    except VersionConflict:
        db.session().rollback()
        return _show(_proposal_or_404(proposal.id), 409, CONFLICT, **{name: form})
    except ValidationError as exc:
        db.session().rollback()
        attach_errors(form, exc.errors)
        return _show(proposal, **{name: form})
    flash(done, "success")
    return redirect(url_for(".view_proposal", id=proposal.id))


def _pdf(proposal: Proposal, document: str, render: Callable[[dict[str, Any]], bytes]) -> Response:
    session = db.session()
    pdf = render(documents.document_context(session, proposal))
    services.record_download(session, proposal, document, current_user.email)
    reference = str(proposal.inputs["defendant"]["case_reference"])
    filename = pdf_filename(document, reference, proposal.id, proposal.status != "final")
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
