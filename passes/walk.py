"""Small helpers over the Python bindings' IR, shared by the passes."""
from __future__ import annotations

from mlir import ir

from ..dialect import FuncSig
from ..dialect.ir import aval_of_type

PREFIX = "mlax."
NATIVE_ATTR = "mlax.native"     # marks a function outlined for native code (passes/native.py)
KERNEL_ATTR = "mlax.kernel"     # names the GPU kernel kind of a fused function (passes/fusion.py)


def blocks(op: ir.Operation):
    """Every block nested in op, outer blocks first (each block, then those inside its ops,
    then its next sibling). A stack rather than recursion: IR may nest thousands deep."""
    pending = [_own_blocks(op)]
    while pending:
        block = next(pending[-1], None)
        if block is None:
            pending.pop()
            continue
        yield block
        pending.append(b for inner in block.operations for b in _own_blocks(inner.operation))


def _own_blocks(op: ir.Operation):
    return (block for region in op.regions for block in region.blocks)


def operations(op: ir.Operation):
    """Every operation nested in op (pre-order)."""
    for block in blocks(op):
        for inner in block.operations:
            yield inner.operation


def is_mlax(op: ir.Operation) -> bool:
    return op.name.startswith(PREFIX)


def has_uses(op: ir.Operation) -> bool:
    return any(True for r in op.results for _ in r.uses)


def functions(module: ir.Operation) -> dict:
    """name -> func.func operation, for the module's top level."""
    out = {}
    for op in module.regions[0].blocks[0].operations:
        op = op.operation
        if op.name == "func.func":
            out[symbol_name(op)] = op
    return out


def symbol_name(func_op: ir.Operation) -> str:
    return ir.StringAttr(func_op.attributes["sym_name"]).value


def signature(func_op: ir.Operation) -> FuncSig:
    """The FuncSig of a func.func; RuleError if a type is not a static tensor of ours."""
    ftype = ir.FunctionType(ir.TypeAttr(func_op.attributes["function_type"]).value)
    return FuncSig(symbol_name(func_op), tuple(aval_of_type(t) for t in ftype.inputs),
                   tuple(aval_of_type(t) for t in ftype.results))
