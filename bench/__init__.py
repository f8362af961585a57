"""Benchmark harness comparing mlax with JAX and numpy; see `python -m bench --help`."""
