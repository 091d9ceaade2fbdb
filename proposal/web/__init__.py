"""The web shell around the proposal engine: saved proposals, screens, API and PDFs."""
