"""Command-line tools: mlax-opt (opt.py)."""
