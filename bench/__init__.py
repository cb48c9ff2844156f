"""Benchmarks: `make bench` runs them all and writes their figures into docs/performance.md."""
