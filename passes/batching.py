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
from ..dialect import builders as B
from . import batch_rules
from .batch_rules import materialize, move
from .emit import aval, full_like, zeros_like
from .registry import PassError, register
from .transforms import (EXPANDERS, call_again, copy_op, declare, define, emit_call, expand,
                         inline_body)
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

    outs = inline_body(funcs[params["callee"].name], args, funcs, visit,
                       control=lambda kind, p, operands, call: _control(
                           kind, p, operands, call, dim, size))
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


# ------------------------------------------------------------------------ control flow
# A loop or branch batches by batching its body: the body becomes a new `mlax.vmap`
# declaration (expanded in the pass's next round) and the loop a new declaration calling it.

def _control(kind, params, operands, call, dim, size):
    dims = [dim.get(v) for v in operands]
    if all(d is None for d in dims):
        return call_again(call, operands)
    with call.location:
        if kind == "scan":
            outs, out_dims = _scan(params, operands, dims, size, call)
        elif kind == "cond":
            outs, out_dims = _cond(params, operands, dims, size, call)
        else:
            outs, out_dims = _while(params, operands, dims, size, call)
    dim.update(zip(outs, out_dims))
    return outs


def _lanes_first(v, d, size):
    """(value with its lanes at dimension 0, its in_axes entry): unbatched values stay."""
    return (v, None) if d is None else (move(v, d, 0), 0)


def _vmapped(call, body, avals, in_axes, size):
    return declare(call, f"{body.name}_vmap", "vmap", avals, callee=body,
                   in_axes=tuple(in_axes), out_axes=(0,) * len(body.outputs), axis_size=size)


def _scan(params, operands, dims, size, call):
    k, c = params["num_consts"], params["num_carry"]
    new, axes, step = [], [], []
    for i, (v, d) in enumerate(zip(operands, dims)):
        if k <= i < k + c:                       # every carry is batched: a fixed point
            v, a = (materialize(v, size, 0) if d is None else move(v, d, 0)), 0
            step.append(aval(v))
        elif i >= k + c:                         # scanned: lanes second, first per step
            v, a = (v, None) if d is None else (move(v, d, 1), 0)
            step.append(aval(v)._replace(shape=aval(v).shape[1:]))
        else:
            v, a = _lanes_first(v, d, size)
            step.append(aval(v))
        new.append(v)
        axes.append(a)
    body = _vmapped(call, params["body"], step, axes, size)
    loop = declare(call, f"{params['body'].name}_batched_scan", "scan", [aval(v) for v in new],
                   body=body, length=params["length"], reverse=params["reverse"],
                   num_consts=k, num_carry=c)
    outs = emit_call(loop, new)
    return outs, [0] * c + [1] * (len(outs) - c)


def _cond(params, operands, dims, size, call):
    (index, *args), (di, *adims) = operands, dims
    pairs = [_lanes_first(v, d, size) for v, d in zip(args, adims)]
    args, axes = [p[0] for p in pairs], [p[1] for p in pairs]
    branches = [_vmapped(call, b, [aval(v) for v in args], axes, size)
                for b in params["branches"]]
    if di is None:                               # every lane takes the same branch
        decl = declare(call, f"{branches[0].name}_cond", "cond",
                       [aval(index)] + [aval(v) for v in args], branches=tuple(branches))
        outs = emit_call(decl, [index] + args)
        return outs, [0] * len(outs)
    # a branch per lane: run them all, then pick per lane (as JAX does)
    results = [emit_call(b, args) for b in branches]
    idx = move(index, di, 0)
    idx = B.max(B.min(idx, full_like(idx, len(branches) - 1)), zeros_like(idx))
    outs = []
    for j, last in enumerate(results[-1]):
        out = last
        for i in range(len(branches) - 2, -1, -1):
            mask = B.compare(idx, full_like(idx, i), comparison_direction="EQ")
            mask = B.broadcast_in_dim(mask, shape=aval(out).shape, broadcast_dimensions=(0,))
            out = B.select(mask, results[i][j], out)
        outs.append(out)
    return outs, [0] * len(outs)



def _while(params, operands, dims, size, call):
    """Loops while any lane's predicate holds; lanes already done keep their carry (JAX's
    semantics for a batched predicate)."""
    kc, kb = params["cond_nconsts"], params["body_nconsts"]
    pairs = [_lanes_first(v, d, size) for v, d in zip(operands[:kc + kb], dims[:kc + kb])]
    carry = [materialize(v, size, 0) if d is None else move(v, d, 0)
             for v, d in zip(operands[kc + kb:], dims[kc + kb:])]
    cconsts, bconsts = [p[0] for p in pairs[:kc]], [p[0] for p in pairs[kc:]]
    caxes, baxes = [p[1] for p in pairs[:kc]], [p[1] for p in pairs[kc:]]
    n = len(carry)
    vcond = _vmapped(call, params["cond"], [aval(v) for v in cconsts + carry],
                     caxes + [0] * n, size)
    vbody = _vmapped(call, params["body"], [aval(v) for v in bconsts + carry],
                     baxes + [0] * n, size)

    def any_lane(args):
        (pred,) = emit_call(vcond, args)
        return [B.reduce_or(pred, axes=(0,))]

    def step(args):
        cc, bc, state = args[:kc], args[kc:kc + kb], args[kc + kb:]
        (pred,) = emit_call(vcond, cc + state)
        new = emit_call(vbody, bc + state)
        return [B.select(B.broadcast_in_dim(pred, shape=aval(v).shape, broadcast_dimensions=(0,)),
                         w, v) for v, w in zip(state, new)]
    cond_fn = define(call, f"{params['cond'].name}_any", [aval(v) for v in cconsts + carry],
                     any_lane)
    body_fn = define(call, f"{params['body'].name}_masked",
                     [aval(v) for v in cconsts + bconsts + carry], step)
    loop = declare(call, f"{params['body'].name}_batched_while", "while",
                   [aval(v) for v in cconsts + cconsts + bconsts + carry], cond=cond_fn,
                   body=body_fn, cond_nconsts=kc, body_nconsts=kc + kb)
    outs = emit_call(loop, cconsts + cconsts + bconsts + carry)
    return outs, [0] * n
