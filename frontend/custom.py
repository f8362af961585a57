"""`custom_jvp` and `custom_vjp`: user-defined derivative rules, as in JAX.

Called outside any trace, the function just runs. Inside one, the function and its rules are
traced into functions of the module and called through a `mlax.custom_jvp`/`mlax.custom_vjp`
declaration; the autodiff pass uses the rules (a custom_jvp rule is transposed for reverse
mode), and any other pass calls the function itself.
"""
from __future__ import annotations

import functools

from . import core, tree_util
from .staging import as_arrays, name_of, trace_function
from .jit import abstractify, leaf_names, positional_names


def _trace(fun, avals, names, description, body):
    ft = trace_function(fun, avals, names, description, body)
    if ft.captures:
        raise TypeError(f"{core.user_frame_text()}{description} closes over traced values; "
                        "pass them to the function as arguments instead")
    return ft


class _Custom:
    def __init__(self, fun, nondiff_argnums=()):
        if nondiff_argnums:
            raise NotImplementedError("nondiff_argnums of custom_jvp/custom_vjp is not "
                                      "supported yet; close over such values instead")
        functools.update_wrapper(self, fun)
        self.fun = fun
        self._in_rule = 0          # rules that call the function get the function itself

    def _tracing_rule(self, fn):
        def traced(*args, **kwargs):
            self._in_rule += 1
            try:
                return fn(*args, **kwargs)
            finally:
                self._in_rule -= 1
        return traced

    def _inputs(self, args):
        leaves, in_tree = tree_util.tree_flatten(args)
        leaves = as_arrays(leaves, "arguments of a custom-derivative function")
        return leaves, in_tree, [abstractify(x) for x in leaves], leaf_names(
            positional_names(self.fun), args, {})

    def _primal(self, in_tree, avals, names, out_tree_box):
        def body(args):
            out = self.fun(*tree_util.tree_unflatten(in_tree, args))
            leaves, tree = tree_util.tree_flatten(out)
            out_tree_box.append(tree)
            return as_arrays(leaves, "outputs")
        return _trace(self.fun, avals, names, f"{type(self).__name__}({name_of(self.fun)})",
                      body)


class custom_jvp(_Custom):
    """f = custom_jvp(f); @f.defjvp def f_jvp(primals, tangents): return out, tangent_out."""

    def __init__(self, fun, nondiff_argnums=()):
        super().__init__(fun, nondiff_argnums)
        self.jvp = None

    def defjvp(self, jvp, symbolic_zeros=False):
        self.jvp = jvp
        return jvp

    def defjvps(self, *jvps):
        """One rule per argument: jvp_i(tangent_i, answer, *primals) -> its contribution."""
        def jvp(primals, tangents):
            ans = self.fun(*primals)
            parts = [j(t, ans, *primals) for j, t in zip(jvps, tangents) if j is not None]
            return ans, tree_util.tree_map(lambda *xs: sum(xs[1:], xs[0]), *parts)
        self.jvp = jvp

    def __call__(self, *args):
        if self.jvp is None:
            raise AttributeError(f"No JVP defined for custom_jvp function {name_of(self.fun)} "
                                 "using defjvp.")
        if not core._TRACES or self._in_rule:
            return self.fun(*args)
        leaves, in_tree, avals, names = self._inputs(args)
        out_tree = []
        ft = self._primal(in_tree, avals, names, out_tree)
        n = len(leaves)

        def rule(args):
            primals = tree_util.tree_unflatten(in_tree, args[:n])
            tangents = tree_util.tree_unflatten(in_tree, args[n:])
            out, t_out = self._tracing_rule(self.jvp)(primals, tangents)
            out_leaves, tree = tree_util.tree_flatten(out)
            t_leaves, t_tree = tree_util.tree_flatten(t_out)
            if tree != out_tree[0] or t_tree != out_tree[0]:
                raise TypeError(f"the custom_jvp rule of {name_of(self.fun)} must return "
                                f"(output, tangent) with the output's structure {out_tree[0]}")
            return as_arrays(out_leaves + t_leaves, "outputs of the jvp rule")
        jt = _trace(self.jvp, avals + avals, names + [f"tangent of {x}" for x in names],
                    f"the custom_jvp rule of {name_of(self.fun)}", rule)
        trace = core.current_trace()
        decl = trace.module.declare("custom_jvp", f"{ft.name}_custom_jvp", avals,
                                    callee=ft.signature, jvp=jt.signature)
        results = trace.call(decl, leaves, [a.weak_type for a in ft.out_avals])
        return tree_util.tree_unflatten(out_tree[0], results)


