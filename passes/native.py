"""Native CPU code: the ops that upstream MLIR can compile are moved into functions of their
own (`mlax-outline-native`), which are written as linalg-on-tensors (`mlax-native-to-linalg`,
native_emit.py) and compiled by upstream passes to the LLVM dialect (NATIVE_PIPELINE); the
runtime JITs that into machine code (runtime/native.py). What stays outside runs as numpy
kernels, so a program mixes both freely.

What goes native: every run of consecutive ops with native rules, when it holds a loop or
branch (whose bodies are then compiled whole: no Python per iteration) or enough elementwise
work to beat numpy's one-pass-per-op. Large matrix products stay with numpy's BLAS.
"""
from __future__ import annotations

from mlir import ir

from ..dialect.ir import aval_of_type
from .native_emit import CONTROL_FLOW, native_op, write_native_function
from .native_rules import NATIVE_DTYPES
from .registry import PassError, register
from .transforms import outline
from .verify import declared_op, read_params
from .walk import NATIVE_ATTR, PREFIX, functions, symbol_name


# linalg on tensors -> LLVM dialect. Elementwise producers fuse into their consumers; tensors
# bufferize with the results written straight into the caller's buffers.
NATIVE_PIPELINE = (
    # no cse before bufferization: two reductions would share one filled start value, and
    # empty-tensor elimination would then compute both in one result's buffer
    "func.func(canonicalize, linalg-fuse-elementwise-ops, canonicalize)",
    "eliminate-empty-tensors", "one-shot-bufferize",
    "func.func(buffer-hoisting, buffer-loop-hoisting)",
    "buffer-deallocation-pipeline",
    "func.func(convert-linalg-to-loops, canonicalize, cse, loop-invariant-code-motion)",
    "convert-scf-to-cf", "expand-strided-metadata", "lower-affine",
    "finalize-memref-to-llvm", "convert-math-to-llvm", "convert-math-to-libm",
    "convert-arith-to-llvm", "convert-index-to-llvm", "convert-cf-to-llvm",
    "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1}", "reconcile-unrealized-casts",
)

# Below these sizes numpy's kernels win: the native call costs a few microseconds.
MIN_ELEMENTS = 4096
MIN_OPS = 2                        # a lone op: numpy's kernel is already one pass
MAX_NATIVE_MATMUL = 1 << 16        # multiply-adds of a dot_general left to native code


def is_native(func_op: ir.Operation) -> bool:
    return NATIVE_ATTR in func_op.attributes


class _Support:
    """Which ops and functions can be written natively (memoized per function)."""

    def __init__(self, funcs: dict):
        self.funcs, self.memo = funcs, {}

    def function(self, name: str) -> bool:
        if name not in self.memo:
            self.memo[name] = False                  # recursion guard
            f = self.funcs.get(name)
            ok = f is not None and len(f.regions[0].blocks) > 0 and declared_op(f) is None
            if ok:
                ops = list(f.regions[0].blocks[0].operations)
                ok = all(self.op(o.operation, top=False) for o in ops[:-1])
            self.memo[name] = ok
        return self.memo[name]

    def op(self, op: ir.Operation, top: bool = True) -> bool:
        if op.name.startswith(PREFIX):
            if not native_op(op):
                return False
            if top and op.name == "mlax.dot_general":
                return _multiply_adds(op) <= MAX_NATIVE_MATMUL
            return True
        if op.name != "func.call":
            return False
        callee = self.funcs.get(ir.FlatSymbolRefAttr(op.attributes["callee"]).value)
        if callee is None:
            return False
        found = declared_op(callee)
        if found is None:
            return self.function(symbol_name(callee))
        if found[0].name not in CONTROL_FLOW:
            return False
        if any(aval_of_type(v.type).dtype not in NATIVE_DTYPES or 0 in aval_of_type(v.type).shape
               for v in [*op.operands, *op.results]):
            return False
        params = read_params(found[1], found[0], resolve=lambda name: name)
        bodies = [*params.get("branches", ())] + [params[k] for k in ("body", "cond") if k in params]
        return all(self.function(b) for b in bodies)


