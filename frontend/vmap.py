"""`mlax.vmap`, as JAX spells it: the callee is traced once, per lane, into a function of
the module being built, and called through a `mlax.vmap` declaration that the `mlax-batch`
pass expands. Outside any trace, a vmapped function is retraced at each call (as JAX's
is) and compiled once per distinct traced program.
"""
from __future__ import annotations

import functools

from . import core, tree_util
from .staging import as_arrays, aval_of, name_of, retraced, trace_function
from .avals import ShapedArray
from .jit import abstractify, leaf_names, positional_names


def _leaf_axes(prefix, tree, what: str) -> list:
    """One axis (int or None) per leaf of `tree`, from an axes prefix tree (JAX's rule)."""
    out = []

    def walk(p, t, path):
        if p is None or isinstance(p, int):
            out.extend([p] * tree_util.tree_structure(t).num_leaves)
        elif isinstance(p, (tuple, list)) and isinstance(t, (tuple, list)) and len(p) == len(t):
            for i, (pi, ti) in enumerate(zip(p, t)):
                walk(pi, ti, f"{path}[{i}]")
        elif isinstance(p, dict) and isinstance(t, dict) and p.keys() == t.keys():
            for k in sorted(p):
                walk(p[k], t[k], f"{path}[{k!r}]")
        else:
            raise ValueError(f"vmap {what} specification must be a tree prefix of the "
                             f"corresponding value, got {p!r} for {what} at {path or 'the top'} "
                             f"with structure {tree_util.tree_structure(t)}")
    walk(prefix, tree, "")
    return out


def _canonical(axis, aval: ShapedArray, name: str):
    if axis is None:
        return None
    if not -aval.ndim <= axis < aval.ndim:
        raise ValueError(f"vmap was requested to map its argument {name} along axis {axis}, "
                         f"which implies that its rank should be at least {max(axis, -axis - 1) + 1}"
                         f", but is only {aval.ndim} (its shape is {aval.shape})")
    return axis % aval.ndim


def vmap(fun, in_axes=0, out_axes=0, axis_name=None, axis_size=None, spmd_axis_name=None):
    """Maps `fun` over an axis of its arguments (in_axes) and stacks results (out_axes)."""
    if isinstance(in_axes, list):
        in_axes = tuple(in_axes)
    if not (in_axes is None or isinstance(in_axes, (int, tuple, dict))):
        raise TypeError(f"vmap in_axes must be an int, None, or a tuple of entries "
                        f"corresponding to the positional arguments, got {in_axes!r}")

    @functools.wraps(fun)
    def transformed(*args, **kwargs):
        if isinstance(in_axes, tuple) and len(in_axes) != len(args):
            raise ValueError(f"vmap in_axes must be an int, None, or a tuple of entries "
                             f"corresponding to the positional arguments passed to the "
                             f"function, but got len(in_axes)={len(in_axes)}, "
                             f"len(args)={len(args)}")
        leaves = tree_util.tree_leaves((args, kwargs))
        axes = _leaf_axes(in_axes, args, "in_axes") + [0] * (len(leaves) - len(
            tree_util.tree_leaves(args)))                       # keyword arguments: axis 0
        names = leaf_names(positional_names(fun), args, kwargs)
        avals = [abstractify(x) for x in leaves]
        axes = [_canonical(a, av, n) for a, av, n in zip(axes, avals, names)]
        size = _axis_size(axes, avals, names, axis_size)
        return _batched_call(fun, args, kwargs, axes, size, out_axes)

    return retraced(transformed)


def _axis_size(axes, avals, names, axis_size):
    sizes = {av.shape[a] for a, av in zip(axes, avals) if a is not None}
    if axis_size is not None:
        sizes.add(axis_size)
    if not sizes:
        raise ValueError("vmap must have at least one non-None value in in_axes")
    if len(sizes) > 1:
        lines = [f"  * one axis had size {av.shape[a]}: axis {a} of argument {n} of type "
                 f"{av.str_short()}" for a, av, n in zip(axes, avals, names) if a is not None]
        if axis_size is not None:
            lines.append(f"  * axis_size was {axis_size}")
        raise ValueError("vmap got inconsistent sizes for array axes to be mapped:\n"
                         + ";\n".join(lines))
    return sizes.pop()


def _unmapped(aval: ShapedArray, axis) -> ShapedArray:
    if axis is None:
        return aval
    return aval._replace(shape=aval.shape[:axis] + aval.shape[axis + 1:])


def _batched_call(fun, args, kwargs, axes, size, out_axes):
    trace = core.current_trace()
    leaves, in_tree = tree_util.tree_flatten((args, kwargs))
    lane_avals = [_unmapped(abstractify(x), a) for x, a in zip(leaves, axes)]
    names = leaf_names(positional_names(fun), args, kwargs)
    outs = []

    def body(arguments):
        a, k = tree_util.tree_unflatten(in_tree, arguments)
        outs.append(fun(*a, **k))
        return as_arrays(tree_util.tree_leaves(outs[0]), "outputs of a vmapped function")
    unbatched = [x if a is None else None for x, a in zip(leaves, axes)]  # values known per lane
    ft = trace_function(fun, lane_avals, names, f"vmap({name_of(fun)})", body, unbatched)
    out = outs[0]
    out_tree = tree_util.tree_structure(out)
    o_axes = _leaf_axes(out_axes, out, "out_axes")
    o_axes = [None if ax is None else ax % (av.ndim + 1) for ax, av in zip(o_axes, ft.out_avals)]
    inputs = list(leaves) + list(ft.captures)
    in_axes = tuple(axes) + (None,) * len(ft.captures)
    decl = trace.module.declare("vmap", f"{ft.name}_vmap", [aval_of(x) for x in inputs],
                                callee=ft.signature, in_axes=in_axes, out_axes=tuple(o_axes),
                                axis_size=size)
    results = trace.call(decl, inputs, [a.weak_type for a in ft.out_avals])
    return tree_util.tree_unflatten(out_tree, results)
