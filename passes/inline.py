"""`mlax-inline`: replaces each func.call of a function that has a body by a copy of that
body, so that simplification sees across the calls that transforms and nested traces leave.
(Upstream `inline` cannot: IRDL dialects have no inliner interface.) Calls of declarations
that no pass has expanded stay. Unused private functions are left to `symbol-dce`."""
from __future__ import annotations

from mlir import ir

from .registry import PassError, register
from .walk import functions


def _callee(op: ir.Operation) -> str:
    return ir.FlatSymbolRefAttr(op.attributes["callee"]).value


def inline_call(call: ir.Operation, callee: ir.Operation):
    """Copies callee's body before `call`, rewires call's results, erases the call."""
    body = callee.regions[0].blocks[0]
    env = dict(zip(body.arguments, call.operands))
    with ir.InsertionPoint(call):
        for op in body.operations:
            op = op.operation
            if op.name == "func.return":
                for old, new in zip(call.results, op.operands):
                    old.replace_all_uses_with(env[new])
                break
            attrs = {name: op.attributes[name] for name in op.attributes}
            copy = ir.Operation.create(op.name, results=[r.type for r in op.results],
                                       operands=[env[v] for v in op.operands],
                                       attributes=attrs, loc=op.location,
                                       regions=len(op.regions))
            if len(op.regions):
                raise PassError(f"cannot inline '{op.name}' (it has regions)", op.location)
            env.update(zip(op.results, copy.results))
    call.erase()


@register("mlax-inline", "Inline every call of a function that has a body")
def inline(module: ir.Operation):
    funcs = functions(module)
    for name, f in funcs.items():
        if not len(f.regions[0].blocks):
            continue
        changed = True
        while changed:                      # inlined bodies may hold further calls
            changed = False
            for op in list(f.regions[0].blocks[0].operations):
                op = op.operation
                if op.name != "func.call":
                    continue
                callee = funcs.get(_callee(op))
                if callee is None or not len(callee.regions[0].blocks):
                    continue
                if _callee(op) == name:
                    raise PassError(f"@{name} calls itself; recursion cannot be inlined",
                                    op.location)
                inline_call(op, callee)
                changed = True