def _multiply_adds(op: ir.Operation) -> int:
    out = aval_of_type(op.results[0].type)
    lhs = aval_of_type(op.operands[0].type)
    contract = ir.DenseI64ArrayAttr(op.attributes["lhs_contracting_dimensions"])
    k = 1
    for d in contract:
        k *= lhs.shape[d]
    return out.size * k


def _worth_it(run: list) -> bool:
    if any(op.name == "func.call" for op in run):          # a loop or branch
        return True
    work = [op for op in run if op.name not in ("mlax.constant", "mlax.reshape")]
    biggest = max((aval_of_type(r.type).size for op in run for r in op.results), default=0)
    return len(work) >= MIN_OPS and biggest >= MIN_ELEMENTS


def _outline(run: list, func_op: ir.Operation, index: int) -> None:
    """Moves `run` (consecutive ops of func_op's body) into a new native function, called
    in their place."""
    ops_after, after = set(), False
    for op in func_op.regions[0].blocks[0].operations:
        op = op.operation
        if op == run[-1]:
            after = True
        elif after:
            ops_after.add(op)
    live_out = [r for op in run for r in op.results
                if any(u.owner in ops_after for u in r.uses)]
    if not live_out:
        return
    outs = outline(func_op, run, live_out, f"{symbol_name(func_op)}_native{index}",
                   NATIVE_ATTR, ir.UnitAttr.get(), at=run[0])
    for old, new in zip(live_out, outs):
        old.replace_all_uses_with(new)
    for op in reversed(run):
        op.erase()


@register("mlax-outline-native", "Move runs of ops that compile natively into functions "
          "marked mlax.native (loops and branches whole)")
def outline_native(module: ir.Operation):
    funcs = functions(module)
    support = _Support(funcs)
    seen: set = set()
    roots = [n for n, f in funcs.items() if "sym_visibility" not in f.attributes
             or ir.StringAttr(f.attributes["sym_visibility"]).value != "private"]

    def visit(name: str):
        f = funcs.get(name)
        if name in seen or f is None or is_native(f) or not len(f.regions[0].blocks):
            return
        seen.add(name)
        runs, run = [], []
        for op in f.regions[0].blocks[0].operations:
            op = op.operation
            if op.name != "func.return" and support.op(op):
                run.append(op)
                continue
            if run:
                runs.append(run)
                run = []
            if op.name == "func.call":          # Python-side calls: their callees may have runs
                callee = funcs.get(ir.FlatSymbolRefAttr(op.attributes["callee"]).value)
                found = declared_op(callee) if callee is not None else None
                if found is None and callee is not None:
                    visit(symbol_name(callee))
                elif found is not None:
                    params = read_params(found[1], found[0], resolve=lambda n: n)
                    for key, value in params.items():
                        for b in (value if key == "branches" else [value]
                                  if key in ("body", "cond") else []):
                            visit(b)
        for k, run in enumerate(r for r in runs if _worth_it(r)):
            _outline(run, f, k)

    for name in roots:
        visit(name)


def native_module_text(module: ir.Operation) -> str:
    """The mlax.native functions of `module`, written over memrefs in upstream dialects."""
    funcs = functions(module)
    return "module {\n" + "".join(write_native_function(name, f, funcs)
                                  for name, f in funcs.items() if is_native(f)) + "}\n"


def _replace_body(module: ir.Operation, text: str):
    new = ir.Module.parse(text, context=module.context)
    body = module.regions[0].blocks[0]
    for op in list(body.operations):
        op.operation.erase()
    for op in list(new.body.operations):
        body.append(op.operation)


@register("mlax-native-to-linalg", "Replace the module by its mlax.native functions written "
          "in linalg, tensor, arith, math and scf (over memref arguments)")
def native_to_linalg(module: ir.Operation):
    try:
        text = native_module_text(module)
    except KeyError as e:
        raise PassError(f"no native rule for {e}", module.location) from None
    _replace_body(module, text)


def compile_native(module: ir.Operation) -> str:
    """The LLVM-dialect text of `module`'s native functions ('' when it has none)."""
    from .pipeline import run_pipeline
    funcs = functions(module)
    if not any(is_native(f) for f in funcs.values()):
        return ""
    lowered = ir.Module.parse(native_module_text(module), context=module.context)
    run_pipeline(lowered.operation, list(NATIVE_PIPELINE))
    return str(lowered)
