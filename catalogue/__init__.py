"""The RAR interventions directory: catalogue model, search, pages and read API."""
