"""Catalogue maintenance for regional interventions teams and administrators."""
