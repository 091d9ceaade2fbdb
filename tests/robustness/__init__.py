"""Bad input and faults: zero 500s, index and database failures, killed processes."""
