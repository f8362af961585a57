"""Lowering to the CPU plan: the last stage, from an mlax module to an Executable (plain
data, runtime/executable.py). Each mlax op becomes a kernel step, constants become bound
arrays, func.call of a defined function becomes a call step.

Anything the CPU backend cannot run is reported at its location: an upstream op, or a
higher-order declaration that no pass has expanded yet.
"""
from __future__ import annotations

from mlir import ir

from ..dialect import OPS
from ..dialect.ir import elements_value, where
from ..runtime.executable import Executable, Function, Step
from ..runtime.kernels import KERNELS
from .registry import PassError
from .verify import declared_op, op_params
from .walk import PREFIX, functions


def lower(module: ir.Operation, entry: str = "main") -> Executable:
    funcs = functions(module)
    if entry not in funcs:
        raise PassError(f"no function @{entry} to lower", module.location)
    out: dict = {}
    _lower_function(entry, funcs, out)
    return Executable(entry, out)


def _lower_function(name: str, funcs: dict, out: dict):
    if name in out:
        return
    func_op = funcs[name]
    found = declared_op(func_op)
    if found is not None:
        raise PassError(f"@{name} is an unexpanded '{found[0].full_name}' declaration; "
                        f"its pass must run before lowering", func_op.location)
    if not len(func_op.regions[0].blocks):
        raise PassError(f"@{name} is a declaration without a body", func_op.location)
    out[name] = None                        # placeholder: recursion guard
    block = func_op.regions[0].blocks[0]
    slots: dict = {}

    def slot(value):
        return slots.setdefault(value, len(slots))

    params = tuple(slot(a) for a in block.arguments)
    steps, constants, results = [], {}, ()
    for op in block.operations:
        op = op.operation
        if op.name == "mlax.constant":
            constants[slot(op.results[0])] = elements_value(op.attributes["value"])
        elif op.name.startswith(PREFIX):
            opdef = OPS[op.name[len(PREFIX):]]
            if opdef.name not in KERNELS:
                raise PassError(f"the CPU backend has no kernel for '{op.name}'", op.location)
            steps.append(Step(opdef.name, tuple(slot(v) for v in op.operands),
                              tuple(slot(r) for r in op.results),
                              op_params(op, opdef, resolve=None), where(op.location)))
        elif op.name == "func.call":
            callee = ir.FlatSymbolRefAttr(op.attributes["callee"]).value
            _lower_function(callee, funcs, out)
            steps.append(Step("call", tuple(slot(v) for v in op.operands),
                              tuple(slot(r) for r in op.results), {"callee": callee},
                              where(op.location)))
        elif op.name == "func.return":
            results = tuple(slot(v) for v in op.operands)
        else:
            raise PassError(f"'{op.name}' cannot be lowered to the CPU backend", op.location)
    out[name] = Function(name, params, results, steps, constants)
