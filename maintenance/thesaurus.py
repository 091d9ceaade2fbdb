"""The search thesaurus for national editors: every entry, adding one, removing one.

Each change is validated, audited and moves the catalogue revision, so search everywhere
picks it up through the same sync as a catalogue edit (catalogue/thesaurus.py).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from catalogue import queries, thesaurus
from core import db
from maintenance.access import actor, require_definitions, require_editor
from maintenance.editing import attach_errors
from maintenance.services.recording import reindex
from web.text import CheckedForm

bp = Blueprint("thesaurus", __name__, url_prefix="/admin/thesaurus")


@bp.before_request
def national_editors_only() -> Response | None:
    """Signed in as a national interventions editor or an administrator."""
    refused = require_editor()
    if refused is None:
        require_definitions()
    return refused


class TermForm(CheckedForm):
    """A new entry: the word people type and what search should also look for."""

    term = StringField(
        "Word or phrase people type",
        validators=[InputRequired("Enter the word or phrase people type"), Length(max=80)],
    )
    needs = SelectMultipleField(
        "Need areas it points to",
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    search_terms = StringField("Also search for", validators=[Length(max=400)])


class RemoveForm(CheckedForm):
    """Remove an entry: the reason is kept in the audit trail."""

    reason = TextAreaField(
        "Why remove it?", validators=[InputRequired("Enter the reason"), Length(max=500)]
    )


def _term_form() -> TermForm:
    form = TermForm()
    form.needs.choices = [(n.slug, n.label) for n in queries.needs(db.session())]
    return form


@bp.route("/", methods=["GET", "POST"])
def list_terms() -> str | Response:
    """Every entry, and a form to add one."""
    session = db.session()
    form = _term_form()
    if form.validate_on_submit():
        try:
            values = thesaurus.check_term(
                form.term.data or "",
                form.needs.data or [],
                thesaurus.split_list(form.search_terms.data or ""),
                "editor",
                thesaurus.need_slugs(session),
            )
            thesaurus.add_term(session, values, actor())
        except thesaurus.ThesaurusError as exc:
            attach_errors(form, exc.errors)
        else:
            reindex(session)
            flash(f"“{values.term}” has been added: search now understands it.", "success")
            return redirect(url_for(".list_terms"))
    labels = dict(form.needs.choices)  # type: ignore[arg-type]
    return render_template(
        "maintenance/thesaurus.html", form=form, terms=thesaurus.all_terms(session), labels=labels
    )


@bp.route("/<int:term_id>/remove", methods=["GET", "POST"])
def remove_term(term_id: int) -> str | Response:
    """Remove an entry, with a reason."""
    session = db.session()
    entry = session.get(thesaurus.ThesaurusTerm, term_id)
    if entry is None:
        flash("That entry has already been removed.", "info")
        return redirect(url_for(".list_terms"))
    form = RemoveForm()
    if form.validate_on_submit():
        removed = thesaurus.remove_term(session, term_id, actor(), form.reason.data or "")
        reindex(session)
        flash(f"“{removed}” has been removed from the thesaurus.", "success")
        return redirect(url_for(".list_terms"))
    return render_template("maintenance/thesaurus_remove.html", form=form, entry=entry)
