"""The driver shared by the transform passes: expands higher-order declarations (`mlax.grad`,
`mlax.vjp`, `mlax.jvp`, `mlax.vmap`) by giving each a body, callees first, so transforms of
transforms (grad of grad, vmap of grad, grad of vmap) are one pass run to a fixed point.

An expander is `fn(decl_op, params, funcs)`: it fills the declaration's entry block (already
added, with the insertion point and location set) and returns the values to return.
`mlax-autodiff` and `mlax-batch` expand their own kinds; `mlax-transforms` expands them all.
"""
from __future__ import annotations

from mlir import ir
from mlir.dialects import func

from ..dialect import builders as B
from ..dialect.ir import aval_of_type, tensor_type
from .registry import PassError, register
from .verify import declared_op, read_params, resolver
from .walk import PREFIX, functions, signature

EXPANDERS: dict = {}            # op name -> expander
# Custom derivative rules: transforms read them through the calls; what remains is
# expanded last, into a call of the primal function.
CUSTOM = ("custom_jvp", "custom_vjp")
CONTROL_FLOW = ("scan", "while", "cond")


def callee_name(op: ir.Operation) -> str:
    return ir.FlatSymbolRefAttr(op.attributes["callee"]).value


def _reachable(name: str, funcs: dict, seen=None) -> set:
    """Functions reachable from `name` through func.call and transform callees."""
    seen = set() if seen is None else seen
    if name in seen or name not in funcs:
        return seen
    seen.add(name)
    f = funcs[name]
    found = declared_op(f)
    if found is not None:
        for key in ("callee", "body", "cond", "jvp", "fwd", "bwd"):
            if key in found[1]:
                _reachable(ir.FlatSymbolRefAttr(found[1][key]).value, funcs, seen)
    for block in f.regions[0].blocks:
        for op in block.operations:
            if op.operation.name == "func.call":
                _reachable(callee_name(op.operation), funcs, seen)
    return seen


def _pending(module: ir.Operation):
    funcs = functions(module)
    pending = {}
    for name, f in funcs.items():
        found = declared_op(f)
        if found is not None and found[0].name in EXPANDERS:
            pending[name] = found
    return funcs, pending


def expand(module: ir.Operation, kinds):
    """Expands the declarations of `kinds` whose callees reach no unexpanded transform,
    round after round: expanding one may declare new ones (transforms of loop bodies)."""
    checked = set()
    while True:
        funcs, pending = _pending(module)
        resolve = resolver(module)
        for name, (opdef, attrs) in pending.items():
            if name not in checked and name in _reachable(
                    ir.FlatSymbolRefAttr(attrs["callee"]).value, funcs):
                raise PassError(f"@{name}: its transform reaches itself (recursive functions "
                                "cannot be transformed)", funcs[name].location)
            checked.add(name)
        blocking = {n for n, (opdef, _) in pending.items() if opdef.name not in CUSTOM}
        ready = [n for n, (opdef, _) in pending.items() if opdef.name in kinds
                 and not (_reachable(n, funcs) - {n}) & blocking
                 and (opdef.name not in CUSTOM or not blocking)]
        if not ready:
            return
        for name in ready:
            opdef, attrs = pending[name]
            decl = funcs[name]
            params = read_params(attrs, opdef, resolve)
            if not len(funcs[params["callee"].name].regions[0].blocks):
                raise PassError(f"@{params['callee'].name} has no body to transform",
                                decl.location)
            with decl.location:
                block = decl.opview.add_entry_block()
            with ir.InsertionPoint(block), decl.location:
                func.ReturnOp(EXPANDERS[opdef.name](decl, list(block.arguments), params, funcs))
            del decl.attributes[PREFIX + opdef.name]


def emit_call(sig, operands) -> list:
    """Emits `func.call` of the function `sig` (a FuncSig) at the insertion point."""
    return list(func.CallOp([tensor_type(a) for a in sig.outputs], sig.name, operands).results)


def call_again(call_op: ir.Operation, operands) -> list:
    """Emits a copy of the call `call_op` with other operands."""
    return list(func.CallOp([r.type for r in call_op.results], callee_name(call_op),
                            operands).results)


def _new_symbol(near: ir.Operation, base: str):
    """(the module holding `near`, a function name not yet used in it)."""
    module = near
    while module.name != "builtin.module":
        module = module.parent
    names = set(functions(module))
    name, i = base, 0
    while name in names:
        i += 1
        name = f"{base}_{i}"
    return module, name


def declare(near: ir.Operation, base: str, opname: str, inputs, **params):
    """Declares a higher-order op (a new `func.func private`) in the module holding `near`;
    returns its FuncSig. Transforms of control flow use it to transform loop bodies."""
    module, name = _new_symbol(near, base)
    with ir.InsertionPoint(module.regions[0].blocks[0]), near.location:
        builder = getattr(B, B.python_name(opname))
        return builder(name, list(inputs), **params)


