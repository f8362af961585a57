"""The autodiff API, as JAX spells it: grad, value_and_grad, jvp, vjp, linearize.

Each transform traces the user's function into a function of the module being built, then
emits a call of a `mlax.grad`/`mlax.jvp`/`mlax.vjp` declaration naming it; the
`mlax-autodiff` pass gives the declaration its body. Outside any trace, a transformed function
is traced anew at each call, as JAX's are, and compiled once per distinct traced program.
"""
from __future__ import annotations

import functools
import operator

from . import core, dtypes, tree_util
from .jit import abstractify, leaf_names, positional_names
from .staging import aval_of, as_arrays, name_of, retraced, trace_callee

_INEXACT = dtypes.D.FLOATS


def _argnum_leaves(args, argnums):
    """Flat leaf indices of the positional arguments `argnums` (kwargs are never
    differentiated), and the tree of each."""
    sizes = [tree_util.tree_structure(a).num_leaves for a in args]
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    out = []
    for i in argnums:
        if not -len(args) <= i < len(args):
            raise ValueError(f"argnums {i} is out of range for {len(args)} positional arguments")
        i %= len(args)
        out.append(list(range(starts[i], starts[i] + sizes[i])))
    return out


def _check_scalar(out, what="Gradient"):
    aval = abstractify(out)
    if aval.shape != ():
        raise TypeError(f"{core.user_frame_text()}{what} only defined for scalar-output "
                        f"functions. Output had shape: {aval.shape}")
    if aval.dtype not in _INEXACT:
        raise TypeError(f"{core.user_frame_text()}{what} only defined for real-valued outputs "
                        f"(a float dtype), but the output has dtype {aval.dtype}")


# ------------------------------------------------------------------------------- grad

def value_and_grad(fun, argnums=0, has_aux=False, holomorphic=False, allow_int=False,
                   reduce_axes=()):
    """fun's value and its gradient with respect to the positional arguments `argnums`."""
    single = isinstance(argnums, int)
    nums = (argnums,) if single else tuple(operator.index(i) for i in argnums)
    return _value_and_gradstaged(fun, nums, single, has_aux)


@functools.lru_cache(maxsize=256)
def _value_and_gradstaged(fun, nums, single, has_aux):
    """One staged function per (fun, argnums, has_aux); called outside a trace it is
    retraced each call and compiled once per distinct program (jit.call_retraced)."""
    def transformed(*args, **kwargs):
        groups = _argnum_leaves(args, nums)
        wrt = [i for g in groups for i in g]
        aux_tree = []

        def finish(out):
            if has_aux:
                if not (isinstance(out, (tuple, list)) and len(out) == 2):
                    raise TypeError("with has_aux=True, the function must return a pair "
                                    "(output, auxiliary data)")
                out, aux = out
            else:
                aux = None
            _check_scalar(out)
            aux_leaves, tree = tree_util.tree_flatten(aux)
            aux_tree.append(tree)
            out = as_arrays([out], "the output")[0]
            return [out, out] + as_arrays(aux_leaves, "auxiliary outputs")

        leaves = tree_util.tree_leaves((args, kwargs))
        for i in wrt:
            dtype = abstractify(leaves[i]).dtype
            if dtype not in _INEXACT:
                name = leaf_names(positional_names(fun), args, kwargs)[i]
                raise TypeError(f"{core.user_frame_text()}grad requires real-valued inputs "
                                f"(a float dtype), but got {dtype} for argument {name!r}; "
                                "use vjp for integer inputs")
        trace, ft, leaves = trace_callee(fun, args, kwargs, f"grad({name_of(fun)})", finish)
        inputs = list(leaves) + list(ft.captures)
        decl = trace.module.declare("grad", f"{ft.name}_grad", [aval_of(x) for x in inputs],
                                    callee=ft.signature, argnums=tuple(wrt), has_aux=True)
        weak = [aval_of(inputs[i]).weak_type for i in wrt] + [a.weak_type for a in ft.out_avals[1:]]
        results = trace.call(decl, inputs, weak)
        grads, value, aux = results[:len(wrt)], results[len(wrt)], results[len(wrt) + 1:]
        in_trees = [tree_util.tree_structure(args[i % len(args)]) for i in nums]
        it = iter(grads)
        per_arg = [tree_util.tree_unflatten(t, [next(it) for _ in range(t.num_leaves)])
                   for t in in_trees]
        g = per_arg[0] if single else tuple(per_arg)
        if has_aux:
            return (value, tree_util.tree_unflatten(aux_tree[0], aux)), g
        return value, g

    return retraced(functools.wraps(fun)(transformed))


def grad(fun, argnums=0, has_aux=False, holomorphic=False, allow_int=False, reduce_axes=()):
    """The gradient of scalar-valued `fun` with respect to the arguments `argnums`."""
    vg = value_and_grad(fun, argnums, has_aux)

    @functools.wraps(fun)
    def g(*args, **kwargs):
        out, grads = vg(*args, **kwargs)
        return (grads, out[1]) if has_aux else grads
    return g




