"""`mlax-autodiff`: gives every `mlax.jvp`, `mlax.vjp` and `mlax.grad` declaration a body.

Forward mode walks the callee once, emitting each op's primal and, through its JVP rule
(ad_rules.py), its tangent. Reverse mode is direct adjoint generation: a forward sweep copies
the callee (every intermediate stays available as a residual, none is recomputed), then a
backward sweep applies VJP rules in reverse order, summing cotangents. Only values that
depend on a differentiated input ("active" values) get derivatives, so non-differentiable
code (integer indexing, comparisons, constants) needs no rules and costs nothing.

Calls of defined functions are differentiated through by inlining them on the fly. A
declaration is expanded only once nothing it reaches is an unexpanded declaration (callees
first), so nested transforms (grad of grad, jvp of grad) are one pass run to a fixed point.
"""
from __future__ import annotations

from mlir import ir

from ..dialect import OPS
from ..dialect import builders as B
from . import ad_rules
from .emit import add_any, aval, full_like, is_float, zeros_like
from .registry import PassError, register
from .transforms import (EXPANDERS, call_again, copy_op, declare, define, emit_call, expand,
                         inline_body)
from .verify import op_params
from .walk import PREFIX

AUTODIFF = ("jvp", "vjp", "grad")


@register("mlax-autodiff", "Expand jvp, vjp and grad declarations into derivative functions "
          "(callees first, to a fixed point)")
def autodiff(module: ir.Operation):
    expand(module, AUTODIFF)


def _jvp(decl, args, params, funcs):
    n = len(params["callee"].inputs)
    outs, tangents = Differentiator(funcs, "jvp").forward(funcs[params["callee"].name],
                                                         args[:n], args[n:])
    return outs + [t if t is not None else zeros_like(o) for t, o in zip(tangents, outs)]


def _vjp(decl, args, params, funcs):
    n = len(params["callee"].inputs)
    seeds = dict(enumerate(args[n:]))
    outs, cts = Differentiator(funcs, "vjp").reverse(funcs[params["callee"].name], args[:n],
                                                      seeds, range(n))
    return outs + [c if c is not None else zeros_like(p) for c, p in zip(cts, args[:n])]


def _grad(decl, args, params, funcs):
    argnums = params["argnums"]
    outs, cts = Differentiator(funcs, "grad").reverse(funcs[params["callee"].name], args,
                                                       {0: None}, argnums)   # seed: 1.0
    results = [c if c is not None else zeros_like(args[i]) for c, i in zip(cts, argnums)]
    return results + (outs[1:] if params.get("has_aux") else [])


EXPANDERS.update(jvp=_jvp, vjp=_vjp, grad=_grad)


