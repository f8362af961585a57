"""`lax.scan`, `fori_loop`, `while_loop`, `cond`, `switch` and `map`, as JAX spells them.

Bodies are traced once into functions of the module being built; values they close over
become explicit constant operands (a wrapper function puts them first, as the dialect's
`mlax.scan`/`mlax.while`/`mlax.cond` declarations order them). The CPU backend loops over the
compiled bodies. Outside any trace they run jitted, like the transforms.
"""
from __future__ import annotations

import operator


from . import core, tree_util
from .staging import as_arrays, aval_of, name_of, staged, trace_function
from .jit import abstractify


def _leaves(tree, what):
    leaves, treedef = tree_util.tree_flatten(tree)
    return as_arrays(leaves, what), treedef


def _consts_first(ft, n_args, description):
    """A function taking (captured constants..., arguments...) that calls ft."""
    trace = core.current_trace()
    consts = list(ft.captures)
    w = trace.module.function(f"{ft.name}_wrapped", [c.aval for c in consts] + ft.in_avals,
                              [f"constant {i}" for i in range(len(consts))] +
                              [f"argument {i}" for i in range(n_args)], description,
                              private=True)
    with w:
        k = len(consts)
        w.finish(w.call(ft.signature, w.args[k:] + w.args[:k],
                        [a.weak_type for a in ft.out_avals]))
    return w, consts


def _same_types(got, expected, what):
    for g, e in zip(got, expected):
        if (g.shape, g.dtype) != (e.shape, e.dtype):
            raise TypeError(f"{core.user_frame_text()}{what} must have equal types (shapes and "
                            f"dtypes), but they differ: {e.str_short()} and {g.str_short()}")


# -------------------------------------------------------------------------------- scan

def scan(f, init, xs=None, length=None, reverse=False, unroll=1, _split_transpose=False):
    """Loops f(carry, x) -> (carry, y) over the leading axis of xs; returns (carry, ys)."""
    return _scan_staged(f, init, xs, length, bool(reverse))


def _scan(f, init, xs, length, reverse):
    carry, carry_tree = _leaves(init, "the scan carry")
    x_leaves, x_tree = _leaves(xs, "the scanned values")
    sizes = {abstractify(x).shape[0] if abstractify(x).ndim else None for x in x_leaves}
    if None in sizes:
        raise ValueError("scan got a scalar to scan over; scanned values need a leading axis")
    if length is not None:
        sizes.add(operator.index(length))
    if len(sizes) > 1:
        raise ValueError(f"scan got values with different leading axis sizes: "
                         f"{', '.join(str(s) for s in sorted(sizes))}")
    if not sizes:
        raise ValueError("scan got no values to scan over and `length` not provided.")
    n = sizes.pop()
    c_avals = [abstractify(c) for c in carry]
    x_avals = [abstractify(x)._replace(shape=abstractify(x).shape[1:]) for x in x_leaves]
    y_tree = []

    def body(args):
        c = tree_util.tree_unflatten(carry_tree, args[:len(carry)])
        x = tree_util.tree_unflatten(x_tree, args[len(carry):])
        out = f(c, x)
        if not (isinstance(out, (tuple, list)) and len(out) == 2):
            raise TypeError("scan body output must be a pair (carry, y)")
        new, ys = _leaves(out[0], "the scan carry"), _leaves(out[1], "scan outputs")
        if new[1] != carry_tree:
            raise TypeError(f"scan body function carry input and carry output must have the "
                            f"same pytree structure, but they differ: {carry_tree} and {new[1]}")
        _same_types([abstractify(v) for v in new[0]], c_avals,
                    "scan body function carry input and carry output")
        y_tree.append(ys[1])
        return new[0] + ys[0]

    names = [f"carry {i}" for i in range(len(carry))] + [f"x {i}" for i in range(len(x_leaves))]
    ft = trace_function(f, c_avals + x_avals, names, f"scan({name_of(f)})", body)
    w, consts = _consts_first(ft, len(names), f"scan({name_of(f)})")
    trace = core.current_trace()
    inputs = consts + carry + x_leaves
    decl = trace.module.declare("scan", f"{ft.name}_scan", [aval_of(v) for v in inputs],
                                body=w.signature, length=n, reverse=bool(reverse),
                                num_consts=len(consts), num_carry=len(carry))
    results = trace.call(decl, inputs, [a.weak_type for a in ft.out_avals])
    return (tree_util.tree_unflatten(carry_tree, results[:len(carry)]),
            tree_util.tree_unflatten(y_tree[0], results[len(carry):]))


_scan_staged = staged(_scan, static_argnums=(0, 3, 4))


def map(f, xs, batch_size=None):
    """f applied to each slice of xs along its leading axis, results stacked."""
    return scan(lambda _, x: ((), f(x)), (), xs)[1]


def fori_loop(lower, upper, body_fun, init_val, unroll=None):
    """body_fun(i, val) for i in [lower, upper): a scan when the bounds are concrete."""
    try:
        lo, hi = operator.index(lower), operator.index(upper)
    except TypeError:
        def cond_fun(c):
            return c[0] < c[1]

        def body(c):
            return (c[0] + 1, c[1], body_fun(c[0], c[2]))
        return while_loop(cond_fun, body, (lower, upper, init_val))[2]
    from . import numpy as jnp
    (_, out), _ = scan(lambda c, _: ((c[0] + 1, body_fun(c[0], c[1])), None),
                       (jnp.asarray(lo, dtype=jnp.int32), init_val), None,
                       length=max(hi - lo, 0))
    return out