# -------------------------------------------------------------------------- jvp / vjp

def jvp(fun, primals, tangents, has_aux=False):
    """(fun(*primals), the directional derivative of fun at primals along tangents)."""
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("primal and tangent arguments to jvp must be tuples or lists")
    p_leaves, p_tree = tree_util.tree_flatten(tuple(primals))
    t_leaves, t_tree = tree_util.tree_flatten(tuple(tangents))
    if p_tree != t_tree:
        raise TypeError(f"primal and tangent arguments to jvp must have the same tree "
                        f"structure, got {p_tree} and {t_tree}")
    for p, t in zip(p_leaves, t_leaves):
        pa, ta = abstractify(p), abstractify(t)
        if pa.shape != ta.shape:
            raise ValueError(f"jvp called with different primal and tangent shapes; got "
                             f"primal shape {pa.shape} and tangent shape {ta.shape}")
        if pa.dtype != ta.dtype:
            raise TypeError(f"primal and tangent arguments to jvp must have equal types, got "
                            f"{pa.str_short()} and {ta.str_short()}")
    return _jvpstaged(fun, has_aux)(tuple(primals), tuple(tangents))


@functools.lru_cache(maxsize=256)
def _jvpstaged(fun, has_aux):
    def transformed(primals, tangents):
        out_tree, aux_box = [], []

        def finish(out):
            if has_aux:
                out, aux = out
                aux_box.append(tree_util.tree_flatten(aux))
            leaves, tree = tree_util.tree_flatten(out)
            out_tree.append(tree)
            aux_leaves = aux_box[0][0] if has_aux else []
            return as_arrays(leaves, "outputs") + as_arrays(aux_leaves, "auxiliary outputs")

        trace, ft, leaves = trace_callee(fun, primals, {}, f"jvp({name_of(fun)})", finish)
        n_out = out_tree[0].num_leaves
        callee = ft.signature
        from .numpy import zeros_like
        inputs = list(leaves) + list(ft.captures)
        t_inputs = as_arrays(tree_util.tree_leaves(tangents), "tangents") + [
            zeros_like(c) for c in ft.captures]
        decl = trace.module.declare("jvp", f"{ft.name}_jvp",
                                    [aval_of(x) for x in inputs + t_inputs], callee=callee)
        weak = [a.weak_type for a in ft.out_avals]
        results = trace.call(decl, inputs + t_inputs, weak + weak)
        m = len(ft.out_avals)
        outs, touts = results[:n_out], results[m:m + n_out]
        primal_out = tree_util.tree_unflatten(out_tree[0], outs)
        tangent_out = tree_util.tree_unflatten(out_tree[0], touts)
        if has_aux:
            aux = tree_util.tree_unflatten(aux_box[0][1], results[n_out:m])
            return primal_out, tangent_out, aux
        return primal_out, tangent_out
    return retraced(transformed)


def _as_primals(primals) -> tuple:
    """The primals as arrays: fun sees arrays, as under JAX's vjp, never Python scalars."""
    leaves, tree = tree_util.tree_flatten(tuple(primals))
    return tree_util.tree_unflatten(tree, as_arrays(leaves, "primal arguments"))


def linearize(fun, *primals):
    """(fun(*primals), a function mapping tangents to jvp's output tangents)."""
    primals = _as_primals(primals)
    out = fun(*primals)

    def f_jvp(*tangents):
        return jvp(fun, primals, tangents)[1]
    return out, f_jvp


def vjp(fun, *primals, has_aux=False):
    """(fun(*primals), pullback): pullback(cotangent) gives cotangents of the primals."""
    primals = _as_primals(primals)
    out = fun(*primals)
    if has_aux:
        out, aux = out
    out_leaves, out_tree = tree_util.tree_flatten(out)
    out_avals = [abstractify(o) for o in out_leaves]
    pull = _vjpstaged(fun, has_aux)

    def pullback(cotangent):
        ct_leaves, ct_tree = tree_util.tree_flatten(cotangent)
        if ct_tree != out_tree:
            raise TypeError(f"the cotangent must have the structure of the output, "
                            f"{out_tree}, got {ct_tree}")
        for c, a in zip(ct_leaves, out_avals):
            ca = abstractify(c)
            if (ca.shape, ca.dtype) != (a.shape, a.dtype):
                raise ValueError(f"the cotangent {ca.str_short()} does not match the output "
                                f"{a.str_short()}")
        return pull(tuple(primals), cotangent)

    return (out, pullback, aux) if has_aux else (out, pullback)


