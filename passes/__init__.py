"""Every transformation of mlax IR, each a named pass in one registry (registry.py)."""
from . import (autodiff, batching, canonicalize, fusion, inline, native,  # noqa: F401
               simplify, transforms, verify)
from .pipeline import COMPILE_PIPELINE, pass_manager, run_pipeline
from .registry import PASSES, PassError, register

__all__ = ["COMPILE_PIPELINE", "PASSES", "PassError", "register", "pass_manager", "run_pipeline"]
