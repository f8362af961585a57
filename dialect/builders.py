"""Typed builders for every op of the table: `ops.add(x, y)`, `ops.reshape(x, shape=(2, 3))`.

Generated from rules.OPS, so no call site spells an op name or an attribute by hand. A
builder runs the op's rule first: a bad op raises RuleError and is never created.
Python keywords get a trailing underscore (`ops.and_`, `ops.while_`). Higher-order ops
(rules.py explains) are built as declarations: `ops.grad("g", inputs, callee=sig,
argnums=(0,))` adds `func.func private @g` at the insertion point and returns its FuncSig,
for a func.call to use.
"""
from __future__ import annotations

import inspect
import keyword
import sys

from mlir import ir

from . import rules as R
from .ir import aval_of_type, tensor_type, to_attr


def complete_params(opdef: R.OpDef, params: dict) -> dict:
    """Fills defaults and rejects unknown or missing parameters."""
    known = {p.name for p in opdef.params}
    extra = set(params) - known
    if extra:
        raise R.RuleError(f"{opdef.full_name} has no parameter {', '.join(sorted(extra))}")
    out = {}
    for p in opdef.params:
        if p.name in params:
            out[p.name] = params[p.name]
        elif p.default is not None or p.kind is R.Bool:
            out[p.name] = p.default if p.default is not None else False
        else:
            raise R.RuleError(f"{opdef.full_name} needs parameter '{p.name}'")
    return out


def build(opdef: R.OpDef, operands, params: dict, loc=None, operand_avals=None):
    """Creates the op at the current insertion point; returns its results (a list)."""
    params = complete_params(opdef, params)
    avals = operand_avals or [aval_of_type(v.type) for v in operands]
    results = R.infer(opdef, avals, params)
    attrs = {p.name: to_attr(p.kind, params[p.name]) for p in opdef.attrs}
    op = ir.Operation.create(opdef.full_name, results=[tensor_type(a) for a in results],
                             operands=list(operands), attributes=attrs, loc=loc)
    return list(op.results)


def declare(opdef: R.OpDef, sym_name: str, inputs, params: dict, loc=None) -> R.FuncSig:
    """Adds the declaration `func.func private @sym_name` of a higher-order op."""
    from mlir.dialects import func

    params = complete_params(opdef, params)
    results = R.infer(opdef, list(inputs), params)
    attrs = ir.DictAttr.get({p.name: to_attr(p.kind, params[p.name]) for p in opdef.attrs})
    ftype = ir.FunctionType.get([tensor_type(a) for a in inputs], [tensor_type(a) for a in results])
    f = func.FuncOp(sym_name, ftype, visibility="private", loc=loc)
    f.attributes[opdef.full_name] = attrs
    return R.FuncSig(sym_name, tuple(inputs), tuple(results))


def python_name(opname: str) -> str:
    return opname + "_" if keyword.iskeyword(opname) else opname


def _make_builder(opdef: R.OpDef):
    if opdef.declaration:
        def builder(sym_name, inputs, *, loc=None, **params):
            return declare(opdef, sym_name, inputs, params, loc)
        builder.__name__ = builder.__qualname__ = python_name(opdef.name)
        builder.__doc__ = f"Declares `{opdef.full_name}`: {opdef.summary}"
        return builder

    def builder(*operands, loc=None, **params):
        results = build(opdef, operands, params, loc)
        return results if opdef.variadic_results else results[0]

    builder.__name__ = python_name(opdef.name)
    builder.__qualname__ = builder.__name__
    builder.__doc__ = f"Builds `{opdef.full_name}`: {opdef.summary}"
    sig = inspect.signature(opdef.rule)
    builder.__signature__ = sig.replace(
        parameters=[*sig.parameters.values(),
                    inspect.Parameter("loc", inspect.Parameter.KEYWORD_ONLY, default=None)],
        return_annotation=inspect.Signature.empty)
    return builder


_module = sys.modules[__name__]
for _opdef in R.OPS.values():
    setattr(_module, python_name(_opdef.name), _make_builder(_opdef))
