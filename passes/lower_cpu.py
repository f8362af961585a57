"""Lowering to a plan: the last stage, from an mlax module to an Executable (plain data,
runtime/executable.py). Each mlax op becomes a kernel step, constants become bound arrays,
func.call of a defined function becomes a call step, a call of an mlax.native function a
native step (its machine code compiled from the module's native functions), and a call of
an mlax.kernel function (after mlax-fuse, for the GPU) a kernel step naming its Triton
kernel, whose source the executable carries.

Anything the CPU backend cannot run is reported at its location: an upstream op, or a
higher-order declaration that no pass has expanded yet.
"""
from __future__ import annotations

from mlir import ir

from ..dialect import OPS
from ..dialect.ir import aval_of_type, elements_value, where
from ..runtime.executable import Executable, Function, Step
from ..runtime.kernels import KERNELS
from .fusion import is_kernel
from .native import compile_native, is_native
from .registry import PassError
from .verify import declared_op, op_params, read_params
from .walk import PREFIX, functions


def lower(module: ir.Operation, entry: str = "main") -> Executable:
    funcs = functions(module)
    if entry not in funcs:
        raise PassError(f"no function @{entry} to lower", module.location)
    out: dict = {}
    called: set = set()                     # the GPU kernels the functions launch
    _lower_function(entry, funcs, out, called)
    kernels = {}
    if called:
        from .triton_emit import write_kernel
        kernels = {name: write_kernel(funcs[name]).to_dict() for name in sorted(called)}
    return Executable(entry, out, compile_native(module), kernels)


CONTROL_FLOW = ("scan", "while", "cond")


def _control_flow(found, funcs: dict, out: dict, called: set, call: ir.Operation):
    """A control-flow declaration becomes a step of that name; its body functions are
    lowered too and named in the params (with the result types, for empty loops)."""
    opdef, attrs = found
    params = read_params(attrs, opdef, resolve=lambda name: name)
    for key, value in params.items():
        for name in (value if key == "branches" else [value] if key in ("body", "cond") else []):
            _lower_function(name, funcs, out, called)
    params["result_types"] = _types(call)
    return opdef.name, params


def _types(call: ir.Operation) -> list:
    return [[list(a.shape), a.dtype] for a in (aval_of_type(r.type) for r in call.results)]


def _lower_function(name: str, funcs: dict, out: dict, called: set):
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
            found = declared_op(funcs[callee]) if callee in funcs else None
            if found is not None and found[0].name in CONTROL_FLOW:
                kernel, attrs = _control_flow(found, funcs, out, called, op)
            elif callee in funcs and is_kernel(funcs[callee]):
                called.add(callee)              # launched from its Triton source: no plan
                kernel, attrs = "kernel", {"symbol": callee, "result_types": _types(op)}
            elif callee in funcs and is_native(funcs[callee]):
                _lower_function(callee, funcs, out, called)  # the plan where MLIR is missing
                kernel, attrs = "native", {"symbol": callee, "result_types": _types(op)}
            else:
                _lower_function(callee, funcs, out, called)
                kernel, attrs = "call", {"callee": callee}
            steps.append(Step(kernel, tuple(slot(v) for v in op.operands),
                              tuple(slot(r) for r in op.results), attrs, where(op.location)))
        elif op.name == "func.return":
            results = tuple(slot(v) for v in op.operands)
        else:
            raise PassError(f"'{op.name}' cannot be lowered to the CPU backend", op.location)
    types = tuple((a.shape, a.dtype) for a in (aval_of_type(v.type) for v in block.arguments))
    out[name] = Function(name, params, results, steps, constants, types)