class Differentiator:
    def __init__(self, funcs: dict, kind: str):
        self.funcs, self.kind = funcs, kind

    def _rule(self, table: dict, op: ir.Operation):
        name = op.name[len(PREFIX):]
        rule = table.get(name)
        if rule is None:
            mode = "forward-mode (jvp)" if table is ad_rules.JVP else "reverse-mode (vjp/grad)"
            opdef = OPS.get(name)
            what = "a control-flow or transform op" if opdef and opdef.declaration else "this op"
            raise PassError(f"'{op.name}' has no {mode} derivative rule; {what} cannot be "
                            f"differentiated yet (in {self.kind})", op.location)
        return rule, op_params(op, OPS[name], resolve=None)

    def _copy(self, f, inputs):
        """f's body copied as is (custom rules run undifferentiated, as JAX runs them)."""
        return inline_body(f, inputs, self.funcs, lambda op, operands: copy_op(op, operands).results)

    # ---------------------------------------------------------------------- modes
    def forward(self, f, primals, tangents):
        tangent = {p: (t if is_float(p) else None) for p, t in zip(primals, tangents)}

        def visit(op, operands):
            copy = copy_op(op, operands)
            ts = [tangent.get(v) for v in operands]
            out = copy.results[0]
            if is_float(out) and any(t is not None for t in ts) and \
                    op.name[len(PREFIX):] not in ad_rules.ZERO_DERIVATIVE:
                rule, params = self._rule(ad_rules.JVP, op)
                with op.location:
                    tangent[out] = rule(operands, ts, out, **params)
            return copy.results

        def custom(kind, syms, operands, call):
            ts = [tangent.get(v) for v in operands]
            if all(t is None for t in ts):
                return inline_body(self.funcs[syms["callee"]], operands, self.funcs, visit,
                                   custom=custom)
            if kind == "custom_vjp":
                raise PassError("can't apply forward-mode autodiff (jvp) to a custom_vjp "
                                "function", call.location)
            ts = [t if t is not None else zeros_like(v) for t, v in zip(ts, operands)]
            both = self._copy(self.funcs[syms["jvp"]], operands + ts)
            m = len(both) // 2
            tangent.update(zip(both[:m], both[m:]))
            return both[:m]

        def control(kind, params, operands, call):
            ts = [tangent.get(v) for v in operands]
            if all(t is None for t in ts):
                return call_again(call, operands)
            with call.location:
                rule = {"scan": _scan_jvp, "cond": _cond_jvp, "while": _while_jvp}[kind]
                outs, touts = rule(params, operands, ts, call)
            tangent.update(zip(outs, touts))
            return outs

        outs = inline_body(f, primals, self.funcs, visit, custom=custom, control=control)
        return outs, [tangent.get(o) for o in outs]

    def reverse(self, f, primals, seeds: dict, wrt):
        wrt = list(wrt)
        active = {primals[i] for i in wrt if is_float(primals[i])}
        tape = []            # (op, copy) of an op, or a backward function of a custom rule

        def visit(op, operands):
            copy = copy_op(op, operands)
            out = copy.results[0]
            if is_float(out) and any(v in active for v in operands) and \
                    op.name[len(PREFIX):] not in ad_rules.ZERO_DERIVATIVE:
                active.add(out)
                tape.append((op, copy))
            return copy.results

        def custom(kind, syms, operands, call):
            if not any(v in active for v in operands):
                return inline_body(self.funcs[syms["callee"]], operands, self.funcs, visit,
                                   custom=custom)
            if kind == "custom_vjp":
                both = self._copy(self.funcs[syms["fwd"]], operands)
                m = len(self.funcs[syms["callee"]].opview.type.results)
                outs, residuals = both[:m], both[m:]

                def backward(cts):
                    return self._copy(self.funcs[syms["bwd"]], residuals + cts)
            else:
                outs = self._copy(self.funcs[syms["callee"]], operands)

                def backward(cts):          # the jvp rule is linear in its tangents: transpose it
                    n = len(operands)
                    zeros = [zeros_like(v) for v in operands]
                    seeds = {len(outs) + j: c for j, c in enumerate(cts)}
                    inner = Differentiator(self.funcs, self.kind)
                    return inner.reverse(self.funcs[syms["jvp"]], operands + zeros, seeds,
                                         range(n, 2 * n))[1]
            active.update(o for o in outs if is_float(o))
            tape.append((call, (operands, outs, backward)))
            return outs

        def control(kind, params, operands, call):
            if not any(v in active for v in operands):
                return call_again(call, operands)
            if kind == "while":
                raise PassError("Reverse-mode differentiation does not work for "
                                "lax.while_loop or lax.fori_loop with dynamic start/stop "
                                "values ('mlax.while')", call.location)
            with call.location:
                outs, backward = (_scan_vjp if kind == "scan" else _cond_vjp)(
                    params, operands, call)
            active.update(o for o in outs if is_float(o))
            tape.append((call, (operands, outs, backward)))
            return outs

        outs = inline_body(f, primals, self.funcs, visit, custom=custom, control=control)
        ct: dict = {}
        for j, seed in seeds.items():
            if outs[j] in active:
                ct[outs[j]] = add_any(ct.get(outs[j]), seed if seed is not None
                                      else full_like(outs[j], 1.0))
        for op, entry in reversed(tape):
            if isinstance(entry, tuple):                 # a custom rule
                operands, results, backward = entry
                gs = [ct.pop(r, None) for r in results]
                if all(g is None for g in gs):
                    continue
                with op.location:
                    cts = backward([g if g is not None else zeros_like(r)
                                    for g, r in zip(gs, results)])
            else:
                operands, out = list(entry.operands), entry.results[0]
                g = ct.pop(out, None)
                if g is None:
                    continue
                rule, params = self._rule(ad_rules.VJP, op)
                with op.location:
                    cts = rule(g, operands, out, **params)
            for v, c in zip(operands, cts):
                if c is not None and v in active:
                    ct[v] = add_any(ct.get(v), c)
        return outs, [ct.get(primals[i]) for i in wrt]