class custom_vjp(_Custom):
    """f = custom_vjp(f); f.defvjp(fwd, bwd): fwd(*args) -> (out, residuals),
    bwd(residuals, cotangent) -> a tuple with one cotangent per argument (None for zero)."""

    def __init__(self, fun, nondiff_argnums=()):
        super().__init__(fun, nondiff_argnums)
        self.fwd = self.bwd = None

    def defvjp(self, fwd, bwd, symbolic_zeros=False):
        self.fwd, self.bwd = fwd, bwd

    def __call__(self, *args):
        if self.fwd is None:
            raise AttributeError(f"No VJP defined for custom_vjp function {name_of(self.fun)} "
                                 "using defvjp.")
        if not core._TRACES or self._in_rule:
            return self.fun(*args)
        leaves, in_tree, avals, names = self._inputs(args)
        out_tree = []
        ft = self._primal(in_tree, avals, names, out_tree)
        res_tree = []

        def fwd(args):
            out, res = self._tracing_rule(self.fwd)(*tree_util.tree_unflatten(in_tree, args))
            out_leaves, tree = tree_util.tree_flatten(out)
            if tree != out_tree[0]:
                raise TypeError(f"the custom_vjp forward rule of {name_of(self.fun)} must return "
                                f"(output, residuals) with the output's structure {out_tree[0]}")
            res_leaves, rtree = tree_util.tree_flatten(res)
            res_tree.append(rtree)
            return as_arrays(out_leaves + res_leaves, "outputs of the forward rule")
        fw = _trace(self.fwd, avals, names, f"the custom_vjp forward rule of {name_of(self.fun)}",
                    fwd)
        m = len(ft.out_avals)
        res_avals = fw.out_avals[m:]

        def bwd(args):
            res = tree_util.tree_unflatten(res_tree[0], args[:len(res_avals)])
            ct = tree_util.tree_unflatten(out_tree[0], args[len(res_avals):])
            cts = self._tracing_rule(self.bwd)(res, ct)
            if not isinstance(cts, (tuple, list)) or len(cts) != len(args_tuple):
                raise TypeError(f"the custom_vjp backward rule of {name_of(self.fun)} must return "
                                f"a tuple with one cotangent per argument ({len(args_tuple)})")
            from .numpy import zeros_like
            flat = []
            for c, a in zip(cts, args_tuple):
                flat += tree_util.tree_leaves(tree_util.tree_map(zeros_like, a)) if c is None \
                    else tree_util.tree_leaves(c)
            return as_arrays(flat, "outputs of the backward rule")
        args_tuple = tree_util.tree_unflatten(in_tree, leaves)
        bw = _trace(self.bwd, res_avals + ft.out_avals, [f"residual {i}" for i in range(
            len(res_avals))] + [f"cotangent {i}" for i in range(m)],
            f"the custom_vjp backward rule of {name_of(self.fun)}", bwd)
        trace = core.current_trace()
        decl = trace.module.declare("custom_vjp", f"{ft.name}_custom_vjp", avals,
                                    callee=ft.signature, fwd=fw.signature, bwd=bw.signature)
        results = trace.call(decl, leaves, [a.weak_type for a in ft.out_avals])
        return tree_util.tree_unflatten(out_tree[0], results)
