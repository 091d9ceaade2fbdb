"""Real-browser journeys and accessibility (Playwright driving Debian chromium, axe-core)."""
