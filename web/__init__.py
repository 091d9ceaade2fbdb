"""Web plumbing shared by every feature: security headers, error pages, PDF rendering."""
