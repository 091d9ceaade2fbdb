"""The shared kernel every feature package imports: database, audit log, roles and dates."""