# ---------------------------------------------------------------------------- loops
# A scan is differentiated through its body: a new scan runs a `mlax.jvp` declaration of
# the body (forward mode), or a forward scan saves each step's carry and a reverse scan
# runs a `mlax.vjp` declaration of the body over them (reverse mode). The declarations are
# expanded by the pass's next round.

def _split(params, values):
    k, c = params["num_consts"], params["num_carry"]
    return values[:k], values[k:k + c], values[k + c:]


def _step(avals, params):
    """Per-step input avals of a scan's body: scanned values lose their leading axis."""
    k, c = params["num_consts"], params["num_carry"]
    return [a if i < k + c else a._replace(shape=a.shape[1:]) for i, a in enumerate(avals)]


def _scan_jvp(params, operands, tangents, call):
    body = params["body"]
    ts = [t if t is not None else zeros_like(v) for t, v in zip(tangents, operands)]
    consts, carry, xs = _split(params, operands)
    tconsts, tcarry, txs = _split(params, ts)
    jvp = declare(call, f"{body.name}_jvp", "jvp", tuple(body.inputs) * 2, callee=body)
    k, c, m = len(consts), len(carry), len(body.outputs) - len(carry)

    def step(args):                 # (consts, tconsts, carry, tcarry, x, tx) in, like out
        a = iter([args[:k], args[k:2 * k], args[2 * k:2 * k + c], args[2 * k + c:2 * k + 2 * c],
                  args[2 * k + 2 * c:2 * k + 2 * c + len(xs)], args[2 * k + 2 * c + len(xs):]])
        cs, tcs, cy, tcy, x, tx = a
        outs = emit_call(jvp, cs + cy + x + tcs + tcy + tx)
        n = c + m
        return outs[:c] + outs[n:n + c] + outs[c:n] + outs[n + c:]
    new = consts + tconsts + carry + tcarry + xs + txs
    wrapper = define(call, f"{body.name}_jvp_step", _step([aval(v) for v in new], dict(
        params, num_consts=2 * k, num_carry=2 * c)), step)
    loop = declare(call, f"{body.name}_jvp_scan", "scan", [aval(v) for v in new], body=wrapper,
                   length=params["length"], reverse=params["reverse"], num_consts=2 * k,
                   num_carry=2 * c)
    res = emit_call(loop, new)
    return res[:c] + res[2 * c:2 * c + m], res[c:2 * c] + res[2 * c + m:]


