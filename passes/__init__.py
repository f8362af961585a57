"""Every transformation of mlax IR, each a named pass in one registry (registry.py)."""
from . import canonicalize, simplify, verify  # noqa: F401  (registers the passes)
from .pipeline import pass_manager, run_pipeline
from .registry import PASSES, PassError, register

__all__ = ["PASSES", "PassError", "register", "pass_manager", "run_pipeline"]