# -------------------------------------------------------------------------- while

def while_loop(cond_fun, body_fun, init_val):
    """Repeats body_fun while cond_fun(val) holds; returns the final val."""
    return _while_staged(cond_fun, body_fun, init_val)


def _while(cond_fun, body_fun, init_val):
    carry, tree = _leaves(init_val, "the while_loop carry")
    avals = [abstractify(c) for c in carry]
    names = [f"carry {i}" for i in range(len(carry))]

    def cond_body(args):
        out, _ = _leaves(cond_fun(tree_util.tree_unflatten(tree, args)), "the condition")
        if len(out) != 1 or abstractify(out[0]).shape != () or abstractify(out[0]).dtype != "bool":
            raise TypeError("while_loop cond_fun must return a boolean scalar, got "
                            + ", ".join(abstractify(o).str_short() for o in out))
        return out

    def body(args):
        new, new_tree = _leaves(body_fun(tree_util.tree_unflatten(tree, args)),
                                "the while_loop carry")
        if new_tree != tree:
            raise TypeError(f"body_fun output and input must have identical types: the pytree "
                            f"structures differ, {tree} and {new_tree}")
        _same_types([abstractify(v) for v in new], avals, "body_fun output and input")
        return new

    cf = trace_function(cond_fun, avals, names, f"while_loop({name_of(cond_fun)})", cond_body)
    bf = trace_function(body_fun, avals, names, f"while_loop({name_of(body_fun)})", body)
    cw, cconsts = _consts_first(cf, len(names), "while_loop cond")
    bw, bconsts = _consts_first(bf, len(names), "while_loop body")
    trace = core.current_trace()
    inputs = cconsts + bconsts + carry
    decl = trace.module.declare("while", f"{bf.name}_while", [aval_of(v) for v in inputs],
                                cond=cw.signature, body=bw.signature,
                                cond_nconsts=len(cconsts), body_nconsts=len(bconsts))
    results = trace.call(decl, inputs, [a.weak_type for a in bf.out_avals])
    return tree_util.tree_unflatten(tree, results)


_while_staged = staged(_while, static_argnums=(0, 1))


# ---------------------------------------------------------------------- cond / switch

def switch(index, branches, *operands):
    """branches[clamp(index)](*operands)."""
    return _switch_staged(index, tuple(branches), *operands)


def cond(pred, true_fun, false_fun, *operands, operand=None):
    """true_fun(*operands) if pred else false_fun(*operands)."""
    if operand is not None:
        operands = (operand,)
    from . import numpy as jnp
    p = jnp.asarray(pred)
    if p.shape != ():
        raise TypeError(f"cond pred must be a scalar, got {p.aval.str_short()}")
    return switch(jnp.where(p, 1, 0) if p.aval.dtype == "bool" else (p != 0).astype(jnp.int32),
                  (false_fun, true_fun), *operands)


def _switch(index, branches, *operands):
    from . import numpy as jnp
    from . import lax
    index = lax.convert_element_type(jnp.asarray(index), "int32")
    leaves, tree = _leaves(operands, "the branch operands")
    avals = [abstractify(v) for v in leaves]
    names = [f"operand {i}" for i in range(len(leaves))]
    out_trees, traced = [], []
    for b in branches:
        def body(args, b=b):
            out, out_tree = _leaves(b(*tree_util.tree_unflatten(tree, args)), "branch outputs")
            out_trees.append(out_tree)
            return out
        traced.append(trace_function(b, avals, names, f"switch branch {name_of(b)}", body))
    for t, ft in zip(out_trees[1:], traced[1:]):
        if t != out_trees[0]:
            raise TypeError(f"branches must return the same pytree structure, got "
                            f"{out_trees[0]} and {t}")
        _same_types(ft.out_avals, traced[0].out_avals, "branch outputs")
    trace = core.current_trace()
    consts = [c for ft in traced for c in ft.captures]     # every branch takes them all
    wrappers, start = [], 0
    for ft in traced:
        k = len(ft.captures)
        w = trace.module.function(f"{ft.name}_branch", avals + [c.aval for c in consts],
                                  names + [f"constant {i}" for i in range(len(consts))],
                                  ft.description, private=True)
        with w:
            mine = w.args[len(avals) + start:len(avals) + start + k]
            w.finish(w.call(ft.signature, w.args[:len(avals)] + mine,
                            [a.weak_type for a in ft.out_avals]))
        wrappers.append(w.signature)
        start += k
    inputs = [index] + leaves + consts
    decl = trace.module.declare("cond", f"{traced[0].name}_switch", [aval_of(v) for v in inputs],
                                branches=tuple(wrappers))
    results = trace.call(decl, inputs, [a.weak_type for a in traced[0].out_avals])
    return tree_util.tree_unflatten(out_trees[0], results)


__all__ = ["scan", "map", "fori_loop", "while_loop", "cond", "switch"]


_switch_staged = staged(_switch, static_argnums=(1,))
