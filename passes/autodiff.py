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
from . import ad_rules
from .emit import add_any, full_like, is_float, zeros_like
from .registry import PassError, register
from .transforms import EXPANDERS, copy_op, expand, inline_body
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

        outs = inline_body(f, primals, self.funcs, visit, custom=custom)
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

        outs = inline_body(f, primals, self.funcs, visit, custom=custom)
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
