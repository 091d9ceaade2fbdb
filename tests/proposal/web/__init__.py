"""Tests of the proposal web shell: screens, API and PDFs."""
