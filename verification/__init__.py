"""Verification: ask providers whether their availability rows are still accurate, chase
them on a schedule, deliver the messages through an outbox, and record their answers."""
