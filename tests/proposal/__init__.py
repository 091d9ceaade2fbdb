"""Tests of the pure proposal core."""
