"""Changing the catalogue: validate, persist, audit and record a revision, commit, re-index.

One module per entity: `interventions`, `availability`, `history` (conflicts and the audit
trail), with the rules in `checks` and the steps every write shares in `recording`.
"""