@functools.lru_cache(maxsize=256)
def _vjpstaged(fun, has_aux):
    def transformed(primals, cotangent):
        def finish(out):
            if has_aux:
                out = out[0]
            return as_arrays(tree_util.tree_leaves(out), "outputs")

        trace, ft, leaves = trace_callee(fun, primals, {}, f"vjp({name_of(fun)})", finish)
        inputs = list(leaves) + list(ft.captures)
        cts = as_arrays(tree_util.tree_leaves(cotangent), "cotangents")
        decl = trace.module.declare("vjp", f"{ft.name}_vjp",
                                    [aval_of(x) for x in inputs + cts], callee=ft.signature)
        weak = [a.weak_type for a in ft.out_avals] + [aval_of(x).weak_type for x in inputs]
        results = trace.call(decl, inputs + cts, weak)
        in_cts = results[len(ft.out_avals):len(ft.out_avals) + len(leaves)]
        return tree_util.tree_unflatten(tree_util.tree_structure(primals), in_cts)
    return retraced(transformed)


# -------------------------------------------------------------------------- jacobians

def _basis(leaves):
    """The standard basis of the flattened leaves: per leaf, an array (n,) + leaf shape."""
    from . import numpy as jnp
    avals = [abstractify(x) for x in leaves]
    sizes = [a.size for a in avals]
    n = sum(sizes)
    dtype = avals[0].dtype if avals else "float32"
    eye = jnp.eye(n, dtype=dtype)
    out, start = [], 0
    for a, s in zip(avals, sizes):
        out.append(jnp.reshape(eye[:, start:start + s], (n,) + a.shape))
        start += s
    return out, sizes


def _split_last(x, sizes, shapes):
    """x of shape S + (n,) split along the last axis into pieces reshaped to S + shape_i."""
    from . import numpy as jnp
    out, start = [], 0
    for s, shape in zip(sizes, shapes):
        out.append(jnp.reshape(x[..., start:start + s], x.shape[:-1] + shape))
        start += s
    return out


def _jac(fun, argnums, has_aux, forward: bool):
    from .vmap import vmap
    from . import numpy as jnp
    single = isinstance(argnums, int)
    nums = (argnums,) if single else tuple(argnums)

    def jacobian(*args):
        x = tuple(args[i] for i in nums)

        def partial(*xs):
            full = list(args)
            for i, v in zip(nums, xs):
                full[i] = v
            return fun(*full)

        x_leaves, x_tree = tree_util.tree_flatten(x)
        x_shapes = [abstractify(v).shape for v in x_leaves]
        for v in x_leaves:
            if abstractify(v).dtype not in _INEXACT:
                raise TypeError(f"{core.user_frame_text()}{'jacfwd' if forward else 'jacrev'} "
                                f"requires real-valued inputs, got {abstractify(v).dtype}")
        aux = None
        if forward:
            basis, sizes = _basis(x_leaves)

            def pushfwd(*t_leaves):
                out = jvp(partial, x, tree_util.tree_unflatten(x_tree, t_leaves),
                          has_aux=has_aux)
                return out[1] if not has_aux else (out[1], out[2])
            cols = vmap(pushfwd, out_axes=-1)(*basis)
            if has_aux:
                cols, aux = cols
                aux = tree_util.tree_map(lambda a: a[..., 0], aux)
            y_leaves, y_tree = tree_util.tree_flatten(cols)
            per_y = [tree_util.tree_unflatten(x_tree, _split_last(c, sizes, x_shapes))
                     for c in y_leaves]
        else:
            res = vjp(partial, *x, has_aux=has_aux)
            out, pullback = res[0], res[1]
            aux = res[2] if has_aux else None
            y_leaves, y_tree = tree_util.tree_flatten(out)
            basis, sizes = _basis(y_leaves)
            y_shapes = [abstractify(v).shape for v in y_leaves]

            def pullback_flat(*ct_leaves):
                return pullback(tree_util.tree_unflatten(y_tree, ct_leaves))
            rows = vmap(pullback_flat)(*basis)                  # per x leaf: (m,) + x shape
            rows = tree_util.tree_leaves(rows)
            per_y = []
            start = 0
            for s, shape in zip(sizes, y_shapes):
                pieces = [jnp.reshape(r[start:start + s], shape + xs)
                          for r, xs in zip(rows, x_shapes)]
                per_y.append(tree_util.tree_unflatten(x_tree, pieces))
                start += s
        if single:
            per_y = [p[0] for p in per_y]
        result = tree_util.tree_unflatten(y_tree, per_y)
        return (result, aux) if has_aux else result

    return functools.wraps(fun)(jacobian)


def jacfwd(fun, argnums=0, has_aux=False, holomorphic=False):
    """The Jacobian of `fun` by forward mode: vmap of jvp over the input basis."""
    return _jac(fun, argnums, has_aux, forward=True)


def jacrev(fun, argnums=0, has_aux=False, holomorphic=False, allow_int=False):
    """The Jacobian of `fun` by reverse mode: vmap of the pullback over the output basis."""
    return _jac(fun, argnums, has_aux, forward=False)


def hessian(fun, argnums=0, has_aux=False, holomorphic=False):
    """jacfwd(jacrev(fun)), as JAX defines it."""
    return jacfwd(jacrev(fun, argnums, has_aux), argnums, has_aux)
