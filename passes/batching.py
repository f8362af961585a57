"""`mlax-batch`: gives every `mlax.vmap` declaration a body that computes its callee for
every lane at once.

The callee is copied op by op (calls inlined); each value carries the dimension that holds
its lanes, or none when it is the same for every lane. An op whose operands are all unbatched
is copied as is; otherwise its batching rule (batch_rules.py) emits the batched op and says
where the result's lanes are, so the batch dimension moves only where an op needs it.
Results are moved to out_axes (or broadcast, when unbatched) at the end.
"""
from __future__ import annotations

from mlir import ir

from ..dialect import OPS
from . import batch_rules
from .batch_rules import materialize, move
from .registry import PassError, register
from .transforms import EXPANDERS, copy_op, expand, inline_body
from .verify import op_params
from .walk import PREFIX


@register("mlax-batch", "Expand vmap declarations into batched functions (callees first)")
def batch(module: ir.Operation):
    expand(module, ("vmap",))


def _vmap(decl, args, params, funcs):
    size = params["axis_size"]
    dim: dict = {a: ax for a, ax in zip(args, params["in_axes"])}

    def visit(op, operands):
        dims = [dim.get(v) for v in operands]
        if all(d is None for d in dims):
            return copy_op(op, operands).results
        name = op.name[len(PREFIX):]
        rule = batch_rules.BATCH.get(name)
        if rule is None:
            raise PassError(f"'{op.name}' has no batching rule; it cannot be used under vmap "
                            "yet", op.location)
        with op.location:
            try:
                out, d = rule(operands, dims, size, **op_params(op, OPS[name], resolve=None))
            except NotImplementedError as e:
                raise PassError(f"'{op.name}' cannot be batched: {e}", op.location) from None
        dim[out] = d
        return [out]

    outs = inline_body(funcs[params["callee"].name], args, funcs, visit)
    results = []
    for v, axis in zip(outs, params["out_axes"]):
        d = dim.get(v)
        if axis is None:
            if d is not None:
                raise PassError("an output with out_axes None is batched (it varies across "
                                "the mapped axis)", decl.location)
            results.append(v)
        else:
            results.append(materialize(v, size, axis) if d is None else move(v, d, axis))
    return results


EXPANDERS["vmap"] = _vmap
