"""Benchmarks: synthetic catalogues, timings in-process and over HTTP, docs/benchmarks.md."""