def _scan_vjp(params, operands, call):
    """The forward scan (also stacking each step's carry) and the backward function."""
    body = params["body"]
    consts, carry, xs = _split(params, operands)
    k, c, m = len(consts), len(carry), len(body.outputs) - len(carry)

    def fwd_step(args):
        return emit_call(body, args) + args[k:k + c]      # outputs, then the carry it saw
    fwd_body = define(call, f"{body.name}_saving", list(body.inputs), fwd_step)
    fwd = declare(call, f"{body.name}_fwd_scan", "scan", [aval(v) for v in operands],
                  body=fwd_body, length=params["length"], reverse=params["reverse"],
                  num_consts=k, num_carry=c)
    res = emit_call(fwd, operands)
    outs, saved = res[:c + m], res[c + m:]

    def backward(cts):
        ct_carry, ct_ys = cts[:c], cts[c:]
        vjp = declare(call, f"{body.name}_vjp", "vjp", list(body.inputs) + list(body.outputs),
                      callee=body)

        def bwd_step(args):         # (consts, ct_carry, ct_consts, saved carry, x, ct_y)
            cs, gc, gk = args[:k], args[k:k + c], args[k + c:2 * k + c]
            rest = args[2 * k + c:]
            cy, x, gy = rest[:c], rest[c:c + len(xs)], rest[c + len(xs):]
            got = emit_call(vjp, cs + cy + x + gc + gy)[c + m:]   # cotangents of the inputs
            g_consts, g_carry, g_x = got[:k], got[k:k + c], got[k + c:]
            return g_carry + [B.add(a, b) for a, b in zip(gk, g_consts)] + g_x
        zeros = [zeros_like(v) for v in consts]
        new = consts + ct_carry + zeros + saved + xs + ct_ys
        bparams = dict(params, num_consts=k, num_carry=c + k)
        bwd_body = define(call, f"{body.name}_bwd_step", _step([aval(v) for v in new], bparams),
                          bwd_step)
        loop = declare(call, f"{body.name}_bwd_scan", "scan", [aval(v) for v in new],
                       body=bwd_body, length=params["length"], reverse=not params["reverse"],
                       num_consts=k, num_carry=c + k)
        got = emit_call(loop, new)
        return got[c:c + k] + got[:c] + got[c + k:]        # consts, carry, xs: operand order
    return outs, backward



# --------------------------------------------------------------------------- branches
# A switch is differentiated branch by branch: a new switch over `mlax.jvp` (or, backwards,
# `mlax.vjp`) declarations of the branches, at the same index.

def _cond_jvp(params, operands, tangents, call):
    index, args = operands[0], operands[1:]
    ts = [t if t is not None else zeros_like(v) for t, v in zip(tangents[1:], args)]
    branches = tuple(declare(call, f"{b.name}_jvp", "jvp", tuple(b.inputs) * 2, callee=b)
                     for b in params["branches"])
    new = [index] + args + ts
    sw = declare(call, f"{branches[0].name}_cond", "cond", [aval(v) for v in new],
                 branches=branches)
    res = emit_call(sw, new)
    m = len(res) // 2
    return res[:m], res[m:]


def _cond_vjp(params, operands, call):
    index, args = operands[0], operands[1:]
    outs = call_again(call, operands)

    def backward(cts):
        branches = tuple(declare(call, f"{b.name}_vjp", "vjp", tuple(b.inputs) + tuple(
            b.outputs), callee=b) for b in params["branches"])
        new = [index] + args + cts
        sw = declare(call, f"{branches[0].name}_cond", "cond", [aval(v) for v in new],
                     branches=branches)
        return [None] + emit_call(sw, new)[len(outs):]
    return outs, backward



def _while_jvp(params, operands, tangents, call):
    """A while loop carrying tangents beside the carry, its body the body's jvp; the
    predicate sees the primal carry only."""
    kc, kb = params["cond_nconsts"], params["body_nconsts"]
    ts = [t if t is not None else zeros_like(v) for t, v in zip(tangents, operands)]
    cconsts, bconsts, carry = operands[:kc], operands[kc:kc + kb], operands[kc + kb:]
    tb, tc = ts[kc:kc + kb], ts[kc + kb:]
    n, body = len(carry), params["body"]
    jvp = declare(call, f"{body.name}_jvp", "jvp", tuple(body.inputs) * 2, callee=body)
    cond = define(call, f"{params['cond'].name}_primal", [aval(v) for v in cconsts + carry + tc],
                  lambda args: emit_call(params["cond"], args[:kc + n]))

    def step(args):                 # (bconsts, tbconsts, carry, tcarry)
        bc, tbc, cy, tcy = args[:kb], args[kb:2 * kb], args[2 * kb:2 * kb + n], args[2 * kb + n:]
        return emit_call(jvp, bc + cy + tbc + tcy)
    body_fn = define(call, f"{body.name}_jvp_step", [aval(v) for v in bconsts + tb + carry + tc],
                     step)
    new = cconsts + bconsts + tb + carry + tc
    loop = declare(call, f"{body.name}_jvp_while", "while", [aval(v) for v in new], cond=cond,
                   body=body_fn, cond_nconsts=kc, body_nconsts=2 * kb)
    res = emit_call(loop, new)
    return res[:n], res[n:]
