"""The `mlax` MLIR dialect: op table (rules.py), IRDL (irdl.py), builders (builders.py).

Importing this package does not import MLIR; `mlax.dialect.context()` and the builders do.
"""
from . import dtypes
from .rules import OPS, Aval, FuncSig, OpDef, RuleError, infer

__all__ = ["OPS", "Aval", "FuncSig", "OpDef", "RuleError", "infer", "dtypes", "context"]


def context():
    """A new MLIR context with the mlax dialect loaded (see mlax.dialect.ir)."""
    from .ir import new_context
    return new_context()