def define(near: ir.Operation, base: str, inputs, build):
    """Adds a private function of `inputs` (avals) whose body is build(arguments) ->
    results, emitted by the builders; returns its FuncSig."""
    module, name = _new_symbol(near, base)
    with ir.InsertionPoint(module.regions[0].blocks[0]), near.location:
        ftype = ir.FunctionType.get([tensor_type(a) for a in inputs], [])
        f = func.FuncOp(name, ftype, visibility="private")
        block = f.add_entry_block()
        with ir.InsertionPoint(block):
            outs = build(list(block.arguments))
            func.ReturnOp(outs)
        f.attributes["function_type"] = ir.TypeAttr.get(
            ir.FunctionType.get(list(ftype.inputs), [v.type for v in outs]))
    return signature(f.operation)


def outline(func_op: ir.Operation, ops: list, results: list, name: str, attr: str, value,
            at: ir.Operation) -> list:
    """Copies `ops` (of func_op's body, in program order) into a new private function `name`
    marked `attr = value`, returning `results`; calls it before `at` and returns the call's
    results. The copied ops stay where they were (their users decide their fate)."""
    inside = {r for op in ops for r in op.results}
    live_in = []
    for op in ops:
        for v in op.operands:
            if v not in inside and v not in live_in:
                live_in.append(v)

    def build(args):
        env = dict(zip(live_in, args))
        for op in ops:
            env.update(zip(op.results, copy_op(op, [env[v] for v in op.operands]).results))
        return [env[v] for v in results]
    sig = define(func_op, name, [aval_of_type(v.type) for v in live_in], build)
    module, _ = _new_symbol(func_op, name)
    functions(module)[sig.name].attributes[attr] = value
    with ir.InsertionPoint(at), at.location:
        return emit_call(sig, live_in)


def custom_rule(f: ir.Operation):
    """(kind, its dictionary of symbol names) of a custom_jvp/custom_vjp declaration."""
    found = declared_op(f)
    if found is None or found[0].name not in CUSTOM:
        return None
    return found[0].name, {k: ir.FlatSymbolRefAttr(found[1][k]).value
                           for k in ("callee", "jvp", "fwd", "bwd") if k in found[1]}


def inline_body(f: ir.Operation, inputs, funcs: dict, visit, env=None, custom=None,
                control=None):
    """Copies f's body at the insertion point with `inputs` for its arguments, inlining
    calls of defined functions; visit(op, operands) copies each mlax op (returning its
    results) and may do more. A call of a custom-rule declaration goes to
    custom(kind, symbols, operands, call_op) -> results; by default the primal function is
    inlined. A call of a control-flow declaration goes to control(kind, params, operands,
    call_op) -> results, params with FuncSigs for symbols. Returns f's results."""
    body = f.regions[0].blocks[0]
    env = {} if env is None else env
    env.update(zip(body.arguments, inputs))
    for op in body.operations:
        op = op.operation
        if op.name == "func.return":
            return [env[v] for v in op.operands]
        if op.name == "func.call":
            callee = funcs[callee_name(op)]
            rule = custom_rule(callee) if not len(callee.regions[0].blocks) else None
            if rule is not None:
                operands = [env[v] for v in op.operands]
                if custom is not None:
                    results = custom(rule[0], rule[1], operands, op)
                else:
                    results = inline_body(funcs[rule[1]["callee"]], operands, funcs, visit)
                env.update(zip(op.results, results))
                continue
            found = declared_op(callee) if not len(callee.regions[0].blocks) else None
            if found is not None and control is not None and found[0].name in CONTROL_FLOW:
                params = read_params(found[1], found[0],
                                     lambda name: signature(funcs[name]))
                results = control(found[0].name, params, [env[v] for v in op.operands], op)
                env.update(zip(op.results, results))
                continue
            if not len(callee.regions[0].blocks):
                what = f"'{found[0].full_name}' (control flow)" if found else \
                    f"@{callee_name(op)}, a declaration without a body,"
                raise PassError(f"{what} cannot be differentiated or batched yet",
                                op.location)
            env.update(zip(op.results, inline_body(callee, [env[v] for v in op.operands],
                                                   funcs, visit, custom=custom,
                                                   control=control)))
            continue
        if not op.name.startswith(PREFIX):
            raise PassError(f"'{op.name}' cannot be transformed (not an mlax op)", op.location)
        env.update(zip(op.results, visit(op, [env[v] for v in op.operands])))
    raise PassError("function without a return", f.location)


def copy_op(op: ir.Operation, operands) -> ir.Operation:
    attrs = {name: op.attributes[name] for name in op.attributes}
    return ir.Operation.create(op.name, results=[r.type for r in op.results],
                               operands=list(operands), attributes=attrs, loc=op.location)


def _call_primal(decl, args, params, funcs):
    return emit_call(params["callee"], args)


EXPANDERS.update(custom_jvp=_call_primal, custom_vjp=_call_primal)


@register("mlax-transforms", "Expand every transform declaration (grad, jvp, vjp, vmap), "
          "callees first, to a fixed point")
def transforms(module: ir.Operation):
    expand(module, set(EXPANDERS))
    leftover = [n for n, f in functions(module).items()
                if (found := declared_op(f)) is not None and found[0].name in EXPANDERS]
    if leftover:
        raise PassError(f"could not expand @{leftover[0]}", functions(module)[leftover[0]].location)
