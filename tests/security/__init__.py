"""Security promises of issue 6: CSRF, headers, cookies, rate limits, inert text, PDF isolation."""
